"""Evaluate: score one record against a compiled rule set.

Evaluation never raises for a bad record: problems become `RecordIssue`s in
the result, so a batch always gets one result per record.
"""

from __future__ import annotations

import decimal
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from coopeval.codegen import OutOfBands, item_function
from coopeval.compiler import CompiledCondition, CompiledItem, CompiledRuleSet, Table
from coopeval.records import ParsedRecord
from coopeval.results import (
    Discrepancy,
    Evaluation,
    GroupResult,
    ItemResult,
    ItemScores,
    MissingEvidence,
    RecordIssue,
    Unchecked,
)
from coopeval.runtime import (
    EvaluationProblem,
    MissingInput,
    MissingValue,
    arithmetic_reason,
    shown,
)

__all__ = ["evaluate", "failed", "item_results", "lookup"]

ZERO = Decimal(0)

#: Exact arithmetic for every evaluation, whatever the caller's decimal context.
CONTEXT = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_EVEN)


def evaluate(
    rules: CompiledRuleSet,
    record: Mapping[str, Any] | ParsedRecord,
    *,
    lenient: bool = False,
    source: str = "",
    row: int | None = None,
    cells: bool = False,
) -> Evaluation:
    """Score ``record`` and rate it.

    Args:
        rules: from `compile_ruleset` (or `coopeval.load`).
        record: a mapping of field → value (nested or dotted), or a parsed record.
        lenient: score items without evidence as 0 instead of reporting them missing.
        cells: the values are spreadsheet text (Vietnamese number notation allowed).

    Returns:
        An `Evaluation`; a bad record gives ``status == "error"`` with ``errors``.
    """
    parsed = (
        record
        if isinstance(record, ParsedRecord)
        else rules.schema.parse(record, source, row, cells=cells)
    )
    with decimal.localcontext(CONTEXT):
        return _Run(rules, parsed, lenient).result()


def lookup(table: Table, value: Any) -> int | None:
    """Index of the band holding ``value`` (``[lower, upper)``), or ``None`` outside all."""
    if (table.lower is not None and value < table.lower) or (
        table.upper is not None and value >= table.upper
    ):
        return None
    return bisect_right(table.lowers, value)


class _Run:
    """One evaluation; holds what the phases share, so each phase stays small."""

    def __init__(self, rules: CompiledRuleSet, parsed: ParsedRecord, lenient: bool) -> None:
        self.rules = rules
        self.parsed = parsed
        self.lenient = lenient
        self.issues: list[RecordIssue] = list(parsed.issues)
        self.unchecked: list[Unchecked] = []
        #: Filled by `_score_items`: points per group, and whether every item has points.
        self.group_sums: tuple[Decimal, ...] = ()
        self.complete = False

    def result(self) -> Evaluation:
        parsed = self.parsed
        if parsed.issues:
            return self._evaluation("error", errors=tuple(parsed.issues))
        classification = self._classify()
        excluded = self._condition(self.rules.exclusions)
        if excluded is not None and not self.issues:
            return self._evaluation(
                "not_rated",
                rating="not_rated",
                not_rated_reason=excluded.id,
                classification=classification,
            )
        scores = self._score_items()
        override = self._condition(self.rules.overrides)
        if self.issues:
            return self._evaluation(
                "error", scores=scores, errors=tuple(self.issues), classification=classification
            )
        return self._rate(scores, classification, override)

    def _rate(
        self,
        scores: ItemScores,
        classification: Any,
        override: CompiledCondition | None,
    ) -> Evaluation:
        rules = self.rules
        groups = self.group_sums
        missing: list[MissingEvidence] = []
        if not self.complete:  # the usual record has every item scored: skip the walk
            for points, source, item in zip(
                scores.points, scores.sources, rules.items, strict=True
            ):
                if points is None and source == "missing":
                    missing.append(MissingEvidence(item.id, item.max, self._absent(item.reads)))
        total = sum(groups, ZERO)
        at_stake = sum((m.points_at_stake for m in missing), ZERO)
        rating = self._rating(total, at_stake, override)
        issues = tuple(_missing_issue(m) for m in missing) if rating is None else ()
        return self._evaluation(
            "ok" if rating is not None else "error",
            total=total,
            rating=rating,
            scores=scores,
            groups=tuple(
                GroupResult(gid, points, top)
                for gid, points, top in zip(rules.group_ids, groups, rules.group_max, strict=True)
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
                self.rules.items, own, scores.points, scores.sources, strict=True
            )
            if source == "computed" and mine is not None and points is not None and mine != points
        )

    def _rating(
        self, total: Decimal, at_stake: Decimal, override: CompiledCondition | None
    ) -> str | None:
        if override is not None:
            return override.rating
        low = lookup(self.rules.ratings, total)
        high = lookup(self.rules.ratings, total + at_stake)
        if low is None or low != high:
            return None
        return self.rules.rating_ids[low]

    def _condition(self, conditions: Sequence[CompiledCondition]) -> CompiledCondition | None:
        """The first condition that holds; those lacking inputs are noted as unchecked."""
        values = self.parsed.values
        for condition in conditions:
            try:
                if condition.test(values):
                    return condition
            except MissingInput:
                self.unchecked.append(Unchecked(condition.id, self._absent(condition.reads)))
            except (ArithmeticError, EvaluationProblem) as exc:
                read = tuple((self.rules.input_names[i], shown(values[i])) for i in condition.reads)
                message = f"cannot check rule {condition.id}: {arithmetic_reason(exc)}"
                self.issues.append(
                    RecordIssue(f"{condition.id}.when", _inputs_text(read), "arithmetic", message)
                )
        return None

    def _classify(self) -> tuple[tuple[str, str | None], ...]:
        values = self.parsed.values
        found: list[tuple[str, str | None]] = []
        for axis in self.rules.axes:
            value = values[axis.reads[0]] if axis.table is None else None
            try:
                if axis.table is not None and axis.measure is not None:
                    band = lookup(axis.table, axis.measure(values))
                    value = None if band is None else axis.classes[band]
            except (MissingInput, ArithmeticError, EvaluationProblem):
                value = None
            found.append(
                (axis.id, None if isinstance(value, MissingValue) or value is None else str(value))
            )
        return tuple(found)

    def _score_items(self) -> ItemScores:
        """Every item's measure, band and points, from the rule set's generated function."""
        *columns, self.group_sums, self.complete = item_function(self.rules)(
            self.parsed.values, self._on_missing, self._on_problem
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
        item = self.rules.items[index]
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
            self._item_problem(item, "out_of_bands", str(value))
            return None, "error", value, value, None
        self._item_problem(item, "arithmetic", arithmetic_reason(exc))
        return None, "error", None, None, None

    def _item_problem(self, item: CompiledItem, code: str, detail: str) -> None:
        values = self.parsed.values
        read = tuple((self.rules.input_names[i], shown(values[i])) for i in item.reads)
        if code == "arithmetic":
            issue = RecordIssue(
                f"{item.id}.measure",
                _inputs_text(read),
                code,
                f"cannot compute the measure of {item.id}: {detail}",
            )
        else:
            issue = RecordIssue(
                f"{item.id}.measure",
                detail,
                code,
                f"measure of {item.id} lies outside every band",
                _range(item.table),
            )
        self.issues.append(issue)

    def _absent(self, reads: Sequence[int]) -> tuple[str, ...]:
        values = self.parsed.values
        return tuple(
            self.rules.input_names[i] for i in reads if isinstance(values[i], MissingValue)
        )

    def _evaluation(
        self,
        status: Any,
        *,
        total: Decimal | None = None,
        rating: str | None = None,
        scores: ItemScores | None = None,
        groups: tuple[GroupResult, ...] = (),
        classification: tuple[tuple[str, str | None], ...] | None = None,
        **fields: Any,
    ) -> Evaluation:
        if classification is None:
            classification = tuple((axis.id, None) for axis in self.rules.axes)
        return Evaluation(
            id=self.parsed.id,
            status=status,
            total=total,
            rating=rating,
            scores=scores,
            groups=groups,
            classification=classification,
            ruleset=self.rules.ref,
            unchecked=tuple(self.unchecked),
            lenient=self.lenient,
            source=self.parsed.source,
            row=self.parsed.row,
            meta=self.parsed.meta,
            rules=self.rules,
            values=self.parsed.values,
            self_scores=self.parsed.self_scores,
            **fields,
        )


def item_results(
    rules: CompiledRuleSet,
    scores: ItemScores,
    values: Sequence[Any],
    self_scores: Sequence[Decimal | None],
) -> tuple[ItemResult, ...]:
    """The labelled per-item view of compact scores (built when a result is explained)."""
    found = []
    for index, (item, rule) in enumerate(zip(rules.items, rules.ruleset.items, strict=True)):
        band = scores.bands[index]
        lowers = item.table.lowers
        found.append(
            ItemResult(
                id=item.id,
                group=rule.group,
                max=item.max,
                status=rule.status,
                citation=rule.citation,
                source=scores.sources[index],
                points=scores.points[index],
                raw_measure=scores.raw[index],
                measure=scores.measures[index],
                band=band,
                band_lower=None
                if band is None
                else item.table.lower
                if band == 0
                else lowers[band - 1],
                band_upper=None
                if band is None
                else lowers[band]
                if band < len(lowers)
                else item.table.upper,
                inputs=tuple((rules.input_names[i], shown(values[i])) for i in item.reads),
                self_assessed=self_scores[index] if self_scores else None,
            )
        )
    return tuple(found)


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


def _inputs_text(read: Sequence[tuple[str, Any]]) -> str:
    return ", ".join(f"{name}={value}" for name, value in read)


def _range(table: Table) -> str:
    low = "−∞" if table.lower is None else str(table.lower)
    high = "∞" if table.upper is None else str(table.upper)
    return f"[{low}, {high})"


def failed(
    rules: CompiledRuleSet, issue: RecordIssue, *, source: str = "", row: int | None = None
) -> Evaluation:
    """The error result of a row that could not be read as a record at all."""
    parsed = ParsedRecord(None, (), (), (issue,), (), source, row)
    return _Run(rules, parsed, lenient=False).result()
