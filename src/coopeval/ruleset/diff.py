"""What changed between two versions of a rule set, as a legal reviewer reads it.

Not a text diff: the two rule sets are compared as models, rule by rule, by id.
Items, groups, criteria, ratings, exclusions, overrides, classification axes,
conditions, amounts and parameters added or removed; and for those in both, each
field that differs: a maximum, a measure, a citation, a status, a label, and a
band table band by band (each edge and each band's points, "c03a: band 2, lower
edge 500 000 000 → 600 000 000"). Each change has a stable ``kind`` and the
``path`` of the value in the rule file, and says itself in both languages.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs

from coopeval.messages import Message, said
from coopeval.ruleset.model import RuleSet

__all__ = ["Change", "diff"]


@attrs.frozen
class Change:
    """One difference between the old and the new rule set.

    Attributes:
        kind: ``item_added``, ``item_removed``, ``item_max``, ``band_edge``,
            ``band_points``, ``bands``, ``rating_edge``, ``measure``, ``citation``,
            ``status``, ``label``, ``condition``, ``parameter``, ``amount``,
            ``added``, ``removed``, ``changed``.
        rule: the id of the item, condition, parameter, ... it is about.
        path: where the value is in the rule file (``$.items[3].bands[1].lower``,
            the new file's position; the old one's for a removal).
        old, new: the values (``None`` for an addition, a removal, an open edge).
        text: the change in words, in Vietnamese and English (``text.text("vi")``).
    """

    kind: str
    rule: str
    path: str
    old: Any
    new: Any
    text: Message


#: The lists of a scorecard compared by id, with the key of their rule file.
_SCORECARD = (
    ("groups", "groups", "group"),
    ("criteria", "criteria", "criterion"),
    ("items", "items", "item"),
    ("classifications", "classifications", "axis"),
    ("exclusions", "exclusions", "exclusion"),
    ("overrides", "overrides", "override"),
)
_PROGRAMME = (
    ("conditions", "conditions", "condition"),
    ("amounts", "amounts", "amount"),
    ("set_rules", "set_rules", "set_rule"),
)
#: Fields compared on their own kind; the others are ``changed``.
_KINDS = {"citation": "citation", "status": "status", "label": "label", "measure": "measure"}


def diff(old: RuleSet, new: RuleSet) -> tuple[Change, ...]:
    """Every change from ``old`` to ``new``, in the order of the rule file."""
    return tuple(_changes(old, new))


def _changes(old: RuleSet, new: RuleSet) -> Iterator[Change]:
    yield from _inputs(old.inputs, new.inputs)
    yield from _by_id("parameters", "parameter", old.parameters, new.parameters)
    if old.kind == "classification" and new.kind == "classification":
        a_, b_ = old.classification.classifications, new.classification.classifications
        yield from _by_id("classifications", "axis", a_, b_)
    elif old.kind == "scorecard" and new.kind == "scorecard":
        a, b = old.scorecard, new.scorecard
        for attribute, key, noun in _SCORECARD:
            yield from _by_id(key, noun, getattr(a, attribute), getattr(b, attribute))
        yield from _ratings(a.ratings.bands, b.ratings.bands)
    elif old.kind == "eligibility" and new.kind == "eligibility":
        p, q = old.programme, new.programme
        for attribute, key, noun in _PROGRAMME:
            yield from _by_id(key, noun, getattr(p, attribute), getattr(q, attribute))
        if p.root != q.root:
            yield _change("changed", "root", "$.root", p.root, q.root, "root")
    else:
        yield _change("changed", "kind", "$.ruleset.kind", old.kind, new.kind, "kind")


def _by_id(key: str, noun: str, old: Sequence[Any], new: Sequence[Any]) -> Iterator[Change]:
    before = {x.id: (n, x) for n, x in enumerate(old)}
    after = {x.id: (n, x) for n, x in enumerate(new)}
    renamed = _renamed(before, after)
    for rid, (n, _) in before.items():
        if rid in renamed:
            m = after[renamed[rid]][0]
            yield _change("renamed", renamed[rid], f"$.{key}[{m}].id", rid, renamed[rid], noun)
        elif rid not in after:
            kind = "item_removed" if noun == "item" else "removed"
            yield _change(kind, rid, f"$.{key}[{n}]", rid, None, noun)
    for rid, (n, x) in after.items():
        if rid in renamed.values():
            continue
        if rid not in before:
            kind = "item_added" if noun == "item" else "added"
            yield _change(kind, rid, f"$.{key}[{n}]", None, rid, noun)
            continue
        yield from _fields(key, noun, n, before[rid][1], x)


def _renamed(
    before: dict[str, tuple[int, Any]], after: dict[str, tuple[int, Any]]
) -> dict[str, str]:
    """Old id → new id of each rule that is the same but for its id (one pair each)."""
    gone = [x for rid, (_, x) in before.items() if rid not in after]
    came = [x for rid, (_, x) in after.items() if rid not in before]
    pairs: dict[str, str] = {}
    for x in gone:
        match = next(
            (y for y in came if y.id not in pairs.values() and attrs.evolve(x, id=y.id) == y),
            None,
        )
        if match is not None:
            pairs[x.id] = match.id
    return pairs


def _fields(key: str, noun: str, n: int, old: Any, new: Any) -> Iterator[Change]:
    here = f"$.{key}[{n}]"
    for field in attrs.fields(type(new)):
        name = field.name
        a, b = getattr(old, name), getattr(new, name)
        if a == b:
            continue
        if name == "bands":
            yield from _bands(new.id, f"{here}.bands", a, b)
        elif name == "classes":
            yield from _classes(new.id, f"{here}.classes", a, b)
        elif name == "max" and noun == "item":
            yield _change("item_max", new.id, f"{here}.max", a, b, name)
        elif noun in ("condition", "parameter", "amount"):
            yield _change(noun, new.id, f"{here}.{name}", _plain(a), _plain(b), name)
        else:
            kind = _KINDS.get(name, "changed")
            yield _change(kind, new.id, f"{here}.{name}", _plain(a), _plain(b), name)


def _bands(rule: str, path: str, old: Sequence[Any], new: Sequence[Any]) -> Iterator[Change]:
    if len(old) != len(new):
        yield _change("bands", rule, path, len(old), len(new), "bands")
        return
    for n, (a, b) in enumerate(zip(old, new, strict=True)):
        for edge in ("lower", "upper"):
            if getattr(a, edge) != getattr(b, edge):
                where = f"{path}[{n}].{edge}"
                yield _change("band_edge", rule, where, getattr(a, edge), getattr(b, edge), edge, n)
        # a classification axis's bands have a class, not points
        if getattr(a, "points", None) != getattr(b, "points", None):
            yield _change(
                "band_points", rule, f"{path}[{n}].points", a.points, b.points, "points", n
            )


def _classes(rule: str, path: str, old: Sequence[Any], new: Sequence[Any]) -> Iterator[Change]:
    """A ``classes`` axis, class by class: a value, a label, a condition changed."""
    if len(old) != len(new):
        yield _change("bands", rule, path, len(old), len(new), "bands")
        return
    for n, (a, b) in enumerate(zip(old, new, strict=True)):
        for field in attrs.fields(type(b)):
            was, now = getattr(a, field.name), getattr(b, field.name)
            if was != now:
                where = f"{path}[{n}].{field.name}"
                yield _change(
                    "class_condition", rule, where, _plain(was), _plain(now), field.name, n
                )


def _inputs(old: Sequence[Any], new: Sequence[Any]) -> Iterator[Change]:
    """Inputs added, removed, or declared otherwise (type, bounds, values, source)."""
    before = {spec.name: spec for spec in old}
    after = {spec.name: spec for spec in new}
    for name in before.keys() - after.keys():
        yield _change("removed", name, f"$.inputs.{name}", name, None, "input")
    for name, spec in after.items():
        was = before.get(name)
        if was is None:
            yield _change("added", name, f"$.inputs.{name}", None, name, "input")
            continue
        for field in attrs.fields(type(spec)):
            a, b = getattr(was, field.name), getattr(spec, field.name)
            if a != b:
                where = f"$.inputs.{name}.{field.name}"
                yield _change("input", name, where, _plain(a), _plain(b), field.name)


def _ratings(old: Sequence[Any], new: Sequence[Any]) -> Iterator[Change]:
    before = {r.id: r for r in old}
    for n, rating in enumerate(new):
        was = before.get(rating.id)
        if was is None:
            yield _change("added", rating.id, f"$.ratings.bands[{n}]", None, rating.id, "rating")
            continue
        for edge in ("lower", "upper"):
            if getattr(was, edge) != getattr(rating, edge):
                where = f"$.ratings.bands[{n}].{edge}"
                yield _change(
                    "rating_edge", rating.id, where, getattr(was, edge), getattr(rating, edge), edge
                )
    for rid in before.keys() - {r.id for r in new}:
        yield _change("removed", rid, "$.ratings.bands", rid, None, "rating")


def _plain(value: Any) -> Any:
    """A value as the JSON of a change holds it: labels as their two texts, tuples as lists."""
    if attrs.has(type(value)):
        return attrs.asdict(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:,f}".replace(",", " ") if abs(value) >= 10_000 else f"{value:f}"
    if isinstance(value, dict) and {"vi", "en"} <= value.keys():
        return f"{value['vi']} / {value['en']}"
    return str(value)


#: The rule-file nouns, as the sentences say them.
_NOUNS = {
    "group": said("diff.noun_group"),
    "criterion": said("diff.noun_criterion"),
    "item": said("diff.noun_item"),
    "axis": said("diff.noun_axis"),
    "exclusion": said("diff.noun_exclusion"),
    "override": said("diff.noun_override"),
    "condition": said("diff.noun_condition"),
    "amount": said("diff.noun_amount"),
    "set_rule": said("diff.noun_set_rule"),
    "parameter": said("diff.noun_parameter"),
    "rating": said("diff.noun_rating"),
    "input": said("diff.noun_input"),
}
_EDGES = {"lower": said("diff.lower"), "upper": said("diff.upper")}
_SAID = {
    kind: f"diff.{kind}"
    for kind in (
        "item_added",
        "item_removed",
        "added",
        "removed",
        "item_max",
        "band_edge",
        "band_points",
        "bands",
        "rating_edge",
        "measure",
        "citation",
        "status",
        "label",
        "condition",
        "parameter",
        "amount",
        "class_condition",
        "input",
        "renamed",
        "changed",
    )
}


def _change(
    kind: str, rule: str, path: str, old: Any, new: Any, what: str, band: int | None = None
) -> Change:
    """A change and its sentence: ``what`` is a noun, an edge, or the rule file's key."""
    shown = _NOUNS.get(what) or _EDGES.get(what) or what
    text = said(
        _SAID[kind],
        rule=rule,
        old=_shown(old),
        new=_shown(new),
        what=shown,
        band="" if band is None else band + 1,
    )
    return Change(kind, rule, path, old, new, text)
