"""Write results as they come: CSV, JSONL, or an XLSX workbook of four sheets.

Every writer takes one `Evaluation` at a time and keeps nothing per row, so a
batch of any size is written in constant memory. The XLSX workbook (openpyxl's
write-only mode) has: results (one row per cooperative), explanation (one row
per item per cooperative), errors, and the summary; numbers are stored as
numbers, headers are Vietnamese unless asked for English.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import IO, Any, Protocol

from coopeval.compiler import CompiledRuleSet
from coopeval.errors import UsageError
from coopeval.explain import message
from coopeval.output import csv_header, csv_row, to_dict
from coopeval.results import Evaluation
from coopeval.summary import Summariser, Summary

__all__ = ["CsvSink", "JsonlSink", "Sink", "XlsxSink", "summary_rows", "write_summary_xlsx"]


class Sink(Protocol):
    """Where results go, one at a time."""

    def write(self, ev: Evaluation) -> None: ...

    def close(self) -> None: ...


class JsonlSink:
    """One JSON object per line, with the field names of the output contract."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def write(self, ev: Evaluation) -> None:
        self.out.write(json.dumps(to_dict(ev), ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.out.flush()


class CsvSink:
    """One flat row per record: identity, result, classes, points per item, errors."""

    def __init__(self, out: IO[str], rules: CompiledRuleSet) -> None:
        self.writer = csv.DictWriter(out, fieldnames=csv_header(rules), extrasaction="ignore")
        self.writer.writeheader()
        self.out = out

    def write(self, ev: Evaluation) -> None:
        self.writer.writerow(csv_row(ev))

    def close(self) -> None:
        self.out.flush()


class XlsxSink:
    """A workbook with results, explanation, errors and summary sheets."""

    def __init__(
        self, path: str, rules: CompiledRuleSet, lang: str, summariser: Summariser
    ) -> None:
        try:
            from openpyxl import Workbook
        except ImportError as exc:
            msg = "writing .xlsx needs openpyxl: pip install 'coopeval[xlsx]'"
            raise UsageError(msg) from exc
        self.path = path
        self.rules = rules
        self.lang = lang
        self.summariser = summariser
        self.book = Workbook(write_only=True)
        sheet = self.book.create_sheet
        self.results = sheet(self.word("sheets", "results"))
        self.explanation = sheet(self.word("sheets", "explanation"))
        self.errors = sheet(self.word("sheets", "errors"))
        self.summary = sheet(self.word("sheets", "summary"))
        self.labels = {item.id: item.label.get(lang) for item in rules.ruleset.items}
        self.results.append(self._results_header())
        self.explanation.append(
            self._columns(
                "id",
                "item",
                "label",
                "measure",
                "band_lower",
                "band_upper",
                "points",
                "max",
                "source",
                "rule_status",
                "citation",
            )
        )
        self.errors.append(
            self._columns("id", "row", "column", "field", "value", "message", "allowed")
        )

    def word(self, section: str, key: str) -> str:
        return message(section, key, self.lang)

    def _columns(self, *keys: str) -> list[str]:
        return [self.word("columns", k) for k in keys]

    def _results_header(self) -> list[str]:
        head = self._columns("id", "name", "province", "district", "year", "status")
        head += [f"{item.id} {self.labels[item.id]}" for item in self.rules.ruleset.items]
        head += [f"{self.word('columns', 'group')} {g}" for g in self.rules.group_ids]
        head += self._columns("total", "rating")
        head += [a.label.get(self.lang) for a in self.rules.ruleset.classifications]
        head += self._columns("missing", "at_stake", "discrepancies", "not_rated_reason", "row")
        return head

    def write(self, ev: Evaluation) -> None:
        meta = dict(ev.meta)
        points = {i.id: i.points for i in ev.items}
        groups = {g.id: g.points for g in ev.groups}
        row: list[Any] = [
            ev.id,
            meta.get("name"),
            meta.get("province"),
            meta.get("district"),
            _number(meta.get("year")),
            ev.status,
        ]
        row += [points.get(item.id) for item in self.rules.ruleset.items]
        row += [groups.get(g) for g in self.rules.group_ids]
        row += [ev.total, ev.rating]
        row += [value for _, value in ev.classification]
        row += [
            ";".join(m.item for m in ev.missing) or None,
            ev.points_at_stake if ev.missing else None,
            ";".join(f"{d.item}:{d.difference}" for d in ev.discrepancies) or None,
            ev.not_rated_reason,
            ev.row,
        ]
        self.results.append(row)
        for item in ev.items:
            self.explanation.append(
                [
                    ev.id,
                    item.id,
                    self.labels[item.id],
                    item.measure,
                    item.band_lower,
                    item.band_upper,
                    item.points,
                    item.max,
                    item.source,
                    item.status,
                    item.citation,
                ]
            )
        for issue in ev.errors:
            self.errors.append(
                [
                    ev.id,
                    ev.row,
                    issue.column or None,
                    issue.field,
                    issue.value,
                    issue.message,
                    issue.allowed or None,
                ]
            )
        self.summariser.add(ev)

    def close(self) -> None:
        for row in summary_rows(self.summariser.results(), self.lang):
            self.summary.append(row)
        self.book.save(self.path)


def summary_rows(summaries: Sequence[Summary], lang: str) -> list[list[Any]]:
    """The summaries as rows of (group, measure, kind, value), then the list under 80."""

    def word(section: str, key: str) -> str:
        return message(section, key, lang)

    everyone = message("eligibility", "all", lang)
    rows: list[list[Any]] = [[word("columns", k) for k in ("group", "metric", "key", "count")]]
    for s in summaries:
        group = s.group or everyone
        rows += [
            [group, word("summary", "records"), "", s.records],
            [group, word("summary", "rated"), "", s.rated],
        ]
        rows += [[group, word("summary", "by_status"), status, n] for status, n in s.statuses]
        rows += [[group, word("summary", "by_rating"), rating, n] for rating, n in s.ratings]
        for axis, counts in s.classes:
            rows += [[group, axis, value, n] for value, n in counts]
        for key in ("mean", "median", "share_tot", "share_tot_kha"):
            value = getattr(s, key)
            rows.append(
                [
                    group,
                    word("summary", key),
                    "%" if key.startswith("share") else "",
                    None if value is None else value.quantize(Decimal("0.01")),
                ]
            )
    rows.append([])
    rows.append([word("summary", "under_80")])
    rows.append([word("columns", k) for k in ("id", "name", "group", "total", "distance")])
    rows += [[u.id, u.name, u.group, u.total, u.distance] for u in summaries[0].under_80]
    return rows


def write_summary_xlsx(path: str, summaries: Sequence[Summary], lang: str) -> None:
    """A workbook holding only the summary sheet."""
    try:
        from openpyxl import Workbook
    except ImportError as exc:
        msg = "writing .xlsx needs openpyxl: pip install 'coopeval[xlsx]'"
        raise UsageError(msg) from exc
    book = Workbook(write_only=True)
    sheet = book.create_sheet(message("sheets", "summary", lang))
    for row in summary_rows(summaries, lang):
        sheet.append(row)
    book.save(path)


def _number(value: str | None) -> Any:
    if value is None:
        return None
    return int(value) if value.isdigit() else value
