"""Compile and run classification axes, for scorecards and classification rule sets alike.

A record is classified on each axis in force on its date (`record_day`): an
axis out of force gives no class. A threshold axis looks its measure up in its
bands, an enumerated axis reads its input, a ``classes`` axis takes the first
class whose condition holds. An input that is absent (or a computation that
fails) leaves the class unknown, ``None``: never a guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from coopeval.engine.tables import Table, lookup, table_of
from coopeval.expr import (
    CheckedExpression,
    EvaluationProblem,
    Function,
    MissingInput,
    MissingValue,
    compile_expression,
    reads,
)
from coopeval.ruleset.axes import Axis, EnumAxis, RuleAxis, in_force
from coopeval.ruleset.check import CheckedClassification
from coopeval.ruleset.check.axes import CheckedClass

__all__ = [
    "CompiledAxis",
    "CompiledClassification",
    "classify",
    "compile_axes",
    "compile_classification",
    "unclassified",
]


@attrs.frozen
class CompiledClass:
    """One class of a ``classes`` axis: its value and its compiled conditions."""

    value: str
    all_of: tuple[Function, ...] = attrs.field(repr=False)
    any_of: tuple[Function, ...] = attrs.field(repr=False)

    def holds(self, values: Sequence[Any]) -> bool | None:
        """Whether the class holds; ``None`` when absent inputs leave it open (Kleene's logic)."""
        every: bool | None = True
        for test in self.all_of:
            told = _truth(test, values)
            if told is False:
                return False
            every = every and told
        if not self.any_of:
            return every
        some: bool | None = False
        for test in self.any_of:
            told = _truth(test, values)
            if told:
                some = True
                break
            if told is None:
                some = None
        if some is False:
            return False
        return True if every and some else None


@attrs.frozen
class CompiledAxis:
    """A classification axis: thresholds on a measure, an enumerated input, or ordered classes."""

    id: str
    #: ``None`` for an enumerated axis, which reads its one input as it is.
    measure: Function | None = attrs.field(repr=False)
    reads: tuple[int, ...]
    table: Table | None
    classes: tuple[str, ...]
    #: A ``classes`` axis's classes, in order.
    rules: tuple[CompiledClass, ...] = ()
    #: The axis as its rule file has it (dates, labels).
    axis: Axis | None = attrs.field(default=None, eq=False, repr=False)


def compile_axes(
    axes: Sequence[Axis],
    measures: Sequence[CheckedExpression | None],
    tests: Sequence[Sequence[CheckedClass]],
    positions: Mapping[str, int],
) -> tuple[CompiledAxis, ...]:
    """Compile checked axes against the value slots ``positions``."""
    everyone = tests or [()] * len(axes)
    return tuple(
        _axis(axis, measure, conditions, positions)
        for axis, measure, conditions in zip(axes, measures, everyone, strict=True)
    )


@attrs.frozen
class CompiledClassification:
    """A classification rule set's axes, ready to classify many records."""

    axes: tuple[CompiledAxis, ...]


def compile_classification(
    checked: CheckedClassification, positions: Mapping[str, int]
) -> CompiledClassification:
    """Compile a checked classification body against the value slots ``positions``."""
    axes = checked.classification.classifications
    return CompiledClassification(
        compile_axes(axes, checked.axis_measures, checked.axis_tests, positions)
    )


def classify(
    axes: Sequence[CompiledAxis], values: Sequence[Any], day: dt.date
) -> tuple[tuple[str, str | None], ...]:
    """The class of the record ``values`` on each axis in force on ``day``.

    ``None`` where none can be given; an axis out of force on ``day`` is left out.
    """
    return tuple((axis.id, _class(axis, values)) for axis in axes if _in_force(axis, day))


def unclassified(
    axes: Sequence[CompiledAxis], day: dt.date | None
) -> tuple[tuple[str, str | None], ...]:
    """Each axis in force on ``day`` with no class: a record that could not be classified."""
    return tuple((axis.id, None) for axis in axes if day is None or _in_force(axis, day))


def _in_force(axis: CompiledAxis, day: dt.date) -> bool:
    return axis.axis is None or in_force(axis.axis, day)


def _class(axis: CompiledAxis, values: Sequence[Any]) -> str | None:
    try:
        if axis.rules:
            for rule in axis.rules:
                holds = rule.holds(values)
                if holds is not False:  # the first that holds, or one left open: unknown
                    return rule.value if holds else None
            return None
        if axis.table is not None and axis.measure is not None:
            band = lookup(axis.table, axis.measure(values))
            return None if band is None else axis.classes[band]
    except (MissingInput, ArithmeticError, EvaluationProblem):
        return None
    value = values[axis.reads[0]]
    return None if isinstance(value, MissingValue) or value is None else str(value)


def _axis(
    axis: Axis,
    measure: CheckedExpression | None,
    tests: Sequence[CheckedClass],
    positions: Mapping[str, int],
) -> CompiledAxis:
    if isinstance(axis, EnumAxis):
        values = tuple(v.value for v in axis.values)
        return CompiledAxis(axis.id, None, (positions[axis.input],), None, values, axis=axis)
    if isinstance(axis, RuleAxis):
        every = [e for checked in tests for e in (*checked.all_of, *checked.any_of)]
        slots = sorted({slot for e in every for slot in reads(e, positions)})
        return CompiledAxis(
            axis.id,
            None,
            tuple(slots),
            None,
            tuple(c.value for c in axis.classes),
            tuple(
                CompiledClass(
                    rule.value,
                    tuple(compile_expression(e, positions) for e in checked.all_of),
                    tuple(compile_expression(e, positions) for e in checked.any_of),
                )
                for rule, checked in zip(axis.classes, tests, strict=True)
            ),
            axis,
        )
    if measure is None:
        msg = f"threshold axis {axis.id!r} was checked without its measure"
        raise TypeError(msg)
    return CompiledAxis(
        axis.id,
        compile_expression(measure, positions),
        reads(measure, positions),
        table_of(axis.bands),
        tuple(b.value for b in axis.bands),
        axis=axis,
    )


def _truth(test: Function, values: Sequence[Any]) -> bool | None:
    """A condition's truth for a record; ``None`` when its inputs are absent or it fails."""
    try:
        return test(values) is True
    except (MissingInput, ArithmeticError, EvaluationProblem):
        return None
