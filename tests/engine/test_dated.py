"""Dated rules: Decree 113/2024's size classes from 01/11/2024, Circular 01/2020's before.

Expectations come from the shared spec (tt01-2020.md, section 1a), by hand:
agriculture is large from 300 official members with 50 tỷ revenue or 10 tỷ
capital, medium from 200 with 10 tỷ or 5 tỷ, small from 50 with 2 tỷ or 1 tỷ,
micro otherwise; industry and construction is large from 100 with 80 tỷ or
20 tỷ, and not determinable below; other sectors are not determinable.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import coopeval
from coopeval.cli import main

ND113 = coopeval.load("nd113-2024")
TT01 = coopeval.load("tt01-2020")
TY = 1_000_000_000
PILOTS = json.loads(
    (Path(__file__).resolve().parents[2] / "examples" / "pilots.json").read_text("utf-8")
)


def size(record: dict[str, Any]) -> str | None:
    """The Decree 113 size class of a 2025 record."""
    result = coopeval.evaluate(ND113, {"id": "X", "year": 2025, **record})
    assert "ok" == result.status, result.errors
    found: str | None = dict(result.classification)["size"]
    return found


class TestDecree113Classes:
    @pytest.mark.parametrize(
        ("members", "revenue", "capital", "expected"),
        [
            # small: 50 members and 2 tỷ revenue or 1 tỷ capital
            (50, 2 * TY, 0, "nho"),
            (49, 2 * TY, 0, "sieu_nho"),
            (50, 2 * TY - 1, 0, "sieu_nho"),
            (50, 0, 1 * TY, "nho"),
            (50, 0, 1 * TY - 1, "sieu_nho"),
            # medium: 200 members and 10 tỷ or 5 tỷ
            (200, 10 * TY, 0, "vua"),
            (199, 10 * TY, 0, "nho"),
            (200, 10 * TY - 1, 5 * TY - 1, "nho"),
            (200, 0, 5 * TY, "vua"),
            # large: 300 members and 50 tỷ or 10 tỷ
            (300, 50 * TY, 0, "lon"),
            (299, 50 * TY, 0, "vua"),
            (300, 50 * TY - 1, 10 * TY - 1, "vua"),
            (300, 0, 10 * TY, "lon"),
            (0, 0, 0, "sieu_nho"),
        ],
    )
    def test_agriculture_at_every_edge(
        self, members: int, revenue: int, capital: int, expected: str
    ) -> None:
        """Each edge is included: 50 members and 2 tỷ is small, one less of either is not."""
        record = {
            "sector": "A",
            "official_members": members,
            "revenue": revenue,
            "total_capital_close": capital,
        }

        assert expected == size(record)

    @pytest.mark.parametrize(
        ("members", "revenue", "capital", "expected"),
        [
            (100, 80 * TY, 0, "lon"),
            (100, 0, 20 * TY, "lon"),
            (99, 80 * TY, 20 * TY, "khong_xac_dinh"),
            (100, 80 * TY - 1, 20 * TY - 1, "khong_xac_dinh"),
            (0, 0, 0, "khong_xac_dinh"),
        ],
    )
    def test_industry_large_or_not_determinable(
        self, members: int, revenue: int, capital: int, expected: str
    ) -> None:
        """Industry and construction: only "large" is readable; below it nothing is guessed."""
        for sector in ("B", "C", "D", "E", "F"):
            record = {
                "sector": sector,
                "official_members": members,
                "revenue": revenue,
                "total_capital_close": capital,
            }
            assert expected == size(record), sector

    @pytest.mark.parametrize("sector", list("GHIJKLMNOPQRSTU"))
    def test_other_sectors_are_not_determinable(self, sector: str) -> None:
        """Trade, services and the rest: the thresholds are not public, whatever the figures."""
        record = {"sector": sector, "official_members": 1000, "revenue": 100 * TY}

        assert "khong_xac_dinh" == size(record)

    def test_sector_group_given_wins_over_the_sector(self) -> None:
        """``size_sector`` says the group; a sector letter is only read without it."""
        record = {"sector": "G", "size_sector": "nong_nghiep", "official_members": 60}

        assert "nho" == size({**record, "revenue": 2 * TY})
        assert "khong_xac_dinh" == size({**record, "size_sector": "thuong_mai_dich_vu"})

    @pytest.mark.parametrize(
        ("record", "expected"),
        [
            # the capital decides medium whatever the revenue
            ({"official_members": 250, "total_capital_close": 6 * TY}, "vua"),
            # 350 members, 6 tỷ capital: large if revenue ≥ 50 tỷ, else medium: unknown
            ({"official_members": 350, "total_capital_close": 6 * TY}, None),
            # members unknown: any class is possible
            ({"revenue": 100 * TY}, None),
            # 60 members, no figures: small or micro
            ({"official_members": 60}, None),
            # 10 members: micro whatever the figures
            ({"official_members": 10}, "sieu_nho"),
        ],
    )
    def test_absent_figures_never_guess(self, record: dict[str, Any], expected: str | None) -> None:
        """A class is given when the figures present decide it, and none when they do not."""
        assert expected == size({"sector": "A", **record})

    def test_no_sector_no_class(self) -> None:
        """Without a sector or a sector group, the class is not known."""
        assert None is size({"official_members": 10})

    def test_not_in_force_before_november_2024(self) -> None:
        """A record of 2023 is refused by Decree 113, saying from when it is in force."""
        result = coopeval.evaluate(ND113, {"id": "X", "year": 2023, "official_members": 10})

        assert "error" == result.status
        assert [("not_in_force", "2023-12-31", "2024-11-01 – …")] == [
            (e.code, e.value, e.allowed) for e in result.errors
        ]
        assert (("size", None),) == result.classification


def _pilot(**changes: Any) -> dict[str, Any]:
    # HTX-03: sector A, 318 members, capital at year end above 5 tỷ (spec examples)
    return {**PILOTS[2], "official_members": 318, **changes}


class TestScorecardByDate:
    def test_2023_record_is_classified_by_circular_01(self) -> None:
        """A 2023 record: members and capital axes (Điều 4, 5); no size, no other rule set."""
        result = coopeval.evaluate(TT01, _pilot(year=2023))
        data = coopeval.to_dict(result)

        assert ["service_type", "members", "capital", "sector"] == list(data["classification"])
        assert "vua" == data["classification"]["members"]  # 318 is in 301-1000
        assert "versions_used" not in data["ruleset"]

    def test_2025_record_is_classified_by_decree_113(self) -> None:
        """A 2025 record: one size class from nd113-2024, and the result names both versions."""
        result = coopeval.evaluate(TT01, _pilot(year=2025))
        data = coopeval.to_dict(result)

        assert ["service_type", "sector", "size"] == list(data["classification"])
        assert [("tt01-2020", TT01.version), ("nd113-2024", ND113.version)] == [
            (v["id"], v["version"]) for v in data["ruleset"]["versions_used"]
        ]
        assert TT01.sha256 == data["ruleset"]["sha256"]

    def test_a_2024_record_is_dated_31_december(self) -> None:
        """A 2024 record is judged as at 31/12/2024: after 01/11/2024, so under Decree 113."""
        result = coopeval.evaluate(TT01, _pilot(year=2024))

        assert "size" in dict(result.classification)

    @pytest.mark.parametrize(
        ("day", "axes"),
        [
            (dt.date(2024, 10, 31), ["service_type", "members", "capital", "sector"]),
            (dt.date(2024, 11, 1), ["service_type", "sector", "size"]),
        ],
    )
    def test_as_of_overrides_the_year(self, day: dt.date, axes: list[str]) -> None:
        """``as_of`` dates every record: 31/10/2024 is the last day of the old size axes."""
        result = coopeval.evaluate(TT01, _pilot(year=2025), as_of=day)

        assert axes == [axis for axis, _ in result.classification]

    def test_the_score_does_not_depend_on_the_date(self) -> None:
        """Only the classification is dated: the 15 criteria score the same."""
        old = coopeval.evaluate(TT01, _pilot(year=2023))
        new = coopeval.evaluate(TT01, _pilot(year=2025))

        assert (old.total, old.rating) == (new.total, new.rating)

    def test_a_size_class_given_in_the_record_is_kept(self) -> None:
        """A record that states its Decree 113 class is not reclassified, and names no other set."""
        result = coopeval.evaluate(TT01, _pilot(year=2025, size_class="nho"))

        assert "nho" == dict(result.classification)["size"]
        assert () == result.ruleset.versions_used

    def test_explanation_names_the_decree_and_both_versions(self) -> None:
        """The explanation says the size class, its article, and the versions that decided."""
        text = coopeval.render(coopeval.explain(coopeval.evaluate(TT01, _pilot(year=2025))))

        assert (
            "Theo quy mô (Nghị định 113/2024): vừa (Nghị định 113/2024/NĐ-CP, Điều 5; tạm tính)"
            in text
        )
        assert f"nd113-2024 {ND113.version}" in text


class TestCommandLine:
    def test_score_json_names_versions_and_as_of_overrides(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`coopeval score --format json`: a 2025 row names nd113-2024; --as-of dates it back."""
        path = tmp_path / "records.json"
        path.write_text(json.dumps([_pilot(year=2025)], ensure_ascii=False), encoding="utf-8")

        main(["score", str(path), "--format", "json"])
        now = json.loads(capsys.readouterr().out)[0]
        main(["score", str(path), "--format", "json", "--as-of", "2024-10-31"])
        then = json.loads(capsys.readouterr().out)[0]

        assert "vua" == now["classification"]["size"]  # 318 members, 6.2 tỷ capital
        assert ["tt01-2020", "nd113-2024"] == [v["id"] for v in now["ruleset"]["versions_used"]]
        assert "vua" == then["classification"]["members"]
        assert "versions_used" not in then["ruleset"]


class TestOfficerWorkbook:
    def test_sheet_kept_by_an_office_is_classified_by_each_records_year(
        self, tmp_path: Path
    ) -> None:
        """Title rows, Vietnamese headers with units, sector words, decimal commas, a totals
        row: each record is classified under the rule in force in its year, by hand."""
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH MINH HỌA"])
        sheet.append(["Bảng phân loại quy mô hợp tác xã"])
        sheet.append([])
        sheet.append(
            [
                "Mã HTX",
                "Năm",
                "Ngành, lĩnh vực",
                "Nhóm ngành",
                "Số thành viên chính thức (người)",
                "Doanh thu bán hàng và cung cấp dịch vụ (tỷ đồng)",
                "Tổng nguồn vốn cuối năm (tỷ đồng)",
            ]
        )
        agriculture = "Nông nghiệp, lâm nghiệp và thủy sản"
        sheet.append(["A1", 2025, agriculture, "Nông nghiệp", "318", "6,9", "6,2"])
        sheet.append(["A2", 2025, agriculture, "", "49", "2,5", "1,2"])
        sheet.append(
            ["A3", 2025, "Bán buôn và bán lẻ; sửa chữa ô tô, mô tô, xe máy", "", "120", "12", "3"]
        )
        sheet.append(["A4", 2025, "Xây dựng", "Công nghiệp và xây dựng", "150", "85,5", "4"])
        sheet.append(["A5", 2024, agriculture, "", "210", "", ""])
        sheet.append(["A6", 2023, agriculture, "", "210", "9", "5,5"])
        sheet.append(["", "Tổng cộng", "", "", "1057", "115,9", "19,9"])
        path = tmp_path / "quy-mo.xlsx"
        book.save(path)

        results = list(coopeval.evaluate_file(TT01, path))
        classes = {r.id: dict(r.classification) for r in results}

        assert 6 == len(results)  # the totals row is not a record
        # 318 members, 6,2 tỷ capital ≥ 5 tỷ: medium (revenue 6,9 tỷ < 50 tỷ, capital < 10 tỷ)
        assert "vua" == classes["A1"]["size"]
        assert "sieu_nho" == classes["A2"]["size"]  # 49 members < 50
        assert "khong_xac_dinh" == classes["A3"]["size"]  # trade: thresholds not public
        assert "lon" == classes["A4"]["size"]  # construction: 150 ≥ 100 and 85,5 tỷ ≥ 80 tỷ
        assert None is classes["A5"]["size"]  # 210 members, no figures: medium or lower
        # 2023: Circular 01/2020, capital 5,5 tỷ is medium; its members column is not given
        assert ("vua", None) == (classes["A6"]["capital"], classes["A6"]["members"])
        assert "size" not in classes["A6"]


class TestClassificationExplained:
    def test_classes_with_their_article(self) -> None:
        """A classification's explanation: the class, its article, provisional."""
        result = coopeval.evaluate(
            ND113,
            {"id": "X", "year": 2025, "sector": "A", "official_members": 60, "revenue": 3 * TY},
        )

        text = coopeval.render(coopeval.explain(result, lang="en"))

        assert "By size (Decree 113/2024): small (Nghị định 113/2024/NĐ-CP, Điều 5" in text
        assert "provisional" in text

    def test_a_refused_record_says_why_in_vietnamese(self) -> None:
        """A 2023 record: no class line, the refusal in Vietnamese with the days in force."""
        result = coopeval.evaluate(ND113, {"id": "Y", "year": 2023, "sector": "A"})

        text = coopeval.render(coopeval.explain(result, lang="vi"))

        assert "Theo quy mô" not in text
        assert "không có hiệu lực vào ngày của hồ sơ" in text
        assert "2024-11-01 – …" in text


class TestBadClassificationCells:
    """A cell only Decree 113 reads is the record's own: a bad one is said, never dropped."""

    @pytest.mark.parametrize(("value", "code"), [("abc", "type"), (-5, "range")])
    def test_a_bad_official_members_cell_is_an_error_of_the_record(
        self, value: Any, code: str
    ) -> None:
        """tt01-2020 does not read ``official_members``, but its 2025 size class does."""
        result = coopeval.evaluate(TT01, _pilot(year=2025, official_members=value))

        assert "error" == result.status
        assert [("official_members", str(value), code)] == [
            (e.field, e.value, e.code) for e in result.errors
        ]

    def test_a_2023_record_is_not_asked_for_it(self) -> None:
        """Decree 113 is not in force for a 2023 record: its cells are not read at all."""
        result = coopeval.evaluate(TT01, _pilot(year=2023, official_members="abc"))

        assert ("ok", ()) == (result.status, result.errors)

    def test_in_a_file_the_cell_is_located(self, tmp_path: Path) -> None:
        """Read from a CSV, the error names the row and the column of the bad cell."""
        record = _pilot(year=2025, official_members="ba trăm")
        header = list(record)
        path = tmp_path / "records.csv"
        path.write_text(
            ",".join(header) + "\n" + ",".join(str(record[k]) for k in header) + "\n",
            encoding="utf-8",
        )

        (result,) = list(coopeval.evaluate_file(TT01, path))

        (error,) = result.errors
        assert ("official_members", "ba trăm", 2) == (error.field, error.value, result.row)
        assert "official_members" in error.column
