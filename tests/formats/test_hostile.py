"""Hostile spreadsheets and files: one output row per input row, the documented result for each.

`tests/hostile/` holds one small file per way an officer's file goes wrong,
written once by `tests/hostile/make_corpus.py`. The table below states by hand,
for each file, what ``coopeval score FILE --format jsonl`` must do: the exit code
(0 all scored or not rated, 1 some record has errors, 2 the file cannot be read),
every output row as (id, status), in input order (header, title and blank lines
are not rows), every error as (row, field, code), and for a file that cannot be
read at all, a part of the message on standard error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from openpyxl import load_workbook

from coopeval.cli import main

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"
SCRIPT = "make_corpus.py"
OK, RECORD_ERRORS, FILE_ERROR = 0, 1, 2


@attrs.frozen
class Case:
    """The result expected by hand for one corpus file."""

    #: The file in tests/hostile/.
    file: str
    #: The exit code of ``coopeval score FILE --format jsonl``.
    exit: int
    #: Every output row as (id, status), in input order; () when the file is refused.
    rows: tuple[tuple[str | None, str], ...] = ()
    #: Every error of every row as (row, field, code), in output order.
    errors: tuple[tuple[int, str, str], ...] = ()
    #: A part of some error's message (a row-level error must say what is wrong).
    message: str = ""
    #: A part of the message on standard error, for a file refused as a whole.
    stderr: str = ""
    #: Values as read: (output row index, input, value in the JSON output).
    values: tuple[tuple[int, str, Any], ...] = ()


CASES = (
    # --- encodings, separators, layout: every row is read and scored -------------------
    Case("bom.csv", OK, (("B-1", "ok"), ("B-2", "ok"))),
    Case(
        "semicolon.csv",
        OK,
        (("S-1", "ok"), ("S-2", "ok")),
        values=((0, "member_benefit_growth_pct", "6.5"), (0, "workers_insured_pct", "50.25")),
    ),
    Case("blank_lines.csv", OK, (("L-1", "ok"), ("L-2", "ok"), ("L-3", "ok"))),
    Case("title_row.csv", OK, (("T-1", "ok"), ("T-2", "ok"))),
    Case("title_line.csv", OK, (("U-1", "ok"), ("U-2", "ok"))),
    Case(
        "title_merged.xlsx",
        OK,
        (("XT-1", "ok"), ("XT-2", "ok")),
        values=((0, "revenue", "1860000000"), (0, "member_benefit_growth_pct", "6.5")),
    ),
    Case(
        "numbers_as_text.xlsx",
        OK,
        (("XN-1", "ok"), ("XN-2", "ok")),
        values=(
            (0, "total_capital_open", "1450000000"),
            (0, "revenue", "1860000000"),
            (0, "member_benefit_growth_pct", "6.5"),
            (0, "workers_insured_pct", "50"),
            (1, "revenue", "1860000000"),
        ),
    ),
    Case(
        "extra_columns.csv",
        OK,
        (("E-1", "ok"), ("E-2", "ok")),
        values=((0, "revenue", "1860000000"),),
        stderr="không bộ quy tắc nào đọc): A (STT), AO (Ghi chú), AP (Người lập biểu)",
    ),
    Case(
        "vietnamese_headers.csv",
        OK,
        (("V-1", "ok"), ("V-2", "ok")),
        values=(
            (0, "revenue", "1860000000"),
            (0, "tech_applied", True),
            (0, "has_brand", False),
            (1, "in_value_chain", True),
            (1, "members_using_services_pct", "85"),
        ),
    ),
    Case(
        "vn_notation.csv",
        OK,
        (("VN-1", "ok"), ("VN-2", "ok")),
        values=(
            (0, "total_capital_open", "1234567"),
            (0, "total_capital_close", "2500000000"),
            (0, "revenue", "1200000000"),
            (0, "profit_before_tax", "350000000"),
            (0, "member_needs_met_pct", "12.5"),
            (0, "workers_insured_pct", "12.5"),
            (0, "member_benefit_growth_pct", "6.5"),
            (1, "total_capital_prev_close", "1450000000.5"),
            (1, "revenue", "1860000000"),
        ),
    ),
    Case("quoted.csv", OK, (("Q-1", "ok"), ("Q-2", "ok"))),
    Case("not_rated.csv", OK, (("R-1", "not_rated"), ("R-2", "not_rated"), ("R-3", "ok"))),
    # --- bad cells: the row is an error, the others are scored ----------------------------
    Case(
        "formula.csv",
        RECORD_ERRORS,
        (("F-1", "ok"), ("F-2", "error")),
        ((3, "revenue", "type"),),
        message="formula",
    ),
    Case(
        "formula_no_cache.xlsx",
        RECORD_ERRORS,
        (("XF-1", "ok"), ("XF-2", "error")),
        ((3, "revenue", "type"),),
        message="formula",
    ),
    Case(
        "text_in_number.csv",
        RECORD_ERRORS,
        (("N-1", "error"), ("N-2", "ok")),
        ((2, "members", "type"),),
        message="mười hai",
    ),
    Case(
        "negative_money.csv",
        RECORD_ERRORS,
        (("M-1", "error"), ("M-2", "ok")),
        ((2, "revenue", "range"),),
        message="below the lowest allowed value 0",
        values=((1, "profit_before_tax", "-250000000"),),
    ),
    Case(
        "nan_inf.csv",
        RECORD_ERRORS,
        (("X-1", "error"), ("X-2", "error"), ("X-3", "error"), ("X-4", "ok")),
        (
            (2, "revenue", "type"),
            (3, "total_capital_open", "type"),
            (4, "profit_before_tax", "type"),
        ),
        message="NaN and infinity",
    ),
    Case(
        "nan_literal.jsonl",
        RECORD_ERRORS,
        (("JN-1", "error"), ("JN-2", "ok")),
        ((1, "revenue", "type"),),
        message="finite",
    ),
    Case(
        "huge_number.csv",
        RECORD_ERRORS,
        (("H-1", "error"), ("H-2", "ok")),
        ((2, "revenue", "type"),),
        message="too large",
    ),
    Case(
        "huge_number.jsonl",
        RECORD_ERRORS,
        (("JH-1", "ok"), ("JH-2", "error")),
        ((2, "revenue", "range"),),
        message="too large",
    ),
    Case(
        "ambiguous.csv",
        RECORD_ERRORS,
        (("A-1", "error"), ("A-2", "ok")),
        ((2, "revenue", "type"),),
        message="ambiguous",
        values=((1, "revenue", "1234000"),),
    ),
    Case(
        "duplicate_ids.csv",
        RECORD_ERRORS,
        (("D-1", "ok"), ("D-2", "ok"), ("D-1", "error")),
        ((4, "id", "duplicate_id"),),
        message="row 2",
    ),
    # --- missing columns: every row says what is missing ----------------------------------
    Case(
        "missing_year.csv",
        RECORD_ERRORS,
        (("Y-1", "error"), ("Y-2", "error")),
        ((2, "year", "required"), (3, "year", "required")),
    ),
    Case(
        "missing_id.csv",
        RECORD_ERRORS,
        ((None, "error"), (None, "error")),
        ((2, "id", "required"), (3, "id", "required")),
    ),
    # --- rows that cannot be read: kept in place as an error row --------------------------
    Case(
        "too_many_cells.csv",
        RECORD_ERRORS,
        (("C-1", "ok"), (None, "error"), ("C-3", "ok")),
        ((3, "(row)", "unreadable"),),
        message="41 cells but 39 columns",
    ),
    Case(
        "truncated.csv",
        RECORD_ERRORS,
        (("K-1", "ok"), (None, "error")),
        ((3, "(row)", "unreadable"),),
        message="end of data",
    ),
    Case(
        "bad_line.jsonl",
        RECORD_ERRORS,
        (("JL-1", "ok"), (None, "error"), ("JL-3", "ok")),
        ((2, "(row)", "unreadable"),),
        message="not valid JSON",
    ),
    # --- sheets as offices keep them: units, two header rows, totals rows, words ----------
    Case(
        "units.csv",
        OK,
        (("N-1", "ok"),),
        values=(
            (0, "profit_before_tax", "145000000"),  # 145 (triệu đồng)
            (0, "revenue", "1860000000"),  # 1,86 (tỷ đồng)
            (0, "total_capital_open", "1450000000"),  # 1450000 (nghìn đồng)
        ),
        stderr="profit_before_tax × 1.000.000",
    ),
    Case(
        "unit_mismatch.csv",
        FILE_ERROR,
        stderr="đơn vị 'triệu đồng' không hợp với Số thành viên cuối năm (members)",
    ),
    Case(
        "unknown_unit.csv",
        FILE_ERROR,
        stderr="đơn vị 'USD' không hợp với Doanh thu bán hàng và cung cấp dịch vụ (revenue)",
    ),
    Case(
        "two_row_header.csv",
        OK,
        (("H-1", "ok"), ("H-2", "ok")),
        values=((0, "revenue", "1860000000"), (1, "member_benefit_growth_pct", "6.5")),
    ),
    Case(
        "totals_row.csv",
        OK,
        (("O-1", "ok"), ("O-2", "ok")),
        stderr="dòng 4: dòng tổng cộng (Tổng cộng), bỏ qua",
    ),
    Case(
        "totals_sums.csv",
        OK,
        (("P-1", "ok"), ("P-2", "ok")),
        stderr="dòng 4: không có mã và các số bằng tổng các dòng trên",
    ),
    Case(
        "choice_words.csv",
        RECORD_ERRORS,
        (("V-1", "ok"), ("V-2", "ok"), ("V-3", "error")),
        ((4, "award_level", "enum"),),
        message="'Cấp xã' is not one of the allowed values",
    ),
    Case("self_score_words.csv", OK, (("Z-1", "ok"),)),
    # --- JSON read as strictly as CSV: a wrong shape is an error for its field and row -----
    Case(
        "wrong_shapes.jsonl",
        RECORD_ERRORS,
        (
            ("JS-1", "error"),
            ("JS-2", "error"),
            ("JS-3", "error"),
            ("JS-4", "error"),
            ("JS-5", "error"),
            ("JS-6", "ok"),
        ),
        (
            (1, "revenue", "type"),
            (2, "members", "type"),
            (3, "revenue", "type"),
            (4, "members", "type"),
            (5, "self_score.c01a", "self_score"),
        ),
        message="got an object",
    ),
    Case(
        # Nesting beyond 64 levels is a hard limit (exit 2), located; JSONL on standard
        # output has written the rows above it, a file output is not written at all.
        "deep_nesting.jsonl",
        FILE_ERROR,
        (("JD-1", "ok"),),
        stderr=":2:504: dòng 2: dữ liệu JSON lồng nhau quá sâu (quá 64 tầng)",
    ),
    Case(
        "deep_nesting.json",
        FILE_ERROR,
        stderr=":3:503: bản ghi 2: dữ liệu JSON lồng nhau quá sâu (quá 64 tầng)",
    ),
    # --- files refused as a whole, with a message that says why ---------------------------
    Case("empty.csv", FILE_ERROR, stderr="tệp rỗng: không có dòng tiêu đề"),
    Case("empty_sheet.xlsx", FILE_ERROR, stderr="tệp rỗng: không có dòng tiêu đề"),
    Case("header_only.csv", FILE_ERROR, stderr="không có bản ghi"),
    Case("utf16.csv", FILE_ERROR, stderr="UTF-16"),
    Case("windows1258.csv", FILE_ERROR, stderr="không phải văn bản UTF-8"),
    Case("truncated.json", FILE_ERROR, stderr="không phải JSON hợp lệ"),
    Case("duplicate_columns.csv", FILE_ERROR, stderr="cùng là Năm đánh giá (year); giữ một cột"),
)


def _score(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[Any], str]:
    """Run ``coopeval`` in-process; the exit code, the JSONL rows and standard error."""
    code = main(args)
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines() if line.strip()]
    return code, rows, captured.err


def _input_value(row: dict[str, Any], name: str) -> Any:
    """The value of one input as the output reports it (items list the inputs they read)."""
    found = [item["inputs"][name] for item in row["items"].values() if name in item["inputs"]]
    return found[0] if found else "(not read by any item)"


class TestHostileCorpus:
    @pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
    def test_each_file_gives_its_documented_result(
        self, case: Case, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Each hostile file gives its exit code, one row per input row in order, and its errors."""
        code, rows, err = _score(["score", str(HOSTILE / case.file), "--format", "jsonl"], capsys)

        assert (case.exit, list(case.rows)) == (code, [(r["id"], r["status"]) for r in rows])
        assert list(case.errors) == [
            (e["row"], e["field"], e["code"]) for r in rows for e in r["errors"]
        ]
        numbers = [r["source"]["row"] for r in rows]
        assert sorted(set(numbers)) == numbers
        messages = " | ".join(e["message"] for r in rows for e in r["errors"])
        assert case.message in messages
        assert case.stderr in err
        assert list(case.values) == [
            (i, name, _input_value(rows[i], name)) for i, name, _ in case.values
        ]

    def test_every_corpus_file_has_a_row_in_the_table(self) -> None:
        """Every file of tests/hostile/ but the script that writes them has a case in the table."""
        files = sorted(p.name for p in HOSTILE.iterdir() if p.is_file() and p.name != SCRIPT)

        assert sorted(c.file for c in CASES) == files


class TestStrict:
    def test_strict_stops_after_the_first_error_row(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--strict writes the rows up to the first error row, says where it stopped, exits 1."""
        file = str(HOSTILE / "too_many_cells.csv")

        code, rows, err = _score(["score", file, "--format", "jsonl", "--strict"], capsys)

        assert (RECORD_ERRORS, [("C-1", "ok"), (None, "error")]) == (
            code,
            [(r["id"], r["status"]) for r in rows],
        )
        assert "dừng ở dòng 3 (--strict)" in err

    def test_strict_on_a_first_row_error_writes_only_it(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--strict on a file whose first row is bad writes that row only and exits 1."""
        file = str(HOSTILE / "nan_inf.csv")

        code, rows, _ = _score(["score", file, "--format", "jsonl", "--strict"], capsys)

        assert (RECORD_ERRORS, ["X-1"]) == (code, [r["id"] for r in rows])

    def test_strict_on_a_clean_file_writes_every_row(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--strict changes nothing for a file without errors: every row, exit 0."""
        file = str(HOSTILE / "blank_lines.csv")

        code, rows, _ = _score(["score", file, "--format", "jsonl", "--strict"], capsys)

        assert (OK, ["L-1", "L-2", "L-3"]) == (code, [r["id"] for r in rows])


#: Sheet names of the XLSX output, by language.
SHEETS = {
    "vi": ["Kết quả", "Giải thích", "Lỗi", "Tổng hợp"],
    "en": ["Results", "Explanation", "Errors", "Summary"],
}
#: Headers of the total and points columns, by language.
TOTAL = {"vi": "Tổng điểm", "en": "Total"}
POINTS = {"vi": "Điểm", "en": "Points"}
#: The 23 items of tt01-2020 (rules/tt01-2020/ruleset.toml).
ITEM_IDS = (
    *("c01a", "c01b", "c02a", "c02b", "c03a", "c03b", "c03c", "c04a", "c04b", "c04c"),
    *("c05", "c06", "c07a", "c07b", "c07c", "c08", "c09", "c10", "c11", "c12", "c13"),
    *("c14", "c15"),
)
ITEMS = 23


class TestXlsxOutput:
    @pytest.mark.parametrize("lang", ["vi", "en"])
    def test_workbook_has_four_sheets_and_numbers(
        self, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--output OUT.xlsx writes four sheets in order, a row per record, numbers as numbers."""
        out = tmp_path / "out.xlsx"
        args = ["score", str(HOSTILE / "bom.csv"), "--output", str(out)]

        code = main([*args, "--lang", lang])

        capsys.readouterr()
        book = load_workbook(out)
        results, explanation = book.worksheets[0], book.worksheets[1]
        head = [c.value for c in results[1]]
        data = list(results.iter_rows(min_row=2))
        total = head.index(TOTAL[lang])
        items = [i for i, h in enumerate(head) if str(h).split(" ")[0] in ITEM_IDS]
        assert (OK, SHEETS[lang]) == (code, book.sheetnames)
        assert ["B-1", "B-2"] == [row[0].value for row in data]
        assert ["n", "n"] == [row[total].data_type for row in data]
        assert ITEMS == len(items)
        assert {"n"} == {row[i].data_type for row in data for i in items}
        explained = list(explanation.iter_rows(min_row=2))
        points = [c.value for c in explanation[1]].index(POINTS[lang])
        assert 2 * ITEMS == len(explained)
        assert ["B-1"] * ITEMS + ["B-2"] * ITEMS == [row[0].value for row in explained]
        assert {"n"} == {row[points].data_type for row in explained}

    def test_workbook_keeps_every_row_and_lists_every_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file with bad rows gives one results row per input row and one error row per error."""
        out = tmp_path / "out.xlsx"

        code = main(["score", str(HOSTILE / "nan_inf.csv"), "--output", str(out)])

        capsys.readouterr()
        book = load_workbook(out)
        results, explanation, errors = book.worksheets[:3]
        assert RECORD_ERRORS == code
        assert ["X-1", "X-2", "X-3", "X-4"] == [r[0].value for r in results.iter_rows(min_row=2)]
        assert ITEMS == explanation.max_row - 1
        assert [
            ("X-1", 2, "Doanh thu bán hàng và cung cấp dịch vụ (revenue)"),
            ("X-2", 3, "Tổng nguồn vốn đầu năm (total_capital_open)"),
            ("X-3", 4, "Lợi nhuận trước thuế (profit_before_tax)"),
        ] == [(r[0].value, r[1].value, r[3].value) for r in errors.iter_rows(min_row=2)]
