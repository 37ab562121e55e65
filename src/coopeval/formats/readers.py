"""Read records from JSON, JSONL, CSV or XLSX files (or standard input), one at a time.

CSV, JSONL and XLSX are read as a stream, in memory that does not grow with
the number of rows; a JSON list is read whole (use JSONL for large batches).
Spreadsheets are read by `sheets`; every row gives a `RawRecord` or an
`Unreadable` (`rows`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from coopeval.errors import RecordError
from coopeval.formats.plan import Item, Planner
from coopeval.formats.rows import Format, RawRecord, Unreadable
from coopeval.formats.sheets import close, open_text, read_csv, read_text, read_xlsx

__all__ = ["detect_format", "read_records"]
_SUFFIXES: dict[str, Format] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}


def detect_format(path: str, text: str | None = None) -> Format:
    """The format from the file suffix, or from the first character of the text."""
    suffix = Path(path).suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    head = (text or "").lstrip("\ufeff \t\r\n")[:1]
    if head == "[":
        return "json"
    if head == "{":
        return "json" if _is_single_json(text or "") else "jsonl"
    return "csv"


def read_records(
    path: str,
    fmt: Format | None = None,
    *,
    planner: Planner | None = None,
    sheet: str | None = None,
) -> Iterator[Item]:
    """Yield every record of ``path`` (``-`` for standard input) in order.

    A spreadsheet's column plan comes first; JSON has none (its keys are its fields).

    Args:
        planner: plans a spreadsheet's columns (default: every column by its header).
        sheet: the XLSX sheet to read (default: the first).

    Raises:
        RecordError: the file cannot be opened or decoded, is empty, or is not
            JSON at all; a bad row is an `Unreadable`, not an error.
    """
    planner = planner or Planner((), every_column=True)
    chosen = fmt or (None if path == "-" else _SUFFIXES.get(Path(path).suffix.lower()))
    if chosen == "xlsx":
        yield from read_xlsx(path, planner, sheet)
        return
    if chosen in ("csv", "jsonl"):
        stream = open_text(path)
        try:
            yield from (read_csv(stream, path, planner) if chosen == "csv" else _jsonl(stream))
        finally:
            close(stream, path)
        return
    text = read_text(path)
    chosen = detect_format(path, text)
    if chosen == "json":
        yield from _json(text, path)
    elif chosen == "jsonl":
        yield from _jsonl(io.StringIO(text))
    else:
        yield from read_csv(io.StringIO(text), path, planner)


def _is_single_json(text: str) -> bool:
    try:
        json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return False
    return True


#: Reads numbers exactly: every JSON number becomes a `Decimal`, never a float.
_DECODER = json.JSONDecoder(parse_float=Decimal, parse_int=Decimal)
#: Why a record nested beyond what the JSON reader follows is not read.
_TOO_DEEP = "nested too deep to read (thousands of levels): not a record"


def _json(text: str, path: str) -> Iterator[RawRecord | Unreadable]:
    if not text.strip():
        msg = f"{path}: empty file: no records"
        raise RecordError(msg)
    try:
        data = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        ending = text.rstrip()[-1:]
        hint = " (the file looks cut short)" if ending not in ("]", "}") else ""
        msg = f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}{hint}"
        raise RecordError(msg) from exc
    except RecursionError:  # one record nested too deep: read the others one by one
        yield from _one_by_one(text, path)
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records, start=1):
        yield _record(index, record, json.dumps(record, default=str)[:80])


def _record(row: int, record: Any, preview: str) -> RawRecord | Unreadable:
    if isinstance(record, dict):
        return RawRecord(row, record)
    return Unreadable(row, preview, "not a JSON object")


def _one_by_one(text: str, path: str) -> Iterator[RawRecord | Unreadable]:
    """The elements of a JSON list (or the one object) read each on its own, so that one
    nested too deep is an `Unreadable` and the others are still read."""
    start = _skip_space(text, 0)
    if text[start] != "[":
        yield Unreadable(1, text[start : start + 80], _TOO_DEEP)
        return
    position, row = _skip_space(text, start + 1), 0
    while position < len(text) and text[position] != "]":
        row += 1
        try:
            record, end = _DECODER.raw_decode(text, position)
            yield _record(row, record, text[position:end][:80])
        except RecursionError:
            end = _end_of_value(text, position)
            yield Unreadable(row, text[position : position + 80], _TOO_DEEP)
        except json.JSONDecodeError as exc:
            msg = f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}"
            raise RecordError(msg) from exc
        position = _skip_space(text, end)
        if position < len(text) and text[position] == ",":
            position = _skip_space(text, position + 1)


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _end_of_value(text: str, position: int) -> int:
    """Where the array or object starting at ``position`` ends (strings skipped)."""
    depth, quoted, escaped = 0, False, False
    for index in range(position, len(text)):
        char = text[index]
        if quoted:
            escaped, quoted = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            quoted = True
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(text)


def _jsonl(stream: Any) -> Iterator[RawRecord | Unreadable]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = _DECODER.decode(line)
        except json.JSONDecodeError as exc:
            yield Unreadable(number, line.strip()[:80], f"not valid JSON: {exc.msg}")
            continue
        except RecursionError:
            yield Unreadable(number, line.strip()[:80], _TOO_DEEP)
            continue
        yield _record(number, record, line.strip()[:80])
