"""Ready-made properties of one result: call them inside your own ``@given`` tests.

Each takes the rule set and a record (evaluated here) or a result you made
yourself, checks one thing that must hold for every record, and raises
`AssertionError` whose message (a `coopeval.messages.Message`, English, with
``.text("vi")``) names the record, the rule and the values. The expected values
are worked out here from the rule set's own tables (bands, maxima, ratings) and
from three-valued logic, independently of the engine's code:

- `bounded_total`: 0 ≤ every item ≤ its maximum; groups, criteria and the total
  within theirs;
- `additive`: the total is the sum of the items' points, each group the sum of its items';
- `rating_consistent`: the rating is the rating band of the total (and of the total
  with every point at stake, when evidence is missing), unless an override or an
  exclusion (named in the result) says otherwise;
- `conditions_consistent`: a leaf condition is ``missing`` exactly when it names
  missing inputs; a determinate leaf stays so whatever the missing inputs would
  be; ``all_of``/``any_of``/``none_of``/``at_least`` combine as Kleene logic; the
  outcome follows the root.

`monotone_items` (per-item monotone) and `agree_except_diff` (two versions)
live in their own modules.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, NoReturn

from coopeval.engine import CompiledRuleSet, evaluate
from coopeval.engine.results import Evaluation, Outcome, ProgrammeResult
from coopeval.messages import Message, said
from coopeval.ruleset import Input, RuleSet
from coopeval.ruleset.check import CheckedProgramme, children_of
from coopeval.ruleset.programme import Condition
from coopeval.testing.edges import _compiled

__all__ = [
    "Record",
    "additive",
    "bounded_total",
    "conditions_consistent",
    "kleene",
    "rating_band",
    "rating_consistent",
    "result_of",
]

#: A record to evaluate, or a result already made (by the engine, or by hand).
Record = Mapping[str, Any] | Evaluation | ProgrammeResult

_ZERO = Decimal(0)
#: Kleene's order: false < unknown < true.
_RANK: Mapping[Outcome, int] = {"not_met": 0, "missing": 1, "met": 2}
_BY_RANK: tuple[Outcome, ...] = ("not_met", "missing", "met")
#: Input types a missing value is filled in with, to check a determinate leaf.
_FILLED = ("bool", "enum", "int", "decimal")
_PROGRAMME = {"met": "eligible", "not_met": "not_eligible", "missing": "undetermined"}


def bounded_total(rules: CompiledRuleSet[Any] | RuleSet, record: Record) -> None:
    """Every item within 0..its maximum; groups, criteria and the total within theirs.

    Raises:
        AssertionError: a figure outside its bounds, named with its record.
    """
    __tracebackhide__ = True  # pytest shows the user's test, not this helper
    result = _scored(rules, record)
    ruleset = _ruleset_of(rules)
    sc = ruleset.scorecard
    rid = _rid(result)
    for item in result.items:
        if _outside(item.points, item.max):
            _fail(
                said(
                    "testing.item_bounds",
                    record=rid,
                    rule=item.id,
                    points=item.points,
                    max=item.max,
                )
            )
    for group in result.groups:
        top = next(g.max for g in sc.groups if g.id == group.id)
        if _outside(group.points, top):
            _fail(
                said(
                    "testing.group_bounds", record=rid, rule=group.id, points=group.points, max=top
                )
            )
    for criterion in sc.criteria:
        summed = _sum(i.points for i in result.items if _criterion(sc, i.id) == criterion.id)
        if _outside(summed, criterion.max):
            top = criterion.max
            _fail(
                said(
                    "testing.criterion_bounds",
                    record=rid,
                    rule=criterion.id,
                    points=summed,
                    max=top,
                )
            )
    top = ruleset.header.total
    if _outside(result.total, top):
        _fail(
            said("testing.total_bounds", record=rid, rule=ruleset.id, points=result.total, max=top)
        )


def additive(rules: CompiledRuleSet[Any] | RuleSet, record: Record) -> None:
    """The total is the sum of the items' points; each group's, the sum of its items'.

    Raises:
        AssertionError: a total or a group that is not its items' sum.
    """
    __tracebackhide__ = True  # pytest shows the user's test, not this helper
    result = _scored(rules, record)
    rid = _rid(result)
    for group in result.groups:
        summed = _sum(i.points for i in result.items if i.group == group.id)
        if group.points != summed:
            _fail(
                said(
                    "testing.group_sum", record=rid, group=group.id, points=group.points, sum=summed
                )
            )
    summed = _sum(i.points for i in result.items)
    if result.total is not None and result.total != summed:
        _fail(said("testing.total_sum", record=rid, total=result.total, sum=summed))


def rating_consistent(rules: CompiledRuleSet[Any] | RuleSet, record: Record) -> None:
    """The rating is the band of the total, or an override or an exclusion says why.

    With evidence missing, a rating is given only when the total and the total
    with every point at stake fall in the same band.

    Raises:
        AssertionError: a rating that the total, the override or the exclusion does not explain.
    """
    __tracebackhide__ = True  # pytest shows the user's test, not this helper
    result = _scored(rules, record)
    sc = _ruleset_of(rules).scorecard
    rid = _rid(result)
    if result.not_rated_reason is not None:
        if result.not_rated_reason not in {e.id for e in sc.exclusions}:
            _fail(said("testing.unknown_reason", record=rid, rule=result.not_rated_reason))
        if result.rating not in (None, "not_rated"):
            _fail(
                said(
                    "testing.excluded_rated",
                    record=rid,
                    rule=result.not_rated_reason,
                    rating=result.rating,
                )
            )
        return
    if result.override is not None:
        forced = next((o.rating for o in sc.overrides if o.id == result.override), None)
        if forced is None:
            _fail(said("testing.unknown_reason", record=rid, rule=result.override))
        if result.rating != forced:
            _fail(
                said(
                    "testing.override_rating",
                    record=rid,
                    rule=result.override,
                    expected=forced,
                    rating=result.rating,
                )
            )
        return
    if result.total is None:
        return
    low = rating_band(_ruleset_of(rules), result.total)
    high = rating_band(_ruleset_of(rules), result.total + result.points_at_stake)
    expected = low if low == high else None
    if result.rating != expected:
        _fail(
            said(
                "testing.rating_band",
                record=rid,
                rating=str(result.rating),
                total=result.total,
                at_stake=result.points_at_stake,
                expected=str(expected),
            )
        )


def conditions_consistent(rules: CompiledRuleSet[Any] | RuleSet, record: Record) -> None:
    """Three-valued conditions: leaves missing exactly when inputs lack, Kleene above them.

    Given a record (not a result), each determinate leaf that read an absent
    input, not tested with ``has()``, is judged again with that input filled in
    twice (its lowest and its highest kind of value): its outcome must not move.

    Raises:
        AssertionError: a leaf, a combination or the outcome that breaks three-valued logic.
    """
    __tracebackhide__ = True  # pytest shows the user's test, not this helper
    compiled = _compiled(rules)
    result = result_of(compiled, record)
    if not isinstance(result, ProgrammeResult):
        _fail(
            said(
                "api.wrong_body", rules=compiled.ruleset.id, kind="scorecard", wanted="eligibility"
            )
        )
    rid = _rid(result)
    programme = compiled.ruleset.programme
    outcomes = {c.id: c for c in result.conditions}
    # Leaves first: a wrong leaf is the cause, the combinations above it only show it.
    for condition in programme.conditions:
        found = outcomes[condition.id]
        if condition.when is not None:
            _leaf(rid, found.id, found.outcome, found.missing, found.values)
    for condition in programme.conditions:
        found = outcomes[condition.id]
        if condition.when is not None:
            continue
        expected = kleene(condition, [outcomes[c].outcome for c in children_of(condition)])
        if found.outcome != expected:
            kids = ", ".join(f"{c}={outcomes[c].outcome}" for c in children_of(condition))
            _fail(
                said(
                    "testing.kleene",
                    record=rid,
                    condition=condition.id,
                    outcome=found.outcome,
                    children=kids,
                    expected=expected,
                )
            )
    if programme.root is not None:
        wanted = _PROGRAMME[outcomes[programme.root].outcome]
        if result.outcome != wanted:
            _fail(
                said(
                    "testing.outcome_root",
                    record=rid,
                    outcome=str(result.outcome),
                    root=programme.root,
                    expected=expected,
                )
            )
    if isinstance(record, Mapping):
        _filled(compiled, record, result)


def kleene(condition: Condition, outcomes: Sequence[Outcome]) -> Outcome:
    """What a composite is, in Kleene's logic, from its children's outcomes.

    ``at_least k`` is the ``k``-th best of the children in the order
    not met < missing < met; ``all_of`` and ``any_of`` are its two ends
    (the worst and the best child); ``none_of`` is ``any_of`` negated.
    """
    ranks = sorted((_RANK[o] for o in outcomes), reverse=True)
    if condition.none_of:
        best = ranks[0] if ranks else 0
        return _BY_RANK[2 - best]
    need = len(ranks) if condition.all_of else 1 if condition.any_of else condition.at_least or 0
    if need <= 0:
        return "met"
    return _BY_RANK[ranks[need - 1]] if need <= len(ranks) else "not_met"


def rating_band(ruleset: RuleSet, total: Decimal) -> str | None:
    """The id of the rating band ``[lower, upper)`` holding ``total``, or ``None``."""
    for band in ruleset.scorecard.ratings.bands:
        if (band.lower is None or total >= band.lower) and (
            band.upper is None or total < band.upper
        ):
            return band.id
    return None


def result_of(
    rules: CompiledRuleSet[Any] | RuleSet, record: Record
) -> Evaluation | ProgrammeResult:
    """``record`` evaluated under ``rules``, or the result itself when it is one."""
    if isinstance(record, Evaluation | ProgrammeResult):
        return record
    result: Evaluation | ProgrammeResult = evaluate(_compiled(rules), record)
    return result


# --- helpers -------------------------------------------------------------------


def _scored(rules: CompiledRuleSet[Any] | RuleSet, record: Record) -> Evaluation:
    result = result_of(rules, record)
    if not isinstance(result, Evaluation):
        ruleset = _ruleset_of(rules)
        _fail(said("api.wrong_body", rules=ruleset.id, kind="eligibility", wanted="scorecard"))
    return result


def _ruleset_of(rules: CompiledRuleSet[Any] | RuleSet) -> RuleSet:
    return rules if isinstance(rules, RuleSet) else rules.ruleset


def _criterion(sc: Any, item: str) -> str | None:
    return next((i.criterion for i in sc.items if i.id == item), None)


def _rid(result: Evaluation | ProgrammeResult) -> str:
    return result.id or "(no id)"


def _sum(points: Iterator[Decimal | None] | Sequence[Decimal | None]) -> Decimal:
    return sum((p for p in points if p is not None), _ZERO)


def _outside(points: Decimal | None, top: Decimal) -> bool:
    return points is not None and not _ZERO <= points <= top


def _leaf(
    rid: str, cid: str, outcome: Outcome, missing: Sequence[str], values: Sequence[tuple[str, Any]]
) -> None:
    """Missing exactly when it names missing inputs, and only inputs it read as absent."""
    __tracebackhide__ = True
    absent = {name for name, value in values if value is None}
    if (outcome == "missing") != bool(missing) or not set(missing) <= absent:
        named = ", ".join(missing) or "-"
        _fail(
            said("testing.leaf_missing", record=rid, condition=cid, outcome=outcome, inputs=named)
        )


def _filled(
    compiled: CompiledRuleSet[Any], record: Mapping[str, Any], result: ProgrammeResult
) -> None:
    """Determinate leaves that read absent inputs keep their outcome when those are filled."""
    __tracebackhide__ = True
    body = compiled.checked.body
    if not isinstance(body, CheckedProgramme):
        return
    specs = {spec.name: spec for spec in compiled.ruleset.inputs}
    watched: dict[str, tuple[Outcome, list[str]]] = {}
    for found in result.conditions:
        leaf = body.leaves.get(found.id)
        absent = [n for n, v in found.values if v is None]
        if leaf is None or found.outcome == "missing" or not absent:
            continue
        if not all(n in specs and specs[n].type in _FILLED for n in absent):
            continue  # a parameter, an amount, a date: nothing to fill it with here
        if set(absent) & set(leaf.guarded):
            continue  # has() chooses the branch: filling the input may rightly move it
        watched[found.id] = (found.outcome, absent)
    names = sorted({n for _, absent in watched.values() for n in absent})
    for end in (0, 1):
        filled = {**record, **{n: _extreme(specs[n], end) for n in names}}
        again = {c.id: c.outcome for c in evaluate(compiled, filled).conditions}
        for cid, (outcome, absent) in watched.items():
            if again[cid] != outcome:
                _fail(
                    said(
                        "testing.leaf_filled",
                        record=_rid(result),
                        condition=cid,
                        outcome=outcome,
                        inputs=", ".join(absent),
                        filled=again[cid],
                    )
                )


def _extreme(spec: Input, end: int) -> Any:
    """A valid value of the input: its lowest kind (``end`` 0) or its highest (1)."""
    if spec.type == "bool":
        return bool(end)
    if spec.type in ("int", "decimal"):
        low = spec.at_least if spec.at_least is not None else Decimal(-(10**6))
        high = spec.at_most if spec.at_most is not None else Decimal(10**12)
        return int(high if end else low) if spec.type == "int" else (high if end else low)
    return spec.values[-end]


def _fail(message: Message) -> NoReturn:
    __tracebackhide__ = True
    raise AssertionError(message)
