"""coopeval: Vietnam's rules for cooperatives as declarative, versioned rule sets.

The pipeline, one public function per phase::

    load_ruleset → validate_ruleset → compile_ruleset → evaluate → explain → render

`load` runs the first three for a bundled id (``"tt01-2020"``) or a path.
Only the names in ``__all__`` and the classes in `coopeval.errors` are promised.
"""

__version__ = "0.1.0"

from coopeval.batch import evaluate_file, evaluate_programmes_file
from coopeval.bundled import bundled_rulesets, load, load_any, load_programme
from coopeval.compiler import CompiledRuleSet, compile_ruleset
from coopeval.eligibility import (
    AmountResult,
    ConditionResult,
    ParameterUse,
    ProgrammeResult,
    evaluate_programme,
)
from coopeval.engine import evaluate
from coopeval.errors import (
    CoopevalError,
    RecordError,
    RuleSetError,
    UsageError,
)
from coopeval.explain import Explanation, explain, next_rating
from coopeval.fastpath import score
from coopeval.loader import load_ruleset
from coopeval.model import RuleSet
from coopeval.output import to_dict
from coopeval.population import GroupOutcome, RankEntry, SetRuleResult, evaluate_set_rules
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
from coopeval.support_compiler import CompiledProgramme, compile_programme
from coopeval.support_model import Programme
from coopeval.support_output import explain_programme, programme_dict, record_dict
from coopeval.support_validation import CheckedProgramme, validate_programme
from coopeval.validation import CheckedRuleSet, validate_ruleset

__all__ = [
    "AmountResult",
    "CheckedProgramme",
    "CheckedRuleSet",
    "CompiledProgramme",
    "CompiledRuleSet",
    "ConditionResult",
    "CoopevalError",
    "Discrepancy",
    "Evaluation",
    "Explanation",
    "GroupOutcome",
    "GroupResult",
    "ItemResult",
    "MissingEvidence",
    "ParameterUse",
    "Programme",
    "ProgrammeResult",
    "RankEntry",
    "RecordError",
    "RecordIssue",
    "RuleSet",
    "RuleSetError",
    "RuleSetRef",
    "SetRuleResult",
    "Unchecked",
    "UsageError",
    "__version__",
    "bundled_rulesets",
    "compile_programme",
    "compile_ruleset",
    "evaluate",
    "evaluate_file",
    "evaluate_programme",
    "evaluate_programmes_file",
    "evaluate_set_rules",
    "explain",
    "explain_programme",
    "load",
    "load_any",
    "load_programme",
    "load_ruleset",
    "next_rating",
    "programme_dict",
    "record_dict",
    "render",
    "render_summary",
    "score",
    "to_dict",
    "validate_programme",
    "validate_ruleset",
]
