"""A cooperative's scorecard page as data: the explanation's lines, marked, and its plan.

`card` takes a scorecard result and reads everything from `explain` (lines,
summary, notes), `class_lines` and the what-if's best plan; it adds only what
a page shows but text does not: which rows lack evidence or were self-assessed
otherwise, and the bar of the total against the rating edges.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
from markupsafe import Markup

from coopeval.engine.compile import CompiledRuleSet
from coopeval.engine.results import Evaluation
from coopeval.engine.whatif import whatif
from coopeval.report.classes import class_lines
from coopeval.report.explain import explain
from coopeval.report.explanation import Line
from coopeval.report.messages import Lang, fmt, message
from coopeval.report.svg import Edge, score_bar
from coopeval.report.whatif import best_plan

__all__ = ["Card", "Row", "card", "rating_edges", "shared_start"]


@attrs.frozen
class Row:
    """One row of the card's table: an explanation line and how the page marks it."""

    line: Line
    #: ``missing``, ``discrepancy`` or ``""``; and the words said in the row for it.
    flag: str
    flag_text: str
    #: The citation without the part every item shares (said once, in the table's head).
    citation: str = ""


@attrs.frozen
class Card:
    """Everything one cooperative's page shows, as text (the template escapes it)."""

    lang: Lang
    id: str
    name: str
    year: str
    district: str
    ruleset: str
    version: str
    document: str
    title: str
    #: What every item's citation starts with (``Thông tư 01/2020/TT-BKHĐT, Phụ lục 1``).
    cited: str
    rows: tuple[Row, ...]
    total: str
    maximum: str
    bar: Markup
    rating: tuple[str, ...]
    classes: tuple[str, ...]
    notes: tuple[str, ...]
    #: Whether the notes tell of missing evidence or discrepancies (the box is highlighted).
    alert: bool
    plan_heading: str
    plan: tuple[str, ...]
    status: str


def card(rules: CompiledRuleSet[Any], evaluation: Evaluation, lang: Lang = "vi") -> Card:
    """The page of one scorecard result under ``rules`` (the rule set that scored it)."""
    explanation = explain(evaluation, lang)
    layout = evaluation.layout
    ruleset = layout.ruleset if layout is not None else rules.ruleset
    known = set(class_lines(evaluation, ruleset, lang))
    classes = tuple(line for line in explanation.summary if line in known)
    rating = tuple(line for line in explanation.summary if line not in known)
    meta = dict(evaluation.meta)
    heading, plan = _plan(rules, evaluation, lang)
    head = ruleset.header
    edges, labels = rating_edges(rules, lang)
    cited = shared_start([line.citation for line in explanation.lines if line.kind == "item"])
    return Card(
        lang=lang,
        id=evaluation.id or f"#{evaluation.row}",
        name=meta.get("name", ""),
        year=meta.get("year", ""),
        district=meta.get("district", ""),
        ruleset=head.id,
        version=head.version,
        document=head.title.get(lang),
        title=explanation.title,
        cited=cited.removesuffix(", "),
        rows=tuple(
            attrs.evolve(_row(line, evaluation, lang), citation=line.citation.removeprefix(cited))
            for line in explanation.lines
        ),
        total=fmt(evaluation.total, lang),
        maximum=fmt(head.total, lang),
        bar=score_bar(evaluation.total, head.total, edges, labels, lang),
        rating=rating,
        classes=classes,
        notes=explanation.notes,
        alert=bool(evaluation.missing or evaluation.discrepancies or evaluation.errors),
        plan_heading=heading,
        plan=plan,
        status=evaluation.status,
    )


def rating_edges(rules: CompiledRuleSet[Any], lang: str) -> tuple[list[Edge], list[str]]:
    """The lower edges of the ratings (50, 65, 80 for tt01-2020) and every rating's label."""
    bands = rules.ruleset.scorecard.ratings.bands
    edges = [Edge(b.lower, fmt(b.lower, lang)) for b in bands if b.lower is not None]
    return edges, [b.label.get(lang) for b in bands]


def shared_start(citations: Sequence[str]) -> str:
    """The start every citation shares, cut after its last ``", "`` (a whole part)."""
    if len(citations) < 2:
        return ""
    split = [c.split(", ") for c in citations]
    shared: list[str] = []
    # a whole part is shared only if every citation has more after it
    for parts in zip(*(p[:-1] for p in split), strict=False):
        if len(set(parts)) != 1:
            break
        shared.append(parts[0])
    return "".join(f"{part}, " for part in shared)


def _plan(
    rules: CompiledRuleSet[Any], evaluation: Evaluation, lang: Lang
) -> tuple[str, tuple[str, ...]]:
    if evaluation.status != "ok" or rules.kind != "scorecard":
        return "", ()
    found = whatif(rules, evaluation)
    if not found.plans:
        return "", ()
    return best_plan(found, rules, lang)


def _row(line: Line, evaluation: Evaluation, lang: Lang) -> Row:
    if line.kind != "item":
        return Row(line, "", "")
    if any(m.item == line.id for m in evaluation.missing):
        return Row(line, "missing", message("words", "missing", lang))
    gap = next((d for d in evaluation.discrepancies if d.item == line.id), None)
    if gap is not None:
        words = message(
            "html",
            "discrepancy",
            lang,
            self_assessed=fmt(gap.self_assessed, lang),
            computed=fmt(gap.computed, lang),
        )
        return Row(line, "discrepancy", words)
    return Row(line, "", "")
