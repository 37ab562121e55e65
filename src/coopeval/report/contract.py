"""Results as plain data for JSON and JSONL, for both kinds. The field names are a contract.

`to_dict` gives the JSON form of any result; with ``mode="json"`` every decimal
is a string and every date ISO text, so no consumer ever reads a float; with
``mode="python"`` decimals and dates stay as they are. The CSV form is in `columns`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs

from coopeval.engine.population import SetRuleResult
from coopeval.engine.results import (
    AmountResult,
    ConditionResult,
    Evaluation,
    ItemResult,
    ProgrammeResult,
    RuleSetRef,
)
from coopeval.errors import UsageError
from coopeval.records import RecordIssue
from coopeval.report.explanation import AmountLine, ConditionLine, Explanation, Line
from coopeval.report.scorecard import next_rating

__all__ = ["Mode", "programme_fields", "to_dict"]

#: ``json``: JSON-ready values (decimals as strings); ``python``: decimals and dates kept.
Mode = Literal["json", "python"]

Convertible = Evaluation | ProgrammeResult | Sequence[ProgrammeResult] | SetRuleResult | Explanation


def to_dict(result: Convertible, mode: Mode = "json") -> dict[str, Any]:
    """The JSON form of one result (see the README's output fields).

    An `Evaluation` or a `ProgrammeResult`; a sequence of `ProgrammeResult`
    (one record under several programmes, as ``coopeval eligible`` writes it);
    a `SetRuleResult`; an `Explanation`.

    Raises:
        UsageError: ``mode`` is neither ``json`` nor ``python``, or nothing to convert.
    """
    if mode not in ("json", "python"):
        msg = f"mode {mode!r}: use 'json' (decimals as text) or 'python' (Decimal kept)"
        raise UsageError(msg)
    v = _Values(mode)
    if isinstance(result, Evaluation):
        return _evaluation(result, v)
    if isinstance(result, ProgrammeResult):
        return {"id": result.id, "status": result.status, **_programme(result, v), **_where(result)}
    if isinstance(result, SetRuleResult):
        return _set_rule(result, v)
    if isinstance(result, Explanation):
        return _explanation(result)
    if not result or not all(isinstance(r, ProgrammeResult) for r in result):
        msg = (
            "to_dict takes one result, or one record's results under several programmes "
            f"(a non-empty list of ProgrammeResult), not {type(result).__name__}"
        )
        raise UsageError(msg)
    return _record(result, v)


def programme_fields(result: ProgrammeResult, mode: Mode = "json") -> dict[str, Any]:
    """One programme's part of a record's JSON: ``programs.<id>``."""
    return _programme(result, _Values(mode))


class _Values:
    """Numbers and dates as the mode writes them."""

    def __init__(self, mode: Mode) -> None:
        self.python = mode == "python"

    def num(self, value: Decimal | None) -> Any:
        return value if value is None or self.python else str(value)

    def plain(self, value: Any) -> Any:
        if self.python:
            return value
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    def day(self, value: dt.date) -> Any:
        return value if self.python else value.isoformat()


def _where(result: Evaluation | ProgrammeResult) -> dict[str, Any]:
    return {"meta": dict(result.meta), "source": {"file": result.source, "row": result.row}}


def _ref(ref: RuleSetRef) -> dict[str, str]:
    return {"id": ref.id, "version": ref.version, "sha256": ref.sha256}


def _issues(issues: Sequence[RecordIssue], row: int | None) -> list[dict[str, Any]]:
    return [
        {
            "field": e.field,
            "value": e.value,
            "message": e.message,
            "code": e.code,
            "allowed": e.allowed,
            "column": e.column,
            "row": row,
        }
        for e in issues
    ]


def _evaluation(ev: Evaluation, v: _Values) -> dict[str, Any]:
    upcoming = next_rating(ev)
    return {
        "id": ev.id,
        "status": ev.status,
        "total": v.num(ev.total),
        "rating": ev.rating,
        "not_rated_reason": ev.not_rated_reason,
        "override": ev.override,
        "next_rating": None
        if upcoming is None
        else {"rating": upcoming[0], "points_needed": v.num(upcoming[1])},
        "classification": dict(ev.classification),
        "groups": {g.id: {"points": v.num(g.points), "max": v.num(g.max)} for g in ev.groups},
        "items": {item.id: _item(item, v) for item in ev.items},
        "missing": [
            {"item": m.item, "points_at_stake": v.num(m.points_at_stake), "inputs": list(m.inputs)}
            for m in ev.missing
        ],
        "points_at_stake": v.num(ev.points_at_stake),
        "discrepancies": [
            {
                "item": d.item,
                "self_assessed": v.num(d.self_assessed),
                "computed": v.num(d.computed),
                "difference": v.num(d.difference),
            }
            for d in ev.discrepancies
        ],
        "errors": _issues(ev.errors, ev.row),
        "unchecked": [{"rule": u.rule, "inputs": list(u.inputs)} for u in ev.unchecked],
        "lenient": ev.lenient,
        **_where(ev),
        "ruleset": _ref(ev.ruleset),
    }


def _item(item: ItemResult, v: _Values) -> dict[str, Any]:
    return {
        "points": v.num(item.points),
        "max": v.num(item.max),
        "status": item.status,
        "source": item.source,
        "measure": v.num(item.measure),
        "raw_measure": v.num(item.raw_measure),
        "band": None
        if item.band is None
        else {"index": item.band, "lower": v.num(item.band_lower), "upper": v.num(item.band_upper)},
        "self_assessed": v.num(item.self_assessed),
        "inputs": {name: v.plain(value) for name, value in item.inputs},
        "citation": item.citation,
    }


def _record(results: Sequence[ProgrammeResult], v: _Values) -> dict[str, Any]:
    first = results[0]
    errors = [dict(e, program=r.programme.id) for r in results for e in _issues(r.errors, r.row)]
    return {
        "id": first.id,
        "status": "error" if errors else "ok",
        "programs": {r.programme.id: _programme(r, v) for r in results},
        "errors": errors,
        **_where(first),
    }


def _programme(result: ProgrammeResult, v: _Values) -> dict[str, Any]:
    return {
        "outcome": result.outcome,
        "conditions": [_condition(c, v) for c in result.conditions],
        "amounts": {a.id: v.num(a.value) for a in result.amounts},
        "amount_details": {a.id: _amount(a, v) for a in result.amounts},
        "missing": list(result.missing),
        "derived": dict(result.derived),
        "errors": _issues(result.errors, result.row),
        "ruleset": _ref(result.programme),
    }


def _condition(condition: ConditionResult, v: _Values) -> dict[str, Any]:
    return {
        "id": condition.id,
        "outcome": condition.outcome,
        "citation": condition.citation,
        "status": condition.status,
        "values": {name: v.plain(value) for name, value in condition.values},
        "missing": list(condition.missing),
        "children": list(condition.children),
    }


def _amount(amount: AmountResult, v: _Values) -> dict[str, Any]:
    return {
        "value": v.num(amount.value),
        "unit": amount.unit,
        "formula": amount.formula,
        "citation": amount.citation,
        "status": amount.status,
        "values": {name: v.plain(value) for name, value in amount.values},
        "missing": list(amount.missing),
        "parameters": [
            {
                "parameter": p.parameter,
                "column": p.column,
                "on": v.day(p.on),
                "value": v.num(p.value),
                "effective_from": v.day(p.effective_from),
                "citation": p.citation,
                "status": p.status,
            }
            for p in amount.parameters
        ],
    }


def _set_rule(result: SetRuleResult, v: _Values) -> dict[str, Any]:
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
                "share": v.num(g.share),
                "limit": v.num(g.limit),
                "records": list(g.records),
                "undecided": list(g.undecided),
            }
            for g in result.groups
        ],
        "ranking": [
            {
                "rank": e.rank,
                "id": e.id,
                "keys": [v.num(k) for k in e.keys],
                "missing": list(e.missing),
            }
            for e in result.ranking
        ],
    }


def _explanation(explanation: Explanation) -> dict[str, Any]:
    found: dict[str, Any] = {
        "lang": explanation.lang,
        "kind": explanation.kind,
        "title": explanation.title,
        "lines": [_fields(line) for line in explanation.lines],
        "summary": list(explanation.summary),
        "notes": list(explanation.notes),
    }
    if explanation.kind == "eligibility":
        found["conditions"] = [_fields(c) for c in explanation.conditions]
        found["amounts"] = [_fields(a) for a in explanation.amounts]
    return found


def _fields(line: Line | ConditionLine | AmountLine) -> dict[str, Any]:
    """An explanation line's fields, all text (and a depth)."""
    return attrs.asdict(line)
