"""Which value of one input puts an expression in a band, the others held: exactly.

"What would it take to reach 80" needs, for an item's measure such as
``(total_capital_open + total_capital_close) / 2`` or ``pct(managers_young,
managers)``, the value of one input that moves the measure into a band
``[lower, upper)``. This works it out from the checked expression tree (never its
text), in `Decimal`: the set of values of the input for which the measure is in
the band is built by walking the tree from the root down to the one place the
input is read, undoing each operation on the set (`Region`: disjoint intervals,
each end open or closed). Every other part of the tree is evaluated with the
record's values. ``a if test else b`` splits the set on the test, so a measure
such as ``0 if managers == 0 else pct(x, managers)`` is solved for ``managers``
too.

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
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from coopeval.expr.check import CheckedExpression
from coopeval.expr.compile import Function, compile_expression
from coopeval.expr.kinds import Kind
from coopeval.expr.missing import MissingInput, MissingValue

__all__ = ["CONTEXT", "Interval", "Region", "Solution", "Solver"]

#: The engine's arithmetic: 40 digits, so a solved edge is as exact as a score.
CONTEXT = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_EVEN)
INF = Decimal("Infinity")
_ZERO = Decimal(0)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
#: How many steps a value may be moved when a division was not exact.
_NUDGES = 3


@attrs.frozen
class Interval:
    """The numbers between ``lower`` and ``upper`` (infinite: unbounded), each end in or out."""

    lower: Decimal
    upper: Decimal
    lower_in: bool = True
    upper_in: bool = False

    @classmethod
    def band(cls, lower: Decimal | None, upper: Decimal | None) -> Interval:
        """A band as the rule files write it: ``[lower, upper)``, ``None`` for an open end."""
        return cls(-INF if lower is None else lower, INF if upper is None else upper)

    @classmethod
    def point(cls, value: Decimal) -> Interval:
        return cls(value, value, True, True)

    @property
    def empty(self) -> bool:
        if self.lower < self.upper:
            return False
        return not (self.lower == self.upper and self.lower_in and self.upper_in)

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, Decimal):
            return False
        above = value > self.lower or (value == self.lower and self.lower_in)
        below = value < self.upper or (value == self.upper and self.upper_in)
        return above and below


#: Every number.
EVERYTHING = Interval(-INF, INF, False, False)


@attrs.frozen
class Region:
    """A set of numbers: disjoint, non-empty intervals in increasing order."""

    parts: tuple[Interval, ...] = ()

    @classmethod
    def of(cls, parts: Iterable[Interval]) -> Region:
        """The union of ``parts``, merged where they touch or overlap."""
        ordered = sorted((p for p in parts if not p.empty), key=lambda p: (p.lower, not p.lower_in))
        merged: list[Interval] = []
        for part in ordered:
            if merged:
                last = merged[-1]
                touch = part.lower < last.upper or (
                    part.lower == last.upper and (part.lower_in or last.upper_in)
                )
                if touch:
                    if (part.upper, part.upper_in) > (last.upper, last.upper_in):
                        merged[-1] = attrs.evolve(last, upper=part.upper, upper_in=part.upper_in)
                    continue
            merged.append(part)
        return cls(tuple(merged))

    @property
    def empty(self) -> bool:
        return not self.parts

    def __contains__(self, value: object) -> bool:
        return any(value in part for part in self.parts)

    def union(self, other: Region) -> Region:
        return Region.of((*self.parts, *other.parts))

    def intersect(self, other: Region) -> Region:
        found = []
        for a in self.parts:
            for b in other.parts:
                lower, lower_in = max(
                    (a.lower, not a.lower_in), (b.lower, not b.lower_in)
                )  # the higher lower end; at a tie, the open one
                upper, upper_in = min((a.upper, a.upper_in), (b.upper, b.upper_in))
                found.append(Interval(lower, upper, not lower_in, upper_in))
        return Region.of(found)

    def complement(self) -> Region:
        found, lower, lower_in = [], -INF, False
        for part in self.parts:
            found.append(Interval(lower, part.lower, lower_in, not part.lower_in))
            lower, lower_in = part.upper, not part.upper_in
        found.append(Interval(lower, INF, lower_in, False))
        return Region.of(found)

    def mapped(self, f: Callable[[Decimal], Decimal], increasing: bool) -> Region:
        """The image of the region under a monotone ``f`` (ends of infinite value map too)."""
        parts = []
        for p in self.parts:
            a, b = f(p.lower), f(p.upper)
            if increasing:
                parts.append(Interval(a, b, p.lower_in, p.upper_in))
            else:
                parts.append(Interval(b, a, p.upper_in, p.lower_in))
        return Region.of(parts)


ALL = Region((EVERYTHING,))
NONE = Region()


@attrs.frozen
class Solution:
    """The value an input needs, or why none can be said.

    Attributes:
        value: the value nearest the current one that puts the expression in
            the band; the current value itself when it is there already.
        reason: ``None``, or a code: ``reads_twice`` (the input is read in two
            operands of one operation), ``not_invertible`` (rounding, floor,
            ``//``, ``**`` and the like on the input's path), ``missing`` (the
            record lacks ``needs``), ``unreachable`` (no value of the input
            within its bounds does it).
        needs: the inputs the record lacks, for ``missing``.
    """

    value: Any = None
    reason: str | None = None
    needs: tuple[str, ...] = ()


class _Stop(Exception):
    """The walk cannot go on; carries the `Solution` that says why."""

    def __init__(self, solution: Solution) -> None:
        super().__init__(solution.reason)
        self.solution = solution


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
                return _Walk(self, name, values).number(self.expr.tree, target)
        except _Stop as stop:
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
        return _number(result) in target

    def constant(self, node: ast.expr, values: Mapping[str, Any]) -> Any:
        """The value of a sub-expression that does not read the input being solved for."""
        function = self.cache.get(id(node))
        if function is None:
            sub = attrs.evolve(self.expr, tree=node, text=ast.unparse(node))
            function = self.cache[id(node)] = compile_expression(sub, self.positions)
        return function(self.row(values))


def _number(value: Any) -> Any:
    """True/false and whole numbers (the constants of `Solver.of_condition`) as decimals."""
    if isinstance(value, bool | int):
        return Decimal(int(value))
    return value


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


class _Walk:
    """One solve: the input's name, the record's values, the solver's compiled parts."""

    def __init__(self, solver: Solver, name: str, values: Mapping[str, Any]) -> None:
        self.solver = solver
        self.name = name
        self.values = values

    def reads(self, node: ast.expr) -> bool:
        return any(isinstance(n, ast.Name) and n.id == self.name for n in ast.walk(node))

    def constant(self, node: ast.expr) -> Any:
        try:
            value = self.solver.constant(node, self.values)
        except MissingInput as exc:
            raise _Stop(Solution(reason="missing", needs=(exc.name,))) from exc
        if isinstance(value, MissingValue):  # a bare name: its marker, not an error yet
            raise _Stop(Solution(reason="missing", needs=(value.name,)))
        return value

    def number(self, node: ast.expr, target: Region) -> Region:
        """The values of the input for which the number ``node`` is in ``target``."""
        if not self.reads(node):
            return ALL if _number(self.constant(node)) in target else NONE
        if isinstance(node, ast.Name):
            return target
        if isinstance(node, ast.IfExp):
            when = self.truth(node.test)
            return when.intersect(self.number(node.body, target)).union(
                when.complement().intersect(self.number(node.orelse, target))
            )
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return self.number(node.operand, target.mapped(lambda y: -y, increasing=False))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd):
            return self.number(node.operand, target)
        if isinstance(node, ast.BinOp):
            return self.binop(node, target)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return self.call(node, node.func.id, target)
        raise _Stop(Solution(reason="not_invertible"))

    def once(self, *operands: ast.expr) -> int:
        """Which operand reads the input; refused when more than one does."""
        reading = [n for n, operand in enumerate(operands) if self.reads(operand)]
        if len(reading) > 1:
            raise _Stop(Solution(reason="reads_twice"))
        return reading[0]

    def binop(self, node: ast.BinOp, target: Region) -> Region:
        side = self.once(node.left, node.right)
        inner, other = (node.left, node.right) if side == 0 else (node.right, node.left)
        k = self.constant(other)
        op = node.op
        if isinstance(op, ast.Add):
            return self.number(inner, target.mapped(lambda y: y - k, increasing=True))
        if isinstance(op, ast.Sub):
            if side == 0:  # x - k
                return self.number(inner, target.mapped(lambda y: y + k, increasing=True))
            return self.number(inner, target.mapped(lambda y: k - y, increasing=False))  # k - x
        if isinstance(op, ast.Mult):
            return self.number(inner, _times_preimage(target, k))
        if isinstance(op, ast.Div):
            if side == 0:  # x / k: x = y * k
                if k == 0:
                    return NONE
                return self.number(inner, target.mapped(lambda y: y * k, increasing=k > 0))
            return self.number(inner, _reciprocal_preimage(target, k))  # k / x
        raise _Stop(Solution(reason="not_invertible"))

    def call(self, node: ast.Call, function: str, target: Region) -> Region:
        args = node.args
        if function == "pct" and len(args) == 2:
            side = self.once(*args)
            whole_or_part = self.constant(args[1 - side])
            if side == 0:  # pct(x, k) = x * 100 / k: x = y * k / 100
                if whole_or_part == 0:
                    return NONE
                scale = whole_or_part / _HUNDRED
                return self.number(
                    args[0], target.mapped(lambda y: y * scale, increasing=scale > 0)
                )
            return self.number(args[1], _reciprocal_preimage(target, whole_or_part * _HUNDRED))
        if function in ("min", "max") and args:
            side = self.once(*args)
            rest = [self.constant(a) for n, a in enumerate(args) if n != side]
            k = min(rest) if function == "min" else max(rest)
            return self.limited(args[side], target, k, lowest=function == "min")
        if function == "abs" and len(args) == 1:
            positive = target.intersect(Region((Interval(_ZERO, INF, True, False),)))
            both = positive.union(positive.mapped(lambda y: -y, increasing=False))
            return self.number(args[0], both)
        raise _Stop(Solution(reason="not_invertible"))

    def limited(self, node: ast.expr, target: Region, k: Decimal, *, lowest: bool) -> Region:
        """``min(x, k)`` (``lowest``) or ``max(x, k)`` in ``target``: split at ``k``."""
        k_in = k in target
        if lowest:  # x when x <= k, else k
            below = Region((Interval(-INF, k, False, True),))
            above = Region((Interval(k, INF, False, False),))
        else:  # max: x when x >= k, else k
            below = Region((Interval(k, INF, True, False),))
            above = Region((Interval(-INF, k, False, False),))
        as_x = below.intersect(target)
        return self.number(node, as_x.union(above if k_in else NONE))

    def truth(self, node: ast.expr) -> Region:
        """The values of the input for which the test ``node`` is true."""
        if not self.reads(node):
            return ALL if self.constant(node) else NONE
        if isinstance(node, ast.BoolOp):
            parts = [self.truth(v) for v in node.values]
            found = parts[0]
            for part in parts[1:]:
                found = found.intersect(part) if isinstance(node.op, ast.And) else found.union(part)
            return found
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return self.truth(node.operand).complement()
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            side = self.once(node.left, node.comparators[0])
            inner = node.left if side == 0 else node.comparators[0]
            k = self.constant(node.comparators[0] if side == 0 else node.left)
            op = type(node.ops[0])
            if side == 1:  # k op x is x op' k
                op = _FLIPPED.get(op, op)
            values = _COMPARED.get(op)
            if values is None or not isinstance(k, Decimal):
                raise _Stop(Solution(reason="not_invertible"))
            return self.number(inner, values(k))
        raise _Stop(Solution(reason="not_invertible"))


_FLIPPED: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.Gt,
    ast.Gt: ast.Lt,
    ast.LtE: ast.GtE,
    ast.GtE: ast.LtE,
}

_COMPARED: dict[type[ast.cmpop], Callable[[Decimal], Region]] = {
    ast.Lt: lambda k: Region((Interval(-INF, k, False, False),)),
    ast.LtE: lambda k: Region((Interval(-INF, k, False, True),)),
    ast.Gt: lambda k: Region((Interval(k, INF, False, False),)),
    ast.GtE: lambda k: Region((Interval(k, INF, True, False),)),
    ast.Eq: lambda k: Region((Interval.point(k),)),
    ast.NotEq: lambda k: Region((Interval.point(k),)).complement(),
}


def _times_preimage(target: Region, k: Decimal) -> Region:
    """``{x : x * k in target}``."""
    if k == 0:
        return ALL if _ZERO in target else NONE
    return target.mapped(lambda y: y / k, increasing=k > 0)


def _reciprocal_preimage(target: Region, k: Decimal) -> Region:
    """``{x : k / x in target}``; x is never 0, and for k = 0 every other x gives 0.

    On each side of 0, ``x = k / y`` is monotone (decreasing for k > 0); a ``y``
    near 0 gives an infinite ``x`` and an infinite ``y`` an ``x`` near 0, never 0.
    """
    positive = Interval(_ZERO, INF, False, False)
    negative = Interval(-INF, _ZERO, False, False)
    if k == 0:
        return Region((negative, positive)) if _ZERO in target else NONE
    found: list[Interval] = []
    for half, sign in ((positive, 1), (negative, -1)):
        near_zero = INF if sign * k > 0 else -INF  # k / y as y nears 0 from this side

        def x_of(y: Decimal, near_zero: Decimal = near_zero) -> Decimal:
            if y.is_infinite():
                return _ZERO
            return near_zero if y == 0 else k / y

        found.extend(target.intersect(Region((half,))).mapped(x_of, increasing=k < 0).parts)
    return Region.of(found)
