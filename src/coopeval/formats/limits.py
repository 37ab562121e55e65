"""Hard limits on record files and header maps, each refused before its cost.

- Bytes, per format (`Cap`, overridable by an environment variable): CSV and
  JSONL are streamed, so their caps are large; a JSON list is read whole, so
  its cap is smaller; an XLSX workbook has a cap on its compressed size and one
  on what its parts unpack to, read from the zip directory before any XML is
  parsed (a zip bomb is refused at no cost). A folder or a device is refused
  before it is opened; a pipe or standard input is counted as it is read.
- JSON nesting: at most `MAX_JSON_DEPTH` levels, located by line and column
  (Python's parser recurses, so a file nested 100 000 deep would exhaust the stack).
- XLSX sheets: a cell outside Excel's range (`EXCEL_ROWS`, `EXCEL_COLUMNS`) is
  refused with its sheet and cell; the rows read end at the last row that holds
  a value (`sheet_extent`, one pass over the sheet's XML at C speed), so a
  million empty formatted rows below the data are never parsed one by one (nor
  padded to the width a sheet's ``<dimension>`` claims).
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from collections.abc import Iterator
from typing import Any

from coopeval.errors import RecordError
from coopeval.files import Cap, grouped, refusal, size_said
from coopeval.messages import Message, said

__all__ = [
    "CSV_CAP",
    "EXCEL_COLUMNS",
    "EXCEL_ROWS",
    "HEADER_MAP_CAP",
    "JSONL_CAP",
    "JSON_CAP",
    "MAX_JSON_DEPTH",
    "MAX_PARTS",
    "XLSX_CAP",
    "XLSX_UNPACKED_CAP",
    "Counted",
    "check_input",
    "check_workbook",
    "deeper_than",
    "json_too_deep",
    "sheet_extent",
]

#: Streamed, so memory does not grow with them: 2 GB is many national files.
CSV_CAP = Cap(
    said("limits.csv_file"), 2_000_000_000, "COOPEVAL_MAX_CSV_BYTES", said("limits.split_file")
)
JSONL_CAP = Cap(
    said("limits.jsonl_file"), 2_000_000_000, "COOPEVAL_MAX_JSONL_BYTES", said("limits.split_file")
)
#: Read whole (and held as text and as objects): JSONL is the format for more.
JSON_CAP = Cap(
    said("limits.json_file"), 512_000_000, "COOPEVAL_MAX_JSON_BYTES", said("limits.use_jsonl")
)
#: Compressed: a national workbook of 30 000 cooperatives is about 15 MB.
XLSX_CAP = Cap(
    said("limits.xlsx_file"), 200_000_000, "COOPEVAL_MAX_XLSX_BYTES", said("limits.save_csv")
)
#: What every part of a workbook unpacks to, from the zip directory: sheet XML is
#: about ten times its compressed size, so 1 GB holds any workbook under the cap above
#: but a zip bomb.
XLSX_UNPACKED_CAP = Cap(
    said("limits.xlsx_unpacked"), 1_000_000_000, "COOPEVAL_MAX_XLSX_UNPACKED_BYTES"
)
#: A header map names a few hundred headers at most.
HEADER_MAP_CAP = Cap(said("limits.header_map"), 1_000_000, "COOPEVAL_MAX_HEADER_MAP_BYTES")

#: Deepest nesting of a JSON record: the list, the record, ``self_score``, a value.
MAX_JSON_DEPTH = 64
#: Excel's own limits: 1 048 576 rows, 16 384 columns (A to XFD).
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384
#: Parts of a workbook: Excel writes a few dozen; the zip directory is read whole.
MAX_PARTS = 10_000


def check_input(path: str, cap: Cap) -> None:
    """Refuse ``path`` before opening it: a folder, a device, a socket, a file over ``cap``.

    A pipe passes (it is read as a stream and counted by `Counted`), as does
    standard input (``-``) and a path that does not exist (opening it says so).

    Raises:
        RecordError: the file is refused.
    """
    if path == "-":
        return
    problem = refusal(path, cap, pipes=True)
    if problem is not None:
        raise RecordError(problem)


class Counted(io.RawIOBase):
    """A binary stream that stops with an error once more than ``cap`` bytes are read.

    For what has no size beforehand (standard input, a pipe) or may grow while
    it is read: the cost of refusing is the cap, never more.
    """

    def __init__(self, raw: Any, path: str, cap: Cap) -> None:
        super().__init__()
        self.raw, self.path, self.cap = raw, path, cap
        self.limit, self.count = cap.limit(), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size: int = self.raw.readinto(buffer) or 0
        self.count += size
        if self.count > self.limit:
            raise RecordError(self.cap.too_large(self.path, None, self.limit))
        return size

    def close(self) -> None:
        if self.path != "-":  # standard input stays open for the caller
            self.raw.close()
        super().close()


# A JSON string (its brackets are not nesting), or a bracket.
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]', re.DOTALL)


def json_too_deep(text: str, start: int = 0, most: int = MAX_JSON_DEPTH) -> tuple[int, int] | None:
    """``(line, column)``, from 1, of the first bracket deeper than ``most`` in the value
    starting at ``start``; ``None`` when it nests no deeper.

    Linear in the value, never recursive: this is how a value too deep for
    Python's parser is located.
    """
    depth = 0
    for match in _JSON_TOKENS.finditer(text, start):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > most:
                at = match.start()
                return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
        elif token in ("]", "}"):
            depth -= 1
            if depth <= 0:
                return None
    return None


def deeper_than(value: Any, most: int) -> bool:
    """Whether a parsed JSON value nests more than ``most`` levels (without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > most:
            return True
        for child in item.values() if isinstance(item, dict) else item:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))
    return False


def check_workbook(path: str) -> None:
    """Refuse a workbook from its size and its zip directory, before openpyxl reads it.

    Raises:
        RecordError: not a regular file, over `XLSX_CAP`, more parts than
            `MAX_PARTS`, or parts that unpack to more than `XLSX_UNPACKED_CAP`.
    """
    problem = refusal(path, XLSX_CAP)
    if problem is not None:
        raise RecordError(problem)
    parts = _parts(path)
    if parts is None:
        return  # not a zip file: openpyxl says so
    if parts > MAX_PARTS:
        raise RecordError(
            said("limits.too_many_parts", path=path, count=grouped(parts), most=grouped(MAX_PARTS))
        )
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    limit = XLSX_UNPACKED_CAP.limit()
    if unpacked > limit:
        raise RecordError(
            said(
                "limits.unpacked",
                path=path,
                what=XLSX_UNPACKED_CAP.named(),
                limit=size_said(limit),
                size=size_said(unpacked),
                variable=XLSX_UNPACKED_CAP.variable,
            )
        )


def _parts(path: str) -> int | None:
    """The number of parts the zip's end record declares, before the directory is read.

    ``zipfile`` reads the whole directory into objects of hundreds of bytes each,
    so a directory of millions of entries is refused from its count first.
    """
    try:
        with open(path, "rb") as stream:
            stream.seek(0, os.SEEK_END)
            size = stream.tell()
            tail_start = max(0, size - (1 << 16) - 22)
            stream.seek(tail_start)
            tail = stream.read()
    except OSError:
        return None
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    (entries,) = struct.unpack_from("<H", tail, at + 10)
    if entries != 0xFFFF:
        return int(entries)
    # Zip64: the count is in the zip64 end record the locator before it points to.
    locator = at - 20
    if locator < 0 or tail[locator : locator + 4] != b"PK\x06\x07":
        return int(entries)
    (offset,) = struct.unpack_from("<Q", tail, locator + 8)
    try:
        with open(path, "rb") as stream:
            stream.seek(offset)
            record = stream.read(56)
    except (OSError, ValueError):
        return None
    if len(record) < 56 or record[:4] != b"PK\x06\x06":
        return int(entries)
    (total,) = struct.unpack_from("<Q", record, 32)
    return int(total)


# Sheet XML, scanned as bytes at C speed (counts and searches, no parse). The scan
# trusts what Excel, LibreOffice and openpyxl write: every row and cell tag names its
# reference (``r="B7"``), no namespace prefix, rows in order. Anything else and it
# gives up (``None``): openpyxl then reads the sheet as it is, to its end.
_CELL_TAGS = (b"<c ", b"<c>", b"<c/")
_ROW_TAGS = (b"<row ", b"<row>", b"<row/")
_PREFIXED = (b":c ", b":c>", b":row")
# What only a cell with something in it holds: a value, an inline string, a formula.
_FILLED = (b"<v>", b"<v ", b"<is>", b"<f>", b"<f ")
_REFERENCE = re.compile(rb'r="([A-Z]*)([0-9]+)"')
# A reference that may be outside Excel's range: three letters or more, or seven digits.
_FAR = re.compile(rb'r="(?:[A-Z]{3}|[A-Z]*[0-9]{7})')
_CHUNK = 1 << 20
#: A row longer than this (in XML) stops the scan: openpyxl reads the sheet as it is.
_LONGEST_ROW = 64 << 20


def sheet_extent(path: str, part: str, source: str) -> int | None:
    """The last row that holds a value in the sheet XML ``part`` (from 1), or ``None``
    when the scan cannot tell and the sheet is read to its end.

    Rows below it are empty, formatted or not: they are not data, so no record
    is lost by not reading them.

    Raises:
        RecordError: a cell or row outside Excel's range, named with ``source``.
    """
    last, cells = 0, 0
    try:
        with zipfile.ZipFile(path) as archive, archive.open(part) as stream:
            for block in _rows_of(stream):
                if block is None or any(tag in block for tag in _PREFIXED):
                    return None
                _check_range(block, source)
                named = block.count(b'<c r="')
                if named != sum(map(block.count, _CELL_TAGS)) or block.count(b'<row r="') != sum(
                    map(block.count, _ROW_TAGS)
                ):
                    return None  # a cell or row without its reference
                cells += named
                at = max(block.rfind(tag) for tag in _FILLED)
                if at < 0:
                    continue
                cell = block.rfind(b'<c r="', 0, at)
                found = _REFERENCE.match(block, cell + 3) if cell >= 0 else None
                if found is None:
                    return None
                last = max(last, int(found.group(2)))
    except RecordError:  # a ValueError too: not one to swallow
        raise
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None  # openpyxl reads it, or says what is wrong
    return last if cells else None  # no cell seen: nothing here is trusted to be empty


def _rows_of(stream: Any) -> Iterator[bytes | None]:
    """The sheet XML in blocks of whole rows (``None``: a row too long to hold)."""
    pending = b""
    while chunk := stream.read(_CHUNK):
        pending += chunk
        cut = pending.rfind(b"</row>")
        cut = cut + 6 if cut >= 0 else 0
        closing = pending.rfind(b"/>")
        if closing >= cut and pending.startswith(b"<row", pending.rfind(b"<", 0, closing)):
            cut = closing + 2  # an empty row: <row r="9" s="1" customFormat="1"/>
        if cut == 0:
            if len(pending) > _LONGEST_ROW:
                yield None
                return
            continue
        yield pending[:cut]
        pending = pending[cut:]
    if pending:
        yield pending


def _check_range(block: bytes, source: str) -> None:
    for candidate in _FAR.finditer(block):
        tag = block.rfind(b"<", 0, candidate.start())
        found = _REFERENCE.match(block, candidate.start())
        if found is None or not block.startswith((b"<c ", b"<row "), tag):
            continue
        letters, digits = found.group(1), found.group(2)
        if _column(letters) > EXCEL_COLUMNS or int(digits) > EXCEL_ROWS:
            cell = (letters or b"A") + digits
            raise RecordError(_outside(source, cell.decode("ascii")))


def _outside(source: str, cell: str) -> Message:
    return said(
        "limits.cell_outside",
        source=source,
        cell=cell,
        rows=grouped(EXCEL_ROWS),
        columns=grouped(EXCEL_COLUMNS),
    )


def _column(letters: bytes) -> int:
    """``A`` → 1, ``XFD`` → 16 384."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
