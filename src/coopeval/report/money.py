"""Report a `MoneyReport`: text for people, JSON and flat rows (CSV, XLSX) for programs.

Amounts are exact đồng, written ``17.560.000.000`` in Vietnamese text and as
plain digits (``"17560000000"``) in JSON and CSV; shares are percentages (30 is
30 %) as the checks file rounds them. Every finding is cited to the review's
table and line (``Biểu 2, dòng 50``), with the expected and found amounts and
their difference (found − expected). The JSON field names are a contract
(``docs/money.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from coopeval.engine.money import MoneyFinding, MoneyReport, ShareLine
from coopeval.report.messages import fmt, message
from coopeval.report.text import render_table
from coopeval.ruleset.money import FIGURES, MoneyChecks

__all__ = ["MONEY_COLUMNS", "citation", "money_dict", "money_rows", "render_money"]

#: The columns of ``coopeval money --format csv`` (and of its XLSX sheet), in order.
MONEY_COLUMNS = (
    "section",
    "view",
    "table",
    "line",
    "cooperative",
    "content",
    "source",
    *FIGURES,
    "shares",
    "check",
    "figure",
    "column",
    "expected",
    "found",
    "difference",
    "citation",
)


def citation(checks: MoneyChecks, table: str, line: str, lang: str) -> str:
    """How a line of the review is cited: ``Biểu 2, dòng 3`` (``Table 2, line 3``)."""
    declared = checks.table(table)
    name = declared.cite.get(lang) if declared is not None else ""
    if not name:
        return message("money", "line", lang, line=line)
    return message("money", "table_line", lang, table=name, line=line)


def money_dict(report: MoneyReport) -> dict[str, Any]:
    """The report as JSON-ready data: amounts in đồng and shares as strings of digits."""
    checks = report.checks
    return {
        "checks": {"id": checks.id, "version": checks.version, "file": checks.file},
        "input": report.table.source,
        "consistent": report.consistent,
        "shares": [_share_dict(s) for s in report.shares],
        "findings": [_finding_dict(checks, f) for f in report.findings],
        "compared": dict(report.compared),
        "skipped_rows": [{"row": row, "word": word} for row, word in report.table.skipped],
    }


def money_rows(report: MoneyReport, lang: str) -> list[list[str]]:
    """One row per share line, then one per finding, under `MONEY_COLUMNS` (the first row)."""
    rows = [list(MONEY_COLUMNS)]
    blank = [""] * 7
    for s in report.shares:
        shares = "; ".join(f"{k}={_plain(v)}" for k, v in s.shares.items())
        rows.append(
            ["share", s.view, s.table, s.line, s.cooperative or "", s.content or "", s.source or ""]
            + [_plain(s.amounts.get(f)) for f in FIGURES]
            + [shares, *blank]
        )
    for f in report.findings:
        rows.append(
            ["finding", f.kind, f.table, f.line, f.cooperative or "", f.content or "", f.source]
            + [""] * (len(FIGURES) + 1)
            + [f.check, f.figure, f.column, _plain(f.expected), _plain(f.found)]
            + [_plain(f.difference), citation(report.checks, f.table, f.line, lang)]
        )
    return rows


def render_money(report: MoneyReport, lang: str = "vi", width: int | None = None) -> str:
    """The report as text: the shares of plan per view, then every finding, then the verdict."""
    checks = report.checks
    parts = [checks.title.get(lang), ""]
    for view in ("line", "cooperative", "content", "source"):
        lines = [s for s in report.shares if s.view == view]
        if lines:
            parts += [
                message("money", f"view_{view}", lang),
                _share_table(checks, lines, lang, width),
            ]
    if report.findings:
        parts.append(message("money", "findings", lang, count=len(report.findings)))
        parts += [_finding_text(checks, f, lang) for f in report.findings]
    else:
        parts.append(message("money", "all_hold", lang, count=sum(report.compared.values())))
    for row, word in report.table.skipped:
        parts.append(message("plan", "totals_word", lang, row=row, word=word))
    return "\n".join(parts) + "\n"


def _share_table(
    checks: MoneyChecks, lines: Sequence[ShareLine], lang: str, width: int | None
) -> str:
    headers = [message("money", "group", lang)]
    headers += [message("money", f"figure_{f}", lang) for f in FIGURES]
    headers += [s.label.get(lang) for s in checks.shares]
    rows = []
    for s in lines:
        rows.append(
            [_group(checks, s, lang)]
            + [fmt(s.amounts.get(f), lang) for f in FIGURES]
            + [fmt(s.shares.get(share.id), lang) for share in checks.shares]
        )
    align = ["left"] + ["right"] * (len(headers) - 1)
    return render_table(headers, rows, width=width, colalign=align)


def _group(checks: MoneyChecks, s: ShareLine, lang: str) -> str:
    source = checks.source(s.source or "").label.get(lang) if s.source else ""
    if s.view == "line":
        return f"{citation(checks, s.table, s.line, lang)}: {source}"
    if s.view == "source":
        return source
    return (s.cooperative if s.view == "cooperative" else s.content) or ""


def _finding_text(checks: MoneyChecks, f: MoneyFinding, lang: str) -> str:
    against = "; ".join(citation(checks, t, ln, lang) for t, ln in f.against)
    return message(
        "money",
        "finding",
        lang,
        citation=citation(checks, f.table, f.line, lang),
        column=f.column,
        row=f.row,
        check=f.label.get(lang),
        code=f.check,
        expected=fmt(f.expected, lang),
        found=fmt(f.found, lang),
        difference=_signed(f.difference, lang),
        against=against,
    )


def _signed(value: Decimal, lang: str) -> str:
    return ("+" if value > 0 else "") + fmt(value, lang)


def _share_dict(s: ShareLine) -> dict[str, Any]:
    return {
        "view": s.view,
        "table": s.table,
        "line": s.line,
        "cooperative": s.cooperative,
        "content": s.content,
        "source": s.source,
        **{f: _text(s.amounts.get(f)) for f in FIGURES},
        "shares": {k: _text(v) for k, v in s.shares.items()},
    }


def _finding_dict(checks: MoneyChecks, f: MoneyFinding) -> dict[str, Any]:
    return {
        "check": f.check,
        "kind": f.kind,
        "table": f.table,
        "line": f.line,
        "row": f.row,
        "column": f.column,
        "figure": f.figure,
        "cooperative": f.cooperative,
        "content": f.content,
        "source": f.source,
        "expected": str(f.expected),
        "found": str(f.found),
        "difference": str(f.difference),
        "citation": {lang: citation(checks, f.table, f.line, lang) for lang in ("vi", "en")},
        "against": [
            {
                "table": t,
                "line": ln,
                "citation": {lang: citation(checks, t, ln, lang) for lang in ("vi", "en")},
            }
            for t, ln in f.against
        ],
        "label": {"vi": f.label.vi, "en": f.label.en},
    }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _plain(value: Decimal | None) -> str:
    return "" if value is None else str(value)
