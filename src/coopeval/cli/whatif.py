"""The ``whatif`` command: what it takes for each record to reach a rating."""

from __future__ import annotations

import argparse
import json
from typing import Any

from coopeval.cli.common import OK, RECORD_ERRORS, count, find_id, load_kind, no_records, read, tell
from coopeval.cli.output import chosen_format, output_options, tell_failed, text_output, text_width
from coopeval.cli.scorecard import record_options
from coopeval.engine import Evaluation, whatif
from coopeval.formats import FileResults
from coopeval.report.whatif import (
    priorities_dict,
    render_priorities,
    render_whatif,
    whatif_dict,
)

__all__ = ["whatif_commands"]

#: The formats ``whatif`` writes; the first is the default without ``--output``.
WHATIF_FORMATS = ("text", "json", "jsonl")


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
        "--summary",
        action="store_true",
        help="ưu tiên của tỉnh / only the items most often in the records' best plans, with counts",
    )
    output_options(parser, WHATIF_FORMATS)
    parser.set_defaults(run=_whatif, parser=parser)


def _whatif(args: argparse.Namespace) -> int:
    rules = load_kind(args, args.rules, "scorecard")
    fmt = chosen_format(args, WHATIF_FORMATS)
    results: FileResults[Any] = read(
        args, rules, lenient=args.lenient, duplicates=not args.allow_duplicate_ids
    )
    everything = list(results)
    chosen = find_id(everything, args.id, lambda r: r.id, args.input)
    fixed = {name.strip() for name in args.fixed.split(",") if name.strip()}
    found = [
        whatif(
            rules,
            ev,
            target=args.target,
            fixed=fixed,
            max_changes=args.max_changes,
            alternatives=args.alternatives,
        )
        for ev in chosen
        if isinstance(ev, Evaluation)
    ]
    if found and args.summary:
        with text_output(args, fmt) as stream:
            if fmt == "text":
                stream.write(render_priorities(found, rules, args.lang, text_width(args)))
            else:
                stream.write(json.dumps(priorities_dict(found), ensure_ascii=False) + "\n")
    elif found:
        with text_output(args, fmt) as stream:
            if fmt == "json":
                json.dump([whatif_dict(w) for w in found], stream, ensure_ascii=False, indent=2)
                stream.write("\n")
            elif fmt == "jsonl":
                for w in found:
                    stream.write(json.dumps(whatif_dict(w), ensure_ascii=False) + "\n")
            else:
                stream.write(render_whatif(found, rules, args.lang, text_width(args)))
    tell(results, args.lang)
    if not everything:
        return no_records(args.input, args.lang)
    failed = sum(w.status == "error" for w in found)
    tell_failed(failed, args.lang)
    return RECORD_ERRORS if failed else OK
