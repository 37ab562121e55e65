"""What the officer's page shows of a reading, as words in one language: data for templates.

`columns` is the column plan (used, not used, missing, notes); `result_rows`
is one row per record: its rating as a label and, per programme, the outcome
and each condition of the tree with what was read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from coopeval.engine import CompiledRuleSet, Evaluation, ProgrammeResult
from coopeval.formats.plan import describe
from coopeval.report import explain, next_rating
from coopeval.report.explanation import ConditionLine
from coopeval.report.messages import Lang, fmt, message
from coopeval.report.programme import outcome_words
from coopeval.report.scorecard import rating_label
from coopeval.serve.upload import Reading, Row

__all__ = ["Cell", "Columns", "ResultRow", "columns", "programme_titles", "result_rows"]


@attrs.frozen
class Columns:
    """The column plan in words: each list holds ``(where, what)`` pairs."""

    used: tuple[tuple[str, str], ...]
    unused: tuple[str, ...]
    missing: tuple[tuple[str, str], ...]
    #: Units read, rows skipped: the lines the command line prints.
    notes: tuple[str, ...]


@attrs.frozen
class Cell:
    """One record under one programme: its outcome (a code and words) and its conditions."""

    outcome: str
    words: str
    conditions: tuple[ConditionLine, ...]
    notes: tuple[str, ...]


@attrs.frozen
class ResultRow:
    """One record of the results table."""

    index: int
    id: str
    name: str
    status: str
    status_words: str
    total: str
    rating: str
    #: ``tốt (+13)``: the next rating and the points it needs, or empty.
    next: str
    errors: int
    cells: tuple[Cell, ...]


def columns(reading: Reading, lang: Lang) -> Columns:
    """The upload's column plan: what each used column fills, the rest, what is missing."""
    plan = reading.plan
    labels = _labels([reading.scorecard, *reading.programmes], lang)
    if plan is None:
        return Columns((), (), (), tuple(reading.notes(lang)))
    used = tuple((c.where, _named(c.field, labels)) for c in plan.used if c.field is not None)
    missing = tuple((_named(name, labels), plan.instead.get(name, "")) for name in plan.absent)
    # the lists are shown as tables: describe only the units read and the rows skipped
    rest = attrs.evolve(plan, columns=plan.used, absent=())
    unit_or_skip = tuple(describe(rest, reading.skipped, lang))
    return Columns(used, tuple(c.where for c in plan.unused), missing, unit_or_skip)


def result_rows(reading: Reading, lang: Lang) -> list[ResultRow]:
    """One row per record of the upload, in the file's order."""
    scorecard = reading.scorecard.ruleset.scorecard
    return [_result_row(row, scorecard, lang) for row in reading.rows]


def programme_titles(
    programmes: Sequence[CompiledRuleSet[Any]], lang: str
) -> list[tuple[str, str]]:
    """Each programme's id and title in ``lang``, for the matrix's headers."""
    return [(p.id, p.ruleset.header.title.get(lang)) for p in programmes]


def _result_row(row: Row, scorecard: Any, lang: Lang) -> ResultRow:
    ev = row.evaluation
    rated = ev.status == "ok" and ev.rating is not None
    return ResultRow(
        index=row.index,
        id=ev.id or f"#{ev.row}",
        name=dict(ev.meta).get("name", ""),
        status=ev.status,
        status_words=message("status", ev.status, lang),
        total=fmt(ev.total, lang) if ev.total is not None else "",
        rating=rating_label(scorecard, ev.rating, lang) if rated and ev.rating else "",
        next=_next(ev, scorecard, lang),
        errors=len(ev.errors),
        cells=tuple(_cell(result, lang) for result in row.programmes),
    )


def _next(ev: Evaluation, scorecard: Any, lang: str) -> str:
    found = next_rating(ev)
    if found is None:
        return ""
    rating, points = found
    return f"{rating_label(scorecard, rating, lang)} (+{fmt(points, lang)})"


def _cell(result: ProgrammeResult, lang: Lang) -> Cell:
    explained = explain(result, lang)
    refused = any(e.code == "not_in_force" for e in result.errors)
    outcome = "not_in_force" if refused else (result.outcome or "error")
    return Cell(outcome, outcome_words(result, lang), explained.conditions, explained.notes)


def _labels(rule_sets: Sequence[CompiledRuleSet[Any]], lang: str) -> dict[str, str]:
    labels: dict[str, str] = {}
    for rules in rule_sets:
        for spec in rules.ruleset.inputs:
            labels.setdefault(spec.name, spec.label.get(lang))
    return labels


def _named(field: str, labels: dict[str, str]) -> str:
    label = labels.get(field)
    return f"{label} ({field})" if label and label != field else field
