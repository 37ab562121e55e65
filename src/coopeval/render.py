"""Render explanations and result summaries as text tables (the only tabulate user)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from coopeval.explain import Explanation, explain, fmt, issue_text, message
from coopeval.results import Evaluation
from coopeval.summary import Summary


def tabulate(*args: Any, **kwargs: Any) -> str:
    """tabulate, imported on first use: it costs a third of `import coopeval`."""
    from tabulate import tabulate as table

    text: str = table(*args, **kwargs)
    return text


__all__ = ["render", "render_evaluation", "render_report", "render_summary", "render_table"]

_COLUMNS = ("item", "criterion", "measure", "band", "points", "citation", "note")


def render(explanation: Explanation, tablefmt: str = "simple") -> str:
    """One record's explanation as a table with a title, summary and notes."""
    rows = [
        [
            line.id,
            line.label,
            line.measure,
            line.band,
            f"{line.points}/{line.max}",
            line.citation,
            line.note,
        ]
        for line in explanation.lines
    ]
    parts = [explanation.title, ""]
    if rows:
        headers = [message("words", key, explanation.lang) for key in _COLUMNS]
        parts.append(
            tabulate(
                rows,
                headers=headers,
                tablefmt=tablefmt,
                disable_numparse=True,
                colalign=("left", "left", "right", "left", "right", "left", "left"),
            )
        )
        parts.append("")
    parts.extend(explanation.summary)
    parts.extend(f"- {note}" for note in explanation.notes)
    return "\n".join(parts).rstrip() + "\n"


def render_summary(
    evaluations: Sequence[Evaluation], lang: str = "vi", tablefmt: str = "simple"
) -> str:
    """One line per record: id, name, status, total, rating, missing items, errors."""

    def word(key: str) -> str:
        return message("words", key, lang)

    headers = [
        word(k) for k in ("id", "name", "status", "total", "rating", "missing_count", "errors")
    ]
    rows = []
    for ev in evaluations:
        rating = ev.rating or "—"
        if ev.rules is not None and ev.rating:
            labels = {r.id: r.label.get(lang) for r in ev.rules.ruleset.ratings.bands}
            rating = labels.get(
                ev.rating, word("not_rated") if ev.rating == "not_rated" else ev.rating
            )
        rows.append(
            [
                ev.id or f"#{ev.row}",
                dict(ev.meta).get("name", ""),
                ev.status,
                fmt(ev.total, lang),
                rating,
                str(len(ev.missing)) if ev.missing else "",
                "; ".join(
                    issue_text(e, lang, ev.row) for e in ev.errors if e.code != "missing_evidence"
                ),
            ]
        )
    return (
        tabulate(
            rows,
            headers=headers,
            tablefmt=tablefmt,
            disable_numparse=True,
            colalign=("left", "left", "left", "right", "left", "right", "left"),
        )
        + "\n"
    )


def render_evaluation(evaluation: Evaluation, lang: str = "vi", tablefmt: str = "simple") -> str:
    """Explain and render one evaluation."""
    return render(explain(evaluation, lang), tablefmt)


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    tablefmt: str = "simple",
    widths: Sequence[int | None] | None = None,
) -> str:
    """A plain table of strings, numbers left as written; ``widths`` wraps long columns."""
    text = tabulate(
        rows,
        headers=headers,
        tablefmt=tablefmt,
        disable_numparse=True,
        maxcolwidths=list(widths) if widths and rows else None,
    )
    return text + "\n"


def render_report(summaries: Sequence[Summary], by: str | None, lang: str = "vi") -> str:
    """The December report as text: one block per group, then who is under 80."""

    def word(key: str) -> str:
        return message("summary", key, lang)

    blocks = []
    for s in summaries:
        group = "" if s.group is None else message("summary", "group", lang, by=by, value=s.group)
        stats = [
            [word("records"), str(s.records)],
            [word("rated"), str(s.rated)],
            [word("mean"), _two(s.mean, lang)],
            [word("median"), _two(s.median, lang)],
            [word("share_tot"), _two(s.share_tot, lang, "%")],
            [word("share_tot_kha"), _two(s.share_tot_kha, lang, "%")],
        ]
        counts = [[word("by_rating"), r, str(n)] for r, n in s.ratings]
        counts += [[word("by_status"), st, str(n)] for st, n in s.statuses]
        counts += [[axis, value, str(n)] for axis, values in s.classes for value, n in values]
        blocks.append(message("summary", "title", lang, group=group))
        blocks.append(render_table(["", ""], stats))
        blocks.append(render_table(["", "", message("columns", "count", lang)], counts))
    under = summaries[0].under_80 if summaries else ()
    blocks.append(word("under_80"))
    rows = [[u.id, u.name, u.group, fmt(u.total, lang), fmt(u.distance, lang)] for u in under]
    headers = [message("columns", k, lang) for k in ("id", "name", "group", "total", "distance")]
    blocks.append(render_table(headers, rows) if rows else word("none") + "\n")
    return "\n".join(blocks)


def _two(value: Decimal | None, lang: str, unit: str = "") -> str:
    if value is None:
        return "—"
    return fmt(value.quantize(Decimal("0.01")), lang) + (f" {unit}" if unit else "")
