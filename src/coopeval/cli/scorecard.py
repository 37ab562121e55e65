"""The scorecard commands: ``score``, ``explain`` and ``summary``."""

from __future__ import annotations

import argparse
import csv
import functools
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from coopeval.cli.common import (
    OK,
    RECORD_ERRORS,
    RuleSources,
    catalogue,
    find_id,
    input_options,
    jobs_for,
    jobs_option,
    load_kind,
    no_records,
    read,
    rules_option,
    strict_option,
    tell,
    tell_plan,
)
from coopeval.cli.output import (
    chosen_format,
    file_output,
    output_options,
    tell_failed,
    text_output,
    text_width,
)
from coopeval.cli.progress import progress
from coopeval.engine import CompiledRuleSet, Evaluation, whatif
from coopeval.engine.results import ProgrammeResult, Result
from coopeval.formats import FileResults, load_header_map
from coopeval.formats.eligibility_workbook import write_programme_xlsx
from coopeval.formats.parallel import Work, written_file
from coopeval.formats.plan import describe
from coopeval.formats.sinks import (
    TEXT_FORMATS,
    XlsxSink,
    summary_rows,
    text_sink,
    write_summary_xlsx,
    xlsx_rows,
)
from coopeval.messages import said
from coopeval.pipeline import load
from coopeval.report import Summariser, explain, render, render_summary, to_dict
from coopeval.report.summary import summary_dict
from coopeval.report.text import render_report
from coopeval.report.whatif import render_best_plan

__all__ = ["scorecard_commands"]


#: The formats each command writes; the first is the default without ``--output``.
SCORE_FORMATS = ("table", "json", "jsonl", "csv", "xlsx")
EXPLAIN_FORMATS = ("text", "json", "xlsx")
SUMMARY_FORMATS = ("table", "csv", "json", "xlsx")


def scorecard_commands(commands: Any) -> None:
    """Add ``score``, ``explain`` and ``summary`` to the command line."""
    score = commands.add_parser(
        "score",
        help="chấm điểm bản ghi / score records",
        description="Chấm điểm mọi bản ghi của INPUT. / Score every record of INPUT.",
    )
    record_options(score)
    output_options(score, SCORE_FORMATS)
    strict_option(score)
    _progress_option(
        score, "progress on standard error (default: on a terminal, for inputs over 2 MB)"
    )
    jobs_option(score)
    score.set_defaults(run=_score, parser=score)

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
    output_options(explain_, EXPLAIN_FORMATS)
    explain_.set_defaults(run=_explain, parser=explain_)

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
    output_options(summary, SUMMARY_FORMATS)
    _progress_option(summary, "progress on standard error")
    summary.set_defaults(run=_summary, parser=summary)


def record_options(parser: argparse.ArgumentParser) -> None:
    """The options of every command that reads records under one rule set."""
    input_options(parser)
    rules_option(parser, default="tt01-2020")
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


def _progress_option(parser: argparse.ArgumentParser, text: str) -> None:
    parser.add_argument(
        "--progress", action=argparse.BooleanOptionalAction, default=None, help=text
    )


def _results(args: argparse.Namespace, rules: CompiledRuleSet[Any]) -> FileResults[Any]:
    return read(args, rules, lenient=args.lenient, duplicates=not args.allow_duplicate_ids)


def _score(args: argparse.Namespace) -> int:
    rules = load_kind(args, args.rules, "scorecard")
    fmt = chosen_format(args, SCORE_FORMATS)
    if fmt in TEXT_FORMATS or fmt == "xlsx":
        return _score_rows(args, rules, fmt)
    results = _results(args, rules)
    counted = _Counted(progress(results, args.input, force=args.progress))
    # the table needs every row before it can align columns
    rows: list[Evaluation] = []
    failed = _each(counted, rows.append, args.strict, args.lang)
    if rows:
        with text_output(args, fmt) as stream:
            stream.write(render_summary(rows, args.lang, width=text_width(args)))
    return _finish(args, results, counted.count, failed)


def _finish(args: argparse.Namespace, results: FileResults[Any], rows: int, failed: int) -> int:
    """Say what was skipped and how many records failed; the exit code."""
    tell(results, args.lang)
    if not rows:
        return no_records(args.input, args.lang)
    tell_failed(failed, args.lang)
    return RECORD_ERRORS if failed else OK


def _score_rows(args: argparse.Namespace, rules: CompiledRuleSet[Any], fmt: str) -> int:
    """CSV, JSONL, JSON or XLSX: rows made as text, on several cores for a large file."""
    rows_of = (
        functools.partial(xlsx_rows, lang=args.lang)
        if fmt == "xlsx"
        else functools.partial(text_sink, fmt)
    )
    work = Work(
        load=RuleSources.of(args, [rules]), sink=rows_of, lenient=args.lenient, as_of=args.as_of
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
    if fmt == "xlsx":
        with file_output(args) as path:
            summariser = Summariser(getattr(args, "by", None), rules.ruleset.scorecard)
            book = XlsxSink(str(path), rules, args.lang, summariser)
            try:
                failed = _each(counted, book.write_text, args.strict, args.lang, text=True)
            finally:
                results.close()
            book.columns(describe(results.plan, results.skipped, args.lang), args.input)
            book.close()
        return _finish(args, results, counted.count, failed)
    with text_output(args, fmt) as stream_out:
        sink = text_sink(fmt, [rules], stream_out)
        try:
            failed = _each(counted, sink.write_text, args.strict, args.lang, text=True)
        finally:
            results.close()  # stopped early (--strict): workers stop now, not at exit
        sink.close()
    return _finish(args, results, counted.count, failed)


def _each(
    items: Iterable[Any],
    write: Callable[[Any], None],
    strict: bool,
    lang: str,
    *,
    text: bool = False,
) -> int:
    """Write every item (its ``text`` if ``text``); with ``strict``, stop after the first error.

    Returns how many items written had an error.
    """
    failed = 0
    for item in items:
        write(item.text if text else item)
        if item.status == "error":
            failed += 1
            if strict:
                stopped = said("notes.stopped_strict", row=item.row, id=item.id)
                print(f"coopeval: {stopped.text(lang)}", file=sys.stderr)
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
    fmt = chosen_format(args, SUMMARY_FORMATS)
    scorecard = rules.ruleset.scorecard
    summariser = Summariser(args.by, scorecard)
    failed = rows = 0
    results = _results(args, rules)
    for ev in progress(results, args.input, force=args.progress):
        summariser.add(ev)
        rows += 1
        failed += ev.status == "error"
    summaries = summariser.results()
    if rows and fmt == "xlsx":
        with file_output(args) as path:
            write_summary_xlsx(str(path), summaries, scorecard, args.lang)
    elif rows:
        with text_output(args, fmt) as stream:
            if fmt == "csv":
                csv.writer(stream).writerows(summary_rows(summaries, scorecard, args.lang))
            elif fmt == "json":
                json.dump(
                    [summary_dict(x) for x in summaries], stream, ensure_ascii=False, indent=2
                )
                stream.write("\n")
            else:
                stream.write(
                    render_report(summaries, args.by, scorecard, args.lang, text_width(args))
                )
    return _finish(args, results, rows, failed)


def _explain(args: argparse.Namespace) -> int:
    rules = load(args.rules, catalogue=catalogue(args))
    fmt = chosen_format(args, EXPLAIN_FORMATS)
    results = _results(args, rules)
    everything = list(results)
    chosen: list[Result] = find_id(everything, args.id, _id, args.input)
    failed = sum(r.status == "error" for r in chosen)
    if chosen and fmt == "xlsx":
        with file_output(args) as path:
            _explain_xlsx(str(path), rules, chosen, args.lang)
    elif chosen:
        with text_output(args, fmt) as stream:
            if fmt == "json":
                payload = [
                    {"result": to_dict(r), "explanation": to_dict(explain(r, args.lang))}
                    for r in chosen
                ]
                json.dump(payload, stream, ensure_ascii=False, indent=2)
                stream.write("\n")
            else:
                width = text_width(args)
                stream.write(
                    "\n".join(
                        render(explain(r, args.lang), width=width)
                        + _best_plan(rules, r, args.lang, width)
                        for r in chosen
                    )
                )
                scored = [r for r in chosen if isinstance(r, Evaluation)]
                if len(scored) > 1:
                    stream.write("\n" + render_summary(scored, args.lang, width=width))
    return _finish(args, results, len(everything), failed)


def _best_plan(rules: CompiledRuleSet[Any], result: Result, lang: str, width: int | None) -> str:
    """For a scored record below the highest rating: its best plan, to end its explanation."""
    if not isinstance(result, Evaluation) or result.status != "ok" or rules.kind != "scorecard":
        return ""
    found = whatif(rules, result)
    return "\n" + render_best_plan(found, rules, lang, width) if found.plans else ""


def _explain_xlsx(
    path: str, rules: CompiledRuleSet[Any], chosen: Sequence[Result], lang: str
) -> None:
    """The workbook of ``score``, for the records chosen: results, explanation, errors."""
    if rules.kind != "scorecard":
        write_programme_xlsx(
            path, [rules], [[r] for r in chosen if isinstance(r, ProgrammeResult)], lang
        )
        return
    sink = XlsxSink(path, rules, lang, Summariser(None, rules.ruleset.scorecard))
    for result in chosen:
        if isinstance(result, Evaluation):
            sink.write(result)
    sink.close()


def _id(result: Result) -> str | None:
    return result.id
