"""Evaluate every record of a file, in order, one result per row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from coopeval.compiler import CompiledRuleSet
from coopeval.eligibility import ProgrammeResult, evaluate_programme
from coopeval.engine import evaluate, failed
from coopeval.results import Evaluation, RecordIssue, RuleSetRef
from coopeval.sources import Format, Unreadable, read_records
from coopeval.support_compiler import CompiledProgramme

__all__ = ["evaluate_file", "evaluate_programmes_file", "unreadable_result"]


def evaluate_file(
    rules: CompiledRuleSet, path: str, *, fmt: Format | None = None, lenient: bool = False
) -> Iterator[Evaluation]:
    """Yield one `Evaluation` per row of ``path`` (``-`` for standard input).

    A row that cannot be read becomes an error result naming the row, so rows
    out always equal rows in.

    Raises:
        RecordError: the file as a whole cannot be read.
    """
    source = "<stdin>" if path == "-" else path
    for raw in read_records(path, fmt):
        if isinstance(raw, Unreadable):
            issue = RecordIssue("(row)", raw.text, "unreadable", raw.reason)
            yield failed(rules, issue, source=source, row=raw.row)
        else:
            yield evaluate(rules, raw.data, lenient=lenient, source=source, row=raw.row)


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
    source = "<stdin>" if path == "-" else path
    for raw in read_records(path, fmt):
        if isinstance(raw, Unreadable):
            issue = RecordIssue("(row)", raw.text, "unreadable", raw.reason)
            yield [unreadable_result(p, issue, source, raw.row) for p in programmes]
            continue
        cache: dict[str, object] = {}
        yield [
            evaluate_programme(p, raw.data, as_of=as_of, cache=cache, source=source, row=raw.row)
            for p in programmes
        ]


def unreadable_result(
    programme: CompiledProgramme, issue: RecordIssue, source: str, row: int
) -> ProgrammeResult:
    """The result of a row that could not be read, under one programme."""
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
