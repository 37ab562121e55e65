"""Two versions of a rule set agree on a record, except where the semantic diff says.

`agree_except_diff` evaluates one record under both versions and allows a
difference only where `coopeval.ruleset.diff` names a change that explains it:

- an item's points (or where they came from) move only if a change names the
  item, or an input or parameter its measure reads; when every change naming it
  is a band edge or band points, only if the record's measure lies between the
  old and the new edge, or in the band whose points changed;
- a condition's outcome, only if a change names it or a condition below it; an
  amount, only if a change names it or what its formula reads; the programme's
  outcome, only if one names its root, a condition below it or ``root``;
- the total only with an item; the rating only with the total, an override, an
  exclusion or a change to the rating table; a class only with a change to its axis.

So when the diff names nothing, the two results are equal. `same_results`
allows no change at all: a guard that a rule file still scores as approved.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from coopeval.engine import CompiledRuleSet, evaluate
from coopeval.engine.results import Evaluation, ItemResult, ProgrammeResult
from coopeval.messages import Lines, said
from coopeval.ruleset import RuleSet
from coopeval.ruleset.check import CheckedProgramme, children_of
from coopeval.ruleset.diff import Change, diff
from coopeval.testing.edges import _compiled

__all__ = ["agree_except_diff", "same_results"]

#: ``...bands[2].lower``: which band and which of its values a change is about.
_BAND = re.compile(r"\.bands\[(\d+)\]\.(lower|upper|points)$")
_BAND_KINDS = ("band_edge", "band_points")
_INF = Decimal("Infinity")


def agree_except_diff(
    old: CompiledRuleSet[Any] | RuleSet,
    new: CompiledRuleSet[Any] | RuleSet,
    record: Mapping[str, Any],
    *,
    changes: Sequence[Change] | None = None,
    allowed: Collection[str] | None = None,
) -> None:
    """``record`` gets the same result under ``old`` and ``new`` except where the diff says.

    Args:
        changes: the changes to allow (by default ``diff(old, new)``, the whole diff).
        allowed: if given, only the changes of these rule ids are approved: a result
            moved by any other change fails, with that change in the message.

    Raises:
        AssertionError: a result moved that no (approved) change explains; the
            message names the record, the item or condition, both values (points,
            band, measure) and the changes of the diff that name it.

    Example::

        OLD, NEW = coopeval.load("rules/old.toml"), coopeval.load("rules/new.toml")

        @given(edge_records(OLD) | edge_records(NEW))
        def test_only_what_the_diff_names_moves(record):
            agree_except_diff(OLD, NEW, record)
    """
    __tracebackhide__ = True  # pytest shows the user's test, not this helper
    a, b = _compiled(old), _compiled(new)
    found = diff(a.ruleset, b.ruleset) if changes is None else tuple(changes)
    check = _Check(a, b, record, found, allowed)
    ra, rb = evaluate(a, record), evaluate(b, record)
    if isinstance(ra, Evaluation) and isinstance(rb, Evaluation):
        check.scorecards(ra, rb)
    elif isinstance(ra, ProgrammeResult) and isinstance(rb, ProgrammeResult):
        check.programmes(ra, rb)
    else:
        check.moved("kind", a.ruleset.kind, b.ruleset.kind, check.about(["kind"]))


def same_results(
    old: CompiledRuleSet[Any] | RuleSet,
    new: CompiledRuleSet[Any] | RuleSet,
    record: Mapping[str, Any],
) -> None:
    """``record`` gets the same result under both: no change of the diff is approved.

    Raises:
        AssertionError: a result moved; the message names the record, the item or
            condition, both values and the changes of the diff behind it.
    """
    __tracebackhide__ = True  # pytest shows the user's test, not this helper
    agree_except_diff(old, new, record, allowed=())


class _Check:
    def __init__(
        self,
        old: CompiledRuleSet[Any],
        new: CompiledRuleSet[Any],
        record: Mapping[str, Any],
        changes: Sequence[Change],
        allowed: Collection[str] | None,
    ) -> None:
        self.old, self.new, self.changes, self.allowed = old, new, changes, allowed
        self.rid = str(record.get("id", "(no id)"))

    def about(self, rules: Iterable[str], prefix: str = "\0") -> list[Change]:
        """The changes that name one of ``rules``, or whose path starts with ``prefix``."""
        wanted = set(rules)
        return [c for c in self.changes if c.rule in wanted or c.path.startswith(prefix)]

    def moved(self, what: str, old: Any, new: Any, named: Sequence[Change]) -> None:
        """A value moved: fine if an approved change names it, else fail saying why not."""
        __tracebackhide__ = True
        approved = [c for c in named if self.allowed is None or c.rule in self.allowed]
        if approved:
            return
        if not named:
            raise AssertionError(
                said("testing.unexplained", record=self.rid, what=what, old=old, new=new)
            )
        texts = Lines([c.text for c in named], "; ")
        raise AssertionError(
            said("testing.unapproved", record=self.rid, what=what, old=old, new=new, changes=texts)
        )

    # --- scorecards ---------------------------------------------------------------

    def scorecards(self, a: Evaluation, b: Evaluation) -> None:
        __tracebackhide__ = True
        old_items = {i.id: i for i in a.items}
        moved = False
        for item in b.items:
            was = old_items.get(item.id)
            if was is None or (was.points, was.source) == (item.points, item.source):
                continue
            moved = True
            self.item(was, item)
        added = {i.id for i in b.items} ^ old_items.keys()
        if a.total != b.total and not moved and not added:
            self.moved("total", a.total, b.total, [])
        if a.not_rated_reason != b.not_rated_reason:
            named = self.about([str(a.not_rated_reason), str(b.not_rated_reason)], "$.exclusions")
            self.moved("exclusion", a.not_rated_reason, b.not_rated_reason, named)
        elif a.status != b.status and not moved and not added:
            self.moved("status", a.status, b.status, [])
        if a.override != b.override:
            named = self.about([str(a.override), str(b.override)], "$.overrides")
            self.moved("override", a.override, b.override, named)
        if a.rating != b.rating and a.total == b.total and a.override == b.override:
            self.moved("rating", a.rating, b.rating, self.about([], "$.ratings"))
        old_classes = dict(a.classification)
        for axis, value in b.classification:
            if axis in old_classes and old_classes[axis] != value:
                self.moved(f"class {axis}", old_classes[axis], value, self.about([axis]))

    def item(self, was: ItemResult, now: ItemResult) -> None:
        __tracebackhide__ = True
        reads = {name for name, _ in (*was.inputs, *now.inputs)}
        named = self.about({now.id} | reads)
        what = said(
            "testing.item_moved",
            item=now.id,
            old_band=_band(was),
            new_band=_band(now),
            old_measure=str(was.measure),
            new_measure=str(now.measure),
        )
        if named and all(c.kind in _BAND_KINDS and c.rule == now.id for c in named):
            covering = [c for c in named if _covers(c, was, now)]
            if not covering:
                texts = Lines([c.text for c in named], "; ")
                raise AssertionError(
                    said(
                        "testing.outside_bands",
                        record=self.rid,
                        what=what,
                        old=was.points,
                        new=now.points,
                        changes=texts,
                    )
                )
            named = covering
        self.moved(what, was.points, now.points, named)

    # --- programmes ---------------------------------------------------------------

    def programmes(self, a: ProgrammeResult, b: ProgrammeResult) -> None:
        __tracebackhide__ = True
        old_below, new_below = _below(self.old), _below(self.new)
        below = {
            k: old_below.get(k, set()) | new_below.get(k, set()) for k in {*old_below, *new_below}
        }
        old_outcomes = {c.id: c.outcome for c in a.conditions}
        # Leaves first: a leaf that moved is the cause, the combinations above only show it.
        for condition in sorted(b.conditions, key=lambda c: bool(c.children)):
            was = old_outcomes.get(condition.id)
            if was is not None and was != condition.outcome:
                rules = below.get(condition.id, {condition.id})
                what = said("testing.condition_moved", condition=condition.id)
                self.moved(what, was, condition.outcome, self.about(rules))
        old_amounts = {x.id: x for x in a.amounts}
        for amount in b.amounts:
            was_amount = old_amounts.get(amount.id)
            if was_amount is not None and was_amount.value != amount.value:
                reads = {name for name, _ in (*was_amount.values, *amount.values)}
                what = said("testing.amount_moved", amount=amount.id)
                self.moved(what, was_amount.value, amount.value, self.about({amount.id} | reads))
        if a.outcome != b.outcome:
            root = self.new.ruleset.programme.root
            rules = below.get(root or "", set()) | {"root"}
            self.moved("outcome", a.outcome, b.outcome, self.about(rules))


def _band(item: ItemResult) -> str:
    if item.band is None:
        return "-"
    low = "" if item.band_lower is None else f"{item.band_lower:f}"
    high = "" if item.band_upper is None else f"{item.band_upper:f}"
    return f"{item.band + 1} [{low}, {high})"


def _covers(change: Change, was: ItemResult, now: ItemResult) -> bool:
    """Whether a band change can move this record: its measure between the two edges,
    or in the band whose points changed."""
    where = _BAND.search(change.path)
    if where is None:
        return True
    band, field = int(where.group(1)), where.group(2)
    if field == "points":
        return band in (was.band, now.band)
    open_end = -_INF if field == "lower" else _INF
    ends = [open_end if e is None else e for e in (change.old, change.new)]
    low, high = min(ends), max(ends)
    return any(m is not None and low <= m <= high for m in (was.measure, now.measure))


def _below(rules: CompiledRuleSet[Any]) -> dict[str, set[str]]:
    """Condition id → itself, every condition below it, and every name their leaves read."""
    body = rules.checked.body
    if not isinstance(body, CheckedProgramme):
        return {}
    kids = {c.id: children_of(c) for c in body.programme.conditions}
    found: dict[str, set[str]] = {}

    def walk(cid: str) -> set[str]:
        if cid not in found:
            found[cid] = {cid}  # a cycle cannot pass the check; this only stops a repeat
            leaf = body.leaves.get(cid)
            reads = set(leaf.reads) if leaf is not None else set()
            found[cid] = {cid, *reads, *(r for k in kids.get(cid, ()) for r in walk(k))}
        return found[cid]

    for cid in kids:
        walk(cid)
    return found
