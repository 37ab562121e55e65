"""Compile checked expressions into functions over a record's value tuple.

Each expression's *checked* syntax tree (never its text) is rewritten so that
input names become positions in the value tuple (``_r[3]``), number literals
become exact `Decimal` constants and calls go to the whitelisted
implementations; `coopeval.expr.codegen` compiles the result.
"""

from __future__ import annotations

import ast
import copy
import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from coopeval.expr.check import CheckedExpression, position
from coopeval.expr.codegen import generate, source

__all__ = ["Function", "compile_expression", "reads", "rewrite"]

#: A compiled expression: takes the record's value tuple, returns the value.
Function = Callable[[Sequence[Any]], Any]


def compile_expression(expr: CheckedExpression, positions: Mapping[str, int]) -> Function:
    """Compile a checked expression into ``f(values) -> value``."""
    constants: dict[str, Any] = {}
    body = source(rewrite(expr, positions, constants))
    return generate(f"rule {expr.text}", ("_r",), [f"return {body}"], constants)


def reads(expr: CheckedExpression, positions: Mapping[str, int]) -> tuple[int, ...]:
    """The value slots an expression reads, in order of first appearance."""
    return tuple(positions[name] for name in expr.reads)


def rewrite(
    expr: CheckedExpression,
    positions: Mapping[str, int],
    constants: dict[str, Any],
    prefix: str = "_k",
) -> ast.expr:
    """The checked tree with inputs as ``_r[i]`` and exact literals as named constants.

    Constants are added to ``constants`` under names starting with ``prefix``;
    functions are called as ``_f_<name>`` (`coopeval.expr.codegen.namespace`).
    """
    tree: ast.expr = _Rewriter(expr, positions, constants, prefix).visit(copy.deepcopy(expr.tree))
    return tree


class _Rewriter(ast.NodeTransformer):
    def __init__(
        self,
        expr: CheckedExpression,
        positions: Mapping[str, int],
        constants: dict[str, Any],
        prefix: str,
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
        name = node.func.id if isinstance(node.func, ast.Name) else ""  # always a Name: checked
        return ast.Call(ast.Name(f"_f_{name}", ast.Load()), [self.visit(a) for a in node.args], [])
