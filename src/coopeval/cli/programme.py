"""The programme commands: ``eligible``, ``amount`` and ``targets``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from typing import IO, Any, cast

import attrs

from coopeval.cli.common import (
    OK,
    RECORD_ERRORS,
    catalogue,
    find_id,
    input_options,
    load_kind,
    read,
    rules_option,
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
from coopeval.engine import CompiledRuleSet, ProgrammeResult, evaluate_set_rules
from coopeval.formats.eligibility_workbook import write_programme_xlsx, write_set_rules_xlsx
from coopeval.formats.sinks import JsonListSink, JsonlSink, programme_csv
from coopeval.pipeline import load
from coopeval.report import explain, render, to_dict
from coopeval.report.contract import programme_fields
from coopeval.report.text import render_matrix, render_set_rules

__all__ = ["all_programmes", "programme_commands"]

Row = list[ProgrammeResult]

#: The formats each command writes; the first is the default without ``--output``.
ELIGIBLE_FORMATS = ("table", "json", "jsonl", "csv", "xlsx")
TARGETS_FORMATS = ("table", "json", "xlsx")


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
    output_options(eligible, ELIGIBLE_FORMATS)
    eligible.set_defaults(run=_eligible, parser=eligible)

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
    output_options(amount, ELIGIBLE_FORMATS)
    amount.set_defaults(run=_amount, parser=amount)

    targets = commands.add_parser(
        "targets",
        help="chỉ tiêu, hạn mức, xếp hạng / quotas, targets and rankings over a set",
        description=(
            "Xét các quy tắc trên tập hồ sơ: hạn mức thí điểm mỗi tỉnh, tỷ lệ đạt loại tốt, "
            "xếp hạng ưu tiên. / Judge set rules over all records: quotas, target shares, rankings."
        ),
    )
    _programme_options(targets)
    output_options(targets, TARGETS_FORMATS)
    targets.set_defaults(run=_targets, parser=targets)


def _programme_options(parser: argparse.ArgumentParser) -> None:
    input_options(parser)
    rules_option(parser, default=None)


def _programmes(args: argparse.Namespace, *, need: str = "root") -> list[CompiledRuleSet[Any]]:
    chosen = args.rules or ["all"]
    if "all" in chosen:
        return all_programmes(args, need=need)
    return [
        load_kind(args, rid, "eligibility") for part in chosen for rid in part.split(",") if rid
    ]


def all_programmes(args: argparse.Namespace, *, need: str = "root") -> list[CompiledRuleSet[Any]]:
    """Every programme of the catalogue that has conditions (``root``), ``amounts`` or
    ``set_rules``, in the catalogue's order."""
    found = catalogue(args)
    loaded = [load(rid, catalogue=found) for rid in found.ids()]
    programmes = [p for p in loaded if p.kind == "eligibility"]
    if need == "root":
        return [p for p in programmes if p.body.root is not None]
    if need == "amounts":
        return [p for p in programmes if p.body.amounts]
    return [p for p in programmes if p.body.set_rules]


def _records(args: argparse.Namespace, programmes: Sequence[CompiledRuleSet[Any]]) -> list[Row]:
    found = read(args, programmes, duplicates=False)
    rows = [cast("Row", row) for row in found]  # programmes only: load_kind saw to it
    tell(found, args.lang)
    return find_id(
        rows, getattr(args, "id", None), lambda row: row[0].id if row else None, args.input
    )


def _write(
    args: argparse.Namespace,
    fmt: str,
    stream: IO[str],
    items: Sequence[Any],
    form: Callable[[Any], dict[str, Any]] = to_dict,
) -> None:
    """JSON or JSONL of ``items``, with the field names of the output contract."""
    sink = JsonListSink(stream, form) if fmt == "json" else JsonlSink(stream, form)
    for item in items:
        sink.write(item)
    sink.close()


def _failed(args: argparse.Namespace, rows: Sequence[Row]) -> int:
    failed = sum(any(r.errors for r in row) for row in rows)
    tell_failed(failed, args.lang)
    return RECORD_ERRORS if failed else OK


def _eligible(args: argparse.Namespace) -> int:
    programmes = _programmes(args)

    def table(stream: IO[str], rows: Sequence[Row]) -> None:
        width = text_width(args)
        if args.explain:
            stream.write(
                "\n".join(render(explain(r, args.lang), width=width) for row in rows for r in row)
                + "\n"
            )
        stream.write(render_matrix(rows, [p.id for p in programmes], args.lang, width))

    return _each_format(args, programmes, table, to_dict)


def _amount(args: argparse.Namespace) -> int:
    programmes = _programmes(args, need="amounts")

    def table(stream: IO[str], rows: Sequence[Row]) -> None:
        width = text_width(args)
        for row in rows:
            for r in row:
                stream.write(
                    render(explain(attrs.evolve(r, conditions=()), args.lang), width=width) + "\n"
                )

    return _each_format(args, programmes, table, _amounts)


def _each_format(
    args: argparse.Namespace,
    programmes: Sequence[CompiledRuleSet[Any]],
    table: Callable[[IO[str], Sequence[Row]], None],
    form: Callable[[Any], dict[str, Any]],
) -> int:
    """Records under programmes in the format asked: a workbook, JSON, CSV, or ``table``."""
    fmt = chosen_format(args, ELIGIBLE_FORMATS)
    rows = _records(args, programmes)
    if fmt == "xlsx":
        with file_output(args) as path:
            write_programme_xlsx(str(path), programmes, rows, args.lang)
        return _failed(args, rows)
    with text_output(args, fmt) as stream:
        if fmt in ("json", "jsonl"):
            _write(args, fmt, stream, rows, form)
        elif fmt == "csv":
            sink = programme_csv(stream, programmes)
            for row in rows:
                sink.write(row)
            sink.close()
        else:
            table(stream, rows)
    return _failed(args, rows)


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
    fmt = chosen_format(args, TARGETS_FORMATS)
    rows = _records(args, programmes)
    results = [
        rule
        for index, programme in enumerate(programmes)
        for rule in evaluate_set_rules(programme, [row[index] for row in rows])
    ]
    if fmt == "xlsx":
        with file_output(args) as path:
            write_set_rules_xlsx(str(path), results, args.lang)
    else:
        with text_output(args, fmt) as stream:
            if fmt == "json":
                json.dump([to_dict(r) for r in results], stream, ensure_ascii=False, indent=2)
                stream.write("\n")
            else:
                stream.write(render_set_rules(results, args.lang, text_width(args)))
    return _failed(args, rows)
