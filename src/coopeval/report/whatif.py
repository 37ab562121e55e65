"""What-if plans for people and for programs: the output contract and the text.

The contract (``whatif_dict``, one JSON object per record) has stable names
that other tools read: ``id``, ``status``, ``target``, ``total``, ``rating``,
``plans`` (best first), each with ``steps``, ``total_after``, ``rating_after``;
each step with ``item``, ``input`` (``null`` for self-assessed points),
``from``, ``to`` (decimal strings in the input's unit), ``points_gained``,
``citation``, ``status``. The text names each input by its label with its code
and says the change in words: "tăng Tỷ lệ doanh thu nội bộ (internal_revenue_share_pct)
từ 58 lên 80 % (+4 điểm; Thông tư 01/2020/TT-BKHĐT, …; tạm tính)".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from coopeval.engine.compile import CompiledRuleSet
from coopeval.engine.whatif import Plan, Step, WhatIf
from coopeval.engine.whatif_programme import ConditionStep, EligibilityWhatIf
from coopeval.report.messages import fmt, message
from coopeval.report.scorecard import field_names, rating_label
from coopeval.report.text import render_table, wrapped

__all__ = [
    "best_plan",
    "eligibility_dict",
    "priorities",
    "priorities_dict",
    "priority_rows",
    "render_best_plan",
    "render_eligibility",
    "render_priorities",
    "render_whatif",
    "whatif_dict",
]


_TENTH = Decimal("0.1")
_ZERO = Decimal(0)


def _value(value: Any) -> Any:
    """A value as the contract writes it: decimals as text, true/false and choices as they are."""
    return str(value) if isinstance(value, Decimal) else value


def _step(step: Step) -> dict[str, Any]:
    return {
        "item": step.item,
        "input": step.input,
        "from": _value(step.from_),
        "to": _value(step.to),
        "points_gained": str(step.points_gained),
        "citation": step.citation,
        "status": step.status,
    }


def _plan(plan: Plan) -> dict[str, Any]:
    return {
        "steps": [_step(s) for s in plan.steps],
        "total_after": str(plan.total_after),
        "rating_after": plan.rating_after,
    }


def whatif_dict(found: WhatIf) -> dict[str, Any]:
    """One record's what-if as the output contract has it (JSON-ready)."""
    return {
        "id": found.id,
        "status": found.status,
        "target": found.target,
        "total": None if found.total is None else str(found.total),
        "rating": found.rating,
        "plans": [_plan(p) for p in found.plans],
        "possible": None if found.possible is None else str(found.possible),
        "at_maximum": list(found.at_maximum),
        "fixed": list(found.fixed),
        "reason": found.reason,
    }


class _Words:
    """The labels of one rule set in one language."""

    def __init__(self, rules: CompiledRuleSet[Any], lang: str) -> None:
        self.lang = lang
        self.name = field_names(rules.ruleset, lang)
        self.units = {spec.name: spec.unit for spec in rules.ruleset.inputs}
        self.labels: dict[str, str] = {}
        self.edges: dict[str, Decimal | None] = {}
        self.reasons: dict[str, str] = {}
        if rules.kind == "scorecard":
            self.scorecard = rules.ruleset.scorecard
            self.labels = {item.id: item.label.get(lang) for item in self.scorecard.items}
            self.edges = {r.id: r.lower for r in self.scorecard.ratings.bands}
            self.reasons = {
                x.id: f"{x.reason.get(lang)} ({x.id})" for x in self.scorecard.exclusions
            }

    def rating(self, rating: str | None) -> str:
        if rating is None:  # missing evidence leaves it open
            return message("words", "undetermined", self.lang)
        if rating == "not_rated":
            return message("words", "not_rated", self.lang)
        return rating_label(self.scorecard, rating, self.lang)

    def amount(self, value: Any, unit: str) -> str:
        if isinstance(value, bool):
            return message("words", "yes" if value else "no", self.lang)
        if isinstance(value, str):
            return repr(value)
        shown = fmt(value, self.lang)
        if value is None:
            return shown
        return f"{shown} {unit}" if unit and unit != "%" else f"{shown}{' %' if unit else ''}"

    def change(self, step: Step) -> str:
        lang = self.lang
        if step.input is None and step.needs:
            needs = ", ".join(self.name(n) for n in step.needs)
            return message("whatif", "evidence", lang, needs=needs, to=fmt(step.to, lang))
        if step.input is None:
            points = {"from": fmt(step.from_, lang), "to": fmt(step.to, lang)}
            return message("whatif", "self_points", lang, **points)
        unit = self.units.get(step.input, "")
        values = {
            "input": self.name(step.input),
            "from": self.amount(step.from_, unit),
            "to": self.amount(step.to, unit),
        }
        if step.from_ is None:
            key = "provide"
        elif isinstance(step.to, Decimal) and isinstance(step.from_, Decimal):
            key = "raise" if step.to > step.from_ else "lower"
        else:
            key = "set"
        return message("whatif", key, lang, **values)

    def step(self, step: Step) -> str:
        status = (
            "" if step.status == "confirmed" else f"; {message('words', step.status, self.lang)}"
        )
        return message(
            "whatif",
            "step",
            self.lang,
            item=step.item,
            label=self.labels.get(step.item, ""),
            change=self.change(step),
            points=fmt(step.points_gained, self.lang),
            count=step.points_gained,
            citation=step.citation,
            status=status,
        )


def render_whatif(
    results: Sequence[WhatIf],
    rules: CompiledRuleSet[Any],
    lang: str = "vi",
    width: int | None = None,
) -> str:
    """Each record's plans as text: a title, then each plan and its steps, or why none.

    ``width``: lines wrapped to that many characters, at spaces only.
    """
    words = _Words(rules, lang)
    parts = []
    for found in results:
        ev = found.evaluation
        name = dict(ev.meta).get("name") if ev is not None else None
        target = words.rating(found.target)
        parts.append(
            message(
                "whatif",
                "title",
                lang,
                id=found.id or "",
                name=f" ({name})" if name else "",
                total=fmt(found.total, lang),
                rating=words.rating(found.rating),
                target=target,
                edge=fmt(words.edges.get(found.target), lang),
            )
        )
        if found.status == "plan":
            for number, plan in enumerate(found.plans, 1):
                parts.append(
                    "  "
                    + message(
                        "whatif",
                        "plan",
                        lang,
                        number=number,
                        count=len(plan.steps),
                        total=fmt(plan.total_after, lang),
                        rating=words.rating(plan.rating_after),
                    )
                )
                parts.extend(f"    - {words.step(step)}" for step in plan.steps)
        elif found.status == "unreachable":
            possible = fmt(found.possible, lang)
            parts.append(
                "  " + message("whatif", "unreachable", lang, target=target, possible=possible)
            )
        elif found.status == "not_rated":
            reason = words.reasons.get(found.reason or "", found.reason or "")
            parts.append("  " + message("whatif", "not_rated", lang, reason=reason))
        else:
            parts.append("  " + message("whatif", found.status, lang, target=target))
        if found.status in ("plan", "unreachable"):
            if found.at_maximum:
                items = ", ".join(found.at_maximum)
                parts.append("  " + message("whatif", "at_maximum", lang, items=items))
            if found.fixed:
                parts.append("  " + message("whatif", "fixed", lang, items=", ".join(found.fixed)))
        parts.append("")
    return "\n".join(_fitted(part, width) for part in parts)


def _fitted(line: str, width: int | None) -> str:
    """A line wrapped to ``width``, its continuation indented two more than it is."""
    if "\n" in line:  # wrapped already
        return line
    lead = line[: len(line) - len(line.lstrip(" "))]
    return wrapped(line, width, lead + "  ")


def priorities(results: Sequence[WhatIf]) -> list[tuple[str, int]]:
    """Items by how many records' best plans change them, most first (the province's priorities)."""
    counts: Counter[str] = Counter(
        step.item for found in results if found.plans for step in found.plans[0].steps
    )
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def priorities_dict(results: Sequence[WhatIf]) -> dict[str, Any]:
    """The priorities as data: how many records have a plan, and per item its count."""
    planned = sum(1 for found in results if found.plans)
    return {
        "records_with_plan": planned,
        "items": [{"item": item, "count": n} for item, n in priorities(results)],
    }


def render_priorities(
    results: Sequence[WhatIf],
    rules: CompiledRuleSet[Any],
    lang: str = "vi",
    width: int | None = None,
) -> str:
    """The priorities as a table: item, its label, how many plans, the share of plans."""
    words = _Words(rules, lang)
    planned = sum(1 for found in results if found.plans)
    target = words.rating(results[0].target) if results else ""
    if not planned:
        return message("whatif", "summary_none", lang, target=target) + "\n"
    rows = [list(row) for row in priority_rows(results, rules, lang)]
    headers = [
        message("words", "item", lang),
        message("words", "criterion", lang),
        message("whatif", "summary_count", lang),
        message("whatif", "summary_share", lang),
    ]
    title = message("whatif", "summary_title", lang, count=planned, target=target)
    return title + "\n\n" + render_table(headers, rows, width=width)


def priority_rows(
    results: Sequence[WhatIf], rules: CompiledRuleSet[Any], lang: str = "vi"
) -> list[tuple[str, str, str, str]]:
    """Per item in the best plans, most often first: item, label, count, share of plans."""
    labels = _Words(rules, lang).labels
    planned = sum(1 for found in results if found.plans)
    return [
        (
            item,
            labels.get(item, ""),
            str(n),
            f"{fmt((Decimal(100 * n) / planned).quantize(_TENTH), lang)} %",
        )
        for item, n in priorities(results)
    ]


def render_best_plan(
    found: WhatIf, rules: CompiledRuleSet[Any], lang: str = "vi", width: int | None = None
) -> str:
    """The best plan's steps under a heading, for the end of an explanation; empty without one."""
    if not found.plans:
        return ""
    heading, steps = best_plan(found, rules, lang)
    lines = [heading, *(f"  - {step}" for step in steps)]
    return "\n".join(_fitted(line, width) for line in lines) + "\n"


def best_plan(
    found: WhatIf, rules: CompiledRuleSet[Any], lang: str = "vi"
) -> tuple[str, tuple[str, ...]]:
    """The heading of the best plan and its steps in words (no steps without a plan)."""
    words = _Words(rules, lang)
    heading = message("whatif", "best_plan", lang, target=words.rating(found.target))
    steps = tuple(words.step(step) for step in found.plans[0].steps) if found.plans else ()
    return heading, steps


# --- eligibility ----------------------------------------------------------------------


def eligibility_dict(found: EligibilityWhatIf) -> dict[str, Any]:
    """One record's plans to eligibility as the output contract has it (JSON-ready)."""
    return {
        "id": found.id,
        "programme": found.programme,
        "status": found.status,
        "outcome": found.outcome,
        "plans": [
            {
                "steps": [
                    {
                        "condition": s.condition,
                        "input": s.input,
                        "from": _value(s.from_),
                        "to": _value(s.to),
                        "citation": s.citation,
                        "status": s.status,
                    }
                    for s in plan.steps
                ],
                "outcome_after": plan.outcome_after,
            }
            for plan in found.plans
        ],
        "blocked": list(found.blocked),
    }


def render_eligibility(
    results: Sequence[EligibilityWhatIf],
    rules: CompiledRuleSet[Any],
    lang: str = "vi",
    width: int | None = None,
) -> str:
    """Each record's plans to eligibility: which conditions, which inputs, to what value."""
    words = _Words(rules, lang)
    labels = {c.id: c.label.get(lang) for c in rules.ruleset.programme.conditions}
    parts = []
    for found in results:
        meta = dict(found.result.meta) if found.result is not None else {}
        outcome = message("eligibility", found.outcome, lang) if found.outcome else "—"
        key = "eligibility_now" if found.status == "at_target" else "eligibility_title"
        parts.append(
            message(
                "whatif",
                key,
                lang,
                id=found.id or "",
                name=f" ({meta['name']})" if meta.get("name") else "",
                programme=found.programme,
                outcome=outcome,
            )
        )
        for number, plan in enumerate(found.plans, 1):
            after = message("eligibility", plan.outcome_after, lang)
            parts.append(
                "  "
                + message(
                    "whatif",
                    "eligibility_plan",
                    lang,
                    number=number,
                    count=len(plan.steps),
                    outcome=after,
                )
            )
            parts.extend(f"    - {_condition_step(words, labels, s)}" for s in plan.steps)
        if found.status == "at_target":
            parts.append("  " + message("whatif", "eligible_already", lang))
        elif found.status == "unreachable":
            conditions = ", ".join(found.blocked) or "—"
            parts.append("  " + message("whatif", "blocked", lang, conditions=conditions))
        elif found.status == "error":
            parts.append("  " + message("whatif", "error", lang))
        parts.append("")
    return "\n".join(_fitted(part, width) for part in parts)


def _condition_step(words: _Words, labels: dict[str, str], step: ConditionStep) -> str:
    as_step = Step(step.condition, step.input, step.from_, step.to, _ZERO, "", "", None, 0)
    confirmed = step.status == "confirmed"
    status = "" if confirmed else f"; {message('words', step.status, words.lang)}"
    return message(
        "whatif",
        "condition_step",
        words.lang,
        condition=step.condition,
        label=labels.get(step.condition, ""),
        change=words.change(as_step),
        citation=step.citation,
        status=status,
    )
