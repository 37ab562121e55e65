"""Check a programme's support-plan tables and compute its shares of plan, exactly.

Takes a `MoneyChecks` and the `PlanTable` read for it; returns a `MoneyReport`:
the shares of plan per cooperative, per content and per source (and each total
line as reported), and one `MoneyFinding` per figure a check finds wrong, located
(table, line, file row, column) with the expected and found amounts. Amounts
are exact đồng; a share is ``numerator / denominator × 100``, rounded only as
the checks file declares. A blank cell is never read as 0: a sum is checked
only where its total and its parts report the figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Literal

import attrs

from coopeval.expr.functions import ROUNDING, quantum
from coopeval.records.support_plan import PlanLine, PlanTable
from coopeval.ruleset.base import Text
from coopeval.ruleset.money.model import (
    FIGURES,
    Check,
    MoneyChecks,
    RowsCheck,
    SameCheck,
    Share,
    ShareCheck,
    SourcesCheck,
    YearsCheck,
)

__all__ = ["MoneyFinding", "MoneyReport", "ShareLine", "View", "check_money", "share_of"]

#: How a share line is grouped: a total line as reported, or summed from the detail.
View = Literal["line", "cooperative", "content", "source"]
_HUNDRED = Decimal(100)


@attrs.frozen
class MoneyFinding:
    """A figure a check finds wrong: where it is, what it should be, what it is."""

    check: str
    kind: str
    label: Text
    #: Where the wrong figure is: its table, line, file row and column.
    table: str
    line: str
    row: int
    column: str
    figure: str
    cooperative: str | None
    content: str | None
    source: str
    expected: Decimal
    found: Decimal
    #: The (table, line) of every line the expected amount comes from.
    against: tuple[tuple[str, str], ...]

    @property
    def difference(self) -> Decimal:
        """``found − expected``: positive when the table reports too much."""
        return self.found - self.expected


@attrs.frozen
class ShareLine:
    """Amounts and shares of plan of one group of lines (``None``: over all of them)."""

    view: View
    table: str
    line: str
    cooperative: str | None
    content: str | None
    source: str | None
    #: need, allocated, disbursed → amount in đồng (``None``: no line reports it).
    amounts: Mapping[str, Decimal | None]
    #: Share id → percentage, rounded as declared (``None``: nothing to divide by).
    shares: Mapping[str, Decimal | None]


@attrs.frozen
class MoneyReport:
    """What `check_money` found: shares, findings, and how many comparisons each check made."""

    checks: MoneyChecks
    table: PlanTable
    shares: tuple[ShareLine, ...]
    findings: tuple[MoneyFinding, ...]
    #: Check id → the number of figures it compared.
    compared: Mapping[str, int]

    @property
    def consistent(self) -> bool:
        """Whether every check holds."""
        return not self.findings


def check_money(checks: MoneyChecks, table: PlanTable) -> MoneyReport:
    """Run every check of ``checks`` on ``table`` and compute its shares of plan."""
    findings: list[MoneyFinding] = []
    compared: dict[str, int] = {}
    for check in checks.checks:
        found = list(_RUN[type(check)](check, table.lines, checks))
        compared[check.id] = len(found)
        findings += [f for f in found if f is not None]
    return MoneyReport(checks, table, tuple(_shares(checks, table)), tuple(findings), compared)


def share_of(share: Share, amounts: Mapping[str, Decimal | None]) -> Decimal | None:
    """``numerator / denominator × 100`` rounded as ``share`` declares; ``None`` when either
    is not reported or the denominator is 0."""
    numerator, denominator = amounts.get(share.numerator), amounts.get(share.denominator)
    if numerator is None or not denominator:
        return None
    exact = numerator * _HUNDRED / denominator
    return exact.quantize(quantum(share.rounding.places), rounding=ROUNDING[share.rounding.mode])


# --- the checks: each yields None for a figure that holds, a MoneyFinding for one that does not


Outcome = MoneyFinding | None


def _sources(
    check: SourcesCheck, lines: Sequence[PlanLine], checks: MoneyChecks
) -> Iterator[Outcome]:
    by_key = {(ln.table, ln.cooperative, ln.key()[1], ln.source): ln for ln in lines}
    for total in (ln for ln in lines if ln.source == check.total):
        parts = [
            by_key.get((total.table, total.cooperative, total.key()[1], p)) for p in check.parts
        ]
        present = [p for p in parts if p is not None]
        if len(present) < len(parts):
            continue
        for figure in checks.figures():
            values = [p.figures.get(figure) for p in present]
            if figure in total.figures and all(v is not None for v in values):
                yield _compare(
                    check,
                    "sources",
                    total,
                    figure,
                    present,
                    _sum(values),
                )


def _years(check: YearsCheck, lines: Sequence[PlanLine], checks: MoneyChecks) -> Iterator[Outcome]:
    names = [f"{check.figure}_{y}" for y in checks.years]
    for line in lines:
        values = [line.figures.get(n) for n in names]
        if check.figure in line.figures and all(v is not None for v in values):
            yield _compare(check, "years", line, check.figure, [line], _sum(values))


def _rows(check: RowsCheck, lines: Sequence[PlanLine], checks: MoneyChecks) -> Iterator[Outcome]:
    detailed: dict[tuple[str, str], list[PlanLine]] = {}
    for ln in lines:  # by table and source: a total looks only among its own
        if ln.detailed:
            detailed.setdefault((ln.table, ln.source), []).append(ln)
    for total in (ln for ln in lines if not ln.detailed):
        parts = [ln for ln in detailed.get((total.table, total.source), ()) if total.covers(ln)]
        for figure in checks.figures():
            reported = [p for p in parts if figure in p.figures]
            if figure in total.figures and reported:
                yield _compare(
                    check,
                    "rows",
                    total,
                    figure,
                    reported,
                    _sum([p.figures[figure] for p in reported]),
                )


def _same(check: SameCheck, lines: Sequence[PlanLine], checks: MoneyChecks) -> Iterator[Outcome]:
    first, second = check.tables
    reference = {ln.key(): ln for ln in lines if ln.table == first}
    for line in (ln for ln in lines if ln.table == second):
        other = reference.get(line.key())
        if other is None:
            continue
        for figure in checks.figures():
            if figure in line.figures and figure in other.figures:
                yield _compare(check, "same", line, figure, [other], other.figures[figure])


def _share(check: ShareCheck, lines: Sequence[PlanLine], checks: MoneyChecks) -> Iterator[Outcome]:
    share = next(s for s in checks.shares if s.id == check.share)
    for line in (ln for ln in lines if share.id in ln.figures):
        expected = share_of(share, line.figures)
        if expected is not None:
            yield _compare(check, "share", line, share.id, [line], expected)


_RUN: Mapping[type, Callable[[Check, Sequence[PlanLine], MoneyChecks], Iterator[Outcome]]] = {
    SourcesCheck: _sources,  # type: ignore[dict-item]  # each runner takes its own kind
    YearsCheck: _years,  # type: ignore[dict-item]
    RowsCheck: _rows,  # type: ignore[dict-item]
    SameCheck: _same,  # type: ignore[dict-item]
    ShareCheck: _share,  # type: ignore[dict-item]
}


def _compare(
    check: Check,
    kind: str,
    line: PlanLine,
    figure: str,
    against: Sequence[PlanLine],
    expected: Decimal,
) -> Outcome:
    found = line.figures[figure]
    if found == expected:
        return None
    return MoneyFinding(
        check=check.id,
        kind=kind,
        label=check.label,
        table=line.table,
        line=line.line,
        row=line.row,
        column=line.columns.get(figure, figure),
        figure=figure,
        cooperative=line.cooperative,
        content=line.content,
        source=line.source,
        expected=expected,
        found=found,
        against=tuple((a.table, a.line) for a in against),
    )


# --- shares of plan


def _shares(checks: MoneyChecks, table: PlanTable) -> Iterator[ShareLine]:
    for line in table.lines:
        if line.cooperative is None and line.content is None:
            yield _share_line(
                checks, "line", [line], line.table, line.line, (None, None, line.source)
            )
    detail = next((t.code for t in checks.tables if t.detail), "")
    leaves = [ln for ln in table.lines if ln.detailed and ln.table == detail]
    groups: tuple[tuple[View, Callable[[PlanLine], str | None]], ...] = (
        ("cooperative", lambda ln: ln.cooperative),
        ("content", lambda ln: ln.content),
        ("source", lambda ln: ln.source),
    )
    for view, key in groups:
        for value in dict.fromkeys(key(ln) for ln in leaves):
            chosen = [ln for ln in leaves if key(ln) == value]
            keys = {
                "cooperative": (value, None, None),
                "content": (None, value, None),
                "source": (None, None, value),
            }
            yield _share_line(checks, view, chosen, detail, "", keys[view])


def _share_line(
    checks: MoneyChecks,
    view: View,
    lines: Sequence[PlanLine],
    table: str,
    line: str,
    key: tuple[str | None, str | None, str | None],
) -> ShareLine:
    amounts: dict[str, Decimal | None] = {f: _total(lines, f) for f in FIGURES}
    shares = {s.id: share_of(s, amounts) for s in checks.shares}
    return ShareLine(view, table, line, *key, amounts=amounts, shares=shares)


def _total(lines: Sequence[PlanLine], figure: str) -> Decimal | None:
    values = [ln.figures[figure] for ln in lines if figure in ln.figures]
    return sum(values, Decimal(0)) if values else None


def _sum(values: Sequence[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))
