"""The ``coverage`` command: which parts of a rule set the records of a file reach.

Exit codes: 0 the coverage was reported; 1 it is under ``--fail-under``;
2 a usage, file or rule-set error (a ``--fail-under`` that is not a
percentage, a file with no records). Records with errors do not change the
exit code: they count as read, reach nothing, and the report says how many.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal, InvalidOperation
from typing import Any

from coopeval.cli.common import (
    OK,
    catalogue,
    input_options,
    no_records,
    read,
    rules_option,
    tell,
)
from coopeval.cli.output import chosen_format, output_options, text_output, text_width
from coopeval.cli.parser import Parser
from coopeval.cli.progress import progress
from coopeval.engine.coverage import Tally
from coopeval.messages import Label, said
from coopeval.pipeline import load
from coopeval.report import fmt
from coopeval.report.coverage import coverage_dict, percent_text, render_coverage

__all__ = ["coverage_commands", "percentage"]

COVERAGE_FORMATS = ("text", "json")
#: The exit code of a coverage under ``--fail-under``.
UNDER = 1


def coverage_commands(commands: Any) -> None:
    """Add ``coverage`` to the command line."""
    parser = commands.add_parser(
        "coverage",
        help="phần nào của bộ quy tắc được dữ liệu đạt tới / which rules a data set reaches",
        description=(
            "Những khung điểm, trường hợp không xếp loại, xếp loại thẳng, loại, phân loại, "
            "điều kiện (đạt / không đạt / thiếu dữ liệu), kết quả và khoản hỗ trợ mà các bản "
            "ghi của INPUT đạt tới, và những phần không bản ghi nào đạt tới. / Which bands, "
            "exclusions, overrides, ratings, classes, conditions (met / not met / missing), "
            "outcomes and amounts the records of INPUT reach, and which none ever does."
        ),
        epilog=(
            "Mã thoát / exit codes: 0 đã báo cáo / reported; 1 dưới --fail-under / under "
            "--fail-under; 2 lỗi lệnh, tệp hoặc bộ quy tắc / usage, file or rule-set error."
        ),
    )
    input_options(parser)
    rules_option(parser, default="tt01-2020")
    parser.add_argument(
        "--fail-under",
        type=percentage,
        metavar="PCT",
        help="thoát với mã 1 khi tỷ lệ bao phủ dưới PCT / exit 1 when the share of parts "
        "reached is under PCT (a number from 0 to 100)",
    )
    parser.add_argument(
        "--allow-duplicate-ids",
        action="store_true",
        help="không báo mã trùng / do not report repeated ids (keeps memory constant on "
        "huge inputs)",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="tiến độ / progress on standard error (default: on a terminal, for inputs over 2 MB)",
    )
    output_options(parser, COVERAGE_FORMATS)
    parser.set_defaults(run=_coverage, parser=parser)


def percentage(text: str) -> Decimal:
    """An argparse type: a percentage from 0 to 100, as an exact `Decimal`."""
    try:
        number = Decimal(text.strip().removesuffix("%").strip().replace(",", "."))
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or not 0 <= number <= 100:
        # argparse keeps the text only: say it in the language asked for already
        words = said("coverage.fail_under", text=repr(text)).text(Parser.lang)
        raise argparse.ArgumentTypeError(words)
    return number


def _coverage(args: argparse.Namespace) -> int:
    rules = load(args.rules, catalogue=catalogue(args))
    form = chosen_format(args, COVERAGE_FORMATS)
    results = read(args, rules, duplicates=not args.allow_duplicate_ids)
    tally = Tally(rules)
    for result in progress(results, args.input, force=args.progress):
        tally.add(result)
    tell(results, args.lang)
    if not tally.records:
        return no_records(args.input, args.lang)
    found = tally.coverage()
    with text_output(args, form) as stream:
        if form == "json":
            json.dump(coverage_dict(found), stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        else:
            stream.write(render_coverage(found, args.lang, text_width(args)))
    if args.fail_under is not None and found.below(args.fail_under):
        under = said(
            "coverage.under",
            percent=_number(Decimal(percent_text(found))),
            fail_under=_number(args.fail_under),
        )
        print(f"coopeval: {under.text(args.lang)}", file=sys.stderr)
        return UNDER
    return OK


def _number(value: Decimal) -> Label:
    """A number as each language writes it (a decimal comma in Vietnamese)."""
    return Label(fmt(value, "vi"), fmt(value, "en"))
