"""Write ``money.csv`` and ``money-officer.xlsx``: the review's funding tables.

Run from the repository root:  python examples/money_tables.py

The province totals are the review's own (need 17 560 million; state 13 180 =
central 6 726 + local 6 454; allocated 1 147 = 940 + 207; disbursed reported as
269 while its parts 67 + 203 make 270; the local need given as 6 464 in the
detail table). The split per pilot and per content is illustrative: invented so
that everything else adds up, and ``coopeval money`` finds exactly those two
inconsistencies (``README-money.md``).
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).parent
HEADERS = [
    "Biểu",
    "Dòng",
    "Mã HTX",
    "Nội dung hỗ trợ",
    "Nguồn vốn",
    "Nhu cầu (triệu đồng)",
    "Phân bổ 2022 (triệu đồng)",
    "Phân bổ 2023 (triệu đồng)",
    "Phân bổ (triệu đồng)",
    "Giải ngân 2022 (triệu đồng)",
    "Giải ngân 2023 (triệu đồng)",
    "Giải ngân (triệu đồng)",
    "Phân bổ / nhu cầu (%)",
    "Giải ngân / phân bổ (%)",
]
CONTENTS = (
    "Đào tạo, bồi dưỡng nguồn nhân lực",
    "Xúc tiến thương mại",
    "Ứng dụng khoa học, công nghệ",
    "Tiếp cận vốn, quỹ hỗ trợ",
    "Hạ tầng, chế biến",
)
SOURCES = {"central": "Trung ương", "local": "Địa phương", "own": "HTX"}
#: Need per pilot, content and source (million đồng): central, local, own.
NEED = {
    "HTX-01": ((150, 150, 0), (210, 210, 0), (462, 308, 330), (100, 100, 0), (990, 1060, 950)),
    "HTX-02": ((125, 125, 0), (190, 200, 0), (378, 252, 270), (75, 75, 0), (880, 965, 855)),
    "HTX-03": ((140, 140, 0), (230, 230, 0), (428, 286, 306), (100, 100, 0), (920, 994, 886)),
    "HTX-04": (
        ("110.5", "109.5", 0),
        (280, 280, 0),
        (344, 230, 246),
        ("49.5", "50.5", 0),
        (564, 599, 537),
    ),
}
#: (pilot, content index, source) → allocated 2022, 2023; disbursed 2022, 2023 (million).
MONEY = {
    ("HTX-01", 0, "central"): (120, 60, 30, 12),
    ("HTX-01", 1, "central"): (300, 0, 0, 25),
    ("HTX-03", 4, "central"): (460, 0, 0, 0),
    ("HTX-01", 0, "local"): (40, "47.5", 40, "47.5"),
    ("HTX-03", 1, "local"): (0, "119.5", 0, "115.5"),
}
#: Table 1 as the review prints it: source, need, allocated, disbursed, the two shares.
SUMMARY = (
    ("Tổng", 17560, 1147, 269, "6.53", "23.45"),
    ("NSNN", 13180, 1147, 269, "8.70", "23.45"),  # 67 + 203 is 270
    ("Trung ương", 6726, 940, 67, "13.98", "7.13"),
    ("Địa phương", 6454, 207, 203, "3.21", "98.07"),
    ("HTX", 4380, 0, 0, "0.00", None),
)


def rows() -> list[list[object]]:
    """Every line of both tables, Table 1 first, amounts as `Decimal` or ``None``."""
    found: list[list[object]] = []
    for line, (source, need, allocated, disbursed, a_share, d_share) in enumerate(SUMMARY, 1):
        head = ["Biểu 1", line, "Tổng cộng", "", source, need, None, None, allocated]
        found.append([*head, None, None, disbursed, _d(a_share), _d(d_share)])
    totals: dict[str, list[Decimal]] = {s: [Decimal(0)] * 5 for s in SOURCES}
    line = 0
    for pilot, contents in NEED.items():
        for index, needs in enumerate(contents):
            for source, need in zip(SOURCES, needs, strict=True):
                if not need and source == "own":
                    continue
                line += 1
                money = [_d(v) for v in MONEY.get((pilot, index, source), ())]
                found.append(_detail(line, pilot, CONTENTS[index], source, _d(need), money))
                for i, value in enumerate([_d(need), *money]):
                    totals[source][i] += value or 0
    for source, sums in totals.items():
        line += 1
        money = [_whole(v) for v in sums[1:]] if any(sums[1:]) else []
        found.append(_detail(line, "Cộng", "", source, _whole(sums[0]), money))
    return found


def _detail(
    line: int,
    pilot: str,
    content: str,
    source: str,
    need: Decimal | None,
    money: list[Decimal | None],
) -> list[object]:
    if not money:
        return ["Biểu 2", line, pilot, content, SOURCES[source], need] + [None] * 8
    a22, a23, d22, d23 = money
    head = ["Biểu 2", line, pilot, content, SOURCES[source], need, a22, a23]
    return [*head, _sum(a22, a23), d22, d23, _sum(d22, d23), None, None]


def _sum(a: Decimal | None, b: Decimal | None) -> Decimal:
    return (a or Decimal(0)) + (b or Decimal(0))


def _whole(value: Decimal) -> Decimal:
    """``6726.0`` as ``6726``: a sum written as a person writes it."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def _d(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def write_csv(path: Path) -> None:
    """The tables as a plain CSV: one header row, decimal points."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADERS)
        for row in rows():
            writer.writerow(["" if v is None else v for v in row])


def write_officer_xlsx(path: Path) -> None:
    """The same tables as an officer keeps them: a title, a subtitle, decimal commas."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Kinh phí"
    sheet.append(["TỔNG HỢP NHU CẦU VÀ KINH PHÍ HỖ TRỢ CÁC HTX THÍ ĐIỂM"])
    sheet.append(["(Kèm theo báo cáo sơ kết 2 năm thực hiện QĐ 167/QĐ-TTg; đơn vị: triệu đồng)"])
    sheet.append([])
    sheet.append(HEADERS)
    for row in rows():
        sheet.append([_cell(v) for v in row])
    book.save(path)


def _cell(value: object) -> object:
    """Whole amounts as numbers, others as text with a decimal comma (``87,5``)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else f"{value}".replace(".", ",")
    return value


if __name__ == "__main__":
    write_csv(HERE / "money.csv")
    write_officer_xlsx(HERE / "money-officer.xlsx")
