"""Read records from JSON, JSONL, CSV or XLSX files (or standard input), one at a time.

CSV, JSONL and XLSX are read as a stream, in memory that does not grow with
the number of rows; a JSON list is read whole (use JSONL for large batches).
Each format has its hard limits (`limits`): bytes, JSON nesting, sheet size.
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
from coopeval.formats.limits import (
    CSV_CAP,
    JSON_CAP,
    JSONL_CAP,
    MAX_JSON_DEPTH,
    deeper_than,
    json_too_deep,
)
from coopeval.formats.plan import Item, Planner
from coopeval.formats.rows import Format, RawRecord, Unreadable
from coopeval.formats.sheets import close, open_text, read_csv, read_text, read_xlsx
from coopeval.messages import said

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
        stream = open_text(path, CSV_CAP if chosen == "csv" else JSONL_CAP)
        try:
            yield from (
                read_csv(stream, path, planner) if chosen == "csv" else _jsonl(stream, path)
            )
        finally:
            close(stream, path)
        return
    text = read_text(path, JSON_CAP)  # a JSON list, or a file that does not say its format
    chosen = detect_format(path, text)
    if chosen == "json":
        yield from _json(text, path)
    elif chosen == "jsonl":
        yield from _jsonl(io.StringIO(text), path)
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


def _json(text: str, path: str) -> Iterator[RawRecord | Unreadable]:
    if not text.strip():
        raise RecordError(said("records.no_records", path=path))
    try:
        data = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        ending = text.rstrip()[-1:]
        hint = said("records.cut_short") if ending not in ("]", "}") else ""
        raise RecordError(_not_json(path, exc, hint)) from exc
    except RecursionError:  # nested too deep for Python's parser: say where
        _too_deep_somewhere(text, path)
        raise  # pragma: no cover  # the scan finds what the parser could not follow
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records, start=1):
        if isinstance(record, dict | list) and deeper_than(record, MAX_JSON_DEPTH - 1):
            _too_deep_somewhere(text, path)
        yield _record(index, record, json.dumps(record, default=str)[:80])


def _record(row: int, record: Any, preview: str) -> RawRecord | Unreadable:
    if isinstance(record, dict):
        return RawRecord(row, record)
    return Unreadable(row, preview, "not a JSON object")


def _too_deep_somewhere(text: str, path: str) -> None:
    """Refuse a JSON text that nests deeper than `MAX_JSON_DEPTH`, at the record and the
    line and column where it does; elements are found one by one, never by recursion.

    Raises:
        RecordError: the first record too deep (always, for a text that is).
    """
    start = _skip_space(text, 0)
    if text[start : start + 1] != "[":
        _refuse_deep(text, path, start, 1, MAX_JSON_DEPTH)
        return
    position, record = _skip_space(text, start + 1), 0
    while position < len(text) and text[position] != "]":
        record += 1
        # The list is the first level: each record may have one less. Parsed at C
        # speed first; only the record too deep is scanned.
        try:
            value, end = _DECODER.raw_decode(text, position)
            deep = isinstance(value, dict | list) and deeper_than(value, MAX_JSON_DEPTH - 1)
        except RecursionError:
            deep, end = True, _end_of_value(text, position)
        except json.JSONDecodeError as exc:
            raise RecordError(_not_json(path, exc)) from exc
        if deep:
            _refuse_deep(text, path, position, record, MAX_JSON_DEPTH - 1)
        position = _skip_space(text, end)
        if position < len(text) and text[position] == ",":
            position = _skip_space(text, position + 1)


def _not_json(path: str, exc: json.JSONDecodeError, hint: str = "") -> str:
    """Where a JSON text stops parsing; the parser's own reason stays in English."""
    return said(
        "records.not_json", path=path, line=exc.lineno, column=exc.colno, reason=exc.msg, hint=hint
    )


def _refuse_deep(text: str, path: str, start: int, record: int, most: int) -> None:
    where = json_too_deep(text, start, most)
    if where is not None:
        line, column = where
        raise RecordError(
            said(
                "limits.json_too_deep",
                path=path,
                line=line,
                column=column,
                record=record,
                most=MAX_JSON_DEPTH,
            )
        )


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


def _jsonl(stream: Any, path: str) -> Iterator[RawRecord | Unreadable]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = _DECODER.decode(line)
        except json.JSONDecodeError as exc:
            yield Unreadable(number, line.strip()[:80], f"not valid JSON: {exc.msg}")
            continue
        except RecursionError:
            record = None  # too deep for Python's parser: located below
        if record is None or (
            isinstance(record, dict | list) and deeper_than(record, MAX_JSON_DEPTH)
        ):
            where = json_too_deep(line, _skip_space(line, 0), MAX_JSON_DEPTH)
            if where is not None:
                raise RecordError(
                    said(
                        "limits.jsonl_too_deep",
                        path=path,
                        line=number,
                        column=where[1],
                        most=MAX_JSON_DEPTH,
                    )
                )
        yield _record(number, record, line.strip()[:80])
