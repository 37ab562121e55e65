"""Stream CSV and XLSX files as officers' spreadsheets are: BOMs, semicolons, title rows.

- CSV: UTF-8 with or without BOM (as Excel's "CSV UTF-8" writes it), comma,
  semicolon or tab separated, quoted fields; read line by line.
- XLSX: openpyxl in read-only mode (the ``xlsx`` extra), first sheet unless
  named; a formula's saved result is read, and a formula with none is flagged.
- The header row is the first of the first 10 rows with a column that means
  ``id``; rows above it (a report title, merged cells) are skipped; a second
  header row below it (items under merged group headings) is read with it.
- Headers go through the column plan (`plan`), so "Mã HTX" reads as ``id`` and
  "Doanh thu (triệu đồng)" as ``revenue`` in millions; the plan comes first.
- A totals row ("Tổng cộng" in its id or name cell) is a `Skipped`, not a record.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import operator
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from coopeval.errors import RecordError
from coopeval.files import Cap, grouped
from coopeval.formats.headers import totals_words
from coopeval.formats.limits import (
    CSV_CAP,
    EXCEL_COLUMNS,
    EXCEL_ROWS,
    JSON_CAP,
    Counted,
    check_input,
    check_workbook,
    sheet_extent,
)
from coopeval.formats.plan import Item, Planner
from coopeval.formats.rows import RawRecord, Skipped, Unreadable
from coopeval.messages import said
from coopeval.records.numbers import is_number_like
from coopeval.records.schema import SELF_SCORE
from coopeval.records.values import fold

__all__ = ["close", "open_text", "read_csv", "read_text", "read_xlsx"]

#: How many rows may precede the header (titles, merged cells).
HEADER_SEARCH = 10
_PEEK = 1 << 16
_DIGIT = re.compile(r"\d")


def read_text(path: str, cap: Cap = JSON_CAP) -> str:
    """A whole text file or standard input, decoded as UTF-8 (BOM or not), within ``cap``."""
    stream = open_text(path, cap)
    try:
        return stream.read()
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, exc) from exc
    finally:
        close(stream, path)


def close(stream: IO[str], path: str) -> None:
    """Close a stream from `open_text`, leaving standard input open."""
    if path == "-" and isinstance(stream, io.TextIOWrapper):
        stream.detach()
    else:
        stream.close()


def open_text(path: str, cap: Cap = CSV_CAP) -> IO[str]:
    """A UTF-8 text stream over ``path`` (``-``: standard input), checked at its start.

    A folder or a device is refused before it is opened, a file over ``cap`` from
    its size; a pipe, standard input or a file that grows stops at ``cap``.

    Raises:
        RecordError: the file is refused, cannot be opened, or is UTF-16 or
            another encoding.
    """
    check_input(path, cap)
    try:
        raw = sys.stdin.buffer if path == "-" else Path(path).open("rb")  # noqa: SIM115  # closed with the stream
    except OSError as exc:
        raise RecordError(
            said("limits.cannot_read", path=path, reason=exc.strerror or str(exc))
        ) from exc
    buffered = io.BufferedReader(Counted(raw, path, cap), buffer_size=_PEEK)
    try:
        _check_start(buffered.peek(_PEEK)[:_PEEK], path)
    except RecordError:
        if path != "-":
            buffered.close()
        raise
    return io.TextIOWrapper(buffered, encoding="utf-8-sig", newline="")


def _check_start(head: bytes, path: str) -> None:
    """Refuse UTF-16 and other encodings before reading a single row."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise RecordError(said("records.utf16", path=path))
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the peek boundary
            raise _not_utf8(path, exc) from exc


def _not_utf8(path: str, exc: UnicodeDecodeError) -> RecordError:
    byte = repr(exc.object[exc.start : exc.start + 1])
    return RecordError(said("records.not_utf8", path=path, at=exc.start, byte=byte))


def read_csv(stream: IO[str], path: str, planner: Planner) -> Iterator[Item]:
    """Records of a CSV stream, one per data row, with their spreadsheet row numbers."""
    lines = _decoded(stream, path)
    head: list[str] = []
    for line in lines:  # a title line may stand above the header: look at a few
        head.append(line)
        if sum(1 for h in head if h.strip()) >= HEADER_SEARCH:
            break
    if not any(h.strip() for h in head):
        raise RecordError(said("records.no_header", path=path))
    delimiter = max((";", ",", "\t"), key=lambda d: max(h.count(d) for h in head))
    # The stream itself, not a generator over it: one Python frame less per line.
    reader = csv.reader(itertools.chain(head, stream), delimiter=delimiter, strict=True)
    yield from _rows(_csv_rows(reader, path), path, planner)


def _decoded(stream: IO[str], path: str) -> Iterator[str]:
    try:
        yield from stream
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, exc) from exc


def _csv_rows(reader: Any, path: str) -> Iterator[tuple[int, Sequence[Any] | str]]:
    """(row number, cells) per line; a line the csv module refuses gives its reason."""
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, f"CSV cannot be read here: {exc}"
            continue
        except UnicodeDecodeError as exc:
            raise _not_utf8(path, exc) from exc
        yield reader.line_num, cells


def read_xlsx(path: str, planner: Planner, sheet: str | None) -> Iterator[Item]:
    """Records of an XLSX sheet, streamed in read-only mode."""
    try:
        import openpyxl
    except ImportError as exc:
        raise RecordError(said("records.needs_openpyxl")) from exc
    check_workbook(path)
    try:
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise RecordError(said("records.not_xlsx", path=path, reason=str(exc))) from exc
    try:
        names = values.sheetnames
        if sheet is not None and sheet not in names:
            raise RecordError(
                said("records.no_sheet", path=path, sheet=repr(sheet), sheets=", ".join(names))
            )
        chosen = sheet or names[0]
        source = f"{path}[{chosen}]"
        # Rows end at the last one with a value: openpyxl keeps every row element it
        # parses, so a million empty formatted rows below the data cost minutes and
        # gigabytes. Read-only sheets know their part in the zip (a private name).
        part = getattr(values[chosen], "_worksheet_path", None)
        last = sheet_extent(path, part, source) if part else None
        bounds = {"max_row": max(last, 1)} if last is not None else {}
        if last is not None:  # rows as long as their cells, not as the <dimension> claims
            values[chosen].reset_dimensions()
            formulas[chosen].reset_dimensions()
        rows = zip(
            values[chosen].iter_rows(values_only=True, **bounds),
            formulas[chosen].iter_rows(values_only=True, **bounds),
            strict=False,
        )
        numbered = (
            (n, [_cell(v, f) for v, f in zip(a, b, strict=False)])
            for n, (a, b) in _within_excel(enumerate(rows, 1), source)
        )
        yield from _rows(numbered, f"{path}[{chosen}]", planner)
    finally:
        values.close()
        formulas.close()


def _within_excel(
    rows: Iterator[tuple[int, tuple[Sequence[Any], Sequence[Any]]]], source: str
) -> Iterator[tuple[int, tuple[Sequence[Any], Sequence[Any]]]]:
    """The rows of a sheet read whole (no extent), stopped at Excel's limits."""
    for number, (values, formulas) in rows:
        if number > EXCEL_ROWS:
            raise RecordError(said("limits.too_many_rows", source=source, most=grouped(EXCEL_ROWS)))
        if len(values) > EXCEL_COLUMNS:
            raise RecordError(
                said(
                    "limits.too_many_columns",
                    source=source,
                    row=number,
                    count=grouped(len(values)),
                    most=grouped(EXCEL_COLUMNS),
                )
            )
        yield number, (values, formulas)


def _cell(value: Any, formula: Any) -> Any:
    """A cell as the record parser expects it: exact numbers, dates, or text."""
    if value is None:
        if isinstance(formula, str) and formula.startswith("="):
            return formula  # a formula with no saved result: the parser says so
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return (
            Decimal(repr(value)) if value == value and abs(value) != float("inf") else repr(value)
        )
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    return value


def _rows(
    rows: Iterable[tuple[int, Sequence[Any] | str]], path: str, planner: Planner
) -> Iterator[Item]:
    """Find the header, plan the columns, then yield one record per data row.

    The plan comes first; a totals row (its id or name cell says "Tổng cộng")
    is a `Skipped`, reported, not a record.
    """
    iterator = iter(rows)
    headers, replay = _header(iterator, path, planner)
    if replay:
        iterator = itertools.chain(replay, iterator)
    plan = planner.plan(headers, path)
    yield plan
    width = len(headers)
    named = [(c.index, c.field) for c in plan.used if c.field is not None]
    columns, powers = plan.locations(), plan.powers()
    scored = any(field.startswith(SELF_SCORE) for _, field in named)
    marks = [i for i, field in named if field in ("id", "name")]
    totals = totals_words()
    # A cell with a digit is no totals word (unless one has digits): no folding per row.
    numbered = any(_DIGIT.search(word) for word in totals)
    fields = tuple(field for _, field in named)
    # Every field's cell in one C call, for a row that has all the columns read.
    take = operator.itemgetter(*(index for index, _ in named)) if len(named) > 1 else None
    reach = max((index for index, _ in named), default=-1) + 1
    for number, cells in iterator:
        if cells.__class__ is str:
            yield Unreadable(number, "", str(cells))
            continue
        # Cheap tests first: a record's first cell (its id) is usually filled.
        first = cells[0] if cells else None
        if not _filled(first) and not any(_filled(c) for c in cells):
            continue
        if len(cells) > width and any(_filled(c) for c in cells[width:]):
            yield Unreadable(number, _preview(cells), f"{len(cells)} cells but {width} columns")
            continue
        size = len(cells)
        word = ""
        for i in marks:
            if i < size and _filled(cells[i]):
                word = str(cells[i]).strip()
                break
        if word and (numbered or not _DIGIT.search(word)) and fold(word) in totals:
            yield Skipped(number, "totals_word", word)
            continue
        # Values keep their spaces: every parser strips what it reads.
        data = (
            dict(zip(fields, take(cells), strict=True))
            if take is not None and size >= reach
            else {field: cells[index] if index < size else None for index, field in named}
        )
        yield RawRecord(number, data, cells=True, columns=columns, powers=powers, scored=scored)


def _header(
    rows: Iterator[tuple[int, Sequence[Any] | str]], path: str, planner: Planner
) -> tuple[list[str], list[tuple[int, Sequence[Any] | str]]]:
    """The header of each column, and the rows to read again after the header.

    The header is the first row with a column meaning ``id``; a second row
    below it, with no id and no number, whose cells stand under group headings
    (criterion groups merged above their items), completes it. Without an id
    column, the first row is the header and the rows read while looking are data
    again, so each of them reports the missing id rather than being lost.
    """
    looked: list[tuple[int, Sequence[Any] | str]] = []
    for number, cells in rows:
        looked.append((number, cells))
        if isinstance(cells, str) or not any(_filled(c) for c in cells):
            continue
        texts = [str(c).strip() if _filled(c) else "" for c in cells]
        fields = [planner.field(t) if t else "" for t in texts]
        if "id" in fields:
            following = next(rows, None)
            if following is None:
                return texts, []
            below = following[1]
            if isinstance(below, str) or not _under(texts, below, fields.index("id")):
                return texts, [following]
            return _joined(texts, below), []
        if (
            sum(1 for _, c in looked if not isinstance(c, str) and any(_filled(x) for x in c))
            >= HEADER_SEARCH
        ):
            break
    first = next(
        (
            i
            for i, (_, c) in enumerate(looked)
            if not isinstance(c, str) and any(_filled(x) for x in c)
        ),
        None,
    )
    if first is None:
        raise RecordError(said("records.no_header", path=path))
    cells = looked[first][1]
    assert not isinstance(cells, str)  # chosen above among rows of cells
    return [str(c).strip() if _filled(c) else "" for c in cells], looked[first + 1 :]


def _under(top: Sequence[str], below: Sequence[Any], id_column: int) -> bool:
    """Whether ``below`` is a second header row: no id, no number, text under headings."""
    if id_column < len(below) and _filled(below[id_column]):
        return False
    filled = [(i, c) for i, c in enumerate(below) if _filled(c)]
    if not filled or any(not isinstance(c, str) or is_number_like(c) for _, c in filled):
        return False
    # Under a merged group heading the top cell is empty (or is the group's own).
    return any(i >= len(top) or not top[i] or i > id_column for i, _ in filled)


def _joined(top: Sequence[str], below: Sequence[Any]) -> list[str]:
    """One header per column: the item's own where the second row has one, else the top's."""
    width = max(len(top), len(below))
    texts = []
    for index in range(width):
        sub = below[index] if index < len(below) else None
        texts.append(str(sub).strip() if _filled(sub) else (top[index] if index < len(top) else ""))
    return texts


def _filled(cell: Any) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))


def _preview(cells: Sequence[Any]) -> str:
    return ",".join("" if c is None else str(c) for c in cells)[:80]
