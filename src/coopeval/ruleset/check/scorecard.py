"""Check a scorecard: structure, totals, bands, ratings, classification, expressions."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Collection, Sequence
from decimal import Decimal

import attrs

from coopeval.errors import BandError, RuleSchemaError, TotalsError
from coopeval.expr import CheckedExpression, Kind
from coopeval.messages import said
from coopeval.ruleset.check.axes import CheckedClass, check_axes
from coopeval.ruleset.check.base import Checker
from coopeval.ruleset.model import RuleSet
from coopeval.ruleset.scorecard import Criterion, Group, Item, Scorecard
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
    #: A ``classes`` axis's conditions, in order; nothing for the other axes.
    axis_tests: tuple[tuple[CheckedClass, ...], ...] = ()


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
        axes = check_axes(self, self.sc.classifications)
        return CheckedScorecard(
            self.sc,
            tuple(
                self.expr(f"$.items[{i}].measure", it.measure, Kind.NUMBER)
                for i, it in enumerate(self.sc.items)
            ),
            axes.measures,
            tuple(
                self.expr(f"$.exclusions[{i}].when", ex.when, Kind.BOOL)
                for i, ex in enumerate(self.sc.exclusions)
            ),
            tuple(self._override(i) for i in range(len(self.sc.overrides))),
            axes.tests,
        )

    def _citations(self) -> None:
        for name in ("groups", "criteria", "items", "exclusions", "overrides"):
            for index, rule in enumerate(getattr(self.sc, name)):
                self.citation(f"$.{name}[{index}]", rule.id, rule.citation)
        if not self.sc.ratings.citation.strip():
            self.fail(RuleSchemaError, "$.ratings.citation", said("scorecard.ratings_citation"))

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
                    said(
                        "scorecard.unknown_group",
                        group=repr(crit.group),
                        hint=suggest(crit.group, groups),
                    ),
                )
        for index, item in enumerate(self.sc.items):
            if item.group not in groups:
                self.fail(
                    RuleSchemaError,
                    f"$.items[{index}].group",
                    said(
                        "scorecard.unknown_group",
                        group=repr(item.group),
                        hint=suggest(item.group, groups),
                    ),
                )
            if item.criterion is None:
                continue
            found = criteria.get(item.criterion)
            if found is None:
                self.fail(
                    RuleSchemaError,
                    f"$.items[{index}].criterion",
                    said(
                        "scorecard.unknown_criterion",
                        criterion=repr(item.criterion),
                        hint=suggest(item.criterion, criteria),
                    ),
                )
            elif found.group in groups and found.group != item.group:
                self.fail(
                    RuleSchemaError,
                    f"$.items[{index}].group",
                    said(
                        "scorecard.group_mismatch",
                        item=repr(item.id),
                        group=repr(item.group),
                        criterion=repr(found.id),
                        other=repr(found.group),
                    ),
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
            key = "scorecard.criterion_sum" if table == "criteria" else "scorecard.group_sum"
            for index, rule in enumerate(rules):
                if sums[rule.id] != rule.max:
                    self.fail(
                        TotalsError,
                        f"$.{table}[{index}].max",
                        said(key, id=repr(rule.id), max=rule.max, sum=sums[rule.id]),
                    )
        total = sum((g.max for g in self.sc.groups), Decimal(0))
        if total != self.ruleset.header.total:
            self.fail(
                TotalsError,
                "$.groups",
                said("scorecard.total", sum=total, total=self.ruleset.header.total),
            )

    def _item(self, index: int, item: Item) -> None:
        path = f"$.items[{index}]"
        if item.max <= 0:
            self.fail(TotalsError, f"{path}.max", said("scorecard.max_positive", max=item.max))
        self.edges(f"{path}.bands", item.bands)
        for b, band in enumerate(item.bands):
            if not Decimal(0) <= band.points <= item.max:
                self.fail(
                    BandError,
                    f"{path}.bands[{b}].points",
                    said(
                        "bands.points_range", points=band.points, max=item.max, item=repr(item.id)
                    ),
                )
        points = [b.points for b in item.bands]
        ordered = points if item.better == "higher" else points[::-1]
        if any(a > b for a, b in itertools.pairwise(ordered)):
            self.fail(
                BandError,
                f"{path}.bands",
                said(
                    "bands.points_falling", points=str([str(p) for p in points]), better=item.better
                ),
            )
        if points and max(points) < item.max:
            self.fail(
                BandError,
                f"{path}.bands",
                said("bands.no_max", max=item.max, item=repr(item.id), highest=max(points)),
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
                said("bands.ratings_start", lower=bands[0].lower),
            )
        if bands[-1].upper is not None and bands[-1].upper <= total:
            self.fail(
                BandError,
                f"$.ratings.bands[{len(bands) - 1}].upper",
                said("bands.ratings_stop", upper=bands[-1].upper, total=total),
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
                    said(
                        "scorecard.unknown_rating",
                        rating=repr(rating),
                        hint=suggest(rating, ratings),
                        ratings=", ".join(ratings),
                    ),
                )
        self.citation("$.summary", "summary", summary.citation)

    def _override(self, index: int) -> CheckedExpression:
        override = self.sc.overrides[index]
        ratings = [r.id for r in self.sc.ratings.bands]
        if override.rating not in ratings:
            self.fail(
                RuleSchemaError,
                f"$.overrides[{index}].rating",
                said(
                    "scorecard.unknown_rating",
                    rating=repr(override.rating),
                    hint=suggest(override.rating, ratings),
                    ratings=", ".join(ratings),
                ),
            )
        return self.expr(f"$.overrides[{index}].when", override.when, Kind.BOOL)
