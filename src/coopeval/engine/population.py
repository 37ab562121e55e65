"""Set rules: quotas, target shares and rankings, judged over a set of records.

Decision 167 allows at most 5 pilots per province and wants every pilot rated
tốt; Resolution 106 wants 60 % of agricultural cooperatives rated tốt or khá;
art. 18 khoản 3 of the 2023 law ranks eligible candidates. Each is judged on
the results of one programme over a batch, with the same three outcomes as a
condition: met, not met, or missing when absent evidence could change it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from coopeval.engine.compile import CompiledRuleSet
from coopeval.engine.programme import CompiledProgramme, CompiledSetRule
from coopeval.engine.results import Outcome, ProgrammeResult
from coopeval.expr import MissingInput, MissingValue
from coopeval.ruleset.programme import SetRule

__all__ = ["GroupOutcome", "RankEntry", "SetRuleResult", "evaluate_set_rules"]

HUNDRED = Decimal(100)


@attrs.frozen
class GroupOutcome:
    """A quota or share judged for one group (a province), or for all records."""

    group: str | None
    outcome: Outcome
    #: Quota: records counted. Share: records in the numerator.
    count: int
    #: Share: records in the denominator (``among``); quota: the same as count.
    total: int
    share: Decimal | None
    limit: Decimal
    records: tuple[str, ...]
    #: Records whose part in the count could not be decided for lack of inputs.
    undecided: tuple[str, ...] = ()


@attrs.frozen
class RankEntry:
    """One ranked record: its rank (ties share one), key values and missing keys."""

    rank: int | None
    id: str
    keys: tuple[Any, ...]
    missing: tuple[str, ...] = ()


@attrs.frozen
class SetRuleResult:
    """The result of one set rule over a batch."""

    id: str
    programme: str
    kind: str
    citation: str
    status: str
    groups: tuple[GroupOutcome, ...] = ()
    ranking: tuple[RankEntry, ...] = ()


def evaluate_set_rules(
    rules: CompiledRuleSet[CompiledProgramme], results: Sequence[ProgrammeResult]
) -> tuple[SetRuleResult, ...]:
    """Judge every set rule of the programme ``rules`` over the results of one batch."""
    found = []
    members = [_Member(r, _values(rules.names, r)) for r in results]
    for compiled, rule in zip(rules.body.set_rules, rules.ruleset.programme.set_rules, strict=True):
        base = SetRuleResult(rule.id, rules.id, rule.kind, rule.citation, rule.status)
        if rule.kind == "ranking":
            found.append(attrs.evolve(base, ranking=_rank(compiled, rule, members)))
        else:
            groups = _groups(rules, rule, members)
            judged = tuple(_judge(compiled, rule, key, group) for key, group in groups.items())
            found.append(attrs.evolve(base, groups=judged))
    return tuple(found)


@attrs.frozen
class _Member:
    """A result in the batch, with its values as expressions read them."""

    result: ProgrammeResult
    #: Empty for a row that could not be read: it takes part in no count.
    values: tuple[Any, ...]


def _values(names: Sequence[str], result: ProgrammeResult) -> tuple[Any, ...]:
    """The result's values with absent ones as `MissingValue` again."""
    if not result.values:
        return ()
    return tuple(
        MissingValue(n) if v is None else v for n, v in zip(names, result.values, strict=True)
    )


def _test(function: Any, member: _Member) -> bool | None:
    """True, False, or None when the record lacks what the expression reads."""
    try:
        return bool(function(member.values))
    except (MissingInput, ArithmeticError):
        return None


def _groups(
    rules: CompiledRuleSet[CompiledProgramme], rule: SetRule, members: Sequence[_Member]
) -> dict[str | None, list[_Member]]:
    groups: dict[str | None, list[_Member]] = {}
    slot = None if rule.group_by is None else rules.slots[rule.group_by]
    for member in members:
        key = None
        if slot is not None:
            value = member.result.values[slot] if member.result.values else None
            key = "?" if value is None else str(value)
        groups.setdefault(key, []).append(member)
    return groups


def _judge(
    compiled: CompiledSetRule, rule: SetRule, group: str | None, members: list[_Member]
) -> GroupOutcome:
    among = [(m, _test(compiled.among, m)) for m in members if m.values]
    inside = [r for r, held in among if held]
    undecided = [r for r, held in among if held is None]
    if rule.kind == "quota":
        low, high = len(inside), len(inside) + len(undecided)
        return GroupOutcome(
            group,
            _count(low, high, rule),
            low,
            low,
            None,
            rule.at_most if rule.at_most is not None else rule.at_least or Decimal(0),
            _ids(inside),
            _ids(undecided),
        )
    return _share(compiled, rule, group, inside, undecided)


def _count(low: int, high: int, rule: SetRule) -> Outcome:
    """A count known to lie in [low, high] against ``at_least`` and ``at_most``."""
    floor = rule.at_least if rule.at_least is not None else Decimal(0)
    ceiling = rule.at_most
    if low >= floor and (ceiling is None or high <= ceiling):
        return "met"
    if high < floor or (ceiling is not None and low > ceiling):
        return "not_met"
    return "missing"


def _share(
    compiled: CompiledSetRule,
    rule: SetRule,
    group: str | None,
    inside: list[_Member],
    undecided: list[_Member],
) -> GroupOutcome:
    limit = rule.at_least if rule.at_least is not None else HUNDRED
    verdicts = [(r, _test(compiled.where, r)) for r in inside]
    yes = len([r for r, held in verdicts if held])
    unknown = [r for r, held in verdicts if held is None]
    total, extra = len(inside), len(undecided)
    if not total + extra:
        return GroupOutcome(group, "missing", 0, 0, None, limit, (), ())
    share = Decimal(yes) / total * HUNDRED if total else None
    # Bounds over every way the undecided records could turn out: those outside
    # `among` may be in or out, and each unknown verdict either way.
    worst = Decimal(yes) / (total + extra) * HUNDRED
    best = (
        max(
            Decimal(yes + len(unknown) + extra) / (total + extra),
            Decimal(yes + len(unknown)) / total if total else Decimal(0),
        )
        * HUNDRED
    )
    outcome: Outcome = "met" if worst >= limit else "not_met" if best < limit else "missing"
    named = _ids([r for r, held in verdicts if held])
    return GroupOutcome(group, outcome, yes, total, share, limit, named, _ids(unknown + undecided))


def _rank(
    compiled: CompiledSetRule, rule: SetRule, members: Sequence[_Member]
) -> tuple[RankEntry, ...]:
    candidates = [
        m
        for m in members
        if m.values
        and _test(compiled.among, m)
        and (not rule.eligible_only or m.result.outcome == "eligible")
    ]
    complete: list[tuple[tuple[Any, ...], RankEntry]] = []
    partial: list[RankEntry] = []
    for member in candidates:
        keys, missing = _keys(compiled, rule, member)
        entry = RankEntry(None, member.result.id or "", keys, missing)
        if missing:
            partial.append(entry)
        else:
            order = tuple(
                -k if key.order == "desc" else k for k, key in zip(keys, rule.keys, strict=True)
            )
            complete.append((order, entry))
    complete.sort(key=lambda pair: pair[0])
    ranked: list[RankEntry] = []
    for position, (order, entry) in enumerate(complete, start=1):
        tied = ranked and complete[position - 2][0] == order
        rank = ranked[-1].rank if tied else position
        ranked.append(attrs.evolve(entry, rank=rank))
    return tuple(ranked + partial)


def _keys(
    compiled: CompiledSetRule, rule: SetRule, member: _Member
) -> tuple[tuple[Any, ...], tuple[str, ...]]:
    keys: list[Any] = []
    missing: list[str] = []
    for function, key in zip(compiled.keys, rule.keys, strict=True):
        try:
            value = function(member.values)
            if isinstance(value, MissingValue):  # a key that is a bare input name
                raise MissingInput(value.name)
            keys.append(Decimal(value))
        except (MissingInput, ArithmeticError) as exc:
            keys.append(None)
            missing.append(exc.name if isinstance(exc, MissingInput) else key.measure)
    return tuple(keys), tuple(missing)


def _ids(members: Sequence[_Member]) -> tuple[str, ...]:
    return tuple(m.result.id or f"#{m.result.row}" for m in members)
