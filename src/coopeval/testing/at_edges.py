"""Records at the edges: every band of every item, both sides of every comparison.

`edge_records` is a strategy (each record puts every item, or every condition's
comparison, on one side of one of its edges, chosen per rule); `edge_table` is a
finite list that reaches every one of them, for ``pytest.mark.parametrize`` or
``@example``; `at_every_edge` decorates a test with both, so a moved edge is
found every run, not by chance. All come from the checked expression trees
(`coopeval.testing.placing`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from hypothesis import example, given
from hypothesis import strategies as st

from coopeval.engine import CompiledRuleSet
from coopeval.errors import UsageError
from coopeval.messages import said
from coopeval.ruleset import Input, RuleSet
from coopeval.testing.edges import _compiled
from coopeval.testing.placing import Aim, aims, place
from coopeval.testing.strategies import (
    Default,
    bounded,
    period_in_force,
    records,
    years_in_force,
)

__all__ = ["at_every_edge", "edge_records", "edge_table"]

T = TypeVar("T", bound=Callable[..., Any])


def at_every_edge(*rules: CompiledRuleSet[Any] | RuleSet) -> Callable[[T], T]:
    """Run a test of one ``record`` on every row of each rule set's `edge_table`, then more.

    The rows come first, as Hypothesis's explicit examples: every band edge and
    every comparison of every rule set given is tried on every run, so an edge
    that moved between two versions is always found (drawn records alone find
    it only most of the time). Then `edge_records` of each draws more.

    Example::

        APPROVED = coopeval.load("tt01-2020")
        CURRENT = coopeval.load(os.environ.get("GUARD_RULES", "tt01-2020"))

        @at_every_edge(APPROVED, CURRENT)
        def test_no_result_moves(record):
            same_results(APPROVED, CURRENT, record)
    """

    def decorate(test: T) -> T:
        wrapped = given(record=st.one_of(*(edge_records(r) for r in rules)))(test)
        for row in reversed([row for r in rules for row in edge_table(r)]):
            wrapped = example(record=row)(wrapped)
        return wrapped  # type: ignore[return-value]  # the test, decorated

    return decorate


def edge_records(
    rules: CompiledRuleSet[Any] | RuleSet,
    *,
    kind: str | Default | None = Default.KIND,
    ids: st.SearchStrategy[str] | None = None,
    fields: Mapping[str, st.SearchStrategy[Any]] | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """Complete, typed records with every rule on one side of one of its edges.

    A scorecard's items each get a measure exactly on one band edge, or the
    nearest value in the band just below it; a programme's comparisons
    (``members > members_prev``, ``borrower_age >= 18``) each get their two sides
    equal, or one just below or just above the other. Which one is drawn per rule,
    so a few dozen records reach every band and every side; the other inputs
    are drawn as `records` draws them. Where two rules read one input, the later
    one's aim wins.

    Raises:
        UsageError: no edge of any rule can be reached by setting inputs.

    Example::

        RULES = coopeval.load("tt01-2020")

        @given(edge_records(RULES))
        def test_an_edge_record_is_rated(record):
            assert "ok" == coopeval.evaluate(RULES, record).status
    """
    compiled = _compiled(rules)
    found = _aims(compiled)
    specs = {spec.name: spec for spec in compiled.ruleset.inputs}
    base = records(compiled, complete=True, form="typed", kind=kind, ids=ids, fields=fields)
    chosen = st.fixed_dictionaries({rule: st.sampled_from(made) for rule, made in found.items()})
    return st.builds(lambda r, c: place(specs, r, list(c.values())), base, chosen)


def edge_table(rules: CompiledRuleSet[Any] | RuleSet) -> tuple[dict[str, Any], ...]:
    """Records that together reach every aim of `edge_records`, from one plain record.

    Record ``k`` puts every rule on its ``k``-th aim (its aims in the rule file's
    order, edges ascending: on the edge, then just below); a rule with fewer aims
    starts again from its first. The plain record has every input at its lower
    bound (0 when it has none), false, its first value (``htx`` for a scorecard's
    ``kind``), the first year in force, and a ``founded_on`` five years before.

    Raises:
        UsageError: no edge of any rule can be reached by setting inputs.
    """
    compiled = _compiled(rules)
    found = _aims(compiled)
    specs = {spec.name: spec for spec in compiled.ruleset.inputs}
    base = _plain(compiled.ruleset)
    rows = max(len(made) for made in found.values())
    return tuple(
        place(specs, {**base, "id": f"EDGE-{k + 1:04d}"}, [m[k % len(m)] for m in found.values()])
        for k in range(rows)
    )


def _aims(compiled: CompiledRuleSet[Any]) -> dict[str, tuple[Aim, ...]]:
    found = aims(compiled)
    if not found:
        raise UsageError(said("api.no_aim", rules=compiled.ruleset.id))
    return found


def _plain(ruleset: RuleSet) -> dict[str, Any]:
    """One valid record, the same every time: each input at its simplest value."""
    start, _ = period_in_force(ruleset)
    year, _ = years_in_force(ruleset)
    record: dict[str, Any] = {spec.name: _simplest(spec, ruleset) for spec in ruleset.inputs}
    if "year" in record:
        record["year"] = bounded(_spec(ruleset, "year"), year, year)[0]
    if isinstance(record.get("as_of"), dt.date):
        record["as_of"] = start
    if isinstance(record.get("founded_on"), dt.date):
        record["founded_on"] = dt.date(int(record.get("year", start.year)) - 5, 1, 1)
    return record


def _simplest(spec: Input, ruleset: RuleSet) -> Any:
    if spec.type in ("int", "decimal"):
        low = spec.at_least if spec.at_least is not None else Decimal(0)
        value = low if spec.at_most is None else min(low, spec.at_most)
        return int(value) if spec.type == "int" else value
    if spec.type == "bool":
        return False
    if spec.type == "enum":
        scorecard = spec.name == "kind" and ruleset.kind == "scorecard"
        return "htx" if scorecard and "htx" in spec.values else spec.values[0]
    if spec.type == "date":
        return period_in_force(ruleset)[0]
    return "x"


def _spec(ruleset: RuleSet, name: str) -> Input:
    return next(spec for spec in ruleset.inputs if spec.name == name)
