"""Tests for `coopeval.formats.parallel`: several jobs write exactly what one job writes.

The files mix every row the main process must judge itself (a repeated id, a
row without an id, a totals row by its word and one by its sums, an unreadable
row, bad cells) among ordinary rows, and runs are made small so that every
kind of row falls between, before and after runs sent to workers. The
reference is the one-job output, which other tests check against hand-worked
values; here what is checked is that nothing differs: rows, order, texts,
skipped rows, plan and exit code.
"""

from __future__ import annotations

import csv
import functools
import json
import multiprocessing
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import coopeval
from coopeval.cli import main
from coopeval.engine import CompiledRuleSet
from coopeval.errors import UsageError
from coopeval.formats.parallel import (
    AUTO_BYTES,
    AUTO_BYTES_SPAWN,
    Work,
    auto_jobs,
    cores,
    written_file,
)
from coopeval.formats.sinks import text_sink

ROOT = Path(__file__).resolve().parents[2]
PILOTS = ROOT / "examples" / "pilots.csv"


def _pilots() -> tuple[list[str], list[list[str]]]:
    with PILOTS.open(encoding="utf-8", newline="") as f:
        header, *rows = csv.reader(f)
    return header, rows


def _population(count: int) -> tuple[list[str], list[list[str]]]:
    """``count`` cooperatives made from the four pilots, with other ids and revenues."""
    header, pilots = _pilots()
    at_id, at_revenue = header.index("id"), header.index("revenue")
    rows = []
    for n in range(count):
        row = list(pilots[n % 4])
        row[at_id] = f"P-{n:05d}"
        row[at_revenue] = str(int(row[at_revenue].replace(".", "")) + 7_000_000 * n)
        rows.append(row)
    return header, rows


def _mixed(tmp_path: Path) -> Path:
    """A CSV of 300 data rows with every kind of row the main process keeps."""
    header, rows = _population(300)
    width = len(header)
    at_members = header.index("members")
    at_revenue = header.index("revenue")
    rows[10][header.index("id")] = rows[3][header.index("id")]  # a repeated id
    rows[20][header.index("id")] = ""  # no id: an error row
    rows[30][at_revenue] = "1.234"  # ambiguous: an error row
    rows[31][at_members] = "nhiều"  # not a number
    word = ["Cộng", *[""] * (width - 1)]  # a sub-total by its word
    sums = (
        [""] * at_members
        + [  # the sums of rows 41..60 (without ids): a totals row
            str(sum(int(r[i]) for r in rows[41:61]))
            if all(r[i].isdigit() for r in rows[41:61])
            else ""
            for i in range(at_members, width)
        ]
    )
    too_long = [*rows[70], "x", "y"]  # more cells than columns: unreadable
    lines = [header, *rows[:41], word, *rows[41:61], sums, *rows[61:70], too_long, *rows[70:]]
    path = tmp_path / "mixed.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(lines)
    return path


def _load() -> list[CompiledRuleSet[Any]]:
    return [coopeval.load("tt01-2020")]


def _run(path: Path, jobs: int, fmt: str = "csv", **options: Any) -> tuple[list[Any], Any]:
    rules = _load()
    work = Work(load=_load, sink=functools.partial(text_sink, fmt))
    results = written_file(rules, str(path), work, jobs=jobs, chunk=7, **options)
    rows = [(w.text, w.status, w.row, w.id) for w in results]
    return rows, ([(s.row, s.code) for s in results.skipped], results.plan)


class TestSameAsOneJob:
    def test_csv_rows_texts_and_skipped_rows(self, tmp_path: Path) -> None:
        path = _mixed(tmp_path)

        one, (skipped_one, plan_one) = _run(path, 1)
        two, (skipped_two, plan_two) = _run(path, 2)

        assert one == two
        assert skipped_one == skipped_two
        assert plan_one == plan_two
        # What the file holds, counted by hand: 300 data rows, one unreadable, two skipped.
        assert 301 == len(two)
        assert [(43, "totals_word"), (64, "totals_sums")] == skipped_two
        statuses = {w[2]: w[1] for w in two}
        assert "error" == statuses[12]  # the repeated id, on its later row
        assert "error" == statuses[22]  # no id

    @pytest.mark.parametrize("fmt", ["jsonl", "json"])
    def test_json_outputs(self, tmp_path: Path, fmt: str) -> None:
        path = _mixed(tmp_path)

        assert _run(path, 1, fmt)[0] == _run(path, 3, fmt)[0]

    def test_json_lines_input(self, tmp_path: Path) -> None:
        header, rows = _population(120)
        records: list[dict[str, Any]] = [dict(zip(header, r, strict=True)) for r in rows]
        records[5]["id"] = records[2]["id"]
        records[9]["revenue"] = {"nested": 1}  # a wrong shape: an error row
        path = tmp_path / "records.jsonl"
        path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) + "{not json\n",
            encoding="utf-8",
        )

        one, (_, plan_one) = _run(path, 1, "jsonl")
        two, (_, plan_two) = _run(path, 2, "jsonl")

        assert one == two
        assert plan_one == plan_two
        assert 121 == len(two)

    def test_without_the_duplicate_index(self, tmp_path: Path) -> None:
        path = _mixed(tmp_path)

        assert _run(path, 1, duplicates=False)[0] == _run(path, 2, duplicates=False)[0]


class TestCommandLine:
    def test_same_bytes_and_exit_code(self, tmp_path: Path) -> None:
        path = _mixed(tmp_path)
        one, two = tmp_path / "one.csv", tmp_path / "two.csv"

        code_one = main(["score", str(path), "-o", str(one), "--jobs", "1"])
        code_two = main(["score", str(path), "-o", str(two), "--jobs", "2"])

        assert 1 == code_one == code_two  # some records have errors
        assert one.read_bytes() == two.read_bytes()

    def test_strict_stops_at_the_same_row(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = _mixed(tmp_path)
        one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"

        main(["score", str(path), "-o", str(one), "--strict", "--jobs", "1"])
        said_one = capsys.readouterr().err
        main(["score", str(path), "-o", str(two), "--strict", "--jobs", "2"])
        said_two = capsys.readouterr().err

        assert one.read_bytes() == two.read_bytes()
        assert "dừng ở dòng 12 (--strict)" in said_one
        assert said_one == said_two

    @pytest.mark.parametrize("jobs", ["0", "-1", "two"])
    def test_bad_jobs_is_a_usage_error(self, jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as exit_:
            main(["score", str(PILOTS), "--jobs", jobs])

        assert 2 == exit_.value.code
        assert "--jobs" in capsys.readouterr().err


def _cannot_load() -> Sequence[CompiledRuleSet[Any]]:
    msg = "no rules here"
    raise UsageError(msg)


def _dies() -> Sequence[CompiledRuleSet[Any]]:
    os._exit(3)


class TestWorkers:
    def test_a_worker_that_dies_stops_the_run(self, tmp_path: Path) -> None:
        """A worker gone (killed, out of memory, cannot start) is an error, never a hang."""
        work = Work(load=_dies, sink=functools.partial(text_sink, "csv"))
        results = written_file(_load(), str(_mixed(tmp_path)), work, jobs=2, chunk=7)

        with pytest.raises(UsageError, match="--jobs 1"):
            list(results)

    def test_workers_started_afresh(self, tmp_path: Path) -> None:
        """With ``spawn`` (Windows, macOS) workers load the rules themselves: same rows."""
        path = _mixed(tmp_path)
        rules = _load()
        work = Work(load=_load, sink=functools.partial(text_sink, "csv"))

        spawned = written_file(rules, str(path), work, jobs=2, chunk=50, start_method="spawn")

        assert _run(path, 1)[0] == [(w.text, w.status, w.row, w.id) for w in spawned]

    def test_closing_early_stops_the_workers(self, tmp_path: Path) -> None:
        work = Work(load=_load, sink=functools.partial(text_sink, "csv"))
        results = written_file(_load(), str(_mixed(tmp_path)), work, jobs=2, chunk=7)
        next(results)
        assert multiprocessing.active_children()

        results.close()

        assert [] == multiprocessing.active_children()

    def test_a_worker_that_cannot_load_stops_the_run(self, tmp_path: Path) -> None:
        """The reason reaches the caller as a usage error; the run does not hang."""
        work = Work(load=_cannot_load, sink=functools.partial(text_sink, "csv"))
        results = written_file(_load(), str(_mixed(tmp_path)), work, jobs=2, chunk=7)

        with pytest.raises(UsageError, match="no rules here"):
            list(results)

    def test_automatic_jobs_by_size(self, tmp_path: Path) -> None:
        """Every core from 2 MB when workers fork, from 8 MB when they start afresh."""
        small, large, larger = (tmp_path / f"{n}.csv" for n in ("small", "large", "larger"))
        small.write_bytes(b"id\n")
        for path, size in ((large, AUTO_BYTES), (larger, AUTO_BYTES_SPAWN)):
            with path.open("wb") as f:
                f.truncate(size)

        assert 1 == auto_jobs(str(small), "fork")
        assert cores() == auto_jobs(str(large), "fork")
        assert 1 == auto_jobs(str(large), "spawn")
        assert cores() == auto_jobs(str(larger), "spawn")
        assert 1 == auto_jobs("-", "fork")
        assert 1 == auto_jobs(str(tmp_path / "absent.csv"), "fork")
