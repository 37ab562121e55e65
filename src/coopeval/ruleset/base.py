"""What every rule file has, whatever its kind: header, document, inputs, parameters.

Field names are the keys of the rule file; see ``docs/rule-files.md``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

import attrs

__all__ = [
    "Choice",
    "Document",
    "Header",
    "Input",
    "InputType",
    "Parameter",
    "Period",
    "ResultSource",
    "Rounding",
    "RuleSetKind",
    "Status",
    "Text",
    "in_force_on",
]

#: How sure we are of a rule: read in the law, a documented placeholder, or unchecked.
Status = Literal["confirmed", "provisional", "unconfirmed"]

#: Types an input may declare.
InputType = Literal["decimal", "int", "bool", "date", "text", "enum"]

#: The ``kind`` of a rule file, which says what its body holds.
RuleSetKind = Literal["scorecard", "eligibility", "classification"]


@attrs.frozen
class Text:
    """A user-facing label in Vietnamese and English."""

    vi: str
    en: str

    def get(self, lang: str) -> str:
        """The label in ``lang`` (``vi`` or ``en``)."""
        return self.en if lang == "en" else self.vi


@attrs.frozen
class Document:
    """The legal document a rule set encodes, and when it is in force."""

    id: str
    title: Text
    effective_from: dt.date
    #: ``None`` while no later document has replaced it.
    effective_to: dt.date | None = None


@attrs.frozen
class Header:
    """The ``[ruleset]`` table: identity and version of a rule set.

    A version may be in force for less than its document (a corrected table from
    a date): ``effective_from`` and ``effective_to`` then say when; both days are
    included. Left out, the version is in force as long as its document.
    """

    id: str
    version: str
    title: Text
    document: Document
    kind: RuleSetKind = "scorecard"
    #: Points the groups must add up to (scorecards).
    total: Decimal = Decimal(100)
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None


@attrs.frozen
class ResultSource:
    """Where a derived input comes from: a field of another rule set's result.

    ``field`` is ``rating``, ``total``, ``status``, ``classification.<axis>`` (a
    scorecard) or ``outcome`` (an eligibility programme).
    """

    ruleset: str
    field: str


@attrs.frozen
class Choice:
    """How people write one value of an enumerated input: its label, and other words for it.

    A record may give the value's code (``htx``) or any of these (``Hợp tác xã``,
    ``Cooperative``, ``HTX``), compared without case, extra spaces or, where that
    leaves no two values alike, diacritics.
    """

    vi: str
    en: str
    also: tuple[str, ...] = ()

    def words(self) -> tuple[str, ...]:
        """Every word that means this value, labels first."""
        return (self.vi, self.en, *self.also)


@attrs.frozen
class Input:
    """A record field the rule set reads. Bounds are inclusive: ``at_least <= v <= at_most``."""

    name: str
    type: InputType
    label: Text
    unit: str = ""
    required: bool = False
    at_least: Decimal | None = None
    at_most: Decimal | None = None
    #: Allowed values of an ``enum`` input.
    values: tuple[str, ...] = ()
    #: Value → how people write it (``enum`` inputs): read as well as the value itself.
    choices: dict[str, Choice] = attrs.field(factory=dict)
    #: Value used when a record leaves the field out: a documented policy, never a guess.
    default: Any = None
    #: Take the value from another rule set's result when the record lacks it.
    source: ResultSource | None = None
    #: The value cannot change within the year evaluated (last year's figures, opening
    #: balances, violations found, awards received): what-if plans never change it.
    fixed: bool = False


@attrs.frozen
class Rounding:
    """Round a value to ``places`` decimals (a measure before its band lookup, an amount)."""

    places: int
    mode: Literal["half_up", "half_even", "down", "up", "floor", "ceiling"] = "half_up"


@attrs.frozen
class Period:
    """The values of a parameter in force from ``effective_from`` until the next period."""

    effective_from: dt.date
    #: Column (e.g. wage region) → value.
    values: dict[str, Decimal]
    citation: str
    status: Status


@attrs.frozen
class Parameter:
    """An effective-dated table, such as the regional minimum wage by region and date.

    In expressions its ``id`` stands for the value in force on the date held by the
    input ``on``, in the column named by the input ``by``.
    """

    id: str
    label: Text
    by: str
    on: str
    periods: tuple[Period, ...]
    unit: str = ""


def in_force_on(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether ``day`` is within ``[start, end]`` (both days included; ``None``: open)."""
    return (start is None or start <= day) and (end is None or day <= end)
