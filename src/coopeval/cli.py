"""The ``coopeval`` command line: score, explain, check, rules.

Exit codes: 0 every record scored or rated not_rated; 1 some record had errors
(every row is still written); 2 usage errors or a bad rule set.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from coopeval import __version__
from coopeval.batch import evaluate_file
from coopeval.bundled import bundled_rulesets, load, load_any
from coopeval.cli_common import OK, RECORD_ERRORS, USAGE
from coopeval.cli_common import out as _out
from coopeval.cli_support import support_commands
from coopeval.compiler import CompiledRuleSet
from coopeval.errors import CoopevalError, RuleSetError, RuleSetProblems, UsageError
from coopeval.explain import explain
from coopeval.headers import load_header_map
from coopeval.loader import read_rule_file, suggest
from coopeval.model import RuleSet
from coopeval.output import to_dict
from coopeval.progress import progress
from coopeval.render import render, render_report, render_summary, render_table
from coopeval.results import Evaluation
from coopeval.sinks import CsvSink, JsonlSink, Sink, XlsxSink, summary_rows, write_summary_xlsx
from coopeval.summary import Summariser
from coopeval.support_validation import validate_programme
from coopeval.validation import provisional_rules, validate_ruleset

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except CoopevalError as exc:
        print(f"coopeval: {exc}", file=sys.stderr)
        return USAGE
    except BrokenPipeError:
        return OK
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coopeval",
        description=(
            "Chấm điểm, xếp loại và giải thích kết quả hợp tác xã theo bộ quy tắc "
            "(Thông tư 01/2020/TT-BKHĐT, ...). / Score, rate and explain cooperatives "
            "against declarative rule sets."
        ),
        epilog="Exit codes: 0 all scored; 1 some record had errors; 2 usage or rule-set error.",
    )
    parser.add_argument("--version", action="version", version=f"coopeval {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    score = commands.add_parser(
        "score",
        help="chấm điểm bản ghi / score records",
        description="Chấm điểm mọi bản ghi của INPUT. / Score every record of INPUT.",
    )
    _record_options(score)
    score.add_argument(
        "--format",
        choices=("table", "json", "jsonl", "csv", "xlsx"),
        default=None,
        help="output format (default: from the --output suffix, else table); xlsx needs --output",
    )
    score.add_argument(
        "--strict", action="store_true", help="stop at the first record with an error (exit 1)"
    )
    score.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress on standard error (default: on a terminal, for inputs over 2 MB)",
    )
    score.add_argument(
        "--output", "-o", metavar="PATH", help="write here instead of standard output"
    )
    score.set_defaults(run=_score)

    explain_ = commands.add_parser(
        "explain",
        help="giải thích từng dòng điểm / explain scores line by line",
        description=(
            "Giải thích kết quả từng bản ghi, kèm căn cứ pháp lý. / "
            "Explain each record's result with citations."
        ),
    )
    _record_options(explain_)
    explain_.add_argument("--id", help="only the record with this id")
    explain_.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    explain_.add_argument(
        "--output", "-o", metavar="PATH", help="write here instead of standard output"
    )
    explain_.set_defaults(run=_explain)

    check = commands.add_parser(
        "check",
        help="kiểm tra tệp quy tắc / validate rule files",
        description=(
            "Kiểm tra các tệp quy tắc, báo mọi lỗi. / "
            "Validate rule files and report every problem. "
            "A folder is searched for *.toml files."
        ),
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="rule file or folder")
    check.add_argument(
        "--strict", action="store_true", help="also fail on provisional or unconfirmed rules"
    )
    check.set_defaults(run=_check)

    summary = commands.add_parser(
        "summary",
        help="tổng hợp báo cáo tháng 12 / December summary tables",
        description=(
            "Tổng hợp theo xếp loại, phân loại, điểm bình quân, trung vị, tỷ lệ tốt, "
            "tốt-khá và danh sách dưới 80 điểm. / Counts by rating and class, mean and "
            "median, shares rated tốt and tốt-or-khá, and who is under 80."
        ),
    )
    _record_options(summary)
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
    summary.add_argument(
        "--output", "-o", metavar="PATH", help="write here instead of standard output"
    )
    summary.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress on standard error",
    )
    summary.set_defaults(run=_summary)

    support_commands(commands)

    rules = commands.add_parser(
        "rules",
        help="liệt kê bộ quy tắc kèm theo / list bundled rule sets",
        description="Liệt kê các bộ quy tắc kèm theo. / List the bundled rule sets.",
    )
    rules.add_argument(
        "--lang", choices=("vi", "en"), default="vi", help="label language (default: vi)"
    )
    rules.set_defaults(run=_rules)
    return parser


def _record_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "input",
        metavar="INPUT",
        help="records: .json (object or list), .jsonl or .csv; '-' reads standard input",
    )
    parser.add_argument(
        "--rules",
        default="tt01-2020",
        metavar="ID|PATH",
        help="bundled rule-set id or rule file (default: tt01-2020)",
    )
    parser.add_argument(
        "--input-format",
        choices=("json", "jsonl", "csv", "xlsx"),
        help="format of INPUT when its suffix does not tell",
    )
    parser.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help="language of labels and explanations (default: vi)",
    )
    parser.add_argument(
        "--header-map",
        metavar="FILE",
        help='TOML file of extra spreadsheet headers: "Header in the sheet" = "field"',
    )
    parser.add_argument("--sheet", help="XLSX sheet to read (default: the first)")
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


def _evaluations(args: argparse.Namespace) -> tuple[CompiledRuleSet, Iterator[Evaluation]]:
    rules = load(args.rules)
    evaluations = evaluate_file(
        rules,
        args.input,
        fmt=args.input_format,
        lenient=args.lenient,
        header_map=load_header_map(args.header_map) if args.header_map else None,
        sheet=args.sheet,
        duplicates=not args.allow_duplicate_ids,
    )
    return rules, evaluations


def _score(args: argparse.Namespace) -> int:
    rules, evaluations = _evaluations(args)
    fmt = args.format or _format_of(args.output)
    if fmt == "xlsx" and not args.output:
        msg = "--format xlsx writes a workbook: give --output FILE.xlsx"
        raise UsageError(msg)
    counted = _Counted(progress(evaluations, args.input, force=args.progress))
    stream = iter(counted)
    failed = False
    with _out(None if fmt == "xlsx" else args.output) as out:
        sink = _sink(fmt, out, rules, args)
        if sink is None:  # the table needs every row before it can align columns
            rows = list(stream)
            if not rows:
                return _no_records(args.input)
            failed = any(ev.status == "error" for ev in rows)
            out.write(render_summary(rows, args.lang))
            return RECORD_ERRORS if failed else OK
        try:
            for ev in stream:
                sink.write(ev)
                if ev.status == "error":
                    failed = True
                    if args.strict:
                        print(
                            f"coopeval: stopped at row {ev.row} (--strict): {ev.id}",
                            file=sys.stderr,
                        )
                        break
        finally:
            sink.close()
    if not counted.count:
        return _no_records(args.input)
    return RECORD_ERRORS if failed else OK


class _Counted:
    """Counts what passes through, so an input with no records can be told apart."""

    def __init__(self, items: Iterator[Evaluation]) -> None:
        self.items = items
        self.count = 0

    def __iter__(self) -> Iterator[Evaluation]:
        for item in self.items:
            self.count += 1
            yield item


def _no_records(path: str) -> int:
    print(
        f"coopeval: {path}: no records: the file has no data rows below its header", file=sys.stderr
    )
    return USAGE


def _format_of(output: str | None) -> str:
    suffix = Path(output).suffix.lower() if output else ""
    return {".csv": "csv", ".jsonl": "jsonl", ".json": "json", ".xlsx": "xlsx"}.get(suffix, "table")


def _sink(fmt: str, out: TextIO, rules: CompiledRuleSet, args: argparse.Namespace) -> Sink | None:
    if fmt == "jsonl":
        return JsonlSink(out)
    if fmt == "csv":
        return CsvSink(out, rules)
    if fmt == "xlsx":
        by = getattr(args, "by", None)
        summariser = Summariser(by, rules.rating_ids[::-1], [a.id for a in rules.axes])
        return XlsxSink(args.output, rules, args.lang, summariser)
    if fmt == "json":
        return _JsonListSink(out)
    return None


class _JsonListSink:
    """A JSON list written item by item, so a big batch is never held whole."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.first = True
        out.write("[")

    def write(self, ev: Evaluation) -> None:
        self.out.write(
            ("\n" if self.first else ",\n") + json.dumps(to_dict(ev), ensure_ascii=False, indent=2)
        )
        self.first = False

    def close(self) -> None:
        self.out.write("\n]\n")


def _summary(args: argparse.Namespace) -> int:
    rules, evaluations = _evaluations(args)
    summariser = Summariser(args.by, rules.rating_ids[::-1], [a.id for a in rules.axes])
    failed = False
    for ev in progress(evaluations, args.input, force=args.progress):
        summariser.add(ev)
        failed = failed or ev.status == "error"
    summaries = summariser.results()
    fmt = args.format or _format_of(args.output)
    if fmt == "xlsx":
        if not args.output:
            msg = "--format xlsx writes a workbook: give --output FILE.xlsx"
            raise UsageError(msg)
        write_summary_xlsx(args.output, summaries, args.lang)
    else:
        with _out(args.output) as out:
            if fmt == "csv":
                csv.writer(out).writerows(summary_rows(summaries, args.lang))
            else:
                out.write(render_report(summaries, args.by, args.lang))
    return RECORD_ERRORS if failed else OK


def _explain(args: argparse.Namespace) -> int:
    _, evaluations = _evaluations(args)
    chosen = list(evaluations)
    if args.id is not None:
        ids = [ev.id for ev in chosen if ev.id]
        chosen = [ev for ev in chosen if ev.id == args.id]
        if not chosen:
            msg = f"no record with id {args.id!r} in {args.input}{suggest(args.id, ids)}"
            raise CoopevalError(msg)
    with _out(args.output) as out:
        if args.format == "json":
            payload = [
                {"result": to_dict(ev), "explanation": _explanation_dict(ev, args.lang)}
                for ev in chosen
            ]
            json.dump(payload, out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            out.write("\n".join(render(explain(ev, args.lang)) for ev in chosen))
            if len(chosen) > 1:
                out.write("\n" + render_summary(chosen, args.lang))
    return RECORD_ERRORS if any(ev.status == "error" for ev in chosen) else OK


def _explanation_dict(ev: Evaluation, lang: str) -> dict[str, object]:
    explanation = explain(ev, lang)
    return {
        "lang": explanation.lang,
        "title": explanation.title,
        "lines": [
            {
                "kind": line.kind,
                "id": line.id,
                "label": line.label,
                "measure": line.measure,
                "band": line.band,
                "points": line.points,
                "max": line.max,
                "citation": line.citation,
                "note": line.note,
            }
            for line in explanation.lines
        ],
        "summary": list(explanation.summary),
        "notes": list(explanation.notes),
    }


def _check(args: argparse.Namespace) -> int:
    files = list(_rule_files(args.paths))
    errors = strict_failures = 0
    for file in files:
        try:
            loaded = read_rule_file(file)
            if isinstance(loaded, RuleSet):
                validate_ruleset(loaded)
            else:
                validate_programme(loaded)
        except RuleSetError as exc:
            problems = exc.problems if isinstance(exc, RuleSetProblems) else (exc,)
            errors += len(problems)
            print(f"FAIL {file}: {len(problems)} problem(s)")
            for problem in problems:
                print(f"  - {problem}")
            continue
        head = loaded.ruleset
        pending = provisional_rules(loaded)
        print(
            f"ok   {file}: {head.id} {head.version}, {len(pending)} provisional/unconfirmed rule(s)"
        )
        if args.strict and pending:
            strict_failures += len(pending)
            for path, rule in pending:
                print(f"  - strict: {file}: {path}: rule {rule} is not confirmed")
    print(
        f"{len(files)} file(s), {errors} error(s)"
        + (f", {strict_failures} not confirmed" if args.strict else "")
    )
    if errors:
        return USAGE
    return RECORD_ERRORS if strict_failures else OK


def _rule_files(paths: Sequence[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(path.rglob("*.toml"))
        elif path.exists():
            yield path
        else:
            msg = f"no such file or folder: {name}"
            raise CoopevalError(msg)


def _rules(args: argparse.Namespace) -> int:
    rows = []
    for rule_id, path in bundled_rulesets().items():
        compiled = load_any(path)
        rs = compiled.ruleset if isinstance(compiled, CompiledRuleSet) else compiled.programme
        head = rs.ruleset
        doc = head.document
        until = doc.effective_to.isoformat() if doc.effective_to else "…"
        rows.append(
            [
                rule_id,
                head.version,
                doc.id,
                f"{doc.effective_from.isoformat()} – {until}",
                head.kind,
                head.title.get(args.lang),
                str(len(provisional_rules(rs))),
            ]
        )
    headers = ["id", "version", "document", "in force", "kind", "title", "provisional"]
    print(render_table(headers, rows), end="")
    return OK
