"""The semantic diff and the impact of a rule change as workbook sheets.

"Thay đổi quy tắc" ("Rule changes"): one row per change, its kind, rule,
path, old and new values, and its sentence in both languages. With records,
"Tác động" ("Impact") comes first, one row per record written as it comes
(totals and ratings, or outcomes and amounts, old and new; the change; the
causes in words; the errors), then "Chuyển đổi" ("Transitions"): how many
records went from each rating or outcome to each. Labels are in the chosen
language with the codes in code columns at the right, points as ``0.00`` and
VND as ``#,##0`` (`coopeval.formats.xlsx`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from coopeval.engine import CompiledRuleSet
from coopeval.engine.impact import Impact, Impacts
from coopeval.formats.sheet_words import Words, family_of
from coopeval.formats.xlsx import Book, Column, Number, Sheet
from coopeval.report.diff import plain
from coopeval.report.impact import StateNames, cause_text
from coopeval.report.scorecard import issue_text
from coopeval.ruleset.diff import Change

__all__ = ["changes_sheet", "write_changes_xlsx", "write_impact_xlsx"]


def write_changes_xlsx(path: str, changes: Sequence[Change], lang: str) -> None:
    """The semantic diff on one sheet, "Thay đổi quy tắc" ("Rule changes")."""
    book = Book(path)
    try:
        changes_sheet(book, changes, lang)
    except BaseException:
        book.discard()
        raise
    book.close()


def changes_sheet(book: Book, changes: Sequence[Change], lang: str) -> Sheet:
    """Add the sheet of changes to ``book``: kind, rule, path, old, new, the two sentences."""
    words = Words(lang, book.strings)
    word = words.word
    columns = [
        Column(word("impact", "kind"), 16),
        Column(word("impact", "rule"), 14),
        Column(word("impact", "path"), 30),
        Column(word("impact", "old"), 24),
        Column(word("impact", "new"), 24),
        Column(word("impact", "text_vi"), 60),
        Column(word("impact", "text_en"), 60),
    ]
    sheet = book.sheet(word("impact", "changes"), columns)
    for change in changes:
        sheet.append(
            [
                change.kind,
                change.rule,
                change.path,
                _value(change.old),
                _value(change.new),
                change.text.text("vi"),
                change.text.text("en"),
            ]
        )
    return sheet


def _value(value: Any) -> Any:
    """A change's value as a cell: a number as a number, a structure as its JSON text."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return Number(value)
    if value is None or isinstance(value, str):
        return value
    return json.dumps(plain(value), ensure_ascii=False)


def write_impact_xlsx(
    path: str,
    impacts: Impacts,
    old: CompiledRuleSet[Any],
    new: CompiledRuleSet[Any],
    lang: str,
) -> None:
    """The impact sheet (written as the records come), the transitions, the rule changes."""
    book = Book(path)
    try:
        _ImpactSheet(book, old, new, lang).write(impacts)
        changes_sheet(book, impacts.changes, lang)
    except BaseException:
        book.discard()
        raise
    book.close()


class _ImpactSheet:
    """The rows of the impact sheet, and the transitions sheet after them."""

    def __init__(
        self, book: Book, old: CompiledRuleSet[Any], new: CompiledRuleSet[Any], lang: str
    ) -> None:
        self.book = book
        self.lang = lang
        self.words = Words(lang, book.strings)
        self.names = StateNames(old, new, lang)
        self.scorecard = new.kind == "scorecard"
        self.amounts: list[tuple[str, str, str]] = []  # id, label, unit
        if not self.scorecard:
            seen: dict[str, tuple[str, str, str]] = {}
            for rules in (new, old):
                for a in rules.ruleset.programme.amounts:
                    seen.setdefault(a.id, (a.id, a.label.get(lang), a.unit))
            self.amounts = list(seen.values())

    def columns(self) -> list[Column]:
        w = self.words
        word = w.word
        head = [w.column("id", 14), w.column("name", 30)]
        if self.scorecard:
            middle = [
                Column(word("impact", "old_total"), 12),
                Column(word("impact", "new_total"), 12),
                Column(word("impact", "delta"), 11),
                Column(word("impact", "old_rating"), 16),
                Column(word("impact", "new_rating"), 16),
            ]
        else:
            middle = [
                Column(word("impact", "old_outcome"), 20),
                Column(word("impact", "new_outcome"), 20),
            ]
            for _, label, _ in self.amounts:
                middle += [
                    Column(word("impact", "old_amount", name=label), 18),
                    Column(word("impact", "new_amount", name=label), 18),
                    Column(word("impact", "amount_delta", name=label), 18),
                ]
        tail = [
            Column(word("impact", "moved"), 10),
            Column(word("impact", "causes"), 60),
            Column(word("impact", "errors"), 50),
            w.code("old", 14),
            w.code("new", 14),
            w.code("status", 10),
        ]
        return [*head, *middle, *tail]

    def write(self, impacts: Impacts) -> None:
        sheet = self.book.sheet(self.words.word("impact", "sheet"), self.columns())
        for found in impacts:
            sheet.append(self.row(found))
        self.transitions(impacts)

    def row(self, found: Impact) -> list[Any]:
        a, b, names = found.old, found.new, self.names
        middle: list[Any]
        if self.scorecard:
            middle = [
                _points(a.total),
                _points(b.total),
                _points(found.delta),
                names.state(a.state),
                names.state(b.state),
            ]
        else:
            middle = [names.state(a.state), names.state(b.state)]
            before, after = dict(a.amounts), dict(b.amounts)
            deltas = dict(found.amount_deltas)
            for aid, _, unit in self.amounts:
                family = family_of(unit)
                middle += [
                    Number(before.get(aid), family),
                    Number(after.get(aid), family),
                    Number(deltas.get(aid), family),
                ]
        lang = self.lang
        causes = "\n".join(cause_text(c, lang, names) for c in found.causes)
        errors = "\n".join(
            dict.fromkeys(issue_text(e, lang, found.row) for s in (a, b) for e in s.errors)
        )
        moved = self.words.word("words", "yes" if found.moved else "no")
        name = dict(found.meta).get("name")
        tail = [moved, causes, errors, a.state, b.state, found.status]
        return [found.id, name, *middle, *tail]

    def transitions(self, impacts: Impacts) -> None:
        word = self.words.word
        columns = [
            Column(word("impact", "from"), 22),
            Column(word("impact", "to"), 22),
            Column(word("impact", "records"), 14),
            self.words.code("old", 14),
            self.words.code("new", 14),
        ]
        sheet = self.book.sheet(word("impact", "transitions"), columns)
        names = self.names
        for t in names.sorted(impacts.transitions):
            sheet.append([names.state(t.old), names.state(t.new), t.records, t.old, t.new])
        sheet.end_filter()
        sheet.append([])
        for key, count in (
            ("read", impacts.read),
            ("moved", impacts.moved),
            ("errors", impacts.errors),
        ):
            sheet.append([word("impact", key), None, count])


def _points(value: Decimal | None) -> Number:
    return Number(value, "points")
