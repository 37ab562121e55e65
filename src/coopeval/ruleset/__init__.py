"""Rule sets as data: takes a rule file, returns a structured, checked `RuleSet`.

`load.load_ruleset` reads a TOML file into the envelope (`model.RuleSet`: header,
document, inputs, dated parameters) with a body tagged by kind
(`scorecard.Scorecard` or `programme.Programme`); `check.validate_ruleset`
proves it sound; `catalogue.Catalogue` finds the version of an id in force on
a date among bundled and user folders. Nothing here evaluates or reports.
"""

from coopeval.ruleset.base import Input, Parameter, Text
from coopeval.ruleset.catalogue import Catalogue, Version
from coopeval.ruleset.check import CheckedRuleSet, provisional_rules, validate_ruleset
from coopeval.ruleset.load import load_ruleset
from coopeval.ruleset.model import RuleSet
from coopeval.ruleset.programme import Programme
from coopeval.ruleset.scorecard import Scorecard

__all__ = [
    "Catalogue",
    "CheckedRuleSet",
    "Input",
    "Parameter",
    "Programme",
    "RuleSet",
    "Scorecard",
    "Text",
    "Version",
    "load_ruleset",
    "provisional_rules",
    "validate_ruleset",
]
