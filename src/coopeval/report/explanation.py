"""Explanations: a result as labelled, formatted lines in one language, for either kind.

One `Explanation` type holds what a person reads about one result: a title,
the table of a scorecard (`Line`: items, group subtotals, the total) or of a
programme (`ConditionLine`: each condition of the tree; `AmountLine`: each
amount), short result lines, and notes. `coopeval.report.text` renders it.
"""

from __future__ import annotations

from typing import Literal

import attrs

from coopeval.report.messages import Lang

__all__ = ["AmountLine", "ConditionLine", "Explanation", "Line"]


@attrs.frozen
class Line:
    """One row of a scorecard's table."""

    kind: Literal["item", "group", "total"]
    id: str
    label: str
    measure: str
    band: str
    points: str
    max: str
    citation: str
    note: str


@attrs.frozen
class ConditionLine:
    """One condition of a programme, at its depth in the condition tree."""

    depth: int
    id: str
    label: str
    #: ``met``, ``not_met`` or ``missing``, and the word for it.
    outcome: str
    verdict: str
    #: The values read (and what is missing), as text.
    values: str
    citation: str
    note: str


@attrs.frozen
class AmountLine:
    """One amount of support: its value (or why none), formula and values used."""

    id: str
    label: str
    value: str
    formula: str
    citation: str
    note: str


@attrs.frozen
class Explanation:
    """A result as labelled lines and notes in one language."""

    lang: Lang
    kind: Literal["scorecard", "eligibility"]
    title: str
    #: A scorecard's items, group subtotals and total.
    lines: tuple[Line, ...] = ()
    #: A programme's conditions (in tree order) and amounts.
    conditions: tuple[ConditionLine, ...] = ()
    amounts: tuple[AmountLine, ...] = ()
    #: Short result lines: rating and distance to the next; what is missing to decide.
    summary: tuple[str, ...] = ()
    #: Missing evidence, discrepancies, unchecked rules, parameters, errors, legends.
    notes: tuple[str, ...] = ()
