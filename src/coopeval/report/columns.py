"""Results as flat rows for CSV, for both kinds. The column names are a contract.

A scorecard result is one row keyed by `csv_header`; one record under several
programmes is one row keyed by `programme_csv_header`. Every value is text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coopeval.engine.compile import CompiledRuleSet
from coopeval.engine.results import Evaluation, ProgrammeResult
from coopeval.ruleset.scorecard import Scorecard

__all__ = [
    "csv_header",
    "csv_line",
    "csv_row",
    "programme_csv_header",
    "programme_csv_row",
]


def csv_header(rules: CompiledRuleSet[Any]) -> list[str]:
    """Columns of a scorecard's flat CSV form: identity, result, classes, points per item."""
    return _header(rules.ruleset.scorecard)


def _header(scorecard: Scorecard) -> list[str]:
    return [
        *_IDENTITY,
        *(f"classification.{axis.id}" for axis in scorecard.classifications),
        *(f"items.{item.id}.points" for item in scorecard.items),
        *_TAIL,
    ]


_IDENTITY = (
    "id",
    "name",
    "province",
    "district",
    "year",
    "status",
    "total",
    "rating",
    "not_rated_reason",
)
_TAIL = (
    "missing",
    "points_at_stake",
    "discrepancies",
    "errors",
    "ruleset.id",
    "ruleset.version",
    "ruleset.sha256",
    "source.row",
)


def csv_row(ev: Evaluation) -> dict[str, str]:
    """One scorecard result as a flat row keyed by `csv_header` columns."""
    line = csv_line(ev)
    if ev.layout is not None:
        return dict(zip(_header(ev.layout.ruleset.scorecard), line, strict=True))
    # A result without its rule set: its own classes, no items.
    row = dict(zip(_IDENTITY, line, strict=False))
    row.update({f"classification.{axis}": value or "" for axis, value in ev.classification})
    row.update(zip(_TAIL, line[len(_IDENTITY) :], strict=True))
    return row


_NO_META: dict[str, str] = {}


def csv_line(ev: Evaluation) -> list[str]:
    """One scorecard result as the values of the `csv_header` columns, in their order.

    Built as a list (not a dict for `csv.DictWriter`): this runs once per record.
    """
    meta = dict(ev.meta) if ev.meta else _NO_META
    line = [
        ev.id or "",
        meta.get("name", ""),
        meta.get("province", ""),
        meta.get("district", ""),
        meta.get("year", ""),
        ev.status,
        "" if ev.total is None else str(ev.total),
        ev.rating or "",
        ev.not_rated_reason or "",
    ]
    if ev.layout is not None:
        scorecard = ev.layout.ruleset.scorecard
        classes = dict(ev.classification)
        line += [classes.get(axis.id) or "" for axis in scorecard.classifications]
        line += (
            ["" if points is None else str(points) for points in ev.scores.points]
            if ev.scores is not None
            else [""] * len(scorecard.items)
        )
    line += [
        ";".join(m.item for m in ev.missing) if ev.missing else "",
        str(ev.points_at_stake) if ev.missing else "0",
        ";".join(f"{d.item}:{d.difference}" for d in ev.discrepancies),
        " | ".join(
            f"{e.field}={e.value!r}: {e.message}" + (f" (allowed {e.allowed})" if e.allowed else "")
            for e in ev.errors
        )
        if ev.errors
        else "",
        ev.ruleset.id,
        ev.ruleset.version,
        ev.ruleset.sha256,
        "" if ev.row is None else str(ev.row),
    ]
    return line


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
