"""Hypothesis strategies of records for your own property tests of coopeval rule sets.

Install the ``testing`` extra (``pip install 'coopeval[testing]'``). Every
strategy is driven by the inputs a rule set declares (type, inclusive bounds
``at_least``/``at_most``, enum values), so it works for any rule set, bundled
or your own. Records are plain dicts, as `coopeval.evaluate` takes them.

Units: money (unit ``VND``) is whole dong, drawn across orders of magnitude
from 0 to 10^11; percentages (unit ``%``) run 0-100 with two decimals, and 30
means 30 %; self-assessed points are halves from 0 to the item's maximum.
Values come typed (`~decimal.Decimal`, `int`, `bool`, `datetime.date`, `str`)
or as text, as a CSV cell would carry them (``form``). Band edges, and the
value just below each, are drawn often: exact edges are where bugs hide
(`edges` finds them from the checked expressions, never from rule text).

Works for both kinds of rule set: a scorecard's records, and a programme's
(partial by default, since its conditions are three-valued). The package
docstring of `coopeval.testing` has examples.

.. versionadded:: 0.1.0
.. versionadded:: 0.2.0 programme records; ``in_force``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from coopeval.engine import CompiledRuleSet
from coopeval.ruleset import Input, RuleSet
from coopeval.ruleset.scorecard import Item
from coopeval.testing.edges import (
    EdgeCase,
    Form,
    band_edges,
    edge_solutions,
    fits,
    input_edges,
    places,
)

__all__ = [
    "EdgeCase",
    "band_edges",
    "edge_values",
    "points",
    "records",
    "self_scored_records",
    "values",
]

#: Largest power of ten drawn for an input with no upper bound, by unit.
MAGNITUDE = {"VND": 11, "%": 3}
#: ... and for any other unit (counts, mostly).
DEFAULT_MAGNITUDE = 6
#: Spellings of true and false that coopeval reads, English and Vietnamese.
TRUE_TEXT = ("true", "1", "yes", "có")
FALSE_TEXT = ("false", "0", "no", "không")
#: Letters for text inputs; no spaces, so a value is never blank.
_LETTERS = "abcdefghijklmnopqrstuvwxyzđăâêôơưáàảãạéèóòúùíìý0123456789"


def values(
    spec: Input, *, form: Form = "any", edges: Sequence[Decimal] = ()
) -> st.SearchStrategy[Any]:
    """Valid raw values for one declared input.

    Args:
        spec: the input, from ``rules.ruleset.inputs``.
        form: typed values, text as in a CSV cell, or either.
        edges: values to draw often (band edges); those outside the bounds are dropped.
    """
    if spec.type == "bool":
        spelt = st.sampled_from(TRUE_TEXT + FALSE_TEXT)
        return {"typed": st.booleans(), "text": spelt, "any": st.one_of(st.booleans(), spelt)}[form]
    typed = _typed(spec, edges)
    if form == "any":
        return st.tuples(typed, st.booleans()).map(lambda pair: _render(spec, *pair))
    return typed.map(lambda value: _render(spec, value, form == "text"))


def points(item: Item) -> st.SearchStrategy[Decimal]:
    """Valid self-assessed points for ``item``: halves from 0 to its maximum."""
    return st.integers(0, int(item.max * 2)).map(lambda halves: Decimal(halves) / 2)


class Default(enum.Enum):
    """The default of an argument whose meaning depends on the kind of rule set."""

    KIND = "kind"


def records(
    rules: CompiledRuleSet[Any] | RuleSet,
    *,
    complete: bool | None = None,
    with_self_scores: bool = False,
    ids: st.SearchStrategy[str] | None = None,
    rateable: bool = True,
    kind: str | Default | None = Default.KIND,
    form: Form = "any",
    fields: Mapping[str, st.SearchStrategy[Any]] | None = None,
    in_force: bool = True,
) -> st.SearchStrategy[dict[str, Any]]:
    """Valid records for ``rules``, a scorecard or a programme: each declared input
    within its type and bounds.

    Args:
        rules: a compiled rule set (`coopeval.load`) or its `RuleSet`.
        complete: every input present; otherwise optional inputs are sometimes left
            out (the record's evidence is missing). By default complete for a
            scorecard, partial for a programme, whose conditions are three-valued.
        with_self_scores: add ``self_score`` points (halves within 0..max) for some items.
        ids: record ids; ``HTX-`` and eight digits by default.
        rateable: (scorecards) when the rule set declares them, ``founded_on`` falls at
            least 12 months before the end of ``year`` and ``months_suspended`` is
            0-3, so no exclusion applies.
        kind: the ``kind`` every record gets; ``None`` draws any declared kind. By
            default ``htx`` for a scorecard (Circular 01/2020 scores cooperatives)
            and any declared kind for a programme.
        form: typed values, text as in a CSV cell, or either per value.
        fields: strategies that replace the drawn value of the fields they name.
        in_force: ``year`` and ``as_of`` fall within the period the rule set is in
            force (whole years only), as its header or document says.

    Example::

        LAW = coopeval.load("luat-htx-2023-d18")

        @given(records(LAW))
        def test_a_missing_input_never_makes_a_record_eligible_by_itself(record):
            result = coopeval.evaluate(LAW, record)
            assert result.outcome != "eligible" or not result.missing
    """
    ruleset = _ruleset(rules)
    scorecard = ruleset.kind == "scorecard"
    edges = input_edges(rules)
    own = dict(fields or {})
    kind = ("htx" if scorecard else None) if isinstance(kind, Default) else kind
    if kind is not None and _declares(ruleset, "kind"):
        own.setdefault("kind", st.just(kind))
    rateable = rateable and scorecard
    if rateable and _declares(ruleset, "months_suspended"):
        own.setdefault("months_suspended", _bounded_ints(_spec(ruleset, "months_suspended"), 0, 3))
    if in_force:
        own = {**_dated(ruleset, form), **own}
    drawn = {
        spec.name: own.get(spec.name, values(spec, form=form, edges=edges.get(spec.name, ())))
        for spec in ruleset.inputs
    }
    extra = {name: strategy for name, strategy in own.items() if name not in drawn}
    return _records(
        ruleset,
        drawn,
        extra,
        complete=scorecard if complete is None else complete,
        scores=with_self_scores,
        ids=ids or _IDS,
        founding=rateable and "founded_on" not in own,
        form=form,
    )


def self_scored_records(
    rules: CompiledRuleSet[Any] | RuleSet,
    *,
    ids: st.SearchStrategy[str] | None = None,
    form: Form = "any",
) -> st.SearchStrategy[dict[str, Any]]:
    """Records with only ``id``, ``year`` (when declared) and ``self_score`` for every item."""
    ruleset = _ruleset(rules)
    years = [values(s, form=form) for s in ruleset.inputs if s.name == "year"]
    scores = st.fixed_dictionaries(
        {item.id: _rendered_points(item, form) for item in ruleset.scorecard.items}
    )
    return st.builds(
        lambda rid, year, own: {"id": rid, **year, "self_score": own},
        ids or _IDS,
        st.fixed_dictionaries({"year": years[0]}) if years else st.just({}),
        scores,
    )


def edge_values(
    rules: CompiledRuleSet[Any] | RuleSet, item_id: str | None = None, *, form: Form = "any"
) -> st.SearchStrategy[EdgeCase]:
    """Inputs that put an item's measure exactly on a band edge.

    Works for the items whose measure is an input, an average of inputs
    (``(a + b) / 2``) or ``pct(part, whole)`` (possibly behind ``x if test else``);
    other items are skipped. ``item_id`` picks one item.

    Raises:
        UsageError: no item (or not ``item_id``) can be put on an edge this way.
    """
    specs = {spec.name: spec for spec in _ruleset(rules).inputs}
    cases = edge_solutions(rules, item_id)
    return st.sampled_from(cases).flatmap(lambda case: _edge_case(case, specs, form))


# --- records ---------------------------------------------------------------------

#: The last day drawn for a rule set still in force.
_LAST_DAY = dt.date(2100, 12, 31)
_IDS = st.integers(1, 99_999_999).map(lambda n: f"HTX-{n:08d}")


@st.composite
def _records(
    draw: st.DrawFn,
    ruleset: RuleSet,
    drawn: Mapping[str, st.SearchStrategy[Any]],
    extra: Mapping[str, st.SearchStrategy[Any]],
    *,
    complete: bool,
    scores: bool,
    ids: st.SearchStrategy[str],
    founding: bool,
    form: Form,
) -> dict[str, Any]:
    record: dict[str, Any] = {"id": draw(ids)}
    for spec in ruleset.inputs:
        if complete or spec.required or draw(st.booleans()):
            record[spec.name] = draw(drawn[spec.name])
    record.update({name: draw(strategy) for name, strategy in extra.items()})
    if founding and "founded_on" in record and "year" in record:
        spec = _spec(ruleset, "founded_on")
        record["founded_on"] = _render(
            spec, draw(_founded_before(record["year"])), _text(draw, form)
        )
    if scores:
        own = {
            item.id: draw(_rendered_points(item, form))
            for item in ruleset.scorecard.items
            if draw(st.booleans())
        }
        if draw(st.booleans()):
            record["self_score"] = own
        else:
            record.update({f"self_score.{item}": value for item, value in own.items()})
    return record


def _dated(ruleset: RuleSet, form: Form) -> dict[str, st.SearchStrategy[Any]]:
    """``year`` and ``as_of`` within the rule set's period in force, when it declares them."""
    start, end = period_in_force(ruleset)
    found: dict[str, st.SearchStrategy[Any]] = {}
    if _declares(ruleset, "year"):
        spec = _spec(ruleset, "year")
        years = _bounded_ints(spec, *years_in_force(ruleset))
        found["year"] = st.tuples(years, _texts(form)).map(lambda p: _render(spec, *p))
    if _declares(ruleset, "as_of") and _spec(ruleset, "as_of").type == "date":
        spec = _spec(ruleset, "as_of")
        days = st.dates(start, end)
        found["as_of"] = st.tuples(days, _texts(form)).map(lambda p: _render(spec, *p))
    return found


def period_in_force(ruleset: RuleSet) -> tuple[dt.date, dt.date]:
    """The first and last day the rule set is in force (2100-12-31 while it still is)."""
    end = ruleset.header.effective_to or ruleset.document.effective_to or _LAST_DAY
    return ruleset.effective_from, end


def years_in_force(ruleset: RuleSet) -> tuple[int, int]:
    """The first and last whole years the rule set is in force."""
    start, end = period_in_force(ruleset)
    first = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    return first, end.year if (end.month, end.day) == (12, 31) else end.year - 1


def _texts(form: Form) -> st.SearchStrategy[bool]:
    return st.just(form == "text") if form != "any" else st.booleans()


def _founded_before(year: Any) -> st.SearchStrategy[dt.date]:
    """Registration dates that leave at least 12 months of operation by the end of ``year``."""
    end = int(Decimal(str(year)))
    return st.dates(dt.date(end - 40, 1, 1), dt.date(end - 1, 12, 31))


def _rendered_points(item: Item, form: Form) -> st.SearchStrategy[Any]:
    return st.tuples(points(item), _texts(form)).map(
        lambda pair: f"{pair[0]:f}" if pair[1] else pair[0]
    )


def _text(draw: st.DrawFn, form: Form) -> bool:
    return form == "text" or (form == "any" and draw(st.booleans()))


# --- values ----------------------------------------------------------------------


def _typed(spec: Input, edges: Sequence[Decimal]) -> st.SearchStrategy[Any]:
    if spec.type in ("decimal", "int"):
        exact = [e for e in edges if fits(spec, e)]
        general = _numbers(spec)
        return st.one_of(st.sampled_from(exact), general) if exact else general
    if spec.type == "date":
        return st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
    if spec.type == "enum":
        return st.sampled_from(spec.values)
    return st.text(_LETTERS, min_size=1, max_size=20)


def _numbers(spec: Input) -> st.SearchStrategy[Decimal]:
    """Small values near the lower bound, and values across orders of magnitude."""
    digits = places(spec)
    low, high = spec.at_least, spec.at_most
    if low is not None and high is not None:
        return st.decimals(low, high, places=digits, allow_nan=False, allow_infinity=False)
    top = MAGNITUDE.get(spec.unit, DEFAULT_MAGNITUDE)
    start = low if low is not None else min(Decimal(0), high - 10 if high is not None else 0)
    end = start + 10 if high is None else min(start + 10, high)
    small = st.decimals(start, end, places=digits, allow_nan=False, allow_infinity=False)
    return st.one_of(small, st.integers(0, top).flatmap(lambda e: _up_to(spec, digits, e)))


def _up_to(spec: Input, digits: int, exponent: int) -> st.SearchStrategy[Decimal]:
    size = Decimal(10) ** exponent
    low = -size if spec.at_least is None else max(spec.at_least, -size)
    high = size if spec.at_most is None else min(spec.at_most, size)
    return st.decimals(low, max(low, high), places=digits, allow_nan=False, allow_infinity=False)


def _bounded_ints(spec: Input, low: int, high: int) -> st.SearchStrategy[int]:
    low, high = bounded(spec, low, high)
    return st.integers(low, high)


def bounded(spec: Input, low: int, high: int) -> tuple[int, int]:
    """``low`` and ``high`` moved within the input's bounds."""
    if spec.at_least is not None:
        low = max(low, int(spec.at_least))
    if spec.at_most is not None:
        high = min(high, int(spec.at_most))
    return low, high


def _render(spec: Input, value: Any, text: bool) -> Any:
    if spec.type == "int":
        return str(int(value)) if text else int(value)
    if spec.type == "decimal":
        return f"{value:f}" if text else value
    if spec.type == "date":
        return value.isoformat() if text else value
    return value


# --- band edges ---------------------------------------------------------------


def _edge_case(
    case: tuple[str, Decimal, dict[str, Decimal]], specs: Mapping[str, Input], form: Form
) -> st.SearchStrategy[EdgeCase]:
    item, edge, solution = case
    texts = st.fixed_dictionaries(
        {name: st.just(form == "text") if form != "any" else st.booleans() for name in solution}
    )
    return texts.map(
        lambda text: EdgeCase(
            item, edge, {n: _render(specs[n], v, text[n]) for n, v in solution.items()}
        )
    )


# --- rule sets ---------------------------------------------------------------------


def _ruleset(rules: CompiledRuleSet[Any] | RuleSet) -> RuleSet:
    return rules if isinstance(rules, RuleSet) else rules.ruleset


def _declares(ruleset: RuleSet, name: str) -> bool:
    return any(spec.name == name for spec in ruleset.inputs)


def _spec(ruleset: RuleSet, name: str) -> Input:
    return next(spec for spec in ruleset.inputs if spec.name == name)
