"""The values one record is evaluated with: its inputs, then what the envelope adds.

Shared by both kinds: the computation date (``as_of``) when the record has
none, inputs derived from another rule set's result (through a callback; the
engine loads nothing itself), and each parameter's value in force on the
record's date, with the period it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from coopeval.engine.compile import CompiledParameter, CompiledRuleSet
from coopeval.engine.results import ParameterUse
from coopeval.expr import MissingValue
from coopeval.records import ParsedRecord, RecordIssue

__all__ = ["Prepared", "prepare"]

#: The name of the input a computation date fills when the record leaves it out.
AS_OF = "as_of"

#: Looks up a field of another rule set's result for this record (``None``: no value).
Derive = Callable[[str, str], Any]


@attrs.define
class Prepared:
    """A record's value tuple (a list: kinds add their own slots) and what filled it."""

    values: list[Any]
    issues: list[RecordIssue] = attrs.field(factory=list)
    #: Parameter id → the value used, for explanations.
    uses: dict[str, ParameterUse] = attrs.field(factory=dict)
    #: ``(input, rule-set id)`` of each input taken from another result.
    derived: list[tuple[str, str]] = attrs.field(factory=list)


def prepare(
    rules: CompiledRuleSet[Any],
    parsed: ParsedRecord,
    as_of: dt.date | None,
    derive: Derive | None,
) -> Prepared:
    """The full value tuple of ``parsed`` under ``rules``: slots after the inputs are filled."""
    names = rules.names
    extra = len(names) - len(parsed.values)
    prepared = Prepared([*parsed.values, *(MissingValue(n) for n in names[len(names) - extra :])])
    values = prepared.values
    if as_of is not None and AS_OF in rules.slots:
        slot = rules.slots[AS_OF]
        if isinstance(values[slot], MissingValue):
            values[slot] = as_of
    if derive is not None:
        for source in rules.derived:
            if isinstance(values[source.slot], MissingValue):
                value = derive(source.ruleset, source.field)
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
