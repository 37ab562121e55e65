"""The December report: counts by rating and class, mean, median, shares, who is under 80.

`Summariser` takes results one at a time and keeps only counts (and the list
of cooperatives under the target, which is the report's content), so a
province-sized batch is summarised in memory that does not grow with the rows
it has seen. What the report leads with is the scorecard's own data (its
``[summary]`` table): the target rating, whose lower edge (80 for tốt) the
under-target list measures against, and the groups of ratings whose shares
are reported (tốt; tốt or khá).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import attrs

from coopeval.engine.results import Evaluation
from coopeval.ruleset.scorecard import Scorecard, SummaryTargets

__all__ = ["Share", "Summariser", "Summary", "Under", "summary_dict", "targets"]

HUNDRED = Decimal(100)


def targets(scorecard: Scorecard) -> SummaryTargets:
    """The scorecard's ``[summary]`` table, or its default: the top rating, and the
    shares of the top rating and of the top two."""
    if scorecard.summary is not None:
        return scorecard.summary
    best = [r.id for r in reversed(scorecard.ratings.bands)]
    return SummaryTargets(best[0], (tuple(best[:1]), tuple(best[:2])), "", "confirmed")


@attrs.frozen
class Share:
    """The share of rated cooperatives whose rating is one of ``ratings``, in %."""

    ratings: tuple[str, ...]
    value: Decimal | None

    @property
    def key(self) -> str:
        """``share_tot_kha``: a name for the share in data outputs."""
        return "share_" + "_".join(self.ratings)


@attrs.frozen
class Under:
    """A rated cooperative below the target, and how far it is from it."""

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
    #: Percentages of rated cooperatives in each group of ratings of the targets.
    shares: tuple[Share, ...]
    #: The target rating and the total that earns it.
    target: str
    edge: Decimal
    #: The rated cooperatives below ``edge``, nearest first.
    under: tuple[Under, ...]


class Summariser:
    """Accumulates results into a `Summary` per group and one for all.

    Args:
        by: a field to group by: ``district``, ``province``, ``year``, ``name``
            (record fields) or a classification axis (``sector``, ``members``, ...).
        scorecard: the rule set's body: its ratings (reported best first), its
            classification axes, and its summary targets.
    """

    def __init__(self, by: str | None, scorecard: Scorecard) -> None:
        self.by = by
        self.ratings = [r.id for r in reversed(scorecard.ratings.bands)] + ["not_rated"]
        self.axes = [a.id for a in scorecard.classifications]
        self.targets = targets(scorecard)
        edge = next(r.lower for r in scorecard.ratings.bands if r.id == self.targets.target)
        self.edge = edge if edge is not None else Decimal(0)
        self.groups: dict[str | None, _Tally] = {None: _Tally(self.edge)}

    def add(self, ev: Evaluation) -> None:
        """Count one result, in the overall tally and in its group's."""
        key = self.group_of(ev)
        self.groups[None].add(ev, key or "")
        if self.by is not None:
            self.groups.setdefault(key, _Tally(self.edge)).add(ev, key or "")

    def group_of(self, ev: Evaluation) -> str | None:
        """The value of the grouping field for one result ("?" when absent)."""
        if self.by is None:
            return None
        value = dict(ev.meta).get(self.by) or dict(ev.classification).get(self.by)
        return value or "?"

    def results(self) -> tuple[Summary, ...]:
        """The overall summary first, then one per group in sorted order."""
        keys = [None, *sorted(k for k in self.groups if k is not None)]
        return tuple(self.groups[k].summary(k, self) for k in keys)


class _Tally:
    def __init__(self, edge: Decimal) -> None:
        self.edge = edge
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
            if ev.total < self.edge:
                name = dict(ev.meta).get("name", "")
                self.under.append(Under(ev.id or "", name, group, ev.total, self.edge - ev.total))

    def summary(self, group: str | None, of: Summariser) -> Summary:
        rated = sum(self.totals.values())
        ratings, axes = of.ratings, of.axes
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
            shares=tuple(
                Share(group_of, _share(sum(self.ratings[r] for r in group_of), rated))
                for group_of in of.targets.shares
            ),
            target=of.targets.target,
            edge=of.edge,
            under=tuple(sorted(self.under, key=lambda u: (u.distance, u.id))),
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


def summary_dict(summary: Summary) -> dict[str, object]:
    """A summary as JSON data: counts as objects, numbers as decimal strings (exact)."""

    def number(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    return {
        "group": summary.group,
        "records": summary.records,
        "statuses": dict(summary.statuses),
        "ratings": dict(summary.ratings),
        "classes": {axis: dict(counts) for axis, counts in summary.classes},
        "rated": summary.rated,
        "mean": number(summary.mean),
        "median": number(summary.median),
        "shares": {share.key: number(share.value) for share in summary.shares},
        "target": summary.target,
        "edge": str(summary.edge),
        "under": [
            {
                "id": u.id,
                "name": u.name,
                "group": u.group,
                "total": str(u.total),
                "distance": str(u.distance),
            }
            for u in summary.under
        ],
    }
