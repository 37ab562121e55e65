"""Score synthetic populations from CSV to CSV with the real command line; time it.

    python benchmarks/bench_batch.py                      # 31 000 and 1 000 000 rows,
                                                          # plus 100 000 and 300 000
    python benchmarks/bench_batch.py --sizes 31000 --curve-sizes ""   # a quick run

For each size, a population is generated once with ``make_population.py`` and
cached in ``benchmarks/data/`` (git-ignored). Then ``python -m coopeval score``
runs as a child process, end to end, in each mode:

- ``allow``:  ``score IN.csv --format csv --output OUT.csv --allow-duplicate-ids``
- ``dups``:   the same without ``--allow-duplicate-ids`` (the duplicate-id index on)
- ``stdout``: ``score IN.csv --format csv --allow-duplicate-ids > OUT.csv``, the
  output streamed through standard output instead of ``--output``
- ``stdout-dups``: ``score IN.csv --format csv > OUT.csv`` (index on, streamed)

Measured per run: wall time (from start to the child's exit), CPU time and peak
resident memory of the child (``os.wait4``'s rusage, ``ru_maxrss`` in KiB on
Linux: the child alone, not the benchmark), the exit code, and the data rows of
OUT.csv counted with the csv module (they must equal the rows in). One
interpreter-start run on 10 rows gives the fixed cost (imports, rule-set
compilation), which the "rec/s net" column leaves out. After the table, peak
memory is fitted against rows (least squares) per mode: the slope is the memory
each row adds, and the difference of the ``stdout-dups`` and ``stdout`` slopes
is the cost of the duplicate-id index per distinct id. (With ``--output`` the
peak comes after the last row, when the index is already freed, so ``dups``
and ``allow`` peak alike; their ``RSS now`` progress lines show the index.)

The script needs Linux (``/proc``, ``ru_maxrss`` in KiB). Progress goes to
standard output every ``--every`` seconds, with the child's current memory.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import hashlib
import io
import json
import os
import platform
import shlex
import subprocess
import sys
import tarfile
import threading
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GENERATOR = HERE / "make_population.py"
RULESET = REPO / "rules" / "tt01-2020" / "ruleset.toml"
MODES = ("allow", "dups", "stdout", "stdout-dups")
MIB = 1024 * 1024
#: Environment of every child; `snapshot` points PYTHONPATH at a frozen copy of the code.
CHILD_ENV = dict(os.environ)


def _sizes(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def _modes(text: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [m for m in chosen if m not in MODES]
    if unknown:
        msg = f"unknown mode(s) {unknown}; choose from {', '.join(MODES)}"
        raise argparse.ArgumentTypeError(msg)
    return chosen


def population(rows: int, seed: int, data: Path) -> Path:
    """The cached population of ``rows`` records, generated if missing or stale."""
    version = hashlib.sha256(GENERATOR.read_bytes() + RULESET.read_bytes()).hexdigest()[:10]
    path = data / f"population-{rows}-seed{seed}-{version}.csv"
    if path.exists():
        print(f"  input  {path.relative_to(REPO)} (cached, {path.stat().st_size / MIB:.0f} MiB)")
        return path
    partial = path.with_suffix(".partial")
    command = [sys.executable, str(GENERATOR), str(rows), str(partial), "--seed", str(seed)]
    print(f"  generating {rows:,} records: {shlex.join(command)}", flush=True)
    start = time.perf_counter()
    subprocess.run(command, check=True)
    partial.replace(path)
    print(
        f"  input  {path.relative_to(REPO)} ({path.stat().st_size / MIB:.0f} MiB, "
        f"generated in {time.perf_counter() - start:.1f} s)",
        flush=True,
    )
    return path


def snapshot(ref: str, data: Path) -> tuple[Path, str]:
    """src/ and rules/ of the commit ``ref``, exported once under ``data``.

    Running the CLI from this copy keeps the code fixed for the whole run, even
    while src/ is being edited in the working tree.
    """
    commit = _git("rev-parse", "--short", ref)
    target = data / f"code-{commit}"
    if not (target / "src" / "coopeval").is_dir():
        archive = subprocess.run(
            ["git", "archive", "--format=tar", commit, "src", "rules"],
            cwd=REPO,
            capture_output=True,
            check=True,
        ).stdout
        partial = target.with_suffix(".partial")
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(partial, filter="data")
        partial.replace(target)
    return target, commit


def _git(*args: str) -> str:
    found = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
    return found.stdout.strip() if found.returncode == 0 else "?"


def command(mode: str, source: Path, out: Path) -> tuple[list[str], Path | None]:
    """The child's command line, and the file its standard output goes to (or None)."""
    base = [sys.executable, "-m", "coopeval", "score", str(source), "--format", "csv"]
    if mode == "allow":
        return [*base, "--output", str(out), "--allow-duplicate-ids"], None
    if mode == "dups":
        return [*base, "--output", str(out)], None
    if mode == "stdout":
        return [*base, "--allow-duplicate-ids"], out
    return base, out


def _rss_now(pid: int) -> int | None:
    """The child's current resident memory in bytes, from /proc (None once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def run(
    cmd: list[str], stdout: Path | None, errors: Path, label: str, every: float
) -> dict[str, Any]:
    """Run the child to its end; wall and CPU time, peak RSS and exit code."""
    with (
        (stdout or Path(os.devnull)).open("wb") as out,
        errors.open("wb") as err,
    ):
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=REPO, env=CHILD_ENV)
        done = threading.Event()
        watcher = threading.Thread(
            target=_watch, args=(child.pid, start, label, every, done), daemon=True
        )
        watcher.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    watcher.join()
    message = errors.read_text(encoding="utf-8", errors="replace").strip()
    errors.unlink()
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_rss": usage.ru_maxrss * 1024,  # KiB on Linux
        "exit": child.returncode,
        "stderr": message[-2000:],
    }


def _watch(pid: int, start: float, label: str, every: float, done: threading.Event) -> None:
    while not done.wait(every):
        rss = _rss_now(pid)
        shown = "?" if rss is None else f"{rss / MIB:,.0f} MiB"
        print(f"    … {label}: {time.perf_counter() - start:,.0f} s, RSS now {shown}", flush=True)


def count_rows(path: Path, coverage: dict[str, collections.Counter[str]] | None = None) -> int:
    """Data rows of a CSV file (the header not counted); optionally tally result columns."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        head = next(reader, None)
        if head is None:
            return 0
        if coverage is None:
            return sum(1 for _ in reader)
        wanted = [
            (i, name)
            for i, name in enumerate(head)
            if name.startswith(("items.", "classification."))
            or name in ("status", "rating", "not_rated_reason")
        ]
        rows = 0
        for row in reader:
            rows += 1
            for index, name in wanted:
                coverage[name][row[index]] += 1
        return rows


def check_coverage(coverage: dict[str, collections.Counter[str]]) -> list[str]:
    """Which bands, ratings and classes no row reached (empty: all were hit)."""
    with RULESET.open("rb") as handle:
        rules = tomllib.load(handle)
    gaps = []
    for item in rules["items"]:
        seen = coverage[f"items.{item['id']}.points"]
        gaps += [
            f"{item['id']} band {band}"
            for band in item["bands"]
            if not seen.get(f"{band['points']}")
        ]
    gaps += [
        f"rating {band['id']}"
        for band in rules["ratings"]["bands"]
        if not coverage["rating"][band["id"]]
    ]
    for axis in rules["classifications"]:
        seen = coverage[f"classification.{axis['id']}"]
        values = [v["value"] for v in axis.get("values", axis.get("bands", []))]
        gaps += [f"{axis['id']} class {v}" for v in values if not seen[v]]
    gaps += [
        f"exclusion {rule['id']}"
        for rule in rules["exclusions"]
        if not coverage["not_rated_reason"][rule["id"]]
    ]
    return gaps


def fit(points: Sequence[tuple[int, float]]) -> tuple[float, float] | None:
    """Least-squares slope and intercept of y against x; None for fewer than 2 sizes."""
    if len({x for x, _ in points}) < 2:
        return None
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum(
        (x - mean_x) ** 2 for x, _ in points
    )
    return slope, mean_y - slope * mean_x


def _load() -> str:
    """The 1, 5 and 15 minute load averages: other work on the machine skews the times."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def environment(code: str | None) -> dict[str, str]:
    memory = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "?",
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    version = subprocess.run(
        [sys.executable, "-c", "import coopeval; print(coopeval.__version__, coopeval.__file__)"],
        capture_output=True,
        text=True,
        check=False,
        env=CHILD_ENV,
    ).stdout.strip()
    if code is None:
        dirty = _git("status", "--porcelain", "--", "src", "rules")
        commit = _git("rev-parse", "--short", "HEAD") + (
            " + uncommitted changes in src/ or rules/" if dirty else ""
        )
    else:
        commit = f"{code} (snapshot of src/ and rules/, PYTHONPATH={CHILD_ENV['PYTHONPATH']})"
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "python": f"Python {platform.python_version()} ({sys.executable})",
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "platform": platform.platform(),
        "load": _load(),
        "coopeval": version,
        "code": commit,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--sizes", type=_sizes, default=[31_000, 1_000_000], help="rows, comma separated"
    )
    parser.add_argument(
        "--curve-sizes",
        type=_sizes,
        default=[100_000, 300_000],
        help="extra sizes for the memory curve (default: 100000,300000; '' for none)",
    )
    parser.add_argument(
        "--modes", type=_modes, default=list(MODES), help=f"default: {','.join(MODES)}"
    )
    parser.add_argument("--seed", type=int, default=2020, help="population seed (default: 2020)")
    parser.add_argument("--data", type=Path, default=HERE / "data", help="cache folder")
    parser.add_argument("--every", type=float, default=30.0, help="seconds between progress lines")
    parser.add_argument("--keep-output", action="store_true", help="keep the OUT.csv files")
    parser.add_argument("--json", type=Path, help="also write every measurement here")
    parser.add_argument(
        "--code",
        metavar="REF",
        help="run the CLI from a snapshot of src/ and rules/ at this git commit (e.g. HEAD), "
        "not from the working tree, so edits made during the run do not change the code",
    )
    args = parser.parse_args(argv)
    args.data.mkdir(parents=True, exist_ok=True)

    code = None
    if args.code:
        folder, code = snapshot(args.code, args.data)
        CHILD_ENV["PYTHONPATH"] = str(folder / "src")
    env = environment(code)
    for key, value in env.items():
        print(f"{key:>9}: {value}")
    print(flush=True)

    startup_input = population(10, args.seed, args.data)
    startup_cmd, _ = command("allow", startup_input, args.data / "out-startup.csv")
    startup = min(
        (
            run(startup_cmd, None, args.data / "startup.stderr", "startup", args.every)
            for _ in range(3)
        ),
        key=lambda r: r["seconds"],
    )
    (args.data / "out-startup.csv").unlink(missing_ok=True)
    print(
        f"startup (10 rows, best of 3): {startup['seconds']:.2f} s, "
        f"peak RSS {startup['peak_rss'] / MIB:.1f} MiB\n",
        flush=True,
    )

    results: list[dict[str, Any]] = []
    coverage_gaps: list[str] | None = None
    for size in sorted(set(args.sizes) | set(args.curve_sizes)):
        print(f"{size:,} records", flush=True)
        source = population(size, args.seed, args.data)
        rows_in = count_rows(source)
        for mode in args.modes:
            out = args.data / f"out-{size}-{mode}.csv"
            cmd, stdout = command(mode, source, out)
            shown = shlex.join(cmd) + (f" > {stdout}" if stdout else "")
            print(f"  {mode:>11}: {shown}", flush=True)
            errors = out.with_suffix(".stderr")
            measured = run(cmd, stdout, errors, f"{size:,} {mode}", args.every)
            tally: dict[str, collections.Counter[str]] | None = None
            if coverage_gaps is None and mode == args.modes[0]:
                tally = collections.defaultdict(collections.Counter)
            rows_out = count_rows(out) if tally is None else count_rows(out, tally)
            if tally is not None:
                coverage_gaps = check_coverage(tally)
            if not args.keep_output:
                out.unlink(missing_ok=True)
            record = {"size": size, "mode": mode, "rows_in": rows_in, "rows_out": rows_out}
            record.update(measured)
            results.append(record)
            print(
                f"          {measured['seconds']:.1f} s, {size / measured['seconds']:,.0f} rec/s, "
                f"peak RSS {measured['peak_rss'] / MIB:,.1f} MiB, exit {measured['exit']}, "
                f"rows out {rows_out:,} / in {rows_in:,}",
                flush=True,
            )
            if measured["exit"] not in (0, 1):
                print(f"          child failed: {measured['stderr']}", flush=True)

    print()
    if coverage_gaps is not None:
        print(
            "band coverage (smallest size): "
            + ("every band, rating, class and exclusion hit" if not coverage_gaps else "")
            + ", ".join(coverage_gaps)
        )
    print(report(results, startup))
    print(f"load average at the end: {_load()}")
    if args.json:
        payload = {"environment": env, "startup": startup, "results": results}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    ok = all(r["rows_out"] == r["rows_in"] and r["exit"] == 0 for r in results)
    return 0 if ok else 1


def report(results: Sequence[dict[str, Any]], startup: dict[str, Any]) -> str:
    """The table of runs, then the memory slope per mode."""
    head = (
        f"| {'records':>9} | {'mode':<11} | {'seconds':>7} | {'rec/s':>6} | {'rec/s net':>9} "
        f"| {'CPU s':>6} | {'peak RSS MiB':>12} | rows out == in | exit |"
    )
    lines = [head, "|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|"]
    for r in sorted(
        results, key=lambda r: (r["mode"] != "allow", MODES.index(r["mode"]), r["size"])
    ):
        rate = r["size"] / r["seconds"]
        net = r["size"] / max(r["seconds"] - startup["seconds"], 1e-9)
        same = "yes" if r["rows_out"] == r["rows_in"] else "NO"
        lines.append(
            f"| {r['size']:>9,} | {r['mode']:<11} | {r['seconds']:>7.1f} | {rate:>6,.0f} "
            f"| {net:>9,.0f} | {r['cpu_seconds']:>6.1f} | {r['peak_rss'] / MIB:>12,.1f} "
            f"| {same:<14} | {r['exit']:>4} |"
        )
    lines.append("")
    lines.append(
        f"startup (interpreter, imports, rule set; 10 rows): {startup['seconds']:.2f} s, "
        f"{startup['peak_rss'] / MIB:.1f} MiB"
    )
    slopes: dict[str, float] = {}
    for mode in MODES:
        points = [(r["size"], r["peak_rss"]) for r in results if r["mode"] == mode]
        line = fit(points)
        if line is None:
            continue
        slopes[mode] = line[0]
        verdict = "flat" if line[0] * 1_000_000 < 16 * MIB else "GROWS with rows"
        lines.append(
            f"peak RSS vs rows, {mode:<11}: {line[0]:,.1f} bytes/row "
            f"({line[0] * 1_000_000 / MIB:,.0f} MiB per million rows), "
            f"intercept {line[1] / MIB:,.0f} MiB: {verdict}"
        )
    for indexed, plain in (("stdout-dups", "stdout"), ("dups", "allow")):
        if indexed in slopes and plain in slopes:
            lines.append(
                f"duplicate-id index: {slopes[indexed] - slopes[plain]:,.1f} bytes per distinct id "
                f"(slope of {indexed} minus slope of {plain})"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
