"""Undo an expression tree on a set: the values of one input that give a value in a set.

From the root down to the one place the input is read, each operation is undone
on the set of values wanted (`coopeval.expr.regions`): ``x + k`` in S is x in
S − k, ``k / x`` splits at 0, ``a if test else b`` splits on the test, a
comparison gives an interval. Any other part of the tree is evaluated with the
record's values. What cannot be undone exactly stops the walk with the reason
(`Stop`, `Solution`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from coopeval.expr.missing import MissingInput, MissingValue
from coopeval.expr.regions import ALL, INF, NONE, Interval, Region

__all__ = ["Solution", "Stop", "Walk", "as_number"]

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


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


class Stop(Exception):
    """The walk cannot go on; carries the `Solution` that says why."""

    def __init__(self, solution: Solution) -> None:
        super().__init__(solution.reason)
        self.solution = solution


def as_number(value: Any) -> Any:
    """True/false and whole numbers (the constants of `Solver.of_condition`) as decimals."""
    if isinstance(value, bool | int):
        return Decimal(int(value))
    return value


class Walk:
    """One undoing: the input's name, and how the other parts of the tree get their values.

    ``evaluate(node)`` gives the value of a sub-expression that does not read the
    input, with the record's values.
    """

    def __init__(self, name: str, evaluate: Callable[[ast.expr], Any]) -> None:
        self.name = name
        self.evaluate = evaluate

    def reads(self, node: ast.expr) -> bool:
        return any(isinstance(n, ast.Name) and n.id == self.name for n in ast.walk(node))

    def constant(self, node: ast.expr) -> Any:
        try:
            value = self.evaluate(node)
        except MissingInput as exc:
            raise Stop(Solution(reason="missing", needs=(exc.name,))) from exc
        if isinstance(value, MissingValue):  # a bare name: its marker, not an error yet
            raise Stop(Solution(reason="missing", needs=(value.name,)))
        return value

    def number(self, node: ast.expr, target: Region) -> Region:
        """The values of the input for which the number ``node`` is in ``target``."""
        if not self.reads(node):
            return ALL if as_number(self.constant(node)) in target else NONE
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
        raise Stop(Solution(reason="not_invertible"))

    def once(self, *operands: ast.expr) -> int:
        """Which operand reads the input; refused when more than one does."""
        reading = [n for n, operand in enumerate(operands) if self.reads(operand)]
        if len(reading) > 1:
            raise Stop(Solution(reason="reads_twice"))
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
        raise Stop(Solution(reason="not_invertible"))

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
        raise Stop(Solution(reason="not_invertible"))

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
                raise Stop(Solution(reason="not_invertible"))
            return self.number(inner, values(k))
        raise Stop(Solution(reason="not_invertible"))


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
