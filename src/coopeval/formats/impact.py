"""The impact of a rule change on a file of records, read and written as it goes.

`impact_file` reads a file once (CSV, XLSX as officers keep them, JSON,
JSONL: the readers of `batch`, so a spreadsheet's title rows, headers with
units, decimal commas and totals row are read as for ``coopeval score``),
evaluates every row under both rule sets and compares the two results; a row
that cannot be read, or has errors, stays a row. The writers take the
impacts one at a time: CSV (one row per record), JSON (one document whose
``records`` list is written record by record) and JSONL, nothing per record
kept but the counts and the transition table.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from collections.abc import Iterable, Mapping
from typing import IO, Any

from coopeval.engine import CompiledRuleSet
from coopeval.engine.impact import Impact, Impacts, check_same_kind
from coopeval.formats.batch import FileResults, OnPlan, evaluate_file
from coopeval.formats.headers import Entry
from coopeval.formats.plan import ColumnPlan
from coopeval.formats.rows import Format, Skipped
from coopeval.report.impact import (
    StateNames,
    cause_text,
    counts_dict,
    head_dict,
    impact_dict,
    transition_dict,
)
from coopeval.report.scorecard import issue_text
from coopeval.ruleset.diff import diff

__all__ = [
    "FileImpacts",
    "impact_csv_header",
    "impact_csv_row",
    "impact_file",
    "write_impact_csv",
    "write_impact_json",
    "write_impact_jsonl",
]


class FileImpacts(Impacts):
    """The impacts of a file's rows, with the file's column plan and skipped rows."""

    def __init__(
        self, results: FileResults[Any], old: CompiledRuleSet[Any], new: CompiledRuleSet[Any]
    ) -> None:
        super().__init__(results, diff(old.ruleset, new.ruleset))
        self.results = results

    @property
    def plan(self) -> ColumnPlan | None:
        return self.results.plan

    @property
    def skipped(self) -> list[Skipped]:
        return self.results.skipped


def impact_file(
    old: CompiledRuleSet[Any],
    new: CompiledRuleSet[Any],
    path: str | os.PathLike[str],
    *,
    fmt: Format | None = None,
    lenient: bool = False,
    as_of: dt.date | None = None,
    header_map: Mapping[str, Entry] | None = None,
    sheet: str | None = None,
    duplicates: bool = True,
    strict_columns: bool = False,
    on_plan: OnPlan | None = None,
) -> FileImpacts:
    """Every data row of ``path`` under ``old`` and ``new``, compared, as it is read.

    The options are `evaluate_file`'s. One `Impact` per data row, in order,
    whatever happens (an unreadable row is an impact with errors).

    Raises:
        UsageError: ``old`` and ``new`` are not of the same kind.
        RecordError: the file as a whole cannot be read.

    .. versionadded:: 0.13
    """
    check_same_kind(old, new)
    results = evaluate_file(
        [old, new],
        path,
        fmt=fmt,
        lenient=lenient,
        as_of=as_of,
        header_map=header_map,
        sheet=sheet,
        duplicates=duplicates,
        strict_columns=strict_columns,
        on_plan=on_plan,
    )
    return FileImpacts(results, old, new)


def write_impact_jsonl(stream: IO[str], impacts: Iterable[Impact]) -> None:
    """One JSON object per record (`coopeval.report.impact.impact_dict`)."""
    for found in impacts:
        stream.write(json.dumps(impact_dict(found), ensure_ascii=False) + "\n")


def write_impact_json(
    stream: IO[str], impacts: Impacts, old: CompiledRuleSet[Any], new: CompiledRuleSet[Any]
) -> None:
    """One JSON document: the rule sets, ``changes``, ``records`` (written one by one),
    ``transitions`` and ``counts``."""
    head = json.dumps(head_dict(old, new, impacts), ensure_ascii=False, indent=2)
    stream.write(head[:-2] + ',\n  "records": [')
    first = True
    for found in impacts:
        text = json.dumps(impact_dict(found), ensure_ascii=False)
        stream.write(("\n    " if first else ",\n    ") + text)
        first = False
    transitions = [transition_dict(t) for t in impacts.transitions]
    stream.write(("\n  ],\n" if not first else "],\n") + '  "transitions": ')
    stream.write(json.dumps(transitions, ensure_ascii=False))
    stream.write(',\n  "counts": ' + json.dumps(counts_dict(impacts)) + "\n}\n")


def impact_csv_header(old: CompiledRuleSet[Any], new: CompiledRuleSet[Any]) -> list[str]:
    """The CSV columns: the contract's names (``old_total``, ``amount.<id>.old``, ...)."""
    if new.kind == "scorecard":
        middle = ["old_total", "new_total", "delta", "old_rating", "new_rating"]
    else:
        middle = ["old_outcome", "new_outcome"]
        for aid in _amount_ids(old, new):
            middle += [f"amount.{aid}.old", f"amount.{aid}.new", f"amount.{aid}.delta"]
    return ["id", "status", *middle, "moved", "causes", "cause_codes", "errors"]


def impact_csv_row(found: Impact, amount_ids: list[str], names: StateNames) -> list[str]:
    """One record's CSV row, under `impact_csv_header`; causes and errors in ``names.lang``."""
    a, b = found.old, found.new
    if found.kind == "scorecard":
        middle = [_text(a.total), _text(b.total), _text(found.delta), a.state, b.state]
    else:
        middle = [a.state, b.state]
        before, after, deltas = dict(a.amounts), dict(b.amounts), dict(found.amount_deltas)
        for aid in amount_ids:
            middle += [_text(before.get(aid)), _text(after.get(aid)), _text(deltas.get(aid))]
    lang = names.lang
    causes = "; ".join(cause_text(c, lang, names) for c in found.causes)
    codes = " ".join(f"{c.rule}:{c.kind}" for c in found.causes)
    errors = "; ".join(
        dict.fromkeys(issue_text(e, lang, found.row) for side in (a, b) for e in side.errors)
    )
    moved = "true" if found.moved else "false"
    return [found.id or "", found.status, *middle, moved, causes, codes, errors]


def write_impact_csv(
    stream: IO[str],
    impacts: Iterable[Impact],
    old: CompiledRuleSet[Any],
    new: CompiledRuleSet[Any],
    lang: str,
) -> None:
    """One CSV row per record, as it comes."""
    writer = csv.writer(stream)
    writer.writerow(impact_csv_header(old, new))
    names = StateNames(old, new, lang)
    amount_ids = _amount_ids(old, new)
    for found in impacts:
        writer.writerow(impact_csv_row(found, amount_ids, names))


def _amount_ids(old: CompiledRuleSet[Any], new: CompiledRuleSet[Any]) -> list[str]:
    """The amounts of both programmes, the new one's first (none for scorecards)."""
    if new.kind != "eligibility":
        return []
    ids = [a.id for rules in (new, old) for a in rules.ruleset.programme.amounts]
    return list(dict.fromkeys(ids))


def _text(value: Any) -> str:
    return "" if value is None else str(value)
