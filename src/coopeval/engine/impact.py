"""Impact: every record under two versions of a rule set, and the rules that moved it.

`impact` evaluates each record under the old and the new rule set and
compares the two results (`compare`): the total, rating and classes of a
scorecard, the outcome and amounts of a programme. Each difference is put down
to the rule it happened at (a `Cause`): an item whose points differ, an axis
whose class differs, a condition whose outcome differs, an amount whose value
differs, an exclusion or override that applies on one side only, a rating
whose edges moved. A cause names the kinds of the semantic diff's changes to
that rule (`coopeval.ruleset.diff`), or, when the diff names none, what
changed in the result (``points``, ``classification``, ``condition``, ...):
the rule itself stayed, what it reads did not.

Records go one at a time: `Impacts` keeps only counts (read, moved, errors)
and the transition table (how many records went from one rating or outcome to
another), so a file of any size is compared in flat memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs

from coopeval.engine.compile import CompiledRuleSet
from coopeval.engine.evaluate import evaluate
from coopeval.engine.results import Evaluation, ProgrammeResult, Result
from coopeval.errors import UsageError
from coopeval.messages import said
from coopeval.records import RecordIssue
from coopeval.ruleset.diff import Change, diff

__all__ = ["Cause", "Impact", "Impacts", "Side", "Transition", "compare", "impact", "kinds_of"]

#: What a cause is about: the part of the rule set whose result differs.
Part = Literal["item", "axis", "rating", "exclusion", "override", "condition", "amount"]
#: The kind a cause has when the semantic diff names no change to its rule.
_UNCHANGED: Mapping[Part, str] = {
    "item": "points",
    "axis": "classification",
    "rating": "rating",
    "exclusion": "exclusion",
    "override": "override",
    "condition": "condition",
    "amount": "amount",
}
#: Change kinds by rule id, in the diff's order (`kinds_of`).
Kinds = Mapping[str, tuple[str, ...]]


@attrs.frozen
class Cause:
    """A difference between a record's two results, put down to one rule.

    Attributes:
        rule: the item, axis, rating, exclusion, override, condition or amount id.
        part: which of those it is.
        kinds: the semantic diff's change kinds for the rule (``band_edge``,
            ``band_points``, ...), or what changed in the result when the diff
            names none (``points``, ``classification``, ``condition``, ...).
        points: an item's point change (new − old); an amount's change in its
            unit; ``None`` otherwise, or when a side has no value.
        old, new: the item's points, the class, the outcome, the amount, the
            rating; an exclusion or override id where it applies.
    """

    rule: str
    part: Part
    kinds: tuple[str, ...]
    points: Decimal | None = None
    old: Any = None
    new: Any = None

    @property
    def kind(self) -> str:
        """The kinds as one text, ``band_edge,band_points``: the output contract's ``kind``."""
        return ",".join(self.kinds)


@attrs.frozen
class Side:
    """What a record's result under one rule set is compared by.

    ``state`` is what the transition table counts: the rating (``undetermined``
    without one, ``not_rated``), the programme's outcome, or ``error``.
    """

    kind: Literal["scorecard", "eligibility"]
    status: str
    total: Decimal | None = None
    rating: str | None = None
    classification: tuple[tuple[str, str | None], ...] = ()
    outcome: str | None = None
    amounts: tuple[tuple[str, Decimal | None], ...] = ()
    errors: tuple[RecordIssue, ...] = ()
    #: The exclusion that made it not rated, the override that forced its rating.
    not_rated_reason: str | None = None
    override: str | None = None

    @classmethod
    def of(cls, result: Result) -> Side:
        """The side of one result, of either kind."""
        if isinstance(result, Evaluation):
            return cls(
                "scorecard",
                result.status,
                total=result.total,
                rating=result.rating,
                classification=result.classification,
                errors=result.errors,
                not_rated_reason=result.not_rated_reason,
                override=result.override,
            )
        return cls(
            "eligibility",
            result.status,
            outcome=result.outcome,
            amounts=tuple((a.id, a.value) for a in result.amounts),
            errors=result.errors,
        )

    @property
    def state(self) -> str:
        if self.status == "error" or self.status == "not_rated":
            return self.status
        if self.kind == "eligibility":
            return self.outcome or "none"
        return self.rating or "undetermined"


@attrs.frozen
class Impact:
    """One record under both rule sets: the two sides, what changed and why.

    Attributes:
        delta: a scorecard's new total − old total (``None`` when a side has none).
        amount_deltas: a programme's change per amount (``None`` when a side has none).
        moved: the rating, a class, the outcome, an amount or the total changed;
            never for a record with errors under either rule set (``status``).
        causes: the rules the differences happened at, in rule-file order.
    """

    id: str | None
    kind: Literal["scorecard", "eligibility"]
    old: Side
    new: Side
    delta: Decimal | None
    moved: bool
    causes: tuple[Cause, ...]
    amount_deltas: tuple[tuple[str, Decimal | None], ...] = ()
    source: str = ""
    row: int | None = None
    meta: tuple[tuple[str, str], ...] = ()

    @property
    def status(self) -> Literal["ok", "error"]:
        """``error`` when the record has errors under either rule set."""
        return "error" if "error" in (self.old.status, self.new.status) else "ok"


@attrs.frozen
class Transition:
    """How many records went from one state (rating, outcome, ``error``) to another."""

    old: str
    new: str
    records: int


class Impacts:
    """The impacts of records as they are compared, with running counts.

    Attributes:
        changes: the semantic diff from the old rule set to the new.
        read, moved, errors: records compared so far, those that moved, those
            with errors under either rule set.
    """

    def __init__(self, pairs: Iterable[Sequence[Result]], changes: Sequence[Change]) -> None:
        self.changes = tuple(changes)
        self.kinds = kinds_of(self.changes)
        self.read = self.moved = self.errors = 0
        self._pairs = iter(pairs)
        self._counts: dict[tuple[str, str], int] = {}

    def __iter__(self) -> Iterator[Impact]:
        return self

    def __next__(self) -> Impact:
        old, new = next(self._pairs)
        found = _compare(old, new, self.kinds)
        self.read += 1
        self.moved += found.moved
        self.errors += found.status == "error"
        key = (found.old.state, found.new.state)
        self._counts[key] = self._counts.get(key, 0) + 1
        return found

    @property
    def transitions(self) -> tuple[Transition, ...]:
        """The transition table so far, in the order each pair was first seen."""
        return tuple(Transition(a, b, n) for (a, b), n in self._counts.items())

    def close(self) -> None:
        """Stop early: the records' source is closed, if it can be."""
        close = getattr(self._pairs, "close", None)
        if close is not None:
            close()


def impact(
    old: CompiledRuleSet[Any],
    new: CompiledRuleSet[Any],
    records: Iterable[Mapping[str, Any]],
    *,
    lenient: bool = False,
    as_of: dt.date | None = None,
) -> Impacts:
    """Each record under ``old`` and ``new``, compared, as the records come.

    Args:
        records: mappings of field → value, as `evaluate` takes them.
        lenient, as_of: as for `evaluate`, the same on both sides.

    Returns:
        An iterator of `Impact`, one per record in order, with the counts and
        the transition table (`Impacts.transitions`) once it is exhausted.

    Raises:
        UsageError: ``old`` and ``new`` are not of the same kind.

    .. versionadded:: 0.13
    """
    check_same_kind(old, new)

    def pairs() -> Iterator[tuple[Result, Result]]:
        for n, record in enumerate(records, 1):
            cache: dict[str, Any] = {}  # derived inputs, shared by the two sides
            yield (
                evaluate(old, record, lenient=lenient, as_of=as_of, cache=cache, row=n),
                evaluate(new, record, lenient=lenient, as_of=as_of, cache=cache, row=n),
            )

    return Impacts(pairs(), diff(old.ruleset, new.ruleset))


def check_same_kind(old: CompiledRuleSet[Any], new: CompiledRuleSet[Any]) -> None:
    """Raises `UsageError` when two rule sets are not of one kind."""
    if old.kind != new.kind:
        raise UsageError(
            said(
                "impact.kinds_differ",
                old=old.id,
                new=new.id,
                old_kind=said(f"nouns.{old.kind}"),
                new_kind=said(f"nouns.{new.kind}"),
            )
        )


def kinds_of(changes: Iterable[Change]) -> dict[str, tuple[str, ...]]:
    """Each rule's change kinds, in the order of the diff, each once."""
    found: dict[str, dict[str, None]] = {}
    for change in changes:
        found.setdefault(change.rule, {})[change.kind] = None
    return {rule: tuple(kinds) for rule, kinds in found.items()}


def compare(old: Result, new: Result, changes: Sequence[Change] = ()) -> Impact:
    """One record's two results compared, its causes named by ``changes``."""
    return _compare(old, new, kinds_of(changes))


def _compare(old: Result, new: Result, kinds: Kinds) -> Impact:
    a, b = Side.of(old), Side.of(new)
    failed = "error" in (a.status, b.status)
    rid = old.id or new.id
    if isinstance(old, Evaluation) and isinstance(new, Evaluation):
        causes = () if failed else tuple(_scorecard_causes(old, new, a, b, kinds))
        return Impact(
            rid,
            "scorecard",
            a,
            b,
            delta=None if a.total is None or b.total is None else b.total - a.total,
            moved=not failed and _scorecard_moved(a, b),
            causes=causes,
            source=old.source,
            row=old.row,
            meta=old.meta,
        )
    if isinstance(old, ProgrammeResult) and isinstance(new, ProgrammeResult):
        causes = () if failed else tuple(_programme_causes(old, new, kinds))
        moved = a.outcome != b.outcome or dict(a.amounts) != dict(b.amounts)
        return Impact(
            rid,
            "eligibility",
            a,
            b,
            delta=None,
            moved=not failed and moved,
            causes=causes,
            amount_deltas=_amount_deltas(a.amounts, b.amounts),
            source=old.source,
            row=old.row,
            meta=old.meta,
        )
    msg = f"results of two kinds: {type(old).__name__} and {type(new).__name__}"
    raise UsageError(msg)


def _scorecard_moved(a: Side, b: Side) -> bool:
    fields = ("status", "total", "rating", "classification", "not_rated_reason", "override")
    return any(getattr(a, f) != getattr(b, f) for f in fields)


def _kinds(kinds: Kinds, part: Part, rule: str, *read: str) -> tuple[str, ...]:
    """The rule's change kinds, and those of the changed parameters it reads."""
    found = dict.fromkeys(kinds.get(rule, ()))
    for name in read:
        found.update(dict.fromkeys(kinds.get(name, ())))
    return tuple(found) or (_UNCHANGED[part],)


def _difference(old: Decimal | None, new: Decimal | None) -> Decimal | None:
    return None if old is None or new is None else new - old


def _scorecard_causes(
    old: Evaluation, new: Evaluation, a: Side, b: Side, kinds: Kinds
) -> Iterator[Cause]:
    before = {item.id: item for item in old.items}
    after = {item.id: item for item in new.items}
    zero = Decimal(0)
    for rid in [*after, *(i for i in before if i not in after)]:
        was, now = before.get(rid), after.get(rid)
        p = None if was is None else was.points
        q = None if now is None else now.points
        if was is not None and now is not None and p == q:
            continue
        read = [name for name, _ in (now or was).inputs]  # type: ignore[union-attr]  # one is set
        change = _difference(zero if was is None else p, zero if now is None else q)
        yield Cause(rid, "item", _kinds(kinds, "item", rid, *read), change, p, q)
    classes, classes_new = dict(a.classification), dict(b.classification)
    for axis in [*classes_new, *(x for x in classes if x not in classes_new)]:
        if classes.get(axis) != classes_new.get(axis):
            found = _kinds(kinds, "axis", axis)
            yield Cause(axis, "axis", found, None, classes.get(axis), classes_new.get(axis))
    yield from _once("exclusion", a.not_rated_reason, b.not_rated_reason, kinds)
    yield from _once("override", a.override, b.override, kinds)
    if a.rating != b.rating:
        # One edge of the scale is two ratings' edges (khá's upper, tốt's lower): one
        # cause, named after the rating the record is in now when that one changed.
        changed = [r for r in (b.rating, a.rating) if r is not None and r in kinds]
        if changed:
            found = tuple(dict.fromkeys(k for r in changed for k in kinds[r]))
            yield Cause(changed[0], "rating", found, None, a.rating, b.rating)


def _once(part: Part, old: str | None, new: str | None, kinds: Kinds) -> Iterator[Cause]:
    """An exclusion or override that applies on one side and not the other (or another one)."""
    if old == new:
        return
    for rid in dict.fromkeys(r for r in (old, new) if r is not None):
        yield Cause(rid, part, _kinds(kinds, part, rid), None, old, new)


def _programme_causes(old: ProgrammeResult, new: ProgrammeResult, kinds: Kinds) -> Iterator[Cause]:
    before = {c.id: c.outcome for c in old.conditions}
    after = {c.id: c.outcome for c in new.conditions}
    for cid in [*after, *(c for c in before if c not in after)]:
        if before.get(cid) != after.get(cid):
            found = _kinds(kinds, "condition", cid)
            yield Cause(cid, "condition", found, None, before.get(cid), after.get(cid))
    if old.outcome != new.outcome and "root" in kinds:
        yield Cause("root", "condition", kinds["root"], None, old.outcome, new.outcome)
    amounts = {a.id: a for a in old.amounts}
    later = {a.id: a for a in new.amounts}
    for aid in [*later, *(x for x in amounts if x not in later)]:
        was, now = amounts.get(aid), later.get(aid)
        p = None if was is None else was.value
        q = None if now is None else now.value
        if p == q:
            continue
        used = [u.parameter for x in (was, now) if x is not None for u in x.parameters]
        found = _kinds(kinds, "amount", aid, *used)
        yield Cause(aid, "amount", found, _difference(p, q), p, q)


def _amount_deltas(
    old: Sequence[tuple[str, Decimal | None]], new: Sequence[tuple[str, Decimal | None]]
) -> tuple[tuple[str, Decimal | None], ...]:
    before, after = dict(old), dict(new)
    ids = [*after, *(x for x in before if x not in after)]
    return tuple((x, _difference(before.get(x), after.get(x))) for x in ids)
