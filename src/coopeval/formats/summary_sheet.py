"""The summary sheet of a workbook: the December counts, then who is under the target.

Written on its own (``coopeval summary -o FILE.xlsx``) or as the last sheet of
the results workbook, with the columns the input file was read as.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from coopeval.formats.sheet_words import Words
from coopeval.formats.xlsx import Book, Column, Number, Sheet, Strings
from coopeval.report import Summary, message
from coopeval.report.messages import has_message
from coopeval.report.scorecard import rating_label
from coopeval.report.text import share_label
from coopeval.ruleset.axes import classes_of
from coopeval.ruleset.scorecard import Scorecard

__all__ = ["summary_columns", "summary_rows", "summary_sheet", "write_summary_xlsx"]


def summary_columns(lang: str) -> list[Column]:
    words = Words(lang, Strings())
    head = [words.column("group", 24), words.column("metric", 36), words.column("key", 22)]
    return [*head, words.column("count", 12), words.code("key", 16)]


def summary_rows(
    summaries: Sequence[Summary], scorecard: Scorecard, lang: str, *, labels: bool = False
) -> list[list[Any]]:
    """The summaries as rows of (group, measure, kind, value), then who is under the target.

    ``labels``: for a workbook, statuses, ratings and classes by their labels with
    the code in a fifth column, and numbers as `Number` (points, share); else the
    codes and plain values of ``summary --format csv``.
    """

    def word(section: str, key: str) -> str:
        return message(section, key, lang)

    def points(value: Decimal | None) -> Any:
        return Number(value, "points") if labels else value

    names = _Names(scorecard, lang) if labels else None

    def kind(axis: str, code: str) -> list[Any]:
        return [names.label(axis, code), code] if names is not None else [code]

    everyone = message("eligibility", "all", lang)
    rows: list[list[Any]] = [[word("columns", k) for k in ("group", "metric", "key", "count")]]
    for s in summaries:
        group = s.group or everyone
        rows += [
            [group, word("summary", "records"), "", s.records],
            [group, word("summary", "rated"), "", s.rated],
        ]
        rows += [
            [group, word("summary", "by_status"), *_counted(kind("status", st), n)]
            for st, n in s.statuses
        ]
        rows += [
            [group, word("summary", "by_rating"), *_counted(kind("rating", r), n)]
            for r, n in s.ratings
        ]
        for axis, counts in s.classes:
            shown = names.axis(axis) if names is not None else axis
            rows += [[group, shown, *_counted(kind(axis, value), n)] for value, n in counts]
        for key, value in (("mean", s.mean), ("median", s.median)):
            cut = None if value is None else value.quantize(_CENT)
            rows.append([group, word("summary", key), "", points(cut)])
        for x in s.shares:
            share = None if x.value is None else x.value.quantize(_CENT)
            figure: Any = Number(share, "share") if labels else share
            rows.append([group, share_label(scorecard, x.ratings, lang), "%", figure])
    first = summaries[0]
    rows.append([])
    rows.append([message("summary", "under_target", lang, edge=first.edge)])
    rows.append(
        [word("columns", k) for k in ("id", "name", "group", "total")]
        + [message("columns", "distance", lang, edge=first.edge)]
    )
    rows += [[u.id, u.name, u.group, points(u.total), points(u.distance)] for u in first.under]
    return rows


def _counted(kind: list[Any], n: int) -> list[Any]:
    """``[label, n, code]`` with labels, ``[code, n]`` without."""
    return [kind[0], n, *kind[1:]]


_CENT = Decimal("0.01")


class _Names:
    """Labels of a scorecard's statuses, ratings, classes and axes."""

    def __init__(self, scorecard: Scorecard, lang: str) -> None:
        self.lang = lang
        self.scorecard = scorecard
        self.axes = {a.id: a for a in scorecard.classifications}

    def axis(self, axis: str) -> str:
        found = self.axes.get(axis)
        return axis if found is None else found.label.get(self.lang)

    def label(self, axis: str, code: str) -> str:
        if axis == "status":
            return message("status", code, self.lang) if has_message("status", code) else code
        if axis == "rating":
            if code == "not_rated":
                return message("words", "not_rated", self.lang)
            return rating_label(self.scorecard, code, self.lang)
        found = self.axes.get(axis)
        if found is None:
            return code
        return next((v.label.get(self.lang) for v in classes_of(found) if v.value == code), code)


def summary_sheet(
    sheet: Sheet,
    summaries: Sequence[Summary],
    scorecard: Scorecard,
    lang: str,
    notes: Sequence[str],
    source: str,
) -> None:
    rows = summary_rows(summaries, scorecard, lang, labels=True)
    for row in rows[1:]:
        if not row:
            sheet.end_filter()  # the filter covers the counts, not the list below them
        sheet.append(row)
    if notes:
        sheet.append([])
        sheet.append([message("plan", "title", lang, source=source)])
        for line in notes:
            sheet.append([line])


def write_summary_xlsx(
    path: str, summaries: Sequence[Summary], scorecard: Scorecard, lang: str
) -> None:
    """A workbook holding only the summary sheet."""
    book = Book(path)
    sheet = book.sheet(message("sheets", "summary", lang), summary_columns(lang))
    summary_sheet(sheet, summaries, scorecard, lang, (), path)
    book.close()
