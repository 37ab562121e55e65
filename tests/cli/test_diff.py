"""Tests for ``coopeval diff OLD NEW`` as XLSX, and with ``--records`` in every format.

The new rule set is tt01-2020 with c03a's 2 000 000 000 edge moved to
1 500 000 000, so a revenue in [1 500 000 000, 2 000 000 000) scores 3 at c03a
instead of 2 (by hand from the band table). HTX-01 of the pilots has revenue
1 860 000 000 (total 67, khá); HTX-02 to HTX-04 have 4 600 000 000 and more,
which scores the same under both.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from coopeval.cli import main
from tests.engine.test_impact import ND45, PILOT, ROOT, TT01, edited

EXAMPLES = ROOT / "examples"
EDGE = (
    (
        "{ lower = 500_000_000, upper = 2_000_000_000, points = 2 }",
        "{ lower = 500_000_000, upper = 1_500_000_000, points = 2 }",
        'measure = "revenue"',
    ),
    (
        "{ lower = 2_000_000_000, upper = 5_000_000_000, points = 3 }",
        "{ lower = 1_500_000_000, upper = 5_000_000_000, points = 3 }",
        'measure = "revenue"',
    ),
)


@pytest.fixture
def new(tmp_path: Path) -> str:
    return str(edited(TT01, tmp_path / "new", *EDGE))


@pytest.fixture
def records(tmp_path: Path) -> str:
    """Three records as JSONL: HTX-01, one at the new edge, one whose revenue is not a number."""
    rows = [
        PILOT,
        PILOT | {"id": "EDGE", "revenue": 1_500_000_000},
        PILOT | {"id": "BAD", "revenue": "nhiều"},
        PILOT | {"id": "BELOW", "revenue": 1_499_999_999},
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestRecords:
    def test_jsonl_contract(
        self, new: str, records: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """One object per record with the contract's names; the bad record is an error row."""
        code, out, _ = run(
            capsys, "diff", "tt01-2020", new, "--records", records, "--format", "jsonl"
        )
        found = [json.loads(line) for line in out.splitlines()]

        assert 1 == code  # a record had errors
        assert ["HTX-01", "EDGE", "BAD", "BELOW"] == [r["id"] for r in found]
        first = found[0]
        assert {"id", "old", "new", "delta", "moved", "causes"} <= set(first)
        assert {"total", "rating", "classification"} <= set(first["old"])
        assert ("67", "68", "1", True) == (
            first["old"]["total"],
            first["new"]["total"],
            first["delta"],
            first["moved"],
        )
        assert [{"rule": "c03a", "kind": "band_edge", "points": "1"}] == [
            {k: c[k] for k in ("rule", "kind", "points")} for c in first["causes"]
        ]
        assert (True, False) == (found[1]["moved"], found[3]["moved"])
        bad = found[2]
        assert ("error", False, []) == (bad["status"], bad["moved"], bad["causes"])
        assert "revenue" == bad["errors"]["new"][0]["field"]

    def test_json_document(
        self, new: str, records: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """One document: the rule sets, the changes, the records, the transitions, the counts."""
        _, out, _ = run(capsys, "diff", "tt01-2020", new, "--records", records, "--format", "json")
        found = json.loads(out)

        assert ["old", "new", "changes", "records", "transitions", "counts"] == list(found)
        assert 2 == len(found["changes"])
        assert 4 == len(found["records"])
        assert {"read": 4, "moved": 2, "errors": 1} == found["counts"]
        assert sorted([("kha", "kha", 3), ("error", "error", 1)]) == sorted(
            (t["old"], t["new"], t["records"]) for t in found["transitions"]
        )

    def test_csv(self, new: str, records: str, capsys: pytest.CaptureFixture[str]) -> None:
        """One CSV row per record: totals, ratings, delta, moved, causes in words."""
        _, out, _ = run(
            capsys,
            "diff",
            "tt01-2020",
            new,
            "--records",
            records,
            "--format",
            "csv",
            "--lang",
            "en",
        )
        rows = list(csv.DictReader(io.StringIO(out)))

        assert 4 == len(rows)
        first = rows[0]
        assert ("67", "68", "1", "kha", "kha", "true") == tuple(
            first[k]
            for k in ("old_total", "new_total", "delta", "old_rating", "new_rating", "moved")
        )
        assert "+1 at c03a: band edge moved" == first["causes"]
        assert "c03a:band_edge" == first["cause_codes"]
        assert ("error", "false", "") == (rows[2]["status"], rows[2]["moved"], rows[2]["causes"])
        assert "revenue" in rows[2]["errors"]

    def test_text(self, new: str, records: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Only the records that moved (and the error), then the transition table, then counts."""
        _, out, _ = run(capsys, "diff", "tt01-2020", new, "--records", records, "--lang", "en")

        assert "HTX-01: 67 Fair → 68 Fair (+1)\n    +1 at c03a: band edge moved\n" in out
        assert "EDGE: 67 Fair → 68 Fair (+1)" in out
        assert "BELOW" not in out
        assert "BAD: data errors (under both rule sets)" in out
        assert "Transitions (old → new):" in out
        assert out.rstrip().endswith("Read 4, moved 2, with errors 1.")

    def test_xlsx(
        self, new: str, records: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Three sheets: one row per record, the transitions, the rule changes."""
        out = tmp_path / "impact.xlsx"
        code, _, _ = run(capsys, "diff", "tt01-2020", new, "--records", records, "-o", str(out))
        book = openpyxl.load_workbook(out)

        assert 1 == code
        assert ["Tác động", "Chuyển đổi", "Thay đổi quy tắc"] == book.sheetnames
        rows = list(book["Tác động"].iter_rows(values_only=True))
        assert 5 == len(rows)  # the header and one row per record
        header = rows[0]
        first = dict(zip(header, rows[1], strict=True))
        assert (67, 68, 1, "Khá", "có") == (
            first["Tổng điểm (bộ cũ)"],
            first["Tổng điểm (bộ mới)"],
            first["Chênh lệch"],
            first["Xếp loại (bộ mới)"],
            first["Kết quả thay đổi"],
        )
        assert "+1 tại c03a: ngưỡng khung điểm thay đổi" == first["Nguyên nhân"]
        assert "error" == dict(zip(header, rows[3], strict=True))["mã: status"]
        transitions = list(book["Chuyển đổi"].iter_rows(values_only=True))
        assert ("Khá", "Khá", 3, "kha", "kha") in transitions
        assert ("Đã đọc", None, 4, None, None) in transitions
        changes = list(book["Thay đổi quy tắc"].iter_rows(values_only=True))
        assert 3 == len(changes)

    def test_programmes(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Own equity a quarter, not a fifth: HTX-01's 20 % turns not eligible, per condition."""
        new = edited(ND45, tmp_path, ("total_investment * 0.2", "total_investment * 0.25", ""))
        path = tmp_path / "r.json"
        path.write_text(json.dumps([PILOT, PILOT | {"id": "RICH", "own_equity": 600_000_000}]))

        _, out, _ = run(
            capsys, "diff", "nd45-2021", str(new), "--records", str(path), "--format", "jsonl"
        )
        first, rich = (json.loads(line) for line in out.splitlines())

        assert ("eligible", "not_eligible", True) == (
            first["old"]["outcome"],
            first["new"]["outcome"],
            first["moved"],
        )
        assert {"loan_headroom": "1200000000", "overdue_rate_cap": "8.1"} == first["old"]["amounts"]
        assert {"loan_headroom": "0", "overdue_rate_cap": "0.0"} == first[
            "delta"
        ]  # 8.1 − 8.1, exactly
        assert ["loan_conditions", "c5"] == [c["rule"] for c in first["causes"]]
        assert (False, []) == (rich["moved"], rich["causes"])

    def test_two_kinds_refused(self, records: str, capsys: pytest.CaptureFixture[str]) -> None:
        """A scorecard against a programme: exit 2, said in the language asked."""
        code, out, err = run(capsys, "diff", "tt01-2020", "nd45-2021", "--records", records)

        assert (2, "") == (code, out)
        assert "chỉ so sánh tác động được giữa hai bộ quy tắc cùng loại" in err

    def test_the_officer_workbook(
        self, new: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Title rows, headers with units, decimal commas, a totals row: four rows out."""
        out = tmp_path / "tac-dong.csv"
        code, _, err = run(
            capsys,
            "diff",
            "tt01-2020",
            new,
            "--records",
            str(EXAMPLES / "officer-workbook.xlsx"),
            "-o",
            str(out),
        )
        rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))

        assert 0 == code
        assert "tổng cộng" in err.lower()  # the totals row is told, not compared
        assert ["HTX-01", "HTX-02", "HTX-03", "HTX-04"] == [r["id"] for r in rows]
        assert [("67", "68"), ("71", "71"), ("76", "76"), ("79", "79")] == [
            (r["old_total"], r["new_total"]) for r in rows
        ]
        assert ["true", "false", "false", "false"] == [r["moved"] for r in rows]


class TestSemanticDiff:
    def test_xlsx(self, new: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The changes on one sheet: kind, rule, path, old, new, both sentences."""
        out = tmp_path / "changes.xlsx"
        code, _, _ = run(capsys, "diff", "tt01-2020", new, "-o", str(out), "--lang", "en")
        rows = list(openpyxl.load_workbook(out)["Rule changes"].iter_rows(values_only=True))

        assert 0 == code
        assert (
            "Kind of change",
            "Rule",
            "Path in the rule file",
            "Old value",
            "New value",
            "Text (Vietnamese)",
            "Text (English)",
        ) == rows[0]
        expected: list[tuple[Any, ...]] = [
            (
                "band_edge",
                "c03a",
                "$.items[4].bands[2].upper",
                2_000_000_000,
                1_500_000_000,
                "c03a: khung 3, cận trên 2 000 000 000 → 1 500 000 000",
                "c03a: band 3, upper edge 2 000 000 000 → 1 500 000 000",
            ),
            (
                "band_edge",
                "c03a",
                "$.items[4].bands[3].lower",
                2_000_000_000,
                1_500_000_000,
                "c03a: khung 4, cận dưới 2 000 000 000 → 1 500 000 000",
                "c03a: band 4, lower edge 2 000 000 000 → 1 500 000 000",
            ),
        ]
        assert expected == rows[1:]

    def test_csv_needs_records(self, new: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Without records there is no CSV: exit 2 and why."""
        code, _, err = run(capsys, "diff", "tt01-2020", new, "--format", "csv", "--lang", "en")

        assert 2 == code
        assert "--format csv needs --records INPUT" in err
