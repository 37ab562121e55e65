"""The score-only path: total and rating from one generated function per rule set.

`score` answers "what total and rating" without building the explanation data
that `evaluate` keeps. The whole scorecard is generated once as one Python
function from the *checked* syntax trees of its expressions (never from rule
text): exclusions, every item's measure, rounding and band lookup inlined,
overrides, then the rating. A record the function cannot finish on its own
(a missing input, self-assessed points in its place, a value outside every
band, an arithmetic error) is handed to `evaluate`, so both paths always agree.
"""

from __future__ import annotations

import ast
import decimal
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from coopeval.compiler import CompiledRuleSet, namespace, rewrite
from coopeval.engine import CONTEXT, evaluate
from coopeval.records import ParsedRecord
from coopeval.runtime import EvaluationProblem, MissingInput, MissingValue

__all__ = ["score"]


class _OutOfBands(Exception):
    """A measure below the first band or above the last; `evaluate` reports it."""


#: What the generated function may raise for a record it hands back to `evaluate`.
_HAND_BACK = (
    MissingInput,
    ArithmeticError,
    EvaluationProblem,
    AttributeError,
    TypeError,
    _OutOfBands,
)


def score(
    rules: CompiledRuleSet, record: Mapping[str, Any] | ParsedRecord, *, lenient: bool = False
) -> tuple[Decimal | None, str | None]:
    """The total and rating of one record, as `evaluate` would give them, but faster.

    Returns ``(None, None)`` for a record with errors (``evaluate`` says which),
    and ``(None, "not_rated")`` when an exclusion applies.
    """
    parsed = record if isinstance(record, ParsedRecord) else rules.schema.parse(record)
    if not parsed.issues:
        function = _function(rules)
        try:
            with decimal.localcontext(CONTEXT):
                return function(parsed.values)  # type: ignore[no-any-return]  # generated
        except _HAND_BACK:
            pass
    ev = evaluate(rules, parsed, lenient=lenient)
    return (None if ev.status == "not_rated" else ev.total), ev.rating


_CACHE: dict[int, Callable[[Sequence[Any]], Any]] = {}


def _function(rules: CompiledRuleSet) -> Callable[[Sequence[Any]], Any]:
    """The generated function of a rule set, built on first use and kept with it."""
    key = id(rules.checked)
    found = _CACHE.get(key)
    if found is None or getattr(found, "_rules", None) is not rules.checked:
        found = _generate(rules)
        found._rules = rules.checked  # type: ignore[attr-defined]  # ties the cache entry to its rules
        _CACHE[key] = found
    return found


def _generate(rules: CompiledRuleSet) -> Callable[[Sequence[Any]], Any]:
    checked = rules.checked
    positions = {name: index for index, name in enumerate(rules.input_names)}
    constants: dict[str, Any] = {
        "_bisect": bisect_right,
        "_OutOfBands": _OutOfBands,
        "_MissingInput": MissingInput,
        "_Missing": MissingValue,
        "_ZERO": Decimal(0),
        "_RATING_EDGES": rules.ratings.lowers,
        "_RATING_IDS": rules.rating_ids,
    }
    body: list[ast.stmt] = []
    for n, expr in enumerate(checked.exclusions):
        test = rewrite(expr, positions, constants, f"_x{n}_")
        body.append(_guarded(ast.If(test, [_return(None, "not_rated")], [])))
    body.append(_assign("_t", _name("_ZERO")))
    for n, item in enumerate(rules.items):
        body += _item(
            n, item, rewrite(checked.measures[n], positions, constants, f"_m{n}_"), constants
        )
    for n, (override, expr) in enumerate(zip(rules.overrides, checked.overrides, strict=True)):
        test = rewrite(expr, positions, constants, f"_o{n}_")
        forced = override.rating or ""
        body.append(_guarded(ast.If(test, [_return(_name("_t"), forced)], [])))
    if rules.ratings.lower is not None or rules.ratings.upper is not None:
        body.append(
            _bounds(_name("_t"), rules.ratings.lower, rules.ratings.upper, constants, "_rt")
        )
    rating = ast.Subscript(
        _name("_RATING_IDS"),
        ast.Call(_name("_bisect"), [_name("_RATING_EDGES"), _name("_t")], []),
        ast.Load(),
    )
    body.append(ast.Return(ast.Tuple([_name("_t"), rating], ast.Load())))
    extra: dict[str, Any] = {"type_params": []} if "type_params" in ast.FunctionDef._fields else {}
    function = ast.FunctionDef(  # type: ignore[call-overload,unused-ignore]  # fields differ by version
        name="_score",
        args=ast.arguments(
            posonlyargs=[], args=[ast.arg("_r")], kwonlyargs=[], kw_defaults=[], defaults=[]
        ),
        body=body,
        decorator_list=[],
        returns=None,
        **extra,
    )
    module = ast.fix_missing_locations(ast.Module([function], type_ignores=[]))
    code = compile(module, f"<scorecard {rules.id}>", "exec")
    scope = namespace(constants)
    # Safe: every expression passed the whitelist; the rest is our own code.
    exec(code, scope)
    generated: Callable[[Sequence[Any]], Any] = scope["_score"]
    return generated


def _item(n: int, item: Any, measure: ast.expr, constants: dict[str, Any]) -> list[ast.stmt]:
    """``_m = measure; rounded; range-checked; _t = _t + points[bisect(edges, _m)]``."""
    value = f"_v{n}"
    constants[f"_E{n}"] = item.table.lowers
    constants[f"_P{n}"] = item.points
    steps: list[ast.stmt] = [_assign(value, measure)]
    if item.rounding is not None:
        constants[f"_Q{n}"] = item.rounding[0]
        constants[f"_R{n}"] = item.rounding[1]
        quantize = ast.Call(
            ast.Attribute(_name(value), "quantize", ast.Load()),
            [_name(f"_Q{n}"), _name(f"_R{n}")],
            [],
        )
        steps.append(_assign(value, quantize))
    if item.table.lower is not None or item.table.upper is not None:
        steps.append(_bounds(_name(value), item.table.lower, item.table.upper, constants, f"_b{n}"))
    points = ast.Subscript(
        _name(f"_P{n}"),
        ast.Call(_name("_bisect"), [_name(f"_E{n}"), _name(value)], []),
        ast.Load(),
    )
    steps.append(_assign("_t", ast.BinOp(_name("_t"), ast.Add(), points)))
    return steps


def _bounds(
    value: ast.expr,
    lower: Decimal | None,
    upper: Decimal | None,
    constants: dict[str, Any],
    key: str,
) -> ast.stmt:
    tests: list[ast.expr] = []
    if lower is not None:
        constants[f"{key}_lo"] = lower
        tests.append(ast.Compare(value, [ast.Lt()], [_name(f"{key}_lo")]))
    if upper is not None:
        constants[f"{key}_hi"] = upper
        tests.append(ast.Compare(value, [ast.GtE()], [_name(f"{key}_hi")]))
    test = tests[0] if len(tests) == 1 else ast.BoolOp(ast.Or(), tests)
    return ast.If(test, [ast.Raise(ast.Call(_name("_OutOfBands"), [], []), None)], [])


def _guarded(statement: ast.stmt) -> ast.stmt:
    """A condition whose inputs are absent is not applied (`evaluate` lists it)."""
    return ast.Try(
        body=[statement],
        handlers=[ast.ExceptHandler(_name("_MissingInput"), None, [ast.Pass()])],
        orelse=[],
        finalbody=[],
    )


def _return(total: ast.expr | None, rating: str) -> ast.stmt:
    return ast.Return(ast.Tuple([total or ast.Constant(None), ast.Constant(rating)], ast.Load()))


def _assign(name: str, value: ast.expr) -> ast.stmt:
    return ast.Assign([ast.Name(name, ast.Store())], value)


def _name(name: str) -> ast.expr:
    return ast.Name(name, ast.Load())
