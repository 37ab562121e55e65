"""Read records from JSON, JSONL, CSV or XLSX files (or standard input), one at a time.

Each record comes with its 1-based row: the spreadsheet row for CSV and XLSX
(the header row counts), the line for JSONL, the position in the list for JSON.
A row that cannot be read at all is yielded as an `Unreadable`, never dropped,
so the output always has one row per input row. CSV, JSONL and XLSX are read
as a stream, in memory that does not grow with the number of rows; a JSON list
is read whole (use JSONL for large batches).
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import attrs

from coopeval.errors import RecordError

__all__ = ["FORMATS", "RawRecord", "Unreadable", "detect_format", "read_records"]

Format = Literal["json", "jsonl", "csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("json", "jsonl", "csv", "xlsx")
_SUFFIXES: dict[str, Format] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}


@attrs.frozen
class RawRecord:
    """One record as read, before any typing: field → value.

    ``cells`` marks spreadsheet text, whose numbers may be in Vietnamese
    notation; ``columns`` names the spreadsheet column of each field.
    """

    row: int
    data: dict[str, Any]
    cells: bool = False
    columns: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen
class Unreadable:
    """A row that could not be read as a record, with the reason."""

    row: int
    text: str
    reason: str


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
    headers: Any = None,
    sheet: str | None = None,
) -> Iterator[RawRecord | Unreadable]:
    """Yield every record of ``path`` (``-`` for standard input) in order.

    Args:
        headers: a `HeaderMap` for spreadsheet headers (default: field names only).
        sheet: the XLSX sheet to read (default: the first).

    Raises:
        RecordError: the file cannot be opened or decoded, is empty, or is not
            JSON at all; a bad row is an `Unreadable`, not an error.
    """
    from coopeval import spreadsheets

    chosen = fmt or (None if path == "-" else _SUFFIXES.get(Path(path).suffix.lower()))
    if chosen == "xlsx":
        yield from spreadsheets.read_xlsx(path, headers, sheet)
        return
    if chosen in ("csv", "jsonl"):
        stream = spreadsheets.open_text(path)
        try:
            yield from (
                spreadsheets.read_csv(stream, path, headers) if chosen == "csv" else _jsonl(stream)
            )
        finally:
            spreadsheets.close(stream, path)
        return
    text = spreadsheets.read_text(path)
    chosen = detect_format(path, text)
    if chosen == "json":
        yield from _json(text, path)
    elif chosen == "jsonl":
        yield from _jsonl(io.StringIO(text))
    else:
        yield from spreadsheets.read_csv(io.StringIO(text), path, headers)


def _is_single_json(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def _json(text: str, path: str) -> Iterator[RawRecord | Unreadable]:
    if not text.strip():
        msg = f"{path}: empty file: no records"
        raise RecordError(msg)
    try:
        data = json.loads(text, parse_float=Decimal, parse_int=Decimal)
    except json.JSONDecodeError as exc:
        ending = text.rstrip()[-1:]
        hint = " (the file looks cut short)" if ending not in ("]", "}") else ""
        msg = f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}{hint}"
        raise RecordError(msg) from exc
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records, start=1):
        if isinstance(record, dict):
            yield RawRecord(index, record)
        else:
            yield Unreadable(index, json.dumps(record, default=str)[:80], "not a JSON object")


def _jsonl(stream: Any) -> Iterator[RawRecord | Unreadable]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line, parse_float=Decimal, parse_int=Decimal)
        except json.JSONDecodeError as exc:
            yield Unreadable(number, line.strip()[:80], f"not valid JSON: {exc.msg}")
            continue
        if isinstance(record, dict):
            yield RawRecord(number, record)
        else:
            yield Unreadable(number, line.strip()[:80], "not a JSON object")


def stdin_bytes() -> bytes:
    """All of standard input, as bytes."""
    return sys.stdin.buffer.read()
