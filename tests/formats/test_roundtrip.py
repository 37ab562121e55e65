"""Generated rows written to CSV, JSONL or XLSX read back and score: nothing lost or changed.

For any list of generated tt01-2020 rows (ids unique, some rows made invalid on
purpose), writing them to a file and scoring it gives exactly one output row per
input row, in the same order, each invalid row an error naming the bad field; and
`coopeval.sources.read_records` reads back the values as written.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

import coopeval
from coopeval.cli import main
from coopeval.formats import ColumnPlan, RawRecord, read_records
from coopeval.records.numbers import parse_number
from coopeval.testing import records

RULES = coopeval.load("tt01-2020")
INPUTS = {spec.name: spec for spec in RULES.ruleset.inputs}
#: Columns of every written file: the id, then every tt01-2020 input.
COLUMNS = ["id", *INPUTS]
MONEY = [name for name, spec in INPUTS.items() if spec.unit == "VND"]
PERCENT = [name for name, spec in INPUTS.items() if spec.unit == "%"]

#: Small examples, so the whole file runs in seconds.
FEW = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Ways to spoil a row: (field, value written, error code expected), per file kind.
#: ``None`` as the value leaves the cell empty. In JSON, "1.234" is a plain decimal,
#: not an ambiguous spreadsheet cell, so it spoils nothing there and is not listed.
SPOILERS: dict[str, tuple[tuple[str, Any, str], ...]] = {
    "cells": (
        ("members", "mười hai", "type"),
        ("revenue", "-5", "range"),
        ("year", None, "required"),
        ("total_capital_open", "1.234", "type"),
        ("profit_before_tax", "NaN", "type"),
        ("member_needs_met_pct", "101", "range"),
    ),
    "xlsx": (
        ("members", "mười hai", "type"),
        ("revenue", -5, "range"),
        ("year", None, "required"),
        ("total_capital_open", "1.234", "type"),
        ("profit_before_tax", "NaN", "type"),
        ("member_needs_met_pct", 101, "range"),
    ),
    "json": (
        ("members", "mười hai", "type"),
        ("revenue", -5, "range"),
        ("year", None, "required"),
        ("profit_before_tax", "NaN", "type"),
        ("member_needs_met_pct", 101, "range"),
    ),
}


def batches(form: str, spoilers: str) -> st.SearchStrategy[list[tuple[dict[str, Any], Any]]]:
    """Lists of up to 20 rows with unique ids, each paired with its spoiler or None."""
    one = st.tuples(
        records(RULES, form="text" if form == "text" else "typed"),
        st.one_of(st.none(), st.sampled_from(SPOILERS[spoilers])),
    )
    return st.lists(one, min_size=1, max_size=20, unique_by=lambda pair: str(pair[0]["id"]))


def _spoilt(rows: Sequence[tuple[dict[str, Any], Any]]) -> list[dict[str, Any]]:
    """The rows with each spoiler applied (an empty cell for ``None``)."""
    out = []
    for record, spoiler in rows:
        row = dict(record)
        if spoiler is not None:
            row[spoiler[0]] = spoiler[1]
        out.append(row)
    return out


def _expected(rows: Sequence[tuple[dict[str, Any], Any]]) -> list[tuple[str, str, list[Any]]]:
    """(id, status, [(field, code)]) per row: ok, or an error naming the spoilt field."""
    return [
        (str(r["id"]), "ok", []) if s is None else (str(r["id"]), "error", [(s[0], s[2])])
        for r, s in rows
    ]


def _results(path: Path) -> list[dict[str, Any]]:
    """Score a file with the command line; the JSONL rows, without the source file name."""
    out = path.with_suffix(".out.jsonl")

    code = main(["score", str(path), "--format", "jsonl", "--output", str(out)])

    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (1 if any(r["status"] == "error" for r in rows) else 0) == code
    return [
        {k: v for k, v in r.items() if k != "source"} | {"row": r["source"]["row"]} for r in rows
    ]


def _outline(rows: Sequence[Mapping[str, Any]]) -> list[tuple[str, str, list[Any]]]:
    """(id, status, [(field, code)]) per output row."""
    return [(r["id"], r["status"], [(e["field"], e["code"]) for e in r["errors"]]) for r in rows]


def _read(path: Path) -> list[dict[str, Any]]:
    """Every record of a file as `read_records` gives it (all rows must be readable)."""
    found = [r for r in read_records(str(path)) if not isinstance(r, ColumnPlan)]
    assert [RawRecord] * len(found) == [type(r) for r in found]
    return [r.data for r in found if isinstance(r, RawRecord)]


def _in_tmp(test: Callable[[Path], None]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        test(Path(folder))


# --- writers --------------------------------------------------------------------------


def write_csv(path: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    """Rows as a CSV file of text cells; ``None`` is an empty cell."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows([["" if r.get(c) is None else str(r[c]) for c in COLUMNS] for r in rows])


def vietnamese(name: str, text: str, percent_sign: bool) -> str:
    """A plain number written as an officer would: 1.234.567 for money, 12,5 or 12,5% for shares."""
    value = Decimal(text)
    if name in MONEY:
        whole = f"{abs(value):,f}".replace(",", ".")
        # A single dot group (1.234) is ambiguous and refused; write such amounts plainly.
        shown = whole if whole.count(".") >= 2 else f"{abs(value):f}"
        return ("-" if value < 0 else "") + shown
    if name in PERCENT:
        return f"{value:f}".replace(".", ",") + ("%" if percent_sign else "")
    return text


def write_jsonl(path: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    """Rows as JSON lines with exact numbers (a Decimal is written digit for digit)."""
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            fields = [f"{json.dumps(k)}: {_json(v)}" for k, v in row.items() if v is not None]
            out.write("{" + ", ".join(fields) + "}\n")


def _json(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.date):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)


def write_xlsx(path: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    """Rows as an XLSX sheet with typed cells: numbers, dates, booleans, text."""
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row.get(c) for c in COLUMNS])
    book.save(path)


def _same(value: Any) -> Any:
    """A value in a form that compares equal however it was read back (numbers as Decimals)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return Decimal(str(value))


# --- properties -----------------------------------------------------------------------


class TestCsvRoundTrip:
    @FEW
    @given(batches("text", "cells"))
    def test_csv_rows_score_in_order(self, rows: list[tuple[dict[str, Any], Any]]) -> None:
        """A CSV of generated rows scores a row per input row, in order; spoilt rows are errors."""

        def run(folder: Path) -> None:
            path = folder / "rows.csv"
            write_csv(path, _spoilt(rows))

            assert _expected(rows) == _outline(_results(path))

        _in_tmp(run)

    @FEW
    @given(batches("text", "cells"))
    def test_csv_reads_back_the_text_written(self, rows: list[tuple[dict[str, Any], Any]]) -> None:
        """read_records gives back every CSV cell exactly as written (empty cells as empty text)."""

        def run(folder: Path) -> None:
            path = folder / "rows.csv"
            written = _spoilt(rows)
            write_csv(path, written)

            expected = [
                {c: "" if r.get(c) is None else str(r[c]) for c in COLUMNS} for r in written
            ]
            assert expected == _read(path)

        _in_tmp(run)

    @FEW
    @given(batches("text", "cells"), st.booleans())
    def test_vietnamese_notation_reads_and_scores_the_same(
        self, rows: list[tuple[dict[str, Any], Any]], percent_sign: bool
    ) -> None:
        """Money as 1.234.567 and shares as 12,5 or 12,5% read as the same numbers, same scores."""

        def run(folder: Path) -> None:
            plain, local = folder / "plain.csv", folder / "local.csv"
            written = _spoilt(rows)
            converted = [
                {k: vietnamese(k, v, percent_sign) if k in _numbers(r) else v for k, v in r.items()}
                for r in written
            ]
            write_csv(plain, written)
            write_csv(local, converted)

            expected = [{k: Decimal(r[k]) for k in _numbers(r)} for r in written]
            read = [
                {k: parse_number(back[k], percent=k in PERCENT) for k in _numbers(r)}
                for r, back in zip(written, _read(local), strict=True)
            ]
            assert expected == read
            assert _unquoted(_results(plain)) == _unquoted(_results(local))
            assert _expected(rows) == _outline(_results(local))

        _in_tmp(run)


def _unquoted(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Results without the cell text that errors quote (which differs by notation)."""
    return [
        {**r, "errors": [{k: v for k, v in e.items() if k != "value"} for e in r["errors"]]}
        for r in rows
    ]


def _numbers(row: Mapping[str, Any]) -> list[str]:
    """The money and percentage fields of a row that hold a plain finite number."""
    return [k for k in MONEY + PERCENT if _plain_number(row.get(k))]


def _plain_number(text: Any) -> bool:
    """Whether a written value is a plain number (not a spoiler such as "mười hai" or "NaN")."""
    if not isinstance(text, str) or text == "1.234":
        return False
    try:
        return Decimal(text).is_finite()
    except ArithmeticError:
        return False


class TestJsonlRoundTrip:
    @FEW
    @given(batches("typed", "json"))
    def test_jsonl_rows_score_in_order(self, rows: list[tuple[dict[str, Any], Any]]) -> None:
        """A JSONL file of generated rows scores one row per input row, in order."""

        def run(folder: Path) -> None:
            path = folder / "rows.jsonl"
            write_jsonl(path, _spoilt(rows))

            assert _expected(rows) == _outline(_results(path))

        _in_tmp(run)

    @FEW
    @given(batches("typed", "json"))
    def test_jsonl_reads_back_the_values_written(
        self, rows: list[tuple[dict[str, Any], Any]]
    ) -> None:
        """read_records gives back every JSONL value: numbers exactly, dates as ISO text."""

        def run(folder: Path) -> None:
            path = folder / "rows.jsonl"
            written = _spoilt(rows)
            write_jsonl(path, written)

            expected = [
                {
                    k: v.isoformat() if isinstance(v, dt.date) else _same(v)
                    for k, v in r.items()
                    if v is not None
                }
                for r in written
            ]
            assert expected == [{k: _same(v) for k, v in r.items()} for r in _read(path)]

        _in_tmp(run)


class TestXlsxRoundTrip:
    @FEW
    @given(batches("typed", "xlsx"))
    def test_xlsx_rows_score_in_order(self, rows: list[tuple[dict[str, Any], Any]]) -> None:
        """An XLSX sheet of generated rows scores one row per input row, in order."""

        def run(folder: Path) -> None:
            path = folder / "rows.xlsx"
            write_xlsx(path, _spoilt(rows))

            assert _expected(rows) == _outline(_results(path))

        _in_tmp(run)

    @FEW
    @given(batches("typed", "xlsx"))
    def test_xlsx_reads_back_the_values_written(
        self, rows: list[tuple[dict[str, Any], Any]]
    ) -> None:
        """read_records gives back every XLSX cell: equal numbers, and dates, booleans, text."""

        def run(folder: Path) -> None:
            path = folder / "rows.xlsx"
            written = _spoilt(rows)
            write_xlsx(path, written)

            expected = [{c: _same(r.get(c)) for c in COLUMNS} for r in written]
            assert expected == [{c: _same(r.get(c)) for c in COLUMNS} for r in _read(path)]

        _in_tmp(run)
