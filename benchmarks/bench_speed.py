"""Speed of evaluation against a hand-written scorer, measured side by side in one run.

    python benchmarks/bench_speed.py [--records 31000] [--seed 2020]

Measures on a seeded synthetic population that hits every band (the generator
of ``make_population.py``), in the same process:

- the hand-written scorer of ``handwritten.py`` (the baseline), checked to agree
  with coopeval on every record;
- ``coopeval.evaluate`` returning the full result with explanation data;
- ``coopeval.score``, the score-only path (total and rating);
- record reading (``RecordSchema.parse``), which both paths need for raw records;

and in fresh processes: ``import coopeval``, load + validate + compile of
``tt01-2020``, and the command line end to end on 1 record and on the whole
population (CSV in, CSV out). Prints one table; ratios are to the baseline.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import handwritten  # noqa: E402
import make_population  # noqa: E402

import coopeval  # noqa: E402
from coopeval import score  # noqa: E402
from coopeval.expr import MissingValue  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=31_000)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--repeat", type=int, default=3, help="best of N for in-process timings")
    args = parser.parse_args()

    rules = coopeval.load("tt01-2020")
    raw = list(make_population.rows(args.records, args.seed))
    parsed = [rules.schema.parse(r, cells=True) for r in raw]
    plain = [tuple(None if isinstance(v, MissingValue) else v for v in p.values) for p in parsed]
    _check_agreement(rules, parsed, plain)

    n = len(parsed)
    base = _rate(n, args.repeat, lambda: _drain(handwritten.score(v) for v in plain))
    rows = [
        ("hand-written scorer (baseline)", base, "1.00"),
        (
            "coopeval.evaluate, full result",
            _rate(n, args.repeat, lambda: _drain(coopeval.evaluate(rules, p) for p in parsed)),
            None,
        ),
        (
            "coopeval.score, total and rating",
            _rate(n, args.repeat, lambda: _drain(score(rules, p) for p in parsed)),
            None,
        ),
        (
            "record reading (RecordSchema.parse)",
            _rate(n, args.repeat, lambda: _drain(rules.schema.parse(r, cells=True) for r in raw)),
            None,
        ),
    ]
    table = [(name, f"{rate:,.0f}", ratio or f"{rate / base:.2f}") for name, rate, ratio in rows]

    with tempfile.TemporaryDirectory() as tmp:
        population = Path(tmp) / "population.csv"
        make_population.write(args.records, population, args.seed)
        one = Path(tmp) / "one.json"
        one.write_text(json.dumps(raw[0], ensure_ascii=False), encoding="utf-8")
        python = sys.executable
        nothing = _wall([python, "-c", "pass"])
        imported = _wall([python, "-c", "import coopeval"]) - nothing
        loading = _in_child(
            "import time, coopeval; from pathlib import Path;"
            "t = time.perf_counter(); coopeval.load_ruleset('rules/tt01-2020');"
            "import coopeval.pipeline as p; p._compiled.cache_clear(); t = time.perf_counter();"
            "coopeval.load('tt01-2020'); print(time.perf_counter() - t)"
        )
        cli_one = _wall(
            [python, "-m", "coopeval", "score", str(one), "--format", "json", "-o", os.devnull]
        )
        out = Path(tmp) / "out.csv"
        cli_all = _wall(
            [python, "-m", "coopeval", "score", str(population), "--format", "csv", "-o", str(out)],
            runs=1,
        )
        with out.open(encoding="utf-8") as f:
            written = sum(1 for _ in csv.reader(f)) - 1
    table += [
        ("import coopeval, cold (ms)", f"{imported * 1000:.0f}", "target ≤ 100"),
        ("load + compile tt01-2020 (ms)", f"{loading * 1000:.0f}", "target ≤ 50"),
        ("CLI, 1 record, wall (ms)", f"{cli_one * 1000:.0f}", "target ≤ 300"),
        (f"CLI, {n:,} records CSV→CSV, wall (s)", f"{cli_all:.2f}", "target ≤ 1.5"),
        (f"CLI rows out = rows in ({written:,})", "yes" if written == n else "NO", ""),
    ]
    print(
        f"# {n:,} records, seed {args.seed}; Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}"
    )
    print("| measure | records/s or value | ratio to baseline / target |")
    print("|---|---:|---|")
    for name, value, note in table:
        print(f"| {name} | {value} | {note} |")


def _check_agreement(rules: Any, parsed: Sequence[Any], plain: Sequence[Sequence[Any]]) -> None:
    """The baseline is only a baseline if it scores exactly as coopeval does."""
    for p, v in zip(parsed, plain, strict=True):
        mine = handwritten.score(v)
        full = coopeval.evaluate(rules, p)
        theirs = (None if full.status == "not_rated" else full.total, full.rating)
        if mine != theirs or score(rules, p) != theirs:
            msg = f"disagreement on {p.id}: hand-written {mine}, coopeval {theirs}"
            raise SystemExit(msg)


def _drain(results: Iterable[object]) -> None:
    """Consume results one by one and keep none, as a streaming batch does.

    Keeping 31 000 results alive would time the garbage collector walking them,
    not the scorer; every line of the table is measured this same way.
    """
    deque(results, maxlen=0)


def _rate(count: int, repeat: int, run: Callable[[], object]) -> float:
    best = min(_timed(run) for _ in range(repeat))
    return count / best


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _wall(command: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True, cwd=HERE.parent)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _in_child(code: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=HERE.parent
    )
    return float(done.stdout.strip())


if __name__ == "__main__":
    main()
