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

import attrs

from coopeval.compiler import CompiledCondition, CompiledItem, CompiledRuleSet, Table
from coopeval.records import ParsedRecord
from coopeval.results import (
    Discrepancy,
    Evaluation,
    GroupResult,
    ItemResult,
    MissingEvidence,
    RecordIssue,
    RuleSetRef,
    Unchecked,
)
from coopeval.runtime import EvaluationProblem, MissingInput, MissingValue

__all__ = ["evaluate", "failed", "lookup"]

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
        items = tuple(self._item(index, item) for index, item in enumerate(self.rules.items))
        override = self._condition(self.rules.overrides)
        if self.issues:
            return self._evaluation(
                "error", items=items, errors=tuple(self.issues), classification=classification
            )
        return self._rate(items, classification, override)

    def _rate(
        self,
        items: tuple[ItemResult, ...],
        classification: Any,
        override: CompiledCondition | None,
    ) -> Evaluation:
        groups = [ZERO] * len(self.rules.group_ids)
        for result, item in zip(items, self.rules.items, strict=True):
            if result.points is not None:
                groups[item.group] += result.points
        total = sum(groups, ZERO)
        missing = tuple(_missing(r) for r in items if r.source == "missing")
        at_stake = sum((m.points_at_stake for m in missing), ZERO)
        rating = self._rating(total, at_stake, override)
        issues = tuple(_missing_issue(m) for m in missing) if rating is None else ()
        return self._evaluation(
            "ok" if rating is not None else "error",
            total=total,
            rating=rating,
            items=items,
            groups=tuple(
                GroupResult(gid, points, group.max)
                for gid, points, group in zip(
                    self.rules.group_ids, groups, self.rules.ruleset.groups, strict=True
                )
            ),
            classification=classification,
            missing=missing,
            discrepancies=tuple(
                Discrepancy(r.id, r.self_assessed, r.points)
                for r in items
                if r.source == "computed"
                and r.self_assessed is not None
                and r.points is not None
                and r.self_assessed != r.points
            ),
            errors=issues,
            override=None if override is None else override.id,
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
                read = tuple(
                    (self.rules.input_names[i], _shown(values[i])) for i in condition.reads
                )
                message = f"cannot check rule {condition.id}: {_arith(exc)}"
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

    def _item(self, index: int, item: CompiledItem) -> ItemResult:
        values = self.parsed.values
        rule = self.rules.ruleset.items[index]
        own = self.parsed.self_scores[index]
        read = tuple((self.rules.input_names[i], _shown(values[i])) for i in item.reads)
        base = ItemResult(
            id=item.id,
            group=rule.group,
            max=item.max,
            status=rule.status,
            citation=rule.citation,
            source="missing",
            points=None,
            inputs=read,
            self_assessed=own,
        )
        try:
            raw = item.measure(values)
            if isinstance(raw, MissingValue):
                raise MissingInput(raw.name)
            value = Decimal(raw)
            if item.rounding is not None and _has_more_places(value, item.rounding[0]):
                value = value.quantize(item.rounding[0], rounding=item.rounding[1])
        except MissingInput:
            if own is not None:
                return attrs.evolve(base, source="self_assessed", points=own)
            if self.lenient:
                return attrs.evolve(base, source="lenient_zero", points=ZERO)
            return base
        except (ArithmeticError, EvaluationProblem) as exc:
            message = f"cannot compute the measure of {item.id}: {_arith(exc)}"
            self.issues.append(
                RecordIssue(f"{item.id}.measure", _inputs_text(read), "arithmetic", message)
            )
            return attrs.evolve(base, source="error")
        band = lookup(item.table, value)
        if band is None:
            message = f"measure of {item.id} lies outside every band"
            self.issues.append(
                RecordIssue(
                    f"{item.id}.measure", str(value), "out_of_bands", message, _range(item.table)
                )
            )
            return attrs.evolve(base, source="error", raw_measure=Decimal(raw), measure=value)
        lowers = item.table.lowers
        return attrs.evolve(
            base,
            source="computed",
            points=item.points[band],
            raw_measure=Decimal(raw),
            measure=value,
            band=band,
            band_lower=item.table.lower if band == 0 else lowers[band - 1],
            band_upper=lowers[band] if band < len(lowers) else item.table.upper,
        )

    def _absent(self, reads: Sequence[int]) -> tuple[str, ...]:
        values = self.parsed.values
        return tuple(
            self.rules.input_names[i] for i in reads if isinstance(values[i], MissingValue)
        )

    def _evaluation(self, status: Any, **fields: Any) -> Evaluation:
        head = self.rules.ruleset.ruleset
        defaults: dict[str, Any] = {
            "total": None,
            "rating": None,
            "items": (),
            "groups": (),
            "classification": tuple((axis.id, None) for axis in self.rules.axes),
        }
        defaults.update(fields)
        return Evaluation(
            id=self.parsed.id,
            status=status,
            ruleset=RuleSetRef(head.id, head.version, self.rules.ruleset.sha256),
            unchecked=tuple(self.unchecked),
            lenient=self.lenient,
            source=self.parsed.source,
            row=self.parsed.row,
            meta=self.parsed.meta,
            rules=self.rules,
            **defaults,
        )


def _has_more_places(value: Decimal, quantum: Decimal) -> bool:
    """Whether rounding could change ``value``; a huge whole number needs none."""
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent < quantum.as_tuple().exponent  # type: ignore[operator]  # quantum is finite


def _shown(value: Any) -> Any:
    return None if isinstance(value, MissingValue) else value


def _missing(result: ItemResult) -> MissingEvidence:
    absent = tuple(name for name, value in result.inputs if value is None)
    return MissingEvidence(result.id, result.max, absent)


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


def _arith(exc: BaseException) -> str:
    if isinstance(exc, ZeroDivisionError | decimal.DivisionUndefined):
        return "division by zero"
    return str(exc) or type(exc).__name__


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
