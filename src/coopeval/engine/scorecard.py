"""Compile a scorecard: band tables for `bisect`, conditions, and its generated functions.

The per-item scoring is generated once per scorecard (`generated`): one
function for the full evaluation, one for the score-only path, from the same
template, kept on the compiled scorecard.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from coopeval.engine.axes import CompiledAxis, compile_axes
from coopeval.engine.generated import (
    ItemFunction,
    ScoreFunction,
    item_function,
    score_function,
    texts,
)
from coopeval.engine.tables import Table, table_of
from coopeval.expr import ROUNDING, CheckedExpression, Function, compile_expression, quantum, reads
from coopeval.ruleset.check import CheckedScorecard
from coopeval.ruleset.scorecard import Item

__all__ = [
    "CompiledCondition",
    "CompiledItem",
    "CompiledScorecard",
    "compile_scorecard",
]


@attrs.frozen
class CompiledItem:
    """A scored item as the engine runs it."""

    id: str
    group: int
    max: Decimal
    reads: tuple[int, ...]
    table: Table
    points: tuple[Decimal, ...]
    #: ``(quantum, mode)`` when the measure is rounded before the lookup.
    rounding: tuple[Decimal, str] | None


@attrs.frozen
class CompiledCondition:
    """An exclusion or override condition."""

    id: str
    test: Function = attrs.field(repr=False)
    reads: tuple[int, ...]
    #: The rating an override forces; ``None`` for an exclusion.
    rating: str | None = None


@attrs.frozen
class CompiledScorecard:
    """A scorecard ready to score many records."""

    items: tuple[CompiledItem, ...]
    group_ids: tuple[str, ...]
    group_max: tuple[Decimal, ...]
    ratings: Table
    rating_ids: tuple[str, ...]
    axes: tuple[CompiledAxis, ...]
    exclusions: tuple[CompiledCondition, ...]
    overrides: tuple[CompiledCondition, ...]
    #: Every item's points in one call: see `ItemFunction`.
    score_items: ItemFunction = attrs.field(repr=False)
    #: The total and rating in one call: see `ScoreFunction`.
    score_total: ScoreFunction = attrs.field(repr=False)


def compile_scorecard(
    checked: CheckedScorecard, positions: Mapping[str, int], name: str = "scorecard"
) -> CompiledScorecard:
    """Compile a checked scorecard body against the value slots ``positions``.

    ``name`` (the rule set's id) labels the generated code in tracebacks.
    """
    sc = checked.scorecard
    groups = tuple(g.id for g in sc.groups)
    items = tuple(
        _item(item, measure, positions, groups.index(item.group))
        for item, measure in zip(sc.items, checked.measures, strict=True)
    )
    ratings = table_of(sc.ratings.bands), tuple(r.id for r in sc.ratings.bands)
    constants: dict[str, Any] = {}
    measures = texts(checked.measures, positions, constants, "_m")
    exclusions = texts(checked.exclusions, positions, constants, "_x")
    tests = texts(checked.overrides, positions, constants, "_o")
    overrides = [(test, o.rating) for test, o in zip(tests, sc.overrides, strict=True)]
    return CompiledScorecard(
        items=items,
        group_ids=groups,
        group_max=tuple(g.max for g in sc.groups),
        ratings=ratings[0],
        rating_ids=ratings[1],
        axes=compile_axes(sc.classifications, checked.axis_measures, checked.axis_tests, positions),
        exclusions=tuple(
            _condition(ex.id, expr, positions)
            for ex, expr in zip(sc.exclusions, checked.exclusions, strict=True)
        ),
        overrides=tuple(
            _condition(ov.id, expr, positions, ov.rating)
            for ov, expr in zip(sc.overrides, checked.overrides, strict=True)
        ),
        score_items=item_function(name, items, measures, len(groups), constants),
        score_total=score_function(
            name, items, measures, exclusions, overrides, ratings, constants
        ),
    )


def _item(
    item: Item, measure: CheckedExpression, positions: Mapping[str, int], group: int
) -> CompiledItem:
    rounding = item.rounding
    return CompiledItem(
        id=item.id,
        group=group,
        max=item.max,
        reads=reads(measure, positions),
        table=table_of(item.bands),
        points=tuple(b.points for b in item.bands),
        rounding=None if rounding is None else (quantum(rounding.places), ROUNDING[rounding.mode]),
    )


def _condition(
    rule_id: str, expr: CheckedExpression, positions: Mapping[str, int], rating: str | None = None
) -> CompiledCondition:
    return CompiledCondition(
        rule_id, compile_expression(expr, positions), reads(expr, positions), rating
    )
