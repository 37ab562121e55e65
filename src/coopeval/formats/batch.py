"""Evaluate every record of a file under one or several rule sets, in order.

One result per row, whatever happens: a row that cannot be read becomes an
error result naming the row, so rows out always equal rows in. Spreadsheet
headers are mapped to fields (`headers`), each error names its spreadsheet
column, and a repeated id is reported on its later rows.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeVar, overload

import attrs

from coopeval.engine import CompiledRuleSet, failed
from coopeval.engine import evaluate as evaluate_record
from coopeval.engine.programme import CompiledProgramme
from coopeval.engine.results import Evaluation, ProgrammeResult, Result
from coopeval.engine.scorecard import CompiledScorecard
from coopeval.formats.headers import HeaderMap
from coopeval.formats.readers import read_records
from coopeval.formats.rows import Format, Unreadable
from coopeval.records import RecordIssue

__all__ = ["evaluate_file"]

R = TypeVar("R", Evaluation, ProgrammeResult)


@overload
def evaluate_file(
    rules: CompiledRuleSet[CompiledScorecard],
    path: str | os.PathLike[str],
    *,
    fmt: Format | None = ...,
    lenient: bool = ...,
    as_of: dt.date | None = ...,
    header_map: Mapping[str, str] | None = ...,
    sheet: str | None = ...,
    duplicates: bool = ...,
) -> Iterator[Evaluation]: ...
@overload
def evaluate_file(
    rules: CompiledRuleSet[CompiledProgramme],
    path: str | os.PathLike[str],
    *,
    fmt: Format | None = ...,
    lenient: bool = ...,
    as_of: dt.date | None = ...,
    header_map: Mapping[str, str] | None = ...,
    sheet: str | None = ...,
    duplicates: bool = ...,
) -> Iterator[ProgrammeResult]: ...
@overload
def evaluate_file(
    rules: Sequence[CompiledRuleSet[Any]],
    path: str | os.PathLike[str],
    *,
    fmt: Format | None = ...,
    lenient: bool = ...,
    as_of: dt.date | None = ...,
    header_map: Mapping[str, str] | None = ...,
    sheet: str | None = ...,
    duplicates: bool = ...,
) -> Iterator[list[Result]]: ...
def evaluate_file(
    rules: CompiledRuleSet[Any] | Sequence[CompiledRuleSet[Any]],
    path: str | os.PathLike[str],
    *,
    fmt: Format | None = None,
    lenient: bool = False,
    as_of: dt.date | None = None,
    header_map: Mapping[str, str] | None = None,
    sheet: str | None = None,
    duplicates: bool = True,
) -> Iterator[Any]:
    """Yield, per row of ``path`` (``-`` for standard input), its result, in order.

    Args:
        rules: one rule set (one result per row), or several (a list per row,
            one result per rule set; results of rule sets that derived inputs
            need are computed once per record and shared).
        header_map: extra "header in the sheet" → field name pairs.
        sheet: the XLSX sheet to read (default: the first).
        duplicates: report a repeated id as an error on its later rows. This keeps
            one entry per distinct id in memory; turn it off for constant memory.

    Raises:
        RecordError: the file as a whole cannot be read.
    """
    several = not isinstance(rules, CompiledRuleSet)
    rule_sets: Sequence[CompiledRuleSet[Any]] = rules if several else [rules]  # type: ignore[assignment,list-item]  # narrowed by `several`
    rows = _rows(
        rule_sets,
        os.fspath(path),
        fmt=fmt,
        lenient=lenient,
        as_of=as_of,
        header_map=header_map,
        sheet=sheet,
        duplicates=duplicates,
    )
    return rows if several else (row[0] for row in rows)


def _rows(
    rule_sets: Sequence[CompiledRuleSet[Any]],
    path: str,
    *,
    fmt: Format | None,
    lenient: bool,
    as_of: dt.date | None,
    header_map: Mapping[str, str] | None,
    sheet: str | None,
    duplicates: bool,
) -> Iterator[list[Result]]:
    source = "<stdin>" if path == "-" else path
    headers = HeaderMap([i for r in rule_sets for i in r.ruleset.inputs], header_map)
    seen: dict[str, int] | None = {} if duplicates else None
    for raw in read_records(path, fmt, headers=headers, sheet=sheet):
        if isinstance(raw, Unreadable):
            issue = RecordIssue("(row)", raw.text, "unreadable", raw.reason)
            yield [failed(r, issue, source=source, row=raw.row) for r in rule_sets]
            continue
        cache: dict[str, Any] = {}
        row = [
            evaluate_record(
                r,
                raw.data,
                lenient=lenient,
                as_of=as_of,
                cache=cache,
                source=source,
                row=raw.row,
                cells=raw.cells,
            )
            for r in rule_sets
        ]
        yield [_first_use(_located(result, raw.columns), seen) for result in row]
        if seen is not None and row[0].id is not None:
            seen.setdefault(row[0].id, raw.row)


def _located(result: R, columns: Mapping[str, str]) -> R:
    """Name the spreadsheet column of each issue's field."""
    if not result.errors or not columns:
        return result
    errors = tuple(
        attrs.evolve(i, column=columns[i.field]) if i.field in columns else i for i in result.errors
    )
    return attrs.evolve(result, errors=errors)


def _first_use(result: R, seen: dict[str, int] | None) -> R:
    """A record whose id an earlier row already used is an error naming that row."""
    if seen is None or result.id is None or result.row is None:
        return result
    first = seen.get(result.id, result.row)
    if first == result.row:
        return result
    issue = RecordIssue(
        "id", result.id, "duplicate_id", f"id {result.id!r} is also used on row {first}"
    )
    if isinstance(result, Evaluation):
        return attrs.evolve(result, status="error", rating=None, errors=(*result.errors, issue))
    return attrs.evolve(result, errors=(*result.errors, issue))
