"""Evaluate every record of a file under one or several rule sets, in order.

One result per data row, whatever happens: a row that cannot be read becomes
an error result naming the row, so rows out always equal data rows in. The
file's column plan (`plan`) says what each column was read as; each error names
its spreadsheet column; a repeated id is reported on its later rows; a totals
row is skipped and reported, never scored as a cooperative.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from operator import add
from typing import Any, Generic, TypeVar, overload

import attrs

from coopeval.engine import CompiledRuleSet, failed
from coopeval.engine import evaluate as evaluate_record
from coopeval.engine.programme import CompiledProgramme
from coopeval.engine.results import Evaluation, ProgrammeResult, Result
from coopeval.engine.scorecard import CompiledScorecard
from coopeval.errors import UsageError
from coopeval.formats.headers import Entry
from coopeval.formats.plan import ColumnPlan, Planner
from coopeval.formats.readers import read_records
from coopeval.formats.rows import Format, RawRecord, Skipped, Unreadable
from coopeval.messages import said
from coopeval.records import RecordIssue
from coopeval.records.schema import SELF_SCORE

__all__ = ["FileResults", "evaluate_file"]

R = TypeVar("R", Evaluation, ProgrammeResult)
T = TypeVar("T")

#: Called with a file's column plan once it is known (a spreadsheet's at its header).
OnPlan = Callable[[ColumnPlan], None]


class FileResults(Generic[T]):
    """The results of a file, one per data row, as they are computed.

    Attributes:
        plan: what each column was read as; a spreadsheet's once its header is
            read, a JSON file's once every record is.
        skipped: the rows left out on purpose (totals rows), in order.
    """

    def __init__(self) -> None:
        self.plan: ColumnPlan | None = None
        self.skipped: list[Skipped] = []
        self._items: Iterator[T] = iter(())

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        return next(self._items)

    def close(self) -> None:
        """Stop early: the file is closed, and worker processes, if any, stopped."""
        close = getattr(self._items, "close", None)
        if close is not None:
            close()


@overload
def evaluate_file(
    rules: CompiledRuleSet[CompiledScorecard],
    path: str | os.PathLike[str],
    *,
    fmt: Format | None = ...,
    lenient: bool = ...,
    as_of: dt.date | None = ...,
    header_map: Mapping[str, Entry] | None = ...,
    sheet: str | None = ...,
    duplicates: bool = ...,
    strict_columns: bool = ...,
    on_plan: OnPlan | None = ...,
) -> FileResults[Evaluation]: ...
@overload
def evaluate_file(
    rules: CompiledRuleSet[CompiledProgramme],
    path: str | os.PathLike[str],
    *,
    fmt: Format | None = ...,
    lenient: bool = ...,
    as_of: dt.date | None = ...,
    header_map: Mapping[str, Entry] | None = ...,
    sheet: str | None = ...,
    duplicates: bool = ...,
    strict_columns: bool = ...,
    on_plan: OnPlan | None = ...,
) -> FileResults[ProgrammeResult]: ...
@overload
def evaluate_file(
    rules: Sequence[CompiledRuleSet[Any]],
    path: str | os.PathLike[str],
    *,
    fmt: Format | None = ...,
    lenient: bool = ...,
    as_of: dt.date | None = ...,
    header_map: Mapping[str, Entry] | None = ...,
    sheet: str | None = ...,
    duplicates: bool = ...,
    strict_columns: bool = ...,
    on_plan: OnPlan | None = ...,
) -> FileResults[list[Result]]: ...
def evaluate_file(
    rules: CompiledRuleSet[Any] | Sequence[CompiledRuleSet[Any]],
    path: str | os.PathLike[str],
    *,
    fmt: Format | None = None,
    lenient: bool = False,
    as_of: dt.date | None = None,
    header_map: Mapping[str, Entry] | None = None,
    sheet: str | None = None,
    duplicates: bool = True,
    strict_columns: bool = False,
    on_plan: OnPlan | None = None,
) -> FileResults[Any]:
    """Yield, per data row of ``path`` (``-`` for standard input), its result, in order.

    Args:
        rules: one rule set (one result per row), or several (a list per row,
            one result per rule set; results of rule sets that derived inputs
            need are computed once per record and shared).
        header_map: extra "header in the sheet" → field name (or field and unit) pairs.
        sheet: the XLSX sheet to read (default: the first).
        duplicates: report a repeated id as an error on its later rows. This keeps
            one entry per distinct id in memory; turn it off for constant memory.
        strict_columns: a column (or JSON key) no rule set reads is a `UsageError`.
        on_plan: called with the column plan as soon as it is known.

    Returns:
        The results as they are computed, with the file's ``plan`` and ``skipped`` rows.

    Raises:
        RecordError: the file as a whole cannot be read.
        UsageError: a column's unit does not fit its field; an unused column
            with ``strict_columns``.
    """
    several = not isinstance(rules, CompiledRuleSet)
    rule_sets: Sequence[CompiledRuleSet[Any]] = rules if several else [rules]  # type: ignore[assignment,list-item]  # narrowed by `several`
    results: FileResults[Any] = FileResults()
    source = os.fspath(path)
    evaluator = Evaluator(rule_sets, "<stdin>" if source == "-" else source, lenient, as_of)
    reading = _Reading(rule_sets, source, results, header_map, strict_columns, on_plan, evaluator)
    rows = reading.rows(fmt, sheet, duplicates=duplicates)
    results._items = rows if several else (row[0] for row in rows)  # set once, here
    return results


class Evaluator:
    """Evaluates one raw record under the rule sets: the results of one output row.

    The one place a row becomes results, whether in this process or in a worker
    process of a parallel run (`coopeval.formats.parallel`).
    """

    def __init__(
        self,
        rule_sets: Sequence[CompiledRuleSet[Any]],
        source: str,
        lenient: bool,
        as_of: dt.date | None,
    ) -> None:
        self.rule_sets = rule_sets
        self.source = source
        self.lenient = lenient
        self.as_of = as_of

    def row(self, raw: RawRecord) -> list[Result]:
        """Every rule set's result for ``raw``, each issue named by its spreadsheet column."""
        cache: dict[str, Any] = {}
        return [
            _located(
                evaluate_record(
                    r,
                    raw.data,
                    lenient=self.lenient,
                    as_of=self.as_of,
                    cache=cache,
                    source=self.source,
                    row=raw.row,
                    cells=raw.cells,
                    powers=raw.powers,
                    scored=raw.scored,
                ),
                raw.columns,
            )
            for r in self.rule_sets
        ]

    def unreadable(self, raw: Unreadable) -> list[Result]:
        """The error results of a row that could not be read as a record."""
        issue = RecordIssue("(row)", raw.text, "unreadable", raw.reason)
        return [failed(r, issue, source=self.source, row=raw.row) for r in self.rule_sets]


#: What reading a file gives, row by row: a record, a row that is not one, a skipped row.
Read = RawRecord | Unreadable | Skipped


class _Reading:
    """One pass over a file: the plan, the rows, what is skipped."""

    def __init__(
        self,
        rule_sets: Sequence[CompiledRuleSet[Any]],
        path: str,
        results: FileResults[Any],
        header_map: Mapping[str, Entry] | None,
        strict_columns: bool,
        on_plan: OnPlan | None,
        evaluator: Evaluator,
    ) -> None:
        self.rule_sets = rule_sets
        self.path = path
        self.source = "<stdin>" if path == "-" else path
        self.results = results
        self.strict = strict_columns
        self.on_plan = on_plan
        self.evaluator = evaluator
        read = _reachable(rule_sets)
        items = [i.id for r in read if r.kind == "scorecard" for i in r.body.items]
        inputs = [i for r in read for i in r.ruleset.inputs]
        self.planner = Planner(inputs, items, header_map)
        #: JSON keys seen, in order, for a JSON file's plan.
        self.keys: dict[str, None] = {}
        self.sums = _Sums()

    def read(self, fmt: Format | None, sheet: str | None) -> Iterator[Read]:
        """The file's rows as read; the plan told as soon as it is known."""
        for raw in read_records(self.path, fmt, planner=self.planner, sheet=sheet):
            if isinstance(raw, ColumnPlan):
                self._planned(raw)
                continue
            if isinstance(raw, RawRecord) and not raw.cells:
                self._keys(raw)
            yield raw
        if self.keys and self.results.plan is None:
            self._planned(self.planner.plan(list(self.keys), self.source, keys=True))

    def rows(
        self,
        fmt: Format | None,
        sheet: str | None,
        *,
        duplicates: bool,
    ) -> Iterator[list[Result]]:
        seen: dict[str, int] | None = {} if duplicates else None
        for raw in self.read(fmt, sheet):
            row = self.judge(raw, seen)
            if row is not None:
                yield row

    def judge(self, raw: Read, seen: dict[str, int] | None) -> list[Result] | None:
        """The results of one row read, in reading order; ``None`` for a row skipped."""
        if isinstance(raw, Skipped):
            self.skip(raw)
            return None
        if isinstance(raw, Unreadable):
            return self.evaluator.unreadable(raw)
        row = self.evaluator.row(raw)
        if raw.cells:
            if self.sums.totals(row[0]):
                self.skip(Skipped(raw.row, "totals_sums"))
                return None
            self.sums.add(row[0])
        row = [_first_use(result, seen) for result in row]  # type: ignore[type-var]  # each result is one kind or the other
        if seen is not None and row[0].id is not None:
            seen.setdefault(row[0].id, raw.row)
        return row

    def skip(self, skipped: Skipped) -> None:
        self.results.skipped.append(skipped)
        self.sums.block()

    def _planned(self, plan: ColumnPlan) -> None:
        self.results.plan = plan
        if self.strict and plan.unused:
            column = plan.unused[0]
            raise UsageError(said("columns.strict_column", source=plan.source, column=column.where))
        if self.on_plan is not None:
            self.on_plan(plan)

    def _keys(self, raw: RawRecord) -> None:
        """Note a JSON record's keys for the plan; with strict columns, refuse a stranger."""
        for key, value in raw.data.items():
            names = (
                [f"{SELF_SCORE}{k}" for k in value]
                if key == SELF_SCORE[:-1] and isinstance(value, Mapping)
                else [key]
            )
            for name in names:
                if name in self.keys:
                    continue
                self.keys[name] = None
                if self.strict and self.planner.plan([name], self.source, keys=True).unused:
                    raise UsageError(
                        said("columns.strict_key", source=self.source, row=raw.row, key=name)
                    )


def _reachable(rule_sets: Sequence[CompiledRuleSet[Any]]) -> list[CompiledRuleSet[Any]]:
    """The rule sets and those their derived inputs come from: all of them read the file.

    Two versions of one rule set (same id, as ``coopeval diff --records`` reads
    a file under) are both kept: each may read inputs the other does not.
    """
    found = {r.id: r for r in rule_sets}
    waiting = list(rule_sets)
    derived_from: list[CompiledRuleSet[Any]] = []
    while waiting:
        rules = waiting.pop()
        for derived in rules.derived:
            if derived.ruleset not in found and rules.resolve is not None:
                other = rules.resolve(derived.ruleset, None)
                if other is not None:
                    found[derived.ruleset] = other
                    waiting.append(other)
                    derived_from.append(other)
    return [*rule_sets, *derived_from]


class _Sums:
    """Running sums of the numbers read, to tell a totals row without words by its numbers.

    A row with no id whose numbers (two or more) all equal the sums of the rows
    above it, since the start or since the last totals row, is a totals row.
    One running sum is kept; the sums since the last totals row are it minus
    its value there.
    """

    def __init__(self) -> None:
        self.total: list[Decimal] = []
        self.mark: list[Decimal] = []
        #: Rows added since the last totals row (none: no sums "since" to compare).
        self.since = 0

    def add(self, result: Result) -> None:
        if result.id is not None:
            self.add_values(result.values)

    def add_values(self, values: Sequence[Any]) -> None:
        numbers = [v if v.__class__ is Decimal else _ZERO for v in values]
        self.total = list(map(add, self.total, numbers)) if self.total else numbers
        self.since += 1

    def add_sums(self, sums: Sequence[Decimal], rows: int) -> None:
        """Add the sums of several rows at once (a part of the file read elsewhere)."""
        if rows:
            self.total = list(map(add, self.total, sums)) if self.total else list(sums)
            self.since += rows

    def block(self) -> None:
        self.mark = list(self.total)
        self.since = 0

    def totals(self, result: Result) -> bool:
        if result.id is not None or not self.total:
            return False
        numbers = [(s, v) for s, v in enumerate(result.values) if v.__class__ is Decimal]
        if len(numbers) < 2:
            return False
        total, mark = self.total, self.mark
        return all(total[s] == v for s, v in numbers) or (
            self.since > 0 and bool(mark) and all(total[s] - mark[s] == v for s, v in numbers)
        )


_ZERO = Decimal(0)


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
