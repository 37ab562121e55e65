"""Hypothesis strategies for your own property tests of coopeval rule sets.

Install the ``testing`` extra (``pip install 'coopeval[testing]'``). Every
strategy is driven by the inputs a rule set declares (type, inclusive bounds
``at_least``/``at_most``, enum values), so it works for any rule set, bundled
or your own. Records are plain dicts, as `coopeval.engine.evaluate` takes them.

Units: money (unit ``VND``) is whole dong, drawn across orders of magnitude
from 0 to 10^11; percentages (unit ``%``) run 0-100 with two decimals, and 30
means 30 %; self-assessed points are halves from 0 to the item's maximum.
Values come typed (`~decimal.Decimal`, `int`, `bool`, `datetime.date`, `str`)
or as text, as a CSV cell would carry them (``form``). Band edges, and the
value just below each, are drawn often: exact edges are where bugs hide.

Example::

    from hypothesis import given

    import coopeval.bundled
    from coopeval.engine import evaluate
    from coopeval.testing import edge_values, records

    RULES = coopeval.bundled.load("tt01-2020")

    @given(records(RULES))
    def test_total_stays_within_100(record):
        result = evaluate(RULES, record)
        assert "ok" == result.status
        assert 0 <= result.total <= 100

    @given(records(RULES), edge_values(RULES))
    def test_an_edge_scores_the_band_starting_there(record, case):
        result = evaluate(RULES, {**record, **case.inputs})
        item = next(i for i in result.items if i.id == case.item)
        assert case.edge == item.band_lower

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from hypothesis import strategies as st

from coopeval.compiler import CompiledRuleSet
from coopeval.errors import UsageError
from coopeval.model import Input, Item, RuleSet, ThresholdAxis

__all__ = [
    "EdgeCase",
    "band_edges",
    "edge_values",
    "points",
    "records",
    "self_scored_records",
    "values",
]

#: ``typed``: Python values; ``text``: strings as in a CSV cell; ``any``: either, per value.
Form = Literal["typed", "text", "any"]

#: Largest power of ten drawn for an input with no upper bound, by unit.
MAGNITUDE = {"VND": 11, "%": 3}
#: ... and for any other unit (counts, mostly).
DEFAULT_MAGNITUDE = 6
#: Spellings of true and false that coopeval reads, English and Vietnamese.
TRUE_TEXT = ("true", "1", "yes", "có")
FALSE_TEXT = ("false", "0", "no", "không")
#: Letters for text inputs; no spaces, so a value is never blank.
_LETTERS = "abcdefghijklmnopqrstuvwxyzđăâêôơưáàảãạéèóòúùíìý0123456789"


class EdgeCase(NamedTuple):
    """Inputs that put one item's measure exactly on one edge of its band table."""

    #: The item, and the band edge its measure equals.
    item: str
    edge: Decimal
    #: Input name -> raw value; merge them into a record.
    inputs: dict[str, Any]


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


def records(
    rules: CompiledRuleSet | RuleSet,
    *,
    complete: bool = True,
    with_self_scores: bool = False,
    ids: st.SearchStrategy[str] | None = None,
    rateable: bool = True,
    kind: str | None = "htx",
    form: Form = "any",
    fields: Mapping[str, st.SearchStrategy[Any]] | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """Valid records for ``rules``: each declared input within its type and bounds.

    Args:
        rules: a compiled rule set (`coopeval.bundled.load`) or its `RuleSet`.
        complete: every input present; otherwise optional inputs are sometimes left out.
        with_self_scores: add ``self_score`` points (halves within 0..max) for some items.
        ids: record ids; ``HTX-`` and eight digits by default.
        rateable: when the rule set declares them, ``founded_on`` falls at least 12
            months before the end of ``year`` and ``months_suspended`` is 0-3, so no
            exclusion applies.
        kind: the ``kind`` every record gets; ``None`` draws any declared kind.
        form: typed values, text as in a CSV cell, or either per value.
        fields: strategies that replace the drawn value of the fields they name.
    """
    ruleset = _ruleset(rules)
    edges = _input_edges(ruleset)
    own = dict(fields or {})
    if kind is not None and _declares(ruleset, "kind"):
        own.setdefault("kind", st.just(kind))
    if rateable and _declares(ruleset, "months_suspended"):
        own.setdefault("months_suspended", _bounded_ints(_spec(ruleset, "months_suspended"), 0, 3))
    drawn = {
        spec.name: own.get(spec.name, values(spec, form=form, edges=edges.get(spec.name, ())))
        for spec in ruleset.inputs
    }
    extra = {name: strategy for name, strategy in own.items() if name not in drawn}
    return _records(
        ruleset,
        drawn,
        extra,
        complete=complete,
        scores=with_self_scores,
        ids=ids or _IDS,
        founding=rateable and "founded_on" not in own,
        form=form,
    )


def self_scored_records(
    rules: CompiledRuleSet | RuleSet,
    *,
    ids: st.SearchStrategy[str] | None = None,
    form: Form = "any",
) -> st.SearchStrategy[dict[str, Any]]:
    """Records with only ``id``, ``year`` (when declared) and ``self_score`` for every item."""
    ruleset = _ruleset(rules)
    years = [values(s, form=form) for s in ruleset.inputs if s.name == "year"]
    scores = st.fixed_dictionaries(
        {item.id: _rendered_points(item, form) for item in ruleset.items}
    )
    return st.builds(
        lambda rid, year, own: {"id": rid, **year, "self_score": own},
        ids or _IDS,
        st.fixed_dictionaries({"year": years[0]}) if years else st.just({}),
        scores,
    )


def band_edges(rules: CompiledRuleSet | RuleSet, item_id: str) -> tuple[Decimal, ...]:
    """The finite edges of ``item_id``'s band table, ascending (both lower and upper edges).

    Raises:
        UsageError: no item has that id.
    """
    items = _ruleset(rules).items
    for item in items:
        if item.id == item_id:
            return _edges(item.bands)
    msg = f"no item {item_id!r} in this rule set; items: {', '.join(i.id for i in items)}"
    raise UsageError(msg)


def edge_values(
    rules: CompiledRuleSet | RuleSet, item_id: str | None = None, *, form: Form = "any"
) -> st.SearchStrategy[EdgeCase]:
    """Inputs that put an item's measure exactly on a band edge.

    Works for the items whose measure is an input, an average of inputs
    (``(a + b) / 2``) or ``pct(part, whole)`` (possibly behind ``x if test else``);
    other items are skipped. ``item_id`` picks one item.

    Raises:
        UsageError: no item (or not ``item_id``) can be put on an edge this way.
    """
    ruleset = _ruleset(rules)
    specs = {spec.name: spec for spec in ruleset.inputs}
    cases = [
        (item.id, edge, solution)
        for item in ruleset.items
        if item_id in (None, item.id)
        for edge in _edges(item.bands)
        for solution in _solve(_parse(item.measure), edge, specs)
    ]
    if not cases:
        msg = f"no band edge of {item_id or 'any item'!r} can be reached by setting inputs"
        raise UsageError(msg)
    return st.sampled_from(cases).flatmap(lambda case: _edge_case(case, specs, form))


# --- records ---------------------------------------------------------------------

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
            for item in ruleset.items
            if draw(st.booleans())
        }
        if draw(st.booleans()):
            record["self_score"] = own
        else:
            record.update({f"self_score.{item}": value for item, value in own.items()})
    return record


def _founded_before(year: Any) -> st.SearchStrategy[dt.date]:
    """Registration dates that leave at least 12 months of operation by the end of ``year``."""
    end = int(Decimal(str(year)))
    return st.dates(dt.date(end - 40, 1, 1), dt.date(end - 1, 12, 31))


def _rendered_points(item: Item, form: Form) -> st.SearchStrategy[Any]:
    texts = st.just(form == "text") if form != "any" else st.booleans()
    return st.tuples(points(item), texts).map(lambda pair: f"{pair[0]:f}" if pair[1] else pair[0])


def _text(draw: st.DrawFn, form: Form) -> bool:
    return form == "text" or (form == "any" and draw(st.booleans()))


# --- values ----------------------------------------------------------------------


def _typed(spec: Input, edges: Sequence[Decimal]) -> st.SearchStrategy[Any]:
    if spec.type in ("decimal", "int"):
        exact = [e for e in edges if _fits(spec, e)]
        general = _numbers(spec)
        return st.one_of(st.sampled_from(exact), general) if exact else general
    if spec.type == "date":
        return st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
    if spec.type == "enum":
        return st.sampled_from(spec.values)
    return st.text(_LETTERS, min_size=1, max_size=20)


def _numbers(spec: Input) -> st.SearchStrategy[Decimal]:
    """Small values near the lower bound, and values across orders of magnitude."""
    places = _places(spec)
    low, high = spec.at_least, spec.at_most
    if low is not None and high is not None:
        return st.decimals(low, high, places=places, allow_nan=False, allow_infinity=False)
    top = MAGNITUDE.get(spec.unit, DEFAULT_MAGNITUDE)
    start = low if low is not None else min(Decimal(0), high - 10 if high is not None else 0)
    end = start + 10 if high is None else min(start + 10, high)
    small = st.decimals(start, end, places=places, allow_nan=False, allow_infinity=False)
    return st.one_of(small, st.integers(0, top).flatmap(lambda e: _up_to(spec, places, e)))


def _up_to(spec: Input, places: int, exponent: int) -> st.SearchStrategy[Decimal]:
    size = Decimal(10) ** exponent
    low = -size if spec.at_least is None else max(spec.at_least, -size)
    high = size if spec.at_most is None else min(spec.at_most, size)
    return st.decimals(low, max(low, high), places=places, allow_nan=False, allow_infinity=False)


def _bounded_ints(spec: Input, low: int, high: int) -> st.SearchStrategy[int]:
    if spec.at_least is not None:
        low = max(low, int(spec.at_least))
    if spec.at_most is not None:
        high = min(high, int(spec.at_most))
    return st.integers(low, high)


def _places(spec: Input) -> int:
    """Decimal places drawn: none for counts and VND, two otherwise (percentages)."""
    return 0 if spec.type == "int" or spec.unit == "VND" else 2


def _fits(spec: Input, value: Decimal) -> bool:
    if spec.type == "int" and value != value.to_integral_value():
        return False
    return (spec.at_least is None or value >= spec.at_least) and (
        spec.at_most is None or value <= spec.at_most
    )


def _render(spec: Input, value: Any, text: bool) -> Any:
    if spec.type == "int":
        return str(int(value)) if text else int(value)
    if spec.type == "decimal":
        return f"{value:f}" if text else value
    if spec.type == "date":
        return value.isoformat() if text else value
    return value


# --- band edges ----------------------------------------------------------------------


def _edges(bands: Sequence[Any]) -> tuple[Decimal, ...]:
    found = {b.lower for b in bands if b.lower is not None}
    found |= {b.upper for b in bands if b.upper is not None}
    return tuple(sorted(found))


def _input_edges(ruleset: RuleSet) -> dict[str, tuple[Decimal, ...]]:
    """Per input: the band edges of measures that are it or an average of it.

    Each edge comes with the value one step below it, at the input's places.
    """
    found: dict[str, set[Decimal]] = {}
    measured: list[tuple[str, Sequence[Any]]] = [(i.measure, i.bands) for i in ruleset.items]
    measured += [
        (axis.measure, axis.bands)
        for axis in ruleset.classifications
        if isinstance(axis, ThresholdAxis)
    ]
    for measure, bands in measured:
        tree = _parse(measure)
        names = [tree.id] if isinstance(tree, ast.Name) else _mean_of(tree)
        for name in names:
            found.setdefault(name, set()).update(_edges(bands))
    specs = {spec.name: spec for spec in ruleset.inputs}
    return {
        name: tuple(sorted(edges | {e - Decimal(1).scaleb(-_places(specs[name])) for e in edges}))
        for name, edges in found.items()
        if name in specs
    }


def _parse(expression: str) -> ast.expr:
    return ast.parse(expression, mode="eval").body


def _mean_of(node: ast.expr) -> list[str]:
    """The names averaged by ``(a + b + ...) / n``, or ``[]`` for any other shape."""
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)):
        return []
    names: list[str] = []
    summed = node.left
    while isinstance(summed, ast.BinOp) and isinstance(summed.op, ast.Add):
        if not isinstance(summed.right, ast.Name):
            return []
        names.append(summed.right.id)
        summed = summed.left
    if not isinstance(summed, ast.Name) or not isinstance(node.right, ast.Constant):
        return []
    names.append(summed.id)
    return names if Decimal(str(node.right.value)) == len(names) else []


def _solve(node: ast.expr, edge: Decimal, specs: Mapping[str, Input]) -> list[dict[str, Decimal]]:
    """Assignments of inputs that make ``node`` equal ``edge`` exactly."""
    if isinstance(node, ast.Name):
        return [{node.id: edge}] if node.id in specs and _fits(specs[node.id], edge) else []
    if isinstance(node, ast.IfExp):
        return [s for s in _solve(node.body, edge, specs) if _holds(node.test, s) is True] + [
            s for s in _solve(node.orelse, edge, specs) if _holds(node.test, s) is False
        ]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "pct":
        return _solve_pct(node.args, edge, specs)
    names = _mean_of(node)
    if names and all(name in specs and _fits(specs[name], edge) for name in names):
        return [dict.fromkeys(names, edge)]
    return []


def _solve_pct(
    args: Sequence[ast.expr], edge: Decimal, specs: Mapping[str, Input]
) -> list[dict[str, Decimal]]:
    """``pct(part, whole) == edge``: a few wholes, each with part = edge * whole / 100."""
    if len(args) != 2 or not all(isinstance(a, ast.Name) and a.id in specs for a in args):
        return []
    part, whole = (a.id for a in args if isinstance(a, ast.Name))
    return [
        {whole: Decimal(w), part: edge * w / 100}
        for w in (100, 200, 1000)
        if _fits(specs[whole], Decimal(w)) and _fits(specs[part], edge * w / 100)
    ]


def _holds(test: ast.expr, assigned: Mapping[str, Decimal]) -> bool | None:
    """``name <op> number`` under ``assigned``; ``None`` when it cannot be told."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    left, right = _number(test.left, assigned), _number(test.comparators[0], assigned)
    if left is None or right is None:
        return None
    compare = {
        ast.Eq: left == right,
        ast.NotEq: left != right,
        ast.Lt: left < right,
        ast.LtE: left <= right,
        ast.Gt: left > right,
        ast.GtE: left >= right,
    }
    return compare.get(type(test.ops[0]))


def _number(node: ast.expr, assigned: Mapping[str, Decimal]) -> Decimal | None:
    if isinstance(node, ast.Name):
        return assigned.get(node.id)
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ):
        return Decimal(str(node.value))
    return None


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


def _ruleset(rules: CompiledRuleSet | RuleSet) -> RuleSet:
    return rules if isinstance(rules, RuleSet) else rules.ruleset


def _declares(ruleset: RuleSet, name: str) -> bool:
    return any(spec.name == name for spec in ruleset.inputs)


def _spec(ruleset: RuleSet, name: str) -> Input:
    return next(spec for spec in ruleset.inputs if spec.name == name)
