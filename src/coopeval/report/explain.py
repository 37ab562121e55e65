"""Explain: turn a result of either kind into an `Explanation` in one language."""

from __future__ import annotations

from coopeval.engine.results import Evaluation, Result
from coopeval.report.explanation import Explanation
from coopeval.report.messages import Lang, checked_lang
from coopeval.report.programme import explain_programme_result
from coopeval.report.scorecard import explain_scorecard

__all__ = ["explain"]


def explain(result: Result, lang: Lang = "vi") -> Explanation:
    """Explain one result, a scorecard's or a programme's, in Vietnamese or English.

    Raises:
        UsageError: unknown language, or a result built without its rule set.
    """
    chosen = checked_lang(lang)
    if isinstance(result, Evaluation):
        return explain_scorecard(result, chosen)
    return explain_programme_result(result, chosen)
