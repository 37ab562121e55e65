"""What it takes to reach a rating: the fewest items changed, and the inputs to change.

For a record below the target rating, every item that can gain points offers
options: a higher band, reached by changing one of the inputs its measure reads
(`coopeval.expr.solve` finds the value nearest the current one), or, for a
self-assessed item, by its self-assessed points. A plan picks at most one
option per item so that the points gained cover the gap to the target's lower
edge; plans are ordered by

1. the fewest items changed;
2. then the fewest points beyond the gap (no change more than needed);
3. then the smallest relative change of the inputs: the sum over steps of
   ``|to - from| / max(|from|, 1)``; a true/false or choice input, or
   self-assessed points, counts 1.

The fewest items is known before searching: the largest gains of that many
items cover the gap, and no fewer do. Every plan is applied to the record and
scored again; only a plan whose new total reaches the target is given, so two
steps that change the same input (``total_capital_close`` is read by c01a and
c01b) never give a plan that does not hold.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, overload

import attrs

from coopeval.engine.changes import parsed_of, relative, solver_for, solving
from coopeval.engine.compile import CompiledRuleSet
from coopeval.engine.evaluate import evaluate
from coopeval.engine.plan_search import Option, fewest, search
from coopeval.engine.programme import CompiledProgramme
from coopeval.engine.results import Evaluation, ProgrammeResult
from coopeval.engine.scorecard import CompiledScorecard
from coopeval.engine.whatif_programme import EligibilityWhatIf, whatif_programme
from coopeval.errors import UsageError
from coopeval.expr.solve import Interval, Solver
from coopeval.messages import said
from coopeval.records.schema import ParsedRecord
from coopeval.ruleset.base import Input
from coopeval.ruleset.check.scorecard import CheckedScorecard

__all__ = ["Plan", "Step", "WhatIf", "whatif"]

WhatIfStatus = Literal["plan", "at_target", "unreachable", "not_rated", "error"]
_ONE = Decimal(1)
_ZERO = Decimal(0)
#: Plans tried beyond those asked for, in case re-scoring drops some.
_SPARE = 8


@attrs.frozen
class Step:
    """One change: an item to a higher band, by an input or by self-assessed points.

    ``input`` is ``None`` for self-assessed points (``from``/``to`` are points);
    otherwise ``from`` and ``to`` are the input's values in its unit.
    """

    item: str
    input: str | None
    from_: Any
    to: Any
    points_gained: Decimal
    citation: str
    status: str
    band_from: int | None
    band_to: int
    #: For an item without evidence: the inputs to provide (``input`` is ``None`` and
    #: ``to`` the points; self-assessing them gives the same).
    needs: tuple[str, ...] = ()


@attrs.frozen
class Plan:
    """Steps that together reach the target, and the result they give."""

    steps: tuple[Step, ...]
    total_after: Decimal
    rating_after: str
    #: The sum over steps of the relative change of their inputs (the tie-break).
    change: Decimal


@attrs.frozen
class WhatIf:
    """What it takes for one record to reach ``target``.

    Attributes:
        status: ``plan`` (see ``plans``, best first), ``at_target`` (already
            there), ``unreachable`` (``possible`` is the most it can reach),
            ``not_rated`` (an exclusion applies: ``reason``), ``error`` (the
            record has errors: ``evaluation.errors``).
        possible: the highest total the changeable items allow.
        at_maximum: items already at their maximum points.
        fixed: items left as they are (asked, or no input can move them).
    """

    id: str | None
    status: WhatIfStatus
    target: str
    total: Decimal | None
    rating: str | None
    plans: tuple[Plan, ...] = ()
    possible: Decimal | None = None
    reason: str | None = None
    at_maximum: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()
    evaluation: Evaluation | None = attrs.field(default=None, eq=False, repr=False)


@overload
def whatif(
    rules: CompiledRuleSet[CompiledScorecard],
    record: Mapping[str, Any] | ParsedRecord | Evaluation,
    *,
    target: str | None = ...,
    fixed: Collection[str] = ...,
    max_changes: int | None = ...,
    alternatives: int = ...,
) -> WhatIf: ...
@overload
def whatif(
    rules: CompiledRuleSet[CompiledProgramme],
    record: Mapping[str, Any] | ParsedRecord | ProgrammeResult,
    *,
    target: str | None = ...,
    fixed: Collection[str] = ...,
    max_changes: int | None = ...,
    alternatives: int = ...,
) -> EligibilityWhatIf: ...
def whatif(
    rules: CompiledRuleSet[Any],
    record: Mapping[str, Any] | ParsedRecord | Evaluation | ProgrammeResult,
    *,
    target: str | None = None,
    fixed: Collection[str] = (),
    max_changes: int | None = None,
    alternatives: int = 1,
) -> WhatIf | EligibilityWhatIf:
    """The best plans for ``record`` to reach ``target`` (a scorecard's rating, default the
    highest) or, under a programme, to be eligible (`whatif_programme`).

    Args:
        record: a record as `coopeval.evaluate` takes it, or its evaluation (a
            file's results: the values as read, units and notation applied).
        fixed: items (or inputs) that may not change.
        max_changes: at most this many items per plan (``unreachable`` beyond).
        alternatives: how many plans to give, best first.

    Raises:
        UsageError: ``target`` is not one of the scorecard's ratings.
    """
    if rules.kind == "eligibility":
        return whatif_programme(rules, record, fixed=fixed, alternatives=alternatives)  # type: ignore[arg-type]  # the overloads pair the record with the kind
    ratings = rules.ruleset.scorecard.ratings.bands
    chosen = ratings[-1] if target is None else next((r for r in ratings if r.id == target), None)
    if chosen is None or chosen.lower is None:
        known = ", ".join(r.id for r in ratings if r.lower is not None)
        raise UsageError(said("api.unknown_target", target=repr(target), known=known))
    if isinstance(record, ProgrammeResult):
        raise UsageError(said("api.not_a_scorecard", rules=rules.id))
    return _Planner(rules, record, chosen.id, chosen.lower, fixed).plans(
        max_changes, max(alternatives, 1)
    )


class _Planner:
    def __init__(
        self,
        rules: CompiledRuleSet[CompiledScorecard],
        record: Mapping[str, Any] | ParsedRecord | Evaluation,
        target: str,
        edge: Decimal,
        fixed: Collection[str],
    ) -> None:
        self.rules = rules
        self.target = target
        self.edge = edge
        self.fixed = set(fixed)
        if isinstance(record, Evaluation):
            self.parsed = parsed_of(rules, record)
            self.ev = record
        else:
            self.parsed = record if isinstance(record, ParsedRecord) else rules.schema.parse(record)
            self.ev = evaluate(rules, self.parsed)
        self.specs: dict[str, Input] = {spec.name: spec for spec in rules.ruleset.inputs}

    def result(self, status: WhatIfStatus, **more: Any) -> WhatIf:
        ev = self.ev
        return WhatIf(ev.id, status, self.target, ev.total, ev.rating, evaluation=ev, **more)

    def plans(self, max_changes: int | None, alternatives: int) -> WhatIf:
        ev = self.ev
        if ev.status == "not_rated":
            return self.result("not_rated", reason=ev.not_rated_reason)
        if (ev.status == "error" and not ev.missing) or ev.total is None:
            return self.result("error")
        if ev.rating is not None and ev.total >= self.edge and not ev.override:
            return self.result("at_target")
        options, at_max, frozen = self.options()
        best = [max(o.gain for o in opts) for opts in options.values() if opts]
        possible = ev.total + sum(best, _ZERO)
        gap = self.edge - ev.total
        least = fewest(sorted(best, reverse=True), gap)
        extra = {"possible": possible, "at_maximum": at_max, "fixed": frozen}
        if least is None or (max_changes is not None and least > max_changes):
            return self.result("unreachable", **extra)
        found: list[Plan] = []
        for count in range(least, (max_changes or len(options)) + 1):
            for candidate in search(options, gap, count, alternatives + _SPARE):
                plan = self.applied(candidate)
                if plan is not None:
                    found.append(plan)
                if len(found) >= alternatives:
                    return self.result("plan", plans=tuple(found), **extra)
            if found:
                break
        if not found:
            return self.result("unreachable", **extra)
        return self.result("plan", plans=tuple(found), **extra)

    def options(self) -> tuple[dict[str, list[Option]], tuple[str, ...], tuple[str, ...]]:
        """Per changeable item, its options; the items at their maximum; the items left fixed."""
        ev = self.ev
        checked = self.rules.checked.body
        values = dict(zip(self.rules.names, ev.values, strict=False))
        found: dict[str, list[Option]] = {}
        at_max, frozen = [], []
        for n, (item, result) in enumerate(
            zip(self.rules.ruleset.scorecard.items, ev.items, strict=True)
        ):
            current = result.points if result.points is not None else _ZERO
            if current >= item.max:
                at_max.append(item.id)
                continue
            if item.id in self.fixed:
                frozen.append(item.id)
                continue
            higher = [(b, band) for b, band in enumerate(item.bands) if band.points > current]
            if result.source in ("self_assessed", "missing"):
                needs = () if result.source == "self_assessed" else _absent(result)
                opts = [
                    Option(
                        band.points - current,
                        _ONE,
                        Step(
                            item.id,
                            None,
                            None if result.points is None else current,
                            band.points,
                            band.points - current,
                            item.citation,
                            item.status,
                            result.band,
                            b,
                            needs,
                        ),
                    )
                    for b, band in higher
                ]
            else:
                assert isinstance(checked, CheckedScorecard)  # whatif checked the kind
                solver = solver_for(checked.measures[n])
                opts = [
                    o
                    for b, band in higher
                    if (o := self.by_input(solver, item, result, b, band, values, current))
                    is not None
                ]
            if opts:
                found[item.id] = opts
            else:
                frozen.append(item.id)
        return found, tuple(at_max), tuple(frozen)

    def by_input(
        self,
        solver: Solver,
        item: Any,
        result: Any,
        b: int,
        band: Any,
        values: Mapping[str, Any],
        current: Decimal,
    ) -> Option | None:
        """The input change nearest the record that puts ``item`` in band ``b``."""
        target = Interval.band(band.lower, band.upper)
        best: Option | None = None
        for name in solver.names:
            spec = self.specs.get(name)
            if spec is None or spec.fixed or name in self.fixed:
                continue
            solution = solver.solve(name, values, target, **solving(spec, values.get(name)))
            if solution.value is None:
                continue
            old = values.get(name)
            change = relative(old, solution.value)
            step = Step(
                item.id,
                name,
                old,
                solution.value,
                band.points - current,
                item.citation,
                item.status,
                result.band,
                b,
            )
            option = Option(band.points - current, change, step)
            if best is None or change < best.change:
                best = option
        return best

    def applied(self, steps: Sequence[Step]) -> Plan | None:
        """The plan of ``steps`` if, applied to the record and re-scored, it reaches the target."""
        values = list(self.parsed.values)
        items = [item.id for item in self.rules.ruleset.scorecard.items]
        own = list(self.parsed.self_scores) or [None] * len(items)
        for step in steps:
            if step.input is None:
                own[items.index(step.item)] = step.to
            else:
                values[self.rules.slots[step.input]] = step.to
        changed = attrs.evolve(self.parsed, values=tuple(values), self_scores=tuple(own))
        after = evaluate(self.rules, changed)
        if after.total is None or after.rating is None or after.total < self.edge:
            return None
        change = sum((relative(s.from_, s.to) for s in steps), _ZERO)
        return Plan(tuple(steps), after.total, after.rating, change)


def _absent(result: Any) -> tuple[str, ...]:
    """The inputs an item without evidence lacks."""
    return tuple(name for name, value in result.inputs if value is None)
