"""Results as plain data for JSON and JSONL, for both kinds. The field names are a contract.

`to_dict` gives the JSON form of any result; with ``mode="json"`` every decimal
is a string and every date ISO text, so no consumer ever reads a float; with
``mode="python"`` decimals and dates stay as they are. The CSV form is in `columns`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any, ClassVar, Literal

import attrs

from coopeval.engine.population import SetRuleResult
from coopeval.engine.results import (
    AmountResult,
    ConditionResult,
    Evaluation,
    ItemResult,
    Layout,
    ProgrammeResult,
    RuleSetRef,
)
from coopeval.errors import UsageError
from coopeval.records import RecordIssue
from coopeval.report.explanation import AmountLine, ConditionLine, Explanation, Line
from coopeval.report.scorecard import next_rating

__all__ = ["Mode", "json_line", "programme_fields", "to_dict"]

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


def json_line(result: Convertible) -> str:
    """``json.dumps(to_dict(result), ensure_ascii=False)``, the same text, made faster.

    A scorecard result with its rule set is written from text made once per rule
    set (every item's name, maximum, status and citation, the names of the
    inputs it reads), with the record's few values put in; anything else goes
    through `to_dict`. `tests/report/test_contract.py` holds the two alike.
    """
    if isinstance(result, Evaluation) and result.layout is not None:
        scores = result.scores
        if scores is None or len(scores.points) == len(result.layout.reads):
            return _Line.of(result.layout).line(result)
    return json.dumps(to_dict(result), ensure_ascii=False)


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


def _ref(ref: RuleSetRef) -> dict[str, Any]:
    found: dict[str, Any] = {"id": ref.id, "version": ref.version, "sha256": ref.sha256}
    if ref.versions_used:  # only when another rule set decided part of the result
        found["versions_used"] = [_ref(used) for used in ref.versions_used]
    return found


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


# --- the JSON line of a scorecard result, from per-rule-set text ----------------------

#: JSON text of a string, as `json.dumps` writes it (``ensure_ascii=False``).
_text = encode_basestring


def _num(value: Decimal | None) -> str:
    """A decimal as the JSON text of ``str(value)``: digits never need escaping."""
    return "null" if value is None else f'"{value}"'


def _opt(value: str | None) -> str:
    return "null" if value is None else _text(value)


def _plain(value: Any) -> str:
    """An input's value as `_Values.plain` gives it to `json.dumps`."""
    if value is None:
        return "null"
    if isinstance(value, Decimal):
        return f'"{value}"'
    if isinstance(value, str):
        return _text(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dt.date):
        return f'"{value.isoformat()}"'
    return json.dumps(value, ensure_ascii=False)


def _pairs(pairs: Sequence[tuple[str, Any]], write: Any) -> str:
    """A JSON object of ``pairs`` as `dict` keeps them: first place, last value."""
    found = dict(pairs)
    return "{" + ", ".join(f"{_text(k)}: {write(v)}" for k, v in found.items()) + "}"


_SOURCES = {s: _text(s) for s in ("computed", "self_assessed", "missing", "lenient_zero", "error")}


def _band_points(layout: Layout) -> list[tuple[Decimal, ...]]:
    """Each item's points per band, as the rule file gives them."""
    return [tuple(b.points for b in item.bands) for item in layout.ruleset.scorecard.items]


class _Line:
    """What every JSON line of one rule set's results shares, as text."""

    _made: ClassVar[dict[int, tuple[Layout, _Line]]] = {}

    @classmethod
    def of(cls, layout: Layout) -> _Line:
        # By identity: a layout is made once per compiled rule set. A few are kept.
        found = cls._made.get(id(layout))
        if found is None or found[0] is not layout:
            if len(cls._made) >= 16:
                cls._made.clear()
            found = cls._made[id(layout)] = (layout, cls(layout))
        return found[1]

    def __init__(self, layout: Layout) -> None:
        self.names = layout.names
        self.tables = layout.tables
        self.heads: list[str] = []
        self.reads: list[list[tuple[str, int]]] = []
        self.tails: list[str] = []
        for item, reads in zip(layout.ruleset.scorecard.items, layout.reads, strict=True):
            self.heads.append(f'{_text(item.id)}: {{"points": ')
            self.tails.append(f'"citation": {_text(item.citation)}}}')
            # dict(item.inputs) keeps each name once, at its first place.
            first: dict[str, int] = {}
            for slot in reads:
                first.setdefault(layout.names[slot], slot)
            self.reads.append([(f"{_text(name)}: ", slot) for name, slot in first.items()])
        #: Per item and band: the band's points (as the engine keeps them), their
        #: text, and the band's text.
        self.bands: list[list[tuple[Decimal, str, str]]] = []
        for table, points in zip(layout.tables, _band_points(layout), strict=True):
            self.bands.append(
                [
                    (
                        p,
                        _num(p),
                        f'{{"index": {b}, "lower": {_num(table.edges(b)[0])}, '
                        f'"upper": {_num(table.edges(b)[1])}}}',
                    )
                    for b, p in enumerate(points)
                ]
            )
        self.middles = [
            f', "max": {_num(item.max)}, "status": {_text(item.status)}, "source": '
            for item in layout.ruleset.scorecard.items
        ]
        #: Per item, band and source: the item's text up to its measure, when the points
        #: are the band's (the engine keeps them as the rule file gives them); per item
        #: and band: the text from the band to the self-assessed points.
        self.starts: list[list[dict[str, str]]] = [
            [
                {
                    source: f"{head}{shown}{middle}{text}, " + '"measure": '
                    for source, text in _SOURCES.items()
                }
                for _, shown, _ in bands
            ]
            for head, middle, bands in zip(self.heads, self.middles, self.bands, strict=True)
        ]
        self.ends: list[list[str]] = [
            [f', "band": {edges}, "self_assessed": ' for _, _, edges in bands]
            for bands in self.bands
        ]

    def line(self, ev: Evaluation) -> str:
        upcoming = next_rating(ev)
        parts = [
            f'{{"id": {_opt(ev.id)}, "status": {_text(ev.status)}, "total": {_num(ev.total)}, '
            f'"rating": {_opt(ev.rating)}, "not_rated_reason": {_opt(ev.not_rated_reason)}, '
            f'"override": {_opt(ev.override)}, "next_rating": ',
            "null"
            if upcoming is None
            else f'{{"rating": {_text(upcoming[0])}, "points_needed": {_num(upcoming[1])}}}',
            ', "classification": ',
            _pairs(ev.classification, _opt),
            ', "groups": {',
            ", ".join(
                f'{_text(g.id)}: {{"points": {_num(g.points)}, "max": {_num(g.max)}}}'
                for g in ev.groups
            ),
            '}, "items": {',
            self._items(ev),
            '}, "missing": [',
            ", ".join(
                f'{{"item": {_text(m.item)}, "points_at_stake": {_num(m.points_at_stake)}, '
                f'"inputs": [{", ".join(map(_text, m.inputs))}]}}'
                for m in ev.missing
            ),
            f'], "points_at_stake": {_num(ev.points_at_stake)}, "discrepancies": [',
            ", ".join(
                f'{{"item": {_text(d.item)}, "self_assessed": {_num(d.self_assessed)}, '
                f'"computed": {_num(d.computed)}, "difference": {_num(d.difference)}}}'
                for d in ev.discrepancies
            ),
            '], "errors": ',
            json.dumps(_issues(ev.errors, ev.row), ensure_ascii=False) if ev.errors else "[]",
            ', "unchecked": [',
            ", ".join(
                f'{{"rule": {_text(u.rule)}, "inputs": [{", ".join(map(_text, u.inputs))}]}}'
                for u in ev.unchecked
            ),
            f'], "lenient": {"true" if ev.lenient else "false"}, "meta": ',
            _pairs(ev.meta, _opt),
            f', "source": {{"file": {_text(ev.source)}, "row": '
            f'{"null" if ev.row is None else ev.row}}}, "ruleset": ',
            json.dumps(_ref(ev.ruleset), ensure_ascii=False)
            if ev.ruleset.versions_used
            else (
                f'{{"id": {_text(ev.ruleset.id)}, "version": {_text(ev.ruleset.version)}, '
                f'"sha256": {_text(ev.ruleset.sha256)}}}'
            ),
            "}",
        ]
        return "".join(parts)

    def _items(self, ev: Evaluation) -> str:
        scores = ev.scores
        if scores is None:
            return ""
        values = ev.values
        own = ev.self_scores
        bands, starts, ends, reads, tails = (
            self.bands,
            self.starts,
            self.ends,
            self.reads,
            self.tails,
        )
        found = []
        columns = (scores.points, scores.sources, scores.measures, scores.raw, scores.bands)
        for n, (points, source, measure, raw, band) in enumerate(zip(*columns, strict=True)):
            # Inline, not through _num: this runs 23 times per record.
            start = None
            if band is not None and points is bands[n][band][0]:
                start = starts[n][band].get(source)
                end = ends[n][band]
            if start is None:
                if band is None:
                    edges, shown = "null", "null" if points is None else f'"{points}"'
                else:
                    kept, shown, edges = bands[n][band]
                    if points is not kept:
                        shown = "null" if points is None else f'"{points}"'
                said = _SOURCES.get(source) or _text(source)
                start = f'{self.heads[n]}{shown}{self.middles[n]}{said}, "measure": '
                end = f', "band": {edges}, "self_assessed": '
            value = "null" if measure is None else f'"{measure}"'
            before = value if raw is measure else "null" if raw is None else f'"{raw}"'
            mine = own[n] if own else None
            assessed = "null" if mine is None else f'"{mine}"'
            inputs = ", ".join(
                [
                    name + (f'"{v}"' if (v := values[slot]).__class__ is Decimal else _plain(v))
                    for name, slot in reads[n]
                ]
            )
            found.append(
                f'{start}{value}, "raw_measure": {before}{end}{assessed}, '
                f'"inputs": {{{inputs}}}, {tails[n]}'
            )
        return ", ".join(found)
