"""Band edges of a scorecard, and inputs that put a measure exactly on one.

Works from the *checked* syntax trees of the compiled rule set (never from rule
text): a measure that is an input, an average of inputs, or ``pct(part,
whole)``, possibly behind ``x if test else y``, is solved for an edge, and every
solution is kept only if the compiled measure, run on it, gives that edge.
"""

from __future__ import annotations

import ast
import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from coopeval.engine import CompiledRuleSet, compile_ruleset
from coopeval.engine.evaluate import CONTEXT
from coopeval.errors import UsageError
from coopeval.expr import (
    CheckedExpression,
    EvaluationProblem,
    MissingInput,
    MissingValue,
    compile_expression,
    position,
)
from coopeval.messages import said
from coopeval.ruleset import Input, RuleSet, validate_ruleset
from coopeval.ruleset.axes import ThresholdAxis
from coopeval.ruleset.scorecard import Edged

__all__ = [
    "EdgeCase",
    "Form",
    "band_edges",
    "edge_solutions",
    "fits",
    "input_edges",
    "places",
]

#: ``typed``: Python values; ``text``: strings as in a CSV cell; ``any``: either, per value.
Form = Literal["typed", "text", "any"]

#: ``(item id, edge, input name → value)``: one way to put an item on an edge.
Solution = tuple[str, Decimal, dict[str, Decimal]]


class EdgeCase(NamedTuple):
    """Inputs that put one item's measure exactly on one edge of its band table."""

    #: The item, and the band edge its measure equals.
    item: str
    edge: Decimal
    #: Input name -> raw value; merge them into a record.
    inputs: dict[str, Any]


def band_edges(rules: CompiledRuleSet[Any] | RuleSet, item_id: str) -> tuple[Decimal, ...]:
    """The finite edges of ``item_id``'s band table, ascending (both lower and upper edges).

    Raises:
        UsageError: no item has that id.
    """
    items = _ruleset(rules).scorecard.items
    for item in items:
        if item.id == item_id:
            return _edges(item.bands)
    raise UsageError(said("api.no_item", item=item_id, items=", ".join(i.id for i in items)))


def places(spec: Input) -> int:
    """Decimal places drawn: none for counts and VND, two otherwise (percentages)."""
    return 0 if spec.type == "int" or spec.unit == "VND" else 2


def fits(spec: Input, value: Decimal) -> bool:
    """Whether ``value`` is a valid value of the input: whole where it must be, within bounds."""
    if spec.type == "int" and value != value.to_integral_value():
        return False
    return (spec.at_least is None or value >= spec.at_least) and (
        spec.at_most is None or value <= spec.at_most
    )


def input_edges(rules: CompiledRuleSet[Any] | RuleSet) -> dict[str, tuple[Decimal, ...]]:
    """Per input: the band edges of measures that are it or an average of it.

    Each edge comes with the value one step below it, at the input's places.
    """
    compiled = _compiled(rules)
    sc, checked = compiled.ruleset.scorecard, compiled.checked.body
    measured: list[tuple[CheckedExpression, Sequence[Edged]]] = list(
        zip(checked.measures, [i.bands for i in sc.items], strict=True)  # type: ignore[union-attr]  # a scorecard's
    )
    for axis, expr in zip(sc.classifications, checked.axis_measures, strict=True):  # type: ignore[union-attr]  # a scorecard's
        if isinstance(axis, ThresholdAxis) and expr is not None:
            measured.append((expr, axis.bands))
    found: dict[str, set[Decimal]] = {}
    for expr, bands in measured:
        tree = expr.tree
        names = [tree.id] if isinstance(tree, ast.Name) else _mean_of(tree, expr)
        for name in names:
            found.setdefault(name, set()).update(_edges(bands))
    specs = {spec.name: spec for spec in compiled.ruleset.inputs}
    return {
        name: tuple(sorted(edges | {e - Decimal(1).scaleb(-places(specs[name])) for e in edges}))
        for name, edges in found.items()
        if name in specs
    }


def edge_solutions(
    rules: CompiledRuleSet[Any] | RuleSet, item_id: str | None = None
) -> list[Solution]:
    """Every ``(item, edge, inputs)`` found for the items (or ``item_id``).

    Raises:
        UsageError: no item (or not ``item_id``) can be put on an edge this way.
    """
    compiled = _compiled(rules)
    specs = {spec.name: spec for spec in compiled.ruleset.inputs}
    found: list[Solution] = []
    checked = compiled.checked.body.measures  # type: ignore[union-attr]  # a scorecard's
    for item, expr in zip(compiled.ruleset.scorecard.items, checked, strict=True):
        if item_id not in (None, item.id):
            continue
        measure = compile_expression(expr, compiled.slots)
        for edge in _edges(item.bands):
            for solution in _solve(expr.tree, expr, edge, specs):
                if _gives(measure, compiled.names, solution, edge):
                    found.append((item.id, edge, solution))
    if not found:
        raise UsageError(said("api.no_edge", item=item_id or "any item"))
    return found


def _compiled(rules: CompiledRuleSet[Any] | RuleSet) -> CompiledRuleSet[Any]:
    if isinstance(rules, CompiledRuleSet):
        return rules
    return compile_ruleset(validate_ruleset(rules))


def _ruleset(rules: CompiledRuleSet[Any] | RuleSet) -> RuleSet:
    return rules if isinstance(rules, RuleSet) else rules.ruleset


def _edges(bands: Sequence[Edged]) -> tuple[Decimal, ...]:
    found = {b.lower for b in bands if b.lower is not None}
    found |= {b.upper for b in bands if b.upper is not None}
    return tuple(sorted(found))


def _mean_of(node: ast.expr, expr: CheckedExpression) -> list[str]:
    """The names averaged by ``(a + b + ...) / n``, or ``[]`` for any other shape."""
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)):
        return []
    names: list[str] = []
    summed = node.left
    while isinstance(summed, ast.BinOp) and isinstance(summed.op, ast.Add):
        if not isinstance(summed.right, ast.Name):
            return []
        names.append(summed.right.id)
        summed = summed.left
    if not isinstance(summed, ast.Name) or not isinstance(node.right, ast.Constant):
        return []
    names.append(summed.id)
    return names if expr.literals.get(position(node.right)) == len(names) else []


def _solve(
    node: ast.expr, expr: CheckedExpression, edge: Decimal, specs: Mapping[str, Input]
) -> list[dict[str, Decimal]]:
    """Assignments of inputs that may make ``node`` equal ``edge`` (verified by the caller)."""
    if isinstance(node, ast.Name):
        return [{node.id: edge}] if node.id in specs and fits(specs[node.id], edge) else []
    if isinstance(node, ast.IfExp):
        return _solve(node.body, expr, edge, specs) + _solve(node.orelse, expr, edge, specs)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "pct":
        return _solve_pct(node.args, edge, specs)
    names = _mean_of(node, expr)
    if names and all(name in specs and fits(specs[name], edge) for name in names):
        return [dict.fromkeys(names, edge)]
    return []


def _solve_pct(
    args: Sequence[ast.expr], edge: Decimal, specs: Mapping[str, Input]
) -> list[dict[str, Decimal]]:
    """``pct(part, whole) == edge``: a few wholes, each with part = edge * whole / 100."""
    if len(args) != 2 or not all(isinstance(a, ast.Name) and a.id in specs for a in args):
        return []
    part, whole = (a.id for a in args if isinstance(a, ast.Name))
    return [
        {whole: Decimal(w), part: edge * w / 100}
        for w in (100, 200, 1000)
        if fits(specs[whole], Decimal(w)) and fits(specs[part], edge * w / 100)
    ]


def _gives(
    measure: Any, names: Sequence[str], solution: Mapping[str, Decimal], edge: Decimal
) -> bool:
    """Whether the compiled measure, on these inputs alone, equals ``edge``."""
    values = [solution.get(name, MissingValue(name)) for name in names]
    try:
        with decimal.localcontext(CONTEXT):
            return bool(measure(values) == edge)
    except (MissingInput, ArithmeticError, EvaluationProblem):
        return False
