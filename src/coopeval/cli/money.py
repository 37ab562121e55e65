"""The ``money`` command: shares of plan and consistency findings of support-plan tables.

Exit codes: 0 every check holds; 1 some figure does not add up (the report is
written whole either way); 2 a usage, file or checks-file error.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from coopeval.cli.common import OK, sheet_options, tell_plan
from coopeval.cli.output import chosen_format, file_output, output_options, text_output, text_width
from coopeval.engine.money import check_money
from coopeval.formats.headers import load_header_map
from coopeval.formats.money_sheet import write_money_xlsx
from coopeval.formats.support_plans import read_support_plan
from coopeval.messages import said
from coopeval.report.money import money_dict, money_rows, render_money
from coopeval.ruleset.catalogue import rules_dir
from coopeval.ruleset.money import load_money_checks

__all__ = ["MONEY_FORMATS", "money_commands"]

MONEY_FORMATS = ("text", "json", "csv", "xlsx")
#: The exit code when a check finds a figure that does not add up.
INCONSISTENT = 1
#: The checks file used when ``--checks`` is not given.
DEFAULT_CHECKS = rules_dir() / "qd167-2021-money"


def money_commands(commands: Any) -> None:
    """Add ``money`` to the command line."""
    parser = commands.add_parser(
        "money",
        help="kinh phí hỗ trợ: tỷ lệ so với kế hoạch và kiểm tra số liệu / support funding: "
        "shares of plan and consistency checks",
        description=(
            "Tỷ lệ phân bổ, giải ngân so với nhu cầu theo HTX, nội dung và nguồn vốn (đồng, "
            "chính xác), rồi các số liệu không khớp (cộng các phần, tính lại tỷ lệ, cùng số liệu "
            "ở hai biểu), mỗi lỗi chỉ rõ biểu, dòng, cột. / The shares of plan allocated and "
            "disbursed per cooperative, content and budget source (exact VND), then every figure "
            "that does not add up (parts and totals, shares recomputed, the same figure in two "
            "tables), each located by table, line and column."
        ),
        epilog=(
            "Mã thoát / exit codes: 0 mọi kiểm tra đều khớp / every check holds; 1 có số liệu "
            "không khớp / some figure does not add up; 2 lỗi lệnh, tệp hoặc tệp kiểm tra / usage, "
            "file or checks-file error."
        ),
    )
    parser.add_argument(
        "input",
        metavar="INPUT",
        help="bảng kinh phí / support-plan table: .csv, .xlsx or .json; '-' reads standard input",
    )
    parser.add_argument(
        "--checks",
        metavar="FILE",
        default=str(DEFAULT_CHECKS),
        help="tệp kiểm tra / the checks file (.toml, or a folder holding checks.toml; default: "
        "rules/qd167-2021-money)",
    )
    sheet_options(parser)
    parser.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help="ngôn ngữ / language of labels and messages (default: vi)",
    )
    output_options(parser, MONEY_FORMATS)
    parser.set_defaults(run=_money, parser=parser)


def _money(args: argparse.Namespace) -> int:
    form = chosen_format(args, MONEY_FORMATS)
    checks = load_money_checks(args.checks)
    table = read_support_plan(
        args.input,
        checks,
        fmt=args.input_format,
        header_map=load_header_map(args.header_map) if args.header_map else None,
        sheet=args.sheet,
        on_plan=lambda plan: tell_plan(plan, args.lang),
    )
    report = check_money(checks, table)
    if form == "xlsx":
        with file_output(args) as path:
            write_money_xlsx(str(path), report, args.lang)
    else:
        with text_output(args, form) as stream:
            if form == "json":
                json.dump(money_dict(report), stream, ensure_ascii=False, indent=2)
                stream.write("\n")
            elif form == "csv":
                csv.writer(stream, lineterminator="\n").writerows(money_rows(report, args.lang))
            else:
                stream.write(render_money(report, args.lang, text_width(args)))
    if report.findings:
        words = said("money.inconsistent", count=len(report.findings))
        print(f"coopeval: {words.text(args.lang)}", file=sys.stderr)
        return INCONSISTENT
    return OK
