"""Evaluate: one record under one compiled rule set of either kind, exactly.

`evaluate` parses the record, fills the value slots the envelope adds
(`values.prepare`: computation date, derived inputs, parameters), then runs the
kind's evaluation (`scoring` for scorecards, `eligibility` for programmes),
all under one decimal context whatever the caller's. Inputs derived from
another rule set's result are computed through the rule set's injected
resolver, once per record, shared through ``cache``.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from decimal import Decimal
from typing import Any, overload

import attrs

from coopeval.engine.classification import classify_record
from coopeval.engine.compile import CompiledRuleSet
from coopeval.engine.eligibility import judge_record, unreadable
from coopeval.engine.generated import HAND_BACK
from coopeval.engine.programme import CompiledProgramme
from coopeval.engine.results import Evaluation, ProgrammeResult, Result, RuleSetRef
from coopeval.engine.scorecard import CompiledScorecard
from coopeval.engine.scoring import score_record
from coopeval.engine.values import Derive, Prepared, prepare, record_day
from coopeval.errors import UsageError
from coopeval.messages import said
from coopeval.records import ParsedRecord, RecordIssue
from coopeval.ruleset.base import RuleSetKind

__all__ = ["CONTEXT", "evaluate", "failed", "score"]

#: Exact arithmetic for every evaluation, whatever the caller's decimal context.
CONTEXT = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_EVEN)

#: A record's results under other rule sets, by rule-set id, shared between rule sets.
Cache = MutableMapping[str, Any]

_EVALUATE: Mapping[RuleSetKind, Callable[[Any, ParsedRecord, Prepared, bool], Result]] = {
    "scorecard": lambda rules, parsed, prepared, lenient: score_record(
        rules, parsed, prepared, lenient=lenient
    ),
    "eligibility": lambda rules, parsed, prepared, _lenient: judge_record(rules, parsed, prepared),
    "classification": lambda rules, parsed, prepared, _lenient: classify_record(
        rules, parsed, prepared
    ),
}


@overload
def evaluate(
    rules: CompiledRuleSet[CompiledScorecard],
    record: Mapping[str, Any] | ParsedRecord,
    *,
    lenient: bool = ...,
    as_of: dt.date | None = ...,
    cache: Cache | None = ...,
    source: str = ...,
    row: int | None = ...,
    cells: bool = ...,
    powers: Mapping[str, int] | None = ...,
    scored: bool | None = ...,
) -> Evaluation: ...
@overload
def evaluate(
    rules: CompiledRuleSet[CompiledProgramme],
    record: Mapping[str, Any] | ParsedRecord,
    *,
    lenient: bool = ...,
    as_of: dt.date | None = ...,
    cache: Cache | None = ...,
    source: str = ...,
    row: int | None = ...,
    cells: bool = ...,
    powers: Mapping[str, int] | None = ...,
    scored: bool | None = ...,
) -> ProgrammeResult: ...
def evaluate(
    rules: CompiledRuleSet[Any],
    record: Mapping[str, Any] | ParsedRecord,
    *,
    lenient: bool = False,
    as_of: dt.date | None = None,
    cache: Cache | None = None,
    source: str = "",
    row: int | None = None,
    cells: bool = False,
    powers: Mapping[str, int] | None = None,
    scored: bool | None = None,
) -> Result:
    """Evaluate ``record``: score and rate it, or judge it under a programme.

    Args:
        rules: from `compile_ruleset` (or `coopeval.load`), of either kind.
        record: a mapping of field → value (nested or dotted), or a parsed record.
        lenient: score items without evidence as 0 instead of reporting them missing.
        as_of: the day to evaluate on, over the record's own (its ``as_of``, else 31/12
            of its ``year``): which versions and classes are in force, and the
            computation date. A programme refuses a record whose day it is not in force on.
        cache: this record's results under other rule sets, shared between calls.
        source, row: where the record came from, for located errors.
        cells: the values are spreadsheet text (Vietnamese number notation allowed).
        powers: field → the power of ten its column's unit scales a number by.
        scored: ``False`` when the file holds no self-assessed points (not looked for).

    Returns:
        An `Evaluation` (scorecard) or a `ProgrammeResult` (programme); a bad
        record gives a result with ``errors``, never an exception.
    """
    parsed = (
        record
        if isinstance(record, ParsedRecord)
        else rules.schema.parse(record, source, row, cells=cells, powers=powers, scored=scored)
    )
    with decimal.localcontext(CONTEXT):
        if rules.dated is not None and not isinstance(record, ParsedRecord):
            other = _version_of_day(rules, parsed, as_of)
            if other is not None:  # the record is another version's: read it anew
                again: Result = evaluate(
                    other,
                    record,
                    lenient=lenient,
                    as_of=as_of,
                    cache=cache,
                    source=source,
                    row=row,
                    cells=cells,
                    powers=powers,
                    scored=scored,
                )
                return again
        derive = _deriver(rules, record, cache, cells, powers, as_of)
        prepared = prepare(rules, parsed, as_of, derive)
        if rules.kind != "scorecard" and not parsed.issues:
            refused = _not_in_force(rules, prepared.day, as_of is not None)
            if refused is not None:
                parsed = attrs.evolve(parsed, issues=(refused,))
                if rules.kind == "classification":
                    return classify_record(rules, parsed, prepared)
                return unreadable(rules, parsed)
        return _EVALUATE[rules.kind](rules, parsed, prepared, lenient)


def score(
    rules: CompiledRuleSet[CompiledScorecard],
    record: Mapping[str, Any] | ParsedRecord,
    *,
    lenient: bool = False,
) -> tuple[Decimal | None, str | None]:
    """The total and rating of one record, as `evaluate` would give them, but faster.

    Returns ``(None, None)`` for a record with errors (``evaluate`` says which),
    and ``(None, "not_rated")`` when an exclusion applies.

    Raises:
        UsageError: ``rules`` is not a scorecard.
    """
    if rules.kind != "scorecard":
        raise UsageError(said("api.not_a_scorecard", rules=rules.id))
    parsed = record if isinstance(record, ParsedRecord) else rules.schema.parse(record)
    if not parsed.issues:
        with decimal.localcontext(CONTEXT):
            values: Sequence[Any] = parsed.values
            if rules.parameters or rules.derived or len(rules.names) > len(values):
                derive = _deriver(rules, record, None, False, None, None)
                prepared = prepare(rules, parsed, None, derive)
                values = () if prepared.issues else prepared.values
            try:
                if values:
                    return rules.body.score_total(values)
            except HAND_BACK:
                pass  # only the full evaluation can say why: it runs below
    ev = evaluate(rules, parsed if not rules.derived else record, lenient=lenient)
    return (None if ev.status == "not_rated" else ev.total), ev.rating


def failed(
    rules: CompiledRuleSet[Any], issue: RecordIssue, *, source: str = "", row: int | None = None
) -> Result:
    """The error result of a row that could not be read as a record at all."""
    parsed = ParsedRecord(None, (), (), (issue,), (), source, row)
    if rules.kind == "eligibility":
        return unreadable(rules, parsed)
    result: Result = evaluate(rules, parsed)
    return result


def _deriver(
    rules: CompiledRuleSet[Any],
    record: Mapping[str, Any] | ParsedRecord,
    cache: Cache | None,
    cells: bool,
    powers: Mapping[str, int] | None,
    as_of: dt.date | None,
) -> Derive | None:
    """Looks up derived inputs in this record's results under the rule sets they name.

    Each is the version in force on the record's day; a rule set with none in
    force then gives nothing (Decree 113/2024 classifies no 2023 record).
    """
    if not rules.derived or rules.resolve is None or isinstance(record, ParsedRecord):
        return None
    resolve = rules.resolve
    results: Cache = {} if cache is None else cache

    def derive(
        ruleset: str, field: str, day: dt.date
    ) -> tuple[Any, RuleSetRef | None, tuple[RecordIssue, ...]]:
        if ruleset not in results:
            results[ruleset] = None  # a rule set deriving from itself, indirectly, gets nothing
            other = resolve(ruleset, day)
            if other is not None:
                results[ruleset] = evaluate(
                    other, record, as_of=as_of, cache=results, cells=cells, powers=powers
                )
        found = results[ruleset]
        if found is None:
            return None, None, ()
        # only a classification's value problems: a programme's own judgement stays its own
        problems = (
            tuple(e for e in found.errors if e.code in _VALUE_PROBLEMS)
            if found.layout is not None and found.layout.ruleset.kind == "classification"
            else ()
        )
        return _field(found, field), _ref(found), problems

    return derive


def _version_of_day(
    rules: CompiledRuleSet[Any], parsed: ParsedRecord, as_of: dt.date | None
) -> CompiledRuleSet[Any] | None:
    """Another version of ``rules`` in force on the record's day, or ``None`` to keep this one.

    None in force that day keeps this one: a scorecard re-scores history, a
    programme then refuses the record itself.
    """
    if rules.dated is None or parsed.issues:
        return None
    day = record_day(rules, parsed.values, as_of)
    if rules.in_force(day):
        return None
    other = rules.dated(day)
    return None if other is None or other.version == rules.version else other


#: Record issues about a value as given (not evidence left out, not a date refused).
_VALUE_PROBLEMS = frozenset({"type", "range", "enum", "required"})


def _ref(result: Result) -> RuleSetRef:
    """The rule set a result came from, without the versions it used in turn."""
    ref = result.ruleset if isinstance(result, Evaluation) else result.programme
    return attrs.evolve(ref, versions_used=()) if ref.versions_used else ref


def _not_in_force(
    rules: CompiledRuleSet[Any], day: dt.date, overridden: bool
) -> RecordIssue | None:
    """Why a programme (or a classification) refuses a record dated outside its days, or ``None``.

    A scorecard refuses none: a province re-scores its history with today's rules.
    """
    if rules.in_force(day):
        return None
    start, end = rules.ruleset.effective_from, rules.ruleset.effective_to
    field = "as_of" if overridden or "as_of" in rules.slots else "year"
    until = end.isoformat() if end is not None else "…"
    return RecordIssue(
        field,
        day.isoformat(),
        "not_in_force",
        said("records.not_in_force", rules=rules.id, day=day.isoformat(), start=start, end=until),
        f"{start.isoformat()} – {until}",
    )


def _field(result: Result | None, field: str) -> Any:
    """A field of another rule set's result, or None when it has no value."""
    if result is None:
        return None
    if field.startswith("classification."):
        return dict(getattr(result, "classification", ())).get(field.split(".", 1)[1])
    return getattr(result, field, None)
