"""The engine: takes a `CheckedRuleSet` and records, returns results.

`compile.compile_ruleset` turns a checked rule set of either kind into a
`CompiledRuleSet` once (value slots, band tables, generated functions);
`evaluate.evaluate` judges one record under it, dispatching on its kind
(`scoring` for scorecards, `eligibility` for programmes) under one decimal
context; `population.evaluate_set_rules` judges quotas, shares and rankings over
a batch; `impact.impact` compares records under two versions of a rule set;
`whatif.whatif` plans a record to a target rating; `coverage.coverage` counts
the parts of a rule set (bands, classes, outcomes, ...) that results reach.
Results (`results`) are pure data. The engine reads no files and
consults no catalogue: a rule set's inputs derived from another rule set come
through the resolver it was compiled with.
"""

from coopeval.engine.compile import CompiledRuleSet, compile_ruleset
from coopeval.engine.coverage import Coverage, coverage
from coopeval.engine.evaluate import evaluate, failed, score
from coopeval.engine.impact import Cause, Impact, Impacts, Transition, impact
from coopeval.engine.population import GroupOutcome, RankEntry, SetRuleResult, evaluate_set_rules
from coopeval.engine.programme import CompiledProgramme
from coopeval.engine.results import (
    AmountResult,
    ConditionResult,
    Discrepancy,
    Evaluation,
    GroupResult,
    ItemResult,
    Layout,
    MissingEvidence,
    ParameterUse,
    ProgrammeResult,
    Result,
    RuleSetRef,
    Unchecked,
)
from coopeval.engine.scorecard import CompiledScorecard
from coopeval.engine.whatif import Plan, Step, WhatIf, whatif

__all__ = [
    "AmountResult",
    "Cause",
    "CompiledProgramme",
    "CompiledRuleSet",
    "CompiledScorecard",
    "ConditionResult",
    "Coverage",
    "Discrepancy",
    "Evaluation",
    "GroupOutcome",
    "GroupResult",
    "Impact",
    "Impacts",
    "ItemResult",
    "Layout",
    "MissingEvidence",
    "ParameterUse",
    "Plan",
    "ProgrammeResult",
    "RankEntry",
    "Result",
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
    "failed",
    "impact",
    "score",
    "whatif",
]
