"""coopeval: Vietnam's rules for cooperatives as declarative, versioned rule sets.

The pipeline, one public function per phase::

    load_ruleset → validate_ruleset → compile_ruleset → evaluate → explain → render

`load` runs the first three for a bundled id (``"tt01-2020"``) or a path.
Only the names in ``__all__`` and the classes in `coopeval.errors` are promised.
"""

__version__ = "0.1.0"

from coopeval.batch import evaluate_file
from coopeval.bundled import bundled_rulesets, load
from coopeval.compiler import CompiledRuleSet, compile_ruleset
from coopeval.engine import evaluate
from coopeval.errors import (
    CoopevalError,
    RecordError,
    RuleSetError,
    UsageError,
)
from coopeval.explain import Explanation, explain, next_rating
from coopeval.loader import load_ruleset
from coopeval.model import RuleSet
from coopeval.output import to_dict
from coopeval.render import render, render_summary
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
from coopeval.validation import CheckedRuleSet, validate_ruleset

__all__ = [
    "CheckedRuleSet",
    "CompiledRuleSet",
    "CoopevalError",
    "Discrepancy",
    "Evaluation",
    "Explanation",
    "GroupResult",
    "ItemResult",
    "MissingEvidence",
    "RecordError",
    "RecordIssue",
    "RuleSet",
    "RuleSetError",
    "RuleSetRef",
    "Unchecked",
    "UsageError",
    "__version__",
    "bundled_rulesets",
    "compile_ruleset",
    "evaluate",
    "evaluate_file",
    "explain",
    "load",
    "load_ruleset",
    "next_rating",
    "render",
    "render_summary",
    "to_dict",
    "validate_ruleset",
]
