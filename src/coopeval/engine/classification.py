"""Classify one record under a classification rule set (``kind = "classification"``).

Its result is an `Evaluation` holding classes and nothing scored: no total, no
rating, no items. Scorecards take a class from it through a derived input, on
the record's day (`values.record_day`).
"""

from __future__ import annotations

from coopeval.engine.axes import CompiledClassification, classify, unclassified
from coopeval.engine.compile import CompiledRuleSet
from coopeval.engine.results import Evaluation
from coopeval.engine.values import Prepared
from coopeval.expr import MissingValue
from coopeval.records import ParsedRecord

__all__ = ["classify_record"]


def classify_record(
    rules: CompiledRuleSet[CompiledClassification], parsed: ParsedRecord, prepared: Prepared
) -> Evaluation:
    """The classes of one parsed record whose value tuple is ``prepared``."""
    issues = (*parsed.issues, *prepared.issues)
    classes = (
        unclassified(rules.body.axes, prepared.day)
        if issues
        else classify(rules.body.axes, prepared.values, prepared.day)
    )
    return Evaluation(
        id=parsed.id,
        status="error" if issues else "ok",
        total=None,
        rating=None,
        scores=None,
        groups=(),
        classification=classes,
        ruleset=prepared.ref(rules.ref),
        errors=issues,
        source=parsed.source,
        row=parsed.row,
        meta=parsed.meta,
        layout=rules.layout,
        values=tuple(None if isinstance(v, MissingValue) else v for v in prepared.values),
    )
