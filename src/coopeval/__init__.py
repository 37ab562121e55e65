"""coopeval: Vietnam's rules for cooperatives as declarative, versioned rule sets.

The pipeline, one public function per phase::

    load_ruleset → validate_ruleset → compile_ruleset → evaluate → explain → render

`load` runs the first three for a bundled id (``"tt01-2020"``) or a path.
Only the names in ``__all__`` and the classes in `coopeval.errors` are promised.
"""

__version__ = "0.1.0"

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from coopeval.batch import evaluate_file, evaluate_programmes_file
from coopeval.bundled import bundled_rulesets, load, load_any, load_programme
from coopeval.compiler import CompiledRuleSet, compile_ruleset
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

if _TYPE_CHECKING:
    from coopeval.eligibility import (
        AmountResult,
        ConditionResult,
        ParameterUse,
        ProgrammeResult,
        evaluate_programme,
    )
    from coopeval.population import GroupOutcome, RankEntry, SetRuleResult, evaluate_set_rules
    from coopeval.support_compiler import CompiledProgramme, compile_programme
    from coopeval.support_model import Programme
    from coopeval.support_output import explain_programme, programme_dict, record_dict
    from coopeval.support_validation import CheckedProgramme, validate_programme

# The support-programme half loads on first use: a scorecard user never pays for it
# (it is a quarter of `import coopeval`).
_LAZY = {
    "AmountResult": "coopeval.eligibility",
    "ConditionResult": "coopeval.eligibility",
    "ParameterUse": "coopeval.eligibility",
    "ProgrammeResult": "coopeval.eligibility",
    "evaluate_programme": "coopeval.eligibility",
    "GroupOutcome": "coopeval.population",
    "RankEntry": "coopeval.population",
    "SetRuleResult": "coopeval.population",
    "evaluate_set_rules": "coopeval.population",
    "CompiledProgramme": "coopeval.support_compiler",
    "compile_programme": "coopeval.support_compiler",
    "Programme": "coopeval.support_model",
    "explain_programme": "coopeval.support_output",
    "programme_dict": "coopeval.support_output",
    "record_dict": "coopeval.support_output",
    "CheckedProgramme": "coopeval.support_validation",
    "validate_programme": "coopeval.support_validation",
}


def __getattr__(name: str) -> _Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'coopeval' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(_importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
