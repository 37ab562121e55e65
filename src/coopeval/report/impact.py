"""The impact of a rule change for people and for programs: the contract and the text.

The contract (`impact_dict`, one JSON object per record) has stable names:
``id``, ``status``, ``old`` and ``new`` (``total``, ``rating``,
``classification`` for scorecards; ``outcome`` and ``amounts`` for
programmes; numbers as strings), ``delta`` (the change of total; per amount
for programmes), ``moved``, ``causes`` (each ``rule``, ``kind``, ``points``,
with ``part``, ``old`` and ``new``) and ``errors`` (``old`` and ``new``). The
text says each cause as a sentence: "−1 tại c03a: ngưỡng khung điểm thay đổi"
/ "−1 at c03a: band edge moved".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from coopeval.engine.compile import CompiledRuleSet
from coopeval.engine.impact import Cause, Impact, Impacts, Side, Transition
from coopeval.messages import said
from coopeval.records import RecordIssue
from coopeval.report.diff import change_dict, ref_dict
from coopeval.report.messages import fmt, message
from coopeval.report.scorecard import issue_text
from coopeval.report.text import render_table

__all__ = [
    "StateNames",
    "cause_text",
    "counts_dict",
    "head_dict",
    "impact_dict",
    "issues_dict",
    "render_impact",
    "render_moved",
    "render_transitions",
    "signed",
    "transition_dict",
]


def impact_dict(found: Impact) -> dict[str, Any]:
    """One record's impact as the output contract has it (see the module docstring)."""
    delta: Any
    if found.kind == "scorecard":
        delta = _num(found.delta)
    else:
        delta = {aid: _num(d) for aid, d in found.amount_deltas}
    return {
        "id": found.id,
        "status": found.status,
        "old": _side(found.old),
        "new": _side(found.new),
        "delta": delta,
        "moved": found.moved,
        "causes": [_cause(c) for c in found.causes],
        "errors": {"old": issues_dict(found.old.errors), "new": issues_dict(found.new.errors)},
        "source": {"file": found.source, "row": found.row},
    }


def head_dict(
    old: CompiledRuleSet[Any], new: CompiledRuleSet[Any], impacts: Impacts
) -> dict[str, Any]:
    """The JSON document's head: the two rule sets and the changes between them."""
    return {
        "old": ref_dict(old.ref),
        "new": ref_dict(new.ref),
        "changes": [change_dict(c) for c in impacts.changes],
    }


def counts_dict(impacts: Impacts) -> dict[str, int]:
    """Records read, moved and with errors."""
    return {"read": impacts.read, "moved": impacts.moved, "errors": impacts.errors}


def transition_dict(transition: Transition) -> dict[str, Any]:
    return {"old": transition.old, "new": transition.new, "records": transition.records}


def issues_dict(issues: Sequence[RecordIssue]) -> list[dict[str, Any]]:
    return [
        {
            "field": e.field,
            "value": e.value,
            "message": e.message,
            "code": e.code,
            "column": e.column,
        }
        for e in issues
    ]


def _side(side: Side) -> dict[str, Any]:
    if side.kind == "scorecard":
        return {
            "status": side.status,
            "total": _num(side.total),
            "rating": side.rating,
            "classification": dict(side.classification),
            "not_rated_reason": side.not_rated_reason,
            "override": side.override,
        }
    return {
        "status": side.status,
        "outcome": side.outcome,
        "amounts": {aid: _num(value) for aid, value in side.amounts},
    }


def _cause(cause: Cause) -> dict[str, Any]:
    return {
        "rule": cause.rule,
        "kind": cause.kind,
        "points": _num(cause.points),
        "part": cause.part,
        "old": _plain(cause.old),
        "new": _plain(cause.new),
    }


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def signed(value: Decimal, lang: str) -> str:
    """``+1``, ``−0,5`` (a true minus sign), ``0``: a change of points as people read it."""
    shown = fmt(abs(value), lang)
    return shown if not value else ("+" if value > 0 else "\u2212") + shown


class StateNames:
    """How the two rule sets name ratings, outcomes and classes, in one language."""

    def __init__(self, old: CompiledRuleSet[Any], new: CompiledRuleSet[Any], lang: str) -> None:
        self.lang = lang
        self.kind = new.kind
        self.order: list[str] = []
        self.labels: dict[str, str] = {}
        if new.kind == "scorecard":
            for rules in (new, old):
                for band in rules.ruleset.scorecard.ratings.bands:
                    self.labels.setdefault(band.id, band.label.get(lang))
            for key in ("not_rated", "undetermined"):
                self.labels[key] = message("words", key, lang)
        else:
            for key in ("eligible", "not_eligible", "undetermined"):
                self.labels[key] = message("eligibility", key, lang)
            self.labels["none"] = "—"
        self.labels["error"] = message("status", "error", lang)
        self.order = list(self.labels)

    def state(self, code: str) -> str:
        return self.labels.get(code, code)

    def ordered(self, codes: Iterable[str]) -> list[str]:
        """``codes`` in the order of the rule sets (ratings low to high), then the others."""
        rank = {code: n for n, code in enumerate(self.order)}
        return sorted(set(codes), key=lambda c: (rank.get(c, len(rank)), c))

    def sorted(self, transitions: Iterable[Transition]) -> list[Transition]:
        """Transitions by old state, then new, in the order of `ordered`."""
        rank = {code: n for n, code in enumerate(self.order)}
        last = len(rank)
        return sorted(
            transitions,
            key=lambda t: (rank.get(t.old, last), t.old, rank.get(t.new, last), t.new),
        )

    def value(self, part: str, value: Any) -> str:
        """A cause's old or new value: an outcome in words, a number as people read it."""
        if value is None:
            return "—"
        if part == "condition":
            return message("eligibility", str(value), self.lang)
        if part == "rating":
            return self.state(str(value))
        return fmt(value, self.lang)


def cause_text(cause: Cause, lang: str, names: StateNames | None = None) -> str:
    """A cause as a sentence: "−1 tại c03a: ngưỡng khung điểm thay đổi" / "−1 at c03a: …"."""
    why = ", ".join(said(f"impact.why_{kind}").text(lang) for kind in cause.kinds)
    rule = cause.rule
    if cause.part == "item" and cause.points is not None:
        points = signed(cause.points, lang)
        return said("impact.item", points=points, rule=rule, why=why).text(lang)
    shown = names.value if names is not None else _shown(lang)
    old, new = shown(cause.part, cause.old), shown(cause.part, cause.new)
    if cause.part == "item":
        return said("impact.unscored", rule=rule, old=old, new=new, why=why).text(lang)
    return said("impact.part", rule=rule, old=old, new=new, why=why).text(lang)


def _shown(lang: str) -> Any:
    return lambda _part, value: "—" if value is None else fmt(value, lang)


def render_moved(found: Impact, names: StateNames) -> str:
    """One record that moved, or has errors: its two results, then each cause indented."""
    lang = names.lang
    rid = found.id or f"#{found.row}"
    if found.status == "error":
        sides = [
            s for s, side in (("old", found.old), ("new", found.new)) if side.status == "error"
        ]
        side = said(f"impact.side_{'both' if len(sides) == 2 else sides[0]}")
        lines = [said("impact.record_error", id=rid, side=side).text(lang)]
        for part in (found.old, found.new):
            lines += [f"    {issue_text(e, lang, found.row)}" for e in part.errors]
        return "\n".join(dict.fromkeys(lines)) + "\n"
    head = said(
        "impact.record", id=rid, old=_result(found.old, names), new=_result(found.new, names)
    )
    text = head.text(lang)
    if found.kind == "scorecard" and found.delta:
        text += f" ({signed(found.delta, lang)})"
    lines = [text, *(f"    {cause_text(c, lang, names)}" for c in found.causes)]
    return "\n".join(lines) + "\n"


def _result(side: Side, names: StateNames) -> str:
    state = names.state(side.state)
    if side.kind == "scorecard" and side.total is not None:
        return f"{fmt(side.total, names.lang)} {state}"
    return state


def render_transitions(
    transitions: Sequence[Transition], names: StateNames, width: int | None = None
) -> str:
    """The transition table: one row per old state, one column per new state, counts."""
    olds = names.ordered(t.old for t in transitions)
    news = names.ordered(t.new for t in transitions)
    counts = {(t.old, t.new): t.records for t in transitions}
    headers = [said("impact.from").text(names.lang), *(names.state(s) for s in news)]
    rows = [
        [names.state(a), *(str(counts[(a, b)]) if (a, b) in counts else "" for b in news)]
        for a in olds
    ]
    return render_table(headers, rows, width=width)


def render_impact(impacts: Impacts, names: StateNames, width: int | None = None) -> str:
    """The end of the text output: the transition table, then the counts."""
    lang = names.lang
    parts = []
    if not impacts.moved:
        parts.append(said("impact.none_moved").text(lang) + "\n")
    if impacts.read:
        parts.append(said("impact.transitions").text(lang) + "\n")
        parts.append(render_transitions(impacts.transitions, names, width))
    counts = counts_dict(impacts)
    parts.append(
        said(
            "impact.counts", read=counts["read"], moved=counts["moved"], errors=counts["errors"]
        ).text(lang)
        + "\n"
    )
    return "".join(parts)
