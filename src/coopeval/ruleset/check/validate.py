"""Validate: prove a structured rule set sound, whatever its kind, and check every expression.

All problems are collected in one pass, so ``coopeval check`` can report them
all; `validate_ruleset` raises the single problem, or `RuleSetProblems`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import attrs

from coopeval.messages import said
from coopeval.ruleset.base import RuleSetKind
from coopeval.ruleset.check.base import Checker
from coopeval.ruleset.check.classification import CheckedClassification, check_classification
from coopeval.ruleset.check.programme import CheckedProgramme, check_programme
from coopeval.ruleset.check.scorecard import CheckedScorecard, check_scorecard
from coopeval.ruleset.model import RuleSet

__all__ = ["CheckedBody", "CheckedRuleSet", "provisional_rules", "validate_ruleset"]

#: A body with its expressions checked.
CheckedBody = CheckedScorecard | CheckedProgramme | CheckedClassification

_CHECKERS: dict[
    RuleSetKind, Callable[[RuleSet, Collection[str] | None], tuple[CheckedBody, Checker]]
] = {
    "scorecard": check_scorecard,
    "eligibility": check_programme,
    "classification": check_classification,
}


@attrs.frozen
class CheckedRuleSet:
    """A rule set proven sound, with its expressions parsed and typed."""

    ruleset: RuleSet
    body: CheckedBody

    @property
    def id(self) -> str:
        """The rule set's id."""
        return self.ruleset.id


def validate_ruleset(ruleset: RuleSet, *, known: Collection[str] | None = None) -> CheckedRuleSet:
    """Check the envelope and the body: bands, totals, references, citations, expressions.

    Args:
        known: the rule-set ids a derived input (``source``) may name, such as a
            catalogue's; ``None`` leaves those references unchecked.

    Raises:
        RuleSetError: the one problem found, or `RuleSetProblems` listing all of them.
    """
    body, checker = _CHECKERS[ruleset.kind](ruleset, known)
    checker.raise_problems()
    return CheckedRuleSet(ruleset, body)


def provisional_rules(ruleset: RuleSet) -> list[tuple[str, str]]:
    """``(key path, rule id)`` of every rule whose status is not ``confirmed``."""
    found: list[tuple[str, str]] = []
    for index, parameter in enumerate(ruleset.parameters):
        for number, period in enumerate(parameter.periods):
            if period.status != "confirmed":
                where = f"$.parameters[{index}].periods[{number}]"
                rule = said(
                    "inputs.period",
                    id=parameter.id,
                    date=period.effective_from,
                    status=period.status,
                )
                found.append((where, rule))
    body = ruleset.body
    for name in (
        "groups",
        "criteria",
        "items",
        "classifications",
        "exclusions",
        "overrides",
        "conditions",
        "amounts",
        "set_rules",
    ):
        for index, rule in enumerate(getattr(body, name, ())):
            if rule.status != "confirmed":
                found.append((f"$.{name}[{index}]", f"{rule.id} ({rule.status})"))
            if getattr(rule, "max_status", "confirmed") != "confirmed":
                said_max = said("inputs.max_status", id=rule.id, status=rule.max_status)
                found.append((f"$.{name}[{index}].max", said_max))
    for name in ("ratings", "summary"):
        table = getattr(body, name, None)
        if table is not None and table.status != "confirmed":
            found.append((f"$.{name}", f"{name} ({table.status})"))
    return found
