"""A file's output rows as text, made on several cores: the same rows, in the same order.

The main process reads the file and keeps all that depends on the rows before
a row: the column plan, totals rows (by word, or by the sums of the rows
above), repeated ids, rows without an id and unreadable rows are judged here,
in order, exactly as `batch` judges them. Runs of ordinary rows (an id not seen
before) go to worker processes, which evaluate them with the same `Evaluator`
and make each row's text with the same sink class (`TextSink.text`); their
texts come back in order, with the sums of their numbers, so a totals row after
them is still told by its sums. A few runs at most are in flight, so memory
stays flat whatever the size of the file.

With one job nothing is sent anywhere: every row is judged and written here.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from multiprocessing.pool import AsyncResult
from typing import Any

import attrs

from coopeval.engine import CompiledRuleSet
from coopeval.engine.results import Evaluation, Result
from coopeval.errors import CoopevalError, UsageError
from coopeval.formats.batch import Evaluator, FileResults, OnPlan, _Reading, _Sums
from coopeval.formats.headers import Entry
from coopeval.formats.rows import Format, RawRecord
from coopeval.formats.sinks import TextSink
from coopeval.records.schema import record_id

__all__ = ["AUTO_BYTES", "Work", "Written", "auto_jobs", "cores", "written_file"]

#: Rows per run sent to a worker: large enough that sending costs little.
CHUNK = 400
#: Inputs at least this large use every core when no ``--jobs`` is given: below it,
#: starting the workers costs more than they save (measured: benchmarks/README.md).
AUTO_BYTES = 4_000_000


@attrs.frozen
class Written:
    """One output row as text, with what a command needs to know of it."""

    text: str
    #: The result's status (``ok``, ``not_rated``, ``error``); ``error`` for a row
    #: under programmes if any has an error.
    status: str
    row: int | None
    id: str | None


@attrs.frozen
class Work:
    """What a worker process needs to make rows' text; picklable (module-level callables).

    Attributes:
        load: gives the rule sets, as the main process loaded them.
        sink: makes a `TextSink` for the rule sets, writing nowhere (only its
            ``text`` is used).
        several: one result per rule set per row (a list), not one result.
    """

    load: Callable[[], Sequence[CompiledRuleSet[Any]]]
    sink: Callable[[Sequence[CompiledRuleSet[Any]]], TextSink]
    several: bool = False
    lenient: bool = False
    as_of: dt.date | None = None


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def auto_jobs(path: str) -> int:
    """Jobs for ``path`` when none are asked for: every core for a large file, else one."""
    try:
        large = path != "-" and os.path.getsize(path) >= AUTO_BYTES
    except OSError:
        large = False
    return cores() if large else 1


def written_file(
    rule_sets: Sequence[CompiledRuleSet[Any]],
    path: str,
    work: Work,
    *,
    jobs: int,
    fmt: Format | None = None,
    sheet: str | None = None,
    header_map: Mapping[str, Entry] | None = None,
    strict_columns: bool = False,
    on_plan: OnPlan | None = None,
    duplicates: bool = True,
    chunk: int = CHUNK,
    start_method: str | None = None,
) -> FileResults[Written]:
    """Per data row of ``path``, its output text, in order, as `evaluate_file` would judge it.

    ``rule_sets`` are the main process's, ``work`` says how workers get the same.
    ``start_method``: how worker processes start (`multiprocessing`'s ``fork``,
    ``spawn``, ``forkserver``; default: the platform's). Call ``close()`` on the
    result when stopping before the end, so the workers stop at once.
    """
    results: FileResults[Written] = FileResults()
    source = "<stdin>" if path == "-" else path
    evaluator = Evaluator(rule_sets, source, work.lenient, work.as_of)
    reading = _Reading(rule_sets, path, results, header_map, strict_columns, on_plan, evaluator)
    run = _Run(reading, work, work.sink(rule_sets), duplicates, start_method)
    results._items = (
        run.alone(fmt, sheet) if jobs <= 1 else run.shared(fmt, sheet, jobs, max(chunk, 1))
    )
    return results


class _Run:
    def __init__(
        self,
        reading: _Reading,
        work: Work,
        sink: TextSink,
        duplicates: bool,
        start_method: str | None,
    ) -> None:
        self.start_method = start_method
        self.reading = reading
        self.work = work
        self.sink = sink
        self.seen: dict[str, int] | None = {} if duplicates else None

    def alone(self, fmt: Format | None, sheet: str | None) -> Iterator[Written]:
        for raw in self.reading.read(fmt, sheet):
            row = self.reading.judge(raw, self.seen)
            if row is not None:
                yield self._here(row)

    def shared(
        self, fmt: Format | None, sheet: str | None, jobs: int, size: int
    ) -> Iterator[Written]:
        source = self.reading.evaluator.source
        context = multiprocessing.get_context(self.start_method)
        with context.Pool(jobs, initializer=_start, initargs=(self.work, source)) as pool:
            pending: deque[Any] = deque()  # runs sent (AsyncResult) and rows kept here, in order
            runs = 0
            batch: list[RawRecord] = []
            for raw in self.reading.read(fmt, sheet):
                if isinstance(raw, RawRecord) and self._ordinary(raw):
                    if batch and not _alike(batch[0], raw):
                        pending.append(pool.apply_async(_evaluate, (_Chunk.of(batch),)))
                        runs, batch = runs + 1, []
                    batch.append(raw)
                    if len(batch) < size:
                        continue
                    pending.append(pool.apply_async(_evaluate, (_Chunk.of(batch),)))
                    runs, batch = runs + 1, []
                else:
                    if batch:
                        pending.append(pool.apply_async(_evaluate, (_Chunk.of(batch),)))
                        runs, batch = runs + 1, []
                    pending.append(raw)
                # Write what is ready; wait when too many runs are in flight (flat memory).
                while pending and (
                    not isinstance(pending[0], AsyncResult) or pending[0].ready() or runs > 2 * jobs
                ):
                    if isinstance(pending[0], AsyncResult):
                        runs -= 1
                    yield from self._next(pending.popleft())
            if batch:
                pending.append(pool.apply_async(_evaluate, (_Chunk.of(batch),)))
            while pending:
                yield from self._next(pending.popleft())

    def _ordinary(self, raw: RawRecord) -> bool:
        """A row with an id not seen before: nothing about it depends on other rows."""
        found = record_id(raw.data)
        if found is None:
            return False
        if self.seen is not None:
            if found in self.seen:
                return False
            self.seen[found] = raw.row
        return True

    def _next(self, unit: Any) -> Iterator[Written]:
        if isinstance(unit, AsyncResult):
            done: _Done = unit.get()
            if done.rows:
                self.reading.sums.add_sums(done.sums, done.counted)
            for text, status, number, found in done.rows:
                yield Written(text, status, number, found)
            return
        row = self.reading.judge(unit, self.seen)
        if row is not None:
            yield self._here(row)

    def _here(self, row: list[Result]) -> Written:
        item: Any = row if self.work.several else row[0]
        return Written(self.sink.text(item), status_of(item), row[0].row, row[0].id)


def status_of(item: Result | Sequence[Result]) -> str:
    """A scorecard result's status; for a row under programmes, ``error`` if any has errors."""
    if isinstance(item, Evaluation):
        return item.status
    results: Sequence[Result] = [item] if not isinstance(item, Sequence) else item
    return "error" if any(r.errors for r in results) else "ok"


def _alike(a: RawRecord, b: RawRecord) -> bool:
    """Rows read under the same plan (one chunk carries one plan)."""
    return (
        a.cells == b.cells
        and a.scored == b.scored
        and (a.columns is b.columns or a.columns == b.columns)
        and (a.powers is b.powers or a.powers == b.powers)
    )


@attrs.frozen
class _Chunk:
    """Rows sent to a worker, with the plan they were read under (sent once)."""

    rows: list[tuple[int, dict[str, Any]]]
    cells: bool
    columns: Mapping[str, str]
    powers: Mapping[str, int]
    scored: bool | None

    @classmethod
    def of(cls, raws: list[RawRecord]) -> _Chunk:
        first = raws[0]
        rows = [(r.row, r.data) for r in raws]
        return cls(rows, first.cells, first.columns, first.powers, first.scored)


@attrs.frozen
class _Done:
    """A worker's answer: per row (text, status, row, id); the sums of the rows' numbers."""

    rows: list[tuple[str, str, int | None, str | None]]
    sums: list[Decimal]
    counted: int


#: The worker's evaluator, sink and work, set once per worker process by `_start`.
_WORKER: dict[str, Any] = {}


def _start(work: Work, source: str) -> None:
    # Ctrl-C is the main process's to handle: it stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # An initializer that raises makes the pool start workers forever: keep the
    # reason, and give it as the answer to the first run instead.
    try:
        rule_sets = work.load()
    except (CoopevalError, OSError) as exc:
        _WORKER["failed"] = f"a worker process could not load the rule sets: {exc}"
        return
    _WORKER["evaluator"] = Evaluator(rule_sets, source, work.lenient, work.as_of)
    _WORKER["sink"] = work.sink(rule_sets)
    _WORKER["several"] = work.several


def _evaluate(chunk: _Chunk) -> _Done:
    if "failed" in _WORKER:
        raise UsageError(_WORKER["failed"])
    evaluator: Evaluator = _WORKER["evaluator"]
    sink: TextSink = _WORKER["sink"]
    several: bool = _WORKER["several"]
    sums = _Sums()
    rows = []
    for number, data in chunk.rows:
        raw = RawRecord(
            number,
            data,
            cells=chunk.cells,
            columns=chunk.columns,
            powers=chunk.powers,
            scored=chunk.scored,
        )
        row = evaluator.row(raw)
        if chunk.cells:
            sums.add(row[0])
        item: Any = row if several else row[0]
        rows.append((sink.text(item), status_of(item), row[0].row, row[0].id))
    return _Done(rows, sums.total, sums.since)
