"""Speed and memory of the output writers: XLSX and JSONL against the hand-written script.

    python benchmarks/bench_output.py [--records 31000] [--seed 2020] [--repeat 5]
                                      [--jobs 1,2] [--formats xlsx,jsonl] [--memory 100000]

In one run, on the seeded population of ``make_population.py`` (cached in
``benchmarks/data/``), as child processes, interpreter start included:

- the baseline: ``handwritten_stream.py IN.csv OUT.csv`` (csv reader → Decimal
  for every declared input → ``handwritten.score`` → csv writer of id, total,
  rating), the hand-written exact streaming script of ``bench_input.py``;
- ``coopeval score IN.csv -o OUT.xlsx --jobs N`` (the officer workbook: results,
  explanation with a row per item per record, errors, summary);
- ``coopeval score IN.csv -o OUT.jsonl --jobs N`` (the output contract, a line per record).

Each round runs every command once, baseline first, so a noisy neighbour slows
a round's commands alike; a command's ratio is the median over rounds of its
time divided by the baseline's time in the same round. Times are medians with
the spread (fastest–slowest); peak RSS is ``ru_maxrss`` of the child as GNU
``/usr/bin/time`` reports it (the largest of its processes, workers included), the largest over
rounds. Targets (issue 10): XLSX ≤ 5 ×, JSONL ≤ 2.5 ×, memory flat.

Outputs are checked before any figure is printed, so a broken writer cannot look
fast: the workbook's results sheet read with openpyxl (read-only) has a row per
record with the id, total and rating the baseline wrote; its explanation sheet
has a row per item of every record with points; the JSONL has a line per record with
the same id, total and rating; one job and two give the same rows.

``--memory`` runs each coopeval command once more on each size given (and on
``--records``) and prints the peak RSS per size: flat means the same figure.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import re
import statistics
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_input  # noqa: E402
from bench_input import DATA, population  # noqa: E402

import coopeval  # noqa: E402
from coopeval.formats.workbook import ScorecardRows  # noqa: E402

TARGETS = {"xlsx": 5.0, "jsonl": 2.5}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=31_000)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--repeat", type=int, default=5, help="rounds (medians over them)")
    parser.add_argument("--jobs", default="1,2", help="job counts, e.g. 1,2")
    parser.add_argument("--formats", default="xlsx,jsonl")
    parser.add_argument("--memory", default="", help="more sizes for peak memory, e.g. 100000")
    args = parser.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    formats = args.formats.split(",")

    print(
        f"# {args.records:,} records, seed {args.seed}; Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} cores; "
        f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC; {args.repeat} rounds",
        flush=True,
    )
    source = population(args.records, args.seed)
    baseline = DATA / f"out-handwritten-{args.records}.csv"
    hand = [sys.executable, str(HERE / "handwritten_stream.py"), str(source), str(baseline)]
    commands = {("baseline", 0): hand}
    for fmt in formats:
        for n in jobs:
            commands[fmt, n] = _ours(source, _out(args.records, fmt, n), n)

    seconds: dict[tuple[str, int], list[float]] = {k: [] for k in commands}
    peaks: dict[tuple[str, int], int] = dict.fromkeys(commands, 0)
    for round_ in range(args.repeat):
        for key, command in commands.items():
            took, peak = _child(command)
            seconds[key].append(took)
            peaks[key] = max(peaks[key], peak)
            print(f"  round {round_ + 1}: {key[0]} {key[1] or ''} {took:.2f} s", file=sys.stderr)
        if round_ == 0:  # check once, on the first round's files (later rounds rewrite them)
            expected = _expected(baseline, args.records)
            for fmt in formats:
                _check(fmt, [_out(args.records, fmt, n) for n in jobs], expected)

    print("| command | seconds, median (fastest–slowest) | × baseline, median | peak RSS MiB |")
    print("|---|---:|---:|---:|")
    base = seconds["baseline", 0]
    ratios = {}
    for key, times in seconds.items():
        ratio = statistics.median(t / b for t, b in zip(times, base, strict=True))
        ratios[key] = ratio
        print(
            f"| {_name(key)} | {statistics.median(times):.2f} ({min(times):.2f}–{max(times):.2f}) "
            f"| {ratio:.2f} | {peaks[key] / 1024:.1f} |"
        )
    print()
    print("| target | result | met? |")
    print("|---|---|---|")
    for fmt in formats:
        best = min(ratios[fmt, n] for n in jobs)
        each = ", ".join(f"{ratios[fmt, n]:.2f} × with {n} job{'s' * (n > 1)}" for n in jobs)
        met = "yes" if best <= TARGETS[fmt] else f"**no** ({best / TARGETS[fmt] - 1:.0%} over)"
        print(f"| {fmt.upper()} ≤ {TARGETS[fmt]} × baseline | {each} | {met} |")

    sizes = [int(s) for s in args.memory.split(",") if s]
    if sizes:
        memory([args.records, *sizes], args.seed, formats, jobs)


def _child(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child, through GNU time when there is one.

    A child's ``ru_maxrss`` starts from its parent's size at the fork, and this
    script holds a workbook after its checks; ``/usr/bin/time`` is a small
    parent, so the figure is the command's own (its workers included).
    """
    if not os.path.exists("/usr/bin/time"):
        return bench_input._child(command)
    report = DATA / "peak.txt"
    took, _ = bench_input._child(["/usr/bin/time", "-f", "%M", "-o", str(report), *command])
    return took, int(report.read_text().split()[-1])


def _ours(source: Path, out: Path, jobs: int) -> list[str]:
    command = [sys.executable, "-m", "coopeval", "score", str(source), "-o", str(out)]
    return [*command, "--jobs", str(jobs)]


def _out(count: int, fmt: str, jobs: int) -> Path:
    return DATA / f"out-writer-{count}-j{jobs}.{fmt}"


def _name(key: tuple[str, int]) -> str:
    what, jobs = key
    if what == "baseline":
        return "hand-written streaming script, CSV→CSV (baseline)"
    return f"coopeval score CSV→{what.upper()}, --jobs {jobs}"


# --- checks ---------------------------------------------------------------------------


def _expected(baseline: Path, count: int) -> list[tuple[str, str, str]]:
    """(id, total, rating) per record, as the hand-written script wrote them."""
    with baseline.open(encoding="utf-8", newline="") as handle:
        found = [(r["id"], r["total"], r["rating"]) for r in csv.DictReader(handle)]
    if len(found) != count:
        msg = f"baseline: {len(found)} rows out for {count} in"
        raise SystemExit(msg)
    return found


def _check(fmt: str, paths: list[Path], expected: list[tuple[str, str, str]]) -> None:
    check = _check_xlsx if fmt == "xlsx" else _check_jsonl
    digests = {check(path, expected) for path in paths}
    if len(digests) != 1:
        msg = f"{fmt}: the job counts gave different rows: {', '.join(map(str, paths))}"
        raise SystemExit(msg)
    print(f"  checked {fmt}: {len(expected):,} records agree", file=sys.stderr)


def _check_jsonl(path: Path, expected: list[tuple[str, str, str]]) -> str:
    digest = hashlib.sha256()
    n = 0
    with path.open("rb") as handle:
        for n, line in enumerate(handle, 1):
            digest.update(line)
            if n > len(expected):
                break
            row = json.loads(line)
            total = "" if row["status"] == "not_rated" or row["total"] is None else row["total"]
            _same(path, n, (row["id"], total, row["rating"] or ""), expected[n - 1])
    if n != len(expected):
        msg = f"{path}: {n} lines for {len(expected)} records"
        raise SystemExit(msg)
    return digest.hexdigest()


def _check_xlsx(path: Path, expected: list[tuple[str, str, str]]) -> str:
    import openpyxl  # only here: the timed commands never import it

    rules = coopeval.load("tt01-2020")
    maker = ScorecardRows(rules, "vi")
    heads = [c.header for c in maker.results_columns()]
    words = maker.words.word
    at_total = heads.index(words("columns", "total"))
    at_rating = heads.index(words("columns", "code", name="rating"))
    at_status = heads.index(words("columns", "code", name="status"))
    first = rules.ruleset.scorecard.items[0]
    at_item = heads.index(f"{first.id} {first.label.get('vi')}")
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        results = book[book.sheetnames[0]]
        rows = results.iter_rows(values_only=True)
        if list(next(rows)) != heads:
            msg = f"{path}: results sheet header differs from the column plan"
            raise SystemExit(msg)
        n = scored = 0
        for n, row in enumerate(rows, 1):
            if n > len(expected):
                break
            total = "" if row[at_status] == "not_rated" or row[at_total] is None else row[at_total]
            ident, hand_total, rating = expected[n - 1]
            shown = (str(row[0]), _decimal(total), row[at_rating] or "")
            _same(path, n, shown, (ident, _decimal(hand_total), rating))
            scored += row[at_item] is not None  # points shown: the record has explanation rows
    finally:
        book.close()
    if n != len(expected):
        msg = f"{path}: {n} result rows for {len(expected)} records"
        raise SystemExit(msg)
    # The explanation sheet (712 000 rows for 31 000 records) is counted, not parsed:
    # a row per item of every record with scores.
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as zf:
        parts = sorted(
            (i for i in zf.namelist() if i.startswith("xl/worksheets/")),
            key=lambda name: int(re.sub(r"\D", "", name)),
        )
        counts = []
        for name in parts:
            rows_in, tail = 0, b""
            with zf.open(name) as part:
                while chunk := part.read(1 << 22):
                    digest.update(chunk)
                    # the 4 bytes before: a "<row>" across two chunks is counted once
                    rows_in += (tail + chunk).count(b"<row>")
                    tail = chunk[-4:]
            counts.append(rows_in)
    items = len(rules.ruleset.scorecard.items)
    if counts[1] - 1 != items * scored:
        msg = f"{path}: {counts[1] - 1} explanation rows for {scored} scored records × {items}"
        raise SystemExit(msg)
    return digest.hexdigest()


def _decimal(value: object) -> object:
    if value in ("", None):
        return ""
    return Decimal(str(value)).normalize()


def _same(path: Path, n: int, shown: tuple[object, ...], expected: tuple[object, ...]) -> None:
    if shown != expected:
        msg = f"{path}, record {n}: {shown}, the hand-written script wrote {expected}"
        raise SystemExit(msg)


# --- memory ---------------------------------------------------------------------------


def memory(sizes: list[int], seed: int, formats: list[str], jobs: list[int]) -> None:
    """Peak RSS of each coopeval command per size, once each."""
    print()
    print("| command | " + " | ".join(f"{s:,} rows: MiB (s)" for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for fmt in formats:
        for n in jobs:
            cells = []
            for size in sizes:
                out = DATA / f"out-writer-memory-{size}.{fmt}"
                took, peak = _child(_ours(population(size, seed), out, n))
                cells.append(f"{peak / 1024:.1f} ({took:.0f} s)")
                out.unlink()
            print(f"| {_name((fmt, n))} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
