"""Explain: turn an `Evaluation` into labelled, formatted lines in one language.

Labels come from the rule file, the other words from ``messages.toml``; the
result is data (`Explanation`), rendered to text by `render`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from decimal import ROUND_DOWN, Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

import attrs

from coopeval.errors import UsageError
from coopeval.model import Item, RuleSet
from coopeval.results import Evaluation, ItemResult, RecordIssue

__all__ = ["Explanation", "Line", "explain", "fmt", "issue_text", "message", "next_rating"]

Lang = Literal["vi", "en"]


@attrs.frozen
class Line:
    """One row of the explanation table."""

    kind: Literal["item", "group", "total"]
    id: str
    label: str
    measure: str
    band: str
    points: str
    max: str
    citation: str
    note: str


@attrs.frozen
class Explanation:
    """A record's result as labelled lines and notes in one language."""

    lang: str
    title: str
    lines: tuple[Line, ...]
    #: Short result lines: rating, distance to the next rating, reasons.
    summary: tuple[str, ...]
    #: Missing evidence, discrepancies, unchecked rules, errors, legends.
    notes: tuple[str, ...]


def explain(evaluation: Evaluation, lang: str = "vi") -> Explanation:
    """Explain one evaluation in Vietnamese (``vi``, the default) or English (``en``).

    Raises:
        UsageError: unknown language, or an evaluation built without its rule set.
    """
    if lang not in ("vi", "en"):
        msg = f"language {lang!r} is not supported; use 'vi' or 'en'"
        raise UsageError(msg)
    if evaluation.rules is None:
        msg = "this evaluation carries no rule set; evaluate it with coopeval.evaluate"
        raise UsageError(msg)
    return _Explainer(evaluation, evaluation.rules.ruleset, lang).build()


def message(section: str, key: str, lang: str, **values: Any) -> str:
    """A word or sentence from ``messages.toml``, filled in."""
    entry = _messages()[section][key]
    text: str = entry["en" if lang == "en" else "vi"]
    return text.format(**values) if values else text


def fmt(value: Any, lang: str = "vi") -> str:
    """Format a value for people: ``1.500.000.000`` and ``12,5`` in Vietnamese."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return message("words", "yes" if value else "no", lang)
    if not isinstance(value, Decimal):
        return str(value)
    text = f"{value:,f}" if abs(value) >= 10_000 else f"{value:f}"  # years read 2023
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def next_rating(evaluation: Evaluation) -> tuple[str, Decimal] | None:
    """The next higher rating and the points needed to reach it, if any."""
    rules = evaluation.rules
    if rules is None or evaluation.total is None or evaluation.status == "not_rated":
        return None
    for band in rules.ruleset.ratings.bands:
        if band.lower is not None and band.lower > evaluation.total:
            return band.id, band.lower - evaluation.total
    return None


@cache
def _messages() -> Mapping[str, Any]:
    text = (Path(__file__).parent / "messages.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


class _Explainer:
    def __init__(self, evaluation: Evaluation, ruleset: RuleSet, lang: str) -> None:
        self.ev = evaluation
        self.rs = ruleset
        self.lang = lang
        self.items = {item.id: item for item in ruleset.items}

    def word(self, key: str) -> str:
        return message("words", key, self.lang)

    def build(self) -> Explanation:
        name = dict(self.ev.meta).get("name")
        title = message(
            "lines",
            "title",
            self.lang,
            id=self.ev.id or "?",
            name=f" ({name})" if name else "",
            ruleset=self.rs.ruleset.id,
            version=self.rs.ruleset.version,
        )
        return Explanation(self.lang, title, self._lines(), self._summary(), self._notes())

    def _lines(self) -> tuple[Line, ...]:
        lines: list[Line] = []
        for group in self.ev.groups:
            for result in self.ev.items:
                if result.group == group.id:
                    lines.append(self._item(result))
            label = next(g.label.get(self.lang) for g in self.rs.groups if g.id == group.id)
            lines.append(
                Line(
                    "group",
                    group.id,
                    f"{self.word('group')} {group.id}: {label}",
                    "",
                    "",
                    fmt(group.points, self.lang),
                    fmt(group.max, self.lang),
                    "",
                    "",
                )
            )
        if self.ev.total is not None and self.ev.groups:
            lines.append(
                Line(
                    "total",
                    "",
                    self.word("total"),
                    "",
                    "",
                    fmt(self.ev.total, self.lang),
                    fmt(self.rs.ruleset.total, self.lang),
                    "",
                    "",
                )
            )
        return tuple(lines)

    def _item(self, result: ItemResult) -> Line:
        item = self.items[result.id]
        return Line(
            "item",
            result.id,
            item.label.get(self.lang),
            self._measure(result, item),
            _band(result, self.lang),
            fmt(result.points, self.lang),
            fmt(result.max, self.lang),
            result.citation,
            self._marks(result, item),
        )

    def _measure(self, result: ItemResult, item: Item) -> str:
        if result.measure is None:
            return "—"
        text = fmt(result.measure, self.lang) + (f" {item.unit}" if item.unit else "")
        if result.raw_measure is not None and result.raw_measure != result.measure:
            text += f" ({self.word('rounded')} {_short(result.raw_measure, self.lang)})"
        return text

    def _marks(self, result: ItemResult, item: Item) -> str:
        marks = []
        if result.status != "confirmed":
            marks.append(f"(*) {self.word(result.status)}")
        if item.max_status != "confirmed":
            marks.append(self.word("max_provisional"))
        if result.source in ("missing", "self_assessed", "lenient_zero", "error"):
            marks.append(self.word(result.source))
        return "; ".join(marks)

    def _summary(self) -> tuple[str, ...]:
        ev, lang = self.ev, self.lang
        if ev.status == "not_rated" and ev.not_rated_reason:
            rule = next(e for e in self.rs.exclusions if e.id == ev.not_rated_reason)
            return (
                message(
                    "lines",
                    "not_rated_because",
                    lang,
                    reason=rule.reason.get(lang),
                    citation=rule.citation,
                ),
            )
        lines = []
        rating = self.word("rating")
        if ev.rating is not None:
            label = self._rating_label(ev.rating)
            lines.append(f"{rating}: {label} ({self.rs.ratings.citation})")
        elif ev.missing:
            open_ = message("lines", "rating_open", lang)
            lines.append(f"{rating}: {self.word('undetermined')}. {open_}")
        if ev.override:
            forced = next(o for o in self.rs.overrides if o.id == ev.override)
            lines.append(
                message(
                    "lines",
                    "override",
                    lang,
                    rating=self._rating_label(forced.rating),
                    reason=forced.reason.get(lang),
                    citation=forced.citation,
                )
            )
        upcoming = next_rating(ev)
        if ev.rating is not None and not ev.override:
            if upcoming is None:
                lines.append(message("lines", "top_rating", lang))
            else:
                lines.append(
                    message(
                        "lines",
                        "next_rating",
                        lang,
                        points=fmt(upcoming[1], lang),
                        rating=self._rating_label(upcoming[0]),
                    )
                )
        return tuple(lines)

    def _rating_label(self, rating: str) -> str:
        return next(
            (r.label.get(self.lang) for r in self.rs.ratings.bands if r.id == rating), rating
        )

    def _notes(self) -> tuple[str, ...]:
        ev, lang = self.ev, self.lang
        notes = [
            issue_text(issue, lang, ev.row)
            for issue in ev.errors
            if issue.code != "missing_evidence"
        ]
        for missing in ev.missing:
            notes.append(
                message(
                    "lines",
                    "missing_item",
                    lang,
                    item=missing.item,
                    points=fmt(missing.points_at_stake, lang),
                    inputs=", ".join(missing.inputs),
                )
            )
        if ev.missing and ev.total is not None:
            upper = ev.total + ev.points_at_stake
            notes.append(
                message(
                    "lines",
                    "at_stake",
                    lang,
                    points=fmt(ev.points_at_stake, lang),
                    upper=fmt(upper, lang),
                )
            )
        for gap in ev.discrepancies:
            notes.append(
                message(
                    "lines",
                    "discrepancy",
                    lang,
                    item=gap.item,
                    self_assessed=fmt(gap.self_assessed, lang),
                    computed=fmt(gap.computed, lang),
                    difference=("+" if gap.difference > 0 else "") + fmt(gap.difference, lang),
                )
            )
        for rule in ev.unchecked:
            notes.append(
                message("lines", "unchecked", lang, rule=rule.rule, inputs=", ".join(rule.inputs))
            )
        if ev.lenient and any(r.source == "lenient_zero" for r in ev.items):
            notes.append(message("lines", "lenient", lang))
        if any(r.status != "confirmed" for r in ev.items):
            notes.append(message("lines", "provisional_legend", lang))
        return tuple(notes)


def _band(result: ItemResult, lang: str) -> str:
    if result.band is None:
        return "—"
    low = "(−∞" if result.band_lower is None else "[" + fmt(result.band_lower, lang)
    high = "+∞" if result.band_upper is None else fmt(result.band_upper, lang)
    return f"{low}; {high})" if lang == "vi" else f"{low}, {high})"


def _short(value: Decimal, lang: str) -> str:
    """At most 4 decimals, with an ellipsis when digits were cut."""
    cut = value.quantize(Decimal("0.0001"), rounding=ROUND_DOWN)
    return fmt(cut, lang) + ("…" if cut != value else "")


def issue_text(issue: RecordIssue, lang: str, row: int | None = None) -> str:
    """A record issue as one sentence: row, field, value, why, allowed range."""
    text = (
        issue.message
        if lang == "en"
        else message("issues", issue.code, "vi")
        if issue.code in _messages()["issues"]
        else issue.message
    )
    return message(
        "lines",
        "record_error",
        lang,
        where=(message("lines", "row", lang, row=row) if row is not None else "")
        + (message("lines", "column", lang, column=issue.column) if issue.column else ""),
        field=issue.field,
        value=repr(issue.value) if issue.value is not None else "—",
        message=text,
        allowed=message("lines", "allowed", lang, allowed=issue.allowed) if issue.allowed else "",
    )
