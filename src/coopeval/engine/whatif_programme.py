"""What it takes to become eligible: the fewest conditions changed, and the inputs to change.

A programme's outcome is its root condition: a tree of ``all_of``, ``any_of``,
``none_of`` and ``at_least k of`` over leaf expressions. For a record not
eligible or undetermined, each leaf in the wrong state (not met, or missing its
evidence) offers a change: the value of one of its inputs, nearest the record's,
that makes it hold (``own_equity >= total_investment * 0.2``: own equity from
167 000 000 to 200 000 000), solved from the checked expression
(`coopeval.expr.solve`), or made not to hold under ``none_of``. The tree then
says which sets of leaves are enough, fewest first (all of an ``all_of``, the
cheapest child of an ``any_of``, the ``k`` cheapest of an ``at_least``), ties
broken by the smaller relative change. Each plan is applied and judged again;
only a plan that makes the record eligible is given.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs

from coopeval.engine.changes import parsed_of, relative, solver_for, solving
from coopeval.engine.compile import CompiledRuleSet
from coopeval.engine.evaluate import evaluate
from coopeval.engine.programme import CompiledProgramme
from coopeval.engine.results import ProgrammeResult
from coopeval.expr.solve import Interval
from coopeval.records.schema import ParsedRecord
from coopeval.ruleset.check.programme import CheckedProgramme
from coopeval.ruleset.programme import Condition

__all__ = ["ConditionStep", "EligibilityPlan", "EligibilityWhatIf", "whatif_programme"]

EligibilityStatus = Literal["plan", "at_target", "unreachable", "error"]
_ZERO = Decimal(0)
#: Candidate sets kept per condition of the tree.
_KEEP = 12
_MET = Interval.band(Decimal(1), None)
_NOT_MET = Interval.band(None, Decimal(1))


@attrs.frozen
class ConditionStep:
    """One leaf condition made to hold (or, under ``none_of``, not to), by one input."""

    condition: str
    input: str
    from_: Any
    to: Any
    citation: str
    status: str
    #: ``True``: the condition is made to hold; ``False``: made not to.
    met: bool = True


@attrs.frozen
class EligibilityPlan:
    """Changes that together make the record eligible."""

    steps: tuple[ConditionStep, ...]
    outcome_after: str
    change: Decimal


@attrs.frozen
class EligibilityWhatIf:
    """What it takes for one record to be eligible under one programme.

    Attributes:
        status: ``plan``, ``at_target`` (eligible already), ``unreachable`` (no
            set of changes of the inputs does it: ``blocked`` says which leaves
            cannot change), ``error`` (the record has errors).
    """

    id: str | None
    programme: str
    status: EligibilityStatus
    outcome: str | None
    plans: tuple[EligibilityPlan, ...] = ()
    blocked: tuple[str, ...] = ()
    result: ProgrammeResult | None = attrs.field(default=None, eq=False, repr=False)


#: A set of leaf changes, with its total relative change.
_Way = tuple[Decimal, tuple[ConditionStep, ...]]


def whatif_programme(
    rules: CompiledRuleSet[CompiledProgramme],
    record: Mapping[str, Any] | ParsedRecord | ProgrammeResult,
    *,
    fixed: Collection[str] = (),
    alternatives: int = 1,
) -> EligibilityWhatIf:
    """The best plans for ``record`` to be eligible under the programme ``rules``."""
    return _Planner(rules, record, set(fixed)).plans(max(alternatives, 1))


class _Planner:
    def __init__(
        self,
        rules: CompiledRuleSet[CompiledProgramme],
        record: Mapping[str, Any] | ParsedRecord | ProgrammeResult,
        fixed: set[str],
    ) -> None:
        self.rules = rules
        self.fixed = fixed
        if isinstance(record, ProgrammeResult):
            self.parsed = parsed_of(rules, record)
            self.result = record
        else:
            self.parsed = record if isinstance(record, ParsedRecord) else rules.schema.parse(record)
            self.result = evaluate(rules, self.parsed)
        body = rules.ruleset.programme
        self.conditions: dict[str, Condition] = {c.id: c for c in body.conditions}
        self.outcomes = {c.id: c.outcome for c in self.result.conditions}
        checked = rules.checked.body
        assert isinstance(checked, CheckedProgramme)  # the kind was checked by the caller
        self.leaves = checked.leaves
        self.values = dict(zip(rules.names, self.result.values, strict=False))
        self.specs = {spec.name: spec for spec in rules.ruleset.inputs}
        self.blocked: set[str] = set()
        self.memo: dict[tuple[str, bool], list[_Way]] = {}

    def done(self, status: EligibilityStatus, **more: Any) -> EligibilityWhatIf:
        r = self.result
        return EligibilityWhatIf(r.id, self.rules.id, status, r.outcome, result=r, **more)

    def plans(self, alternatives: int) -> EligibilityWhatIf:
        root = self.rules.ruleset.programme.root
        if self.result.errors or root is None:
            return self.done("error")
        if self.result.outcome == "eligible":
            return self.done("at_target")
        found = []
        for _, steps in self.ways(root, want=True):
            plan = self.applied(steps)
            if plan is not None:
                found.append(plan)
            if len(found) >= alternatives:
                break
        if not found:
            return self.done("unreachable", blocked=tuple(sorted(self.blocked)))
        return self.done("plan", plans=tuple(found))

    def ways(self, cid: str, want: bool) -> list[_Way]:
        """The cheapest sets of leaf changes that put condition ``cid`` in state ``want``."""
        key = (cid, want)
        if key not in self.memo:
            self.memo[key] = sorted(self._ways(cid, want), key=_cost)[:_KEEP]
        return self.memo[key]

    def _ways(self, cid: str, want: bool) -> list[_Way]:
        c = self.conditions[cid]
        if c.when is not None:
            return self.leaf(c, want)
        if c.all_of:
            children, need = c.all_of, len(c.all_of) if want else 1
            return self.choose(children, need, want)
        if c.any_of:
            children = c.any_of
            return self.choose(children, 1 if want else len(children), want)
        if c.none_of:  # none of them holds: each made not to hold
            children = c.none_of
            return self.choose(children, len(children) if want else 1, not want)
        k = c.at_least or 0
        children = c.of
        return self.choose(children, k if want else len(children) - k + 1, want)

    def choose(self, children: Sequence[str], need: int, want: bool) -> list[_Way]:
        """``need`` of ``children`` in state ``want``: the cheapest combinations."""
        if need <= 0:
            return [(_ZERO, ())]
        options = [self.ways(child, want) for child in children]
        found: list[_Way] = []
        for picked in itertools.combinations(range(len(children)), need):
            lists = [options[n] for n in picked]
            if any(not ways for ways in lists):
                continue
            for combo in itertools.product(*(ways[:3] for ways in lists)):
                merged = _merged(tuple(s for _, way in combo for s in way))
                if merged is not None:
                    found.append(merged)
        return sorted(found, key=_cost)[:_KEEP]

    def leaf(self, c: Condition, want: bool) -> list[_Way]:
        state = self.outcomes.get(c.id)
        if (state == "met") == want and state != "missing":
            return [(_ZERO, ())]
        solver = solver_for(self.leaves[c.id], condition=True)
        target = _MET if want else _NOT_MET
        ways: list[_Way] = []
        for name in solver.names:
            spec = self.specs.get(name)
            if spec is None or spec.fixed or name in self.fixed or c.id in self.fixed:
                continue
            old = self.values.get(name)
            solution = solver.solve(name, self.values, target, **solving(spec, old))
            if solution.value is None or solution.value == old:
                continue
            change = relative(old, solution.value)
            step = ConditionStep(c.id, name, old, solution.value, c.citation, c.status, want)
            ways.append((change, (step,)))
        if not ways:
            self.blocked.add(c.id)
        return ways

    def applied(self, steps: Sequence[ConditionStep]) -> EligibilityPlan | None:
        values = list(self.parsed.values)
        for step in steps:
            values[self.rules.slots[step.input]] = step.to
        after = evaluate(self.rules, attrs.evolve(self.parsed, values=tuple(values)))
        if after.outcome != "eligible":
            return None
        change = sum((relative(s.from_, s.to) for s in steps), _ZERO)
        return EligibilityPlan(tuple(steps), after.outcome, change)


def _cost(way: _Way) -> tuple[int, Decimal]:
    """Fewest inputs changed first (one change may make two conditions hold), then the least."""
    return len({s.input for s in way[1]}), way[0]


def _merged(steps: tuple[ConditionStep, ...]) -> _Way | None:
    """Steps that change one input to several values made one value that does for all.

    Raising ``a`` to 10 for one condition and to 12 for another is raising it to 12;
    raising it for one and lowering it for another cannot be done: ``None``. The
    plan is judged again anyway before it is given.
    """
    if len({s.condition for s in steps}) != len(steps):
        return None
    chosen: dict[str, Any] = {}
    for name in {s.input for s in steps}:
        wanted = [s.to for s in steps if s.input == name]
        old = next(s.from_ for s in steps if s.input == name)
        if all(isinstance(w, Decimal) for w in wanted) and isinstance(old, Decimal):
            if all(w > old for w in wanted):
                chosen[name] = max(wanted)
            elif all(w < old for w in wanted):
                chosen[name] = min(wanted)
            else:
                return None
        elif len(set(map(repr, wanted))) == 1:
            chosen[name] = wanted[0]
        else:
            return None
    merged = tuple(attrs.evolve(s, to=chosen[s.input]) for s in steps)
    olds = {s.input: s.from_ for s in steps}
    return sum((relative(olds[n], v) for n, v in chosen.items()), _ZERO), merged
