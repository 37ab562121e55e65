"""The programme commands: ``eligible``, ``amount`` and ``targets``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from typing import Any, TextIO, cast

import attrs

from coopeval.cli.common import (
    OK,
    RECORD_ERRORS,
    catalogue,
    date,
    find_id,
    format_option,
    input_options,
    load_kind,
    out,
    read,
    rules_dir_option,
    tell,
)
from coopeval.engine import CompiledRuleSet, ProgrammeResult, evaluate_set_rules
from coopeval.formats.sinks import JsonListSink, JsonlSink, programme_csv
from coopeval.pipeline import load
from coopeval.report import explain, render, to_dict
from coopeval.report.contract import programme_fields
from coopeval.report.text import render_matrix, render_set_rules

__all__ = ["programme_commands"]

Row = list[ProgrammeResult]


def programme_commands(commands: Any) -> None:
    """Add ``eligible``, ``amount`` and ``targets`` to the command line."""
    eligible = commands.add_parser(
        "eligible",
        help="điều kiện hưởng hỗ trợ / support eligibility matrix",
        description=(
            "Xét điều kiện hưởng từng chương trình hỗ trợ: đủ / không đủ / chưa xác định. / "
            "Judge each cooperative against each support programme: eligible / not / undetermined."
        ),
    )
    _programme_options(eligible)
    eligible.add_argument(
        "--explain",
        action="store_true",
        help="explain every cell: each condition with outcome, values and citation",
    )
    eligible.add_argument("--id", help="only the record with this id")
    format_option(eligible, ("table", "json", "jsonl", "csv"))
    eligible.set_defaults(run=_eligible)

    amount = commands.add_parser(
        "amount",
        help="tính mức hỗ trợ / compute support amounts",
        description=(
            "Tính các khoản hỗ trợ (VND) kèm công thức và tham số. / "
            "Compute support amounts in VND with the formula and the parameters used, e.g. "
            "coopeval amount INPUT --program tt124-2021 --as-of 2025-01-01"
        ),
    )
    _programme_options(amount)
    amount.add_argument("--id", help="only the record with this id")
    format_option(amount, ("table", "json", "jsonl", "csv"))
    amount.set_defaults(run=_amount)

    targets = commands.add_parser(
        "targets",
        help="chỉ tiêu, hạn mức, xếp hạng / quotas, targets and rankings over a set",
        description=(
            "Xét các quy tắc trên tập hồ sơ: hạn mức thí điểm mỗi tỉnh, tỷ lệ đạt loại tốt, "
            "xếp hạng ưu tiên. / Judge set rules over all records: quotas, target shares, rankings."
        ),
    )
    _programme_options(targets)
    format_option(targets, ("table", "json"))
    targets.set_defaults(run=_targets)


def _programme_options(parser: argparse.ArgumentParser) -> None:
    input_options(parser)
    parser.add_argument(
        "--program",
        action="append",
        metavar="ID|all",
        help="programme id or rule file, repeatable (default: all bundled programmes)",
    )
    rules_dir_option(parser)
    parser.add_argument(
        "--as-of",
        type=date,
        metavar="YYYY-MM-DD",
        help="date of the computation for records without as_of (e.g. the day a budget is made)",
    )
    parser.add_argument(
        "--output", "-o", metavar="PATH", help="write here instead of standard output"
    )


def _programmes(args: argparse.Namespace, *, need: str = "root") -> list[CompiledRuleSet[Any]]:
    chosen = args.program or ["all"]
    if "all" in chosen:
        found = catalogue(args)
        loaded = [load(rid, catalogue=found) for rid in found.ids()]
        programmes = [p for p in loaded if p.kind == "eligibility"]
        if need == "root":
            return [p for p in programmes if p.body.root is not None]
        if need == "amounts":
            return [p for p in programmes if p.body.amounts]
        return [p for p in programmes if p.body.set_rules]
    return [
        load_kind(args, rid, "eligibility") for part in chosen for rid in part.split(",") if rid
    ]


def _records(args: argparse.Namespace, programmes: Sequence[CompiledRuleSet[Any]]) -> list[Row]:
    found = read(args, programmes, as_of=args.as_of, duplicates=False)
    rows = [cast("Row", row) for row in found]  # programmes only: load_kind saw to it
    tell(found, args.lang)
    return find_id(
        rows, getattr(args, "id", None), lambda row: row[0].id if row else None, args.input
    )


def _write(
    args: argparse.Namespace,
    stream: TextIO,
    items: Sequence[Any],
    form: Callable[[Any], dict[str, Any]] = to_dict,
) -> None:
    """JSON or JSONL of ``items``, with the field names of the output contract."""
    sink = JsonListSink(stream, form) if args.format == "json" else JsonlSink(stream, form)
    for item in items:
        sink.write(item)
    sink.close()


def _failed(rows: Sequence[Row]) -> int:
    return RECORD_ERRORS if any(r.errors for row in rows for r in row) else OK


def _eligible(args: argparse.Namespace) -> int:
    programmes = _programmes(args)
    rows = _records(args, programmes)
    with out(args.output) as stream:
        if args.format in ("json", "jsonl"):
            _write(args, stream, rows)
        elif args.format == "csv":
            _csv(stream, programmes, rows)
        else:
            if args.explain:
                stream.write(
                    "\n".join(render(explain(r, args.lang)) for row in rows for r in row) + "\n"
                )
            stream.write(render_matrix(rows, [p.id for p in programmes], args.lang))
    return _failed(rows)


def _csv(stream: TextIO, programmes: Sequence[CompiledRuleSet[Any]], rows: Sequence[Row]) -> None:
    sink = programme_csv(stream, programmes)
    for row in rows:
        sink.write(row)
    sink.close()


def _amount(args: argparse.Namespace) -> int:
    programmes = _programmes(args, need="amounts")
    rows = _records(args, programmes)
    with out(args.output) as stream:
        if args.format in ("json", "jsonl"):
            _write(args, stream, rows, _amounts)
        elif args.format == "csv":
            _csv(stream, programmes, rows)
        else:
            for row in rows:
                for r in row:
                    stream.write(render(explain(attrs.evolve(r, conditions=()), args.lang)) + "\n")
    return _failed(rows)


def _amounts(row: Row) -> dict[str, Any]:
    keep = ("amounts", "amount_details", "errors")
    return {
        "id": row[0].id,
        "programs": {
            r.programme.id: {k: v for k, v in programme_fields(r).items() if k in keep} for r in row
        },
    }


def _targets(args: argparse.Namespace) -> int:
    programmes = _programmes(args, need="set_rules")
    rows = _records(args, programmes)
    results = [
        rule
        for index, programme in enumerate(programmes)
        for rule in evaluate_set_rules(programme, [row[index] for row in rows])
    ]
    with out(args.output) as stream:
        if args.format == "json":
            json.dump([to_dict(r) for r in results], stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        else:
            stream.write(render_set_rules(results, args.lang))
    return _failed(rows)
