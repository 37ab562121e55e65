"""Judge one record under a programme: every condition, three-valued, and its amounts.

Each condition is **met**, **not met** or **missing** (an input it needs is
absent). Every condition is evaluated and reported, never only the first
failure. A programme is eligible, not eligible, or undetermined when only
missing evidence stands in the way. Amounts are computed whenever their inputs
are present, whatever the outcome: an officer budgets before the file is complete.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from coopeval.engine.compile import CompiledRuleSet
from coopeval.engine.programme import CompiledAmount, CompiledNode, CompiledProgramme
from coopeval.engine.results import (
    AmountResult,
    ConditionResult,
    Outcome,
    ParameterUse,
    ProgrammeOutcome,
    ProgrammeResult,
)
from coopeval.engine.values import Prepared
from coopeval.expr import (
    EvaluationProblem,
    Function,
    MissingInput,
    MissingValue,
    arithmetic_reason,
    shown,
)
from coopeval.records import ParsedRecord, RecordIssue

__all__ = ["combine", "judge_record", "unreadable"]

ONE = Decimal(1)

Programme = CompiledRuleSet[CompiledProgramme]

_OUTCOMES: Mapping[Outcome, ProgrammeOutcome] = {
    "met": "eligible",
    "not_met": "not_eligible",
    "missing": "undetermined",
}


def judge_record(rules: Programme, parsed: ParsedRecord, prepared: Prepared) -> ProgrammeResult:
    """Every amount and condition of one parsed record whose value tuple is ``prepared``."""
    return _Run(rules, parsed, prepared).result()


def unreadable(rules: Programme, parsed: ParsedRecord) -> ProgrammeResult:
    """The result of a record not judged: a row not read at all, or one the programme refuses."""
    return ProgrammeResult(
        id=parsed.id,
        programme=rules.ref,
        outcome=None if rules.body.root is None else "undetermined",
        conditions=(),
        amounts=(),
        errors=parsed.issues,
        source=parsed.source,
        row=parsed.row,
        meta=parsed.meta,
        layout=rules.layout,
    )


class _Run:
    def __init__(self, rules: Programme, parsed: ParsedRecord, prepared: Prepared) -> None:
        self.rules = rules
        self.body = rules.body
        self.parsed = parsed
        self.prepared = prepared
        self.values = prepared.values
        self.issues = [*parsed.issues, *prepared.issues]

    def result(self) -> ProgrammeResult:
        body = self.body
        amounts = tuple(self._amount(a, self.prepared.uses) for a in body.amounts)
        outcomes: dict[int, ConditionResult] = {}
        for index in range(len(body.nodes)):
            self._node(index, outcomes)
        conditions = tuple(outcomes[i] for i in range(len(body.nodes)))
        root = None if body.root is None else outcomes[body.root]
        return ProgrammeResult(
            id=self.parsed.id,
            programme=self.prepared.ref(self.rules.ref),
            outcome=None if root is None else _OUTCOMES[root.outcome],
            conditions=conditions,
            amounts=amounts,
            missing=() if root is None else root.missing,
            errors=tuple(self.issues),
            derived=tuple(self.prepared.derived),
            source=self.parsed.source,
            row=self.parsed.row,
            meta=self.parsed.meta,
            layout=self.rules.layout,
            values=tuple(shown(v) for v in self.values),
        )

    def _read(self, reads: Sequence[int]) -> tuple[tuple[str, Any], ...]:
        names = self.rules.names
        return tuple((names[i], shown(self.values[i])) for i in reads)

    def _amount(self, amount: CompiledAmount, uses: Mapping[str, ParameterUse]) -> AmountResult:
        spec = amount.spec
        read = self._read(amount.reads)
        base = AmountResult(
            spec.id,
            None,
            spec.formula,
            spec.citation,
            spec.status,
            spec.unit,
            read,
            parameters=tuple(uses[name] for name, _ in read if name in uses),
        )
        try:
            raw = amount.formula(self.values)
            if isinstance(raw, MissingValue):  # a formula that is a bare input name
                raise MissingInput(raw.name)
            value = Decimal(raw)
            if amount.rounding is not None:
                value = value.quantize(amount.rounding[0], rounding=amount.rounding[1])
            elif value == value.to_integral_value():
                value = value.quantize(ONE)  # 6240000.0 VND is written 6240000
            else:
                value = value.normalize()  # 8.10 % is written 8.1
        except MissingInput:
            absent = self._absent(amount.reads)
            self.values[amount.slot] = MissingValue(absent[0] if absent else spec.id)
            return attrs.evolve(base, missing=absent)
        except (ArithmeticError, EvaluationProblem) as exc:
            self.issues.append(
                RecordIssue(
                    f"{spec.id}.formula",
                    None,
                    "arithmetic",
                    f"cannot compute {spec.id}: {arithmetic_reason(exc)}",
                )
            )
            self.values[amount.slot] = MissingValue(spec.id)
            return base
        self.values[amount.slot] = value
        return attrs.evolve(base, value=value)

    def _node(self, index: int, done: dict[int, ConditionResult]) -> ConditionResult:
        if index in done:
            return done[index]
        node = self.body.nodes[index]
        base = ConditionResult(node.id, "missing", node.spec.citation, node.spec.status)
        if node.test is not None:
            result = self._leaf(node, node.test, base)
        else:
            kids = [self._node(child, done) for child in node.children]
            outcome = combine(node, [k.outcome for k in kids])
            # Only inputs that could still change this outcome are "missing" here.
            needed = (
                _ordered(m for k in kids if k.outcome == "missing" for m in k.missing)
                if outcome == "missing"
                else ()
            )
            result = attrs.evolve(
                base, outcome=outcome, children=tuple(k.id for k in kids), missing=needed
            )
        done[index] = result
        return result

    def _leaf(self, node: CompiledNode, test: Function, base: ConditionResult) -> ConditionResult:
        read = self._read(node.reads)
        try:
            held = bool(test(self.values))
        except MissingInput as exc:
            # A test that branches on has() needs only what its branch read; any
            # other test needs every absent input it reads.
            missing = (
                _ordered((exc.name, *self._absent(node.guards)))
                if node.branches
                else self._absent(node.reads)
            )
            return attrs.evolve(base, values=read, missing=missing)
        except (ArithmeticError, EvaluationProblem) as exc:
            self.issues.append(
                RecordIssue(
                    f"{node.id}.when",
                    None,
                    "arithmetic",
                    f"cannot check {node.id}: {arithmetic_reason(exc)}",
                )
            )
            return attrs.evolve(base, values=read)
        return attrs.evolve(base, outcome="met" if held else "not_met", values=read)

    def _absent(self, reads: Sequence[int]) -> tuple[str, ...]:
        return _ordered(
            self.values[i].name for i in reads if isinstance(self.values[i], MissingValue)
        )


def combine(node: CompiledNode, outcomes: Sequence[Outcome]) -> Outcome:
    """Three-valued logic: missing only where the missing ones could change the answer."""
    met = outcomes.count("met")
    missing = outcomes.count("missing")
    if node.kind == "all_of":
        need = len(outcomes)
    elif node.kind == "any_of":
        need = 1
    elif node.kind == "at_least":
        need = node.at_least
    else:  # none_of: met when no child is met
        if met:
            return "not_met"
        return "missing" if missing else "met"
    if met >= need:
        return "met"
    return "missing" if met + missing >= need else "not_met"


def _ordered(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))
