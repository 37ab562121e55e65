"""Results of evaluating one record: immutable, language-neutral, pure data.

`Evaluation` (a scorecard) and `ProgrammeResult` (an eligibility programme)
hold what was computed and the values that decided it; `coopeval.report` turns
them into explanations, JSON and tables. A result refers to no compiled code:
what every result of one rule set shares (the structured rule set, the names
of its value slots) is one `Layout`, pure data, built once per rule set.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any, Literal

import attrs

from coopeval.engine.tables import Table
from coopeval.records import RecordIssue
from coopeval.ruleset.model import RuleSet

__all__ = [
    "AmountResult",
    "ConditionResult",
    "Discrepancy",
    "Evaluation",
    "GroupResult",
    "ItemResult",
    "ItemScores",
    "Layout",
    "MissingEvidence",
    "Outcome",
    "ParameterUse",
    "ProgrammeOutcome",
    "ProgrammeResult",
    "RecordIssue",
    "Result",
    "RuleSetRef",
    "Unchecked",
]

#: ``ok``: rated; ``not_rated``: an exclusion applies; ``error``: see `Evaluation.errors`.
RecordStatus = Literal["ok", "not_rated", "error"]
#: Where an item's points came from.
PointSource = Literal["computed", "self_assessed", "missing", "lenient_zero", "error"]
#: A condition's outcome, and a programme's.
Outcome = Literal["met", "not_met", "missing"]
ProgrammeOutcome = Literal["eligible", "not_eligible", "undetermined"]


@attrs.frozen
class RuleSetRef:
    """Which rule set produced a result: id, version and SHA-256 of its file."""

    id: str
    version: str
    sha256: str
    #: Every rule set (each a version) that decided the result, this one first, when
    #: another decided part of it (a class taken from Decree 113/2024's); else empty.
    versions_used: tuple[RuleSetRef, ...] = ()


@attrs.frozen
class Layout:
    """What every result of one rule set shares: the rule set, and where values sit.

    ``ruleset`` is the structured rule set (labels, citations, statuses) without
    its text; ``names`` names the slots of the value tuple; ``reads`` and
    ``tables`` give, per scored item, the slots its measure reads and its bands.
    """

    ruleset: RuleSet
    names: tuple[str, ...]
    reads: tuple[tuple[int, ...], ...] = ()
    tables: tuple[Table, ...] = ()


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
    """The result of evaluating one record against one scorecard.

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
    layout: Layout | None = attrs.field(default=None, eq=False, repr=False)
    #: The record's values (``None`` where absent) and self-assessed points, by slot.
    values: tuple[Any, ...] = attrs.field(default=(), eq=False, repr=False)
    self_scores: tuple[Decimal | None, ...] = attrs.field(default=(), eq=False, repr=False)

    @functools.cached_property
    def items(self) -> tuple[ItemResult, ...]:
        """Per item: measure, band, points, max, status, citation and the inputs read."""
        if self.scores is None or self.layout is None:
            return ()
        return _items(self.layout, self.scores, self.values, self.self_scores)

    @property
    def points_at_stake(self) -> Decimal:
        """Points of the items that could not be scored."""
        return sum((m.points_at_stake for m in self.missing), Decimal(0))


def _items(
    layout: Layout,
    scores: ItemScores,
    values: tuple[Any, ...],
    self_scores: tuple[Decimal | None, ...],
) -> tuple[ItemResult, ...]:
    """The labelled per-item view of compact scores."""
    found = []
    rules = layout.ruleset.scorecard.items
    for index, (rule, reads, table) in enumerate(
        zip(rules, layout.reads, layout.tables, strict=True)
    ):
        band = scores.bands[index]
        low, high = (None, None) if band is None else table.edges(band)
        found.append(
            ItemResult(
                id=rule.id,
                group=rule.group,
                max=rule.max,
                status=rule.status,
                citation=rule.citation,
                source=scores.sources[index],
                points=scores.points[index],
                raw_measure=scores.raw[index],
                measure=scores.measures[index],
                band=band,
                band_lower=low,
                band_upper=high,
                inputs=tuple((layout.names[i], values[i]) for i in reads),
                self_assessed=self_scores[index] if self_scores else None,
            )
        )
    return tuple(found)


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
    """The parameter value a computation used: which table, column, date and period."""

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
    layout: Layout | None = attrs.field(default=None, eq=False, repr=False)
    #: The record's values by slot (``None`` where absent), for set rules over a batch.
    values: tuple[Any, ...] = attrs.field(default=(), eq=False, repr=False)

    @property
    def status(self) -> Literal["ok", "error"]:
        """``error`` when the record had a bad value for this programme."""
        return "error" if self.errors else "ok"

    @property
    def ruleset(self) -> RuleSetRef:
        """Which rule set produced the result (the same as ``programme``)."""
        return self.programme


#: The result of one record under one rule set, of either kind.
Result = Evaluation | ProgrammeResult
