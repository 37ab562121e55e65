"""The province's page as data: totals, ratings by district, who is under 80, programmes.

`dashboard` reads its figures from the December summary (`Summariser`, by
district), the what-if's best plans and their item counts (`priorities`), and
the outcome of each programme for each record (`outcome_words`); it only
counts the totals into bins for the histogram.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
from markupsafe import Markup

from coopeval.engine.compile import CompiledRuleSet
from coopeval.engine.results import Evaluation, ProgrammeResult
from coopeval.engine.whatif import WhatIf, whatif
from coopeval.report.card import rating_edges
from coopeval.report.messages import Lang, fmt, message
from coopeval.report.programme import outcome_words
from coopeval.report.scorecard import rating_label
from coopeval.report.summary import Summariser, Summary
from coopeval.report.svg import Segment, StackedRow, colour, histogram, stacked_bars
from coopeval.report.whatif import best_plan, priority_rows

__all__ = ["BINS", "Dashboard", "Under", "bin_counts", "dashboard"]

#: How many bins the histogram of totals has (5 points each out of 100).
BINS = 20


@attrs.frozen
class Under:
    """A cooperative under the target: its distance and the steps of its best plan."""

    id: str
    name: str
    district: str
    total: str
    distance: str
    plan: tuple[str, ...]


@attrs.frozen
class Cell:
    """One programme's outcome for one record: the words and the kind (for its colour)."""

    text: str
    kind: str


@attrs.frozen
class Dashboard:
    """Everything the province's page shows, as text and charts."""

    lang: Lang
    ruleset: str
    version: str
    document: str
    #: Label and value of each headline figure (records, rated, mean, median, shares).
    figures: tuple[tuple[str, str], ...]
    histogram: Markup
    bins: tuple[tuple[str, int], ...]
    districts: Markup
    #: The rating labels (best first) and per district its counts in that order.
    rating_labels: tuple[str, ...]
    district_rows: tuple[tuple[str, tuple[int, ...]], ...]
    edge: str
    target: str
    under: tuple[Under, ...]
    programmes: tuple[tuple[str, str], ...]
    matrix: tuple[tuple[str, str, tuple[Cell, ...]], ...]
    #: Item, label, count of best plans, share of plans.
    priorities: tuple[tuple[str, str, str, str], ...]
    planned: int


def bin_counts(evaluations: Sequence[Evaluation], width: Decimal, bins: int) -> list[int]:
    """How many rated totals fall in each bin ``[i·width, (i+1)·width)``; the top one is closed."""
    counts = [0] * bins
    for ev in evaluations:
        if ev.status == "ok" and ev.total is not None and ev.rating not in (None, "not_rated"):
            counts[min(int(ev.total // width), bins - 1)] += 1
    return counts


def dashboard(
    rules: CompiledRuleSet[Any],
    evaluations: Sequence[Evaluation],
    eligibility: Sequence[Sequence[ProgrammeResult]] = (),
    lang: Lang = "vi",
) -> Dashboard:
    """The province's page for the results of ``rules`` (and each record's programmes)."""
    scorecard = rules.ruleset.scorecard
    head = rules.ruleset.header
    summariser = Summariser("district", scorecard)
    for ev in evaluations:
        summariser.add(ev)
    overall, *groups = summariser.results()
    found = {ev.id: whatif(rules, ev) for ev in evaluations if ev.status == "ok"}
    width = head.total / BINS
    counts = bin_counts(evaluations, width, BINS)
    edges, _ = rating_edges(rules, lang)
    labels = tuple(_label(scorecard, r, lang) for r, _ in overall.ratings)
    plans = [w for w in found.values() if w.plans]
    return Dashboard(
        lang=lang,
        ruleset=head.id,
        version=head.version,
        document=head.title.get(lang),
        figures=_figures(overall, scorecard, lang),
        histogram=histogram(counts, width, head.total, edges, lang),
        bins=tuple((fmt(width * i, lang), n) for i, n in enumerate(counts)),
        districts=stacked_bars([_stack(g, labels) for g in groups]),
        rating_labels=labels,
        district_rows=tuple((g.group or "?", tuple(n for _, n in g.ratings)) for g in groups),
        edge=fmt(overall.edge, lang),
        target=rating_label(scorecard, overall.target, lang),
        under=tuple(_under(u, found.get(u.id), rules, lang) for u in overall.under),
        programmes=_programmes(eligibility, lang),
        matrix=tuple(_matrix_row(row, lang) for row in eligibility if row),
        priorities=tuple(priority_rows(plans, rules, lang)),
        planned=len(plans),
    )


def _label(scorecard: Any, rating: str, lang: str) -> str:
    if rating == "not_rated":
        return message("words", "not_rated", lang)
    return rating_label(scorecard, rating, lang)


def _figures(overall: Summary, scorecard: Any, lang: str) -> tuple[tuple[str, str], ...]:
    figures = [
        (message("summary", "records", lang), str(overall.records)),
        (message("summary", "rated", lang), str(overall.rated)),
        (message("summary", "mean", lang), _number(overall.mean, lang)),
        (message("summary", "median", lang), _number(overall.median, lang)),
    ]
    for share in overall.shares:
        names = ", ".join(rating_label(scorecard, r, lang) for r in share.ratings)
        value = "—" if share.value is None else f"{_number(share.value, lang)} %"
        figures.append((message("summary", "share", lang, labels=names), value))
    return tuple(figures)


def _number(value: Decimal | None, lang: str) -> str:
    return fmt(None if value is None else value.quantize(Decimal("0.01")), lang)


def _stack(group: Summary, labels: Sequence[str]) -> StackedRow:
    """A district's bar: its ratings lowest first (the scale's order), not rated last."""
    counts = list(group.ratings)  # best first, then not rated
    rated = counts[:-1][::-1]
    segments = [
        Segment(labels[len(rated) - 1 - i], n, colour(i, len(rated)))
        for i, (_, n) in enumerate(rated)
    ]
    segments.append(Segment(labels[-1], counts[-1][1], "#9e9e9e"))
    return StackedRow(group.group or "?", tuple(segments))


def _under(under: Any, found: WhatIf | None, rules: CompiledRuleSet[Any], lang: Lang) -> Under:
    plan = best_plan(found, rules, lang)[1] if found is not None else ()
    return Under(
        under.id,
        under.name,
        under.group,
        fmt(under.total, lang),
        fmt(under.distance, lang),
        plan,
    )


def _programmes(
    eligibility: Sequence[Sequence[ProgrammeResult]], lang: str
) -> tuple[tuple[str, str], ...]:
    first = next((row for row in eligibility if row), ())
    return tuple((r.programme.id, _title(r, lang)) for r in first)


def _title(result: ProgrammeResult, lang: str) -> str:
    layout = result.layout
    return layout.ruleset.header.title.get(lang) if layout is not None else result.programme.id


def _matrix_row(row: Sequence[ProgrammeResult], lang: str) -> tuple[str, str, tuple[Cell, ...]]:
    first = row[0]
    cells = tuple(Cell(outcome_words(r, lang), _kind(r)) for r in row)
    return first.id or f"#{first.row}", dict(first.meta).get("name", ""), cells


def _kind(result: ProgrammeResult) -> str:
    if any(e.code == "not_in_force" for e in result.errors):
        return "not_in_force"
    return result.outcome or "error"
