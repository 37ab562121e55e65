"""The December report: counts by rating and class, mean, median, shares, who is under 80.

`Summariser` takes results one at a time and keeps only counts (and the list
of cooperatives under 80, which is the report's content), so a province-sized
batch is summarised in memory that does not grow with the rows it has seen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

import attrs

from coopeval.results import Evaluation

__all__ = ["GOOD", "Summariser", "Summary", "Under"]

#: The rating every pilot must reach, and the total that earns it.
GOOD = Decimal(80)
HUNDRED = Decimal(100)


@attrs.frozen
class Under:
    """A rated cooperative below 80, and how far it is from 80."""

    id: str
    name: str
    group: str
    total: Decimal
    distance: Decimal


@attrs.frozen
class Summary:
    """Counts and statistics of one group (``group`` None: every record)."""

    group: str | None
    records: int
    statuses: tuple[tuple[str, int], ...]
    ratings: tuple[tuple[str, int], ...]
    classes: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    rated: int
    mean: Decimal | None
    median: Decimal | None
    #: Percentages of rated cooperatives: tốt, and tốt or khá.
    share_tot: Decimal | None
    share_tot_kha: Decimal | None
    under_80: tuple[Under, ...]


class Summariser:
    """Accumulates results into a `Summary` per group and one for all.

    Args:
        by: a field to group by: ``district``, ``province``, ``year``, ``name``
            (record fields) or a classification axis (``sector``, ``members``, ...).
        ratings: the rating ids in report order (best first).
        axes: the classification axes to count.
    """

    def __init__(self, by: str | None, ratings: Iterable[str], axes: Iterable[str]) -> None:
        self.by = by
        self.ratings = [*ratings, "not_rated"]
        self.axes = list(axes)
        self.groups: dict[str | None, _Tally] = {None: _Tally()}

    def add(self, ev: Evaluation) -> None:
        """Count one result, in the overall tally and in its group's."""
        key = self.group_of(ev)
        self.groups[None].add(ev, key or "")
        if self.by is not None:
            self.groups.setdefault(key, _Tally()).add(ev, key or "")

    def group_of(self, ev: Evaluation) -> str | None:
        """The value of the grouping field for one result ("?" when absent)."""
        if self.by is None:
            return None
        value = dict(ev.meta).get(self.by) or dict(ev.classification).get(self.by)
        return value or "?"

    def results(self) -> tuple[Summary, ...]:
        """The overall summary first, then one per group in sorted order."""
        keys = [None, *sorted(k for k in self.groups if k is not None)]
        return tuple(self.groups[k].summary(k, self.ratings, self.axes) for k in keys)


class _Tally:
    def __init__(self) -> None:
        self.records = 0
        self.statuses: Counter[str] = Counter()
        self.ratings: Counter[str] = Counter()
        self.classes: dict[str, Counter[str]] = {}
        self.totals: Counter[Decimal] = Counter()
        self.under: list[Under] = []

    def add(self, ev: Evaluation, group: str) -> None:
        self.records += 1
        self.statuses[ev.status] += 1
        if ev.rating is not None:
            self.ratings[ev.rating] += 1
        for axis, value in ev.classification:
            self.classes.setdefault(axis, Counter())[value or "?"] += 1
        if ev.status == "ok" and ev.total is not None and ev.rating not in (None, "not_rated"):
            self.totals[ev.total] += 1
            if ev.total < GOOD:
                name = dict(ev.meta).get("name", "")
                self.under.append(Under(ev.id or "", name, group, ev.total, GOOD - ev.total))

    def summary(self, group: str | None, ratings: list[str], axes: list[str]) -> Summary:
        rated = sum(self.totals.values())
        return Summary(
            group=group,
            records=self.records,
            statuses=tuple((s, self.statuses[s]) for s in ("ok", "not_rated", "error")),
            ratings=tuple((r, self.ratings[r]) for r in ratings),
            classes=tuple(
                (axis, tuple(sorted(self.classes.get(axis, Counter()).items()))) for axis in axes
            ),
            rated=rated,
            mean=_mean(self.totals, rated),
            median=_median(self.totals, rated),
            share_tot=_share(self.ratings["tot"], rated),
            share_tot_kha=_share(self.ratings["tot"] + self.ratings["kha"], rated),
            under_80=tuple(sorted(self.under, key=lambda u: (u.distance, u.id))),
        )


def _mean(totals: Counter[Decimal], count: int) -> Decimal | None:
    if not count:
        return None
    return sum((value * n for value, n in totals.items()), Decimal(0)) / count


def _median(totals: Counter[Decimal], count: int) -> Decimal | None:
    """The exact median from counts of each total: the middle one, or the mean of two."""
    if not count:
        return None
    middle = [(count - 1) // 2, count // 2]
    found: list[Decimal] = []
    seen = 0
    for value in sorted(totals):
        seen += totals[value]
        while middle and middle[0] < seen:
            found.append(value)
            middle.pop(0)
    return (found[0] + found[1]) / 2


def _share(part: int, whole: int) -> Decimal | None:
    return None if not whole else Decimal(part) / whole * HUNDRED
