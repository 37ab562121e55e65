"""What-if plans as a table: CSV for programs, the "Kế hoạch" sheet for officers.

One row per step of every plan (a record with no plan has one row saying why),
so a spreadsheet can filter by item or input and count. CSV keeps the codes of
the output contract; the workbook shows labels in the chosen language, the
codes in code columns, VND as ``#,##0`` and points as ``0.00``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

from coopeval.engine import CompiledRuleSet, WhatIf
from coopeval.engine.whatif_programme import EligibilityWhatIf
from coopeval.formats.sheet_words import family_of
from coopeval.formats.xlsx import Book, Column, Number
from coopeval.report import message
from coopeval.report.scorecard import field_names, rating_label

__all__ = ["PLAN_COLUMNS", "plan_rows", "write_plans_csv", "write_plans_xlsx"]

#: The CSV columns, by their contract names.
PLAN_COLUMNS = (
    "id",
    "status",
    "target",
    "total",
    "rating",
    "plan",
    "step",
    "item",
    "input",
    "from",
    "to",
    "points_gained",
    "citation",
    "rule_status",
    "total_after",
    "rating_after",
)


def plan_rows(found: Sequence[WhatIf | EligibilityWhatIf]) -> Iterator[dict[str, Any]]:
    """One dict per step of every plan (keys: `PLAN_COLUMNS`); one for a record without a plan."""
    for w in found:
        head: dict[str, Any]
        if isinstance(w, WhatIf):
            head = {"id": w.id, "status": w.status, "target": w.target}
            head |= {"total": w.total, "rating": w.rating}
        else:
            head = {"id": w.id, "status": w.status, "target": "eligible"}
            head |= {"total": None, "rating": w.outcome}
        if not w.plans:
            yield head
            continue
        plans: Sequence[Any] = w.plans
        for number, plan in enumerate(plans, 1):
            after = (
                {"total_after": plan.total_after, "rating_after": plan.rating_after}
                if isinstance(w, WhatIf)
                else {"total_after": None, "rating_after": plan.outcome_after}
            )
            for n, step in enumerate(plan.steps, 1):
                item = getattr(step, "item", None) or getattr(step, "condition", "")
                yield (
                    head
                    | after
                    | {
                        "plan": number,
                        "step": n,
                        "item": item,
                        "input": step.input,
                        "from": step.from_,
                        "to": step.to,
                        "points_gained": getattr(step, "points_gained", None),
                        "citation": step.citation,
                        "rule_status": step.status,
                    }
                )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_plans_csv(stream: IO[str], found: Sequence[WhatIf | EligibilityWhatIf]) -> None:
    """The plans as CSV under `PLAN_COLUMNS`; values as the contract writes them."""
    writer = csv.writer(stream)
    writer.writerow(PLAN_COLUMNS)
    for row in plan_rows(found):
        writer.writerow([_text(row.get(column)) for column in PLAN_COLUMNS])


def write_plans_xlsx(
    path: str,
    found: Sequence[WhatIf | EligibilityWhatIf],
    rules: CompiledRuleSet[Any],
    lang: str,
) -> None:
    """The plans on one sheet, "Kế hoạch" ("Plans"), labels in ``lang``, codes at the right."""
    name = field_names(rules.ruleset, lang)
    units = {spec.name: spec.unit for spec in rules.ruleset.inputs}
    scorecard = rules.ruleset.scorecard if rules.kind == "scorecard" else None
    labels: dict[str, str] = (
        {item.id: item.label.get(lang) for item in scorecard.items}
        if scorecard is not None
        else {c.id: c.label.get(lang) for c in rules.ruleset.programme.conditions}
    )

    def word(section: str, key: str) -> str:
        return message(section, key, lang)

    def shown(value: Any) -> str | None:
        if value is None:
            return None
        if scorecard is not None:
            return rating_label(scorecard, str(value), lang)
        return word("eligibility", str(value)) if value else None

    def amount(value: Any, unit: str) -> Any:
        if isinstance(value, bool):
            return word("words", "yes" if value else "no")
        if isinstance(value, Decimal):
            return Number(value, family_of(unit))
        return value

    book = Book(path)
    columns = [
        Column(word("columns", "id"), 14),
        Column(word("plans", "status"), 18),
        Column(word("columns", "total"), 10),
        Column(word("columns", "rating"), 14),
        Column(word("plans", "plan"), 8),
        Column(word("plans", "item"), 40),
        Column(word("plans", "input"), 40),
        Column(word("plans", "from"), 18),
        Column(word("plans", "to"), 18),
        Column(word("plans", "points"), 10),
        Column(word("columns", "citation"), 40),
        Column(word("columns", "rule_status"), 16),
        Column(word("plans", "total_after"), 10),
        Column(word("plans", "rating_after"), 14),
        Column(word("columns", "code").format(name="status"), 12, code=True),
        Column(word("columns", "code").format(name="item"), 12, code=True),
        Column(word("columns", "code").format(name="input"), 24, code=True),
    ]
    sheet = book.sheet(word("plans", "sheet"), columns)
    try:
        for row in plan_rows(found):
            item, field = row.get("item"), row.get("input")
            unit = units.get(field or "", "")
            total = row.get("total")
            after = row.get("total_after")
            sheet.append(
                [
                    row["id"],
                    word("plan_status", str(row["status"])),
                    None if total is None else Number(total, "points"),
                    shown(row.get("rating")),
                    row.get("plan"),
                    f"{item} {labels.get(item, '')}".strip() if item else None,
                    name(field) if field else None,
                    amount(row.get("from"), unit),
                    amount(row.get("to"), unit),
                    None
                    if row.get("points_gained") is None
                    else Number(row["points_gained"], "points"),
                    row.get("citation"),
                    None if not row.get("rule_status") else word("rule_status", row["rule_status"]),
                    None if after is None else Number(after, "points"),
                    shown(row.get("rating_after")),
                    row["status"],
                    item,
                    field,
                ]
            )
    except BaseException:
        book.discard()
        raise
    book.close()
