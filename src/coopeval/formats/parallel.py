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
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from decimal import Decimal
from typing import Any

import attrs

from coopeval.engine import CompiledRuleSet
from coopeval.engine.results import Evaluation, Result
from coopeval.errors import CoopevalError, UsageError
from coopeval.formats.batch import Evaluator, FileResults, OnPlan, Read, _Reading, _Sums
from coopeval.formats.headers import Entry
from coopeval.formats.rows import Format, RawRecord
from coopeval.formats.sinks import TextSink
from coopeval.messages import said
from coopeval.records.schema import record_id

__all__ = [
    "AUTO_BYTES",
    "AUTO_BYTES_SPAWN",
    "Work",
    "Written",
    "auto_jobs",
    "cores",
    "written_file",
]

#: Rows per run sent to a worker: large enough that sending costs little.
CHUNK = 400
#: Inputs at least this large use every core when no ``--jobs`` is given: below it,
#: starting the workers costs more than they save. Measured (benchmarks/README.md):
#: forked workers pay off from about 6 000 records (1.7 MB of CSV), workers that
#: start afresh (``spawn``: Windows, macOS) from 12 000 to 31 000 (3.4 to 8.8 MB).
AUTO_BYTES = 2_000_000
AUTO_BYTES_SPAWN = 8_000_000


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


def auto_jobs(path: str, start_method: str | None = None) -> int:
    """Jobs for ``path`` when none are asked for: every core for a large file, else one."""
    method = start_method or multiprocessing.get_start_method()
    limit = AUTO_BYTES if method == "fork" else AUTO_BYTES_SPAWN
    try:
        large = path != "-" and os.path.getsize(path) >= limit
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
        # concurrent.futures, not multiprocessing.Pool: a worker that dies (or cannot
        # start) breaks the pool with an error instead of being restarted forever.
        pool = ProcessPoolExecutor(jobs, context, initializer=_start, initargs=(self.work, source))
        pending: deque[Future[_Done] | Read] = deque()  # in file order: runs sent, rows kept
        batch: list[RawRecord] = []
        in_flight = 0
        try:
            for raw in self.reading.read(fmt, sheet):
                record = raw if isinstance(raw, RawRecord) and self._ordinary(raw) else None
                if record is not None and (not batch or _alike(batch[0], record)):
                    batch.append(record)
                    if len(batch) < size:
                        continue
                    pending.append(pool.submit(_evaluate, _Chunk.of(batch)))
                    in_flight, batch = in_flight + 1, []
                else:
                    if batch:
                        pending.append(pool.submit(_evaluate, _Chunk.of(batch)))
                        in_flight, batch = in_flight + 1, []
                    if record is not None:
                        batch.append(record)
                    else:
                        pending.append(raw)
                # Write what is ready; wait when too many runs are in flight (flat memory).
                while pending and (
                    not isinstance(pending[0], Future) or in_flight > 2 * jobs or pending[0].done()
                ):
                    unit = pending.popleft()
                    in_flight -= isinstance(unit, Future)
                    yield from self._next(unit)
            if batch:
                pending.append(pool.submit(_evaluate, _Chunk.of(batch)))
            while pending:
                yield from self._next(pending.popleft())
        except BrokenProcessPool as exc:
            raise UsageError(said("jobs.worker_stopped", reason=str(exc))) from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

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

    def _next(self, unit: Future[_Done] | Read) -> Iterator[Written]:
        if isinstance(unit, Future):
            done = unit.result()
            self.reading.sums.add_sums(done.sums, done.counted)
            yield from map(Written, done.texts, done.statuses, done.numbers, done.ids)
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
    """Rows sent to a worker, with the plan they were read under (sent once).

    Spreadsheet rows all have the plan's fields in the plan's order: only their
    values travel (``fields`` names them); JSON records travel whole.
    """

    numbers: list[int]
    rows: list[Any]
    fields: tuple[str, ...] | None
    cells: bool
    columns: Mapping[str, str]
    powers: Mapping[str, int]
    scored: bool | None

    @classmethod
    def of(cls, raws: list[RawRecord]) -> _Chunk:
        first = raws[0]
        fields = tuple(first.data) if first.cells else None
        if fields is not None and all(len(r.data) == len(fields) for r in raws):
            rows: list[Any] = [tuple(r.data.values()) for r in raws]
        else:
            fields, rows = None, [r.data for r in raws]
        numbers = [r.row for r in raws]
        return cls(numbers, rows, fields, first.cells, first.columns, first.powers, first.scored)

    def records(self) -> Iterator[RawRecord]:
        fields = self.fields
        for number, row in zip(self.numbers, self.rows, strict=True):
            data = dict(zip(fields, row, strict=True)) if fields is not None else row
            yield RawRecord(
                number,
                data,
                cells=self.cells,
                columns=self.columns,
                powers=self.powers,
                scored=self.scored,
            )


@attrs.frozen
class _Done:
    """A worker's answer: each row's text, status, row and id; the sums of their numbers."""

    texts: list[str]
    statuses: list[str]
    numbers: list[int | None]
    ids: list[str | None]
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
        _WORKER["failed"] = said("jobs.worker_cannot_load", reason=exc)
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
    done = _Done([], [], [], [], [], 0)
    for raw in chunk.records():
        row = evaluator.row(raw)
        if chunk.cells:
            sums.add(row[0])
        item: Any = row if several else row[0]
        done.texts.append(sink.text(item))
        done.statuses.append(status_of(item))
        done.numbers.append(row[0].row)
        done.ids.append(row[0].id)
    return attrs.evolve(done, sums=sums.total, counted=sums.since)
