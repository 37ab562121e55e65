"""Check classification axes, for the scorecards and the classification rule files that have them.

Each axis cites its article; a threshold axis has a sound band table and a
number measure; an enumerated axis reads a declared enum input and only its
values; a ``classes`` axis has true-or-false conditions, and a class reached by
several rules (large by the agriculture thresholds, large by industry's) has
one label;
an axis's dates, when given, are in order.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from coopeval.errors import RuleSchemaError, UnknownFieldError
from coopeval.expr import CheckedExpression, Kind
from coopeval.messages import said
from coopeval.ruleset.axes import Axis, ClassRule, EnumAxis, RuleAxis, ThresholdAxis
from coopeval.ruleset.check.base import Checker
from coopeval.suggest import suggest

__all__ = ["CheckedAxes", "CheckedClass", "check_axes"]


@attrs.frozen
class CheckedClass:
    """One class of a ``classes`` axis with its conditions parsed and typed."""

    all_of: tuple[CheckedExpression, ...]
    any_of: tuple[CheckedExpression, ...]


@attrs.frozen
class CheckedAxes:
    """The checked expressions of a list of axes, one entry per axis.

    ``measures`` holds a threshold axis's measure (else ``None``); ``tests``
    a ``classes`` axis's conditions, in order (else nothing).
    """

    measures: tuple[CheckedExpression | None, ...]
    tests: tuple[tuple[CheckedClass, ...], ...]


def check_axes(checker: Checker, axes: Sequence[Axis]) -> CheckedAxes:
    """Check ``axes`` (the ``classifications`` table) with ``checker``, which keeps the problems."""
    checker.unique([("classifications", [a.id for a in axes])])
    measures: list[CheckedExpression | None] = []
    tests: list[tuple[CheckedClass, ...]] = []
    for index, axis in enumerate(axes):
        path = f"$.classifications[{index}]"
        checker.citation(path, axis.id, axis.citation)
        _dates(checker, path, axis)
        measures.append(
            checker.expr(f"{path}.measure", axis.measure, Kind.NUMBER)
            if isinstance(axis, ThresholdAxis)
            else None
        )
        if isinstance(axis, ThresholdAxis):
            checker.edges(f"{path}.bands", axis.bands)
        elif isinstance(axis, EnumAxis):
            _enumeration(checker, path, axis)
        tests.append(_classes(checker, path, axis) if isinstance(axis, RuleAxis) else ())
    return CheckedAxes(tuple(measures), tuple(tests))


def _dates(checker: Checker, path: str, axis: Axis) -> None:
    start, end = axis.effective_from, axis.effective_to
    if start is not None and end is not None and end < start:
        checker.fail(
            RuleSchemaError,
            f"{path}.effective_to",
            said("axes.dates", id=repr(axis.id), start=start, end=end),
        )


def _enumeration(checker: Checker, path: str, axis: EnumAxis) -> None:
    info = checker.infos.get(axis.input)
    if info is None or not info.values:
        checker.fail(
            UnknownFieldError,
            f"{path}.input",
            said(
                "scorecard.axis_input",
                input=repr(axis.input),
                hint=suggest(axis.input, checker.infos),
            ),
        )
        return
    extra = [v.value for v in axis.values if v.value not in info.values]
    if extra:
        checker.fail(
            RuleSchemaError,
            f"{path}.values",
            said(
                "scorecard.axis_values",
                extra=str(extra),
                input=repr(axis.input),
                values=", ".join(info.values),
            ),
        )


def _classes(checker: Checker, path: str, axis: RuleAxis) -> tuple[CheckedClass, ...]:
    if not axis.classes:
        checker.fail(RuleSchemaError, f"{path}.classes", said("axes.no_classes", id=repr(axis.id)))
    labels: dict[str, ClassRule] = {}
    for number, rule in enumerate(axis.classes):
        first = labels.setdefault(rule.value, rule)
        if first.label != rule.label:
            checker.fail(
                RuleSchemaError,
                f"{path}.classes[{number}].label",
                said("axes.class_label", value=repr(rule.value), first=first.label.vi),
            )
    return tuple(
        CheckedClass(
            tuple(
                checker.expr(f"{path}.classes[{number}].all_of[{i}]", text, Kind.BOOL)
                for i, text in enumerate(rule.all_of)
            ),
            tuple(
                checker.expr(f"{path}.classes[{number}].any_of[{i}]", text, Kind.BOOL)
                for i, text in enumerate(rule.any_of)
            ),
        )
        for number, rule in enumerate(axis.classes)
    )
