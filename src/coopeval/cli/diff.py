"""The ``diff`` command: what changed between two versions of a rule set, rule by rule.

With ``--records INPUT``, also whose result the change moves and why
(`coopeval.cli.impact`).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from coopeval.cli.common import OK, catalogue, reading_options, rules_dir_option
from coopeval.cli.impact import IMPACT_FORMATS, run_impact
from coopeval.cli.output import chosen_format, file_output, output_options, text_output
from coopeval.errors import UsageError
from coopeval.formats.impact_sheet import write_changes_xlsx
from coopeval.messages import said
from coopeval.pipeline import load
from coopeval.report.diff import change_dict, ref_dict
from coopeval.ruleset.diff import diff

__all__ = ["diff_commands"]

#: The formats of the semantic diff alone; with ``--records``, `IMPACT_FORMATS`.
DIFF_FORMATS = ("text", "json", "xlsx")


def diff_commands(commands: Any) -> None:
    """Add ``diff`` to the command line."""
    parser = commands.add_parser(
        "diff",
        help="so sánh hai phiên bản bộ quy tắc / what changed between two rule sets",
        description=(
            "Những gì thay đổi giữa hai bộ quy tắc, theo từng quy tắc: mục, khung điểm, "
            "điểm tối đa, loại, điều kiện, tham số, căn cứ, tình trạng; với --records, "
            "kết quả của hợp tác xã nào thay đổi và vì sao. / What changed between two rule "
            "sets, rule by rule (not a text diff); with --records, whose result it moves "
            "and why."
        ),
    )
    parser.add_argument(
        "old",
        metavar="OLD",
        help="bộ quy tắc cũ: mã, MÃ@PHIÊN_BẢN, MÃ@NGÀY hoặc tệp / the old rule set: an id, "
        "ID@VERSION, ID@YYYY-MM-DD (the version in force that day) or a rule file",
    )
    parser.add_argument(
        "new",
        metavar="NEW",
        help="bộ quy tắc mới (như OLD) / the new rule set (as OLD)",
    )
    rules_dir_option(parser)
    parser.add_argument(
        "--lang", choices=("vi", "en"), default="vi", help="ngôn ngữ / language (default: vi)"
    )
    _record_options(parser)
    output_options(parser, IMPACT_FORMATS)
    parser.set_defaults(run=_diff, parser=parser)


def _record_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--records",
        dest="input",
        metavar="INPUT",
        help="đánh giá các bản ghi theo cả hai bộ / evaluate these records (.csv .xlsx .json "
        ".jsonl, '-' standard input) under both and report whose result moves and why",
    )
    reading_options(parser)
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="thiếu dữ liệu tính 0 / score items without evidence as 0 under both",
    )
    parser.add_argument(
        "--allow-duplicate-ids",
        action="store_true",
        help="không báo mã trùng / do not report repeated ids (constant memory on huge inputs)",
    )


def _diff(args: argparse.Namespace) -> int:
    found = catalogue(args)
    old, new = load(args.old, catalogue=found), load(args.new, catalogue=found)
    if args.input is not None:
        return run_impact(args, old, new)
    fmt = chosen_format(args, DIFF_FORMATS if args.format is None else IMPACT_FORMATS)
    if fmt not in DIFF_FORMATS:
        raise UsageError(said("impact.needs_records", format=fmt))
    changes = diff(old.ruleset, new.ruleset)
    if fmt == "xlsx":
        with file_output(args) as path:
            write_changes_xlsx(str(path), changes, args.lang)
        return OK
    names = {"old": f"{old.id} {old.version}", "new": f"{new.id} {new.version}"}
    with text_output(args, fmt) as stream:
        if fmt == "json":
            payload = {
                "old": ref_dict(old.ref),
                "new": ref_dict(new.ref),
                "changes": [change_dict(c) for c in changes],
            }
            json.dump(payload, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        elif not changes:
            same = said("diff.same", old=names["old"], new=names["new"])
            stream.write(same.text(args.lang) + "\n")
        else:
            heading = said("diff.heading", count=len(changes), old=names["old"], new=names["new"])
            stream.write(heading.text(args.lang) + "\n")
            for change in changes:
                stream.write(f"  - {change.text.text(args.lang)}\n")
    return OK
