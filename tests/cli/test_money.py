"""The money command: the review's two findings, exit codes, and every output format."""

# The style guide (STYLE.md section 11) wants `expected == actual`; SIM300 wants the
# reverse. The guide wins in tests.

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from coopeval.report.money import MONEY_COLUMNS
from tests.cli import run
from tests.money import CHECKS_DIR, MONEY_CSV, consistent_rows, write_rows

EXAMPLE = str(MONEY_CSV)


class TestMoney:
    def test_the_review_exits_1_with_its_two_findings_cited(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Vietnamese text: both findings cited to their table and line, with the differences."""
        code, out, err = run(["money", EXAMPLE], capsys)

        assert 1 == code
        assert "2 số liệu không khớp" in err
        assert "- Biểu 1, dòng 2, cột L (Giải ngân (triệu đồng))" in out
        assert "đúng ra 270.000.000, ghi 269.000.000, chênh lệch -1.000.000 đồng" in out
        assert "- Biểu 2, dòng 50, cột F (Nhu cầu (triệu đồng))" in out
        assert "đúng ra 6.454.000.000, ghi 6.464.000.000, chênh lệch +10.000.000 đồng" in out

    def test_in_english(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--lang en: the same findings as Table 1, line 2 and Table 2, line 50."""
        code, out, _ = run(["money", EXAMPLE, "--lang", "en"], capsys)

        assert 1 == code
        assert "- Table 1, line 2, column L" in out
        assert "expected 6,454,000,000, found 6,464,000,000, difference +10,000,000 VND" in out

    def test_a_consistent_copy_exits_0(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Both slips corrected: exit 0, every check holds."""
        path = write_rows(tmp_path / "ok.csv", consistent_rows())

        code, out, err = run(["money", str(path), "--lang", "en"], capsys)

        assert 0 == code
        assert "Every check holds" in out
        assert "do not add up" not in err

    def test_json_fields(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON: amounts in đồng as digit strings, each finding's place, values and citations."""
        code, out, _ = run(["money", EXAMPLE, "--format", "json"], capsys)
        data = json.loads(out)
        first, second = data["findings"]
        total = next(s for s in data["shares"] if (s["view"], s["source"]) == ("line", "total"))

        assert 1 == code
        assert False is data["consistent"]
        assert ("-1000000", "270000000", "269000000") == (
            first["difference"],
            first["expected"],
            first["found"],
        )
        assert {"vi": "Biểu 2, dòng 50", "en": "Table 2, line 50"} == second["citation"]
        assert [
            {
                "table": "bieu-1",
                "line": "4",
                "citation": {"vi": "Biểu 1, dòng 4", "en": "Table 1, line 4"},
            }
        ] == second["against"]
        assert ("17560000000", "6.53") == (total["need"], total["shares"]["allocated_of_need"])
        assert {"check", "kind", "table", "line", "row", "column", "figure", "cooperative"} <= set(
            first
        )

    def test_csv_to_a_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """-o plan.csv: the documented columns; one row per share line, then the two findings."""
        target = tmp_path / "out.csv"

        code, _, _ = run(["money", EXAMPLE, "-o", str(target), "--lang", "en"], capsys)
        with target.open(encoding="utf-8-sig", newline="") as stream:
            header, *rows = list(csv.reader(stream))
        findings = [r for r in rows if r[0] == "finding"]

        assert 1 == code
        assert list(MONEY_COLUMNS) == header
        assert ["-1000000", "10000000"] == [r[header.index("difference")] for r in findings]
        assert ["Table 1, line 2", "Table 2, line 50"] == [
            r[header.index("citation")] for r in findings
        ]

    def test_xlsx_to_a_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """-o plan.xlsx: the same rows, amounts as numbers."""
        target = tmp_path / "out.xlsx"

        code, _, _ = run(["money", EXAMPLE, "-o", str(target)], capsys)
        book = openpyxl.load_workbook(target, read_only=True)
        rows = [list(r) for r in book.active.iter_rows(values_only=True)]
        book.close()  # read_only keeps the file open until closed
        found = [r[MONEY_COLUMNS.index("found")] for r in rows if r[0] == "finding"]

        assert 1 == code
        assert [269000000, 6464000000] == [Decimal(str(v)) for v in found]

    @pytest.mark.parametrize(
        "args",
        [
            ["money", "no-such-file.csv"],
            ["money", EXAMPLE, "--checks", "no-such-checks.toml"],
            ["money", EXAMPLE, "--format", "xlsx"],
            ["money", EXAMPLE, "-o", EXAMPLE],
        ],
        ids=["missing input", "missing checks", "xlsx to stdout", "over its input"],
    )
    def test_usage_and_file_errors_exit_2(
        self, args: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A missing input or checks file, a workbook to the terminal, an output over the input."""
        code, _, err = run(args, capsys)

        assert 2 == code
        assert err.startswith("coopeval: ")

    def test_the_checks_file_is_never_the_output(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """-o naming the checks file is refused, and the file is left as it was."""
        checks = tmp_path / "checks.toml"
        text = (CHECKS_DIR / "checks.toml").read_text("utf-8")
        checks.write_text(text, "utf-8")

        args = ["money", EXAMPLE, "--checks", str(checks), "-o", str(checks), "--format", "text"]
        code, _, err = run([*args, "--lang", "en"], capsys)

        assert 2 == code
        assert text == checks.read_text("utf-8")
        assert "input" in err

    def test_a_broken_checks_file_exits_2_naming_it(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A check naming an undeclared source: exit 2, the file and the key path said."""
        broken = tmp_path / "checks.toml"
        text = (CHECKS_DIR / "checks.toml").read_text("utf-8")
        broken.write_text(text.replace('total = "state"', 'total = "stat"'), "utf-8")

        code, _, err = run(["money", EXAMPLE, "--checks", str(broken), "--lang", "en"], capsys)

        assert 2 == code
        assert f"{broken}:" in err
        assert "$.checks[0].total: 'stat' is not declared" in err

    def test_help_is_bilingual(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--help says what the command does in Vietnamese and English, with its exit codes."""
        with pytest.raises(SystemExit):
            run(["money", "--help"], capsys)
        out = capsys.readouterr().out

        assert "Tỷ lệ phân bổ" in out
        assert "shares of plan" in out
        assert "exit codes" in out
