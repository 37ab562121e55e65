"""Records on each side of every edge: every band of every item, both sides of every comparison.

An *aim* is one place a record can be put: an item's measure exactly on a band
edge, or in the band just below it (the nearest value there); a condition's
comparison ``left < right`` with ``left - right`` exactly 0, just below or just
above. Each aim is reached by solving the checked expression tree for one input
at a time (`coopeval.expr.solve`, as what-if plans are), the other inputs held;
a measure of true/false and choice inputs only is tried on their combinations.
Nothing is read from rule text, and an aim that no input reaches is left out.
"""

from __future__ import annotations

import ast
import decimal
import itertools
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, NamedTuple

import attrs

from coopeval.engine import CompiledRuleSet
from coopeval.engine.changes import solver_for, solving
from coopeval.engine.evaluate import CONTEXT
from coopeval.errors import UsageError
from coopeval.expr import (
    ROUNDING,
    CheckedExpression,
    EvaluationProblem,
    Kind,
    MissingInput,
    quantum,
)
from coopeval.expr.inverse import as_number
from coopeval.expr.solve import INF, Interval, Solver
from coopeval.ruleset import Input
from coopeval.ruleset.check import CheckedClassification, CheckedProgramme
from coopeval.testing.edges import _compiled, _edges, edge_solutions, places

__all__ = ["Aim", "Side", "aims", "place"]

#: Where an aim puts the measure (or ``left - right``) against its edge.
Side = Literal["at", "below", "above"]
#: Rounds of placing the aims a record misses (a later one moved its inputs).
PASSES = 3
#: Combinations of true/false and choice inputs tried for one measure, at most.
COMBINATIONS = 256
_ORDER = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
#: Input types no solver changes.
_UNSOLVED = ("date", "text")
_ZERO = Decimal(0)


class Aim(NamedTuple):
    """One place to put a record: a rule's measure on one side of one edge.

    ``rule`` is an item id (the edge is a band edge) or a condition id (``part``
    is the comparison, its edge 0 for ``left - right``).
    """

    rule: str
    part: str
    edge: Decimal
    side: Side
    #: The values the measure takes here (``at``: the edge alone; else one band).
    target: Interval
    solver: Solver
    rounding: tuple[Decimal, str] | None = None
    #: Inputs that put the measure on the edge from nothing (`edge_solutions`).
    starts: tuple[dict[str, Decimal], ...] = ()
    #: The inputs solved for, in turn: those no other rule reads first.
    order: tuple[str, ...] = ()


def aims(rules: CompiledRuleSet[Any]) -> dict[str, tuple[Aim, ...]]:
    """Every aim of the rule set, by rule id, in the order of the rule file."""
    compiled = _compiled(rules)
    found = _CACHE.get(id(compiled))
    if found is None or found[0] is not compiled:
        body = compiled.checked.body
        if isinstance(body, CheckedProgramme):
            made = _conditions(body)
        elif isinstance(body, CheckedClassification):
            made = _classes(body)
        else:
            made = _items(compiled)
        found = _CACHE[id(compiled)] = (compiled, _private_first(made))
    return found[1]


def place(
    specs: Mapping[str, Input], record: Mapping[str, Any], chosen: Sequence[Aim]
) -> dict[str, Any]:
    """``record`` with its inputs changed to reach each aim in turn (the record is typed).

    An aim no input reaches leaves the record as it was. Where two rules share an
    input (``managers`` in three items), a later aim may move an earlier one: the
    aims missed are tried again, up to `PASSES` times.
    """
    values = {name: _engine(specs[name], v) for name, v in record.items() if name in specs}
    # Every aim is reached once (a value already in the band below is not just below
    # the edge); then those a later aim moved out of place are tried again.
    missed = list(chosen)
    for _ in range(PASSES):
        for aim in missed:
            values = _reach(aim, specs, values) or values
        missed = [aim for aim in chosen if not _hits(aim, values)]
        if not missed:
            break
    return {**record, **{name: _typed(specs[name], v) for name, v in values.items()}}


def _private_first(found: dict[str, tuple[Aim, ...]]) -> dict[str, tuple[Aim, ...]]:
    """The aims with their inputs ordered so that solving one disturbs the fewest other rules."""
    readers: dict[str, int] = {}
    for made in found.values():
        for name in {name for aim in made for name in aim.solver.names}:
            readers[name] = readers.get(name, 0) + 1
    return {
        rule: tuple(
            aim._replace(order=tuple(sorted(aim.solver.names, key=lambda n: readers[n])))
            for aim in made
        )
        for rule, made in found.items()
    }


_CACHE: dict[int, tuple[CompiledRuleSet[Any], dict[str, tuple[Aim, ...]]]] = {}


def _items(compiled: CompiledRuleSet[Any]) -> dict[str, tuple[Aim, ...]]:
    """For each item and finite edge: on the edge, and in the band just below it."""
    found: dict[str, tuple[Aim, ...]] = {}
    measures = compiled.checked.body.measures  # type: ignore[union-attr]  # a scorecard's
    for item, expr in zip(compiled.ruleset.scorecard.items, measures, strict=True):
        solver = solver_for(expr)
        rounding = None if item.rounding is None else _rounding(item.rounding)
        starts = _starts(compiled, item.id)
        made = []
        for edge in _edges(item.bands):
            own = tuple(s for e, s in starts if e == edge)
            at = Aim(item.id, str(edge), edge, "at", Interval.point(edge), solver, rounding, own)
            made.append(at)
            under = next((b for b in item.bands if b.upper == edge), None)
            if under is not None:
                target = Interval.band(under.lower, under.upper)
                made.append(at._replace(side="below", target=target))
        found[item.id] = tuple(made)
    return found


def _starts(compiled: CompiledRuleSet[Any], item: str) -> list[tuple[Decimal, dict[str, Decimal]]]:
    try:
        return [(edge, solution) for _, edge, solution in edge_solutions(compiled, item)]
    except UsageError:  # no edge of this item is reached from nothing
        return []


def _rounding(rounding: Any) -> tuple[Decimal, str]:
    return quantum(rounding.places), ROUNDING[rounding.mode]


def _conditions(body: CheckedProgramme) -> dict[str, tuple[Aim, ...]]:
    """For each ordering comparison of each leaf and amount: ``left - right`` at, below, above 0."""
    formulas = zip((a.id for a in body.programme.amounts), body.amounts, strict=True)
    return _comparisons([*body.leaves.items(), *formulas])


def _classes(body: CheckedClassification) -> dict[str, tuple[Aim, ...]]:
    """Each comparison of each class of each axis (``size.3`` is the fourth class of ``size``)."""
    return _comparisons(
        [
            (f"{axis.id}.{number}", expr)
            for axis, tests in zip(
                body.classification.classifications, body.axis_tests, strict=True
            )
            for number, checked in enumerate(tests)
            for expr in (*checked.all_of, *checked.any_of)
        ]
    )


def _comparisons(exprs: Sequence[tuple[str, CheckedExpression]]) -> dict[str, tuple[Aim, ...]]:
    """For each ordering comparison of each expression: ``left - right`` at, below, above 0."""
    found: dict[str, tuple[Aim, ...]] = {}
    for rule, expr in exprs:
        made: list[Aim] = []
        for node in ast.walk(expr.tree):
            if (
                isinstance(node, ast.Compare)
                and len(node.ops) == 1
                and isinstance(node.ops[0], _ORDER)
            ):
                solver = Solver(_difference(expr, node))
                part = ast.unparse(node)
                made.extend(Aim(rule, part, _ZERO, side, target, solver) for side, target in _SIDES)
        if made:
            found[rule] = (*found.get(rule, ()), *made)
    return found


_SIDES: tuple[tuple[Side, Interval], ...] = (
    ("at", Interval.point(_ZERO)),
    ("below", Interval(-INF, _ZERO, False, False)),
    ("above", Interval(_ZERO, INF, False, False)),
)


def _difference(expr: CheckedExpression, node: ast.Compare) -> CheckedExpression:
    """``left - right`` of a comparison, as a number expression over the leaf's inputs."""
    tree = ast.BinOp(left=node.left, op=ast.Sub(), right=node.comparators[0])
    # Line 0: no literal of the text is there, so the operands' literals keep theirs.
    tree.lineno = tree.end_lineno = tree.col_offset = tree.end_col_offset = 0
    return attrs.evolve(expr, tree=tree, text=ast.unparse(tree), kind=Kind.NUMBER)


def _reach(aim: Aim, specs: Mapping[str, Input], values: dict[str, Any]) -> dict[str, Any] | None:
    """The values with one input changed (or a few choices) so the measure is at ``aim``."""
    if aim.side != "at":
        # Just below or above: the nearest value, from the record put on the edge itself.
        on_edge = aim._replace(side="at", target=Interval.point(aim.edge))
        values = _reach(on_edge, specs, values) or values
    attempts = _attempts(aim, specs, values)
    if aim.side != "at":
        next(attempts)  # in the band already is not yet next to the edge
    for attempt in attempts:
        if _hits(aim, attempt):
            return attempt
    return None


def _attempts(
    aim: Aim, specs: Mapping[str, Input], values: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    """Candidates: the record as it is, each input solved for, choices, then fresh starts."""
    yield values
    names = [n for n in aim.order if n in specs and specs[n].type not in _UNSOLVED]
    yield from _solved(aim, specs, values, names)
    yield from _combinations(aim, specs, values, names)
    for start in aim.starts:
        yield {**values, **start}


def _solved(
    aim: Aim, specs: Mapping[str, Input], values: dict[str, Any], names: Sequence[str]
) -> Iterator[dict[str, Any]]:
    """``values`` with one of ``names`` solved for, for each one the solver can do."""
    for name in names:
        found = aim.solver.solve(name, values, aim.target, **_how(specs[name], values.get(name)))
        if found.value is not None:
            yield {**values, name: found.value}


def _how(spec: Input, current: Any) -> dict[str, Any]:
    """How to solve for the input: on the grid records are drawn on (0.01 for a share)."""
    how = solving(spec, current)
    if "step" in how:
        how["step"] = Decimal(1).scaleb(-places(spec))
    return how


def _combinations(
    aim: Aim, specs: Mapping[str, Input], values: dict[str, Any], names: Sequence[str]
) -> Iterator[dict[str, Any]]:
    """Every combination of the true/false and choice inputs, each number then solved for."""
    discrete = [n for n in names if specs[n].type in ("bool", "enum")]
    options = [solving(specs[n], values.get(n))["choices"] for n in discrete]
    numbers = [n for n in names if n not in discrete]
    if not discrete or _count(options) > COMBINATIONS:
        return
    for combination in itertools.product(*options):
        tried = {**values, **dict(zip(discrete, combination, strict=True))}
        yield tried
        yield from _solved(aim, specs, tried, numbers)


def _count(options: Sequence[Sequence[Any]]) -> int:
    total = 1
    for option in options:
        total *= len(option)
    return total


def _hits(aim: Aim, values: Mapping[str, Any]) -> bool:
    """Whether the measure on ``values`` (rounded as the item rounds it) is where the aim is."""
    try:
        measure = as_number(aim.solver.value(values))
        if isinstance(measure, Decimal) and aim.rounding is not None:
            with decimal.localcontext(CONTEXT):
                measure = measure.quantize(aim.rounding[0], rounding=aim.rounding[1])
    except (MissingInput, EvaluationProblem, ArithmeticError, TypeError):
        return False
    return measure in aim.target


def _engine(spec: Input, value: Any) -> Any:
    """A typed record value as the engine holds it: numbers as `Decimal`."""
    if spec.type in ("int", "decimal") and value is not None and not isinstance(value, bool):
        return Decimal(str(value))
    return value


def _typed(spec: Input, value: Any) -> Any:
    """An engine value as a record gives it: a count as `int`."""
    if spec.type == "int" and isinstance(value, Decimal):
        return int(value)
    if spec.type == "decimal" and isinstance(value, Decimal) and value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value
