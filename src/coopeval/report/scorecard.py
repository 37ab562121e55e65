"""Explain a scorecard result: every item with measure, band, points and citation.

Labels come from the rule set the result carries (its `Layout`); the other
words from ``messages.toml``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_DOWN, Decimal

from coopeval.engine.results import Evaluation, ItemResult, Layout
from coopeval.errors import UsageError
from coopeval.records import RecordIssue
from coopeval.report.classes import class_lines
from coopeval.report.explanation import Explanation, Line
from coopeval.report.messages import Lang, fmt, has_message, interval, message
from coopeval.ruleset.model import RuleSet
from coopeval.ruleset.scorecard import Item, Scorecard

__all__ = ["explain_scorecard", "field_names", "issue_text", "next_rating", "rating_label"]


def explain_scorecard(evaluation: Evaluation, lang: Lang = "vi") -> Explanation:
    """Explain one scorecard result in Vietnamese (``vi``) or English (``en``).

    Raises:
        UsageError: the result carries no rule set (it was not built by `evaluate`).
    """
    if evaluation.layout is None:
        msg = "this evaluation carries no rule set; evaluate it with coopeval.evaluate"
        raise UsageError(msg)
    if evaluation.layout.ruleset.kind == "classification":
        return _classes_only(evaluation, evaluation.layout, lang)
    return _Explainer(evaluation, evaluation.layout, lang).build()


def _title(evaluation: Evaluation, layout: Layout, lang: Lang) -> str:
    """``Evaluation of HTX-04 (its name) under tt01-2020 (version …)``."""
    name = dict(evaluation.meta).get("name")
    head = layout.ruleset.header
    return message(
        "lines",
        "title",
        lang,
        id=evaluation.id or "?",
        name=f" ({name})" if name else "",
        ruleset=head.id,
        version=head.version,
    )


def _classes_only(evaluation: Evaluation, layout: Layout, lang: Lang) -> Explanation:
    """A classification rule set's result: its classes, each with its article, and errors."""
    title = _title(evaluation, layout, lang)
    names = field_names(layout.ruleset, lang)
    notes = tuple(issue_text(issue, lang, evaluation.row, names) for issue in evaluation.errors)
    refused = any(issue.code == "not_in_force" for issue in evaluation.errors)
    summary = () if refused else tuple(class_lines(evaluation, layout.ruleset, lang))
    return Explanation(lang, "scorecard", title, summary=summary, notes=notes)


def next_rating(evaluation: Evaluation) -> tuple[str, Decimal] | None:
    """The next higher rating and the points needed to reach it, if any."""
    layout = evaluation.layout
    if layout is None or evaluation.total is None or evaluation.status == "not_rated":
        return None
    for band in layout.ruleset.scorecard.ratings.bands:
        if band.lower is not None and band.lower > evaluation.total:
            return band.id, band.lower - evaluation.total
    return None


def field_names(ruleset: RuleSet, lang: str) -> Callable[[str], str]:
    """How notes name a field: its label in ``lang``, then the code in brackets.

    ``in_value_chain`` → ``Tham gia chuỗi giá trị (in_value_chain)``: people read the
    label, the code is what they find in the header or the rule file.
    """
    labels = {spec.name: spec.label.get(lang) for spec in ruleset.inputs}

    def name(field: str) -> str:
        label = labels.get(field)
        return f"{label} ({field})" if label and label != field else field

    return name


def rating_label(scorecard: Scorecard, rating: str, lang: str) -> str:
    """The label of a rating id (``kha`` → ``Khá``), or the id when it is not a rating."""
    return next((r.label.get(lang) for r in scorecard.ratings.bands if r.id == rating), rating)


class _Explainer:
    def __init__(self, evaluation: Evaluation, layout: Layout, lang: Lang) -> None:
        self.ev = evaluation
        self.layout = layout
        self.head = layout.ruleset.header
        self.rs = layout.ruleset.scorecard
        self.lang = lang
        self.items = {item.id: item for item in self.rs.items}
        self.name = field_names(layout.ruleset, lang)

    def word(self, key: str) -> str:
        return message("words", key, self.lang)

    def build(self) -> Explanation:
        title = _title(self.ev, self.layout, self.lang)
        return Explanation(
            self.lang,
            "scorecard",
            title,
            lines=self._lines(),
            summary=self._summary(),
            notes=self._notes(),
        )

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
                    fmt(self.head.total, self.lang),
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
                        count=upcoming[1],
                        rating=self._rating_label(upcoming[0]),
                    )
                )
        return (*lines, *class_lines(ev, self.layout.ruleset, lang))

    def _rating_label(self, rating: str) -> str:
        return rating_label(self.rs, rating, self.lang)

    def _notes(self) -> tuple[str, ...]:
        ev, lang = self.ev, self.lang
        notes = [
            issue_text(issue, lang, ev.row, self.name)
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
                    count=missing.points_at_stake,
                    inputs=", ".join(map(self.name, missing.inputs)),
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
                    count=ev.points_at_stake,
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
                message(
                    "lines",
                    "unchecked",
                    lang,
                    rule=rule.rule,
                    inputs=", ".join(map(self.name, rule.inputs)),
                )
            )
        if ev.lenient and any(r.source == "lenient_zero" for r in ev.items):
            notes.append(message("lines", "lenient", lang))
        if any(r.status != "confirmed" for r in ev.items):
            notes.append(message("lines", "provisional_legend", lang))
        return tuple(notes)


def _band(result: ItemResult, lang: str) -> str:
    if result.band is None:
        return "—"
    return interval(result.band_lower, result.band_upper, lang)


def _short(value: Decimal, lang: str) -> str:
    """At most 4 decimals, with an ellipsis when digits were cut."""
    cut = value.quantize(Decimal("0.0001"), rounding=ROUND_DOWN)
    return fmt(cut, lang) + ("…" if cut != value else "")


def issue_text(
    issue: RecordIssue,
    lang: str,
    row: int | None = None,
    name: Callable[[str], str] = str,
) -> str:
    """A record issue as one sentence: row, field (``name`` says it), value, why, allowed."""
    text = (
        message("issues", issue.code, "vi")
        if lang != "en" and has_message("issues", issue.code)
        else issue.message
    )
    return message(
        "lines",
        "record_error",
        lang,
        where=(message("lines", "row", lang, row=row) if row is not None else "")
        + (message("lines", "column", lang, column=issue.column) if issue.column else ""),
        field=name(issue.field),
        value=repr(issue.value) if issue.value is not None else "—",
        message=text,
        allowed=message("lines", "allowed", lang, allowed=issue.allowed) if issue.allowed else "",
    )
