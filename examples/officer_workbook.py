"""Write ``officer-workbook.xlsx``: the four pilots kept the way a provincial office keeps them.

Run from the repository root:  python examples/officer_workbook.py

The same cooperatives and figures as ``pilots.json``, in a sheet an officer would
recognise: a title and a subtitle, two header rows (group headings merged above
their columns), Vietnamese headers with units (triệu đồng, tỷ đồng, %, người),
Vietnamese words in the choice columns (Hợp tác xã, Sản xuất, Cấp huyện, Có),
numbers typed as text with decimal commas (1,45 tỷ; 6,5 %), self-assessed points
("Tự chấm tiêu chí 8"), a notes column no rule set reads, and a totals row.
``coopeval score examples/officer-workbook.xlsx`` gives the totals a person
computes by hand (``expected/pilots.json``: 67, 71, 76, 79).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import coopeval
from coopeval.ruleset import Catalogue

HERE = Path(__file__).parent

#: How the office writes each kind of field: its unit in the header, and the cell.
MONEY_IN_MILLIONS = {
    "revenue",
    "profit_before_tax",
    "indivisible_assets_open",
    "indivisible_assets_close",
    "indivisible_assets_prev_close",
}
MONEY_IN_BILLIONS = {"total_capital_open", "total_capital_close", "total_capital_prev_close"}
GROUPS = (
    (
        "Thông tin chung",
        ("kind", "model", "founded_on", "months_suspended", "service_type", "sector", "members"),
    ),
    ("Nhóm I – Tài chính", tuple(sorted(MONEY_IN_MILLIONS | MONEY_IN_BILLIONS))),
)


def main() -> None:
    from openpyxl import Workbook

    pilots = json.loads((HERE / "pilots.json").read_text("utf-8"), parse_float=Decimal)
    specs = _inputs()
    fields = list(
        dict.fromkeys(
            k
            for p in pilots
            for k in p
            if k not in ("id", "name", "province", "district", "self_score")
        )
    )
    grouped = {f: g for g, members in GROUPS for f in members}
    fields.sort(key=lambda f: [g for g, _ in GROUPS].index(grouped[f]) if f in grouped else 99)
    items = [i.id for i in coopeval.load("tt01-2020").ruleset.scorecard.items]
    book = Workbook()
    sheet = book.active
    sheet.title = "Đánh giá 2023"
    width = 5 + len(fields) + len(items) + 1
    sheet.append(["BÁO CÁO KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI HỢP TÁC XÃ NĂM 2023"])
    sheet.append(["Tỉnh miền núi phía Bắc (minh họa) – số liệu của bốn hợp tác xã thí điểm"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.append([])
    top: list[Any] = ["STT", "Mã HTX", "Tên hợp tác xã", "Tỉnh", "Huyện"]
    below: list[Any] = ["", "", "", "", ""]
    for field in fields:
        group = grouped.get(field)
        top.append(
            group
            if group and (len(top) == 5 or grouped.get(fields[fields.index(field) - 1]) != group)
            else ""
        )
        below.append(_header(field, specs))
    top += ["Tự chấm điểm", *[""] * (len(items) - 1), "Ghi chú"]
    below += [
        f"Tự chấm tiêu chí {int(i[1:])}" if i[1:].isdigit() else f"Tự chấm {i}" for i in items
    ]
    below.append("")
    sheet.append(top)
    sheet.append(below)
    _merge(sheet, top, row=4)
    for column, text in enumerate(top, start=1):  # ungrouped headings span both rows
        if text and below[column - 1] == "":
            sheet.merge_cells(start_row=4, start_column=column, end_row=5, end_column=column)
    sums: dict[str, Decimal] = {}
    for number, pilot in enumerate(pilots, start=1):
        row: list[Any] = [number, pilot["id"], pilot["name"], pilot["province"], pilot["district"]]
        for field in fields:
            row.append(_cell(field, pilot[field], specs) if field in pilot else None)
            if field in pilot and (field in MONEY_IN_MILLIONS or field == "members"):
                sums[field] = sums.get(field, Decimal(0)) + _scaled(field, pilot[field])
        own = pilot.get("self_score", {})
        row += [_points(pilot["id"], item, own.get(item)) for item in items]
        row.append("đã đối chiếu sổ sách" if number % 2 else "")
        sheet.append(row)
    total: list[Any] = ["", "", "Tổng cộng", "", ""]
    total += [float(sums[f]) if f in sums else None for f in fields]
    sheet.append(total)
    book.save(HERE / "officer-workbook.xlsx")


def _inputs() -> dict[str, Any]:
    specs: dict[str, Any] = {}
    for rule_id in Catalogue().ids():
        for spec in coopeval.load(rule_id).ruleset.inputs:
            specs.setdefault(spec.name, spec)
    return specs


def _header(field: str, specs: dict[str, Any]) -> str:
    spec = specs[field]
    label = spec.label.vi.rsplit(" (", 1)[0] if spec.label.vi.endswith(")") else spec.label.vi
    if field in MONEY_IN_MILLIONS:
        return f"{label} (triệu đồng)"
    if field in MONEY_IN_BILLIONS:
        return f"{label} (tỷ đồng)"
    if spec.unit == "VND":
        return f"{label} (đồng)"
    if spec.unit == "%":
        return f"{label} (%)"
    if spec.type == "int" and not spec.unit:
        return f"{label} (người)" if field.startswith("members") else label
    if spec.type == "date":
        return f"{label} (dd/mm/yyyy)"
    return label


def _scaled(field: str, value: Any) -> Decimal:
    number = Decimal(str(value))
    return number / 1_000_000 if field in MONEY_IN_MILLIONS else number


def _cell(field: str, value: Any, specs: dict[str, Any]) -> Any:
    """The cell an officer types: words for choices, Có/Không, commas, dd/mm/yyyy."""
    spec = specs[field]
    if spec.type == "enum":
        return spec.choices[value].vi if value in spec.choices else value
    if spec.type == "bool":
        return "Có" if value else "Không"
    if spec.type == "date":
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    if field in MONEY_IN_MILLIONS:
        return float(_scaled(field, value))  # a number cell, in millions
    if field in MONEY_IN_BILLIONS:
        return f"{Decimal(value) / 1_000_000_000:f}".replace(".", ",")  # text: 1,45
    if spec.unit == "VND":
        return f"{int(Decimal(value)):,}".replace(",", ".")  # text: 1.500.000.000
    if spec.unit == "%":
        return str(value).replace(".", ",")  # text: 6,5
    return int(value) if spec.type == "int" else value


def _points(record: str, item: str, points: Any) -> Any:
    """Self-assessed points; HTX-04 gave itself 1,5 on c04b (computed: 2)."""
    return "1,5" if (record, item) == ("HTX-04", "c04b") else points


def _merge(sheet: Any, top: list[Any], row: int) -> None:
    """Merge each group heading over the empty cells to its right."""
    start = None
    for column, text in enumerate([*top, "end"], start=1):
        if text and start is not None and column - 1 > start:
            sheet.merge_cells(start_row=row, start_column=start, end_row=row, end_column=column - 1)
        if text:
            start = column if text in {g for g, _ in GROUPS} or text == "Tự chấm điểm" else None


if __name__ == "__main__":
    main()
