"""Check a structured rule set: takes a `RuleSet`, returns a `CheckedRuleSet`.

`validate_ruleset` dispatches on the rule set's kind: a shared base (`base`)
checks the envelope (header, inputs, sources, parameters, band edges) and
collects located problems; `scorecard` and `programme` check each kind's body.
References to other rule sets are checked against the ids given (``known=``),
never against an installed catalogue.
"""

from coopeval.ruleset.check.classification import CheckedClassification
from coopeval.ruleset.check.programme import CheckedProgramme, CheckedSetRule, children_of
from coopeval.ruleset.check.scorecard import CheckedScorecard
from coopeval.ruleset.check.validate import (
    CheckedBody,
    CheckedRuleSet,
    provisional_rules,
    validate_ruleset,
)

__all__ = [
    "CheckedBody",
    "CheckedClassification",
    "CheckedProgramme",
    "CheckedRuleSet",
    "CheckedScorecard",
    "CheckedSetRule",
    "children_of",
    "provisional_rules",
    "validate_ruleset",
]
