"""Which value of one input puts an expression in a band, the others held: exactly.

"What would it take to reach 80" needs, for an item's measure such as
``(total_capital_open + total_capital_close) / 2`` or ``pct(managers_young,
managers)``, the value of one input that moves the measure into a band
``[lower, upper)``. This works it out from the checked expression tree (never its
text), in `Decimal`: the set of values of the input for which the measure is in
the band is built by walking the tree from the root down to the one place the
input is read, undoing each operation on the set (`coopeval.expr.inverse`; the
sets are `coopeval.expr.regions`: disjoint intervals, each end open or closed).
Every other part of the tree is evaluated with the record's values.
``a if test else b`` splits the set on the test, so a measure such as
``0 if managers == 0 else pct(x, managers)`` is solved for ``managers`` too.

What cannot be undone exactly is said, never guessed (`Solution.reason`): the
input read in two operands of one operation, rounding and other step functions,
a value the record lacks. The value chosen is checked by evaluating the whole
expression; a division that is not exact in 40 digits is moved by one step until
the check holds.

True/false and choice inputs have few values: each is tried in turn.
"""

from __future__ import annotations

import ast
import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from coopeval.expr.check import CheckedExpression
from coopeval.expr.compile import Function, compile_expression
from coopeval.expr.inverse import Solution, Stop, Walk, as_number
from coopeval.expr.kinds import Kind
from coopeval.expr.missing import MissingInput, MissingValue
from coopeval.expr.regions import EVERYTHING, INF, Interval, Region

__all__ = ["CONTEXT", "EVERYTHING", "INF", "Interval", "Region", "Solution", "Solver"]

#: The engine's arithmetic: 40 digits, so a solved edge is as exact as a score.
CONTEXT = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_EVEN)
_ZERO = Decimal(0)
_ONE = Decimal(1)
#: How many steps a value may be moved when a division was not exact.
_NUDGES = 3


class Solver:
    """Solves one checked expression for any of its inputs; made once per expression.

    Sub-expressions that do not read the input are evaluated by functions compiled
    once and kept (``cache``), so solving a province's records costs no compiling.
    """

    def __init__(self, expr: CheckedExpression) -> None:
        self.expr = expr
        self.names = tuple(expr.reads)
        self.positions = {name: n for n, name in enumerate(self.names)}
        self.whole = compile_expression(expr, self.positions)
        self.cache: dict[int, Function] = {}

    @classmethod
    def of_condition(cls, expr: CheckedExpression) -> Solver:
        """A solver for a true/false expression, as the number ``1 if it else 0``.

        Solve it for the band ``[1, ∞)`` to make it true, ``(-∞, 1)`` to make it false.
        """
        # Line 0: no literal of the text is there, so the two constants stay as they are.
        one, zero = ast.Constant(1), ast.Constant(0)
        tree = ast.IfExp(test=expr.tree, body=one, orelse=zero)
        for node in (one, zero, tree):
            node.lineno = node.end_lineno = node.col_offset = node.end_col_offset = 0
        return cls(attrs.evolve(expr, tree=tree, kind=Kind.NUMBER))

    def value(self, values: Mapping[str, Any]) -> Any:
        """The expression's value for ``values`` (by input name)."""
        with decimal.localcontext(CONTEXT):
            return self.whole(self.row(values))

    def row(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        """The value tuple of ``values``; an absent one is a `MissingValue`, as in the engine."""
        return tuple(
            MissingValue(name) if values.get(name) is None else values[name] for name in self.names
        )

    def region(self, name: str, values: Mapping[str, Any], target: Region) -> Region | Solution:
        """Every value of number input ``name`` that gives a value in ``target``.

        Returns a `Solution` with the reason when the set cannot be worked out.
        """
        try:
            with decimal.localcontext(CONTEXT):
                return Walk(name, lambda node: self.constant(node, values)).number(
                    self.expr.tree, target
                )
        except Stop as stop:
            return stop.solution
        except MissingInput as exc:  # a missing value met by a comparison or an operation
            return Solution(reason="missing", needs=(exc.name,))

    def solve(
        self,
        name: str,
        values: Mapping[str, Any],
        target: Interval,
        *,
        step: Decimal = Decimal(1),
        bounds: Interval = EVERYTHING,
        choices: Sequence[Any] | None = None,
    ) -> Solution:
        """The value of ``name`` nearest its current one that puts the expression in ``target``.

        Args:
            step: the grid of the answer where the edge is open (``> 5`` with
                step 1 is 6) or not exact: a whole number of these.
            bounds: the values the input may take (the rule file's ``at_least``,
                ``at_most``).
            choices: for a true/false or choice input, its values: each is tried.
        """
        if choices is not None:
            return self._choose(name, values, target, choices)
        found = self.region(name, values, Region((target,)))
        if isinstance(found, Solution):
            return found
        found = found.intersect(Region((bounds,)))
        current = values.get(name)
        if isinstance(current, Decimal) and current in found:
            return Solution(current)
        for candidate in _nearest(found, current, step):
            for nudged in _nudged(candidate, current, step):
                if nudged in bounds and self._in(name, values, nudged, target):
                    return Solution(nudged)
        return Solution(reason="unreachable")

    def _choose(
        self, name: str, values: Mapping[str, Any], target: Interval, choices: Sequence[Any]
    ) -> Solution:
        current = values.get(name)
        ordered = sorted(choices, key=lambda c: c != current)  # the current value first
        for choice in ordered:
            if self._in(name, values, choice, target):
                return Solution(choice)
        return Solution(reason="unreachable")

    def _in(self, name: str, values: Mapping[str, Any], value: Any, target: Interval) -> bool:
        try:
            result = self.value({**values, name: value})
        except (MissingInput, ArithmeticError, TypeError):
            return False
        return as_number(result) in target

    def constant(self, node: ast.expr, values: Mapping[str, Any]) -> Any:
        """The value of a sub-expression that does not read the input being solved for."""
        function = self.cache.get(id(node))
        if function is None:
            sub = attrs.evolve(self.expr, tree=node, text=ast.unparse(node))
            function = self.cache[id(node)] = compile_expression(sub, self.positions)
        return function(self.row(values))


def _nearest(found: Region, current: Any, step: Decimal) -> list[Decimal]:
    """The grid points of ``found`` nearest ``current``, nearest first (one per interval)."""
    here = current if isinstance(current, Decimal) else _ZERO
    candidates = []
    for part in found.parts:
        point = _grid_point(part, here, step)
        if point is not None:
            candidates.append(point)
    return sorted(candidates, key=lambda c: (abs(c - here), c < here))


def _grid_point(part: Interval, here: Decimal, step: Decimal) -> Decimal | None:
    """The point of ``part`` nearest ``here`` on the grid of ``step`` (or ``here`` itself)."""
    if here in part:
        return here
    if here <= part.lower:  # below it (at an open lower end too)
        point = (part.lower / step).to_integral_value(decimal.ROUND_CEILING) * step
        if point == part.lower and not part.lower_in:
            point += step
    else:
        point = (part.upper / step).to_integral_value(decimal.ROUND_FLOOR) * step
        if point == part.upper and not part.upper_in:
            point -= step
    if not point.is_finite() or point not in part:
        return None
    # 20.00 on a grid of 0.01 is 20: as people write it, and as exact
    return point.quantize(_ONE) if point == point.to_integral_value() else point


def _nudged(candidate: Decimal, current: Any, step: Decimal) -> list[Decimal]:
    """The candidate, then a step or more away from the current value (an inexact edge)."""
    away = step if not isinstance(current, Decimal) or candidate >= current else -step
    return [candidate, *(candidate + away * n for n in range(1, _NUDGES + 1))]
