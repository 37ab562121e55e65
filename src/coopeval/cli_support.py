"""The support commands: ``eligible``, ``amount`` and ``targets``."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
from typing import Any, TextIO

import attrs

from coopeval.batch import evaluate_programmes_file
from coopeval.bundled import bundled_rulesets, load_any, load_programme
from coopeval.cli_common import OK, RECORD_ERRORS, format_option
from coopeval.cli_common import out as _out
from coopeval.eligibility import ProgrammeResult
from coopeval.errors import CoopevalError
from coopeval.explain import message
from coopeval.loader import suggest
from coopeval.population import evaluate_set_rules
from coopeval.render import render_table
from coopeval.support_compiler import CompiledProgramme
from coopeval.support_output import (
    explain_programme,
    programme_dict,
    record_dict,
    render_set_rules,
    set_rule_dict,
)

__all__ = ["support_commands"]


def support_commands(commands: Any) -> None:
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
    parser.add_argument(
        "input", metavar="INPUT", help="records: .json, .jsonl or .csv; '-' reads standard input"
    )
    parser.add_argument(
        "--program",
        action="append",
        metavar="ID|all",
        help="programme id or rule file, repeatable (default: all bundled programmes)",
    )
    parser.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="date of the computation for records without as_of (e.g. the day a budget is made)",
    )
    parser.add_argument(
        "--input-format",
        choices=("json", "jsonl", "csv"),
        help="format of INPUT when its suffix does not tell",
    )
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="language (default: vi)")
    parser.add_argument(
        "--output", "-o", metavar="PATH", help="write here instead of standard output"
    )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"not a date YYYY-MM-DD: {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def _programmes(args: argparse.Namespace, *, need: str = "root") -> list[CompiledProgramme]:
    chosen = args.program or ["all"]
    if "all" in chosen:
        found = [load_any(rid) for rid in bundled_rulesets()]
        programmes = [p for p in found if isinstance(p, CompiledProgramme)]
        if need == "root":
            return [p for p in programmes if p.root is not None]
        if need == "amounts":
            return [p for p in programmes if p.amounts]
        return [p for p in programmes if p.set_rules]
    return [load_programme(rid) for part in chosen for rid in part.split(",") if rid]


def _records(
    args: argparse.Namespace, programmes: list[CompiledProgramme]
) -> list[list[ProgrammeResult]]:
    rows = list(
        evaluate_programmes_file(programmes, args.input, fmt=args.input_format, as_of=args.as_of)
    )
    record_id = getattr(args, "id", None)
    if record_id is not None:
        ids = [r[0].id for r in rows if r and r[0].id]
        rows = [r for r in rows if r and r[0].id == record_id]
        if not rows:
            msg = f"no record with id {record_id!r} in {args.input}{suggest(record_id, ids)}"
            raise CoopevalError(msg)
    return rows


def _eligible(args: argparse.Namespace) -> int:
    programmes = _programmes(args)
    rows = _records(args, programmes)
    with _out(args.output) as out:
        if args.format in ("json", "jsonl"):
            data = [record_dict(r) for r in rows]
            if args.format == "json":
                json.dump(data, out, ensure_ascii=False, indent=2)
                out.write("\n")
            else:
                out.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in data)
        elif args.format == "csv":
            _eligible_csv(out, programmes, rows)
        else:
            if args.explain:
                out.write(
                    "\n".join(explain_programme(r, args.lang) for row in rows for r in row) + "\n"
                )
            out.write(_matrix(programmes, rows, args.lang))
    return RECORD_ERRORS if any(r.errors for row in rows for r in row) else OK


def _matrix(
    programmes: list[CompiledProgramme], rows: list[list[ProgrammeResult]], lang: str
) -> str:
    headers = [
        message("words", "id", lang),
        message("words", "name", lang),
        *(p.id for p in programmes),
    ]
    table = []
    for row in rows:
        first = row[0]
        cells = [message("eligibility", r.outcome, lang) if r.outcome else "—" for r in row]
        if first.errors:
            cells = [c + " (!)" if r.errors else c for c, r in zip(cells, row, strict=True)]
        table.append([first.id or f"#{first.row}", dict(first.meta).get("name", ""), *cells])
    return render_table(headers, table)


def _eligible_csv(
    out: TextIO, programmes: list[CompiledProgramme], rows: list[list[ProgrammeResult]]
) -> None:
    columns = ["id", "name", "status"]
    for p in programmes:
        columns += [f"{p.id}.outcome", f"{p.id}.missing", f"{p.id}.not_met"]
        columns += [f"{p.id}.{a.id}" for a in p.amounts]
    columns += ["errors", "source.row"]
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        first = row[0]
        line: dict[str, str] = {
            "id": first.id or "",
            "name": dict(first.meta).get("name", ""),
            "status": "error" if any(r.errors for r in row) else "ok",
            "errors": " | ".join(
                f"{r.programme.id}: {e.field}={e.value!r}: {e.message}"
                for r in row
                for e in r.errors
            ),
            "source.row": "" if first.row is None else str(first.row),
        }
        for r in row:
            pid = r.programme.id
            line[f"{pid}.outcome"] = r.outcome or ""
            line[f"{pid}.missing"] = ";".join(r.missing)
            line[f"{pid}.not_met"] = ";".join(
                c.id for c in r.conditions if c.outcome == "not_met" and not c.children
            )
            line.update(
                {f"{pid}.{a.id}": "" if a.value is None else str(a.value) for a in r.amounts}
            )
        writer.writerow(line)


def _amount(args: argparse.Namespace) -> int:
    programmes = _programmes(args, need="amounts")
    rows = _records(args, programmes)
    with _out(args.output) as out:
        if args.format in ("json", "jsonl"):
            data = [
                {
                    "id": row[0].id,
                    "programs": {
                        r.programme.id: {
                            "amounts": programme_dict(r)["amounts"],
                            "amount_details": programme_dict(r)["amount_details"],
                            "errors": programme_dict(r)["errors"],
                        }
                        for r in row
                    },
                }
                for row in rows
            ]
            if args.format == "json":
                json.dump(data, out, ensure_ascii=False, indent=2)
                out.write("\n")
            else:
                out.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in data)
        elif args.format == "csv":
            _eligible_csv(out, programmes, rows)
        else:
            for row in rows:
                for r in row:
                    out.write(explain_programme(attrs.evolve(r, conditions=()), args.lang) + "\n")
    return RECORD_ERRORS if any(r.errors for row in rows for r in row) else OK


def _targets(args: argparse.Namespace) -> int:
    programmes = _programmes(args, need="set_rules")
    rows = _records(args, programmes)
    results = [
        rule
        for index, programme in enumerate(programmes)
        for rule in evaluate_set_rules(programme, [row[index] for row in rows])
    ]
    with _out(args.output) as out:
        if args.format == "json":
            json.dump([set_rule_dict(r) for r in results], out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            out.write(render_set_rules(results, args.lang))
    return RECORD_ERRORS if any(r.errors for row in rows for r in row) else OK
