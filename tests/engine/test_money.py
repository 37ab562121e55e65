"""check_money: the review's two inconsistencies, found exactly; shares of plan, exactly.

Every expectation is worked out by hand from the review's figures (tests/money.py).
"""

# The style guide (STYLE.md section 11) wants `expected == actual`; SIM300 wants the
# reverse. The guide wins in tests.

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from coopeval.engine.money import MoneyReport, ShareLine, check_money, share_of
from coopeval.formats.support_plans import read_support_plan
from coopeval.records.support_plan import PlanLine, PlanTable
from coopeval.ruleset.base import Rounding, Text
from coopeval.ruleset.money import Share
from tests.money import MILLION, MONEY_CSV, consistent_rows, shipped_checks, write_rows

CHECKS = shipped_checks()


def _report(path: Path = MONEY_CSV) -> MoneyReport:
    return check_money(CHECKS, read_support_plan(str(path), CHECKS))


def _line(report: MoneyReport, view: str, **key: str | None) -> ShareLine:
    return next(
        s
        for s in report.shares
        if s.view == view and all(getattr(s, k) == v for k, v in key.items())
    )


class TestCheckMoney:
    def test_the_review_has_exactly_two_inconsistencies(self) -> None:
        """Two findings: the state line's disbursement, the detail's local need."""
        found = [
            (f.check, f.table, f.line, f.figure, f.source, f.expected, f.found, f.difference)
            for f in _report().findings
        ]

        assert [
            (
                "state-is-central-plus-local",
                "bieu-1",
                "2",
                "disbursed",
                "state",
                270 * MILLION,
                269 * MILLION,
                -1 * MILLION,
            ),
            (
                "summary-equals-detail",
                "bieu-2",
                "50",
                "need",
                "local",
                6454 * MILLION,
                6464 * MILLION,
                10 * MILLION,
            ),
        ] == found

    def test_findings_name_their_columns_and_the_lines_they_compare_with(self) -> None:
        """Disbursed is column L, against Biểu 1 lines 3 and 4; the need F, against line 4."""
        first, second = _report().findings

        assert ("L (Giải ngân (triệu đồng))", 3) == (first.column, first.row)
        assert (("bieu-1", "3"), ("bieu-1", "4")) == first.against
        assert ("F (Nhu cầu (triệu đồng))", 56) == (second.column, second.row)
        assert (("bieu-1", "4"),) == second.against

    def test_a_consistent_copy_has_no_finding(self, tmp_path: Path) -> None:
        """With both slips corrected by hand, every check holds, and each one compared something."""
        report = _report(write_rows(tmp_path / "ok.csv", consistent_rows()))

        assert () == report.findings
        assert report.consistent
        assert all(count > 0 for count in report.compared.values())

    def test_a_wrong_share_is_found(self, tmp_path: Path) -> None:
        """A share written 6.54 where 1 147 / 17 560 is 6.53 % is found on its line."""
        rows = consistent_rows()
        column = rows[0].index("Phân bổ / nhu cầu (%)")
        rows[1][column] = "6.54"

        (finding,) = _report(write_rows(tmp_path / "share.csv", rows)).findings

        assert ("allocated-share", "1", Decimal("6.53"), Decimal("6.54")) == (
            finding.check,
            finding.line,
            finding.expected,
            finding.found,
        )

    def test_a_year_that_does_not_add_up_is_found(self, tmp_path: Path) -> None:
        """HTX-01's 2023 central training allocation written 70 (not 60): 120 + 70 ≠ 180.

        The year's detail then no longer sums to the "Cộng" line's 60 either.
        """
        rows = consistent_rows()
        column = rows[0].index("Phân bổ 2023 (triệu đồng)")
        rows[6][column] = "70"  # Biểu 2, line 1 (the header, then five lines of Biểu 1)

        found = {
            (f.check, f.line, f.figure)
            for f in _report(write_rows(tmp_path / "y.csv", rows)).findings
        }

        assert {
            ("allocated-by-year", "1", "allocated"),
            ("lines-sum-to-totals", "49", "allocated_2023"),
        } == found


class TestShares:
    def test_the_province_share_of_plan_allocated(self) -> None:
        """1 147 / 17 560 × 100 = 6.5318… %, 6.53 rounded half up to 2 places."""
        total = _line(_report(), "line", table="bieu-1", source="total")

        assert Decimal("6.53") == total.shares["allocated_of_need"]
        assert 17560 * MILLION == total.amounts["need"]

    def test_shares_per_cooperative_and_content_are_summed_from_the_detail(self) -> None:
        """HTX-01: 567.5 of 5 020 allocated (11.30 %), 154.5 of it disbursed (27.22 %);
        training: 267.5 of 1 050 (25.48 %)."""
        report = _report()
        pilot = _line(report, "cooperative", cooperative="HTX-01")
        training = _line(report, "content", content="Đào tạo, bồi dưỡng nguồn nhân lực")

        assert Decimal("567500000") == pilot.amounts["allocated"]
        assert Decimal("11.30") == pilot.shares["allocated_of_need"]
        assert Decimal("27.22") == pilot.shares["disbursed_of_allocated"]
        assert Decimal("25.48") == training.shares["allocated_of_need"]

    def test_a_source_with_nothing_allocated_has_no_share_of_it(self) -> None:
        """The cooperatives' own funds: nothing allocated, so disbursed / allocated is none."""
        own = _line(_report(), "line", table="bieu-1", source="own")

        assert None is own.shares["disbursed_of_allocated"]
        assert Decimal("0.00") == own.shares["allocated_of_need"]

    def test_rounding_follows_the_declared_mode(self) -> None:
        """1 / 8 is 12.5 %: 13 rounded half up, 12 half to even, to 0 places."""
        amounts = {"allocated": Decimal(1), "need": Decimal(8)}
        up = Share("s", Text("s", "s"), "allocated", "need", Rounding(0, "half_up"))
        even = Share("s", Text("s", "s"), "allocated", "need", Rounding(0, "half_even"))

        assert (Decimal(13), Decimal(12)) == (share_of(up, amounts), share_of(even, amounts))

    @given(
        st.lists(st.integers(min_value=0, max_value=10**12), min_size=2, max_size=2),
        st.integers(min_value=-(10**9), max_value=10**9),
    )
    def test_a_state_line_off_by_d_is_found_off_by_d(self, parts: list[int], slip: int) -> None:
        """A state line of central + local + d: no finding for d = 0, else one, of difference d."""
        central, local = (Decimal(p) for p in parts)

        def line(source: str, need: Decimal) -> PlanLine:
            return PlanLine("bieu-1", source, 1, None, None, source, {"need": need})

        lines = (
            line("state", central + local + slip),
            line("central", central),
            line("local", local),
        )
        report = check_money(CHECKS, PlanTable("t", lines))

        assert [Decimal(slip)] * (slip != 0) == [f.difference for f in report.findings]
