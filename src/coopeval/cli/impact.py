"""``coopeval diff OLD NEW --records INPUT``: whose result a rule change moves, and why.

Every row of INPUT is evaluated under both rule sets and written out as it is
compared (text: only the records that moved or have errors), so a province's
file goes through in flat memory; the transition table and the counts end
the text, the JSON and the workbook.
"""

from __future__ import annotations

import argparse
from typing import IO, Any

from coopeval.cli.common import OK, RECORD_ERRORS, no_records, tell, tell_plan
from coopeval.cli.output import (
    chosen_format,
    file_output,
    tell_failed,
    text_output,
    text_width,
)
from coopeval.engine import CompiledRuleSet
from coopeval.engine.impact import check_same_kind
from coopeval.formats import load_header_map
from coopeval.formats.impact import (
    FileImpacts,
    impact_file,
    write_impact_csv,
    write_impact_json,
    write_impact_jsonl,
)
from coopeval.formats.impact_sheet import write_impact_xlsx
from coopeval.messages import said
from coopeval.report.impact import StateNames, render_impact, render_moved

__all__ = ["IMPACT_FORMATS", "run_impact"]

#: The formats of ``diff --records``; the first is the default without ``--output``.
IMPACT_FORMATS = ("text", "json", "jsonl", "csv", "xlsx")


def run_impact(
    args: argparse.Namespace, old: CompiledRuleSet[Any], new: CompiledRuleSet[Any]
) -> int:
    """Compare every record of ``args.input`` under ``old`` and ``new``; the exit code."""
    check_same_kind(old, new)
    fmt = chosen_format(args, IMPACT_FORMATS)
    impacts = impact_file(
        old,
        new,
        args.input,
        fmt=args.input_format,
        lenient=args.lenient,
        as_of=args.as_of,
        header_map=load_header_map(args.header_map) if args.header_map else None,
        sheet=args.sheet,
        duplicates=not args.allow_duplicate_ids,
        strict_columns=args.strict_columns,
        on_plan=lambda plan: tell_plan(plan, args.lang),
    )
    try:
        _write(args, fmt, impacts, old, new)
    finally:
        impacts.close()
    tell(impacts.results, args.lang)
    if not impacts.read:
        return no_records(args.input, args.lang)
    tell_failed(impacts.errors, args.lang)
    return RECORD_ERRORS if impacts.errors else OK


def _write(
    args: argparse.Namespace,
    fmt: str,
    impacts: FileImpacts,
    old: CompiledRuleSet[Any],
    new: CompiledRuleSet[Any],
) -> None:
    if fmt == "xlsx":
        with file_output(args) as path:
            write_impact_xlsx(str(path), impacts, old, new, args.lang)
        return
    with text_output(args, fmt) as stream:
        if fmt == "json":
            write_impact_json(stream, impacts, old, new)
        elif fmt == "jsonl":
            write_impact_jsonl(stream, impacts)
        elif fmt == "csv":
            write_impact_csv(stream, impacts, old, new, args.lang)
        else:
            _text(stream, args, impacts, old, new)


def _text(
    stream: IO[str],
    args: argparse.Namespace,
    impacts: FileImpacts,
    old: CompiledRuleSet[Any],
    new: CompiledRuleSet[Any],
) -> None:
    """The records that moved or have errors as they come, then the table and the counts."""
    names = StateNames(old, new, args.lang)
    same = (old.id, old.version) == (new.id, new.version)
    shown = (args.old, args.new) if same else (f"{old.id} {old.version}", f"{new.id} {new.version}")
    stream.write(said("impact.heading", old=shown[0], new=shown[1]).text(args.lang) + "\n")
    for found in impacts:
        if found.moved or found.status == "error":
            stream.write(render_moved(found, names))
    stream.write("\n" + render_impact(impacts, names, text_width(args)))
