"""Results as flat rows for CSV, for both kinds. The column names are a contract.

A scorecard result is one row keyed by `csv_header`; one record under several
programmes is one row keyed by `programme_csv_header`. Every value is text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coopeval.engine.compile import CompiledRuleSet
from coopeval.engine.results import Evaluation, ProgrammeResult

__all__ = ["csv_header", "csv_row", "programme_csv_header", "programme_csv_row"]


def csv_header(rules: CompiledRuleSet[Any]) -> list[str]:
    """Columns of a scorecard's flat CSV form: identity, result, classes, points per item."""
    body = rules.body
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
        *(f"classification.{axis.id}" for axis in body.axes),
        *(f"items.{item.id}.points" for item in body.items),
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
    """One scorecard result as a flat row keyed by `csv_header` columns."""
    meta = dict(ev.meta)
    row = {
        "id": ev.id or "",
        "name": meta.get("name", ""),
        "province": meta.get("province", ""),
        "district": meta.get("district", ""),
        "year": meta.get("year", ""),
        "status": ev.status,
        "total": "" if ev.total is None else str(ev.total),
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
    if ev.scores is not None and ev.layout is not None:
        items = ev.layout.ruleset.scorecard.items
        row.update(
            {
                f"items.{item.id}.points": "" if points is None else str(points)
                for item, points in zip(items, ev.scores.points, strict=True)
            }
        )
    return row


def programme_csv_header(programmes: Sequence[CompiledRuleSet[Any]]) -> list[str]:
    """Columns of one record under several programmes: outcome, missing, not met, amounts."""
    columns = ["id", "name", "status"]
    for p in programmes:
        columns += [f"{p.id}.outcome", f"{p.id}.missing", f"{p.id}.not_met"]
        columns += [f"{p.id}.{a.id}" for a in p.body.amounts]
    return [*columns, "errors", "source.row"]


def programme_csv_row(row: Sequence[ProgrammeResult]) -> dict[str, str]:
    """One record's results under several programmes as a flat row."""
    first = row[0]
    line: dict[str, str] = {
        "id": first.id or "",
        "name": dict(first.meta).get("name", ""),
        "status": "error" if any(r.errors for r in row) else "ok",
        "errors": " | ".join(
            f"{r.programme.id}: {e.field}={e.value!r}: {e.message}" for r in row for e in r.errors
        ),
        "source.row": "" if first.row is None else str(first.row),
    }
    for r in row:
        pid = r.programme.id
        line[f"{pid}.outcome"] = r.outcome or ""
        line[f"{pid}.missing"] = ";".join(r.missing)
        line[f"{pid}.not_met"] = ";".join(
            c.id for c in r.conditions if c.outcome == "not_met" and not c.children
        )
        line.update({f"{pid}.{a.id}": "" if a.value is None else str(a.value) for a in r.amounts})
    return line
