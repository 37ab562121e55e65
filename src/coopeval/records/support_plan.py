"""Support-plan lines as read from a table: one per cooperative × content × budget source.

A line with no cooperative stands for the whole province, one with no content for
every content: both are totals of the detailed lines under them. Amounts are
exact đồng; a blank cell is not reported (``None`` is never read as 0).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import attrs

from coopeval.records.values import fold

__all__ = ["PlanLine", "PlanTable"]


@attrs.frozen
class PlanLine:
    """One line of a support-plan table."""

    #: The table's code (``bieu-2``); ``""`` when the file has no table column.
    table: str
    #: The line's number in the review's table, as written (``3``).
    line: str
    #: The row of the file it was read from (the header counts).
    row: int
    #: The cooperative's code; ``None``: the whole province.
    cooperative: str | None
    #: The content of support, as written; ``None``: every content.
    content: str | None
    #: The budget source's code (``central``).
    source: str
    #: Figure (``need``, ``allocated_2022``, a share's id) → amount in đồng (a share in %).
    figures: Mapping[str, Decimal] = attrs.field(factory=dict)
    #: Figure → the column it was read from (``F (Nhu cầu (triệu đồng))``).
    columns: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def detailed(self) -> bool:
        """Whether the line gives both a cooperative and a content."""
        return self.cooperative is not None and self.content is not None

    def covers(self, other: PlanLine) -> bool:
        """Whether ``other`` is a detailed line under this total (same table and source)."""
        return (
            other.detailed
            and not self.detailed
            and other.table == self.table
            and other.source == self.source
            and self.cooperative in (None, other.cooperative)
            and (self.content is None or _same(self.content, other.content))
        )

    def key(self) -> tuple[str | None, str | None, str]:
        """What the line is about, whatever its table: cooperative, content (folded), source."""
        return (self.cooperative, _fold(self.content), self.source)


@attrs.frozen
class PlanTable:
    """The lines of a support-plan file, in file order, and where they came from."""

    source: str
    lines: tuple[PlanLine, ...]
    #: Rows left out (a totals row the reader recognised), as (row, word).
    skipped: tuple[tuple[int, str], ...] = ()


def _fold(text: str | None) -> str | None:
    return None if text is None else fold(text)


def _same(a: str | None, b: str | None) -> bool:
    return _fold(a) == _fold(b)
