"""The scorecard commands: ``score``, ``explain`` and ``summary``."""

from __future__ import annotations

import argparse
import csv
import functools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from coopeval.cli.common import (
    OK,
    RECORD_ERRORS,
    RuleSources,
    catalogue,
    find_id,
    format_of,
    input_options,
    jobs_for,
    jobs_option,
    load_kind,
    no_records,
    out,
    read,
    rules_dir_option,
    tell,
    tell_plan,
)
from coopeval.cli.progress import progress
from coopeval.engine import CompiledRuleSet, Evaluation
from coopeval.engine.results import Result
from coopeval.errors import UsageError
from coopeval.formats import FileResults, load_header_map
from coopeval.formats.parallel import Work, written_file
from coopeval.formats.plan import describe
from coopeval.formats.sinks import (
    TEXT_FORMATS,
    XlsxSink,
    summary_rows,
    text_sink,
    write_summary_xlsx,
)
from coopeval.pipeline import load
from coopeval.report import Summariser, explain, render, render_summary, to_dict
from coopeval.report.text import render_report

__all__ = ["scorecard_commands"]


def scorecard_commands(commands: Any) -> None:
    """Add ``score``, ``explain`` and ``summary`` to the command line."""
    score = commands.add_parser(
        "score",
        help="chấm điểm bản ghi / score records",
        description="Chấm điểm mọi bản ghi của INPUT. / Score every record of INPUT.",
    )
    record_options(score)
    score.add_argument(
        "--format",
        choices=("table", "json", "jsonl", "csv", "xlsx"),
        default=None,
        help="output format (default: from the --output suffix, else table); xlsx needs --output",
    )
    score.add_argument(
        "--strict", action="store_true", help="stop at the first record with an error (exit 1)"
    )
    _progress_option(
        score, "progress on standard error (default: on a terminal, for inputs over 2 MB)"
    )
    jobs_option(score)
    _output_option(score)
    score.set_defaults(run=_score)

    explain_ = commands.add_parser(
        "explain",
        help="giải thích từng dòng điểm / explain scores line by line",
        description=(
            "Giải thích kết quả từng bản ghi, kèm căn cứ pháp lý. / "
            "Explain each record's result with citations (a scorecard's or a programme's)."
        ),
    )
    record_options(explain_)
    explain_.add_argument("--id", help="only the record with this id")
    explain_.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    _output_option(explain_)
    explain_.set_defaults(run=_explain)

    summary = commands.add_parser(
        "summary",
        help="tổng hợp báo cáo tháng 12 / December summary tables",
        description=(
            "Tổng hợp theo xếp loại, phân loại, điểm bình quân, trung vị, tỷ lệ tốt, "
            "tốt-khá và danh sách dưới 80 điểm. / Counts by rating and class, mean and "
            "median, shares rated tốt and tốt-or-khá, and who is under 80."
        ),
    )
    record_options(summary)
    summary.add_argument(
        "--by",
        metavar="FIELD",
        help="group by district, province, year, or a classification axis (sector, members, ...)",
    )
    summary.add_argument(
        "--format",
        choices=("table", "csv", "xlsx"),
        default=None,
        help="output format (default: table)",
    )
    _output_option(summary)
    _progress_option(summary, "progress on standard error")
    summary.set_defaults(run=_summary)


def record_options(parser: argparse.ArgumentParser) -> None:
    """The options of every command that reads records under one rule set."""
    input_options(parser)
    parser.add_argument(
        "--rules",
        default="tt01-2020",
        metavar="ID|PATH",
        help="rule-set id or rule file (default: tt01-2020)",
    )
    rules_dir_option(parser)
    parser.add_argument(
        "--allow-duplicate-ids",
        action="store_true",
        help="do not report repeated ids (keeps memory constant on huge inputs)",
    )
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="score items without evidence as 0 (flagged) instead of reporting them missing",
    )


def _output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output", "-o", metavar="PATH", help="write here instead of standard output"
    )


def _progress_option(parser: argparse.ArgumentParser, text: str) -> None:
    parser.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None, help=text
    )


def _results(args: argparse.Namespace, rules: CompiledRuleSet[Any]) -> FileResults[Any]:
    return read(args, rules, lenient=args.lenient, duplicates=not args.allow_duplicate_ids)


def _score(args: argparse.Namespace) -> int:
    rules = load_kind(args, args.rules, "scorecard")
    fmt = args.format or format_of(args.output)
    if fmt == "xlsx" and not args.output:
        msg = "--format xlsx writes a workbook: give --output FILE.xlsx"
        raise UsageError(msg)
    if fmt in TEXT_FORMATS:
        return _score_text(args, rules, fmt)
    results = _results(args, rules)
    counted = _Counted(progress(results, args.input, force=args.progress))
    with out(None if fmt == "xlsx" else args.output) as stream_out:
        if fmt != "xlsx":  # the table needs every row before it can align columns
            rows = list(counted)
            tell(results, args.lang)
            if not rows:
                return no_records(args.input)
            failed = any(ev.status == "error" for ev in rows)
            stream_out.write(render_summary(rows, args.lang))
            return RECORD_ERRORS if failed else OK
        summariser = Summariser(getattr(args, "by", None), rules.ruleset.scorecard)
        sink = XlsxSink(args.output, rules, args.lang, summariser)
        try:
            failed = _each(counted, sink.write, args.strict)
        finally:
            sink.columns(describe(results.plan, results.skipped, args.lang))
            sink.close()
    tell(results, args.lang)
    if not counted.count:
        return no_records(args.input)
    return RECORD_ERRORS if failed else OK


def _score_text(args: argparse.Namespace, rules: CompiledRuleSet[Any], fmt: str) -> int:
    """CSV, JSONL or JSON: rows made as text, on several cores for a large file."""
    work = Work(
        load=RuleSources.of(args, [rules]),
        sink=functools.partial(text_sink, fmt),
        lenient=args.lenient,
    )
    results = written_file(
        [rules],
        args.input,
        work,
        jobs=jobs_for(args),
        fmt=args.input_format,
        sheet=args.sheet,
        header_map=load_header_map(args.header_map) if args.header_map else None,
        strict_columns=args.strict_columns,
        on_plan=lambda plan: tell_plan(plan, args.lang),
        duplicates=not args.allow_duplicate_ids,
    )
    counted = _Counted(progress(results, args.input, force=args.progress))
    with out(args.output) as stream_out:
        sink = text_sink(fmt, [rules], stream_out)
        try:
            failed = _each(counted, sink.write_text, args.strict, text=True)
        finally:
            results.close()  # stopped early (--strict): workers stop now, not at exit
            sink.close()
    tell(results, args.lang)
    if not counted.count:
        return no_records(args.input)
    return RECORD_ERRORS if failed else OK


def _each(
    items: Iterable[Any], write: Callable[[Any], None], strict: bool, *, text: bool = False
) -> bool:
    """Write every item (its ``text`` if ``text``); with ``strict``, stop after the first error.

    Returns whether any item written had an error.
    """
    failed = False
    for item in items:
        write(item.text if text else item)
        if item.status == "error":
            failed = True
            if strict:
                print(f"coopeval: stopped at row {item.row} (--strict): {item.id}", file=sys.stderr)
                break
    return failed


class _Counted:
    """Counts what passes through, so an input with no records can be told apart."""

    def __init__(self, items: Iterator[Any]) -> None:
        self.items = items
        self.count = 0

    def __iter__(self) -> Iterator[Any]:
        for item in self.items:
            self.count += 1
            yield item


def _summary(args: argparse.Namespace) -> int:
    rules = load_kind(args, args.rules, "scorecard")
    scorecard = rules.ruleset.scorecard
    summariser = Summariser(args.by, scorecard)
    failed = False
    results = _results(args, rules)
    for ev in progress(results, args.input, force=args.progress):
        summariser.add(ev)
        failed = failed or ev.status == "error"
    tell(results, args.lang)
    summaries = summariser.results()
    fmt = args.format or format_of(args.output)
    if fmt == "xlsx":
        if not args.output:
            msg = "--format xlsx writes a workbook: give --output FILE.xlsx"
            raise UsageError(msg)
        write_summary_xlsx(args.output, summaries, scorecard, args.lang)
    else:
        with out(args.output) as stream:
            if fmt == "csv":
                csv.writer(stream).writerows(summary_rows(summaries, scorecard, args.lang))
            else:
                stream.write(render_report(summaries, args.by, scorecard, args.lang))
    return RECORD_ERRORS if failed else OK


def _explain(args: argparse.Namespace) -> int:
    rules = load(args.rules, catalogue=catalogue(args))
    results = _results(args, rules)
    chosen: list[Result] = find_id(list(results), args.id, _id, args.input)
    tell(results, args.lang)
    with out(args.output) as stream:
        if args.format == "json":
            payload = [
                {"result": to_dict(r), "explanation": to_dict(explain(r, args.lang))}
                for r in chosen
            ]
            json.dump(payload, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        else:
            stream.write("\n".join(render(explain(r, args.lang)) for r in chosen))
            scored = [r for r in chosen if isinstance(r, Evaluation)]
            if len(scored) > 1:
                stream.write("\n" + render_summary(scored, args.lang))
    return RECORD_ERRORS if any(r.status == "error" for r in chosen) else OK


def _id(result: Result) -> str | None:
    return result.id
