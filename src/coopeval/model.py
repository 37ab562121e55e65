"""Rule-set types: a TOML rule file structured into frozen attrs objects.

Field names here are the keys of the rule file; see ``docs/rule-files.md``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

import attrs

#: How sure we are of a rule: read in the law, a documented placeholder, or unchecked.
Status = Literal["confirmed", "provisional", "unconfirmed"]

#: Types an input may declare.
InputType = Literal["decimal", "int", "bool", "date", "text", "enum"]


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
    """The ``[ruleset]`` table: identity and version of a rule set."""

    id: str
    version: str
    title: Text
    document: Document
    kind: Literal["scorecard", "eligibility"] = "scorecard"
    #: Points the groups must add up to.
    total: Decimal = Decimal(100)


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
    #: Value used when a record leaves the field out: a documented policy, never a guess.
    default: Any = None
    #: Take the value from another rule set's result when the record lacks it.
    source: ResultSource | None = None


@attrs.frozen
class ResultSource:
    """Where a derived input comes from: a field of another rule set's result.

    ``field`` is ``rating``, ``total``, ``status``, ``classification.<axis>`` (a
    scorecard) or ``outcome`` (an eligibility programme).
    """

    ruleset: str
    field: str


@attrs.frozen
class Band:
    """One row of a band table: values in ``[lower, upper)`` score ``points``.

    The lower edge is included and the upper excluded; a missing edge is open.
    """

    points: Decimal
    lower: Decimal | None = None
    upper: Decimal | None = None


@attrs.frozen
class Rounding:
    """Round a measure to ``places`` decimals before the band lookup."""

    places: int
    mode: Literal["half_up", "half_even", "down", "up", "floor", "ceiling"] = "half_up"


@attrs.frozen
class Group:
    """A group of criteria (I, II, III) with its maximum."""

    id: str
    label: Text
    max: Decimal
    citation: str
    status: Status


@attrs.frozen
class Criterion:
    """A heading that several items share (c01 = c01a + c01b)."""

    id: str
    group: str
    label: Text
    max: Decimal
    citation: str
    status: Status


@attrs.frozen
class Item:
    """A scored leaf: a measure over inputs looked up in a band table."""

    id: str
    group: str
    label: Text
    max: Decimal
    measure: str
    bands: tuple[Band, ...]
    citation: str
    status: Status
    criterion: str | None = None
    #: Status of ``max`` alone, when surer than the band table (``status``).
    max_status: Status = "confirmed"
    unit: str = ""
    #: Whether a higher or a lower measure is the better one.
    better: Literal["higher", "lower"] = "higher"
    rounding: Rounding | None = None


@attrs.frozen
class Rating:
    """One rating band over the total: ``[lower, upper)``."""

    id: str
    label: Text
    lower: Decimal | None = None
    upper: Decimal | None = None


@attrs.frozen
class Ratings:
    """The rating table and the rule it comes from."""

    citation: str
    status: Status
    bands: tuple[Rating, ...]


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
class ThresholdAxis:
    """A classification axis cut by thresholds on a measure."""

    id: str
    label: Text
    measure: str
    bands: tuple[ClassBand, ...]
    citation: str
    status: Status
    kind: Literal["thresholds"] = "thresholds"


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


Axis = ThresholdAxis | EnumAxis


@attrs.frozen
class Exclusion:
    """A condition under which a record is not rated, with the reason."""

    id: str
    when: str
    reason: Text
    citation: str
    status: Status


@attrs.frozen
class Override:
    """A condition that forces a rating whatever the score."""

    id: str
    when: str
    rating: str
    reason: Text
    citation: str
    status: Status


@attrs.frozen
class RuleSet:
    """A rule file, structured but not yet validated."""

    ruleset: Header
    inputs: tuple[Input, ...]
    groups: tuple[Group, ...]
    items: tuple[Item, ...]
    ratings: Ratings
    criteria: tuple[Criterion, ...] = ()
    classifications: tuple[Axis, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    overrides: tuple[Override, ...] = ()
    #: Where it was read from, its text, and the SHA-256 of its bytes.
    source: str = attrs.field(default="", kw_only=True)
    text: str = attrs.field(default="", kw_only=True, repr=False, eq=False)
    sha256: str = attrs.field(default="", kw_only=True)
