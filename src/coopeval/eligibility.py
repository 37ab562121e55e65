"""Evaluate eligibility: every condition of a programme, three-valued, and its amounts.

Each condition is **met**, **not met** or **missing** (an input it needs is
absent). Every condition is evaluated and reported, never only the first
failure. A programme is eligible, not eligible, or undetermined when only
missing evidence stands in the way. Amounts are computed whenever their inputs
are present, whatever the outcome: an officer budgets before the file is complete.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs

from coopeval.engine import CONTEXT
from coopeval.records import ParsedRecord
from coopeval.results import RecordIssue, RuleSetRef
from coopeval.runtime import (
    EvaluationProblem,
    MissingInput,
    MissingValue,
    arithmetic_reason,
    shown,
)
from coopeval.support_compiler import CompiledNode, CompiledProgramme

if TYPE_CHECKING:
    from coopeval.compiler import CompiledRuleSet as _Scorecard

__all__ = [
    "AmountResult",
    "ConditionResult",
    "ParameterUse",
    "ProgrammeResult",
    "evaluate_programme",
]

Outcome = Literal["met", "not_met", "missing"]
ProgrammeOutcome = Literal["eligible", "not_eligible", "undetermined"]

ONE = Decimal(1)

_OUTCOMES: Mapping[Outcome, ProgrammeOutcome] = {
    "met": "eligible",
    "not_met": "not_eligible",
    "missing": "undetermined",
}

#: Loads another rule set by id, for inputs derived from its result.
Resolver = Callable[[str], "_Scorecard | CompiledProgramme"]


@attrs.frozen
class ConditionResult:
    """One condition's outcome, with the values it read and the inputs it lacked."""

    id: str
    outcome: Outcome
    citation: str
    status: str
    #: ``(name, value or None)`` for every input the condition reads (leaves only).
    values: tuple[tuple[str, Any], ...] = ()
    missing: tuple[str, ...] = ()
    #: Ids of the conditions it combines (composites only).
    children: tuple[str, ...] = ()


@attrs.frozen
class ParameterUse:
    """The parameter value an amount used: which table, column, date and period."""

    parameter: str
    column: str
    on: dt.date
    value: Decimal
    effective_from: dt.date
    citation: str
    status: str


@attrs.frozen
class AmountResult:
    """An amount in exact VND with its formula and every value it used."""

    id: str
    value: Decimal | None
    formula: str
    citation: str
    status: str
    unit: str = "VND"
    values: tuple[tuple[str, Any], ...] = ()
    missing: tuple[str, ...] = ()
    parameters: tuple[ParameterUse, ...] = ()


@attrs.frozen
class ProgrammeResult:
    """A record's result under one programme."""

    id: str | None
    programme: RuleSetRef
    #: ``None`` for a rule set of set rules only.
    outcome: ProgrammeOutcome | None
    conditions: tuple[ConditionResult, ...]
    amounts: tuple[AmountResult, ...]
    #: Inputs whose absence leaves the outcome undetermined.
    missing: tuple[str, ...] = ()
    errors: tuple[RecordIssue, ...] = ()
    #: Inputs taken from another rule set's result: ``(name, rule-set id)``.
    derived: tuple[tuple[str, str], ...] = ()
    source: str = ""
    row: int | None = None
    meta: tuple[tuple[str, str], ...] = ()
    values: tuple[Any, ...] = attrs.field(default=(), eq=False, repr=False)
    rules: CompiledProgramme | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def status(self) -> Literal["ok", "error"]:
        """``error`` when the record had a bad value for this programme."""
        return "error" if self.errors else "ok"


def evaluate_programme(
    programme: CompiledProgramme,
    record: Mapping[str, Any],
    *,
    as_of: dt.date | None = None,
    resolve: Resolver | None = None,
    cache: MutableMapping[str, Any] | None = None,
    source: str = "",
    row: int | None = None,
    cells: bool = False,
) -> ProgrammeResult:
    """Judge one record under one programme.

    Args:
        as_of: the date of the computation, used when the record has no ``as_of``.
        resolve: loads another rule set by id for derived inputs (default: bundled).
        cache: results of other rule sets for this record, shared between programmes.
    """
    parsed = programme.schema.parse(record, source, row, cells=cells)
    run = _Run(programme, parsed, resolve, {} if cache is None else cache, record)
    run.cells = cells
    with decimal.localcontext(CONTEXT):
        return run.result(as_of)


class _Run:
    def __init__(
        self,
        programme: CompiledProgramme,
        parsed: ParsedRecord,
        resolve: Resolver | None,
        cache: MutableMapping[str, Any],
        record: Mapping[str, Any],
    ) -> None:
        self.pg = programme
        self.parsed = parsed
        self.resolve = resolve
        self.cache = cache
        self.record = record
        self.issues = list(parsed.issues)
        extra = len(programme.names) - len(parsed.values)
        self.values: list[Any] = [
            *parsed.values,
            *(MissingValue(n) for n in programme.names[-extra:] if extra),
        ]
        self.derived: list[tuple[str, str]] = []
        self.cells = False

    def result(self, as_of: dt.date | None) -> ProgrammeResult:
        names = self.pg.names
        if as_of is not None and "as_of" in names:
            slot = names.index("as_of")
            if isinstance(self.values[slot], MissingValue):
                self.values[slot] = as_of
        self._derive()
        uses = self._parameters()
        amounts = tuple(self._amount(a, uses) for a in self.pg.amounts)
        outcomes: dict[int, ConditionResult] = {}
        for index in range(len(self.pg.nodes)):
            self._node(index, outcomes)
        conditions = tuple(outcomes[i] for i in range(len(self.pg.nodes)))
        outcome = None if self.pg.root is None else _OUTCOMES[outcomes[self.pg.root].outcome]
        missing = () if self.pg.root is None else outcomes[self.pg.root].missing
        head = self.pg.programme.ruleset
        return ProgrammeResult(
            id=self.parsed.id,
            programme=RuleSetRef(head.id, head.version, self.pg.programme.sha256),
            outcome=outcome,
            conditions=conditions,
            amounts=amounts,
            missing=missing,
            errors=tuple(self.issues),
            derived=tuple(self.derived),
            source=self.parsed.source,
            row=self.parsed.row,
            meta=self.parsed.meta,
            values=tuple(self.values),
            rules=self.pg,
        )

    def _derive(self) -> None:
        for slot, ruleset, field in self.pg.derived:
            if not isinstance(self.values[slot], MissingValue):
                continue
            value = _result_field(self._other(ruleset), field)
            if value is not None:
                self.values[slot] = value
                self.derived.append((self.pg.names[slot], ruleset))

    def _other(self, ruleset: str) -> Any:
        if ruleset not in self.cache:
            from coopeval.bundled import load_any
            from coopeval.compiler import CompiledRuleSet
            from coopeval.engine import evaluate

            rules = (self.resolve or load_any)(ruleset)
            if isinstance(rules, CompiledRuleSet):
                self.cache[ruleset] = evaluate(rules, self.record, cells=self.cells)
            else:
                self.cache[ruleset] = evaluate_programme(
                    rules, self.record, resolve=self.resolve, cache=self.cache, cells=self.cells
                )
        return self.cache[ruleset]

    def _parameters(self) -> dict[str, ParameterUse]:
        uses: dict[str, ParameterUse] = {}
        base = len(self.parsed.values)
        for offset, parameter in enumerate(self.pg.parameters):
            column, day = self.values[parameter.by], self.values[parameter.on]
            slot = base + offset
            if isinstance(column, MissingValue) or isinstance(day, MissingValue):
                absent = column if isinstance(column, MissingValue) else day
                self.values[slot] = MissingValue(absent.name)
                continue
            period = parameter.period(day)
            if period is None:
                first = parameter.dates[0]
                self.issues.append(
                    RecordIssue(
                        self.pg.names[parameter.on],
                        day.isoformat(),
                        "range",
                        f"no value of {parameter.id} is in force on {day}; "
                        f"the first is from {first}",
                        f"from {first}",
                    )
                )
                self.values[slot] = MissingValue(parameter.id)
                continue
            if column not in period.values:
                self.issues.append(
                    RecordIssue(
                        self.pg.names[parameter.by],
                        str(column),
                        "enum",
                        f"{parameter.id} has no column {column!r}",
                        ", ".join(period.values),
                    )
                )
                self.values[slot] = MissingValue(parameter.id)
                continue
            value = period.values[column]
            self.values[slot] = value
            uses[parameter.id] = ParameterUse(
                parameter.id,
                column,
                day,
                value,
                period.effective_from,
                period.citation,
                period.status,
            )
        return uses

    def _amount(self, amount: Any, uses: Mapping[str, ParameterUse]) -> AmountResult:
        spec = self.pg.programme.amounts[
            amount.slot - len(self.parsed.values) - len(self.pg.parameters)
        ]
        read = tuple((self.pg.names[i], shown(self.values[i])) for i in amount.reads)
        used = tuple(uses[name] for name, _ in read if name in uses)
        base = AmountResult(
            spec.id,
            None,
            spec.formula,
            spec.citation,
            spec.status,
            spec.unit,
            read,
            parameters=used,
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
        node = self.pg.nodes[index]
        spec = self.pg.programme.conditions[index]
        base = ConditionResult(node.id, "missing", spec.citation, spec.status)
        if node.test is not None:
            result = self._leaf(node, base)
        else:
            kids = [self._node(child, done) for child in node.children]
            outcome = _combine(node, [k.outcome for k in kids])
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

    def _leaf(self, node: CompiledNode, base: ConditionResult) -> ConditionResult:
        read = tuple((self.pg.names[i], shown(self.values[i])) for i in node.reads)
        assert node.test is not None  # leaves always have a test
        try:
            held = bool(node.test(self.values))
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


def _combine(node: CompiledNode, outcomes: Sequence[Outcome]) -> Outcome:
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


def _result_field(result: Any, field: str) -> Any:
    """A field of another rule set's result, or None when it has no value."""
    if field == "classification" or field.startswith("classification."):
        return dict(getattr(result, "classification", ())).get(field.split(".", 1)[-1])
    if field == "total":
        return getattr(result, "total", None)
    return getattr(result, field, None)


def _ordered(names: Any) -> tuple[str, ...]:
    seen: list[str] = []
    for name in names:
        if name not in seen:
            seen.append(name)
    return tuple(seen)
