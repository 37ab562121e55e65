"""Per-item monotone: raising an input never lowers an item's points, where that holds.

It holds only where it can be shown from the rule set, and only there is it
checked (`directions`): the item's band points never fall (or never rise) from
band to band, and its measure moves one way with the input, as read from the
checked expression tree: the input itself, sums and differences, products and
quotients by a constant, ``pct(part, whole)`` in ``part`` (``whole`` a count
that cannot be negative), ``min``/``max``/``round``/``floor``/``ceil`` of such,
``x if test else y`` where the test does not read the input and both branches
move the same way, and ``a if input > c else b`` (or a true/false input) with
constant branches. Anything else (``pct`` in its ``whole``, a product of two
inputs, ``abs``) is left unchecked: it is not monotone in general, and nothing
is claimed for it. "Raising" a true/false input is making it true.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any

from coopeval.engine import CompiledRuleSet, evaluate
from coopeval.engine.results import Evaluation
from coopeval.expr import CheckedExpression, position
from coopeval.messages import Message, said
from coopeval.ruleset import Input, RuleSet
from coopeval.ruleset.scorecard import Item
from coopeval.testing.edges import _compiled, input_edges, places

__all__ = ["directions", "monotone_items"]

#: How a quantity moves with an input: 1 with it, -1 against it, 0 not at all,
#: ``None``: no way can be shown.
Sign = int | None
_ONE_WAY = ("min", "max", "round", "floor", "ceil")


def directions(rules: CompiledRuleSet[Any] | RuleSet) -> dict[str, dict[str, int]]:
    """Item id → input → 1 (points never fall as it rises) or -1 (never rise).

    Only the pairs where monotonicity can be shown are listed (see the module).
    """
    compiled = _compiled(rules)
    specs = {spec.name: spec for spec in compiled.ruleset.inputs}
    measures = compiled.checked.body.measures  # type: ignore[union-attr]  # a scorecard's
    found: dict[str, dict[str, int]] = {}
    for item, expr in zip(compiled.ruleset.scorecard.items, measures, strict=True):
        bands = _band_sign(item)
        if not bands:
            continue
        own = {}
        for name in expr.reads:
            sign = _Signs(expr, name, specs).of(expr.tree) if name in specs else None
            if sign:
                own[name] = sign * bands
        if own:
            found[item.id] = own
    return found


def monotone_items(
    rules: CompiledRuleSet[Any] | RuleSet,
    record: Mapping[str, Any],
    *,
    inputs: Collection[str] | None = None,
) -> None:
    """Raising one input of ``record`` moves no item against its `directions`.

    Each input (or each of ``inputs``) is raised in turn: one step, to the next
    edge drawn for it, and to about twice its value, within its bounds. Items
    whose points are computed both times are compared.

    Raises:
        AssertionError: an item's points moved the wrong way; the message names
            the record, the input, both values, the item and both points.
    """
    __tracebackhide__ = True  # pytest shows the user's test, not this helper
    compiled = _compiled(rules)
    specs = {spec.name: spec for spec in compiled.ruleset.inputs}
    ways = directions(compiled)
    before = _points(evaluate(compiled, record))
    read = {name for own in ways.values() for name in own}
    edges = input_edges(compiled)
    for name in sorted(read if inputs is None else read & set(inputs)):
        if record.get(name) is None:
            continue
        for higher in _raised(specs[name], record[name], edges.get(name, ())):
            after = _points(evaluate(compiled, {**record, name: higher}))
            for item, own in ways.items():
                way = own.get(name)
                if way is None or item not in before or item not in after:
                    continue
                if (after[item] - before[item]) * way < 0:
                    rid = str(record.get("id", "(no id)"))
                    moved = (before[item], after[item])
                    raise AssertionError(
                        _wrong_way(way, rid, name, record[name], higher, item, moved)
                    )


def _wrong_way(
    way: int, rid: str, name: str, low: Any, high: Any, item: str, moved: tuple[Decimal, Decimal]
) -> Message:
    before, after = moved
    direction = said("testing.fall") if way > 0 else said("testing.rise")
    return said(
        "testing.not_monotone",
        record=rid,
        input=name,
        low=low,
        high=high,
        item=item,
        before=before,
        after=after,
        direction=direction,
    )


def _points(result: Any) -> dict[str, Decimal]:
    if not isinstance(result, Evaluation):
        return {}
    return {i.id: i.points for i in result.items if i.source == "computed" and i.points is not None}


def _raised(spec: Input, value: Any, edges: Collection[Decimal]) -> list[Any]:
    """Higher valid values of the input than ``value``: a step, the next edge, about double."""
    if spec.type == "bool":
        return [True] if value is False else []
    if spec.type not in ("int", "decimal") or isinstance(value, bool):
        return []
    try:
        now = Decimal(str(value))
    except ArithmeticError:
        return []
    step = Decimal(1).scaleb(-places(spec))
    above = [e for e in edges if e > now]
    found = {now + step, min(above, default=now + step), abs(now) * 2 + step}
    top = spec.at_most
    kept = sorted(v for v in found if top is None or v <= top)
    return [int(v) if spec.type == "int" and v == v.to_integral_value() else v for v in kept]


def _band_sign(item: Item) -> int:
    """1 when points never fall from band to band (edges ascending), -1 never rise, else 0."""
    points = [b.points for b in item.bands]
    pairs = list(itertools.pairwise(points))
    if all(a <= b for a, b in pairs):
        return 1
    if all(a >= b for a, b in pairs):
        return -1
    return 0


class _Signs:
    """How a sub-expression moves with one input, from the checked tree."""

    def __init__(self, expr: CheckedExpression, name: str, specs: Mapping[str, Input]) -> None:
        self.expr, self.name, self.specs = expr, name, specs

    def of(self, node: ast.expr) -> Sign:
        if not self.reads(node):
            return 0
        if isinstance(node, ast.Name):
            return 1
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.Not):
            return _negated(self.of(node.operand))
        if isinstance(node, ast.BinOp):
            return self.binop(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return self.call(node.func.id, node.args)
        if isinstance(node, ast.IfExp):
            return self.choice(node)
        return None

    def reads(self, node: ast.AST) -> bool:
        return any(isinstance(n, ast.Name) and n.id == self.name for n in ast.walk(node))

    def constant(self, node: ast.expr) -> Decimal | None:
        if isinstance(node, ast.Constant) and not isinstance(node.value, bool | str):
            return self.expr.literals.get(position(node))
        return None

    def binop(self, node: ast.BinOp) -> Sign:
        left, right = self.of(node.left), self.of(node.right)
        if isinstance(node.op, ast.Add):
            return _joined(left, right)
        if isinstance(node.op, ast.Sub):
            return _joined(left, _negated(right))
        if isinstance(node.op, ast.Mult):
            for moving, fixed in ((left, node.right), (right, node.left)):
                k = self.constant(fixed)
                if k is not None and moving is not None:
                    return moving * (k > 0) - moving * (k < 0)
            return None
        if isinstance(node.op, ast.Div) and right == 0:
            k = self.constant(node.right)
            return None if k is None or left is None else left * (k > 0) - left * (k < 0)
        return None

    def call(self, function: str, args: list[ast.expr]) -> Sign:
        if function in _ONE_WAY and args:
            signs = [self.of(a) for a in (args if function in ("min", "max") else args[:1])]
            joined: Sign = 0
            for sign in signs:
                joined = _joined(joined, sign)
            return joined
        if function == "pct" and len(args) == 2 and self.of(args[1]) == 0:
            whole = args[1]
            counted = isinstance(whole, ast.Name) and self._never_negative(whole.id)
            return self.of(args[0]) if counted else None
        return None

    def choice(self, node: ast.IfExp) -> Sign:
        if not self.reads(node.test):
            return _joined(self.of(node.body), self.of(node.orelse))
        test = self._indicator(node.test)
        body, orelse = self.constant(node.body), self.constant(node.orelse)
        if test is None or body is None or orelse is None:
            return None
        return test * ((body > orelse) - (body < orelse))

    def _indicator(self, test: ast.expr) -> Sign:
        """1 if the test turns true as the input rises (``x > c``, a true/false ``x``), -1 false."""
        if isinstance(test, ast.Name):
            return 1
        if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
            return None
        left, right, op = test.left, test.comparators[0], test.ops[0]
        rising = isinstance(op, ast.Gt | ast.GtE)
        if not rising and not isinstance(op, ast.Lt | ast.LtE):
            return None
        if isinstance(left, ast.Name) and not self.reads(right):
            return 1 if rising else -1
        if isinstance(right, ast.Name) and not self.reads(left):
            return -1 if rising else 1
        return None

    def _never_negative(self, name: str) -> bool:
        spec = self.specs.get(name)
        return spec is not None and spec.at_least is not None and spec.at_least >= 0


def _negated(sign: Sign) -> Sign:
    return None if sign is None else -sign


def _joined(a: Sign, b: Sign) -> Sign:
    """Both parts together: the same way, or one of them not moving."""
    if a is None or b is None:
        return None
    if a == 0 or b == 0 or a == b:
        return a or b
    return None
