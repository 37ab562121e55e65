"""Band tables as the engine looks values up in them: half-open, ``[lower, upper)``."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from coopeval.ruleset.scorecard import Edged

__all__ = ["Table", "lookup", "table_of"]


@attrs.frozen
class Table:
    """A band table ready for `bisect`: the lower edges of every band but the first."""

    lowers: tuple[Decimal, ...]
    #: The first band's lower edge and the last band's upper edge; ``None`` is open.
    lower: Decimal | None
    upper: Decimal | None

    def edges(self, band: int) -> tuple[Decimal | None, Decimal | None]:
        """The ``(lower, upper)`` edges of band number ``band``; ``None`` is open."""
        lowers = self.lowers
        low = self.lower if band == 0 else lowers[band - 1]
        high = lowers[band] if band < len(lowers) else self.upper
        return low, high

    def text(self) -> str:
        """The whole table's range, as record issues state it: ``[0, ∞)``."""
        low = "−∞" if self.lower is None else str(self.lower)
        high = "∞" if self.upper is None else str(self.upper)
        return f"[{low}, {high})"


def table_of(bands: Sequence[Edged]) -> Table:
    """The table of a checked band list (sorted, no gap, no overlap)."""
    return Table(
        lowers=tuple(b.lower for b in bands[1:] if b.lower is not None),
        lower=bands[0].lower if bands else None,
        upper=bands[-1].upper if bands else None,
    )


def lookup(table: Table, value: Any) -> int | None:
    """Index of the band holding ``value`` (``[lower, upper)``), or ``None`` outside all."""
    if (table.lower is not None and value < table.lower) or (
        table.upper is not None and value >= table.upper
    ):
        return None
    return bisect_right(table.lowers, value)
