"""Explain a programme result: every condition with outcome, values and citation; amounts.

Conditions are listed in tree order from the root, each at its depth; amounts
with the formula and the values it read; then the parameters used, the errors
and the legends for the statuses the result shows.
"""

from __future__ import annotations

from collections.abc import Mapping

from coopeval.engine.results import ConditionResult, Layout, ProgrammeResult
from coopeval.errors import UsageError
from coopeval.report.explanation import AmountLine, ConditionLine, Explanation
from coopeval.report.messages import Lang, fmt, message
from coopeval.report.scorecard import field_names, issue_text

__all__ = ["explain_programme_result", "outcome_words"]


def explain_programme_result(result: ProgrammeResult, lang: Lang = "vi") -> Explanation:
    """Explain one record's result under one programme.

    Raises:
        UsageError: the result carries no rule set (it was not built by `evaluate`).
    """
    layout = result.layout
    if layout is None:
        msg = "this result carries no rule set; evaluate it with coopeval.evaluate"
        raise UsageError(msg)
    head = layout.ruleset.header
    name = dict(result.meta).get("name")
    outcome = outcome_words(result, lang)
    title = message(
        "eligibility",
        "title",
        lang,
        id=result.id or "?",
        name=f" ({name})" if name else "",
        programme=head.title.get(lang),
        ruleset=head.id,
        version=head.version,
        outcome=outcome.upper(),
    )
    named = field_names(layout.ruleset, lang)
    summary = []
    if result.missing:
        needs = ", ".join(map(named, result.missing))
        summary.append(message("eligibility", "needs", lang, fields=needs))
    summary += [
        message("eligibility", "derived", lang, name=n, ruleset=r) for n, r in result.derived
    ]
    notes = _parameters(result, lang) + [
        issue_text(e, lang, result.row, named) for e in result.errors
    ]
    notes += [message("lines", key, lang) for key in _legends(result)]
    return Explanation(
        lang,
        "eligibility",
        title,
        conditions=_conditions(result, layout, lang),
        amounts=_amounts(result, layout, lang),
        summary=tuple(summary),
        notes=tuple(notes),
    )


def _conditions(result: ProgrammeResult, layout: Layout, lang: Lang) -> tuple[ConditionLine, ...]:
    programme = layout.ruleset.programme
    labels = {c.id: c.label.get(lang) for c in programme.conditions}
    by_id: Mapping[str, ConditionResult] = {c.id: c for c in result.conditions}
    ordered: list[tuple[int, ConditionResult]] = []

    def walk(cid: str, depth: int) -> None:
        condition = by_id[cid]
        ordered.append((depth, condition))
        for child in condition.children:
            walk(child, depth + 1)

    if programme.root is not None and result.conditions:
        walk(programme.root, 0)
    lines = []
    for depth, c in ordered:
        values = ", ".join(f"{n}={fmt(v, lang) if v is not None else '—'}" for n, v in c.values)
        if c.missing:
            values += (
                ("; " if values else "")
                + message("eligibility", "missing", lang)
                + ": "
                + ", ".join(c.missing)
            )
        lines.append(
            ConditionLine(
                depth,
                c.id,
                labels[c.id],
                c.outcome,
                message("eligibility", c.outcome, lang),
                values,
                c.citation,
                _status(c.status, lang),
            )
        )
    return tuple(lines)


def _amounts(result: ProgrammeResult, layout: Layout, lang: Lang) -> tuple[AmountLine, ...]:
    labels = {a.id: a.label.get(lang) for a in layout.ruleset.programme.amounts}
    lines = []
    for a in result.amounts:
        value = (
            f"{fmt(a.value, lang)} {a.unit}"
            if a.value is not None
            else message("eligibility", "amount_missing", lang, fields=", ".join(a.missing))
        )
        used = ", ".join(f"{n}={fmt(v, lang) if v is not None else '—'}" for n, v in a.values)
        lines.append(
            AmountLine(
                a.id,
                labels.get(a.id, a.id),
                value,
                f"{a.formula}  [{used}]",
                a.citation,
                _status(a.status, lang),
            )
        )
    return tuple(lines)


def _parameters(result: ProgrammeResult, lang: Lang) -> list[str]:
    """Each parameter value the amounts used, once: table, column, day, value, period."""
    seen: list[str] = []
    for amount in result.amounts:
        for p in amount.parameters:
            status = _status(p.status, lang)
            line = message(
                "eligibility",
                "parameter",
                lang,
                parameter=p.parameter,
                column=p.column,
                on=p.on.isoformat(),
                value=fmt(p.value, lang),
                since=p.effective_from.isoformat(),
                citation=p.citation,
            ) + (f" {status}" if status else "")
            if line not in seen:
                seen.append(line)
    return seen


def _status(status: str, lang: Lang) -> str:
    """``(*) tạm tính`` for a rule that is not confirmed; nothing for one that is."""
    return "" if status == "confirmed" else f"(*) {message('words', status, lang)}"


def _legends(result: ProgrammeResult) -> list[str]:
    """The footnotes for the statuses this result shows: provisional, unconfirmed."""
    statuses = {c.status for c in result.conditions} | {a.status for a in result.amounts}
    statuses |= {p.status for a in result.amounts for p in a.parameters}
    keys = {"provisional": "provisional_legend", "unconfirmed": "unconfirmed_legend"}
    return [keys[s] for s in ("provisional", "unconfirmed") if s in statuses]


def outcome_words(result: ProgrammeResult, lang: str) -> str:
    """A programme's outcome in words, or why it judged nothing (a record dated before it)."""
    if any(e.code == "not_in_force" for e in result.errors):
        return message("eligibility", "not_in_force", lang)
    return message("eligibility", result.outcome, lang) if result.outcome else "—"
