"""Tests for `coopeval.formats.workbook` and `coopeval.formats.xlsx`: officer-ready workbooks.

Read back with openpyxl in every run: labels (not codes) in every sheet, the
codes in their code columns, number formats per column, a bold frozen header
with a filter and widths, errors in Vietnamese or English; the eligibility
workbook has a sheet per programme. Where LibreOffice is installed, it opens
the results workbook headless and converts it to CSV. The labels expected are
the rule file's (``rules/tt01-2020/ruleset.toml``) and ``messages.toml``'s.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

import coopeval
from coopeval.engine.results import ProgrammeResult
from coopeval.formats import evaluate_file, xlsx
from coopeval.formats.sinks import ProgrammeXlsxSink, XlsxSink, xlsx_rows
from coopeval.report import Summariser

ROOT = Path(__file__).resolve().parents[2]
PILOTS = ROOT / "examples" / "pilots.csv"
WITH_ERRORS = ROOT / "examples" / "pilots-with-errors.csv"
TT01 = coopeval.load("tt01-2020")

#: Every code a result carries that has a label: statuses, sources, rule statuses,
#: ratings and class values of tt01-2020. None may show outside a code column.
CODES = {
    *("ok", "not_rated", "error", "computed", "self_assessed", "missing", "lenient_zero"),
    *("confirmed", "provisional", "unconfirmed", "tot", "kha", "trung_binh", "yeu"),
    *("san_xuat", "hon_hop", "sieu_nho", "nho", "vua", "lon", "range", "self_score"),
}


def _workbook(tmp_path: Path, source: Path, lang: str = "vi", *, text: bool = False) -> Path:
    """Score ``source`` into a workbook; ``text``: through the rows' text, as workers make it."""
    folder = tmp_path / f"{lang}-{text}"
    folder.mkdir(exist_ok=True)
    out = folder / "out.xlsx"
    sink = XlsxSink(str(out), TT01, lang, Summariser(None, TT01.ruleset.scorecard))
    rows = xlsx_rows([TT01], lang=lang)
    for ev in evaluate_file(TT01, source):
        if text:
            sink.write_text(rows.text(ev))
        else:
            sink.write(ev)
    sink.columns(["cột không dùng: G (model)"], "pilots.csv")
    sink.close()
    return out


def _table(sheet: Worksheet) -> tuple[list[str], list[dict[str, Any]]]:
    """The header and the rows of a sheet's first table, as header → cell."""
    rows = list(sheet.iter_rows())
    head = [str(c.value) for c in rows[0]]
    found = []
    for row in rows[1:]:
        if all(c.value is None for c in row):
            break
        found.append(dict(zip(head, row, strict=False)))
    return head, found


def _shown(sheet: Worksheet) -> Iterator[Any]:
    """The values of every cell outside the code columns."""
    head = [str(c.value or "") for c in next(sheet.iter_rows())]
    for row in sheet.iter_rows(min_row=2):
        for name, cell in zip(head, row, strict=False):
            if not name.startswith(("mã: ", "code: ")):
                yield cell.value


class TestScorecardWorkbook:
    @pytest.mark.parametrize("lang", ["vi", "en"])
    def test_no_code_outside_code_columns(self, lang: str, tmp_path: Path) -> None:
        """No sheet shows a status, source, rule status, rating or class code but as a code."""
        book = load_workbook(_workbook(tmp_path, WITH_ERRORS, lang))

        shown = {value for sheet in book.worksheets for value in _shown(sheet)}

        assert set() == shown & CODES

    def test_labels_and_codes_of_the_results(self, tmp_path: Path) -> None:
        """HTX-02 shows "Khá" and "Hợp tác xã hỗn hợp", its codes kha and hon_hop beside them."""
        book = load_workbook(_workbook(tmp_path, PILOTS))
        _, rows = _table(book["Kết quả"])
        row = next(r for r in rows if r["Mã"].value == "HTX-02")

        assert ("Đã chấm điểm", "ok") == (row["Trạng thái"].value, row["mã: status"].value)
        assert ("Khá", "kha") == (row["Xếp loại"].value, row["mã: rating"].value)
        assert ("Hợp tác xã hỗn hợp", "hon_hop") == (
            row["Theo loại hình cung ứng"].value,
            row["mã: classification.service_type"].value,
        )

    def test_english_labels(self, tmp_path: Path) -> None:
        """With lang en, sheet names, headers, rating and sources are English."""
        book = load_workbook(_workbook(tmp_path, PILOTS, "en"))
        _, results = _table(book["Results"])
        _, lines = _table(book["Explanation"])

        assert ["Results", "Explanation", "Errors", "Summary"] == book.sheetnames
        assert {"Fair"} == {r["Rating"].value for r in results}
        assert {"computed"} == {r["code: source"].value for r in lines}
        assert {"Provisional"} == {r["Rule status"].value for r in lines}

    def test_number_formats(self, tmp_path: Path) -> None:
        """VND #,##0, points 0.00, a percentage as its fraction with 0.00%; numbers as numbers."""
        book = load_workbook(_workbook(tmp_path, PILOTS))
        _, results = _table(book["Kết quả"])
        _, lines = _table(book["Giải thích"])
        first = next(r for r in lines if (r["Mã"].value, r["Mục"].value) == ("HTX-01", "c01a"))
        share = next(r for r in lines if (r["Mã"].value, r["Mục"].value) == ("HTX-01", "c03b"))
        total = results[0]["Tổng điểm"]

        # c01a: (1.450.000.000 + 1.710.000.000) / 2 from pilots.csv; c03b: 60 %, 2 places.
        measure = first["Giá trị đo"]
        assert (1_580_000_000, "#,##0") == (measure.value, measure.number_format)
        assert ("#,##0", "#,##0") == (
            first["Khung từ"].number_format,
            first["Khung đến (không gồm)"].number_format,
        )
        assert (Decimal("0.6"), "0.00%") == (
            Decimal(str(share["Giá trị đo"].value)),
            share["Giá trị đo"].number_format,
        )
        assert (67, "0.00", "n") == (total.value, total.number_format, total.data_type)
        assert {"0.00"} == {r["Điểm"].number_format for r in lines}

    def test_header_frozen_bold_filtered_and_wide(self, tmp_path: Path) -> None:
        """Every sheet: bold header frozen above row 2, a filter over its table, widths set."""
        book = load_workbook(_workbook(tmp_path, WITH_ERRORS))

        for sheet in book.worksheets:
            head, rows = _table(sheet)
            last = xlsx.column_letter(len(head))
            assert "A2" == sheet.freeze_panes
            assert f"A1:{last}{len(rows) + 1}" == sheet.auto_filter.ref
            assert all(c.font.b for c in next(sheet.iter_rows()))
            widths = [sheet.column_dimensions[xlsx.column_letter(n)].width for n in range(1, 6)]
            assert all(w is not None and w >= 7 for w in widths)
        citation = book["Giải thích"].column_dimensions["L"]
        assert citation.width >= 40

    def test_errors_in_vietnamese_and_english(self, tmp_path: Path) -> None:
        """HTX-05's 150 % is "ngoài khoảng cho phép" in Vietnamese, the engine's in English."""
        vi = load_workbook(_workbook(tmp_path, WITH_ERRORS, "vi"))
        en = load_workbook(_workbook(tmp_path, WITH_ERRORS, "en"))
        _, vi_rows = _table(vi["Lỗi"])
        _, en_rows = _table(en["Errors"])
        vi_row = next(r for r in vi_rows if r["Mã"].value == "HTX-05")
        en_row = next(r for r in en_rows if r["ID"].value == "HTX-05")

        assert ("ngoài khoảng cho phép", "range", "150") == (
            vi_row["Lỗi"].value,
            vi_row["mã: code"].value,
            vi_row["Giá trị"].value,
        )
        assert "above the highest allowed value 100" == en_row["Problem"].value
        assert ("0…100", 6) == (en_row["Allowed"].value, en_row["Row"].value)

    def test_summary_labels_and_share_format(self, tmp_path: Path) -> None:
        """The summary counts ratings by label ("Khá": 4), codes beside, shares in 0.0%."""
        book = load_workbook(_workbook(tmp_path, PILOTS))
        _, rows = _table(book["Tổng hợp"])
        kha = next(r for r in rows if r["mã: key"].value == "kha")
        shares = [r for r in rows if r["Số lượng"].number_format == "0.0%"]

        assert ("Khá", 4) == (kha["Loại"].value, kha["Số lượng"].value)
        # 0 of 4 rated tốt; 4 of 4 tốt or khá (examples/expected/pilots.json).
        assert [0, 1] == [r["Số lượng"].value for r in shares]

    def test_rows_as_text_make_the_same_workbook(self, tmp_path: Path) -> None:
        """Rows made as text (as a worker makes them) give the workbook `write` gives."""
        direct = _workbook(tmp_path, WITH_ERRORS)
        made = _workbook(tmp_path, WITH_ERRORS, text=True)

        def cells(path: Path) -> list[list[Any]]:
            book = load_workbook(path)
            return [  # the summary names the file written: the same name in both
                [str(c.value).replace(str(path), "OUT") for c in row]
                for sheet in book.worksheets
                for row in sheet.iter_rows()
            ]

        assert cells(direct) == cells(made)

    def test_one_explanation_row_per_item(self, tmp_path: Path) -> None:
        """23 explanation rows per scored cooperative (the 23 items of tt01-2020), in order."""
        book = load_workbook(_workbook(tmp_path, PILOTS))
        _, lines = _table(book["Giải thích"])

        assert 4 * 23 == len(lines)
        assert ["c01a", "c01b"] == [r["Mục"].value for r in lines[:2]]


#: LibreOffice's CSV filter with comma, double quote and UTF-8 (76); its default is Latin-1.
_UTF8_CSV = "csv:Text - txt - csv (StarCalc):44,34,76"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
class TestLibreOffice:
    def test_results_open_in_libreoffice(self, tmp_path: Path) -> None:
        """LibreOffice converts the results sheet to CSV: ids, "Khá", totals in their format."""
        book = _workbook(tmp_path, PILOTS)
        convert = ["soffice", "--headless", "--convert-to", _UTF8_CSV, "--outdir", str(tmp_path)]
        subprocess.run(
            [*convert, str(book)],
            check=True,
            capture_output=True,
            timeout=180,
            env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        )
        with (tmp_path / f"{book.stem}.csv").open(encoding="utf-8", errors="replace") as f:
            rows = list(csv.reader(f))
        head = rows[0]

        assert ["HTX-01", "HTX-02", "HTX-03", "HTX-04"] == [r[0] for r in rows[1:]]
        assert {"Khá"} == {r[head.index("Xếp loại")] for r in rows[1:]}
        # LibreOffice writes cells as shown: the points format 0.00 applied
        assert ["67.00", "71.00", "76.00", "79.00"] == [
            r[head.index("Tổng điểm")] for r in rows[1:]
        ]


class TestProgrammeWorkbook:
    def test_a_sheet_per_programme(self, tmp_path: Path) -> None:
        """An overview, one sheet per programme and the errors, outcomes by label beside codes."""
        programmes = [coopeval.load("nd45-2021"), coopeval.load("tt124-2021")]
        out = tmp_path / "eligible.xlsx"
        sink = ProgrammeXlsxSink(str(out), programmes, "vi")
        rows = [
            [r for r in row if isinstance(r, ProgrammeResult)]
            for row in evaluate_file(programmes, ROOT / "examples" / "pilots.json")
        ]
        for row in rows:
            sink.write(row)
        sink.close()
        book = load_workbook(out)
        words = {"eligible": "đủ điều kiện", "not_eligible": "không đủ điều kiện"}
        words["undetermined"] = "chưa xác định (thiếu hồ sơ)"
        _, overview = _table(book["Tổng quan"])
        _, nd45 = _table(book["nd45-2021"])

        assert ["Tổng quan", "nd45-2021", "tt124-2021", "Lỗi"] == book.sheetnames
        assert [r[0].id for r in rows] == [r["Mã"].value for r in overview]
        assert [r[0].outcome for r in rows] == [r["mã: outcome"].value for r in nd45]
        assert [words[str(r[0].outcome)] for r in rows] == [r["Kết quả"].value for r in nd45]
        assert set() == {v for sheet in book.worksheets for v in _shown(sheet)} & {
            *words,
            "met",
            "not_met",
        }


class TestCells:
    @pytest.mark.parametrize(
        ("value", "family", "stored", "shown"),
        [
            (Decimal("2500000000"), "vnd", "2500000000", "#,##0"),
            (Decimal("12.5"), "percent", "0.125", "0.0%"),
            (Decimal("36.72"), "percent", "0.3672", "0.00%"),
            (Decimal("4.5"), "points", "4.5", "0.00"),
            (Decimal("4"), "points", "4", "0.00"),
        ],
    )
    def test_numbers_exact_in_their_format(
        self, value: Decimal, family: xlsx.Family, stored: str, shown: str, tmp_path: Path
    ) -> None:
        """A number is stored as its exact decimal text (a percentage / 100) in its format."""
        out = tmp_path / "n.xlsx"
        book = xlsx.Book(out)
        book.sheet("S", [xlsx.Column("x")]).write(f"<row>{xlsx.number(value, family)}</row>", 1)
        book.close()
        cell = load_workbook(out)["S"]["A2"]

        assert Decimal(stored) == Decimal(str(cell.value))
        assert shown == cell.number_format

    def test_more_than_15_digits_is_text(self) -> None:
        """A 17-digit amount is written as exact text: a double would change it."""
        assert xlsx.text("12345678901234567") == xlsx.number(Decimal("12345678901234567"), "vnd")

    def test_markup_and_control_characters(self, tmp_path: Path) -> None:
        """&, <, > read back as written; a control character (refused by XML) as Excel's escape."""
        out = tmp_path / "t.xlsx"
        book = xlsx.Book(out)
        book.sheet("S", [xlsx.Column("x")]).append(["A&B <c> \x01"])
        book.close()

        # openpyxl shows the escape as written; Excel turns _x0001_ back into the character.
        assert "A&B <c> _x0001_" == load_workbook(out)["S"]["A2"].value

    def test_a_full_sheet_goes_on(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Rows past the sheet's limit go on to "Name (2)", under the same header."""
        monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
        out = tmp_path / "many.xlsx"
        book = xlsx.Book(out)
        sheet = book.sheet("Giải thích", [xlsx.Column("n")])
        for n in range(5):
            sheet.append([n])
        book.close()
        found = load_workbook(out)

        assert ["Giải thích", "Giải thích (2)", "Giải thích (3)"] == found.sheetnames
        assert [["n", 0, 1], ["n", 2, 3], ["n", 4]] == [
            [row[0].value for row in s.iter_rows()] for s in found.worksheets
        ]
