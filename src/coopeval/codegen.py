"""Generate one Python function per scorecard for the engine's per-item loop.

The function computes every item's measure, rounding, band and points inline,
from the *checked* syntax trees (never rule text), and returns the five columns
of `ItemScores`. A loop over 23 compiled items spends most of its time on
attribute lookups, calls and list appends; straight-line code does not.
What the loop did on a missing input or a bad value is delegated back to the
engine through two callbacks, so the behaviour is the same by construction.
"""

from __future__ import annotations

import ast
from bisect import bisect_right
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from coopeval.compiler import CompiledRuleSet, namespace, rewrite
from coopeval.runtime import EvaluationProblem, MissingInput, MissingValue

__all__ = ["OutOfBands", "item_function"]

#: ``f(values, on_missing, on_problem) -> (points, sources, measures, raws, bands,
#: group sums, every item scored)``.
ItemFunction = Callable[[Sequence[Any], Callable[..., Any], Callable[..., Any]], Any]

_CACHE: dict[int, tuple[object, ItemFunction]] = {}


class OutOfBands(Exception):
    """A measure below the first band or above the last."""


def item_function(rules: CompiledRuleSet) -> ItemFunction:
    """The generated per-item function of a rule set, built once and kept."""
    found = _CACHE.get(id(rules))
    if found is None or found[0] is not rules:
        found = (rules, _generate(rules))
        _CACHE[id(rules)] = found
    return found[1]


def _generate(rules: CompiledRuleSet) -> ItemFunction:
    positions = {name: index for index, name in enumerate(rules.input_names)}
    constants: dict[str, Any] = {
        "_bisect": bisect_right,
        "_D": Decimal,
        "_Missing": MissingValue,
        "_MissingInput": MissingInput,
        "_Problems": (ArithmeticError, EvaluationProblem, OutOfBands),
        "_OutOfBands": OutOfBands,
    }
    body: list[ast.stmt] = []
    columns: list[list[str]] = [[], [], [], [], []]
    for n, item in enumerate(rules.items):
        measure = rewrite(rules.checked.measures[n], positions, constants, f"_m{n}_")
        body += _item(n, item, measure, constants)
        for column, prefix in zip(columns, ("p", "s", "v", "r", "b"), strict=True):
            column.append(f"{prefix}{n}")
    body += _group_sums(rules, constants)
    complete = (
        ast.BoolOp(
            ast.And(),
            [
                ast.Compare(_load(f"p{n}"), [ast.IsNot()], [ast.Constant(None)])
                for n in range(len(rules.items))
            ],
        )
        if len(rules.items) > 1
        else ast.Compare(_load("p0"), [ast.IsNot()], [ast.Constant(None)])
    )
    groups = ast.Tuple([_load(f"g{k}") for k in range(len(rules.group_ids))], ast.Load())
    body.append(
        ast.Return(
            ast.Tuple(
                [ast.Tuple([_load(name) for name in column], ast.Load()) for column in columns]
                + [groups, complete],
                ast.Load(),
            )
        )
    )
    source = _parse("def _items(_r, _on_missing, _on_problem): pass")
    source.body = body
    module = ast.fix_missing_locations(ast.Module([source], type_ignores=[]))
    scope = namespace(constants)
    # Safe: every expression passed the whitelist; the rest is this module's code.
    exec(compile(module, f"<items {rules.id}>", "exec"), scope)
    function: ItemFunction = scope["_items"]
    return function


def _group_sums(rules: CompiledRuleSet, constants: dict[str, Any]) -> list[ast.stmt]:
    """``g<k>``: the points of group k's items that have points (None adds nothing)."""
    constants["_ZERO"] = Decimal(0)
    lines = [f"g{k} = _ZERO" for k in range(len(rules.group_ids))]
    for n, item in enumerate(rules.items):
        lines.append(f"if p{n} is not None:")
        lines.append(f"    g{item.group} = g{item.group} + p{n}")
    tree: ast.Module = _parse("\n".join(lines), many=True)
    return list(tree.body)


def _item(n: int, item: Any, measure: ast.expr, constants: dict[str, Any]) -> list[ast.stmt]:
    constants[f"_E{n}"] = item.table.lowers
    constants[f"_P{n}"] = item.points
    lines = [
        f"v{n} = r{n} = None",
        "try:",
        f"    r{n} = MEASURE",
        f"    if r{n}.__class__ is not _D:",
        f"        if r{n}.__class__ is _Missing:",
        f"            raise _MissingInput(r{n}.name)",
        f"        r{n} = _D(r{n})",
    ]
    if item.rounding is not None:
        constants[f"_Q{n}"], constants[f"_R{n}"] = item.rounding
        # A whole number too long for the places raises InvalidOperation; the
        # engine's problem handler scores it unrounded (it needs no rounding).
        lines.append(f"    v{n} = r{n}.quantize(_Q{n}, _R{n})")
    else:
        lines.append(f"    v{n} = r{n}")
    tests = []
    if item.table.lower is not None:
        constants[f"_LO{n}"] = item.table.lower
        tests.append(f"v{n} < _LO{n}")
    if item.table.upper is not None:
        constants[f"_HI{n}"] = item.table.upper
        tests.append(f"v{n} >= _HI{n}")
    if tests:
        lines.append(f"    if {' or '.join(tests)}:")
        lines.append("        raise _OutOfBands()")
    lines += [
        f"    b{n} = _bisect(_E{n}, v{n})",
        f"    p{n} = _P{n}[b{n}]",
        f"    s{n} = 'computed'",
        "except _MissingInput:",
        f"    p{n}, s{n}, v{n}, r{n}, b{n} = _on_missing({n})",
        "except _Problems as e:",
        f"    p{n}, s{n}, v{n}, r{n}, b{n} = _on_problem({n}, e, v{n}, r{n})",
    ]
    tree = _parse("\n".join(lines), many=True)
    return [_Measure(measure).visit(statement) for statement in tree.body]


class _Measure(ast.NodeTransformer):
    """Put the rewritten measure where the template says MEASURE."""

    def __init__(self, measure: ast.expr) -> None:
        self.measure = measure

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return self.measure if node.id == "MEASURE" else node


def _parse(text: str, many: bool = False) -> Any:
    """Our own template code (never rule text), parsed into a tree."""
    tree = ast.parse(text)
    return tree if many else tree.body[0]


def _load(name: str) -> ast.expr:
    return ast.Name(name, ast.Load())
