"""Check a scorecard: structure, totals, bands, ratings, classification, expressions."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Collection, Sequence
from decimal import Decimal

import attrs

from coopeval.errors import BandError, RuleSchemaError, TotalsError, UnknownFieldError
from coopeval.expr import CheckedExpression, Kind
from coopeval.ruleset.check.base import Checker
from coopeval.ruleset.model import RuleSet
from coopeval.ruleset.scorecard import Axis, Criterion, Group, Item, Scorecard, ThresholdAxis
from coopeval.suggest import suggest

__all__ = ["CheckedScorecard", "check_scorecard"]


@attrs.frozen
class CheckedScorecard:
    """A scorecard's expressions, parsed and typed, in the order of its tables."""

    scorecard: Scorecard
    measures: tuple[CheckedExpression, ...]
    #: ``None`` for an axis read from an enumerated input.
    axis_measures: tuple[CheckedExpression | None, ...]
    exclusions: tuple[CheckedExpression, ...]
    overrides: tuple[CheckedExpression, ...]


def check_scorecard(
    ruleset: RuleSet, known: Collection[str] | None
) -> tuple[CheckedScorecard, Checker]:
    """Check a scorecard rule set; the checker holds every problem found."""
    checker = _ScorecardChecker(ruleset, known)
    return checker.run(), checker


class _ScorecardChecker(Checker):
    def __init__(self, ruleset: RuleSet, known: Collection[str] | None) -> None:
        super().__init__(ruleset, known)
        self.sc = ruleset.scorecard

    def run(self) -> CheckedScorecard:
        self.envelope()
        self._citations()
        self._unique_ids()
        self._structure()
        self._totals()
        for index, item in enumerate(self.sc.items):
            self._item(index, item)
        self._ratings()
        self._summary()
        axes = tuple(self._axis(i, axis) for i, axis in enumerate(self.sc.classifications))
        return CheckedScorecard(
            self.sc,
            tuple(
                self.expr(f"$.items[{i}].measure", it.measure, Kind.NUMBER)
                for i, it in enumerate(self.sc.items)
            ),
            axes,
            tuple(
                self.expr(f"$.exclusions[{i}].when", ex.when, Kind.BOOL)
                for i, ex in enumerate(self.sc.exclusions)
            ),
            tuple(self._override(i) for i in range(len(self.sc.overrides))),
        )

    def _citations(self) -> None:
        for name in ("groups", "criteria", "items", "classifications", "exclusions", "overrides"):
            for index, rule in enumerate(getattr(self.sc, name)):
                self.citation(f"$.{name}[{index}]", rule.id, rule.citation)
        if not self.sc.ratings.citation.strip():
            self.fail(
                RuleSchemaError, "$.ratings.citation", "the rating table has an empty citation"
            )

    def _unique_ids(self) -> None:
        sc = self.sc
        # Groups, criteria and items share one namespace: each names a line of the table.
        self.unique(
            [
                ("groups", [g.id for g in sc.groups]),
                ("criteria", [c.id for c in sc.criteria]),
                ("items", [i.id for i in sc.items]),
            ]
        )
        for table, ids in (
            ("ratings.bands", [r.id for r in sc.ratings.bands]),
            ("classifications", [a.id for a in sc.classifications]),
            ("exclusions", [e.id for e in sc.exclusions]),
            ("overrides", [o.id for o in sc.overrides]),
        ):
            self.unique([(table, ids)])

    def _structure(self) -> None:
        groups = {g.id for g in self.sc.groups}
        criteria = {c.id: c for c in self.sc.criteria}
        for index, crit in enumerate(self.sc.criteria):
            if crit.group not in groups:
                self.fail(
                    RuleSchemaError,
                    f"$.criteria[{index}].group",
                    f"unknown group {crit.group!r}{suggest(crit.group, groups)}",
                )
        for index, item in enumerate(self.sc.items):
            if item.group not in groups:
                self.fail(
                    RuleSchemaError,
                    f"$.items[{index}].group",
                    f"unknown group {item.group!r}{suggest(item.group, groups)}",
                )
            if item.criterion is None:
                continue
            found = criteria.get(item.criterion)
            if found is None:
                self.fail(
                    RuleSchemaError,
                    f"$.items[{index}].criterion",
                    f"unknown criterion {item.criterion!r}{suggest(item.criterion, criteria)}",
                )
            elif found.group in groups and found.group != item.group:
                self.fail(
                    RuleSchemaError,
                    f"$.items[{index}].group",
                    f"item {item.id!r} is in group {item.group!r} but its criterion "
                    f"{found.id!r} is in {found.group!r}",
                )

    def _totals(self) -> None:
        by_group: dict[str, Decimal] = defaultdict(Decimal)
        by_criterion: dict[str, Decimal] = defaultdict(Decimal)
        for item in self.sc.items:
            by_group[item.group] += item.max
            if item.criterion:
                by_criterion[item.criterion] += item.max
        tables: list[tuple[str, Sequence[Criterion | Group], dict[str, Decimal]]] = [
            ("criteria", self.sc.criteria, by_criterion),
            ("groups", self.sc.groups, by_group),
        ]
        for table, rules, sums in tables:
            word = "criterion" if table == "criteria" else "group"
            for index, rule in enumerate(rules):
                if sums[rule.id] != rule.max:
                    self.fail(
                        TotalsError,
                        f"$.{table}[{index}].max",
                        f"{word} {rule.id!r} has max {rule.max} but its items add up to "
                        f"{sums[rule.id]}",
                    )
        total = sum((g.max for g in self.sc.groups), Decimal(0))
        if total != self.ruleset.header.total:
            self.fail(
                TotalsError,
                "$.groups",
                f"group maxima add up to {total}, not to the rule set's total "
                f"{self.ruleset.header.total}",
            )

    def _item(self, index: int, item: Item) -> None:
        path = f"$.items[{index}]"
        if item.max <= 0:
            self.fail(TotalsError, f"{path}.max", f"max {item.max} must be above 0")
        self.edges(f"{path}.bands", item.bands)
        for b, band in enumerate(item.bands):
            if not Decimal(0) <= band.points <= item.max:
                self.fail(
                    BandError,
                    f"{path}.bands[{b}].points",
                    f"points {band.points} outside 0…{item.max} (the max of {item.id!r})",
                )
        points = [b.points for b in item.bands]
        ordered = points if item.better == "higher" else points[::-1]
        if any(a > b for a, b in itertools.pairwise(ordered)):
            self.fail(
                BandError,
                f"{path}.bands",
                f"points {[str(p) for p in points]} fall as the measure gets better "
                f"({item.better} is better); a better measure must never score less",
            )
        if points and max(points) < item.max:
            self.fail(
                BandError,
                f"{path}.bands",
                f"no band awards the max {item.max} of {item.id!r}; the highest is {max(points)}",
            )
        self.rounding(path, item.rounding)

    def _ratings(self) -> None:
        bands = self.sc.ratings.bands
        self.edges("$.ratings.bands", bands)
        if not bands:
            return
        total = self.ruleset.header.total
        if bands[0].lower is not None and bands[0].lower > 0:
            self.fail(
                BandError,
                "$.ratings.bands[0].lower",
                f"ratings start at {bands[0].lower}; totals from 0 are not rated: set lower = 0 "
                "or leave it open",
            )
        if bands[-1].upper is not None and bands[-1].upper <= total:
            self.fail(
                BandError,
                f"$.ratings.bands[{len(bands) - 1}].upper",
                f"ratings stop below {bands[-1].upper}, so a total of {total} gets no rating: "
                "leave 'upper' open",
            )

    def _summary(self) -> None:
        summary = self.sc.summary
        if summary is None:
            return
        ratings = [r.id for r in self.sc.ratings.bands]
        named = [("$.summary.target", summary.target)] + [
            (f"$.summary.shares[{n}]", rating)
            for n, group in enumerate(summary.shares)
            for rating in group
        ]
        for path, rating in named:
            if rating not in ratings:
                self.fail(
                    RuleSchemaError,
                    path,
                    f"unknown rating {rating!r}{suggest(rating, ratings)}; ratings: "
                    f"{', '.join(ratings)}",
                )
        self.citation("$.summary", "summary", summary.citation)

    def _axis(self, index: int, axis: Axis) -> CheckedExpression | None:
        path = f"$.classifications[{index}]"
        if isinstance(axis, ThresholdAxis):
            self.edges(f"{path}.bands", axis.bands)
            return self.expr(f"{path}.measure", axis.measure, Kind.NUMBER)
        info = self.infos.get(axis.input)
        if info is None or not info.values:
            self.fail(
                UnknownFieldError,
                f"{path}.input",
                f"{axis.input!r} is not a declared enum input{suggest(axis.input, self.infos)}",
            )
            return None
        extra = [v.value for v in axis.values if v.value not in info.values]
        if extra:
            self.fail(
                RuleSchemaError,
                f"{path}.values",
                f"values {extra} are not values of input {axis.input!r}: {', '.join(info.values)}",
            )
        return None

    def _override(self, index: int) -> CheckedExpression:
        override = self.sc.overrides[index]
        ratings = [r.id for r in self.sc.ratings.bands]
        if override.rating not in ratings:
            self.fail(
                RuleSchemaError,
                f"$.overrides[{index}].rating",
                f"unknown rating {override.rating!r}{suggest(override.rating, ratings)}; ratings: "
                f"{', '.join(ratings)}",
            )
        return self.expr(f"$.overrides[{index}].when", override.when, Kind.BOOL)
