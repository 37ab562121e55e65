"""Read records from JSON, JSONL or CSV files (or standard input), one at a time.

Each record comes with its 1-based row: the spreadsheet row for CSV (the
header is row 1), the line for JSONL, the position in the list for JSON. A row
that cannot be read at all is yielded as an `Unreadable`, never dropped, so the
output always has one row per input row.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, TextIO

import attrs

from coopeval.errors import RecordError

__all__ = ["FORMATS", "RawRecord", "Unreadable", "detect_format", "read_records"]

Format = Literal["json", "jsonl", "csv"]
FORMATS: tuple[Format, ...] = ("json", "jsonl", "csv")
_SUFFIXES: dict[str, Format] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}


@attrs.frozen
class RawRecord:
    """One record as read, before any typing: field → value."""

    row: int
    data: dict[str, Any]


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


def read_records(path: str, fmt: Format | None = None) -> Iterator[RawRecord | Unreadable]:
    """Yield every record of ``path`` (``-`` for standard input) in order.

    Raises:
        RecordError: the file cannot be opened or decoded, or is not JSON at all.
    """
    text = _read_text(path)
    chosen = fmt or detect_format(path, text)
    if chosen == "json":
        yield from _json(text, path)
    elif chosen == "jsonl":
        yield from _jsonl(io.StringIO(text))
    else:
        yield from _csv(io.StringIO(text), path)


def _read_text(path: str) -> str:
    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        msg = f"{path}: cannot read: {exc.strerror or exc}"
        raise RecordError(msg) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = (
            f"{path}: not UTF-8 text (byte {exc.start}); "
            "save it as 'CSV UTF-8' in Excel, or convert it to UTF-8"
        )
        raise RecordError(msg) from exc


def _is_single_json(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    return True


def _json(text: str, path: str) -> Iterator[RawRecord | Unreadable]:
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        msg = f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}"
        raise RecordError(msg) from exc
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records, start=1):
        if isinstance(record, dict):
            yield RawRecord(index, record)
        else:
            yield Unreadable(index, json.dumps(record, default=str)[:80], "not a JSON object")


def _jsonl(stream: TextIO) -> Iterator[RawRecord | Unreadable]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            yield Unreadable(number, line.strip()[:80], f"not valid JSON: {exc.msg}")
            continue
        if isinstance(record, dict):
            yield RawRecord(number, record)
        else:
            yield Unreadable(number, line.strip()[:80], "not a JSON object")


def _csv(stream: TextIO, path: str) -> Iterator[RawRecord | Unreadable]:
    sample = stream.read(4096)
    stream.seek(0)
    delimiter = (
        ";" if sample.split("\n", 1)[0].count(";") > sample.split("\n", 1)[0].count(",") else ","
    )
    reader = csv.reader(stream, delimiter=delimiter)
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        msg = f"{path}: empty file: no header row"
        raise RecordError(msg)
    names = [h.strip() for h in header]
    for cells in reader:
        row = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(names):
            yield Unreadable(
                row, delimiter.join(cells)[:80], f"{len(cells)} cells but {len(names)} columns"
            )
            continue
        yield RawRecord(row, {name: cell for name, cell in zip(names, cells, strict=False) if name})
