"""The ``diff`` command: what changed between two versions of a rule set, rule by rule."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from typing import Any

from coopeval.cli.common import OK, catalogue, rules_dir_option
from coopeval.cli.output import chosen_format, output_options, text_output
from coopeval.messages import said
from coopeval.pipeline import load
from coopeval.ruleset.diff import Change, diff

__all__ = ["diff_commands"]

DIFF_FORMATS = ("text", "json")


def diff_commands(commands: Any) -> None:
    """Add ``diff`` to the command line."""
    parser = commands.add_parser(
        "diff",
        help="so sánh hai phiên bản bộ quy tắc / what changed between two rule sets",
        description=(
            "Những gì thay đổi giữa hai bộ quy tắc, theo từng quy tắc: mục, khung điểm, "
            "điểm tối đa, loại, điều kiện, tham số, căn cứ, tình trạng. / What changed "
            "between two rule sets, rule by rule (not a text diff)."
        ),
    )
    parser.add_argument("old", metavar="OLD", help="rule-set id or rule file (the old one)")
    parser.add_argument("new", metavar="NEW", help="rule-set id or rule file (the new one)")
    rules_dir_option(parser)
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="language")
    output_options(parser, DIFF_FORMATS)
    parser.set_defaults(run=_diff, parser=parser)


def _value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    return value


def change_dict(change: Change) -> dict[str, Any]:
    """One change as the output contract has it."""
    return {
        "kind": change.kind,
        "rule": change.rule,
        "path": change.path,
        "old": _value(change.old),
        "new": _value(change.new),
        "vi": change.text.text("vi"),
        "en": change.text.text("en"),
    }


def _diff(args: argparse.Namespace) -> int:
    found = catalogue(args)
    old, new = load(args.old, catalogue=found), load(args.new, catalogue=found)
    changes = diff(old.ruleset, new.ruleset)
    fmt = chosen_format(args, DIFF_FORMATS)
    names = {
        "old": f"{old.id} {old.version}",
        "new": f"{new.id} {new.version}",
    }
    with text_output(args, fmt) as stream:
        if fmt == "json":
            payload = {
                "old": {"id": old.id, "version": old.version, "sha256": old.sha256},
                "new": {"id": new.id, "version": new.version, "sha256": new.sha256},
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
