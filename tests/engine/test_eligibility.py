"""Tests for `coopeval.engine.eligibility`: conditions, amounts and missing evidence of programmes.

Every expected value is written by hand from the shared spec ``support.md``
(sections A to E), with the arithmetic in a comment; none is produced by the
code under test.
"""

# The style guide (STYLE.md section 11) wants `expected == actual`; SIM300 wants the
# reverse. The guide wins in tests.

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import coopeval
from coopeval import CompiledRuleSet, ConditionResult, ProgrammeResult
from coopeval.testing import values
from tests.strategies import VND, loan_figures, programme_records

ROOT = Path(__file__).resolve().parents[2]
PILOTS = json.loads((ROOT / "examples" / "pilots.json").read_text(encoding="utf-8"))

ND45 = coopeval.load("nd45-2021")
TT124 = coopeval.load("tt124-2021")
TT55 = coopeval.load("tt55-2023")
D18 = coopeval.load("luat-htx-2023-d18")
QD167 = coopeval.load("qd167-2021")

#: A loan application meeting all six conditions of Decree 45, Điều 22.
#: Own equity 200 000 000 = 20 % × 1 000 000 000 (exactly the floor of condition 5).
LOAN: dict[str, Any] = {
    "id": "VAY-01",
    "kind": "htx",
    "borrower_is_enterprise_member": False,
    "plan_feasible": True,
    "security_ok": True,
    "own_equity": "200000000",
    "total_investment": "1000000000",
    "has_bad_debt": False,
    "fund_charter_capital": "10000000000",
    "loan_outstanding": "0",
    "group_loan_outstanding": "0",
}

#: A cooperative meeting khoản 1 (a) and (c) of Điều 18 but none of the five
#: alternatives of (b): every "grew"/"rose" pair is equal, no training, not new.
STILL: dict[str, Any] = {
    "id": "HTX-D18",
    "year": 2024,
    "kind": "htx",
    "founded_on": "2015-01-01",
    "prohibited_act_sanction_active": False,
    "criminal_judgment_active": False,
    "members": 10,
    "members_prev": 10,
    "internal_tx_ratio": "40",
    "internal_tx_ratio_prev": "40",
    "indivisible_fund_close": "100000000",
    "indivisible_fund_prev_close": "100000000",
    "indivisible_assets_close": "500000000",
    "indivisible_assets_prev_close": "500000000",
    "trained_members_in_year": False,
    "difficult_area": False,
}

#: A cooperative group (tổ hợp tác) meeting khoản 2 through members who grew.
GROUP: dict[str, Any] = {
    "id": "THT-01",
    "year": 2024,
    "kind": "to_hop_tac",
    "founded_on": "2019-06-01",
    "has_registration_certificate": True,
    "prohibited_act_sanction_active": False,
    "members": 8,
    "members_prev": 7,
    "trained_members_in_year": False,
    "difficult_area": False,
}

#: A candidate meeting every selection condition of Decision 167 read so far.
PILOT: dict[str, Any] = {
    "id": "TD-01",
    "province": "Lào Cai",
    "kind": "htx",
    "model": "chuoi_gia_tri",
    "profit_before_tax_y1": "1",
    "profit_before_tax_y2": "1",
    "profit_before_tax_y3": "1",
    "obligations_filed": True,
    "internal_revenue_share_pct": "60",
}

#: Regional minimum monthly wage (VND) by effective date and region: support.md, C.
WAGES: dict[dt.date, dict[str, Decimal]] = {
    dt.date(2020, 1, 1): {
        "I": Decimal(4_420_000),
        "II": Decimal(3_920_000),
        "III": Decimal(3_430_000),
        "IV": Decimal(3_070_000),
    },
    dt.date(2022, 7, 1): {
        "I": Decimal(4_680_000),
        "II": Decimal(4_160_000),
        "III": Decimal(3_640_000),
        "IV": Decimal(3_250_000),
    },
    dt.date(2024, 7, 1): {
        "I": Decimal(4_960_000),
        "II": Decimal(4_410_000),
        "III": Decimal(3_860_000),
        "IV": Decimal(3_450_000),
    },
    dt.date(2026, 1, 1): {
        "I": Decimal(5_310_000),
        "II": Decimal(4_730_000),
        "III": Decimal(4_140_000),
        "IV": Decimal(3_700_000),
    },
}


def _run(
    programme: CompiledRuleSet[Any],
    base: Mapping[str, Any],
    changes: Mapping[str, Any] | None = None,
    *,
    drop: tuple[str, ...] = (),
    as_of: dt.date | None = None,
) -> ProgrammeResult:
    record = {k: v for k, v in {**base, **(changes or {})}.items() if k not in drop}
    result: ProgrammeResult = coopeval.evaluate(programme, record, as_of=as_of)
    return result


def _condition(result: ProgrammeResult, condition_id: str) -> ConditionResult:
    return next(c for c in result.conditions if c.id == condition_id)


def _outcome(result: ProgrammeResult, condition_id: str) -> str:
    return _condition(result, condition_id).outcome


def _amount(result: ProgrammeResult, amount_id: str) -> Decimal | None:
    return next(a.value for a in result.amounts if a.id == amount_id)


def _wage_in_force(day: dt.date, region: str) -> Decimal:
    """The support.md table row in force on ``day``: the latest starting on or before it."""
    start = max(d for d in WAGES if d <= day)
    return WAGES[start][region]


class TestEvaluateProgramme:
    def test_every_condition_is_reported_in_file_order(self) -> None:
        """A result lists every condition of the programme, not only the first failure."""
        result = _run(ND45, LOAN, {"has_bad_debt": True, "plan_feasible": False})

        assert ["loan_conditions", "c1", "c2", "c3", "c4", "c5", "c6"] == [
            c.id for c in result.conditions
        ]
        assert ["not_met", "met", "met", "not_met", "met", "met", "not_met"] == [
            c.outcome for c in result.conditions
        ]

    def test_conditions_carry_their_citations(self) -> None:
        """Each condition carries the citation of the article it encodes."""
        result = _run(ND45, LOAN)

        assert (
            "Nghị định 45/2021/NĐ-CP, Điều 20, khoản 1; Điều 22"
            == _condition(result, "c1").citation
        )
        assert "Nghị định 45/2021/NĐ-CP, Điều 22; Điều 26" == _condition(result, "c4").citation

    def test_leaves_carry_the_values_they_read(self) -> None:
        """A leaf reports the values it read, in exact decimals."""
        result = _run(ND45, LOAN)

        assert {
            "own_equity": Decimal("200000000"),
            "total_investment": Decimal("1000000000"),
        } == dict(_condition(result, "c5").values)

    def test_record_is_not_modified(self) -> None:
        """Evaluating a record leaves the record as it was."""
        record = dict(LOAN)

        coopeval.evaluate(ND45, record)

        assert LOAN == record

    def test_as_of_fills_records_without_a_date(self) -> None:
        """The ``as_of`` argument is the date of a record that gives none."""
        record = {"id": "X", "wage_region": "I", "months": 1}

        result = _run(TT124, record, as_of=dt.date(2022, 7, 1))

        # 1.5 × 4 680 000 = 7 020 000 (Decree 38/2022, from 2022-07-01).
        assert Decimal(7_020_000) == _amount(result, "monthly_floor")

    def test_as_of_overrides_the_record_date(self) -> None:
        """The ``as_of`` argument (``--as-of``) wins over the record's own ``as_of``."""
        record = {"id": "X", "wage_region": "I", "months": 1, "as_of": "2022-06-30"}

        own = _run(TT124, record)
        asked = _run(TT124, record, as_of=dt.date(2026, 1, 1))

        # 1.5 × 4 420 000 = 6 630 000 (Decree 90/2019, in force on 2022-06-30);
        # 1.5 × 5 310 000 = 7 965 000 (Decree 293/2025, from 2026-01-01).
        assert Decimal(6_630_000) == _amount(own, "monthly_floor")
        assert Decimal(7_965_000) == _amount(asked, "monthly_floor")

    @pytest.mark.parametrize(
        ("rules", "record", "day", "start"),
        [
            # Circular 124/2021 is in force from 14/02/2022.
            ("tt124-2021", {"as_of": "2022-02-13", "wage_region": "I"}, "2022-02-13", "2022-02-14"),
            # Law 2023 art. 18 from 01/07/2024: a 2023 record is dated 31/12/2023.
            ("luat-htx-2023-d18", {"year": 2023}, "2023-12-31", "2024-07-01"),
        ],
    )
    def test_record_dated_before_the_programme_is_refused(
        self, rules: str, record: dict[str, Any], day: str, start: str
    ) -> None:
        """A programme judges no record dated before it came into force, and says why."""
        result = coopeval.evaluate(coopeval.load(rules), {"id": "X", **record})

        assert "error" == result.status
        assert () == result.conditions
        assert () == result.amounts
        assert [("not_in_force", day)] == [(e.code, e.value) for e in result.errors]
        assert start in result.errors[0].message
        assert start in result.errors[0].allowed

    def test_first_day_in_force_is_judged(self) -> None:
        """14/02/2022, the first day of Circular 124/2021, is judged (Decree 90/2019's wage)."""
        result = _run(TT124, {"id": "X", "wage_region": "I", "as_of": "2022-02-14", "months": 1})

        assert [] == list(result.errors)
        assert Decimal(6_630_000) == _amount(result, "monthly_floor")

    def test_as_of_judges_an_earlier_record(self) -> None:
        """``as_of`` on a day the programme is in force judges a record dated before it."""
        result = coopeval.evaluate(D18, PILOTS[0], as_of=dt.date(2024, 12, 31))

        assert "ok" == result.status
        assert "eligible" == result.outcome


class TestLoanConditions:
    """Decree 45/2021, Điều 20 and 22 (support.md, B)."""

    def test_all_conditions_met_is_eligible(self) -> None:
        """A record meeting all six conditions is eligible."""
        result = _run(ND45, LOAN)

        assert "eligible" == result.outcome
        assert () == result.missing

    @pytest.mark.parametrize(
        ("own_equity", "expected"),
        [
            # 20 % × 1 000 000 000 = 200 000 000: "≥ 20 %" includes the edge.
            ("200000000", "met"),
            # 19.99 % × 1 000 000 000 = 199 900 000 < 200 000 000.
            ("199900000", "not_met"),
            # One đồng short of the floor.
            ("199999999", "not_met"),
            ("1000000000", "met"),
        ],
    )
    def test_own_equity_edge(self, own_equity: str, expected: str) -> None:
        """Own equity of at least 20 % of the total investment meets condition 5."""
        result = _run(ND45, LOAN, {"own_equity": own_equity})

        assert expected == _outcome(result, "c5")

    def test_own_equity_below_floor_is_not_eligible(self) -> None:
        """Own equity of 19.99 % of the investment makes the record not eligible."""
        result = _run(ND45, LOAN, {"own_equity": "199900000"})

        assert "not_eligible" == result.outcome

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"borrower_age": 18}, "met"),
            ({"borrower_age": 17}, "not_met"),
            ({"borrower_age": 65}, "met"),
            # No age: the cooperative or union itself borrows, a legal entity.
            ({}, "met"),
            ({"kind": "lien_hiep"}, "met"),
            # A cooperative group is no legal entity: only an aged member may borrow.
            ({"kind": "to_hop_tac"}, "not_met"),
            ({"kind": "to_hop_tac", "borrower_age": 18}, "met"),
        ],
    )
    def test_legal_entity_or_adult(self, changes: Mapping[str, Any], expected: str) -> None:
        """Condition 2 holds for a legal entity or an individual aged 18 or over."""
        result = _run(ND45, LOAN, changes)

        assert expected == _outcome(result, "c2")

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"borrower_is_enterprise_member": True}, "not_met"),
            ({"kind": "lien_hiep"}, "met"),
            ({"kind": "to_hop_tac", "borrower_age": 30}, "met"),
            # People's credit funds are credit institutions, not among the borrowers.
            ({"kind": "quy_tin_dung"}, "not_met"),
        ],
    )
    def test_who_may_borrow(self, changes: Mapping[str, Any], expected: str) -> None:
        """Condition 1 excludes members that are enterprises."""
        result = _run(ND45, LOAN, changes)

        assert expected == _outcome(result, "c1")

    def test_enterprise_member_is_not_eligible(self) -> None:
        """A member that is an enterprise may not borrow."""
        result = _run(ND45, LOAN, {"borrower_is_enterprise_member": True})

        assert "not_eligible" == result.outcome

    def test_bad_debt_is_not_eligible(self) -> None:
        """Bad debt at a credit institution fails condition 6 and the programme."""
        result = _run(ND45, LOAN, {"has_bad_debt": True})

        assert "not_met" == _outcome(result, "c6")
        assert "not_eligible" == result.outcome

    @pytest.mark.parametrize(
        ("field", "condition"), [("plan_feasible", "c3"), ("security_ok", "c4")]
    )
    def test_plan_and_security(self, field: str, condition: str) -> None:
        """An infeasible plan or no loan security fails its condition."""
        result = _run(ND45, LOAN, {field: False})

        assert "not_met" == _outcome(result, condition)
        assert "not_eligible" == result.outcome


class TestLoanHeadroom:
    """max(0, min(15 % × capital − outstanding, 25 % × capital − group, investment − equity))."""

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            # 15 % binds: 0.15 × 10 000 000 000 − 500 000 000 = 1 000 000 000;
            # 0.25 × 10 000 000 000 − 600 000 000 = 1 900 000 000;
            # 5 000 000 000 − 1 000 000 000 = 4 000 000 000.
            (
                {
                    "loan_outstanding": "500000000",
                    "group_loan_outstanding": "600000000",
                    "total_investment": "5000000000",
                    "own_equity": "1000000000",
                },
                Decimal(1_000_000_000),
            ),
            # 25 % binds: 1 500 000 000 − 0; 2 500 000 000 − 1 800 000 000 = 700 000 000;
            # 5 000 000 000 − 1 000 000 000 = 4 000 000 000.
            (
                {
                    "loan_outstanding": "0",
                    "group_loan_outstanding": "1800000000",
                    "total_investment": "5000000000",
                    "own_equity": "1000000000",
                },
                Decimal(700_000_000),
            ),
            # The financing gap binds: 1 500 000 000; 2 500 000 000;
            # 800 000 000 − 200 000 000 = 600 000 000.
            (
                {"total_investment": "800000000", "own_equity": "200000000"},
                Decimal(600_000_000),
            ),
            # Floored at 0: 1 500 000 000 − 1 600 000 000 = −100 000 000 → 0.
            (
                {"loan_outstanding": "1600000000", "group_loan_outstanding": "1600000000"},
                Decimal(0),
            ),
            # Floored at 0: the group is over 25 %: 2 500 000 000 − 3 000 000 000 < 0.
            ({"group_loan_outstanding": "3000000000"}, Decimal(0)),
            # Floored at 0: own equity above the investment, 1 000 000 000 − 1 200 000 000 < 0.
            ({"own_equity": "1200000000"}, Decimal(0)),
            # Exactly at the 15 % limit: 1 500 000 000 − 1 500 000 000 = 0.
            (
                {"loan_outstanding": "1500000000", "group_loan_outstanding": "1500000000"},
                Decimal(0),
            ),
            # Rounded down: 0.15 × 1 000 000 001 = 150 000 000.15 → 150 000 000;
            # 0.25 × 1 000 000 001 = 250 000 000.25; gap 800 000 000.
            ({"fund_charter_capital": "1000000001"}, Decimal(150_000_000)),
        ],
    )
    def test_each_limit_binds(self, changes: Mapping[str, Any], expected: Decimal) -> None:
        """The headroom is the least of the three limits, never below 0."""
        result = _run(ND45, LOAN, changes)

        assert expected == _amount(result, "loan_headroom")

    def test_pilot_record(self) -> None:
        """HTX-03's headroom is what is left under the 15 % limit."""
        result = coopeval.evaluate(ND45, PILOTS[2])

        # 0.15 × 20 000 000 000 − 1 500 000 000 = 1 500 000 000;
        # 0.25 × 20 000 000 000 − 2 500 000 000 = 2 500 000 000;
        # 4 000 000 000 − 1 200 000 000 = 2 800 000 000.
        assert Decimal(1_500_000_000) == _amount(result, "loan_headroom")

    def test_amount_of_a_not_eligible_record(self) -> None:
        """A record that is not eligible still gets its headroom."""
        result = _run(ND45, LOAN, {"has_bad_debt": True})

        # min(1 500 000 000, 2 500 000 000, 1 000 000 000 − 200 000 000) = 800 000 000.
        assert "not_eligible" == result.outcome
        assert Decimal(800_000_000) == _amount(result, "loan_headroom")

    def test_amount_of_an_undetermined_record(self) -> None:
        """A record with missing evidence still gets its headroom."""
        result = _run(ND45, LOAN, drop=("plan_feasible",))

        assert "undetermined" == result.outcome
        assert Decimal(800_000_000) == _amount(result, "loan_headroom")

    def test_pilot_not_eligible_keeps_amount(self) -> None:
        """HTX-02 fails condition 5 yet gets its headroom."""
        result = coopeval.evaluate(ND45, PILOTS[1])

        # c5: 500 000 000 < 20 % × 3 000 000 000 = 600 000 000.
        # Headroom: min(3 000 000 000, 5 000 000 000, 3 000 000 000 − 500 000 000).
        assert "not_eligible" == result.outcome
        assert Decimal(2_500_000_000) == _amount(result, "loan_headroom")

    def test_missing_input_leaves_no_amount(self) -> None:
        """Without the fund's capital there is no headroom, and the input is named."""
        result = _run(ND45, LOAN, drop=("fund_charter_capital",))
        amount = next(a for a in result.amounts if a.id == "loan_headroom")

        assert None is amount.value
        assert ("fund_charter_capital",) == amount.missing


class TestMonthlyFloor:
    """Circular 124/2021, Điều 10: at least 1.5 × the regional minimum wage (support.md, C)."""

    @pytest.mark.parametrize(
        ("day", "region", "expected"),
        [
            # Decree 90/2019 from 2020-01-01 (Circular 124 from 2022-02-14):
            # 1.5 × 4 420 000, 3 920 000, 3 430 000, 3 070 000.
            ("2022-02-14", "I", 6_630_000),
            ("2022-02-14", "II", 5_880_000),
            ("2022-02-14", "III", 5_145_000),
            ("2022-02-14", "IV", 4_605_000),
            # The day before Decree 38/2022: still Decree 90/2019.
            ("2022-06-30", "I", 6_630_000),
            ("2022-06-30", "II", 5_880_000),
            ("2022-06-30", "III", 5_145_000),
            ("2022-06-30", "IV", 4_605_000),
            # Decree 38/2022 from 2022-07-01: 1.5 × 4 680 000, 4 160 000, 3 640 000, 3 250 000.
            ("2022-07-01", "I", 7_020_000),
            ("2022-07-01", "II", 6_240_000),
            ("2022-07-01", "III", 5_460_000),
            ("2022-07-01", "IV", 4_875_000),
            ("2024-06-30", "I", 7_020_000),
            ("2024-06-30", "II", 6_240_000),
            ("2024-06-30", "III", 5_460_000),
            ("2024-06-30", "IV", 4_875_000),
            # Decree 74/2024 from 2024-07-01: 1.5 × 4 960 000, 4 410 000, 3 860 000, 3 450 000.
            ("2024-07-01", "I", 7_440_000),
            ("2024-07-01", "II", 6_615_000),
            ("2024-07-01", "III", 5_790_000),
            ("2024-07-01", "IV", 5_175_000),
            ("2025-12-31", "I", 7_440_000),
            ("2025-12-31", "II", 6_615_000),
            ("2025-12-31", "III", 5_790_000),
            ("2025-12-31", "IV", 5_175_000),
            # Decree 293/2025 from 2026-01-01: 1.5 × 5 310 000, 4 730 000, 4 140 000, 3 700 000.
            ("2026-01-01", "I", 7_965_000),
            ("2026-01-01", "II", 7_095_000),
            ("2026-01-01", "III", 6_210_000),
            ("2026-01-01", "IV", 5_550_000),
        ],
    )
    def test_rate_in_force_on_the_day(self, day: str, region: str, expected: int) -> None:
        """The floor uses the wage in force on the date, from the day a decree takes effect."""
        result = _run(TT124, {"id": "X", "wage_region": region, "as_of": day, "months": 1})

        assert Decimal(expected) == _amount(result, "monthly_floor")

    @pytest.mark.parametrize(
        ("day", "region", "months", "expected"),
        [
            # 12 × 7 020 000 = 84 240 000.
            ("2022-07-01", "I", 12, 84_240_000),
            # 6 × 5 790 000 = 34 740 000.
            ("2025-01-01", "III", 6, 34_740_000),
            # 0 × 4 605 000 = 0.
            ("2022-02-14", "IV", 0, 0),
            # 7 × 7 095 000 = 49 665 000.
            ("2026-01-01", "II", 7, 49_665_000),
        ],
    )
    def test_period_total(self, day: str, region: str, months: int, expected: int) -> None:
        """The period total is the months times the monthly floor."""
        result = _run(TT124, {"id": "X", "wage_region": region, "as_of": day, "months": months})

        assert Decimal(expected) == _amount(result, "period_total")

    def test_2026_row_is_confirmed(self) -> None:
        """The floor from 2026-01-01 took the confirmed row of Decree 293/2025, Điều 3, khoản 1."""
        result = _run(TT124, {"id": "X", "wage_region": "I", "as_of": "2026-01-01"})
        amount = next(a for a in result.amounts if a.id == "monthly_floor")

        assert [
            (
                "regional_minimum_wage",
                "I",
                dt.date(2026, 1, 1),
                Decimal(5_310_000),
                dt.date(2026, 1, 1),
                "Nghị định 293/2025/NĐ-CP, Điều 3, khoản 1",
                "confirmed",
            )
        ] == [
            (p.parameter, p.column, p.on, p.value, p.effective_from, p.citation, p.status)
            for p in amount.parameters
        ]

    @pytest.mark.parametrize(
        ("day", "region", "expected", "decree"),
        [
            # A 2026 budget made on 1 January: 1.5 × 3 700 000 × 12 = 66 600 000.
            ("2026-01-01", "IV", 66_600_000, "Nghị định 293/2025/NĐ-CP, Điều 3, khoản 1"),
            # Later in 2026, same row: 1.5 × 4 140 000 × 12 = 74 520 000.
            ("2026-06-15", "III", 74_520_000, "Nghị định 293/2025/NĐ-CP, Điều 3, khoản 1"),
            # The day before: Decree 74/2024, 1.5 × 3 450 000 × 12 = 62 100 000.
            ("2025-12-31", "IV", 62_100_000, "Nghị định 74/2024/NĐ-CP"),
            # The day before, region III: 1.5 × 3 860 000 × 12 = 69 480 000.
            ("2025-12-31", "III", 69_480_000, "Nghị định 74/2024/NĐ-CP"),
        ],
    )
    def test_a_year_of_support_around_the_2026_row(
        self, day: str, region: str, expected: int, decree: str
    ) -> None:
        """Twelve months from 2026-01-01 take the 2026 row; dated 2025-12-31, the 2024 row."""
        result = _run(TT124, {"id": "X", "wage_region": region, "as_of": day, "months": 12})
        amount = next(a for a in result.amounts if a.id == "monthly_floor")

        assert Decimal(expected) == _amount(result, "period_total")
        assert [(decree, "confirmed")] == [(p.citation, p.status) for p in amount.parameters]

    def test_2025_row_is_confirmed(self) -> None:
        """The floor on 2025-12-31 took the confirmed row of Decree 74/2024."""
        result = _run(TT124, {"id": "X", "wage_region": "II", "as_of": "2025-12-31"})
        amount = next(a for a in result.amounts if a.id == "monthly_floor")

        assert [(dt.date(2024, 7, 1), "Nghị định 74/2024/NĐ-CP", "confirmed")] == [
            (p.effective_from, p.citation, p.status) for p in amount.parameters
        ]

    def test_missing_region_leaves_no_amount(self) -> None:
        """Without a wage region there is no floor, and ``wage_region`` is named."""
        result = _run(TT124, {"id": "X", "as_of": "2025-01-01", "months": 2})
        amount = next(a for a in result.amounts if a.id == "monthly_floor")

        assert None is amount.value
        assert ("wage_region",) == amount.missing

    @pytest.mark.parametrize(
        ("days", "expected"),
        [
            # 26 days count as one month: 1.5 × 4 960 000 = 7 440 000.
            (26, 7_440_000),
            # The support is per course: longer courses get one month.
            (40, 7_440_000),
            # 7 440 000 × 13 / 26 = 3 720 000.
            (13, 3_720_000),
            # 7 440 000 × 1 / 26 = 286 153.846… → rounded up to 286 154.
            (1, 286_154),
        ],
    )
    def test_training_lodging_pro_rata(self, days: int, expected: int) -> None:
        """A course shorter than 26 days gets the floor pro rata on its days."""
        record = {"id": "X", "wage_region": "I", "as_of": "2024-07-01", "course_days": days}

        result = _run(TT124, record)

        assert Decimal(expected) == _amount(result, "training_lodging_floor")


class TestCentralBudgetCap:
    """Circular 55/2023, Điều 4, khoản 12: 70 % mountainous, 50 % elsewhere (support.md, E)."""

    @pytest.mark.parametrize(
        ("cost", "mountainous", "expected"),
        [
            # 0.5 × 1 000 000 001 = 500 000 000.5 → whole VND down: 500 000 000.
            ("1000000001", False, 500_000_000),
            # 0.7 × 1 000 000 001 = 700 000 000.7 → 700 000 000.
            ("1000000001", True, 700_000_000),
            # 0.7 × 2 400 000 000 = 1 680 000 000.
            ("2400000000", True, 1_680_000_000),
            # 0.5 × 5 000 000 000 = 2 500 000 000.
            ("5000000000", False, 2_500_000_000),
            ("0", True, 0),
        ],
    )
    def test_share_by_district(self, cost: str, mountainous: bool, expected: int) -> None:
        """The cap is 70 % of the cost in mountainous districts and 50 % elsewhere."""
        record = {"id": "X", "project_cost": cost, "mountainous": mountainous}

        result = _run(TT55, record)

        assert Decimal(expected) == _amount(result, "central_budget_cap")

    def test_cap_computed_for_an_unapproved_project(self) -> None:
        """A project not approved is not eligible but its ceiling is still given."""
        record = {
            "id": "X",
            "project_cost": "3100000000",
            "mountainous": True,
            "project_approved": False,
        }

        result = _run(TT55, record)

        # 0.7 × 3 100 000 000 = 2 170 000 000.
        assert "not_eligible" == result.outcome
        assert Decimal(2_170_000_000) == _amount(result, "central_budget_cap")

    def test_unknown_district_leaves_no_cap(self) -> None:
        """Without knowing whether the district is mountainous there is no cap."""
        result = _run(TT55, {"id": "X", "project_cost": "1000"})
        amount = next(a for a in result.amounts if a.id == "central_budget_cap")

        assert None is amount.value
        assert ("mountainous",) == amount.missing


class TestGeneralEligibility:
    """Law on Cooperatives 17/2023, Điều 18 (support.md, A)."""

    def test_no_alternative_of_b_is_not_eligible(self) -> None:
        """A cooperative meeting none of the five alternatives of (b) is not eligible."""
        result = _run(D18, STILL)

        assert [
            ("k1_b1_members_grew", "not_met"),
            ("k1_b2_internal_tx_rose", "not_met"),
            ("k1_b3_indivisible_grew", "not_met"),
            ("k1_b4_trained", "not_met"),
            ("k1_b5_new_in_difficult_area", "not_met"),
            ("k1_b", "not_met"),
        ] == [
            (cid, _outcome(result, cid))
            for cid in (
                "k1_b1_members_grew",
                "k1_b2_internal_tx_rose",
                "k1_b3_indivisible_grew",
                "k1_b4_trained",
                "k1_b5_new_in_difficult_area",
                "k1_b",
            )
        ]
        assert "not_eligible" == result.outcome

    @pytest.mark.parametrize(
        ("changes", "leaf"),
        [
            # Members grew by exactly one: 11 > 10.
            ({"members": 11}, "k1_b1_members_grew"),
            # Internal-transaction ratio rose: 40.01 % > 40 %.
            ({"internal_tx_ratio": "40.01"}, "k1_b2_internal_tx_rose"),
            # Indivisible fund grew by one đồng.
            ({"indivisible_fund_close": "100000001"}, "k1_b3_indivisible_grew"),
            # Indivisible assets grew.
            ({"indivisible_assets_close": "500000001"}, "k1_b3_indivisible_grew"),
            ({"trained_members_in_year": True}, "k1_b4_trained"),
            # Founded in the evaluated year in a difficult area.
            (
                {"difficult_area": True, "founded_on": "2024-03-01"},
                "k1_b5_new_in_difficult_area",
            ),
        ],
    )
    def test_each_alternative_alone_suffices(self, changes: Mapping[str, Any], leaf: str) -> None:
        """Any one of the five alternatives of (b) alone makes the cooperative eligible."""
        result = _run(D18, STILL, changes)

        assert ("met", "met", "eligible") == (
            _outcome(result, leaf),
            _outcome(result, "k1_b"),
            result.outcome,
        )

    @pytest.mark.parametrize(
        ("changes", "leaf"),
        [
            ({"members": 9}, "k1_b1_members_grew"),
            ({"internal_tx_ratio": "39.99"}, "k1_b2_internal_tx_rose"),
            ({"indivisible_fund_close": "99999999"}, "k1_b3_fund_grew"),
            ({"indivisible_assets_close": "499999999"}, "k1_b3_assets_grew"),
            # New, but not in a difficult area.
            ({"founded_on": "2024-03-01"}, "k1_b5_new_in_difficult_area"),
            # In a difficult area, but founded years before.
            ({"difficult_area": True}, "k1_b5_new_in_difficult_area"),
        ],
    )
    def test_a_fall_or_an_old_founding_is_not_growth(
        self, changes: Mapping[str, Any], leaf: str
    ) -> None:
        """A fall, or a founding long before the year, does not meet the alternative."""
        result = _run(D18, STILL, changes)

        assert ("not_met", "not_eligible") == (_outcome(result, leaf), result.outcome)

    @pytest.mark.parametrize(
        "leaf",
        ["k1_b1_members_grew", "k1_b2_internal_tx_rose", "k1_b3_fund_grew", "k1_b3_assets_grew"],
    )
    def test_equal_values_are_not_growth(self, leaf: str) -> None:
        """Equal values in both years are no growth."""
        result = _run(D18, STILL)

        assert "not_met" == _outcome(result, leaf)

    @pytest.mark.parametrize(
        ("changes", "leaf"),
        [
            ({"prohibited_act_sanction_active": True}, "k1_a_no_sanction"),
            ({"criminal_judgment_active": True}, "k1_a_no_criminal_judgment"),
        ],
    )
    def test_sanction_or_judgment_is_not_eligible(
        self, changes: Mapping[str, Any], leaf: str
    ) -> None:
        """A sanction for a prohibited act or a criminal judgment fails (a)."""
        result = _run(D18, STILL, {"trained_members_in_year": True, **changes})

        assert ("not_met", "not_met", "not_eligible") == (
            _outcome(result, leaf),
            _outcome(result, "k1_a"),
            result.outcome,
        )

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            # Not required (the default): the report is not asked for.
            ({}, "met"),
            ({"audit_required": False, "has_audit_report": False}, "met"),
            ({"audit_required": True, "has_audit_report": True}, "met"),
            ({"audit_required": True, "has_audit_report": False}, "not_met"),
            # Required, and nothing said about the report: evidence missing.
            ({"audit_required": True}, "missing"),
        ],
    )
    def test_audit_report_only_where_required(
        self, changes: Mapping[str, Any], expected: str
    ) -> None:
        """An audit report is needed only where the policy requires one (c)."""
        result = _run(D18, STILL, {"trained_members_in_year": True, **changes})

        assert expected == _outcome(result, "k1_c")

    def test_required_audit_missing_is_undetermined(self) -> None:
        """A required audit report that the record does not mention leaves it undetermined."""
        result = _run(D18, STILL, {"trained_members_in_year": True, "audit_required": True})

        assert ("undetermined", ("has_audit_report",)) == (result.outcome, result.missing)

    def test_cooperative_group_under_khoan_2(self) -> None:
        """A registered tổ hợp tác whose members grew is eligible under khoản 2, not khoản 1."""
        result = _run(D18, GROUP)

        assert ("eligible", "met", "not_met", "not_met") == (
            result.outcome,
            _outcome(result, "k2"),
            _outcome(result, "k1"),
            _outcome(result, "k1_cooperative"),
        )

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"has_registration_certificate": False}, "not_eligible"),
            ({"prohibited_act_sanction_active": True}, "not_eligible"),
            # Khoản 2 does not list criminal judgments.
            ({"criminal_judgment_active": True}, "eligible"),
            # No growth, but members were trained.
            ({"members": 7, "trained_members_in_year": True}, "eligible"),
            # No growth, but newly founded in a difficult area.
            ({"members": 7, "difficult_area": True, "founded_on": "2024-02-01"}, "eligible"),
            # No growth and no training: a rising internal-transaction ratio is not
            # among khoản 2's alternatives.
            (
                {"members": 7, "internal_tx_ratio": "50", "internal_tx_ratio_prev": "10"},
                "not_eligible",
            ),
        ],
    )
    def test_cooperative_group_conditions(self, changes: Mapping[str, Any], expected: str) -> None:
        """A tổ hợp tác needs a certificate, no sanction, and growth, training or a new founding."""
        result = _run(D18, GROUP, changes)

        assert expected == result.outcome

    def test_cooperative_is_not_judged_under_khoan_2(self) -> None:
        """A cooperative fails khoản 2 at its first leaf, whatever else it meets."""
        result = _run(D18, STILL, {"trained_members_in_year": True})

        assert ("not_met", "not_met", "met") == (
            _outcome(result, "k2_cooperative_group"),
            _outcome(result, "k2"),
            _outcome(result, "k1"),
        )

    def test_pilots_are_all_eligible(self) -> None:
        """The four pilots each meet khoản 1."""
        # the pilots' figures are for 2023: judged as at 31/12/2024, when art. 18 is in force
        results = [coopeval.evaluate(D18, r, as_of=dt.date(2024, 12, 31)) for r in PILOTS]

        # HTX-02: members 132 = 132, ratio 50 < 52, fund and assets fell, but trained.
        assert ["eligible"] * 4 == [r.outcome for r in results]


class TestPilotSelection:
    """Decision 167/QĐ-TTg selection conditions (support.md, D)."""

    def test_all_conditions_met(self) -> None:
        """A candidate meeting every condition read so far is eligible."""
        result = _run(QD167, PILOT)

        assert "eligible" == result.outcome

    @pytest.mark.parametrize(
        ("year", "profit", "expected"),
        [
            ("profit_before_tax_y1", "0", "not_met"),
            ("profit_before_tax_y2", "0", "not_met"),
            ("profit_before_tax_y3", "0", "not_met"),
            ("profit_before_tax_y2", "-35000000", "not_met"),
            ("profit_before_tax_y3", "0.01", "met"),
        ],
    )
    def test_profitable_means_above_zero(self, year: str, profit: str, expected: str) -> None:
        """A break-even or loss year breaks the three profitable years."""
        result = _run(QD167, PILOT, {year: profit})

        assert expected == _outcome(result, "profitable_3_years")

    def test_break_even_year_is_not_eligible(self) -> None:
        """A zero profit year makes the candidate not eligible."""
        result = _run(QD167, PILOT, {"profit_before_tax_y2": "0"})

        assert "not_eligible" == result.outcome

    def test_unknown_model_is_a_located_error(self) -> None:
        """A model outside the list is a located error on ``model``, never a silent no."""
        result = _run(QD167, PILOT, {"model": "khong_ro"})

        assert ["model"] == [e.field for e in result.errors]
        assert "undetermined" == result.outcome
        assert "missing" == _outcome(result, "model_known")

    @pytest.mark.parametrize(
        "model",
        [
            "san_giao_dich",
            "tich_tu_ruong_dat",
            "chuoi_gia_tri",
            "bien_doi_khi_hau",
            "ben_vung",
            "ocop_du_lich",
            "doanh_nghiep_thanh_vien",
            "thuy_san_cong_dong",
        ],
    )
    def test_each_agricultural_model_is_known(self, model: str) -> None:
        """Each of the eight agricultural models meets the model condition."""
        result = _run(QD167, PILOT, {"model": model})

        assert "met" == _outcome(result, "model_known")

    def test_provisional_conditions_are_marked(self) -> None:
        """The cut-off condition, the member-supply share and the reading of who is a
        cooperative under the law (support.md, readings) carry status provisional."""
        result = _run(QD167, PILOT)

        assert {
            "under_cooperative_law": "provisional",
            "obligations": "provisional",
            "member_supply_share": "provisional",
        } == {c.id: c.status for c in result.conditions if c.status != "confirmed"}

    def test_pilots(self) -> None:
        """HTX-02 had a loss year; HTX-04 does not say whether it filed its obligations."""
        results = [coopeval.evaluate(QD167, r) for r in PILOTS]

        # HTX-01: member supply share 45 % < the provisional 50 %.
        assert ["not_eligible", "not_eligible", "eligible", "undetermined"] == [
            r.outcome for r in results
        ]
        assert ("obligations_filed",) == results[3].missing


class TestDerivedInputs:
    """qd167's rating_tt01 comes from tt01-2020 when the record gives no rating."""

    def test_rating_from_tt01(self) -> None:
        """HTX-04 scores 79 under Circular 01/2020, so its rating is khá (65 ≤ 79 < 80)."""
        result = coopeval.evaluate(QD167, PILOTS[3])

        assert (("rating_tt01", "tt01-2020"),) == result.derived
        assert "kha" == result.values[QD167.names.index("rating_tt01")]

    def test_rating_given_in_the_record(self) -> None:
        """A rating in the record is taken as given, and nothing is derived."""
        result = coopeval.evaluate(QD167, {**PILOTS[3], "rating_tt01": "tot"})

        assert () == result.derived
        assert "tot" == result.values[QD167.names.index("rating_tt01")]

    def test_no_tt01_fields_leaves_rating_missing(self) -> None:
        """A record with neither a rating nor the tt01 fields derives nothing."""
        result = _run(QD167, PILOT)

        assert () == result.derived


class TestCombine:
    """Three-valued all_of / any_of, through the outcomes of composite conditions."""

    def test_all_of_with_a_missing_child_is_missing(self) -> None:
        """An all_of with one child missing and the others met is missing, naming the input."""
        result = _run(ND45, LOAN, drop=("security_ok",))

        assert ("missing", ("security_ok",)) == (
            _outcome(result, "loan_conditions"),
            _condition(result, "loan_conditions").missing,
        )
        assert ("undetermined", ("security_ok",)) == (result.outcome, result.missing)

    def test_all_of_with_a_failed_child_is_not_met(self) -> None:
        """An all_of with a child not met is not met, whatever else is missing."""
        result = _run(ND45, LOAN, {"has_bad_debt": True}, drop=("security_ok", "plan_feasible"))

        assert ("not_met", "not_eligible", ()) == (
            _outcome(result, "loan_conditions"),
            result.outcome,
            result.missing,
        )

    def test_any_of_with_a_met_child_is_met(self) -> None:
        """An any_of with one child met is met even with the other children missing."""
        record = {
            "id": "X",
            "year": 2024,
            "kind": "htx",
            "prohibited_act_sanction_active": False,
            "criminal_judgment_active": False,
            "trained_members_in_year": True,
        }

        result = _run(D18, record)

        assert ("missing", "met", "eligible") == (
            _outcome(result, "k1_b1_members_grew"),
            _outcome(result, "k1_b"),
            result.outcome,
        )

    def test_any_of_with_failed_and_missing_children_is_missing(self) -> None:
        """An any_of with no child met and one missing is missing, naming what it lacks."""
        result = _run(D18, STILL, drop=("members",))

        assert ("missing", ("members",)) == (
            _outcome(result, "k1_b"),
            _condition(result, "k1_b").missing,
        )
        assert ("undetermined", ("members",)) == (result.outcome, result.missing)

    def test_missing_input_is_never_a_silent_no(self) -> None:
        """A record lacking a field is undetermined with the field named, not not_eligible."""
        result = _run(ND45, LOAN, drop=("own_equity",))

        assert ("undetermined", ("own_equity",)) == (result.outcome, result.missing)
        assert ("missing", ("own_equity",)) == (
            _outcome(result, "c5"),
            _condition(result, "c5").missing,
        )

    def test_missing_condition_after_a_failed_one_changes_nothing(self) -> None:
        """A missing leaf cannot turn an all_of that already failed into undetermined."""
        result = _run(D18, STILL, {"prohibited_act_sanction_active": True}, drop=("members",))

        assert ("not_eligible", ()) == (result.outcome, result.missing)

    def test_composites_list_their_children(self) -> None:
        """A composite names the conditions it combines, in the rule file's order."""
        result = _run(ND45, LOAN)

        assert ("c1", "c2", "c3", "c4", "c5", "c6") == _condition(
            result, "loan_conditions"
        ).children


class TestRecordDict:
    def test_json_contract(self) -> None:
        """The JSON form maps the programme id to its outcome, conditions and VND strings."""
        result = _run(ND45, LOAN)

        data = coopeval.to_dict([result])

        programme = data["programs"]["nd45-2021"]
        assert ("VAY-01", "eligible", {"loan_headroom": "800000000", "overdue_rate_cap": None}) == (
            data["id"],
            programme["outcome"],
            programme["amounts"],
        )
        assert {
            "id": "c5",
            "outcome": "met",
            "citation": "Nghị định 45/2021/NĐ-CP, Điều 22",
            "values": {"own_equity": "200000000", "total_investment": "1000000000"},
        } == {k: programme["conditions"][5][k] for k in ("id", "outcome", "citation", "values")}


# ---------------------------------------------------------------------------
# Properties.
# ---------------------------------------------------------------------------


def _kinds(programme: CompiledRuleSet[Any]) -> dict[str, str]:
    """Condition id → all_of / any_of, for the composites of a programme."""
    return {
        c.id: "all_of" if c.all_of else "any_of"
        for c in programme.ruleset.programme.conditions
        if c.all_of or c.any_of
    }


def _meaningful_absence(programme: CompiledRuleSet[Any]) -> set[str]:
    """Inputs whose absence is itself a fact, so filling them is no new evidence.

    An input with a default (audit_required: "the policy requires no audit") and
    one tested with has() (borrower_age: "no age, so a legal entity borrows").
    """
    guarded = {
        name
        for c in programme.ruleset.programme.conditions
        if c.when
        for name in re.findall(r"has\((\w+)\)", c.when)
    }
    return guarded | {s.name for s in programme.ruleset.inputs if s.default is not None}


@st.composite
def _filled(draw: st.DrawFn, programme: CompiledRuleSet[Any]) -> tuple[dict[str, Any], str, Any]:
    """A partial record, and one absent input with a valid value to add."""
    record = draw(programme_records(programme))
    skip = _meaningful_absence(programme)
    absent = [s for s in programme.ruleset.inputs if s.name not in record and s.name not in skip]
    if not absent:
        absent = [next(s for s in programme.ruleset.inputs if s.name not in skip)]
        record.pop(absent[0].name, None)
    spec = draw(st.sampled_from(absent))
    return record, spec.name, draw(values(spec, form="typed"))


PROGRAMMES = st.sampled_from([ND45, D18, QD167])


class TestProperties:
    @given(st.data())
    def test_all_of_met_only_if_every_child_met(self, data: st.DataObject) -> None:
        """An all_of is met exactly when every child is met, not met when one is not met."""
        programme = data.draw(PROGRAMMES)
        result = coopeval.evaluate(programme, data.draw(programme_records(programme)))
        by_id = {c.id: c for c in result.conditions}

        for cid, kind in _kinds(programme).items():
            if kind != "all_of":
                continue
            kids = [by_id[k].outcome for k in by_id[cid].children]
            expected = (
                "met"
                if all(k == "met" for k in kids)
                else "not_met"
                if "not_met" in kids
                else "missing"
            )
            assert expected == by_id[cid].outcome

    @given(st.data())
    def test_any_of_not_met_only_if_every_child_not_met(self, data: st.DataObject) -> None:
        """An any_of is not met exactly when every child is not met, met when one is met."""
        programme = data.draw(PROGRAMMES)
        result = coopeval.evaluate(programme, data.draw(programme_records(programme)))
        by_id = {c.id: c for c in result.conditions}

        for cid, kind in _kinds(programme).items():
            if kind != "any_of":
                continue
            kids = [by_id[k].outcome for k in by_id[cid].children]
            expected = (
                "not_met"
                if all(k == "not_met" for k in kids)
                else "met"
                if "met" in kids
                else "missing"
            )
            assert expected == by_id[cid].outcome

    @given(st.data())
    def test_outcome_follows_the_root(self, data: st.DataObject) -> None:
        """The programme's outcome is its root condition's: met → eligible, and so on."""
        programme = data.draw(PROGRAMMES)
        result = coopeval.evaluate(programme, data.draw(programme_records(programme)))
        assert programme.ruleset.programme.root is not None
        root = _condition(result, programme.ruleset.programme.root)

        names = {"met": "eligible", "not_met": "not_eligible", "missing": "undetermined"}
        assert names[root.outcome] == result.outcome
        assert (root.missing if root.outcome == "missing" else ()) == result.missing

    @given(st.data())
    def test_adding_evidence_never_undecides(self, data: st.DataObject) -> None:
        """Filling one missing input never turns a decided condition into missing evidence."""
        programme = data.draw(st.sampled_from([ND45, D18]))
        record, name, value = data.draw(_filled(programme))
        before = {c.id: c for c in coopeval.evaluate(programme, record).conditions}

        after = {c.id: c for c in coopeval.evaluate(programme, {**record, name: value}).conditions}

        for cid, old in before.items():
            if old.outcome != "missing":
                assert "missing" != after[cid].outcome, cid
            # A leaf that read every input it needs cannot change.
            if not old.children and all(v is not None for _, v in old.values):
                assert old.outcome == after[cid].outcome, cid

    @given(st.data())
    def test_missing_is_named(self, data: st.DataObject) -> None:
        """An undetermined result names at least one absent input, and only absent ones."""
        programme = data.draw(PROGRAMMES)
        record = data.draw(programme_records(programme))
        result = coopeval.evaluate(programme, record)

        if result.outcome == "undetermined" and not result.errors:
            assert [] != list(result.missing)
            assert [] == [m for m in result.missing if m in record]

    @given(
        day=st.dates(dt.date(2022, 2, 14), dt.date(2035, 12, 31)),
        region=st.sampled_from(["I", "II", "III", "IV"]),
        months=st.integers(0, 120),
    )
    def test_monthly_floor_is_one_and_a_half_wages(
        self, day: dt.date, region: str, months: int
    ) -> None:
        """The monthly floor is 1.5 × the wage in force, never below; the total is months × it."""
        record = {"id": "X", "wage_region": region, "as_of": day.isoformat(), "months": months}

        result = _run(TT124, record)

        floor = _amount(result, "monthly_floor")
        expected = Decimal("1.5") * _wage_in_force(day, region)
        assert expected == floor
        assert floor is not None
        assert floor >= Decimal("1.5") * _wage_in_force(day, region)
        assert months * expected == _amount(result, "period_total")

    @given(figures=loan_figures())
    def test_headroom_within_every_limit(self, figures: dict[str, Decimal]) -> None:
        """The headroom is never negative and never above any limit that is not negative."""
        record = {"id": "X", **{k: str(v) for k, v in figures.items()}}

        headroom = _amount(_run(ND45, record), "loan_headroom")

        capital = figures["fund_charter_capital"]
        limits = [
            capital * Decimal("0.15") - figures["loan_outstanding"],
            capital * Decimal("0.25") - figures["group_loan_outstanding"],
            figures["total_investment"] - figures["own_equity"],
        ]
        assert headroom is not None
        assert headroom >= 0
        for limit in limits:
            assert headroom <= max(limit, Decimal(0))
        # Rounded down to whole VND: less than one đồng below the least limit.
        assert headroom > max(min(limits), Decimal(0)) - 1
        assert headroom == headroom.to_integral_value()

    @given(cost=VND, mountainous=st.booleans())
    def test_cap_within_share(self, cost: Decimal, mountainous: bool) -> None:
        """The cap is the share of the cost, rounded down to whole VND."""
        record = {"id": "X", "project_cost": str(cost), "mountainous": mountainous}

        cap = _amount(_run(TT55, record), "central_budget_cap")

        share = cost * (Decimal("0.7") if mountainous else Decimal("0.5"))
        assert cap is not None
        assert cap <= share < cap + 1
        assert cap == cap.to_integral_value()


class TestOverdueRateCap:
    def test_cap_is_150_percent_of_the_in_term_rate(self) -> None:
        """Decree 45 Điều 25: overdue interest at most 150 % of the in-term rate (5.4 → 8.1)."""
        result = coopeval.evaluate(coopeval.load("nd45-2021"), {"id": "R", "interest_rate": "5.4"})

        assert {"overdue_rate_cap": Decimal("8.1")} == {
            a.id: a.value for a in result.amounts if a.id == "overdue_rate_cap"
        }
