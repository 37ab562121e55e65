"""The ``whatif`` command: plans per record, the output contract, and each plan re-scored.

The JSONL is read as another tool would read it: each plan's steps are applied
to the JSON record (``input`` = ``to``) and the record is scored again with
`coopeval.evaluate`; the total and rating must be the plan's ``total_after``
and ``rating_after``, at or above 80.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import coopeval
from coopeval.cli import main
from tests.cli import PILOTS_CSV, PILOTS_JSON, WITH_ERRORS
from tests.cli import run as _run

TT01 = coopeval.load("tt01-2020")
RECORDS = {r["id"]: r for r in json.loads(Path(PILOTS_JSON).read_text(encoding="utf-8"))}


def _apply(record: dict[str, Any], steps: list[dict[str, Any]]) -> dict[str, Any]:
    changed = dict(record)
    own = dict(changed.get("self_score") or {})
    for step in steps:
        if step["input"] is None:
            own[step["item"]] = step["to"]
        else:
            changed[step["input"]] = step["to"]
    if own:
        changed["self_score"] = own
    return changed


class TestContract:
    def test_every_pilot_has_a_plan_that_holds_when_applied(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, _ = _run(
            ["whatif", PILOTS_CSV, "--format", "jsonl", "--alternatives", "2"], capsys
        )
        lines = [json.loads(line) for line in out.splitlines()]

        assert 0 == code
        assert ["HTX-01", "HTX-02", "HTX-03", "HTX-04"] == [line["id"] for line in lines]
        assert ["67", "71", "76", "79"] == [line["total"] for line in lines]
        for line in lines:
            assert ("plan", "tot", "kha") == (line["status"], line["target"], line["rating"])
            assert line["plans"]
            for plan in line["plans"]:
                after = coopeval.evaluate(TT01, _apply(RECORDS[line["id"]], plan["steps"]))
                assert (str(after.total), after.rating) == (
                    plan["total_after"],
                    plan["rating_after"],
                )
                assert after.total is not None
                assert after.total >= 80
                for step in plan["steps"]:
                    assert {
                        "item",
                        "input",
                        "from",
                        "to",
                        "points_gained",
                        "citation",
                        "status",
                    } == set(step)
                    assert step["citation"].startswith("Thông tư 01/2020/TT-BKHĐT")

    def test_htx_04_one_point(self, capsys: pytest.CaptureFixture[str]) -> None:
        """79 points: profit before tax from 610 000 000 to 1 000 000 000 VND gives c03c's point."""
        _, out, _ = _run(["whatif", PILOTS_JSON, "--id", "HTX-04", "--format", "json"], capsys)
        (found,) = json.loads(out)
        (step,) = found["plans"][0]["steps"]

        assert ("c03c", "profit_before_tax", "610000000", "1000000000", "1") == (
            step["item"],
            step["input"],
            step["from"],
            step["to"],
            step["points_gained"],
        )
        assert "provisional" == step["status"]


class TestText:
    def test_vietnamese_first(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = _run(["whatif", PILOTS_JSON, "--id", "HTX-03"], capsys)

        assert (
            "HTX-03 (HTX Dịch vụ Nông nghiệp Quế Hồi Nam Phong): 76 điểm (Khá) → Tốt (từ 80 điểm)"
            in out
        )
        assert "Kế hoạch 1: 1 thay đổi, sau đó 80 điểm (Tốt)" in out
        assert (
            "tăng Tỷ trọng doanh thu cung ứng cho thành viên (internal_revenue_share_pct) "
            "từ 58 % lên 80 %" in out
        )
        assert "(+4 điểm; Thông tư 01/2020/TT-BKHĐT, Phụ lục 1, tiêu chí 12; tạm tính)" in out

    def test_english(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = _run(["whatif", PILOTS_JSON, "--id", "HTX-04", "--lang", "en"], capsys)

        assert "Plan 1: 1 change, then 80 points (Good)" in out
        assert (
            "raise Profit before tax (profit_before_tax) from 610,000,000 VND to 1,000,000,000 VND"
            in out
        )
        assert "(+1 point; " in out

    def test_at_target_and_unreachable(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, at, _ = _run(["whatif", PILOTS_JSON, "--id", "HTX-04", "--target", "kha"], capsys)
        _, far, _ = _run(["whatif", PILOTS_JSON, "--id", "HTX-01", "--max-changes", "2"], capsys)

        assert "đã đạt loại Khá." in at
        assert "không thể đạt loại Tốt: nhiều nhất" in far

    def test_not_rated_says_why(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A people's credit fund is out of the circular's scope: no points change that."""
        record = {**RECORDS["HTX-01"], "kind": "quy_tin_dung"}
        path = tmp_path / "fund.json"
        path.write_text(json.dumps([record], ensure_ascii=False), encoding="utf-8")

        _, out, _ = _run(["whatif", str(path)], capsys)
        _, line, _ = _run(["whatif", str(path), "--format", "jsonl"], capsys)

        assert "không xếp loại (" in out
        assert "(out_of_scope)): thay đổi điểm số không làm thay đổi điều đó." in out
        assert ("not_rated", "out_of_scope") == (
            json.loads(line)["status"],
            json.loads(line)["reason"],
        )

    def test_records_with_errors_are_counted(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = _run(["whatif", WITH_ERRORS, "--format", "jsonl"], capsys)
        statuses = {json.loads(line)["id"]: json.loads(line)["status"] for line in out.splitlines()}

        assert 1 == code
        assert ("error", "error") == (statuses["HTX-05"], statuses["HTX-06"])
        assert "2 bản ghi có lỗi" in err


class TestSummary:
    def test_the_items_plans_need_most(self, capsys: pytest.CaptureFixture[str]) -> None:
        """c12 is in three of the four pilots' best plans (HTX-01, -02, -03), c11 in two."""
        _, out, _ = _run(["whatif", PILOTS_CSV, "--summary", "--format", "json"], capsys)
        found = json.loads(out)

        assert 4 == found["records_with_plan"]
        assert [("c12", 3), ("c11", 2)] == [(i["item"], i["count"]) for i in found["items"][:2]]

    def test_as_a_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = _run(["whatif", PILOTS_CSV, "--summary"], capsys)

        assert "trong kế hoạch tốt nhất của 4 hợp tác xã dưới mức Tốt" in out
        assert "75,0 %" in out


class TestExplainEndsWithThePlan:
    def test_the_best_plan_closes_the_explanation(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = _run(["explain", PILOTS_JSON, "--id", "HTX-04", "--lang", "en"], capsys)

        assert out.rstrip().splitlines()[-2] == "Best plan to reach Good:"
        assert "raise Profit before tax (profit_before_tax)" in out.rstrip().splitlines()[-1]


class TestProgramme:
    def test_plans_to_eligibility(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--program nd45-2021: HTX-02's equity condition and HTX-04's missing evidence."""
        code, out, _ = _run(
            ["whatif", PILOTS_JSON, "--program", "nd45-2021", "--format", "jsonl"], capsys
        )
        lines = {json.loads(line)["id"]: json.loads(line) for line in out.splitlines()}
        nd45 = coopeval.load("nd45-2021")

        assert 0 == code
        assert ("at_target", "plan", "plan") == tuple(
            lines[i]["status"] for i in ("HTX-01", "HTX-02", "HTX-04")
        )
        for line in lines.values():
            for plan in line["plans"]:
                assert {"condition", "input", "from", "to", "citation", "status"} == set(
                    plan["steps"][0]
                )
                after = coopeval.evaluate(nd45, _apply(RECORDS[line["id"]], plan["steps"]))
                assert "eligible" == after.outcome

    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = _run(["whatif", PILOTS_JSON, "--rules", "nd45-2021", "--id", "HTX-04"], capsys)

        assert "chưa xác định (thiếu hồ sơ) → đủ điều kiện" in out
        assert "cung cấp Có bảo đảm tiền vay theo Điều 26 (security_ok): có" in out


class TestTables:
    def test_csv_a_row_per_step(self, tmp_path: Path) -> None:
        """HTX-01 needs 4 steps, HTX-02 3, HTX-03 and HTX-04 one each: 9 rows under the header."""
        out = tmp_path / "plans.csv"

        assert 0 == main(["whatif", PILOTS_CSV, "-o", str(out), "--lang", "en"])
        rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))

        assert 9 == len(rows)
        assert ("HTX-03", "c12", "internal_revenue_share_pct", "58", "80", "4") == tuple(
            rows[7][k] for k in ("id", "item", "input", "from", "to", "points_gained")
        )

    def test_the_plans_sheet(self, tmp_path: Path) -> None:
        """Labels in Vietnamese, codes at the right, VND as #,##0 and shares as percentages."""
        out = tmp_path / "plans.xlsx"

        assert 0 == main(["whatif", PILOTS_CSV, "-o", str(out)])
        book = load_workbook(out)
        sheet = book["Kế hoạch"]
        head = [c.value for c in sheet[1]]
        first, second = sheet[2], sheet[3]

        assert ["Kế hoạch"] == book.sheetnames
        assert ("Có kế hoạch", "Khá", "plan") == (
            first[head.index("Kết quả")].value,
            first[head.index("Xếp loại")].value,
            first[head.index("mã: status")].value,
        )
        assert (
            "Tổng nguồn vốn cuối năm (total_capital_close)"
            == first[head.index("Số liệu cần thay đổi")].value
        )
        assert (18_550_000_000, "#,##0") == (
            first[head.index("Cần đạt")].value,
            first[head.index("Cần đạt")].number_format,
        )
        assert "0.0%" == second[head.index("Hiện nay")].number_format


class TestUsage:
    def test_an_unknown_target(self, capsys: pytest.CaptureFixture[str]) -> None:
        code, _, err = _run(["whatif", PILOTS_JSON, "--target", "best", "--lang", "en"], capsys)

        assert 2 == code
        assert "no rating 'best'; use one of: trung_binh, kha, tot" in err

    def test_alternatives_must_be_one_or_more(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as exit_:
            _run(["whatif", PILOTS_JSON, "--alternatives", "0"], capsys)

        assert 2 == exit_.value.code
        err = capsys.readouterr().err
        assert "--alternatives cần một số nguyên từ 1 trở lên, không phải '0'" in err

    def test_a_fixed_item_is_not_planned(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, out, _ = _run(
            ["whatif", PILOTS_JSON, "--id", "HTX-03", "--fixed", "c12", "--format", "json"], capsys
        )
        (found,) = json.loads(out)

        assert "c12" in found["fixed"]
        assert all(s["item"] != "c12" for p in found["plans"] for s in p["steps"])
        assert Decimal(found["plans"][0]["total_after"]) >= 80
