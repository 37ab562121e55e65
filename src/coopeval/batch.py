"""Evaluate every record of a file, in order, one result per row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from coopeval.compiler import CompiledRuleSet
from coopeval.engine import evaluate, failed
from coopeval.headers import HeaderMap
from coopeval.results import Evaluation, RecordIssue, RuleSetRef
from coopeval.sources import Format, Unreadable, read_records

if TYPE_CHECKING:
    from coopeval.eligibility import ProgrammeResult
    from coopeval.support_compiler import CompiledProgramme

__all__ = ["evaluate_file", "evaluate_programmes_file", "unreadable_result"]


def evaluate_file(
    rules: CompiledRuleSet,
    path: str,
    *,
    fmt: Format | None = None,
    lenient: bool = False,
    header_map: Mapping[str, str] | None = None,
    sheet: str | None = None,
    duplicates: bool = True,
) -> Iterator[Evaluation]:
    """Yield one `Evaluation` per row of ``path`` (``-`` for standard input), in order.

    A row that cannot be read becomes an error result naming the row, so rows
    out always equal rows in. Spreadsheet headers are mapped to fields (see
    `coopeval.headers`), and each error names its spreadsheet column.

    Args:
        header_map: extra "header in the sheet" → field name pairs.
        sheet: the XLSX sheet to read (default: the first).
        duplicates: report a repeated id as an error on its later rows. This keeps
            one entry per distinct id in memory; turn it off for constant memory.

    Raises:
        RecordError: the file as a whole cannot be read.
    """
    source = "<stdin>" if path == "-" else path
    headers = HeaderMap(rules.ruleset.inputs, header_map)
    seen: dict[str, int] | None = {} if duplicates else None
    for raw in read_records(path, fmt, headers=headers, sheet=sheet):
        if isinstance(raw, Unreadable):
            issue = RecordIssue("(row)", raw.text, "unreadable", raw.reason)
            yield failed(rules, issue, source=source, row=raw.row)
            continue
        ev = evaluate(rules, raw.data, lenient=lenient, source=source, row=raw.row, cells=raw.cells)
        if ev.errors and raw.columns:
            ev = attrs.evolve(ev, errors=_located(ev.errors, raw.columns))
        yield _first_use(ev, seen)


def _located(
    issues: tuple[RecordIssue, ...], columns: Mapping[str, str]
) -> tuple[RecordIssue, ...]:
    """Name the spreadsheet column of each issue's field."""
    return tuple(
        attrs.evolve(i, column=columns[i.field]) if i.field in columns else i for i in issues
    )


def _first_use(ev: Evaluation, seen: dict[str, int] | None) -> Evaluation:
    """A record whose id an earlier row already used is an error naming that row."""
    if seen is None or ev.id is None or ev.row is None:
        return ev
    first = seen.setdefault(ev.id, ev.row)
    if first == ev.row:
        return ev
    issue = RecordIssue("id", ev.id, "duplicate_id", f"id {ev.id!r} is also used on row {first}")
    return attrs.evolve(ev, status="error", rating=None, errors=(*ev.errors, issue))


def evaluate_programmes_file(
    programmes: Sequence[CompiledProgramme],
    path: str,
    *,
    fmt: Format | None = None,
    as_of: dt.date | None = None,
) -> Iterator[list[ProgrammeResult]]:
    """Yield, per row of ``path``, one `ProgrammeResult` per programme, in order.

    Results of other rule sets that derived inputs need (a tt01-2020 rating) are
    computed once per record and shared between the programmes.

    Raises:
        RecordError: the file as a whole cannot be read.
    """
    from coopeval.eligibility import evaluate_programme

    source = "<stdin>" if path == "-" else path
    headers = HeaderMap([i for p in programmes for i in p.programme.inputs])
    for raw in read_records(path, fmt, headers=headers):
        if isinstance(raw, Unreadable):
            issue = RecordIssue("(row)", raw.text, "unreadable", raw.reason)
            yield [unreadable_result(p, issue, source, raw.row) for p in programmes]
            continue
        cache: dict[str, object] = {}
        yield [
            evaluate_programme(
                p,
                raw.data,
                as_of=as_of,
                cache=cache,
                source=source,
                row=raw.row,
                cells=raw.cells,
            )
            for p in programmes
        ]


def unreadable_result(
    programme: CompiledProgramme, issue: RecordIssue, source: str, row: int
) -> ProgrammeResult:
    """The result of a row that could not be read, under one programme."""
    from coopeval.eligibility import ProgrammeResult

    head = programme.programme.ruleset
    return ProgrammeResult(
        id=None,
        programme=RuleSetRef(head.id, head.version, programme.programme.sha256),
        outcome=None if programme.root is None else "undetermined",
        conditions=(),
        amounts=(),
        errors=(issue,),
        source=source,
        row=row,
        rules=programme,
    )
