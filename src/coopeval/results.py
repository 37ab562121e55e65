"""Evaluation result types: immutable, language-neutral data.

`engine.evaluate` builds these; `explain` and `render` turn them into text.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs

if TYPE_CHECKING:
    from coopeval.compiler import CompiledRuleSet

__all__ = [
    "Discrepancy",
    "Evaluation",
    "GroupResult",
    "ItemResult",
    "ItemScores",
    "MissingEvidence",
    "RecordIssue",
    "RuleSetRef",
    "Unchecked",
]

#: ``ok``: rated; ``not_rated``: an exclusion applies; ``error``: see `Evaluation.errors`.
RecordStatus = Literal["ok", "not_rated", "error"]

#: Where an item's points came from.
PointSource = Literal["computed", "self_assessed", "missing", "lenient_zero", "error"]


@attrs.frozen
class RecordIssue:
    """A problem with one record: the field, its value as given, and why.

    ``code`` names the kind of problem (``type``, ``range``, ``required``,
    ``enum``, ``self_score``, ``unknown_item``, ``missing_evidence``,
    ``arithmetic``, ``out_of_bands``); ``allowed`` states the allowed values.
    """

    field: str
    value: str | None
    code: str
    message: str
    allowed: str = ""
    #: The spreadsheet column the field came from, e.g. ``C (Số thành viên)``.
    column: str = ""


@attrs.frozen
class ItemResult:
    """One scored item: measure, band hit, points, and where the rule comes from."""

    id: str
    group: str
    max: Decimal
    status: str
    citation: str
    source: PointSource
    points: Decimal | None
    #: The measure as computed, and as used for the lookup (after rounding).
    raw_measure: Decimal | None = None
    measure: Decimal | None = None
    #: Index of the band hit, with its edges (``None`` = open).
    band: int | None = None
    band_lower: Decimal | None = None
    band_upper: Decimal | None = None
    #: ``(input name, value or None)`` for every input the measure reads.
    inputs: tuple[tuple[str, Any], ...] = ()
    self_assessed: Decimal | None = None


@attrs.frozen
class GroupResult:
    """Points of one group, out of its maximum."""

    id: str
    points: Decimal
    max: Decimal


@attrs.frozen
class MissingEvidence:
    """An item that could not be scored: its missing inputs and the points at stake."""

    item: str
    points_at_stake: Decimal
    inputs: tuple[str, ...]


@attrs.frozen
class Unchecked:
    """An exclusion or override that could not be checked for lack of inputs."""

    rule: str
    inputs: tuple[str, ...]


@attrs.frozen
class Discrepancy:
    """Self-assessed points that differ from the computed points."""

    item: str
    self_assessed: Decimal
    computed: Decimal

    @property
    def difference(self) -> Decimal:
        """Self-assessed minus computed."""
        return self.self_assessed - self.computed


@attrs.frozen
class RuleSetRef:
    """Which rule set produced a result: id, version and SHA-256 of its file."""

    id: str
    version: str
    sha256: str


@attrs.frozen
class ItemScores:
    """What the engine computes per item, positionally (item order of the rule set).

    `Evaluation.items` builds the labelled `ItemResult` view from these on first
    use, so scoring a batch allocates one small tuple per column, not 23 objects.
    """

    points: tuple[Decimal | None, ...]
    sources: tuple[PointSource, ...]
    measures: tuple[Decimal | None, ...]
    raw: tuple[Decimal | None, ...]
    bands: tuple[int | None, ...]


@attrs.frozen
class Evaluation:
    """The result of evaluating one record against one rule set.

    ``total`` is the sum of the items scored; when ``missing`` is not empty it
    is a lower bound, and ``rating`` is set only if every possible value of
    the missing items leads to the same rating.
    """

    id: str | None
    status: RecordStatus
    total: Decimal | None
    rating: str | None
    scores: ItemScores | None
    groups: tuple[GroupResult, ...]
    classification: tuple[tuple[str, str | None], ...]
    ruleset: RuleSetRef
    missing: tuple[MissingEvidence, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    errors: tuple[RecordIssue, ...] = ()
    unchecked: tuple[Unchecked, ...] = ()
    #: The exclusion that made the record not rated, or the override that forced the rating.
    not_rated_reason: str | None = None
    override: str | None = None
    lenient: bool = False
    #: Where the record came from: file and 1-based row (or index in a JSON list).
    source: str = ""
    row: int | None = None
    #: Identity fields carried through (name, province, district, year).
    meta: tuple[tuple[str, str], ...] = ()
    rules: CompiledRuleSet | None = attrs.field(default=None, eq=False, repr=False)
    #: The record's values and self-assessed points, positioned as the rules read them.
    values: tuple[Any, ...] = attrs.field(default=(), eq=False, repr=False)
    self_scores: tuple[Decimal | None, ...] = attrs.field(default=(), eq=False, repr=False)

    @functools.cached_property
    def items(self) -> tuple[ItemResult, ...]:
        """Per item: measure, band, points, max, status, citation and the inputs read."""
        if self.scores is None or self.rules is None:
            return ()
        from coopeval.engine import item_results

        return item_results(self.rules, self.scores, self.values, self.self_scores)

    @property
    def points_at_stake(self) -> Decimal:
        """Points of the items that could not be scored."""
        return sum((m.points_at_stake for m in self.missing), Decimal(0))
