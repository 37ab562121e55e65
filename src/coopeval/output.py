"""Results as plain data for JSON, JSONL and CSV. The field names are a contract.

Every decimal is written as a string, so no consumer ever reads a float.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from coopeval.compiler import CompiledRuleSet
from coopeval.explain import next_rating
from coopeval.results import Evaluation, ItemResult, RecordIssue, RuleSetRef

__all__ = ["csv_header", "csv_row", "issue_dicts", "plain", "ref_dict", "to_dict"]


def to_dict(ev: Evaluation) -> dict[str, Any]:
    """The JSON form of one result (see README, "Output fields")."""
    upcoming = next_rating(ev)
    return {
        "id": ev.id,
        "status": ev.status,
        "total": _dec(ev.total),
        "rating": ev.rating,
        "not_rated_reason": ev.not_rated_reason,
        "override": ev.override,
        "next_rating": None
        if upcoming is None
        else {"rating": upcoming[0], "points_needed": str(upcoming[1])},
        "classification": dict(ev.classification),
        "groups": {g.id: {"points": str(g.points), "max": str(g.max)} for g in ev.groups},
        "items": {item.id: _item(item) for item in ev.items},
        "missing": [
            {"item": m.item, "points_at_stake": str(m.points_at_stake), "inputs": list(m.inputs)}
            for m in ev.missing
        ],
        "points_at_stake": str(ev.points_at_stake),
        "discrepancies": [
            {
                "item": d.item,
                "self_assessed": str(d.self_assessed),
                "computed": str(d.computed),
                "difference": str(d.difference),
            }
            for d in ev.discrepancies
        ],
        "errors": issue_dicts(ev.errors, ev.row),
        "unchecked": [{"rule": u.rule, "inputs": list(u.inputs)} for u in ev.unchecked],
        "lenient": ev.lenient,
        "meta": dict(ev.meta),
        "source": {"file": ev.source, "row": ev.row},
        "ruleset": ref_dict(ev.ruleset),
    }


def issue_dicts(issues: Sequence[RecordIssue], row: int | None) -> list[dict[str, Any]]:
    """Record issues as the ``errors`` list of the JSON output."""
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


def ref_dict(ref: RuleSetRef) -> dict[str, str]:
    """Which rule set produced a result: ``id``, ``version``, ``sha256``."""
    return {"id": ref.id, "version": ref.version, "sha256": ref.sha256}


def _item(item: ItemResult) -> dict[str, Any]:
    return {
        "points": _dec(item.points),
        "max": str(item.max),
        "status": item.status,
        "source": item.source,
        "measure": _dec(item.measure),
        "raw_measure": _dec(item.raw_measure),
        "band": None
        if item.band is None
        else {"index": item.band, "lower": _dec(item.band_lower), "upper": _dec(item.band_upper)},
        "self_assessed": _dec(item.self_assessed),
        "inputs": {name: plain(value) for name, value in item.inputs},
        "citation": item.citation,
    }


def plain(value: Any) -> Any:
    """A value JSON can hold exactly: decimals and dates as strings."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def csv_header(rules: CompiledRuleSet) -> list[str]:
    """Columns of the flat CSV form: identity, result, classification, points per item."""
    return [
        "id",
        "name",
        "province",
        "district",
        "year",
        "status",
        "total",
        "rating",
        "not_rated_reason",
        *(f"classification.{axis.id}" for axis in rules.axes),
        *(f"items.{item.id}.points" for item in rules.items),
        "missing",
        "points_at_stake",
        "discrepancies",
        "errors",
        "ruleset.id",
        "ruleset.version",
        "ruleset.sha256",
        "source.row",
    ]


def csv_row(ev: Evaluation) -> dict[str, str]:
    """One result as a flat row keyed by `csv_header` columns."""
    meta = dict(ev.meta)
    row = {
        "id": ev.id or "",
        "name": meta.get("name", ""),
        "province": meta.get("province", ""),
        "district": meta.get("district", ""),
        "year": meta.get("year", ""),
        "status": ev.status,
        "total": _dec(ev.total) or "",
        "rating": ev.rating or "",
        "not_rated_reason": ev.not_rated_reason or "",
        "missing": ";".join(m.item for m in ev.missing),
        "points_at_stake": str(ev.points_at_stake),
        "discrepancies": ";".join(f"{d.item}:{d.difference}" for d in ev.discrepancies),
        "errors": " | ".join(
            f"{e.field}={e.value!r}: {e.message}" + (f" (allowed {e.allowed})" if e.allowed else "")
            for e in ev.errors
        ),
        "ruleset.id": ev.ruleset.id,
        "ruleset.version": ev.ruleset.version,
        "ruleset.sha256": ev.ruleset.sha256,
        "source.row": "" if ev.row is None else str(ev.row),
    }
    row.update({f"classification.{axis}": value or "" for axis, value in ev.classification})
    if ev.scores is not None and ev.rules is not None:
        row.update(
            {
                f"items.{item.id}.points": "" if points is None else str(points)
                for item, points in zip(ev.rules.items, ev.scores.points, strict=True)
            }
        )
    return row
