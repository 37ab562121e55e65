"""Eligibility results as JSON data and as explained text, in Vietnamese or English.

The JSON field names are a contract: ``programs`` → ``outcome``, ``conditions``
(``id``, ``outcome``, ``citation``, ``values``), ``amounts`` (id → VND string).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from coopeval.eligibility import AmountResult, ConditionResult, ProgrammeResult
from coopeval.explain import fmt, issue_text, message
from coopeval.output import issue_dicts, plain, ref_dict
from coopeval.population import SetRuleResult
from coopeval.render import render_table

__all__ = [
    "explain_programme",
    "programme_dict",
    "record_dict",
    "render_set_rules",
    "set_rule_dict",
]

_MARKS = {"met": "✓", "not_met": "✗", "missing": "?"}
_CENT = Decimal("0.01")


def record_dict(results: Sequence[ProgrammeResult]) -> dict[str, Any]:
    """One record's results under several programmes, as the JSON output holds them."""
    first = results[0]
    errors = [dict(e, program=r.programme.id) for r in results for e in _errors(r)]
    return {
        "id": first.id,
        "status": "error" if errors else "ok",
        "programs": {r.programme.id: programme_dict(r) for r in results},
        "errors": errors,
        "meta": dict(first.meta),
        "source": {"file": first.source, "row": first.row},
    }


def programme_dict(result: ProgrammeResult) -> dict[str, Any]:
    """One programme's outcome, every condition, and its amounts as exact VND strings."""
    return {
        "outcome": result.outcome,
        "conditions": [_condition(c) for c in result.conditions],
        "amounts": {a.id: None if a.value is None else str(a.value) for a in result.amounts},
        "amount_details": {a.id: _amount(a) for a in result.amounts},
        "missing": list(result.missing),
        "derived": dict(result.derived),
        "errors": _errors(result),
        "ruleset": ref_dict(result.programme),
    }


def _condition(condition: ConditionResult) -> dict[str, Any]:
    return {
        "id": condition.id,
        "outcome": condition.outcome,
        "citation": condition.citation,
        "status": condition.status,
        "values": {name: plain(value) for name, value in condition.values},
        "missing": list(condition.missing),
        "children": list(condition.children),
    }


def _amount(amount: AmountResult) -> dict[str, Any]:
    return {
        "value": None if amount.value is None else str(amount.value),
        "unit": amount.unit,
        "formula": amount.formula,
        "citation": amount.citation,
        "status": amount.status,
        "values": {name: plain(value) for name, value in amount.values},
        "missing": list(amount.missing),
        "parameters": [
            {
                "parameter": p.parameter,
                "column": p.column,
                "on": p.on.isoformat(),
                "value": str(p.value),
                "effective_from": p.effective_from.isoformat(),
                "citation": p.citation,
                "status": p.status,
            }
            for p in amount.parameters
        ],
    }


def _errors(result: ProgrammeResult) -> list[dict[str, Any]]:
    return issue_dicts(result.errors, result.row)


def explain_programme(result: ProgrammeResult, lang: str = "vi") -> str:
    """Every condition with its outcome, values and citation; then the amounts."""
    rules = result.rules
    if rules is None:
        return ""
    pg = rules.programme
    name = dict(result.meta).get("name")
    outcome = message("eligibility", result.outcome, lang) if result.outcome else "—"
    lines = [
        message(
            "eligibility",
            "title",
            lang,
            id=result.id or "?",
            name=f" ({name})" if name else "",
            programme=pg.ruleset.title.get(lang),
            ruleset=pg.ruleset.id,
            version=pg.ruleset.version,
            outcome=outcome.upper(),
        ),
        "",
    ]
    labels = {c.id: c.label.get(lang) for c in pg.conditions}
    if result.conditions:
        lines.append(_conditions_table(result, labels, lang))
    if result.missing:
        lines.append(message("eligibility", "needs", lang, fields=", ".join(result.missing)))
    lines.extend(
        message("eligibility", "derived", lang, name=n, ruleset=r) for n, r in result.derived
    )
    if result.amounts:
        lines.append("")
        lines.append(_amounts_table(result, lang))
        lines.extend(_parameter_lines(result, lang))
    lines.extend(f"- {issue_text(e, lang, result.row)}" for e in result.errors)
    lines.extend(f"- {message('lines', key, lang)}" for key in _legends(result))
    return "\n".join(lines).rstrip() + "\n"


def _legends(result: ProgrammeResult) -> list[str]:
    """The footnotes for the statuses this result shows: provisional, unconfirmed."""
    statuses = {c.status for c in result.conditions} | {a.status for a in result.amounts}
    statuses |= {p.status for a in result.amounts for p in a.parameters}
    keys = {"provisional": "provisional_legend", "unconfirmed": "unconfirmed_legend"}
    return [keys[s] for s in ("provisional", "unconfirmed") if s in statuses]


def _conditions_table(result: ProgrammeResult, labels: dict[str, str], lang: str) -> str:
    by_id = {c.id: c for c in result.conditions}
    root = result.rules.programme.root if result.rules else None
    ordered: list[tuple[int, ConditionResult]] = []

    def walk(cid: str, depth: int) -> None:
        condition = by_id[cid]
        ordered.append((depth, condition))
        for child in condition.children:
            walk(child, depth + 1)

    if root is not None:
        walk(root, 0)
    rows = []
    for depth, c in ordered:
        values = ", ".join(f"{n}={fmt(v, lang) if v is not None else '—'}" for n, v in c.values)
        if c.missing:
            values += (
                ("; " if values else "")
                + message("eligibility", "missing", lang)
                + ": "
                + ", ".join(c.missing)
            )
        status = "" if c.status == "confirmed" else f"(*) {message('words', c.status, lang)}"
        rows.append(
            [
                _MARKS[c.outcome],
                "  " * depth + c.id,
                labels[c.id],
                message("eligibility", c.outcome, lang),
                values,
                c.citation,
                status,
            ]
        )
    headers = [
        "",
        "id",
        message("eligibility", "condition", lang),
        message("eligibility", "outcome", lang),
        message("eligibility", "values", lang),
        message("words", "citation", lang),
        message("words", "note", lang),
    ]
    return render_table(headers, rows, widths=[None, None, 40, None, 44, 40, None]).rstrip("\n")


def _amounts_table(result: ProgrammeResult, lang: str) -> str:
    labels = (
        {a.id: a.label.get(lang) for a in result.rules.programme.amounts} if result.rules else {}
    )
    rows = []
    for a in result.amounts:
        shown = (
            f"{fmt(a.value, lang)} {a.unit}"
            if a.value is not None
            else message("eligibility", "amount_missing", lang, fields=", ".join(a.missing))
        )
        used = ", ".join(f"{n}={fmt(v, lang) if v is not None else '—'}" for n, v in a.values)
        status = "" if a.status == "confirmed" else f"(*) {message('words', a.status, lang)}"
        rows.append(
            [a.id, labels.get(a.id, a.id), shown, f"{a.formula}  [{used}]", a.citation, status]
        )
    headers = [
        "id",
        message("eligibility", "amount", lang),
        message("eligibility", "value", lang),
        message("eligibility", "formula", lang),
        message("words", "citation", lang),
        message("words", "note", lang),
    ]
    return render_table(headers, rows, widths=[None, 30, 24, 60, 36, None]).rstrip("\n")


def _parameter_lines(result: ProgrammeResult, lang: str) -> list[str]:
    seen: list[str] = []
    for amount in result.amounts:
        for p in amount.parameters:
            status = "" if p.status == "confirmed" else f" (*) {message('words', p.status, lang)}"
            line = (
                "- "
                + message(
                    "eligibility",
                    "parameter",
                    lang,
                    parameter=p.parameter,
                    column=p.column,
                    on=p.on.isoformat(),
                    value=fmt(p.value, lang),
                    since=p.effective_from.isoformat(),
                    citation=p.citation,
                )
                + status
            )
            if line not in seen:
                seen.append(line)
    return seen


def set_rule_dict(result: SetRuleResult) -> dict[str, Any]:
    """A set rule's result as JSON data."""
    return {
        "id": result.id,
        "program": result.programme,
        "kind": result.kind,
        "citation": result.citation,
        "status": result.status,
        "groups": [
            {
                "group": g.group,
                "outcome": g.outcome,
                "count": g.count,
                "total": g.total,
                "share": None if g.share is None else str(g.share),
                "limit": str(g.limit),
                "records": list(g.records),
                "undecided": list(g.undecided),
            }
            for g in result.groups
        ],
        "ranking": [
            {
                "rank": e.rank,
                "id": e.id,
                "keys": [None if k is None else str(k) for k in e.keys],
                "missing": list(e.missing),
            }
            for e in result.ranking
        ],
    }


def render_set_rules(results: Sequence[SetRuleResult], lang: str = "vi") -> str:
    """Each set rule as a table: groups with outcome and counts, or the ranking."""
    parts = []
    for rule in results:
        parts.append(
            f"{rule.programme} / {rule.id} ({rule.citation})"
            + ("" if rule.status == "confirmed" else f" (*) {message('words', rule.status, lang)}")
        )
        if rule.kind == "ranking":
            headers = [message("eligibility", k, lang) for k in ("rank", "keys")]
            rows = [
                [
                    str(e.rank or "—"),
                    e.id,
                    ", ".join("—" if k is None else fmt(k, lang) for k in e.keys)
                    + (
                        f" ({message('eligibility', 'missing', lang)}: {', '.join(e.missing)})"
                        if e.missing
                        else ""
                    ),
                ]
                for e in rule.ranking
            ]
            parts.append(render_table([headers[0], "id", headers[1]], rows))
        else:
            headers = [
                message("eligibility", k, lang)
                for k in ("group", "outcome", "count", "share", "limit")
            ]
            rows = [
                [
                    g.group or message("eligibility", "all", lang),
                    message("eligibility", g.outcome, lang),
                    f"{g.count}/{g.total}" if rule.kind == "share" else str(g.count),
                    "" if g.share is None else f"{fmt(g.share.quantize(_CENT), lang)} %",
                    fmt(g.limit, lang),
                ]
                for g in rule.groups
            ]
            parts.append(render_table(headers, rows))
    return "\n".join(parts)
