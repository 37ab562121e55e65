"""Rule coverage: which parts of a rule set a stream of results reaches, and which never.

The parts are enumerated from the checked rule set (`parts`), not from what
the data happens to reach, so a part no record reaches is listed with 0. Each
part is a `Part`: a ``kind``, the ``rule`` it belongs to, and which ``part``
of it:

============== ======================= =============================================
kind           rule                    part
============== ======================= =============================================
band           item id                 band index (0-based, as a result's band)
item           item id                 ``self_assessed`` or ``missing`` evidence
exclusion      exclusion id            ``applied``
override       override id             ``applied``
rating         rule-set id             rating id, or ``undetermined``
classification axis id                 class value, or ``missing``
condition      condition id            ``met``, ``not_met`` or ``missing``
outcome        rule-set id             ``eligible``, ``not_eligible``, ``undetermined``
amount         amount id               ``computed`` or ``not_computed``
============== ======================= =============================================

An axis out of force on a record's day (Circular 01/2020's size axes after
31/10/2024) gives that record no class, not ``missing``. Counting is streamed
(`Tally`): one count per part, whatever the number of records. A record with
errors (anything but missing evidence) counts as read and reaches nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs

from coopeval.engine.compile import CompiledRuleSet
from coopeval.engine.results import Evaluation, ProgrammeResult, Result, RuleSetRef
from coopeval.ruleset.axes import Axis, EnumAxis, RuleAxis, ThresholdAxis
from coopeval.ruleset.base import Text
from coopeval.ruleset.model import RuleSet

__all__ = ["Coverage", "Part", "Reach", "Tally", "coverage", "parts"]

#: What identifies a part: ``(kind, rule, part)``.
Key = tuple[str, str, str | int]

#: The issue code that leaves a record's rating open without making it an error.
_MISSING = "missing_evidence"


@attrs.frozen
class Part:
    """One part of a rule set a record may reach: a band, a class, an outcome, ...

    ``label`` is the rule's label in the rule file (the item's, axis's,
    condition's, the exclusion's reason); ``part_label`` the part's own (a
    class, a rating). A band or a threshold class has its edges ``[lower,
    upper)`` (``None`` is open), a band its ``points``.
    """

    kind: str
    rule: str
    part: str | int
    label: Text | None = None
    part_label: Text | None = None
    lower: Decimal | None = None
    upper: Decimal | None = None
    points: Decimal | None = None

    @property
    def key(self) -> Key:
        """``(kind, rule, part)``: what the results are counted by."""
        return (self.kind, self.rule, self.part)


@attrs.frozen
class Reach:
    """A part and how many records reach it."""

    part: Part
    records: int


@attrs.frozen
class Coverage:
    """Which parts of a rule set the records reach: every part, with its count.

    ``records`` counts every record read, ``errors`` those that had errors
    (they reach nothing).
    """

    ruleset: RuleSetRef
    parts: tuple[Reach, ...]
    records: int
    errors: int

    @property
    def unreached(self) -> tuple[Reach, ...]:
        """The parts no record reaches, in rule-set order."""
        return tuple(r for r in self.parts if not r.records)

    @property
    def covered(self) -> int:
        """How many parts at least one record reaches."""
        return sum(1 for r in self.parts if r.records)

    @property
    def percent(self) -> Decimal:
        """The share of parts reached, 0–100, exact to 28 digits (100 for a rule set of none)."""
        if not self.parts:
            return Decimal(100)
        return Decimal(self.covered) * 100 / len(self.parts)

    def below(self, percent: Decimal) -> bool:
        """Whether the share reached is under ``percent`` (compared exactly, not rounded)."""
        return self.covered * 100 < percent * len(self.parts)


def coverage(rules: CompiledRuleSet[Any], results: Iterable[Result]) -> Coverage:
    """Count, for every part of ``rules``, the records of ``results`` that reach it.

    ``results`` are read once, one at a time (a generator over a large file
    stays in flat memory). A part a result reaches that ``rules`` does not
    have (a result of another version) is added after the rule set's own.

    .. versionadded:: 0.1.0
    """
    tally = Tally(rules)
    for result in results:
        tally.add(result)
    return tally.coverage()


class Tally:
    """Counts the parts results reach, one result at a time; `coverage` uses it."""

    def __init__(self, rules: CompiledRuleSet[Any]) -> None:
        self.ref = rules.ref
        self.known = parts(rules)
        self.counts: dict[Key, int] = dict.fromkeys((p.key for p in self.known), 0)
        #: Parts reached that the rule set does not list, in the order first seen.
        self.extra: dict[Key, Part] = {}
        self.records = 0
        self.errors = 0

    def add(self, result: Result) -> None:
        """Count one record's result."""
        self.records += 1
        if any(issue.code != _MISSING for issue in getattr(result, "errors", ())):
            self.errors += 1
            return
        counts = self.counts
        for key in set(reached(result, self.ref.id)):
            if key not in counts:
                counts[key] = 0
                self.extra[key] = Part(*key)
            counts[key] += 1

    def coverage(self) -> Coverage:
        """The counts so far."""
        counts = self.counts
        every = (*self.known, *self.extra.values())
        return Coverage(
            self.ref, tuple(Reach(p, counts[p.key]) for p in every), self.records, self.errors
        )


def reached(result: Result, ruleset: str) -> Iterator[Key]:
    """The parts one result reaches (``ruleset`` names the rule set's own parts)."""
    if isinstance(result, Evaluation):
        yield from _scored(result, ruleset)
    elif isinstance(result, ProgrammeResult):
        yield from _judged(result, ruleset)
    else:  # a kind of result not known here: its classes, if it has any
        for axis, value in getattr(result, "classification", ()):
            yield ("classification", axis, "missing" if value is None else value)


def _scored(ev: Evaluation, ruleset: str) -> Iterator[Key]:
    for axis, value in ev.classification:
        yield ("classification", axis, "missing" if value is None else value)
    if ev.not_rated_reason is not None:
        yield ("exclusion", ev.not_rated_reason, "applied")
        return
    if ev.scores is not None and ev.layout is not None:
        items = ev.layout.ruleset.scorecard.items
        scores = ev.scores
        for item, band, source in zip(items, scores.bands, scores.sources, strict=True):
            if band is not None:
                yield ("band", item.id, band)
            elif source in _EVIDENCE:
                yield ("item", item.id, _EVIDENCE[source])
    if ev.override is not None:
        yield ("override", ev.override, "applied")
    if ev.rating is not None:
        yield ("rating", ruleset, ev.rating)
    elif ev.status == "error":  # only missing evidence: the rating is left open
        yield ("rating", ruleset, "undetermined")


#: An item's point source, as the part of ``item`` it reaches (lenient zero is missing evidence).
_EVIDENCE = {"self_assessed": "self_assessed", "missing": "missing", "lenient_zero": "missing"}


def _judged(result: ProgrammeResult, ruleset: str) -> Iterator[Key]:
    for condition in result.conditions:
        yield ("condition", condition.id, condition.outcome)
    if result.outcome is not None:
        yield ("outcome", ruleset, result.outcome)
    for amount in result.amounts:
        yield ("amount", amount.id, "not_computed" if amount.value is None else "computed")


def parts(rules: CompiledRuleSet[Any]) -> tuple[Part, ...]:
    """Every part of a rule set, in rule-file order.

    A classification rule set has its axes' classes; a kind not known here
    has those of its body's ``classifications``, if any, and nothing else.
    """
    return tuple(_BODIES.get(rules.kind, _axes_only)(rules.ruleset))


def _scorecard(rs: RuleSet) -> Iterator[Part]:
    sc = rs.scorecard
    for item in sc.items:
        for n, band in enumerate(item.bands):
            yield Part("band", item.id, n, item.label, None, band.lower, band.upper, band.points)
        yield Part("item", item.id, "self_assessed", item.label)
        yield Part("item", item.id, "missing", item.label)
    for exclusion in sc.exclusions:
        yield Part("exclusion", exclusion.id, "applied", exclusion.reason)
    for override in sc.overrides:
        yield Part("override", override.id, "applied", override.reason)
    for rating in sc.ratings.bands:
        yield Part("rating", rs.id, rating.id, rs.title, rating.label, rating.lower, rating.upper)
    yield Part("rating", rs.id, "undetermined", rs.title)
    for axis in sc.classifications:
        yield from axis_parts(axis)


def axis_parts(axis: Axis) -> Iterator[Part]:
    """The classes of one classification axis, then ``missing`` (not determinable).

    Each kind of axis has its own function in ``_AXES``; an axis of a kind not
    listed there has only ``missing`` (the classes it reaches are added as seen).
    """
    classes = _AXES.get(getattr(axis, "kind", ""))
    if classes is not None:
        yield from classes(axis)
    yield Part("classification", axis.id, "missing", axis.label)


def _threshold_classes(axis: Any) -> Iterator[Part]:
    if isinstance(axis, ThresholdAxis):
        for band in axis.bands:
            yield Part(
                "classification",
                axis.id,
                band.value,
                axis.label,
                band.label,
                band.lower,
                band.upper,
            )


def _enum_classes(axis: Any) -> Iterator[Part]:
    if isinstance(axis, EnumAxis):
        for value in axis.values:
            yield Part("classification", axis.id, value.value, axis.label, value.label)


def _rule_classes(axis: Any) -> Iterator[Part]:
    """Each class once, though several rules may give it (one "large" per sector group)."""
    if isinstance(axis, RuleAxis):
        first = {rule.value: rule for rule in reversed(axis.classes)}
        for value in dict.fromkeys(rule.value for rule in axis.classes):
            yield Part("classification", axis.id, value, axis.label, first[value].label)


#: The classes of each kind of classification axis.
_AXES: Mapping[str, Callable[[Any], Iterator[Part]]] = {
    "thresholds": _threshold_classes,
    "enumeration": _enum_classes,
    "classes": _rule_classes,
}


def _programme(rs: RuleSet) -> Iterator[Part]:
    body = rs.programme
    for condition in body.conditions:
        for outcome in ("met", "not_met", "missing"):
            yield Part("condition", condition.id, outcome, condition.label)
    if body.root is not None:
        for outcome in ("eligible", "not_eligible", "undetermined"):
            yield Part("outcome", rs.id, outcome, rs.title)
    for amount in body.amounts:
        yield Part("amount", amount.id, "computed", amount.label)
        yield Part("amount", amount.id, "not_computed", amount.label)


def _axes_only(rs: RuleSet) -> Iterator[Part]:
    """The classes of a body's axes: a classification rule set's parts."""
    for axis in getattr(rs.body, "classifications", ()):
        yield from axis_parts(axis)


#: The parts of each kind of rule set.
_BODIES: Mapping[str, Callable[[RuleSet], Iterator[Part]]] = {
    "scorecard": _scorecard,
    "eligibility": _programme,
    "classification": _axes_only,
}
