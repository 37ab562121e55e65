"""Sets of numbers as disjoint intervals, each end open or closed: what a solve works on.

A band ``[lower, upper)`` is an `Interval`; undoing an operation maps a `Region`
(a union of intervals) through a monotone function, and a test splits one.
Infinite ends are `Decimal` infinities, so the arithmetic on ends needs no case
for them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

import attrs

__all__ = ["ALL", "EVERYTHING", "INF", "NONE", "Interval", "Region"]

INF = Decimal("Infinity")


@attrs.frozen
class Interval:
    """The numbers between ``lower`` and ``upper`` (infinite: unbounded), each end in or out."""

    lower: Decimal
    upper: Decimal
    lower_in: bool = True
    upper_in: bool = False

    @classmethod
    def band(cls, lower: Decimal | None, upper: Decimal | None) -> Interval:
        """A band as the rule files write it: ``[lower, upper)``, ``None`` for an open end."""
        return cls(-INF if lower is None else lower, INF if upper is None else upper)

    @classmethod
    def point(cls, value: Decimal) -> Interval:
        return cls(value, value, True, True)

    @property
    def empty(self) -> bool:
        if self.lower < self.upper:
            return False
        return not (self.lower == self.upper and self.lower_in and self.upper_in)

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, Decimal):
            return False
        above = value > self.lower or (value == self.lower and self.lower_in)
        below = value < self.upper or (value == self.upper and self.upper_in)
        return above and below


#: Every number.
EVERYTHING = Interval(-INF, INF, False, False)


@attrs.frozen
class Region:
    """A set of numbers: disjoint, non-empty intervals in increasing order."""

    parts: tuple[Interval, ...] = ()

    @classmethod
    def of(cls, parts: Iterable[Interval]) -> Region:
        """The union of ``parts``, merged where they touch or overlap."""
        ordered = sorted((p for p in parts if not p.empty), key=lambda p: (p.lower, not p.lower_in))
        merged: list[Interval] = []
        for part in ordered:
            if merged:
                last = merged[-1]
                touch = part.lower < last.upper or (
                    part.lower == last.upper and (part.lower_in or last.upper_in)
                )
                if touch:
                    if (part.upper, part.upper_in) > (last.upper, last.upper_in):
                        merged[-1] = attrs.evolve(last, upper=part.upper, upper_in=part.upper_in)
                    continue
            merged.append(part)
        return cls(tuple(merged))

    @property
    def empty(self) -> bool:
        return not self.parts

    def __contains__(self, value: object) -> bool:
        return any(value in part for part in self.parts)

    def union(self, other: Region) -> Region:
        return Region.of((*self.parts, *other.parts))

    def intersect(self, other: Region) -> Region:
        found = []
        for a in self.parts:
            for b in other.parts:
                lower, lower_in = max(
                    (a.lower, not a.lower_in), (b.lower, not b.lower_in)
                )  # the higher lower end; at a tie, the open one
                upper, upper_in = min((a.upper, a.upper_in), (b.upper, b.upper_in))
                found.append(Interval(lower, upper, not lower_in, upper_in))
        return Region.of(found)

    def complement(self) -> Region:
        found, lower, lower_in = [], -INF, False
        for part in self.parts:
            found.append(Interval(lower, part.lower, lower_in, not part.lower_in))
            lower, lower_in = part.upper, not part.upper_in
        found.append(Interval(lower, INF, lower_in, False))
        return Region.of(found)

    def mapped(self, f: Callable[[Decimal], Decimal], increasing: bool) -> Region:
        """The image of the region under a monotone ``f`` (ends of infinite value map too)."""
        parts = []
        for p in self.parts:
            a, b = f(p.lower), f(p.upper)
            if increasing:
                parts.append(Interval(a, b, p.lower_in, p.upper_in))
            else:
                parts.append(Interval(b, a, p.upper_in, p.lower_in))
        return Region.of(parts)


ALL = Region((EVERYTHING,))
NONE = Region()
