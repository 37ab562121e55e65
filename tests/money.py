"""What the money tests share: the shipped checks, the review's tables, a consistent copy.

The review's figures (context.md; examples/money_tables.py) in millions: need
17 560 = state 13 180 (central 6 726 + local 6 454) + own 4 380; allocated
1 147 = 940 + 207; disbursed reported as 269 on the state line while its parts
are 67 + 203 = 270; the detail table's local lines add up to 6 464, its "Cộng"
line says 6 464, and Biểu 1 says 6 454.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from coopeval.ruleset.money import MoneyChecks, load_money_checks

ROOT = Path(__file__).resolve().parents[1]
CHECKS_DIR = ROOT / "rules" / "qd167-2021-money"
MONEY_CSV = ROOT / "examples" / "money.csv"
MONEY_XLSX = ROOT / "examples" / "money-officer.xlsx"
MILLION = Decimal(1_000_000)


def shipped_checks() -> MoneyChecks:
    """The bundled checks file."""
    return load_money_checks(CHECKS_DIR)


def example_rows() -> list[list[str]]:
    """The example CSV's rows, header first."""
    with MONEY_CSV.open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    """Write ``rows`` as a CSV file at ``path``."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def consistent_rows() -> list[list[str]]:
    """The example with its two slips corrected by hand, so that every check holds.

    Disbursed is 67 + 203 = 270 on Biểu 1's total and state lines (and 270 / 1 147
    is 23.54 %); HTX-02's local need for trade promotion is 190 (not 200), so the
    detail's local lines and its "Cộng" line say 6 454, as Biểu 1 does.
    """
    rows = example_rows()
    header = rows[0]
    column = {name: header.index(name) for name in header}
    for row in rows[1:]:
        table, line = row[column["Biểu"]], row[column["Dòng"]]
        if table == "Biểu 1" and line in ("1", "2"):
            row[column["Giải ngân (triệu đồng)"]] = "270"
            row[column["Giải ngân / phân bổ (%)"]] = "23.54"
        if table == "Biểu 2" and line == "16":
            row[column["Nhu cầu (triệu đồng)"]] = "190"
        if table == "Biểu 2" and line == "50":
            row[column["Nhu cầu (triệu đồng)"]] = "6454"
    return rows
