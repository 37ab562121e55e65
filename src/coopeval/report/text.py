"""Text: explanations, result tables and summaries as text (the only tabulate user)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from decimal import Decimal

from tabulate import tabulate

from coopeval.engine.population import SetRuleResult
from coopeval.engine.results import Evaluation, ProgrammeResult
from coopeval.report.explanation import Explanation
from coopeval.report.messages import Lang, fmt, has_message, message
from coopeval.report.programme import outcome_words
from coopeval.report.scorecard import field_names, issue_text, rating_label
from coopeval.report.summary import Summary
from coopeval.ruleset.scorecard import Scorecard

__all__ = [
    "fit",
    "render",
    "render_matrix",
    "render_report",
    "render_set_rules",
    "render_summary",
    "render_table",
    "share_label",
    "wrapped",
]

_COLUMNS = ("item", "criterion", "measure", "band", "points", "citation", "note")
#: The narrowest a column is wrapped to when a table must fit the terminal.
_NARROWEST = 8
_MARKS = {"met": "✓", "not_met": "✗", "missing": "?"}
_CENT = Decimal("0.01")


def _table(
    rows: Sequence[Sequence[str]],
    headers: Sequence[str],
    tablefmt: str,
    width: int | None,
    colalign: Sequence[str] | None = None,
    widths: Sequence[int | None] | None = None,
) -> str:
    """tabulate, with long cells wrapped: to ``widths``, and so the table fits ``width``."""
    limits = fit(headers, rows, tablefmt, width, widths)
    return tabulate(
        rows,
        headers=headers,
        tablefmt=tablefmt,
        disable_numparse=True,
        colalign=colalign,
        maxcolwidths=limits if rows and limits and any(limits) else None,
    )


def fit(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    tablefmt: str = "simple",
    width: int | None = None,
    widths: Sequence[int | None] | None = None,
) -> list[int | None] | None:
    """The widest each column may be so the table is at most ``width`` characters wide.

    ``widths`` caps columns anyway (``None``: no cap); ``width`` ``None``: no
    other limit. The widest columns are wrapped first, none below 8 characters
    unless it is narrower already, and none below its longest word: a number
    such as ``2.850.000.000`` is never cut in two, where it would read as two
    numbers. A table that cannot fit is as narrow as that.
    """
    count = len(headers)
    words = [_longest_word([h, *(row[n] for row in rows)]) for n, h in enumerate(headers)]
    natural = [_longest([h, *(row[n] for row in rows)]) for n, h in enumerate(headers)]
    if widths:
        natural = [
            w if cap is None else min(w, max(cap, word))
            for w, cap, word in zip(natural, widths, words, strict=True)
        ]
    caps = (
        None
        if not widths
        else [
            None if cap is None else max(cap, word) for cap, word in zip(widths, words, strict=True)
        ]
    )
    if width is None:
        return caps
    room = width - _frame(count, tablefmt)
    if sum(natural) <= room:
        return caps

    def wide(w: int, word: int, cap: int) -> int:
        return min(w, max(cap, word))

    low, high = _NARROWEST, max(natural)
    while low < high:  # the largest cap that fits: every column at most ``cap`` wide
        cap = (low + high + 1) // 2
        if sum(wide(w, word, cap) for w, word in zip(natural, words, strict=True)) <= room:
            low = cap
        else:
            high = cap - 1
    kept = caps or [None] * count  # a column narrower than the cap keeps its own cap
    return [
        wide(w, word, low) if w > low else cap
        for w, word, cap in zip(natural, words, kept, strict=True)
    ]


def _longest_word(cells: Sequence[str]) -> int:
    """The longest run of characters without a space in ``cells``: wrapping never cuts one."""
    return max((len(word) for cell in cells for word in str(cell).split()), default=0)


def _longest(cells: Sequence[str]) -> int:
    return max((len(line) for cell in cells for line in str(cell).split("\n")), default=0)


def _frame(count: int, tablefmt: str) -> int:
    """Characters a table of ``count`` one-character columns adds to them: spaces, rules."""
    if not count:
        return 0
    line = tabulate([["x"] * count], headers=["x"] * count, tablefmt=tablefmt)
    return max(len(part) for part in line.splitlines()) - count


def render(explanation: Explanation, tablefmt: str = "simple", width: int | None = None) -> str:
    """One result's explanation as text: title, its table(s), summary lines and notes.

    ``width``: the tables fit that many characters (long labels wrapped).
    """
    lang = explanation.lang
    parts = [wrapped(explanation.title, width), ""]
    if explanation.lines:
        rows = [
            [x.id, x.label, x.measure, x.band, f"{x.points}/{x.max}", x.citation, x.note]
            for x in explanation.lines
        ]
        headers = [message("words", key, lang) for key in _COLUMNS]
        colalign = ("left", "left", "right", "left", "right", "left", "left")
        parts.append(_table(rows, headers, tablefmt, width, colalign))
        parts.append("")
    if explanation.conditions:
        rows = [
            [
                _MARKS[c.outcome],
                "  " * c.depth + c.id,
                c.label,
                c.verdict,
                c.values,
                c.citation,
                c.note,
            ]
            for c in explanation.conditions
        ]
        headers = ["", "id", *_words(lang, "condition", "outcome", "values"), *_notes(lang)]
        widths = [None, None, 40, None, 44, 40, None]
        parts.append(render_table(headers, rows, tablefmt, widths, width).rstrip("\n"))
    parts.extend(wrapped(line, width) for line in explanation.summary)
    if explanation.amounts:
        rows = [
            [a.id, a.label, a.value, a.formula, a.citation, a.note] for a in explanation.amounts
        ]
        headers = ["id", *_words(lang, "amount", "value", "formula"), *_notes(lang)]
        widths = [None, 30, 24, 60, 36, None]
        parts += ["", render_table(headers, rows, tablefmt, widths, width).rstrip("\n")]
    parts.extend(wrapped(f"- {note}", width) for note in explanation.notes)
    return "\n".join(parts).rstrip() + "\n"


def wrapped(sentence: str, width: int | None, indent: str = "  ") -> str:
    """A sentence (title, summary, note) in lines of ``width``, ``indent`` under its first.

    Lines break at spaces only: a number or a code is never cut in two.
    """
    if width is None or len(sentence) <= width:
        return sentence
    return textwrap.fill(
        sentence,
        width,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _words(lang: str, *keys: str) -> list[str]:
    return [message("eligibility", key, lang) for key in keys]


def _notes(lang: str) -> list[str]:
    return [message("words", "citation", lang), message("words", "note", lang)]


def render_summary(
    evaluations: Sequence[Evaluation],
    lang: Lang = "vi",
    tablefmt: str = "simple",
    width: int | None = None,
) -> str:
    """One line per record: id, name, status, total, rating, missing items, errors.

    ``width``: the table fits that many characters (long names and errors wrapped).
    """

    def word(key: str) -> str:
        return message("words", key, lang)

    headers = [
        word(k) for k in ("id", "name", "status", "total", "rating", "missing_count", "errors")
    ]
    rows = []
    for ev in evaluations:
        rating = ev.rating or "—"
        name: Callable[[str], str] = str
        if ev.layout is not None:
            name = field_names(ev.layout.ruleset, lang)
            if ev.rating:
                rating = rating_label(ev.layout.ruleset.scorecard, ev.rating, lang)
                if rating == "not_rated":
                    rating = word("not_rated")
        rows.append(
            [
                ev.id or f"#{ev.row}",
                dict(ev.meta).get("name", ""),
                message("status", ev.status, lang)
                if has_message("status", ev.status)
                else ev.status,
                fmt(ev.total, lang),
                rating,
                str(len(ev.missing)) if ev.missing else "",
                "; ".join(
                    issue_text(e, lang, ev.row, name)
                    for e in ev.errors
                    if e.code != "missing_evidence"
                ),
            ]
        )
    colalign = ("left", "left", "left", "right", "left", "right", "left")
    return _table(rows, headers, tablefmt, width, colalign) + "\n"


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    tablefmt: str = "simple",
    widths: Sequence[int | None] | None = None,
    width: int | None = None,
    colalign: Sequence[str] | None = None,
) -> str:
    """A plain table of strings, numbers left as written; ``widths`` wraps long columns.

    ``width``: the table fits that many characters (the widest columns wrapped);
    ``colalign``: each column's alignment (``left``, ``right``), as tabulate takes it.
    """
    return _table(rows, headers, tablefmt, width, colalign, widths) + "\n"


def render_report(
    summaries: Sequence[Summary],
    by: str | None,
    scorecard: Scorecard,
    lang: str = "vi",
    width: int | None = None,
) -> str:
    """The December report as text: one block per group, then who is under the target.

    ``width``: the tables fit that many characters.
    """

    def word(key: str, **values: object) -> str:
        return message("summary", key, lang, **values)

    blocks = []
    for s in summaries:
        group = "" if s.group is None else word("group", by=by, value=s.group)
        stats = [
            [word("records"), str(s.records)],
            [word("rated"), str(s.rated)],
            [word("mean"), _two(s.mean, lang)],
            [word("median"), _two(s.median, lang)],
        ]
        stats += [
            [share_label(scorecard, x.ratings, lang), _two(x.value, lang, "%")] for x in s.shares
        ]
        counts = [[word("by_rating"), r, str(n)] for r, n in s.ratings]
        counts += [[word("by_status"), st, str(n)] for st, n in s.statuses]
        counts += [[axis, value, str(n)] for axis, values in s.classes for value, n in values]
        blocks.append(word("title", group=group))
        blocks.append(render_table(["", ""], stats, width=width))
        blocks.append(
            render_table(["", "", message("columns", "count", lang)], counts, width=width)
        )
    first = summaries[0] if summaries else None
    edge = fmt(first.edge, lang) if first else ""
    blocks.append(word("under_target", edge=edge))
    under = first.under if first else ()
    rows = [[u.id, u.name, u.group, fmt(u.total, lang), fmt(u.distance, lang)] for u in under]
    headers = [message("columns", k, lang) for k in ("id", "name", "group", "total")]
    headers.append(message("columns", "distance", lang, edge=edge))
    blocks.append(render_table(headers, rows, width=width) if rows else word("none") + "\n")
    return "\n".join(blocks)


def share_label(scorecard: Scorecard, ratings: Sequence[str], lang: str) -> str:
    """``Tỷ lệ loại tốt và khá``: the share of a group of ratings, named by their labels."""
    labels = [rating_label(scorecard, r, lang).lower() for r in ratings]
    joined = (" or " if lang == "en" else " và ").join(labels)
    return message("summary", "share", lang, labels=joined)


def _two(value: Decimal | None, lang: str, unit: str = "") -> str:
    if value is None:
        return "—"
    return fmt(value.quantize(Decimal("0.01")), lang) + (f" {unit}" if unit else "")


def render_set_rules(
    results: Sequence[SetRuleResult], lang: str = "vi", width: int | None = None
) -> str:
    """Each set rule as a table: groups with outcome and counts, or the ranking.

    ``width``: the tables fit that many characters.
    """
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
            parts.append(render_table([headers[0], "id", headers[1]], rows, width=width))
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
            parts.append(render_table(headers, rows, width=width))
    return "\n".join(parts)


def render_matrix(
    rows: Sequence[Sequence[ProgrammeResult]],
    programmes: Sequence[str],
    lang: str,
    width: int | None = None,
) -> str:
    """The eligibility matrix: one row per record, one column per programme.

    ``width``: the table fits that many characters.
    """
    headers = [message("words", "id", lang), message("words", "name", lang), *programmes]
    table = []
    for row in rows:
        first = row[0]
        cells = [outcome_words(r, lang) for r in row]
        if first.errors or any(r.errors for r in row):
            cells = [c + " (!)" if r.errors else c for c, r in zip(cells, row, strict=True)]
        table.append([first.id or f"#{first.row}", dict(first.meta).get("name", ""), *cells])
    return render_table(headers, table, width=width)
