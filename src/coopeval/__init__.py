"""coopeval: Vietnam's rules for cooperatives as declarative, versioned rule sets.

The pipeline, one phase per package, for both kinds of rule set (scorecards
and support programmes)::

    ruleset: load_ruleset → validate_ruleset   engine: compile_ruleset → evaluate
    report:  explain → render, to_dict,        formats: evaluate_file, sinks
             render_html (HTML pages)

`load` runs the first three for an id (``"tt01-2020"``, the version in force on
a date) or a path. Only the names in ``__all__`` and the classes in
`coopeval.errors` are promised. Names load on first use, so ``import coopeval``
costs nearly nothing; the programme-specific names of 0.1 still work, with a
`DeprecationWarning` naming their replacement.
"""

import importlib as _importlib
import warnings as _warnings
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from coopeval.errors import CoopevalError, RecordError, RuleSetError, UsageError
from coopeval.version import __version__

if _TYPE_CHECKING:
    from coopeval.engine import (
        AmountResult,
        Cause,
        CompiledRuleSet,
        ConditionResult,
        Coverage,
        Discrepancy,
        Evaluation,
        GroupOutcome,
        GroupResult,
        Impact,
        Impacts,
        ItemResult,
        MissingEvidence,
        ParameterUse,
        Plan,
        ProgrammeResult,
        RankEntry,
        RuleSetRef,
        SetRuleResult,
        Step,
        Transition,
        Unchecked,
        WhatIf,
        compile_ruleset,
        coverage,
        evaluate,
        evaluate_set_rules,
        impact,
        score,
        whatif,
    )
    from coopeval.engine.money import MoneyFinding, MoneyReport, ShareLine, check_money
    from coopeval.formats import evaluate_file, impact_file
    from coopeval.formats.support_plans import read_support_plan
    from coopeval.pipeline import bundled_rulesets, load
    from coopeval.records import RecordIssue
    from coopeval.records.support_plan import PlanLine, PlanTable
    from coopeval.report import Explanation, explain, next_rating, render, render_summary, to_dict
    from coopeval.report.html import render_html
    from coopeval.report.money import money_dict, render_money
    from coopeval.ruleset import (
        Catalogue,
        CheckedRuleSet,
        Programme,
        RuleSet,
        Scorecard,
        Version,
        load_ruleset,
        validate_ruleset,
    )
    from coopeval.ruleset.money import MoneyChecks, load_money_checks

_LAZY = {
    **dict.fromkeys(
        (
            "AmountResult",
            "Cause",
            "CompiledRuleSet",
            "ConditionResult",
            "Coverage",
            "Discrepancy",
            "Evaluation",
            "GroupOutcome",
            "GroupResult",
            "Impact",
            "Impacts",
            "ItemResult",
            "MissingEvidence",
            "ParameterUse",
            "Plan",
            "ProgrammeResult",
            "RankEntry",
            "RuleSetRef",
            "SetRuleResult",
            "Step",
            "Transition",
            "Unchecked",
            "WhatIf",
            "compile_ruleset",
            "coverage",
            "evaluate",
            "evaluate_set_rules",
            "impact",
            "score",
            "whatif",
        ),
        "coopeval.engine",
    ),
    **dict.fromkeys(
        (
            "Catalogue",
            "CheckedRuleSet",
            "Programme",
            "RuleSet",
            "Scorecard",
            "Version",
            "load_ruleset",
            "validate_ruleset",
        ),
        "coopeval.ruleset",
    ),
    **dict.fromkeys(
        ("Explanation", "explain", "next_rating", "render", "render_summary", "to_dict"),
        "coopeval.report",
    ),
    # not in coopeval.report's own names: Jinja2 is imported only for a page
    "render_html": "coopeval.report.html",
    "RecordIssue": "coopeval.records",
    "evaluate_file": "coopeval.formats",
    "impact_file": "coopeval.formats",
    "bundled_rulesets": "coopeval.pipeline",
    "load": "coopeval.pipeline",
    **dict.fromkeys(
        ("MoneyFinding", "MoneyReport", "ShareLine", "check_money"), "coopeval.engine.money"
    ),
    **dict.fromkeys(("MoneyChecks", "load_money_checks"), "coopeval.ruleset.money"),
    **dict.fromkeys(("PlanLine", "PlanTable"), "coopeval.records.support_plan"),
    **dict.fromkeys(("money_dict", "render_money"), "coopeval.report.money"),
    "read_support_plan": "coopeval.formats.support_plans",
}


def __getattr__(name: str) -> _Any:
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(_importlib.import_module(module), name)
        globals()[name] = value
        return value
    replaced: tuple[str, str, str] | None = _replaced().get(name)
    if replaced is not None:
        where, attribute, instead = replaced
        msg = f"coopeval.{name} is deprecated and goes in the next release; use {instead}"
        _warnings.warn(msg, DeprecationWarning, stacklevel=2)
        return getattr(_importlib.import_module(where), attribute)
    msg = f"module 'coopeval' has no attribute {name!r}"
    raise AttributeError(msg)


def _replaced() -> dict[str, tuple[str, str, str]]:
    from coopeval.deprecated import REPLACED_BY

    return dict(REPLACED_BY)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "AmountResult",
    "Catalogue",
    "Cause",
    "CheckedRuleSet",
    "CompiledRuleSet",
    "ConditionResult",
    "CoopevalError",
    "Coverage",
    "Discrepancy",
    "Evaluation",
    "Explanation",
    "GroupOutcome",
    "GroupResult",
    "Impact",
    "Impacts",
    "ItemResult",
    "MissingEvidence",
    "MoneyChecks",
    "MoneyFinding",
    "MoneyReport",
    "ParameterUse",
    "Plan",
    "PlanLine",
    "PlanTable",
    "Programme",
    "ProgrammeResult",
    "RankEntry",
    "RecordError",
    "RecordIssue",
    "RuleSet",
    "RuleSetError",
    "RuleSetRef",
    "Scorecard",
    "SetRuleResult",
    "ShareLine",
    "Step",
    "Transition",
    "Unchecked",
    "UsageError",
    "Version",
    "WhatIf",
    "__version__",
    "bundled_rulesets",
    "check_money",
    "compile_ruleset",
    "coverage",
    "evaluate",
    "evaluate_file",
    "evaluate_set_rules",
    "explain",
    "impact",
    "impact_file",
    "load",
    "load_money_checks",
    "load_ruleset",
    "money_dict",
    "next_rating",
    "read_support_plan",
    "render",
    "render_html",
    "render_money",
    "render_summary",
    "score",
    "to_dict",
    "validate_ruleset",
    "whatif",
]
