"""Classification axes: what a scorecard or a classification rule file sorts records by.

Three kinds, told apart by ``kind``: thresholds on a measure (``thresholds``),
an enumerated input read as it is (``enumeration``), and ordered classes each
with conditions, the first that holds deciding (``classes``: Decree
113/2024's size classes, where members go together with revenue *or* capital).

An axis may be in force for part of its rule set's life only
(``effective_from``/``effective_to``, both days included): Circular 01/2020's
size axes end on 31/10/2024, when Decree 113/2024's take over. On any other
day it classifies nothing, and the explanation says so.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

import attrs

from coopeval.ruleset.base import Status, Text, in_force_on

__all__ = [
    "Axis",
    "ClassBand",
    "ClassRule",
    "ClassValue",
    "EnumAxis",
    "RuleAxis",
    "ThresholdAxis",
    "classes_of",
    "in_force",
]


@attrs.frozen
class ClassBand:
    """One class of a threshold axis: values in ``[lower, upper)`` get ``value``."""

    value: str
    label: Text
    lower: Decimal | None = None
    upper: Decimal | None = None


@attrs.frozen
class ClassValue:
    """One allowed value of an enumerated axis."""

    value: str
    label: Text


@attrs.frozen
class ClassRule:
    """One class of a ``classes`` axis: it holds when every ``all_of`` and one ``any_of`` hold.

    Each is a true-or-false expression; left out, the list holds (a class with
    neither is the one every other record gets). Read as the law is: a small
    cooperative has 50 members *and* 2 tỷ revenue *or* 1 tỷ capital, so an
    absent revenue does not matter when the capital decides. ``reason`` says
    why, for a class that is a finding rather than a size ("not determinable:
    the thresholds of this sector are not public").
    """

    value: str
    label: Text
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    reason: Text | None = None


@attrs.frozen
class ThresholdAxis:
    """A classification axis cut by thresholds on a measure."""

    id: str
    label: Text
    measure: str
    bands: tuple[ClassBand, ...]
    citation: str
    status: Status
    kind: Literal["thresholds"] = "thresholds"
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None


@attrs.frozen
class EnumAxis:
    """A classification axis read from an enumerated input."""

    id: str
    label: Text
    input: str
    values: tuple[ClassValue, ...]
    citation: str
    status: Status
    kind: Literal["enumeration"] = "enumeration"
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None


@attrs.frozen
class RuleAxis:
    """A classification axis of ordered classes: the first that holds decides.

    When a class before the deciding one can neither be told to hold nor not
    (its inputs are absent), the record's class is not known: none is given.
    """

    id: str
    label: Text
    classes: tuple[ClassRule, ...]
    citation: str
    status: Status
    kind: Literal["classes"] = "classes"
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None


Axis = ThresholdAxis | EnumAxis | RuleAxis


def in_force(axis: Axis, day: dt.date) -> bool:
    """Whether ``axis`` classifies a record dated ``day``."""
    return in_force_on(day, axis.effective_from, axis.effective_to)


def classes_of(axis: Axis) -> tuple[ClassBand | ClassValue | ClassRule, ...]:
    """The classes an axis gives, each with its ``value`` and ``label``, in order."""
    if isinstance(axis, ThresholdAxis):
        return axis.bands
    return axis.values if isinstance(axis, EnumAxis) else axis.classes
