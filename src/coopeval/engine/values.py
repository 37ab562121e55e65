"""The values one record is evaluated with: its inputs, then what the envelope adds.

Shared by every kind: the day the record is evaluated on (`record_day`: an
``as_of`` asked for, else the record's own date), the computation date,
inputs derived from another rule set's result in the version in force that day
(through a callback; the engine loads nothing itself), and each parameter's
value in force on the record's date, with the period it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import attrs

from coopeval.engine.compile import CompiledParameter, CompiledRuleSet
from coopeval.engine.results import ParameterUse, RuleSetRef
from coopeval.expr import MissingValue
from coopeval.records import ParsedRecord, RecordIssue

__all__ = ["Prepared", "prepare", "record_day"]

#: The name of the input a computation date fills when the record leaves it out.
AS_OF = "as_of"

#: The name of the input whose year dates a record that has no ``as_of``.
YEAR = "year"

#: Looks up a field of another rule set's result for this record, under the version in
#: force on the record's day: the value (``None``: none), which rule set gave it, and
#: the record's problems on fields only that rule set reads (a classification's inputs).
Derive = Callable[[str, str, dt.date], tuple[Any, RuleSetRef | None, tuple[RecordIssue, ...]]]


@attrs.define
class Prepared:
    """A record's value tuple (a list: kinds add their own slots) and what filled it."""

    values: list[Any]
    #: The day the record is evaluated on: which versions and classes are in force.
    day: dt.date
    issues: list[RecordIssue] = attrs.field(factory=list)
    #: Parameter id → the value used, for explanations.
    uses: dict[str, ParameterUse] = attrs.field(factory=dict)
    #: ``(input, rule-set id)`` of each input taken from another result.
    derived: list[tuple[str, str]] = attrs.field(factory=list)
    #: The other rule sets (each a version) whose results gave a derived input.
    used: list[RuleSetRef] = attrs.field(factory=list)

    def ref(self, own: RuleSetRef) -> RuleSetRef:
        """``own``, naming every version used when another rule set decided part of the result."""
        if not self.used:
            return own
        return attrs.evolve(own, versions_used=(own, *self.used))


def record_day(
    rules: CompiledRuleSet[Any], values: Sequence[Any], as_of: dt.date | None
) -> dt.date:
    """The day a record is evaluated on: ``as_of`` (an override), else its own.

    Its own is its ``as_of`` date, else the last day of its ``year`` (a 2024
    record is judged as at 31/12/2024), else today.
    """
    if as_of is not None:
        return as_of
    slots = rules.slots
    own = values[slots[AS_OF]] if AS_OF in slots else None
    if isinstance(own, dt.date):
        return own
    year = values[slots[YEAR]] if YEAR in slots else None
    # an ``int`` input is read as a whole Decimal
    if isinstance(year, int | Decimal) and year == int(year) and dt.MINYEAR <= year <= dt.MAXYEAR:
        return dt.date(int(year), 12, 31)
    return dt.date.today()


def prepare(
    rules: CompiledRuleSet[Any],
    parsed: ParsedRecord,
    as_of: dt.date | None,
    derive: Derive | None,
) -> Prepared:
    """The full value tuple of ``parsed`` under ``rules``: slots after the inputs are filled."""
    names = rules.names
    extra = len(names) - len(parsed.values)
    values = [*parsed.values, *(MissingValue(n) for n in names[len(names) - extra :])]
    prepared = Prepared(values, record_day(rules, values, as_of))
    if as_of is not None and AS_OF in rules.slots:
        values[rules.slots[AS_OF]] = as_of  # the day asked for: the record's own gives way
    if derive is not None:
        for source in rules.derived:
            if isinstance(values[source.slot], MissingValue):
                value, ref, problems = derive(source.ruleset, source.field, prepared.day)
                if ref is not None and ref not in prepared.used:
                    prepared.used.append(ref)
                # a bad cell only the other rule set reads is this record's too: said, not lost
                prepared.issues.extend(p for p in problems if p.field not in rules.slots)
                if value is not None:
                    values[source.slot] = value
                    prepared.derived.append((names[source.slot], source.ruleset))
    for parameter in rules.parameters:
        _parameter(parameter, names, prepared)
    return prepared


def _parameter(parameter: CompiledParameter, names: Sequence[str], prepared: Prepared) -> None:
    values = prepared.values
    column, day = values[parameter.by], values[parameter.on]
    if isinstance(column, MissingValue) or isinstance(day, MissingValue):
        absent = column if isinstance(column, MissingValue) else day
        values[parameter.slot] = MissingValue(absent.name)
        return
    period = parameter.period(day)
    if period is None:
        first = parameter.dates[0]
        prepared.issues.append(
            RecordIssue(
                names[parameter.on],
                day.isoformat(),
                "range",
                f"no value of {parameter.id} is in force on {day}; the first is from {first}",
                f"from {first}",
            )
        )
        values[parameter.slot] = MissingValue(parameter.id)
        return
    if column not in period.values:
        prepared.issues.append(
            RecordIssue(
                names[parameter.by],
                str(column),
                "enum",
                f"{parameter.id} has no column {column!r}",
                ", ".join(period.values),
            )
        )
        values[parameter.slot] = MissingValue(parameter.id)
        return
    value = period.values[column]
    values[parameter.slot] = value
    prepared.uses[parameter.id] = ParameterUse(
        parameter.id, column, day, value, period.effective_from, period.citation, period.status
    )
