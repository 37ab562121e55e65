"""Evaluate one record under a scorecard: classify, exclude, score every item, rate.

Never raises for a bad record: problems become `RecordIssue`s in the result,
so a batch always gets one result per record.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from coopeval.engine.axes import classify, unclassified
from coopeval.engine.compile import CompiledRuleSet
from coopeval.engine.generated import OutOfBands
from coopeval.engine.results import (
    Discrepancy,
    Evaluation,
    GroupResult,
    ItemScores,
    MissingEvidence,
    RecordStatus,
    Unchecked,
)
from coopeval.engine.scorecard import CompiledCondition, CompiledItem, CompiledScorecard
from coopeval.engine.tables import lookup
from coopeval.engine.values import Prepared
from coopeval.expr import EvaluationProblem, MissingInput, MissingValue, arithmetic_reason
from coopeval.records import ParsedRecord, RecordIssue

__all__ = ["score_record"]

ZERO = Decimal(0)

Scorecard = CompiledRuleSet[CompiledScorecard]


def score_record(
    rules: Scorecard, parsed: ParsedRecord, prepared: Prepared, *, lenient: bool = False
) -> Evaluation:
    """Score and rate one parsed record whose value tuple is ``prepared``."""
    return _Run(rules, parsed, prepared, lenient).result()


class _Run:
    """One evaluation; holds what the phases share, so each phase stays small."""

    def __init__(
        self, rules: Scorecard, parsed: ParsedRecord, prepared: Prepared, lenient: bool
    ) -> None:
        self.rules = rules
        self.body = rules.body
        self.parsed = parsed
        self.values = tuple(prepared.values)
        self.day = prepared.day
        self.ref = prepared.ref(rules.ref)
        self.lenient = lenient
        self.issues: list[RecordIssue] = [*parsed.issues, *prepared.issues]
        self.unchecked: list[Unchecked] = []
        #: Filled by `_score_items`: points per group, and whether every item has points.
        self.group_sums: tuple[Decimal, ...] = ()
        self.complete = False

    def result(self) -> Evaluation:
        if self.issues:
            return self._evaluation("error", errors=tuple(self.issues))
        classification = classify(self.body.axes, self.values, self.day)
        excluded = self._condition(self.body.exclusions)
        if excluded is not None and not self.issues:
            return self._evaluation(
                "not_rated",
                rating="not_rated",
                not_rated_reason=excluded.id,
                classification=classification,
            )
        scores = self._score_items()
        override = self._condition(self.body.overrides)
        if self.issues:
            return self._evaluation(
                "error", scores=scores, errors=tuple(self.issues), classification=classification
            )
        return self._rate(scores, classification, override)

    def _rate(
        self,
        scores: ItemScores,
        classification: tuple[tuple[str, str | None], ...],
        override: CompiledCondition | None,
    ) -> Evaluation:
        body = self.body
        groups = self.group_sums
        missing: list[MissingEvidence] = []
        if not self.complete:  # the usual record has every item scored: skip the walk
            for points, source, item in zip(scores.points, scores.sources, body.items, strict=True):
                if points is None and source == "missing":
                    missing.append(MissingEvidence(item.id, item.max, self._absent(item.reads)))
        total = sum(groups, ZERO)
        at_stake = sum((m.points_at_stake for m in missing), ZERO) if missing else ZERO
        rating = self._rating(total, at_stake, override)
        issues = tuple(_missing_issue(m) for m in missing) if rating is None else ()
        return self._evaluation(
            "ok" if rating is not None else "error",
            total=total,
            rating=rating,
            scores=scores,
            groups=tuple(
                GroupResult(gid, points, top)
                for gid, points, top in zip(body.group_ids, groups, body.group_max, strict=True)
            ),
            classification=classification,
            missing=tuple(missing),
            discrepancies=self._discrepancies(scores),
            errors=issues,
            override=None if override is None else override.id,
        )

    def _discrepancies(self, scores: ItemScores) -> tuple[Discrepancy, ...]:
        own = self.parsed.self_scores
        if own.count(None) == len(own):
            return ()
        return tuple(
            Discrepancy(item.id, mine, points)
            for item, mine, points, source in zip(
                self.body.items, own, scores.points, scores.sources, strict=True
            )
            if source == "computed" and mine is not None and points is not None and mine != points
        )

    def _rating(
        self, total: Decimal, at_stake: Decimal, override: CompiledCondition | None
    ) -> str | None:
        if override is not None:
            return override.rating
        low = lookup(self.body.ratings, total)
        high = lookup(self.body.ratings, total + at_stake)
        if low is None or low != high:
            return None
        return self.body.rating_ids[low]

    def _condition(self, conditions: Sequence[CompiledCondition]) -> CompiledCondition | None:
        """The first condition that holds; those lacking inputs are noted as unchecked."""
        values = self.values
        for condition in conditions:
            try:
                if condition.test(values):
                    return condition
            except MissingInput:
                self.unchecked.append(Unchecked(condition.id, self._absent(condition.reads)))
            except (ArithmeticError, EvaluationProblem) as exc:
                message = f"cannot check rule {condition.id}: {arithmetic_reason(exc)}"
                self.issues.append(
                    RecordIssue(
                        f"{condition.id}.when", self._read(condition.reads), "arithmetic", message
                    )
                )
        return None

    def _score_items(self) -> ItemScores:
        """Every item's measure, band and points, from the scorecard's generated function."""
        *columns, self.group_sums, self.complete = self.body.score_items(
            self.values, self._on_missing, self._on_problem
        )
        return ItemScores(*columns)

    def _on_missing(self, index: int) -> tuple[Any, ...]:
        """An item whose inputs are absent: self-assessed points, lenient zero, or missing."""
        own = self.parsed.self_scores
        mine = own[index] if own else None
        if mine is not None:
            return mine, "self_assessed", None, None, None
        if self.lenient:
            return ZERO, "lenient_zero", None, None, None
        return None, "missing", None, None, None

    def _on_problem(
        self, index: int, exc: Exception, value: Decimal | None, raw: Any
    ) -> tuple[Any, ...]:
        """An item that cannot be scored for this record: a located issue, no points.

        One exception: a whole number too long to carry the declared decimal places
        (quantize refuses it) needs no rounding, so it is looked up as it is.
        """
        item = self.body.items[index]
        if (
            isinstance(exc, decimal.InvalidOperation)
            and value is None
            and raw.__class__ is Decimal
            and raw == raw.to_integral_value()
        ):
            band = lookup(item.table, raw)
            if band is not None:
                return item.points[band], "computed", raw, raw, band
            exc, value = OutOfBands(), raw
        if isinstance(exc, OutOfBands):
            self.issues.append(
                RecordIssue(
                    f"{item.id}.measure",
                    str(value),
                    "out_of_bands",
                    f"measure of {item.id} lies outside every band",
                    item.table.text(),
                )
            )
            return None, "error", value, value, None
        self._arithmetic(item, exc)
        return None, "error", None, None, None

    def _arithmetic(self, item: CompiledItem, exc: Exception) -> None:
        self.issues.append(
            RecordIssue(
                f"{item.id}.measure",
                self._read(item.reads),
                "arithmetic",
                f"cannot compute the measure of {item.id}: {arithmetic_reason(exc)}",
            )
        )

    def _read(self, reads: Sequence[int]) -> str:
        """The values a rule read, as an issue quotes them: ``a=1, b=None``."""
        names, values = self.rules.names, self.values
        return ", ".join(
            f"{names[i]}={None if isinstance(values[i], MissingValue) else values[i]}"
            for i in reads
        )

    def _absent(self, reads: Sequence[int]) -> tuple[str, ...]:
        names, values = self.rules.names, self.values
        return tuple(names[i] for i in reads if isinstance(values[i], MissingValue))

    def _evaluation(
        self,
        status: RecordStatus,
        *,
        total: Decimal | None = None,
        rating: str | None = None,
        scores: ItemScores | None = None,
        groups: tuple[GroupResult, ...] = (),
        classification: tuple[tuple[str, str | None], ...] | None = None,
        **fields: Any,
    ) -> Evaluation:
        if classification is None:
            classification = unclassified(self.body.axes, self.day)
        return Evaluation(
            id=self.parsed.id,
            status=status,
            total=total,
            rating=rating,
            scores=scores,
            groups=groups,
            classification=classification,
            ruleset=self.ref,
            unchecked=tuple(self.unchecked) if self.unchecked else (),
            lenient=self.lenient,
            source=self.parsed.source,
            row=self.parsed.row,
            meta=self.parsed.meta,
            layout=self.rules.layout,
            values=tuple([None if v.__class__ is MissingValue else v for v in self.values]),
            self_scores=self.parsed.self_scores,
            **fields,
        )


def _missing_issue(missing: MissingEvidence) -> RecordIssue:
    fields = ", ".join(missing.inputs) or missing.item
    return RecordIssue(
        fields,
        None,
        "missing_evidence",
        f"item {missing.item} cannot be scored without {fields} "
        f"(or self_score.{missing.item}); {missing.points_at_stake} points at stake",
        "",
    )
