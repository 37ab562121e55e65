"""Results as self-contained HTML pages: a scorecard per cooperative, the province's dashboard.

One Jinja2 `Environment` with autoescaping always on renders the templates in
``templates/``: every value from a record or a rule file (a name, a label, a
citation) is escaped, and only the charts of `coopeval.report.svg` (which
escape their own text) go in as markup. A page needs no network and no
script: its style is inline, with print rules for A4 portrait.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from coopeval.engine.compile import CompiledRuleSet
from coopeval.engine.results import Evaluation, ProgrammeResult
from coopeval.errors import UsageError
from coopeval.messages import said
from coopeval.report.card import card
from coopeval.report.dashboard import dashboard
from coopeval.report.messages import checked_lang, message

__all__ = ["environment", "render_cards", "render_dashboard", "render_html"]

_TEMPLATES = Path(__file__).parent / "templates"


def render_html(
    rules: CompiledRuleSet[Any],
    results: Evaluation | Sequence[Evaluation],
    *,
    lang: str = "vi",
    summary: bool = False,
    eligibility: Sequence[Sequence[ProgrammeResult]] = (),
) -> str:
    """One HTML page: the scorecard of each result (a page each), or with ``summary``
    the province's dashboard over all of them.

    Args:
        rules: the scorecard rule set the results were evaluated with (its
            ratings' edges, and the what-if's best plans, come from it).
        results: one result of `coopeval.evaluate`, or several.
        eligibility: for the dashboard, per record its result under each
            programme (the same programmes, in the same order, for every record).

    Raises:
        UsageError: ``rules`` is not a scorecard, a result is not a scorecard's,
            or the language is neither ``vi`` nor ``en``.

    .. versionadded:: 0.14
    """
    chosen = [results] if isinstance(results, Evaluation) else list(results)
    if rules.kind != "scorecard" or not all(isinstance(r, Evaluation) for r in chosen):
        raise UsageError(said("report.not_a_scorecard", rules=rules.id))
    if summary:
        return render_dashboard(rules, chosen, eligibility, lang)
    return render_cards(rules, chosen, lang)


def render_cards(rules: CompiledRuleSet[Any], results: Sequence[Evaluation], lang: str) -> str:
    """The scorecard pages of ``results``, one after another in one document."""
    chosen = checked_lang(lang)
    cards = [card(rules, ev, chosen) for ev in results]
    title = cards[0].title if len(cards) == 1 else message("html", "cards_title", chosen)
    return _page("cards.html", lang=chosen, title=title, cards=cards)


def render_dashboard(
    rules: CompiledRuleSet[Any],
    results: Sequence[Evaluation],
    eligibility: Sequence[Sequence[ProgrammeResult]],
    lang: str,
) -> str:
    """The province's dashboard over ``results`` (and their programmes' outcomes)."""
    chosen = checked_lang(lang)
    board = dashboard(rules, results, eligibility, chosen)
    return _page(
        "dashboard.html", lang=chosen, title=message("html", "dashboard_title", chosen), d=board
    )


def _page(template: str, *, lang: str, **values: Any) -> str:
    def words(key: str, **more: Any) -> str:
        return message("html", key, lang, **more)

    def word(section: str, key: str) -> str:
        return message(section, key, lang)

    return (
        environment(_TEMPLATES).get_template(template).render(lang=lang, t=words, w=word, **values)
    )


@cache
def environment(folder: Path) -> jinja2.Environment:
    """The Jinja2 environment of the HTML templates in ``folder``: autoescaped, strict."""
    # autoescape=True for every template, whatever its name: a page is HTML even
    # when a template is included under another suffix (the style sheet)
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
