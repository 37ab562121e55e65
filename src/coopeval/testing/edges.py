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
from coopeval.ruleset.check import CheckedProgramme, CheckedScorecard
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

#: The comparisons whose constants are edges.
_ORDER = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)

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
    """Per input: the edges worth drawing often, each with its neighbours.

    For a scorecard, the band edges of measures that are the input or an average
    of it, with the value one step below each (at the input's places); for
    either kind, the constant of every ordering comparison of the input
    (``borrower_age >= 18``, ``months_suspended > 3``) in conditions, exclusions
    and overrides, with the values one step below and above it.
    """
    compiled = _compiled(rules)
    specs = {spec.name: spec for spec in compiled.ruleset.inputs}
    below: dict[str, set[Decimal]] = {}
    for expr, bands in _measured(compiled):
        tree = expr.tree
        for name in [tree.id] if isinstance(tree, ast.Name) else _mean_of(tree, expr):
            below.setdefault(name, set()).update(_edges(bands))
    around: dict[str, set[Decimal]] = {}
    for expr in _conditions(compiled):
        for name, constant in _compared(expr):
            around.setdefault(name, set()).add(constant)
    found: dict[str, set[Decimal]] = {}
    for name in (below.keys() | around.keys()) & specs.keys():
        step = Decimal(1).scaleb(-places(specs[name]))
        found[name] = below.get(name, set()) | {e - step for e in below.get(name, ())}
        found[name] |= {e + d for e in around.get(name, ()) for d in (-step, 0, step)}
    return {name: tuple(sorted(edges)) for name, edges in found.items()}


def _measured(compiled: CompiledRuleSet[Any]) -> list[tuple[CheckedExpression, Sequence[Edged]]]:
    """A scorecard's measures (items, threshold axes) with their band tables."""
    if compiled.ruleset.kind != "scorecard":
        return []
    sc, checked = compiled.ruleset.scorecard, compiled.checked.body
    measured: list[tuple[CheckedExpression, Sequence[Edged]]] = list(
        zip(checked.measures, [i.bands for i in sc.items], strict=True)  # type: ignore[union-attr]  # a scorecard's
    )
    for axis, expr in zip(sc.classifications, checked.axis_measures, strict=True):  # type: ignore[union-attr]  # a scorecard's
        if isinstance(axis, ThresholdAxis) and expr is not None:
            measured.append((expr, axis.bands))
    return measured


def _conditions(compiled: CompiledRuleSet[Any]) -> list[CheckedExpression]:
    """The true/false expressions: a programme's leaves, a scorecard's exclusions and overrides.

    A classification's classes are compared too.
    """
    body = compiled.checked.body
    if isinstance(body, CheckedProgramme):
        return list(body.leaves.values())
    classes = [e for axis in body.axis_tests for c in axis for e in (*c.all_of, *c.any_of)]
    if isinstance(body, CheckedScorecard):
        return [*body.exclusions, *body.overrides, *classes]
    return classes


def _compared(expr: CheckedExpression) -> list[tuple[str, Decimal]]:
    """``(input, constant)`` of every ``input < constant`` (any order, either side) in ``expr``."""
    found = []
    for node in ast.walk(expr.tree):
        if not (isinstance(node, ast.Compare) and len(node.ops) == 1):
            continue
        if not isinstance(node.ops[0], _ORDER):
            continue
        for side, other in ((node.left, node.comparators[0]), (node.comparators[0], node.left)):
            value = expr.literals.get(position(other)) if isinstance(other, ast.Constant) else None
            if isinstance(side, ast.Name) and value is not None:
                found.append((side.id, value))
    return found


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
