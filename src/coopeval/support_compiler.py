"""Compile an eligibility rule set: positions for inputs, parameters and amounts.

A record's value tuple holds the declared inputs, then one slot per parameter,
then one per amount, in file order; every expression indexes it directly.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs

from coopeval.compiler import Function, compile_expression
from coopeval.expressions import CheckedExpression
from coopeval.records import RecordSchema
from coopeval.runtime import ROUNDING
from coopeval.support_model import Parameter, Period, Programme
from coopeval.support_validation import CheckedProgramme, children_of

__all__ = ["CompiledNode", "CompiledParameter", "CompiledProgramme", "compile_programme"]

NodeKind = Literal["when", "all_of", "any_of", "none_of", "at_least"]


@attrs.frozen
class CompiledParameter:
    """An effective-dated table ready for `bisect` on the date."""

    id: str
    by: int
    on: int
    dates: tuple[dt.date, ...]
    periods: tuple[Period, ...]

    def period(self, day: dt.date) -> Period | None:
        """The period in force on ``day``: the latest that starts on or before it."""
        index = bisect_right(self.dates, day)
        return self.periods[index - 1] if index else None


@attrs.frozen
class CompiledAmount:
    """An amount formula over the value tuple."""

    id: str
    slot: int
    formula: Function = attrs.field(repr=False)
    reads: tuple[int, ...]
    rounding: tuple[Decimal, str] | None


@attrs.frozen
class CompiledNode:
    """One condition: a leaf test, or a combination of other nodes by index."""

    id: str
    kind: NodeKind
    test: Function | None = attrs.field(repr=False)
    reads: tuple[int, ...]
    children: tuple[int, ...]
    at_least: int = 0
    #: The test branches on has(): the input its branch lacked is reported, with
    #: the absent inputs it tested, which would have chosen the other branch.
    branches: bool = False
    guards: tuple[int, ...] = ()


@attrs.frozen
class CompiledSetRule:
    """A set rule's expressions, compiled."""

    id: str
    among: Function = attrs.field(repr=False)
    where: Function | None = attrs.field(repr=False)
    keys: tuple[Function, ...] = attrs.field(repr=False)
    reads: tuple[int, ...]


@attrs.frozen
class CompiledProgramme:
    """An eligibility rule set ready to evaluate many records."""

    checked: CheckedProgramme = attrs.field(repr=False)
    names: tuple[str, ...]
    #: Inputs taken from other rule sets: (slot, rule-set id, result field).
    derived: tuple[tuple[int, str, str], ...]
    parameters: tuple[CompiledParameter, ...]
    amounts: tuple[CompiledAmount, ...]
    nodes: tuple[CompiledNode, ...]
    root: int | None
    set_rules: tuple[CompiledSetRule, ...]
    schema: RecordSchema = attrs.field(repr=False)

    @property
    def programme(self) -> Programme:
        """The rule set this was compiled from (labels, citations, statuses)."""
        return self.checked.programme

    @property
    def id(self) -> str:
        """The programme's id, such as ``nd45-2021``."""
        return self.checked.programme.ruleset.id


def compile_programme(checked: CheckedProgramme) -> CompiledProgramme:
    """Compile every expression of a validated eligibility rule set once."""
    pg = checked.programme
    names = (
        tuple(i.name for i in pg.inputs)
        + tuple(p.id for p in pg.parameters)
        + tuple(a.id for a in pg.amounts)
    )
    positions = {name: index for index, name in enumerate(names)}
    ids = {c.id: index for index, c in enumerate(pg.conditions)}
    base = len(pg.inputs)
    return CompiledProgramme(
        checked=checked,
        names=names,
        derived=tuple(
            (positions[i.name], i.source.ruleset, i.source.field)
            for i in pg.inputs
            if i.source is not None
        ),
        parameters=tuple(_parameter(p, positions) for p in pg.parameters),
        amounts=tuple(
            CompiledAmount(
                a.id,
                base + len(pg.parameters) + n,
                compile_expression(expr, positions),
                _reads(expr, positions),
                None
                if a.rounding is None
                else (Decimal(1).scaleb(-a.rounding.places), ROUNDING[a.rounding.mode]),
            )
            for n, (a, expr) in enumerate(zip(pg.amounts, checked.amounts, strict=True))
        ),
        nodes=tuple(_node(c, checked.leaves.get(c.id), positions, ids) for c in pg.conditions),
        root=None if pg.root is None else ids[pg.root],
        set_rules=tuple(
            CompiledSetRule(
                rule.id,
                compile_expression(among, positions),
                None if where is None else compile_expression(where, positions),
                tuple(compile_expression(k, positions) for k in keys),
                _reads_all([among, *([where] if where else []), *keys], positions),
            )
            for rule, (among, where, keys) in zip(pg.set_rules, checked.set_rules, strict=True)
        ),
        schema=RecordSchema(pg.inputs, {}),
    )


def _parameter(parameter: Parameter, positions: Mapping[str, int]) -> CompiledParameter:
    return CompiledParameter(
        parameter.id,
        positions[parameter.by],
        positions[parameter.on],
        tuple(p.effective_from for p in parameter.periods),
        parameter.periods,
    )


def _node(
    condition: Any,
    leaf: CheckedExpression | None,
    positions: Mapping[str, int],
    ids: Mapping[str, int],
) -> CompiledNode:
    if leaf is not None:
        return CompiledNode(
            condition.id,
            "when",
            compile_expression(leaf, positions),
            _reads(leaf, positions),
            (),
            branches=bool(leaf.guarded),
            guards=tuple(positions[name] for name in leaf.guarded),
        )
    kind: NodeKind = (
        "all_of"
        if condition.all_of
        else "any_of"
        if condition.any_of
        else "none_of"
        if condition.none_of
        else "at_least"
    )
    children = tuple(ids[c] for c in children_of(condition))
    return CompiledNode(condition.id, kind, None, (), children, condition.at_least or 0)


def _reads(expr: CheckedExpression, positions: Mapping[str, int]) -> tuple[int, ...]:
    return tuple(positions[name] for name in expr.reads)


def _reads_all(exprs: Sequence[CheckedExpression], positions: Mapping[str, int]) -> tuple[int, ...]:
    found: list[int] = []
    for expr in exprs:
        found.extend(p for p in _reads(expr, positions) if p not in found)
    return tuple(found)
