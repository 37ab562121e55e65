"""The ``whatif`` command: what it takes for each record to reach a rating."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from typing import Any

from coopeval.cli.common import (
    OK,
    RECORD_ERRORS,
    catalogue,
    count,
    find_id,
    no_records,
    read,
    tell,
)
from coopeval.cli.output import (
    chosen_format,
    file_output,
    output_options,
    tell_failed,
    text_output,
    text_width,
)
from coopeval.cli.scorecard import record_options
from coopeval.engine import Evaluation, ProgrammeResult, whatif
from coopeval.formats import FileResults
from coopeval.formats.plans import write_plans_csv, write_plans_xlsx
from coopeval.pipeline import load
from coopeval.report.whatif import (
    eligibility_dict,
    priorities_dict,
    render_eligibility,
    render_priorities,
    render_whatif,
    whatif_dict,
)

__all__ = ["whatif_commands"]

#: The formats ``whatif`` writes; the first is the default without ``--output``.
WHATIF_FORMATS = ("text", "json", "jsonl", "csv", "xlsx")


def whatif_commands(commands: Any) -> None:
    """Add ``whatif`` to the command line."""
    parser = commands.add_parser(
        "whatif",
        help="cần gì để đạt loại tốt / what it takes to reach a rating",
        description=(
            "Với mỗi hợp tác xã dưới mức, kế hoạch ít thay đổi nhất để đạt loại mục tiêu: "
            "mục nào, số liệu nào, đến bao nhiêu, theo căn cứ nào. / For each record below "
            "the target, the plans with the fewest changes: which items, which inputs, to "
            "what value, under which article."
        ),
    )
    record_options(parser)
    parser.add_argument("--id", help="only the record with this id")
    parser.add_argument(
        "--target",
        metavar="RATING",
        help="loại mục tiêu / the rating to reach (default: the highest, tot)",
    )
    parser.add_argument(
        "--fixed",
        metavar="ITEM,...",
        default="",
        help="mục giữ nguyên / items (or inputs) a plan may not change, comma separated",
    )
    parser.add_argument(
        "--max-changes",
        type=count("--max-changes"),
        metavar="N",
        help="at most N items changed per plan",
    )
    parser.add_argument(
        "--alternatives",
        type=count("--alternatives"),
        default=1,
        metavar="K",
        help="số kế hoạch / how many plans per record, best first (default: 1)",
    )
    parser.add_argument(
        "--program",
        metavar="ID|PATH",
        help="chương trình hỗ trợ / plans to be eligible under this programme instead "
        "(the same as --rules ID of a programme)",
    )
    parser.add_argument(
        "--summary",
        action="store_true",
        help="ưu tiên của tỉnh / only the items most often in the records' best plans, with counts",
    )
    output_options(parser, WHATIF_FORMATS)
    parser.set_defaults(run=_whatif, parser=parser)


def _whatif(args: argparse.Namespace) -> int:
    rules = load(args.program or args.rules, catalogue=catalogue(args))
    fmt = chosen_format(args, WHATIF_FORMATS)
    results: FileResults[Any] = read(
        args, rules, lenient=args.lenient, duplicates=not args.allow_duplicate_ids
    )
    everything = list(results)
    chosen = find_id(everything, args.id, lambda r: r.id, args.input)
    fixed = {name.strip() for name in args.fixed.split(",") if name.strip()}
    found: list[Any] = [  # a WhatIf per record, or an EligibilityWhatIf: by the kind
        whatif(
            rules,
            result,
            target=args.target,
            fixed=fixed,
            max_changes=args.max_changes,
            alternatives=args.alternatives,
        )
        for result in chosen
        if isinstance(result, Evaluation | ProgrammeResult)
    ]
    width = text_width(args)
    scorecard = rules.kind == "scorecard"
    if found and args.summary and scorecard:
        with text_output(args, fmt) as stream:
            if fmt == "text":
                stream.write(render_priorities(found, rules, args.lang, width))
            else:
                stream.write(json.dumps(priorities_dict(found), ensure_ascii=False) + "\n")
    elif found and fmt == "xlsx":
        with file_output(args) as path:
            write_plans_xlsx(str(path), found, rules, args.lang)
    elif found and fmt == "csv":
        with text_output(args, fmt) as stream:
            write_plans_csv(stream, found)
    elif found:
        render = render_whatif if scorecard else render_eligibility
        form = whatif_dict if scorecard else eligibility_dict
        _write(args, fmt, found, form, lambda: render(found, rules, args.lang, width))
    failed = sum(w.status == "error" for w in found)
    tell(results, args.lang)
    if not everything:
        return no_records(args.input, args.lang)
    tell_failed(failed, args.lang)
    return RECORD_ERRORS if failed else OK


def _write(
    args: argparse.Namespace,
    fmt: str,
    found: Sequence[Any],
    form: Callable[[Any], dict[str, Any]],
    text: Callable[[], str],
) -> None:
    with text_output(args, fmt) as stream:
        if fmt == "json":
            json.dump([form(w) for w in found], stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        elif fmt == "jsonl":
            for w in found:
                stream.write(json.dumps(form(w), ensure_ascii=False) + "\n")
        else:
            stream.write(text())
