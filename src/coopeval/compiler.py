"""Compile: turn a checked rule set into positional data and Python functions.

Each expression's *checked* syntax tree (never its text) is rewritten so that
input names become positions in the record's value tuple and number literals
become exact `Decimal` constants, then compiled once with `compile()`. The
result runs with no builtins, so it can do only what the whitelist allowed.
Band tables become sorted tuples of lower edges for `bisect`.
"""

from __future__ import annotations

import ast
import copy
import functools
import itertools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from coopeval.expressions import CheckedExpression, position
from coopeval.model import Band, ClassBand, Rating, RuleSet, ThresholdAxis
from coopeval.records import RecordSchema
from coopeval.results import RuleSetRef
from coopeval.runtime import FUNCTIONS, ROUNDING
from coopeval.validation import CheckedRuleSet

__all__ = ["CompiledAxis", "CompiledItem", "CompiledRuleSet", "Table", "compile_ruleset"]

#: A compiled expression: takes the record's value tuple, returns the value.
Function = Callable[[Sequence[Any]], Any]


@attrs.frozen
class Table:
    """A band table ready for `bisect`: the lower edges of every band but the first."""

    lowers: tuple[Decimal, ...]
    #: The first band's lower edge and the last band's upper edge; ``None`` is open.
    lower: Decimal | None
    upper: Decimal | None


@attrs.frozen
class CompiledItem:
    """A scored item as the engine runs it."""

    id: str
    group: int
    max: Decimal
    measure: Function = attrs.field(repr=False)
    reads: tuple[int, ...]
    table: Table
    points: tuple[Decimal, ...]
    #: ``(quantum, mode)`` when the measure is rounded before the lookup.
    rounding: tuple[Decimal, str] | None


@attrs.frozen
class CompiledAxis:
    """A classification axis: thresholds on a measure, or an enumerated input."""

    id: str
    measure: Function | None = attrs.field(repr=False)
    reads: tuple[int, ...]
    table: Table | None
    classes: tuple[str, ...]


@attrs.frozen
class CompiledCondition:
    """An exclusion or override condition."""

    id: str
    test: Function = attrs.field(repr=False)
    reads: tuple[int, ...]
    #: The rating an override forces; ``None`` for an exclusion.
    rating: str | None = None


@attrs.frozen
class CompiledRuleSet:
    """A rule set ready to evaluate many records. Build it with `compile_ruleset`."""

    checked: CheckedRuleSet = attrs.field(repr=False)
    input_names: tuple[str, ...]
    items: tuple[CompiledItem, ...]
    group_ids: tuple[str, ...]
    group_max: tuple[Decimal, ...]
    ratings: Table
    rating_ids: tuple[str, ...]
    axes: tuple[CompiledAxis, ...]
    exclusions: tuple[CompiledCondition, ...]
    overrides: tuple[CompiledCondition, ...]
    #: Reads raw records into the value tuple the compiled functions index.
    schema: RecordSchema = attrs.field(repr=False)

    @property
    def ruleset(self) -> RuleSet:
        """The rule set this was compiled from (labels, citations, statuses)."""
        return self.checked.ruleset

    @property
    def id(self) -> str:
        """The rule set's id, such as ``tt01-2020``."""
        return self.checked.ruleset.ruleset.id

    @functools.cached_property
    def ref(self) -> RuleSetRef:
        """Id, version and SHA-256, shared by every result of this rule set."""
        head = self.checked.ruleset.ruleset
        return RuleSetRef(head.id, head.version, self.checked.ruleset.sha256)


def compile_ruleset(checked: CheckedRuleSet) -> CompiledRuleSet:
    """Compile every expression and band table of a validated rule set once."""
    rs = checked.ruleset
    names = tuple(i.name for i in rs.inputs)
    positions = {name: index for index, name in enumerate(names)}
    groups = tuple(g.id for g in rs.groups)
    items = tuple(
        _item(item, measure, positions, groups.index(item.group))
        for item, measure in zip(rs.items, checked.measures, strict=True)
    )
    return CompiledRuleSet(
        checked=checked,
        input_names=names,
        items=items,
        group_ids=groups,
        group_max=tuple(g.max for g in rs.groups),
        ratings=_table(rs.ratings.bands),
        rating_ids=tuple(r.id for r in rs.ratings.bands),
        axes=tuple(
            _axis(axis, measure, positions)
            for axis, measure in zip(rs.classifications, checked.axis_measures, strict=True)
        ),
        exclusions=tuple(
            CompiledCondition(ex.id, compile_expression(expr, positions), _reads(expr, positions))
            for ex, expr in zip(rs.exclusions, checked.exclusions, strict=True)
        ),
        overrides=tuple(
            CompiledCondition(
                ov.id, compile_expression(expr, positions), _reads(expr, positions), ov.rating
            )
            for ov, expr in zip(rs.overrides, checked.overrides, strict=True)
        ),
        schema=RecordSchema(rs.inputs, {item.id: item.max for item in rs.items}),
    )


def rewrite(
    expr: CheckedExpression,
    positions: Mapping[str, int],
    constants: dict[str, Any],
    prefix: str = "_k",
) -> ast.expr:
    """The checked tree with inputs as ``_r[i]``, exact literals as named constants.

    Constants are added to ``constants`` under names starting with ``prefix``;
    functions are named ``_f_<name>`` (bind them from `runtime.FUNCTIONS`).
    """
    tree: ast.expr = _Rewriter(expr, positions, constants, prefix).visit(copy.deepcopy(expr.tree))
    return tree


def namespace(constants: Mapping[str, Any]) -> dict[str, Any]:
    """The globals compiled rule code runs with: no builtins, only what it may call."""
    found: dict[str, Any] = {"__builtins__": {}, **constants}
    found.update({f"_f_{name}": fn for name, fn in FUNCTIONS.items()})
    return found


def compile_expression(expr: CheckedExpression, positions: Mapping[str, int]) -> Function:
    """Compile a checked expression into ``f(values) -> value``."""
    constants: dict[str, Any] = {}
    body = rewrite(expr, positions, constants)
    tree = ast.Expression(
        ast.Lambda(
            args=ast.arguments(
                posonlyargs=[],
                args=[ast.arg("_r")],
                kwonlyargs=[],
                kw_defaults=[],
                defaults=[],
            ),
            body=body,
        )
    )
    code = compile(ast.fix_missing_locations(tree), f"<rule {expr.text!r}>", "eval")
    # Safe: the tree passed the whitelist in `expressions.check`, names are
    # rewritten to positions, and the namespace holds no builtins.
    function: Function = eval(code, namespace(constants))
    return function


class _Rewriter(ast.NodeTransformer):
    def __init__(
        self,
        expr: CheckedExpression,
        positions: Mapping[str, int],
        constants: dict[str, Any],
        prefix: str = "_k",
    ) -> None:
        self.positions = positions
        self.constants = constants
        self.literals = expr.literals
        self.counter = itertools.count()
        self.prefix = prefix

    def visit_Name(self, node: ast.Name) -> ast.AST:
        index = ast.Constant(self.positions[node.id])
        return ast.Subscript(ast.Name("_r", ast.Load()), index, ast.Load())

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        exact = self.literals.get(position(node))
        if exact is None or isinstance(node.value, bool | str):
            return node
        name = f"{self.prefix}{next(self.counter)}"
        self.constants[name] = exact
        return ast.Name(name, ast.Load())

    def visit_Call(self, node: ast.Call) -> ast.AST:
        assert isinstance(node.func, ast.Name)  # guaranteed by the checker
        args = [self.visit(a) for a in node.args]
        return ast.Call(ast.Name(f"_f_{node.func.id}", ast.Load()), args, [])


def _reads(expr: CheckedExpression, positions: Mapping[str, int]) -> tuple[int, ...]:
    return tuple(positions[name] for name in expr.reads)


def _table(bands: Sequence[Band | ClassBand | Rating]) -> Table:
    return Table(
        lowers=tuple(b.lower for b in bands[1:] if b.lower is not None),
        lower=bands[0].lower if bands else None,
        upper=bands[-1].upper if bands else None,
    )


def _item(
    item: Any, measure: CheckedExpression, positions: Mapping[str, int], group: int
) -> CompiledItem:
    rounding = None
    if item.rounding is not None:
        rounding = (Decimal(1).scaleb(-item.rounding.places), ROUNDING[item.rounding.mode])
    return CompiledItem(
        id=item.id,
        group=group,
        max=item.max,
        measure=compile_expression(measure, positions),
        reads=_reads(measure, positions),
        table=_table(item.bands),
        points=tuple(b.points for b in item.bands),
        rounding=rounding,
    )


def _axis(
    axis: Any, measure: CheckedExpression | None, positions: Mapping[str, int]
) -> CompiledAxis:
    if isinstance(axis, ThresholdAxis) and measure is not None:
        return CompiledAxis(
            axis.id,
            compile_expression(measure, positions),
            _reads(measure, positions),
            _table(axis.bands),
            tuple(b.value for b in axis.bands),
        )
    position = positions[axis.input]
    return CompiledAxis(
        axis.id,
        compile_expression_for_input(position),
        (position,),
        None,
        tuple(v.value for v in axis.values),
    )


def compile_expression_for_input(position: int) -> Function:
    """A function that reads one input, for enumerated axes."""

    def read(values: Sequence[Any]) -> Any:
        return values[position]

    return read
