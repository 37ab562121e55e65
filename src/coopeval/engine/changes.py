"""What a what-if plan shares between scorecards and programmes: inputs and their changes.

A plan changes inputs of a record; these say how one input may be solved for
(its grid, bounds or values), how much a change counts in the tie-break, and
the parsed record an evaluation was made from, so a plan is applied to the
values as they were read (units and notation included) and scored again.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from coopeval.engine.compile import CompiledRuleSet
from coopeval.engine.results import Evaluation, ProgrammeResult
from coopeval.expr.check import CheckedExpression
from coopeval.expr.missing import MissingValue
from coopeval.expr.solve import EVERYTHING, INF, Interval, Solver
from coopeval.records.schema import ParsedRecord
from coopeval.ruleset.base import Input

__all__ = ["parsed_of", "relative", "solver_for", "solving"]

_ONE = Decimal(1)
_ZERO = Decimal(0)


#: One solver per measure, kept with the measure it solves (so its id is never reused).
_SOLVERS: dict[int, Solver] = {}


def solver_for(measure: CheckedExpression, *, condition: bool = False) -> Solver:
    """The solver of ``measure`` (of a true/false ``condition``), made once and kept."""
    found = _SOLVERS.get(id(measure))
    if found is None or found.expr is not measure:
        made = Solver.of_condition(measure) if condition else Solver(measure)
        found = _SOLVERS[id(measure)] = made
    return found


def parsed_of(rules: CompiledRuleSet[Any], ev: Evaluation | ProgrammeResult) -> ParsedRecord:
    """The parsed record an evaluation was made from: its values as read, absent ones marked."""
    count = len(rules.schema.inputs)  # the slots of the inputs, before derived ones
    values = tuple(
        MissingValue(name) if value is None else value
        for name, value in zip(rules.names[:count], ev.values[:count], strict=True)
    )
    own = ev.self_scores if isinstance(ev, Evaluation) else ()
    return ParsedRecord(ev.id, values, tuple(own), (), ev.meta, ev.source, ev.row)


def solving(spec: Input, current: Any) -> dict[str, Any]:
    """How to solve for one input: its values (true/false, choice) or its grid and bounds."""
    if spec.type == "bool":
        return {"choices": (True, False)}
    if spec.type == "enum":
        return {"choices": tuple(spec.values or ())}
    if spec.type not in ("int", "decimal"):
        return {"choices": (current,)}
    lower = -INF if spec.at_least is None else spec.at_least
    upper = INF if spec.at_most is None else spec.at_most
    step = _ONE if spec.type == "int" or _whole(current) else Decimal("0.01")
    bounds = EVERYTHING if (lower, upper) == (-INF, INF) else Interval(lower, upper, True, True)
    return {"step": step, "bounds": bounds}


def _whole(value: Any) -> bool:
    return isinstance(value, Decimal) and value == value.to_integral_value()


def relative(old: Any, new: Any) -> Decimal:
    """``|new - old| / max(|old|, 1)`` for numbers; 1 for any other change."""
    if isinstance(old, Decimal) and isinstance(new, Decimal):
        return abs(new - old) / max(abs(old), _ONE)
    return _ZERO if old == new else _ONE
