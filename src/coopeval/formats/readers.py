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
from coopeval.formats.headers import HeaderMap
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
    headers: HeaderMap | None = None,
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
    chosen = fmt or (None if path == "-" else _SUFFIXES.get(Path(path).suffix.lower()))
    if chosen == "xlsx":
        yield from read_xlsx(path, headers, sheet)
        return
    if chosen in ("csv", "jsonl"):
        stream = open_text(path)
        try:
            yield from (read_csv(stream, path, headers) if chosen == "csv" else _jsonl(stream))
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
        yield from read_csv(io.StringIO(text), path, headers)


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
