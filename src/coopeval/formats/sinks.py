"""Write results as they come: JSON, JSONL, CSV, or an XLSX workbook of four sheets.

Every writer takes one item at a time (a scorecard's `Evaluation`, or one
record's results under several programmes) and keeps nothing per row, so a
batch of any size is written in constant memory. The XLSX workbook of a
scorecard (openpyxl's write-only mode) has: results (one row per cooperative),
explanation (one row per item per cooperative), errors, and the summary;
numbers are stored as numbers, headers are Vietnamese unless asked for English.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import IO, Any, Protocol

from coopeval.engine import CompiledRuleSet, Evaluation
from coopeval.engine.results import ProgrammeResult
from coopeval.errors import UsageError
from coopeval.report import Summariser, Summary, message, to_dict
from coopeval.report.columns import csv_header, csv_line, programme_csv_header, programme_csv_row
from coopeval.report.text import share_label
from coopeval.ruleset.scorecard import Scorecard

__all__ = [
    "TEXT_FORMATS",
    "CsvSink",
    "JsonListSink",
    "JsonlSink",
    "Sink",
    "TextSink",
    "XlsxSink",
    "programme_csv",
    "scorecard_csv",
    "summary_rows",
    "text_sink",
    "write_summary_xlsx",
]

#: What a sink takes: a scorecard result, or one record under several programmes.
Item = Evaluation | Sequence[ProgrammeResult]


class Sink(Protocol):
    """Where results go, one at a time."""

    def write(self, item: Any) -> None: ...

    def close(self) -> None: ...


class TextSink(Sink, Protocol):
    """A sink that writes each item as a piece of text: the item's text may be made elsewhere.

    ``write(item)`` is ``write_text(text(item))``, so a worker process that makes
    the text with the same sink class writes exactly what this process would.
    """

    def text(self, item: Any) -> str: ...

    def write_text(self, text: str) -> None: ...


#: The JSON form of an item: `coopeval.report.to_dict`, or a command's own.
Form = Callable[[Any], dict[str, Any]]


class JsonlSink:
    """One JSON object per line, with the field names of the output contract."""

    def __init__(self, out: IO[str], form: Form = to_dict) -> None:
        self.out = out
        self.form = form

    def text(self, item: Item) -> str:
        return json.dumps(self.form(item), ensure_ascii=False) + "\n"

    def write_text(self, text: str) -> None:
        self.out.write(text)

    def write(self, item: Item) -> None:
        self.write_text(self.text(item))

    def close(self) -> None:
        self.out.flush()


class JsonListSink:
    """A JSON list written item by item, so a big batch is never held whole."""

    def __init__(self, out: IO[str], form: Form = to_dict) -> None:
        self.out = out
        self.form = form
        self.first = True
        out.write("[")

    def text(self, item: Item) -> str:
        return json.dumps(self.form(item), ensure_ascii=False, indent=2)

    def write_text(self, text: str) -> None:
        self.out.write(("\n" if self.first else ",\n") + text)
        self.first = False

    def write(self, item: Item) -> None:
        self.write_text(self.text(item))

    def close(self) -> None:
        self.out.write("\n]\n")
        self.out.flush()


class CsvSink:
    """One flat row per record, under the columns of the output contract.

    ``line`` gives an item's values in the order of ``columns``; ``header=False``
    writes rows only (a part of a file written elsewhere).
    """

    def __init__(
        self,
        out: IO[str],
        columns: list[str],
        line: Callable[[Any], list[str]],
        *,
        header: bool = True,
    ) -> None:
        if header:
            csv.writer(out).writerow(columns)
        self.line = line
        self.out = out
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer)

    def text(self, item: Any) -> str:
        """The CSV line of ``item``, quoted as `csv.writer` quotes it."""
        self.writer.writerow(self.line(item))
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text

    def write_text(self, text: str) -> None:
        self.out.write(text)

    def write(self, item: Any) -> None:
        self.write_text(self.text(item))

    def close(self) -> None:
        self.out.flush()


def scorecard_csv(out: IO[str], rules: CompiledRuleSet[Any], *, header: bool = True) -> CsvSink:
    """A CSV sink of scorecard results: identity, result, classes, points per item, errors."""
    return CsvSink(out, csv_header(rules), csv_line, header=header)


def programme_csv(
    out: IO[str], programmes: Sequence[CompiledRuleSet[Any]], *, header: bool = True
) -> CsvSink:
    """A CSV sink of records under programmes: outcome, missing, not met, amounts, errors."""
    columns = programme_csv_header(programmes)

    def line(item: Sequence[ProgrammeResult]) -> list[str]:
        row = programme_csv_row(item)
        return [row.get(column, "") for column in columns]

    return CsvSink(out, columns, line, header=header)


#: The formats whose rows are pieces of text (`TextSink`): a parallel run can make them.
TEXT_FORMATS = ("csv", "jsonl", "json")


def text_sink(
    fmt: str,
    rule_sets: Sequence[CompiledRuleSet[Any]],
    out: IO[str] | None = None,
    *,
    header: bool = True,
    form: Form = to_dict,
) -> TextSink:
    """The sink of ``fmt`` (one of `TEXT_FORMATS`) for results under ``rule_sets``.

    CSV has the columns of a scorecard for one scorecard, else those of programmes.
    ``out`` ``None``: the sink writes nowhere; only its ``text`` is of use.
    """
    target = io.StringIO() if out is None else out
    if fmt == "csv":
        if len(rule_sets) == 1 and rule_sets[0].kind == "scorecard":
            return scorecard_csv(target, rule_sets[0], header=header)
        return programme_csv(target, rule_sets, header=header)
    if fmt == "jsonl":
        return JsonlSink(target, form)
    if fmt == "json":
        return JsonListSink(target, form)
    msg = f"no text sink for {fmt!r}: use one of {', '.join(TEXT_FORMATS)}"
    raise UsageError(msg)


class XlsxSink:
    """A workbook with results, explanation, errors and summary sheets."""

    def __init__(
        self, path: str, rules: CompiledRuleSet[Any], lang: str, summariser: Summariser
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
        self.notes: list[str] = []
        self.book = Workbook(write_only=True)
        sheet = self.book.create_sheet
        self.results = sheet(self.word("sheets", "results"))
        self.explanation = sheet(self.word("sheets", "explanation"))
        self.errors = sheet(self.word("sheets", "errors"))
        self.summary = sheet(self.word("sheets", "summary"))
        self.scorecard = rules.ruleset.scorecard
        self.labels = {item.id: item.label.get(lang) for item in self.scorecard.items}
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
        head += [f"{item.id} {self.labels[item.id]}" for item in self.scorecard.items]
        head += [f"{self.word('columns', 'group')} {g.id}" for g in self.scorecard.groups]
        head += self._columns("total", "rating")
        head += [a.label.get(self.lang) for a in self.scorecard.classifications]
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
        row += [points.get(item.id) for item in self.scorecard.items]
        row += [groups.get(g.id) for g in self.scorecard.groups]
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

    def columns(self, lines: Sequence[str]) -> None:
        """What the file's columns were read as (and the rows skipped), for the summary sheet."""
        self.notes = list(lines)

    def close(self) -> None:
        for row in summary_rows(self.summariser.results(), self.scorecard, self.lang):
            self.summary.append(row)
        if self.notes:
            self.summary.append([])
            self.summary.append([message("plan", "title", self.lang, source=self.path)])
            for line in self.notes:
                self.summary.append([line])
        self.book.save(self.path)


def summary_rows(summaries: Sequence[Summary], scorecard: Scorecard, lang: str) -> list[list[Any]]:
    """The summaries as rows of (group, measure, kind, value), then who is under the target."""

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
        figures = [(word("summary", "mean"), "", s.mean), (word("summary", "median"), "", s.median)]
        figures += [(share_label(scorecard, x.ratings, lang), "%", x.value) for x in s.shares]
        for label, unit, value in figures:
            rows.append([group, label, unit, None if value is None else value.quantize(_CENT)])
    first = summaries[0]
    rows.append([])
    rows.append([message("summary", "under_target", lang, edge=first.edge)])
    rows.append(
        [word("columns", k) for k in ("id", "name", "group", "total")]
        + [message("columns", "distance", lang, edge=first.edge)]
    )
    rows += [[u.id, u.name, u.group, u.total, u.distance] for u in first.under]
    return rows


_CENT = Decimal("0.01")


def write_summary_xlsx(
    path: str, summaries: Sequence[Summary], scorecard: Scorecard, lang: str
) -> None:
    """A workbook holding only the summary sheet."""
    try:
        from openpyxl import Workbook
    except ImportError as exc:
        msg = "writing .xlsx needs openpyxl: pip install 'coopeval[xlsx]'"
        raise UsageError(msg) from exc
    book = Workbook(write_only=True)
    sheet = book.create_sheet(message("sheets", "summary", lang))
    for row in summary_rows(summaries, scorecard, lang):
        sheet.append(row)
    book.save(path)


def _number(value: str | None) -> Any:
    if value is None:
        return None
    return int(value) if value.isdigit() else value
