"""Strategies for coopeval's own tests, built on the public `coopeval.testing`.

The record strategies are re-exported from `coopeval.testing`; this module adds
what only the project's tests need: band tables (sorted and gap-free by
construction), declared inputs with random bounds, and values inside a table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from coopeval.engine import CompiledRuleSet
from coopeval.ruleset.base import Input, InputType, Text
from coopeval.ruleset.scorecard import Band
from coopeval.testing import (
    EdgeCase,
    band_edges,
    edge_values,
    points,
    records,
    self_scored_records,
    values,
)

__all__ = [
    "VND",
    "EdgeCase",
    "band_edges",
    "band_tables",
    "edge_values",
    "inputs",
    "loan_figures",
    "points",
    "programme_records",
    "records",
    "self_scored_records",
    "values",
    "values_within",
]

#: Edges and values are drawn with two decimals, like percentages.
PLACES = 2
_EDGES = st.decimals(-1000, 1000, places=PLACES, allow_nan=False, allow_infinity=False)
_LABEL = Text("nhãn", "label")


@st.composite
def band_tables(draw: st.DrawFn) -> tuple[Band, ...]:
    """Band tables: ascending and gap-free by construction, points rising from 0.

    Each band's upper edge is the next band's lower edge; the outer ends are
    drawn open or closed.
    """
    edges: list[Decimal | None] = list(
        draw(st.lists(_EDGES, min_size=2, max_size=7, unique=True).map(sorted))
    )
    if draw(st.booleans()):
        edges.insert(0, None)
    if draw(st.booleans()):
        edges.append(None)
    rises = draw(st.lists(st.integers(0, 4), min_size=len(edges) - 2, max_size=len(edges) - 2))
    scores = [Decimal(sum(rises[:i])) for i in range(len(edges) - 1)]
    return tuple(
        Band(points, lower, upper)
        for points, lower, upper in zip(scores, edges, edges[1:], strict=False)
    )


@st.composite
def values_within(draw: st.DrawFn, table: tuple[Band, ...]) -> Decimal:
    """A value inside the table: at an edge, just below one, or anywhere between the ends."""
    low, high = table[0].lower, table[-1].upper
    step = Decimal(1).scaleb(-PLACES)
    edges = [b.lower for b in table if b.lower is not None]
    edges += [e - step for e in edges if (low is None or e - step >= low)]
    anywhere = st.decimals(
        low if low is not None else -2000,
        high - step if high is not None else 2000,
        places=PLACES,
        allow_nan=False,
        allow_infinity=False,
    )
    return draw(st.one_of(st.sampled_from(edges), anywhere) if edges else anywhere)


@st.composite
def inputs(draw: st.DrawFn) -> Input:
    """Declared inputs of every type; numbers get optional inclusive bounds."""
    kind: InputType = draw(st.sampled_from(["decimal", "int", "bool", "date", "text", "enum"]))
    if kind == "enum":
        options = draw(st.lists(st.sampled_from("abcdefgh"), min_size=1, unique=True))
        return Input("field", "enum", _LABEL, values=tuple(options))
    if kind not in ("decimal", "int"):
        return Input("field", kind, _LABEL)
    low = draw(st.none() | st.integers(-1000, 1000).map(Decimal))
    high = draw(st.none() | st.integers(0, 2000).map(lambda n: (low or Decimal(0)) + n))
    unit = draw(st.sampled_from(["", "%", "VND"]))
    return Input("field", kind, _LABEL, unit=unit, at_least=low, at_most=high)


# ---------------------------------------------------------------------------
# Eligibility programmes (rule sets of kind "eligibility").
# ---------------------------------------------------------------------------

#: Money in whole VND up to 10^13 (ten thousand billion), or with two decimals.
VND = st.one_of(
    st.integers(0, 10**13).map(Decimal),
    st.decimals(0, 10**12, places=2, allow_nan=False, allow_infinity=False),
)


@st.composite
def programme_records(
    draw: st.DrawFn,
    programme: CompiledRuleSet[Any],
    *,
    fields: Mapping[str, st.SearchStrategy[Any]] | None = None,
) -> dict[str, Any]:
    """Partial records for an eligibility programme: each input present or left out.

    Required inputs are always present; inputs named in ``fields`` are drawn from
    the strategy given there (and always present). A record's ``year`` and
    ``as_of`` fall on days the programme is in force (it refuses others).
    """
    own = {**_in_force(programme), **(fields or {})}
    record: dict[str, Any] = {"id": draw(st.from_regex(r"HTX-[0-9]{4}", fullmatch=True))}
    for spec in programme.ruleset.inputs:
        if spec.name in own:
            record[spec.name] = draw(own[spec.name])
        elif spec.required or draw(st.booleans()):
            record[spec.name] = draw(values(spec, form="typed"))
    return record


def _in_force(programme: CompiledRuleSet[Any]) -> dict[str, st.SearchStrategy[Any]]:
    """Strategies for the dating inputs that keep a record within the programme's days."""
    start, end = programme.ruleset.effective_from, programme.ruleset.effective_to
    found: dict[str, st.SearchStrategy[Any]] = {}
    for spec in programme.ruleset.inputs:
        if spec.name == "year":
            low = max(int(spec.at_least or start.year), start.year)
            high = int(spec.at_most or 2100) if end is None else end.year - 1
            found["year"] = st.integers(low, high)
        elif spec.name == "as_of":
            found["as_of"] = st.dates(min_value=start, max_value=end or dt.date(2100, 12, 31))
    return found


@st.composite
def loan_figures(draw: st.DrawFn) -> dict[str, Decimal]:
    """The five money inputs of the Decree 45 loan limit, each drawn independently."""
    names = (
        "fund_charter_capital",
        "loan_outstanding",
        "group_loan_outstanding",
        "total_investment",
        "own_equity",
    )
    return {name: draw(VND) for name in names}
