"""Compile an eligibility programme: the condition tree, amounts and set rules.

Conditions become nodes indexed by position (a leaf's test, or the children a
composite combines); amounts write their value into their own slot of the value
tuple, so later amounts and conditions read them like inputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Literal

import attrs

from coopeval.expr import ROUNDING, CheckedExpression, Function, compile_expression, quantum, reads
from coopeval.ruleset.check import CheckedProgramme, children_of
from coopeval.ruleset.programme import Amount, Condition

__all__ = [
    "CompiledAmount",
    "CompiledNode",
    "CompiledProgramme",
    "CompiledSetRule",
    "NodeKind",
    "compile_programme",
]

NodeKind = Literal["when", "all_of", "any_of", "none_of", "at_least"]


@attrs.frozen
class CompiledAmount:
    """An amount formula over the value tuple, and the slot its value goes to."""

    id: str
    slot: int
    formula: Function = attrs.field(repr=False)
    reads: tuple[int, ...]
    rounding: tuple[Decimal, str] | None
    spec: Amount = attrs.field(repr=False)


@attrs.frozen
class CompiledNode:
    """One condition: a leaf test, or a combination of other nodes by index."""

    id: str
    kind: NodeKind
    test: Function | None = attrs.field(repr=False)
    reads: tuple[int, ...]
    children: tuple[int, ...]
    spec: Condition = attrs.field(repr=False)
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
    """An eligibility programme ready to judge many records."""

    amounts: tuple[CompiledAmount, ...]
    nodes: tuple[CompiledNode, ...]
    root: int | None
    set_rules: tuple[CompiledSetRule, ...]


def compile_programme(checked: CheckedProgramme, positions: Mapping[str, int]) -> CompiledProgramme:
    """Compile a checked programme body against the value slots ``positions``."""
    pg = checked.programme
    ids = {c.id: index for index, c in enumerate(pg.conditions)}
    return CompiledProgramme(
        amounts=tuple(
            CompiledAmount(
                a.id,
                positions[a.id],
                compile_expression(expr, positions),
                reads(expr, positions),
                None
                if a.rounding is None
                else (quantum(a.rounding.places), ROUNDING[a.rounding.mode]),
                a,
            )
            for a, expr in zip(pg.amounts, checked.amounts, strict=True)
        ),
        nodes=tuple(_node(c, checked.leaves.get(c.id), positions, ids) for c in pg.conditions),
        root=None if pg.root is None else ids[pg.root],
        set_rules=tuple(
            CompiledSetRule(
                rule.id,
                compile_expression(checked_rule.among, positions),
                None
                if checked_rule.where is None
                else compile_expression(checked_rule.where, positions),
                tuple(compile_expression(k, positions) for k in checked_rule.keys),
                _reads_all(
                    [
                        checked_rule.among,
                        *([checked_rule.where] if checked_rule.where else []),
                        *checked_rule.keys,
                    ],
                    positions,
                ),
            )
            for rule, checked_rule in zip(pg.set_rules, checked.set_rules, strict=True)
        ),
    )


def _node(
    condition: Condition,
    leaf: CheckedExpression | None,
    positions: Mapping[str, int],
    ids: Mapping[str, int],
) -> CompiledNode:
    if leaf is not None:
        return CompiledNode(
            condition.id,
            "when",
            compile_expression(leaf, positions),
            reads(leaf, positions),
            (),
            condition,
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
    return CompiledNode(condition.id, kind, None, (), children, condition, condition.at_least or 0)


def _reads_all(exprs: Sequence[CheckedExpression], positions: Mapping[str, int]) -> tuple[int, ...]:
    found: list[int] = []
    for expr in exprs:
        found.extend(p for p in reads(expr, positions) if p not in found)
    return tuple(found)
