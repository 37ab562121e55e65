"""How fast what-if plans are: records per second over the seeded population.

    python benchmarks/bench_whatif.py [--records 31000] [--seed 2020] [--alternatives 1]

In process, on the population of ``make_population.py`` (cached in
``benchmarks/data/``): the file is read and scored once (`coopeval.evaluate_file`,
not timed), then `coopeval.whatif` plans every record to tốt, timed per record
(solving the inputs, the search, and scoring every candidate plan again). Every
plan is checked as it comes: its total reaches 80, so a broken planner cannot
look fast. Prints records per second, the median and the 99th percentile per
record, and how many records had a plan, were at the target, unreachable, not
rated, or had errors.
"""

from __future__ import annotations

import argparse
import collections
import platform
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_input import population  # noqa: E402

import coopeval  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=31_000)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--alternatives", type=int, default=1)
    args = parser.parse_args()
    rules = coopeval.load("tt01-2020")
    source = population(args.records, args.seed)
    results = list(coopeval.evaluate_file(rules, source))
    times: list[float] = []
    statuses: collections.Counter[str] = collections.Counter()
    started = time.perf_counter()
    for ev in results:
        before = time.perf_counter()
        found = coopeval.whatif(rules, ev, target="tot", alternatives=args.alternatives)
        times.append(time.perf_counter() - before)
        statuses[found.status] += 1
        for plan in found.plans:
            if plan.total_after < 80:
                msg = f"{ev.id}: a plan ends at {plan.total_after}"
                raise SystemExit(msg)
    wall = time.perf_counter() - started
    times.sort()
    print(
        f"# {args.records:,} records, seed {args.seed}; Python {platform.python_version()}, "
        f"{platform.machine()}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    print("| measure | value |")
    print("|---|---:|")
    print(f"| records per second | {len(results) / wall:,.0f} |")
    print(f"| median per record | {statistics.median(times) * 1000:.2f} ms |")
    print(f"| 99th percentile | {times[int(len(times) * 0.99)] * 1000:.2f} ms |")
    print(f"| slowest | {times[-1] * 1000:.1f} ms |")
    for status, count in sorted(statuses.items()):
        print(f"| {status} | {count:,} |")


if __name__ == "__main__":
    main()
