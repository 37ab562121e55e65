"""A scorecard's generated functions: every item's points in one call, or the total and rating.

Both are written once per scorecard, at compile time, from the *checked* syntax
trees of its expressions (never rule text), and kept on the compiled
scorecard. A loop over 23 compiled items spends most of its time on attribute
lookups, calls and list appends; straight-line code does not. Both share one
template per item (measure, rounding, the range check, `bisect` on the band
edges); they differ in what happens around it:

- `item_function` keeps every item's measure, band and points, and hands a
  missing input or a bad value to the caller's callbacks (the full evaluation);
- `score_function` keeps only the running total, then applies exclusions,
  overrides and the rating; anything unusual raises, and the caller hands the
  record to the full evaluation, so both paths always agree.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol

from coopeval.engine.tables import Table
from coopeval.expr import CheckedExpression, EvaluationProblem, MissingInput, MissingValue, rewrite
from coopeval.expr.codegen import generate, source

__all__ = [
    "HAND_BACK",
    "ItemFunction",
    "OutOfBands",
    "ScoreFunction",
    "item_function",
    "score_function",
]

#: ``f(values, on_missing, on_problem) -> (points, sources, measures, raws, bands,
#: group sums, every item scored)``; ``on_missing(n)`` and ``on_problem(n, exc,
#: value, raw)`` return item n's ``(points, source, measure, raw, band)``.
ItemFunction = Callable[[Sequence[Any], Callable[..., Any], Callable[..., Any]], Any]
#: ``f(values) -> (total, rating)``, ``(None, "not_rated")`` when excluded.
ScoreFunction = Callable[[Sequence[Any]], tuple[Decimal | None, str]]


class OutOfBands(Exception):
    """A measure below the first band or above the last."""


#: What `score_function` raises for a record only the full evaluation can explain.
HAND_BACK = (
    MissingInput,
    ArithmeticError,
    EvaluationProblem,
    AttributeError,
    TypeError,
    OutOfBands,
)


class Scored(Protocol):
    """What both functions need of one compiled item."""

    @property
    def group(self) -> int: ...
    @property
    def table(self) -> Table: ...
    @property
    def points(self) -> tuple[Decimal, ...]: ...
    @property
    def rounding(self) -> tuple[Decimal, str] | None: ...


def texts(
    exprs: Sequence[CheckedExpression],
    positions: Mapping[str, int],
    constants: dict[str, Any],
    prefix: str,
) -> list[str]:
    """The rewritten text of each checked expression, its exact numbers put in ``constants``.

    Both functions of a scorecard take the same texts and constants, so each
    tree is rewritten once.
    """
    constants.update(_CONSTANTS)
    return [source(rewrite(e, positions, constants, f"{prefix}{n}_")) for n, e in enumerate(exprs)]


def item_function(
    name: str,
    items: Sequence[Scored],
    measures: Sequence[str],
    groups: int,
    constants: dict[str, Any],
) -> ItemFunction:
    """Every item's points, measure and band, and the points of each group."""
    body: list[str] = []
    for n, (item, measure) in enumerate(zip(items, measures, strict=True)):
        body += _item(n, item, measure, constants)
    for k in range(groups):
        body.append(f"g{k} = _ZERO")
    for n, item in enumerate(items):  # an item without points adds nothing
        body += [f"if p{n} is not None:", f"    g{item.group} = g{item.group} + p{n}"]
    columns = ", ".join(
        "(" + "".join(f"{c}{n}, " for n in range(len(items))) + ")" for c in "psvrb"
    )
    sums = "(" + "".join(f"g{k}, " for k in range(groups)) + ")"
    complete = " and ".join(f"p{n} is not None" for n in range(len(items))) or "True"
    body.append(f"return {columns}, {sums}, {complete}")
    return generate(f"items of {name}", ("_r", "_on_missing", "_on_problem"), body, constants)


def score_function(
    name: str,
    items: Sequence[Scored],
    measures: Sequence[str],
    exclusions: Sequence[str],
    overrides: Sequence[tuple[str, str]],
    ratings: tuple[Table, tuple[str, ...]],
    constants: dict[str, Any],
) -> ScoreFunction:
    """The total and rating, for a record every item of which scores from its own inputs."""
    body: list[str] = []
    # A condition whose inputs are absent is not applied (the full evaluation lists it).
    for test in exclusions:
        body += _guarded(test, "None, 'not_rated'")
    body.append("_t = _ZERO")
    for n, (item, measure) in enumerate(zip(items, measures, strict=True)):
        body += [f"r{n} = {measure}", *_core(n, item, constants), f"_t = _t + _P{n}[b{n}]"]
    for n, (test, rating) in enumerate(overrides):
        constants[f"_O{n}"] = rating
        body += _guarded(test, f"_t, _O{n}")
    table, ids = ratings
    constants["_RATINGS"], constants["_RATING_EDGES"] = ids, table.lowers
    body += _bounds("_t", table, "_RT", constants)
    body.append("return _t, _RATINGS[_bisect(_RATING_EDGES, _t)]")
    function: ScoreFunction = generate(f"score of {name}", ("_r",), body, constants)
    return function


#: What the templates use besides a scorecard's own constants.
_CONSTANTS: Mapping[str, Any] = {
    "_bisect": bisect_right,
    "_D": Decimal,
    "_ZERO": Decimal(0),
    "_Missing": MissingValue,
    "_MissingInput": MissingInput,
    "_Problems": (ArithmeticError, EvaluationProblem, OutOfBands),
    "_OutOfBands": OutOfBands,
}


def _core(n: int, item: Scored, constants: dict[str, Any]) -> list[str]:
    """From the raw measure ``r<n>``: rounded ``v<n>``, checked against the ends, band ``b<n>``."""
    constants[f"_E{n}"] = item.table.lowers
    constants[f"_P{n}"] = item.points
    lines = [f"v{n} = r{n}"]
    if item.rounding is not None:
        constants[f"_Q{n}"], constants[f"_R{n}"] = item.rounding
        # A whole number too long for the places raises InvalidOperation; the
        # full evaluation scores it unrounded (it needs no rounding).
        lines = [f"v{n} = r{n}.quantize(_Q{n}, _R{n})"]
    lines += _bounds(f"v{n}", item.table, f"_B{n}", constants)
    return [*lines, f"b{n} = _bisect(_E{n}, v{n})"]


def _item(n: int, item: Scored, measure: str, constants: dict[str, Any]) -> list[str]:
    """``p<n>, s<n>, v<n>, r<n>, b<n>``: points, source, measure, raw measure, band of item n."""
    steps = [
        f"r{n} = {measure}",
        f"if r{n}.__class__ is not _D:",
        f"    if r{n}.__class__ is _Missing:",
        f"        raise _MissingInput(r{n}.name)",
        f"    r{n} = _D(r{n})",
        *_core(n, item, constants),
        f"p{n} = _P{n}[b{n}]",
        f"s{n} = 'computed'",
    ]
    return [
        f"v{n} = r{n} = None",
        "try:",
        *(f"    {line}" for line in steps),
        "except _MissingInput:",
        f"    p{n}, s{n}, v{n}, r{n}, b{n} = _on_missing({n})",
        "except _Problems as e:",
        f"    p{n}, s{n}, v{n}, r{n}, b{n} = _on_problem({n}, e, v{n}, r{n})",
    ]


def _bounds(value: str, table: Table, key: str, constants: dict[str, Any]) -> list[str]:
    """Raise `OutOfBands` for a value below the first band or at/above the last's upper edge."""
    tests = []
    if table.lower is not None:
        constants[f"{key}_lo"] = table.lower
        tests.append(f"{value} < {key}_lo")
    if table.upper is not None:
        constants[f"{key}_hi"] = table.upper
        tests.append(f"{value} >= {key}_hi")
    return [f"if {' or '.join(tests)}:", "    raise _OutOfBands()"] if tests else []


def _guarded(test: str, result: str) -> list[str]:
    return [
        "try:",
        f"    if {test}:",
        f"        return {result}",
        "except _MissingInput:",
        "    pass",
    ]
