"""Read a support-plan table (CSV, XLSX, JSON) into `PlanLine`s, with the record readers.

Officers' sheets work as elsewhere: title rows above the header, Vietnamese
headers (``plan_headers.toml``), units in brackets (``Nhu cầu (triệu đồng)`` is
read in millions and kept in đồng), decimal commas. A line whose cooperative or
content cell is blank or says ``Tổng cộng`` / ``Cộng`` is a total (the province,
every content); the checks compare it with the lines under it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from coopeval.errors import RecordError
from coopeval.formats.headers import Entry, totals_words
from coopeval.formats.plan import ColumnPlan, Planner
from coopeval.formats.readers import read_records
from coopeval.formats.rows import Format, RawRecord, Skipped, Unreadable
from coopeval.messages import said
from coopeval.records.support_plan import PlanLine, PlanTable
from coopeval.records.values import Invalid, fold, parser
from coopeval.ruleset.base import Input, Text
from coopeval.ruleset.money import MoneyChecks

__all__ = ["plan_inputs", "read_support_plan"]

_TEXTS = ("table", "cooperative", "cooperative_name", "content", "source")


def read_support_plan(
    path: str,
    checks: MoneyChecks,
    *,
    fmt: Format | None = None,
    header_map: Mapping[str, Entry] | None = None,
    sheet: str | None = None,
    on_plan: Callable[[ColumnPlan], None] | None = None,
) -> PlanTable:
    """Every line of the support-plan file ``path``, typed, in file order.

    Args:
        fmt: the file's format when its suffix does not tell.
        header_map: extra headers (`coopeval.formats.headers.load_header_map`).
        sheet: the XLSX sheet to read (default: the first).
        on_plan: told the spreadsheet's column plan (what each column is read as).

    Raises:
        RecordError: the file cannot be read, or a row cannot (a cell that is not a
            number, a source or table not declared), naming the row and column.
        UsageError: a column's unit does not fit its field (a percentage on an amount).
    """
    headers = {**_header_words(checks), **(header_map or {})}
    planner = Planner(plan_inputs(checks), header_map=headers)
    lines: list[PlanLine] = []
    skipped: list[tuple[int, str]] = []
    for item in read_records(path, fmt, planner=planner, sheet=sheet):
        if isinstance(item, ColumnPlan):
            if on_plan is not None:
                on_plan(item)
        elif isinstance(item, RawRecord):
            lines.append(_line(item, checks, path))
        elif isinstance(item, Unreadable):
            raise RecordError(said("money.unreadable", path=path, row=item.row, reason=item.reason))
        elif isinstance(item, Skipped):
            skipped.append((item.row, item.word))
    if not lines:
        raise RecordError(said("records.no_records", path=path))
    return PlanTable(path, tuple(lines), tuple(skipped))


def plan_inputs(checks: MoneyChecks) -> list[Input]:
    """The fields a support-plan table may have, as declared inputs (labels match headers)."""
    found = [Input(name, "text", _label(name)) for name in _TEXTS]
    found += [Input(name, "decimal", _label(name), unit="VND") for name in checks.figures()]
    found += [Input(s.id, "decimal", s.label, unit="%") for s in checks.shares]
    return found


def _label(name: str) -> Text:
    base, _, year = name.partition("_")
    words = _words()["fields"]
    if year.isdigit():
        template = words[f"{base}_year"]
        return Text(template[0].format(year=year), template[-1].format(year=year))
    return Text(words[name][0], words[name][-1])


def _header_words(checks: MoneyChecks) -> dict[str, Entry]:
    """Every header of ``plan_headers.toml`` → its field, a template for each year."""
    found: dict[str, Entry] = {}
    for field, headers in _words()["fields"].items():
        for header in headers:
            if field.endswith("_year"):
                base = field.removesuffix("_year")
                found.update({header.format(year=y): f"{base}_{y}" for y in checks.years})
            else:
                found[header] = field
    return found


def _line(record: RawRecord, checks: MoneyChecks, path: str) -> PlanLine:
    data = record.data
    texts = {name: _text(data.get(name)) for name in _TEXTS}
    source = _code(texts["source"], [(s.code, s.label, s.words) for s in checks.sources])
    if source is None:
        _refuse(record, path, "source", data.get("source"), [s.code for s in checks.sources])
    table = _code(
        texts["table"], [(t.code, t.label, (*t.words, t.cite.vi, t.cite.en)) for t in checks.tables]
    )
    if table is None and texts["table"] is not None:
        _refuse(record, path, "table", data.get("table"), [t.code for t in checks.tables])
    figures: dict[str, Decimal] = {}
    for spec in plan_inputs(checks)[len(_TEXTS) :]:
        raw = data.get(spec.name)
        if _text(raw) is None and not isinstance(raw, Decimal | int):
            continue
        try:
            figures[spec.name] = parser(spec)(raw, record.cells, record.powers.get(spec.name, 0))
        except (Invalid, ValueError) as exc:
            where = record.columns.get(spec.name, spec.name)
            reason = exc.args[0] if exc.args else str(exc)
            msg = said(
                "money.bad_cell",
                path=path,
                row=record.row,
                column=where,
                value=repr(raw),
                reason=reason,
            )
            raise RecordError(msg) from exc
    line = data.get("id", data.get("line"))
    return PlanLine(
        table=table or "",
        line=_line_text(line),
        row=record.row,
        cooperative=_total_or(texts["cooperative"]),
        content=_total_or(texts["content"]),
        source=source or "",
        figures=figures,
        columns={k: v for k, v in record.columns.items() if k in figures},
    )


def _refuse(record: RawRecord, path: str, field: str, value: Any, known: list[str]) -> None:
    where = record.columns.get(field, field)
    msg = said(
        "money.unknown_word",
        path=path,
        row=record.row,
        column=where,
        value=repr(value),
        known=", ".join(known),
    )
    raise RecordError(msg)


def _code(text: str | None, known: list[tuple[str, Text, tuple[str, ...]]]) -> str | None:
    """The code a cell's text means: the code itself, a label, or one of the words."""
    if text is None:
        return None
    wanted = fold(text)
    for code, label, words in known:
        if wanted in {fold(w) for w in (code, label.vi, label.en, *words)}:
            return code
    return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _total_or(text: str | None) -> str | None:
    """``None`` for a blank cell or a totals word (the line is a total), else the text."""
    return None if text is None or fold(text) in totals_words() else text


def _line_text(value: Any) -> str:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return _text(value) or ""


@cache
def _words() -> dict[str, Any]:
    text = (Path(__file__).parent / "plan_headers.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)
