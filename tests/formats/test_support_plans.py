"""read_support_plan: officers' workbooks, JSON and CSV read to the same lines, in đồng."""

# The style guide (STYLE.md section 11) wants `expected == actual`; SIM300 wants the
# reverse. The guide wins in tests.

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from coopeval.engine.money import check_money
from coopeval.errors import RecordError, UsageError
from coopeval.formats.support_plans import read_support_plan
from tests.money import MILLION, MONEY_CSV, MONEY_XLSX, example_rows, shipped_checks

CHECKS = shipped_checks()


def _officer_workbook(path: Path) -> Path:
    """The example's figures as an office keeps them, written here, not by the code under test:
    two title rows and a blank one, "(triệu đồng)" headers, amounts with a decimal comma as
    text ("87,5"), the detail's "Cộng" lines, and a grand-total row "Tổng cộng" at the end."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["TỔNG HỢP KINH PHÍ HỖ TRỢ HTX THÍ ĐIỂM"])
    sheet.append(["Đơn vị tính: triệu đồng"])
    sheet.append([])
    header, *rows = example_rows()
    sheet.append(header)
    for row in rows:
        sheet.append([cell.replace(".", ",") for cell in row])
    sheet.append(["Biểu 2", "Tổng cộng", "", "", "Tổng", "17570"])
    book.save(path)
    return path


def _findings(path: Path) -> list[tuple[str, str, str, str, Decimal, Decimal]]:
    report = check_money(CHECKS, read_support_plan(str(path), CHECKS))
    return [(f.check, f.table, f.line, f.column, f.expected, f.found) for f in report.findings]


class TestReadSupportPlan:
    def test_amounts_in_millions_are_read_in_dong(self) -> None:
        """Biểu 2 line 2: 87.5 million allocated to HTX-01's training from the local budget."""
        table = read_support_plan(str(MONEY_CSV), CHECKS)
        line = next(ln for ln in table.lines if (ln.table, ln.line) == ("bieu-2", "2"))

        assert ("HTX-01", "local") == (line.cooperative, line.source)
        assert Decimal("87500000") == line.figures["allocated"]
        assert Decimal(40) * MILLION == line.figures["allocated_2022"]

    def test_total_lines_leave_the_cooperative_and_content_open(self) -> None:
        """ "Tổng cộng" and "Cộng" in the cooperative column mean the whole province."""
        table = read_support_plan(str(MONEY_CSV), CHECKS)
        totals = [(ln.table, ln.line) for ln in table.lines if ln.cooperative is None]

        assert [("bieu-1", str(n)) for n in range(1, 6)] + [
            ("bieu-2", "49"),
            ("bieu-2", "50"),
            ("bieu-2", "51"),
        ] == totals

    def test_an_officer_workbook_gives_the_same_findings(self, tmp_path: Path) -> None:
        """Titles, decimal commas, a totals row: the same two findings, at the same lines and
        columns, as the plain CSV; the totals row is skipped and said."""
        workbook = _officer_workbook(tmp_path / "office.xlsx")
        table = read_support_plan(str(workbook), CHECKS)

        assert _findings(MONEY_CSV) == _findings(workbook)
        # three rows above the header (row 4), then the CSV's rows after its header
        assert ((4 + len(example_rows()), "Tổng cộng"),) == table.skipped

    def test_the_shipped_officer_workbook_gives_the_same_findings(self) -> None:
        """examples/money-officer.xlsx holds the CSV's figures: the same findings."""
        assert _findings(MONEY_CSV) == _findings(MONEY_XLSX)

    def test_json_lines_by_field_name(self, tmp_path: Path) -> None:
        """A JSON list of objects with the fields' names, amounts in đồng."""
        path = tmp_path / "plan.json"
        lines = [
            {"table": "Biểu 1", "line": 1, "source": "NSNN", "need": 300},
            {"table": "Biểu 1", "line": 2, "source": "NSTW", "need": 100},
            {"table": "Biểu 1", "line": 3, "source": "NSĐP", "need": 150},
        ]
        path.write_text(json.dumps(lines), encoding="utf-8")

        report = check_money(CHECKS, read_support_plan(str(path), CHECKS))

        assert [("1", Decimal(250), Decimal(300))] == [
            (f.line, f.expected, f.found) for f in report.findings
        ]

    def test_a_source_not_declared_names_row_and_column(self, tmp_path: Path) -> None:
        """ "Ngân hàng" is no declared source: the row, the column, the value and the choices."""
        rows = example_rows()
        rows[3][4] = "Ngân hàng"
        path = tmp_path / "bad.csv"
        path.write_text("\n".join(",".join(f'"{c}"' for c in r) for r in rows), encoding="utf-8")

        with pytest.raises(
            RecordError, match=r"row 4, column E \(Nguồn vốn\).*'Ngân hàng'.*central"
        ):
            read_support_plan(str(path), CHECKS)

    def test_a_cell_that_is_not_a_number(self, tmp_path: Path) -> None:
        """ "nhiều" in a need column: the row, the column and the text."""
        rows = example_rows()
        rows[2][5] = "nhiều"
        path = tmp_path / "bad.csv"
        path.write_text("\n".join(",".join(f'"{c}"' for c in r) for r in rows), encoding="utf-8")

        with pytest.raises(
            RecordError, match=r"row 3, column F \(Nhu cầu \(triệu đồng\)\).*'nhiều'"
        ):
            read_support_plan(str(path), CHECKS)

    def test_a_percentage_unit_on_an_amount_stops_the_run(self, tmp_path: Path) -> None:
        """ "Nhu cầu (%)": a unit that does not fit an amount in đồng."""
        rows = example_rows()
        rows[0][5] = "Nhu cầu (%)"
        path = tmp_path / "bad.csv"
        path.write_text("\n".join(",".join(f'"{c}"' for c in r) for r in rows), encoding="utf-8")

        with pytest.raises(UsageError, match="Nhu cầu"):
            read_support_plan(str(path), CHECKS)
