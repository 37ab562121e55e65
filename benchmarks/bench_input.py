"""Speed of reading what users bring: coopeval against hand-written exact code, same run.

    python benchmarks/bench_input.py [--records 31000] [--seed 2020] [--repeat 3]
                                     [--cli] [--jobs 1,2] [--memory 31000,1000000]

Two measurements, each a ratio to a hand-written baseline that does the same
whole job, measured in the same run on the seeded population of
``make_population.py`` (both sides checked to agree on every record first):

1. **In process, from raw dicts** as a caller has them: whole numbers as Python
   ``int``, decimals, dates, choices and flags as strings. Parsing is inside the
   clock on both sides. The baseline reads every declared input with
   ``Decimal(str(x))`` (``true``/``false`` and ISO dates for the rest) and scores
   with ``handwritten.score``. Targets: ``coopeval.evaluate`` ≥ 0.35 ×,
   ``coopeval.score`` ≥ 0.7 ×.
2. **Command line, CSV → CSV** (``--cli``): ``coopeval score IN.csv -o OUT.csv``
   against ``handwritten_stream.py IN.csv OUT.csv`` (csv reader → Decimal →
   bisect → csv writer), both child processes, interpreter start included; the
   two outputs are checked to agree on id, total and rating on every row. Run in
   interleaved pairs; the ratio is the median of the pairs' ratios (a shared VM's
   speed drifts between minutes), the times are each side's best. Target:
   ≤ 2.0 ×. With ``--jobs 1,2`` the CLI runs once per job count.

``--memory`` runs the CLI (``--allow-duplicate-ids``) on each size, once per job
count of ``--jobs``, and prints its peak RSS (``ru_maxrss`` of the child as
``os.wait4`` gives it: the largest of the command's processes): flat means the
same figure at every size.
Populations are cached in ``benchmarks/data/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
import tomllib
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import handwritten  # noqa: E402
import make_population  # noqa: E402

import coopeval  # noqa: E402

RULESET = HERE.parent / "rules" / "tt01-2020" / "ruleset.toml"
DATA = HERE / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=31_000)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--repeat", type=int, default=3, help="best of N")
    parser.add_argument("--cli", action="store_true", help="also time the command line")
    parser.add_argument("--jobs", default="1", help="job counts for the CLI, e.g. 1,2")
    parser.add_argument("--memory", default="", help="sizes for peak memory, e.g. 31000,1000000")
    parser.add_argument("--in-process", default="yes", choices=("yes", "no"))
    args = parser.parse_args()

    print(
        f"# {args.records:,} records, seed {args.seed}; Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')} UTC"
    )
    print("| measure | records/s or seconds | ratio to baseline | target |")
    print("|---|---:|---:|---|")
    if args.in_process == "yes":
        in_process(args.records, args.seed, args.repeat)
    if args.cli:
        for jobs in (int(j) for j in args.jobs.split(",")):
            command_line(args.records, args.seed, args.repeat, jobs)
    for size in (int(s) for s in args.memory.split(",") if s):
        for jobs in (int(j) for j in args.jobs.split(",")):
            memory(size, args.seed, jobs)


# --- in process ---------------------------------------------------------------------


def caller_dicts(count: int, seed: int) -> list[dict[str, Any]]:
    """The population as a caller holds it: whole numbers as ``int``, the rest as text."""
    return [
        {k: int(v) if isinstance(v, str) and v.isdigit() else v for k, v in row.items()}
        for row in make_population.rows(count, seed)
    ]


def _kinds() -> list[tuple[str, Callable[[Any], Any]]]:
    """Each declared input of tt01-2020 and how a hand-written reader reads it."""
    inputs = tomllib.loads(RULESET.read_text("utf-8"))["inputs"]
    read = {
        "decimal": lambda x: Decimal(str(x)),
        "int": lambda x: Decimal(str(x)),
        "bool": lambda x: x is True or x == "true",
        "date": lambda x: dt.date.fromisoformat(str(x)),
    }
    return [(name, read.get(spec["type"], str)) for name, spec in inputs.items()]


def handwritten_scorer() -> Callable[[Mapping[str, Any]], Any]:
    """Parse every declared input exactly, then score: the in-process baseline."""
    kinds = _kinds()

    def run(record: Mapping[str, Any]) -> Any:
        values = []
        for name, read in kinds:
            raw = record.get(name)
            values.append(None if raw is None or raw == "" else read(raw))
        return handwritten.score(values)

    return run


def in_process(count: int, seed: int, repeat: int) -> None:
    rules = coopeval.load("tt01-2020")
    records = caller_dicts(count, seed)
    base = handwritten_scorer()
    for record in records:  # a baseline is one only if it scores exactly as coopeval does
        mine = base(record)
        full = coopeval.evaluate(rules, record)
        theirs = (None if full.status == "not_rated" else full.total, full.rating)
        if mine != theirs or coopeval.score(rules, record) != theirs:
            msg = f"disagreement on {record['id']}: hand-written {mine}, coopeval {theirs}"
            raise SystemExit(msg)
    baseline = _rate(count, repeat, lambda: _drain(base(r) for r in records))
    evaluate = _rate(count, repeat, lambda: _drain(coopeval.evaluate(rules, r) for r in records))
    scored = _rate(count, repeat, lambda: _drain(coopeval.score(rules, r) for r in records))
    _row("hand-written: Decimal(str(x)) + score (baseline)", f"{baseline:,.0f}/s", 1.0, "")
    _row("coopeval.evaluate from raw dicts", f"{evaluate:,.0f}/s", evaluate / baseline, "≥ 0.35")
    _row("coopeval.score from raw dicts", f"{scored:,.0f}/s", scored / baseline, "≥ 0.7")


def _drain(results: Iterable[object]) -> None:
    """Consume results one by one and keep none, as a streaming batch does."""
    deque(results, maxlen=0)


def _rate(count: int, repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return count / min(times)


# --- command line ------------------------------------------------------------------


def population(count: int, seed: int) -> Path:
    DATA.mkdir(exist_ok=True)
    path = DATA / f"population-{count}-{seed}.csv"
    if not path.exists():
        make_population.write(count, path, seed)
    return path


def command_line(count: int, seed: int, repeat: int, jobs: int) -> None:
    source = population(count, seed)
    mine, theirs = DATA / f"out-coopeval-{count}.csv", DATA / f"out-handwritten-{count}.csv"
    python = sys.executable
    ours = [python, "-m", "coopeval", "score", str(source), "--format", "csv", "-o", str(mine)]
    ours += ["--jobs", str(jobs)]
    hand = [python, str(HERE / "handwritten_stream.py"), str(source), str(theirs)]
    # Interleaved pairs, so a noisy neighbour slows both sides of a pair alike; the
    # ratio is the median of the pairs' ratios, the times the best of each side.
    ours_s, hand_s = [], []
    for _ in range(repeat):
        hand_s.append(_child(hand)[0])
        ours_s.append(_child(ours)[0])
    _agree(mine, theirs, count)
    ratio = statistics.median(o / h for o, h in zip(ours_s, hand_s, strict=True))
    _row("hand-written streaming script, CSV→CSV (baseline)", f"{min(hand_s):.2f} s", 1.0, "")
    _row(
        f"coopeval score CSV→CSV, --jobs {jobs}",
        f"{min(ours_s):.2f} s",
        ratio,
        "≤ 2.0 × time",
    )


def _agree(mine: Path, theirs: Path, count: int) -> None:
    """Same id, total and rating on every row, rows out = rows in."""
    with mine.open(encoding="utf-8-sig", newline="") as a, theirs.open(encoding="utf-8") as b:
        ours, hand = csv.DictReader(a), csv.DictReader(b)
        n = 0
        for x, y in zip(ours, hand, strict=True):
            n += 1
            total = "" if x["status"] == "not_rated" else x["total"]
            if (x["id"], total, x["rating"]) != (y["id"], y["total"], y["rating"]):
                msg = f"row {n}: coopeval {x['id'], total, x['rating']}, hand-written {y}"
                raise SystemExit(msg)
    if n != count:
        msg = f"{n} rows out for {count} in"
        raise SystemExit(msg)


def _child(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=HERE.parent, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        msg = f"{' '.join(command)} exited {os.waitstatus_to_exitcode(status)}"
        raise SystemExit(msg)
    return elapsed, usage.ru_maxrss


def memory(count: int, seed: int, jobs: int) -> None:
    """Peak RSS of the command (with ``--jobs 2``, the largest of its processes)."""
    source = population(count, seed)
    out = DATA / f"out-memory-{count}.csv"
    command = [sys.executable, "-m", "coopeval", "score", str(source), "--format", "csv"]
    command += ["-o", str(out), "--allow-duplicate-ids", "--jobs", str(jobs)]
    seconds, peak = _child(command)
    _row(
        f"peak RSS, {count:,} rows, --jobs {jobs} ({seconds:.0f} s)",
        f"{peak / 1024:.1f} MiB",
        None,
        "flat",
    )


def _row(name: str, value: str, ratio: float | None, target: str) -> None:
    shown = "" if ratio is None else f"{ratio:.2f}"
    print(f"| {name} | {value} | {shown} | {target} |", flush=True)


if __name__ == "__main__":
    main()
