"""``coopeval score IN -o OUT.xlsx --jobs N`` as the command line will run it once wired.

    python benchmarks/xlsx_parallel.py IN.csv OUT.xlsx [--jobs 2] [--lang vi]

The command line writes XLSX in one process today; this script runs the same
pieces the way `coopeval score` runs CSV and JSONL with ``--jobs N``: worker
processes score runs of rows and make their workbook rows
(`coopeval.formats.workbook.xlsx_rows`), the main process writes them
(`XlsxSink.write_text`) and the summary. `bench_output.py` times it beside the
command line.
"""

from __future__ import annotations

import argparse
import functools
import sys

import coopeval
from coopeval.formats.parallel import Work, written_file
from coopeval.formats.plan import describe
from coopeval.formats.sinks import XlsxSink, xlsx_rows
from coopeval.report import Summariser


def _load() -> list[coopeval.CompiledRuleSet]:  # type: ignore[type-arg]
    return [coopeval.load("tt01-2020")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--lang", default="vi")
    args = parser.parse_args()
    rules = _load()
    work = Work(load=_load, sink=functools.partial(xlsx_rows, lang=args.lang))
    results = written_file(rules, args.input, work, jobs=args.jobs, duplicates=False)
    sink = XlsxSink(args.output, rules[0], args.lang, Summariser(None, rules[0].ruleset.scorecard))
    failed = False
    try:
        for row in results:
            sink.write_text(row.text)
            failed = failed or row.status == "error"
    finally:
        results.close()
        sink.columns(describe(results.plan, results.skipped, args.lang))
        sink.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
