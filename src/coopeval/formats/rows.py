"""Records as a file gives them, before any typing: one per data row, or why not.

Each record comes with its 1-based row: the spreadsheet row for CSV and XLSX
(the header row counts), the line for JSONL, the position in the list for JSON.
A row that cannot be read at all is an `Unreadable`, never dropped, so the
output always has one row per input row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import attrs

__all__ = ["FORMATS", "Format", "RawRecord", "Skipped", "Unreadable"]

Format = Literal["json", "jsonl", "csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("json", "jsonl", "csv", "xlsx")


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
    #: Field → the power of ten its column's unit scales a number by (the plan's).
    powers: Mapping[str, int] = attrs.field(factory=dict, eq=False, repr=False)
    #: Whether the file has self-assessed points; ``None``: look in each record.
    scored: bool | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class Unreadable:
    """A row that could not be read as a record, with the reason."""

    row: int
    text: str
    reason: str


@attrs.frozen
class Skipped:
    """A row that is not a record and is left out on purpose: a totals row.

    ``code`` says how it was told: ``totals_word`` (its id or name cell says
    ``Tổng cộng``, the ``word``), or ``totals_sums`` (it has no id and its
    numbers are the sums of the rows above it).
    """

    row: int
    code: str
    word: str = ""
