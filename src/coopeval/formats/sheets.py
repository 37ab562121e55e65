"""Stream CSV and XLSX files as officers' spreadsheets are: BOMs, semicolons, title rows.

- CSV: UTF-8 with or without BOM (as Excel's "CSV UTF-8" writes it), comma,
  semicolon or tab separated, quoted fields; read line by line.
- XLSX: openpyxl in read-only mode (the ``xlsx`` extra), first sheet unless
  named; a formula's saved result is read, and a formula with none is flagged.
- The header row is the first of the first 10 rows with a column that means
  ``id``; rows above it (a report title, merged cells) are skipped.
- Headers go through a `HeaderMap`, so "Mã HTX" reads as ``id``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import sys
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from coopeval.errors import RecordError
from coopeval.formats.headers import HeaderMap
from coopeval.formats.rows import RawRecord, Unreadable

__all__ = ["close", "open_text", "read_csv", "read_text", "read_xlsx"]

#: How many rows may precede the header (titles, merged cells).
HEADER_SEARCH = 10
_PEEK = 1 << 16


def read_text(path: str) -> str:
    """A whole text file or standard input, decoded as UTF-8 (BOM or not)."""
    stream = open_text(path)
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


def open_text(path: str) -> IO[str]:
    """A UTF-8 text stream over ``path`` (``-``: standard input), checked at its start.

    Raises:
        RecordError: the file cannot be opened, or is UTF-16 or another encoding.
    """
    try:
        buffered = sys.stdin.buffer if path == "-" else Path(path).open("rb")  # noqa: SIM115  # closed with the stream
    except OSError as exc:
        msg = f"{path}: cannot read: {exc.strerror or exc}"
        raise RecordError(msg) from exc
    if not isinstance(buffered, io.BufferedReader):  # stdin may be replaced by any stream
        buffered = io.BufferedReader(buffered)
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
        msg = f"{path}: the file is UTF-16 text; save it as 'CSV UTF-8' in Excel"
        raise RecordError(msg)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the peek boundary
            raise _not_utf8(path, exc) from exc


def _not_utf8(path: str, exc: UnicodeDecodeError) -> RecordError:
    return RecordError(
        f"{path}: not UTF-8 text (byte {exc.start}: {exc.object[exc.start : exc.start + 1]!r}); "
        "save it as 'CSV UTF-8' in Excel, or convert it to UTF-8 "
        "(TCVN3 or Windows-1258 files must be converted first)"
    )


def read_csv(
    stream: IO[str], path: str, headers: HeaderMap | None
) -> Iterator[RawRecord | Unreadable]:
    """Records of a CSV stream, one per data row, with their spreadsheet row numbers."""
    lines = _decoded(stream, path)
    head: list[str] = []
    for line in lines:  # a title line may stand above the header: look at a few
        head.append(line)
        if sum(1 for h in head if h.strip()) >= HEADER_SEARCH:
            break
    if not any(h.strip() for h in head):
        msg = f"{path}: empty file: no header row"
        raise RecordError(msg)
    delimiter = max((";", ",", "\t"), key=lambda d: max(h.count(d) for h in head))
    reader = csv.reader(_chain(head, lines), delimiter=delimiter, strict=True)
    yield from _rows(_csv_rows(reader), path, headers or HeaderMap())


def _decoded(stream: IO[str], path: str) -> Iterator[str]:
    try:
        yield from stream
    except UnicodeDecodeError as exc:
        raise _not_utf8(path, exc) from exc


def _chain(first: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from first
    yield from rest


def _csv_rows(reader: Any) -> Iterator[tuple[int, Sequence[Any] | str]]:
    """(row number, cells) per line; a line the csv module refuses gives its reason."""
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, f"CSV cannot be read here: {exc}"
            continue
        yield reader.line_num, cells


def read_xlsx(
    path: str, headers: HeaderMap | None, sheet: str | None
) -> Iterator[RawRecord | Unreadable]:
    """Records of an XLSX sheet, streamed in read-only mode."""
    try:
        import openpyxl
    except ImportError as exc:
        msg = "reading .xlsx needs openpyxl: pip install 'coopeval[xlsx]'"
        raise RecordError(msg) from exc
    try:
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        msg = f"{path}: not a readable .xlsx workbook: {exc}"
        raise RecordError(msg) from exc
    try:
        names = values.sheetnames
        if sheet is not None and sheet not in names:
            msg = f"{path}: no sheet {sheet!r}; sheets: {', '.join(names)}"
            raise RecordError(msg)
        chosen = sheet or names[0]
        rows = zip(
            values[chosen].iter_rows(values_only=True),
            formulas[chosen].iter_rows(values_only=True),
            strict=False,
        )
        numbered = (
            (n, [_cell(v, f) for v, f in zip(a, b, strict=False)])
            for n, (a, b) in enumerate(rows, 1)
        )
        yield from _rows(numbered, f"{path}[{chosen}]", headers or HeaderMap())
    finally:
        values.close()
        formulas.close()


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
    rows: Iterable[tuple[int, Sequence[Any] | str]], path: str, headers: HeaderMap
) -> Iterator[RawRecord | Unreadable]:
    """Find the header, name each column, then yield one record per data row."""
    iterator = iter(rows)
    fields, columns, replay = _header(iterator, path, headers)
    if replay:
        iterator = itertools.chain(replay, iterator)
    width = len(fields)
    named = [(index, field) for index, field in enumerate(fields) if field]
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
        # Values keep their spaces: every parser strips what it reads.
        data = {field: cells[index] if index < size else None for index, field in named}
        yield RawRecord(number, data, cells=True, columns=columns)


def _header(
    rows: Iterator[tuple[int, Sequence[Any] | str]], path: str, headers: HeaderMap
) -> tuple[list[str], dict[str, str], list[tuple[int, Sequence[Any] | str]]]:
    """The header row's fields and columns, and the rows to read again after it.

    The header is the first row with a column meaning ``id``. Without one, the
    first row is the header and the rows read while looking are data again, so
    each of them reports the missing id rather than being lost.
    """
    looked: list[tuple[int, Sequence[Any] | str]] = []
    for number, cells in rows:
        looked.append((number, cells))
        if isinstance(cells, str) or not any(_filled(c) for c in cells):
            continue
        fields = [headers.field(str(c).strip()) if _filled(c) else "" for c in cells]
        if "id" in fields:
            named = _name(cells, path, headers)
            return named[0], named[1], []
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
        msg = f"{path}: empty file: no header row"
        raise RecordError(msg)
    cells = looked[first][1]
    assert not isinstance(cells, str)  # chosen above among rows of cells
    fields, columns = _name(cells, path, headers)
    return fields, columns, looked[first + 1 :]


def _name(cells: Sequence[Any], path: str, headers: HeaderMap) -> tuple[list[str], dict[str, str]]:
    fields: list[str] = []
    columns: dict[str, str] = {}
    for index, cell in enumerate(cells):
        label = "" if cell is None else str(cell).strip()
        field = headers.field(label) if label else ""
        if field and field in columns:
            msg = (
                f"{path}: columns {columns[field]} and {_letter(index)} ({label}) "
                f"both mean {field!r}; keep one"
            )
            raise RecordError(msg)
        if field:
            columns[field] = f"{_letter(index)} ({label})"
        fields.append(field)
    return fields, columns


def _letter(index: int) -> str:
    """Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _filled(cell: Any) -> bool:
    return cell is not None and (not isinstance(cell, str) or bool(cell.strip()))


def _preview(cells: Sequence[Any]) -> str:
    return ",".join("" if c is None else str(c) for c in cells)[:80]
