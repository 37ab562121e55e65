"""Check a classification rule file: its envelope and its axes."""

from __future__ import annotations

from collections.abc import Collection

import attrs

from coopeval.expr import CheckedExpression
from coopeval.ruleset.check.axes import CheckedClass, check_axes
from coopeval.ruleset.check.base import Checker
from coopeval.ruleset.classification import Classification
from coopeval.ruleset.model import RuleSet

__all__ = ["CheckedClassification", "check_classification"]


@attrs.frozen
class CheckedClassification:
    """A classification's axes with their expressions parsed and typed (as a scorecard's)."""

    classification: Classification
    axis_measures: tuple[CheckedExpression | None, ...]
    axis_tests: tuple[tuple[CheckedClass, ...], ...]


def check_classification(
    ruleset: RuleSet, known: Collection[str] | None
) -> tuple[CheckedClassification, Checker]:
    """Check a classification rule set; the checker holds every problem found."""
    checker = Checker(ruleset, known)
    checker.envelope()
    body = ruleset.classification
    axes = check_axes(checker, body.classifications)
    return CheckedClassification(body, axes.measures, axes.tests), checker
