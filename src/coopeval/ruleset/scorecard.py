"""The body of a scorecard rule file (``kind = "scorecard"``): items, bands, ratings.

Groups of criteria and their scored items, each a measure looked up in a band
table; the rating table over the total; classification axes; exclusions (not
rated) and overrides (a forced rating); the headline figures of the report.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, Protocol

import attrs

from coopeval.ruleset.axes import Axis, ClassBand, ClassValue, EnumAxis, ThresholdAxis
from coopeval.ruleset.base import Rounding, Status, Text

__all__ = [
    "Axis",
    "Band",
    "ClassBand",
    "ClassValue",
    "Criterion",
    "Edged",
    "EnumAxis",
    "Exclusion",
    "Group",
    "Item",
    "Override",
    "Rating",
    "Ratings",
    "Scorecard",
    "SummaryTargets",
    "ThresholdAxis",
]


class Edged(Protocol):
    """A band of any table: scored bands, rating bands, classes; ``[lower, upper)``."""

    @property
    def lower(self) -> Decimal | None: ...

    @property
    def upper(self) -> Decimal | None: ...


@attrs.frozen
class Band:
    """One row of a band table: values in ``[lower, upper)`` score ``points``.

    The lower edge is included and the upper excluded; a missing edge is open.
    """

    points: Decimal
    lower: Decimal | None = None
    upper: Decimal | None = None


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
class SummaryTargets:
    """The ``[summary]`` table: the figures ``coopeval summary`` leads with.

    ``target`` is the rating every cooperative of a programme must reach (the
    report lists who is below its lower edge and by how much); each entry of
    ``shares`` is a group of ratings whose share of the rated is reported.
    """

    target: str
    shares: tuple[tuple[str, ...], ...]
    citation: str
    status: Status


@attrs.frozen
class Scorecard:
    """The body of a scorecard rule file."""

    groups: tuple[Group, ...]
    items: tuple[Item, ...]
    ratings: Ratings
    criteria: tuple[Criterion, ...] = ()
    classifications: tuple[Axis, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    overrides: tuple[Override, ...] = ()
    #: ``None``: the top rating, and the shares of the top one and the top two.
    summary: SummaryTargets | None = None
