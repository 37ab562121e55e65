"""Tests for `coopeval.engine`: scoring and rating records under the bundled tt01-2020.

Every expected value is written by hand from the band tables of
``rules/tt01-2020/ruleset.toml`` and the rating table of Circular 01/2020
(Điều 8, khoản 2), never computed by the engine.
"""

# The style guide (STYLE.md section 11) wants `expected == actual`; SIM300 wants the
# reverse. The guide wins in tests.

from __future__ import annotations

import copy
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import coopeval
from coopeval.engine import evaluate
from coopeval.engine.results import Discrepancy, Evaluation, MissingEvidence
from coopeval.engine.tables import Table, lookup
from coopeval.records import RecordIssue
from coopeval.ruleset.scorecard import Band
from tests.engine import item, rating_of, self_scores_totalling
from tests.strategies import (
    EdgeCase,
    band_tables,
    edge_values,
    records,
    self_scored_records,
    values,
    values_within,
)

RULES = coopeval.load("tt01-2020")

#: Item -> maximum points (spec tt01-2020.md, section 2).
MAXIMA = {
    "c01a": 6, "c01b": 1, "c02a": 5, "c02b": 1, "c03a": 4, "c03b": 3, "c03c": 4,
    "c04a": 2, "c04b": 2, "c04c": 2, "c05": 8, "c06": 6, "c07a": 2, "c07b": 2,
    "c07c": 2, "c08": 6, "c09": 4, "c10": 8, "c11": 8, "c12": 8, "c13": 6, "c14": 5,
    "c15": 5,
}  # fmt: skip

#: Group -> its items.
GROUPS = {
    "I": ("c01a", "c01b", "c02a", "c02b", "c03a", "c03b", "c03c", "c04a", "c04b", "c04c"),
    "II": ("c05", "c06", "c07a", "c07b", "c07c", "c08", "c09"),
    "III": ("c10", "c11", "c12", "c13", "c14", "c15"),
}

#: Item -> the inputs its measure reads (the rule file's ``measure`` lines).
READS = {
    "c01a": ("total_capital_open", "total_capital_close"),
    "c01b": ("total_capital_close", "total_capital_prev_close"),
    "c02a": ("indivisible_assets_open", "indivisible_assets_close"),
    "c02b": ("indivisible_assets_close", "indivisible_assets_prev_close"),
    "c03a": ("revenue",),
    "c03b": ("member_needs_met_pct",),
    "c03c": ("profit_before_tax",),
    "c04a": ("dev_fund_pct",),
    "c04b": ("reserve_fund_pct",),
    "c04c": ("other_funds_pct",),
    "c05": ("legal_violations",),
    "c06": ("complaints", "complaints_resolved"),
    "c07a": ("managers", "managers_higher_ed"),
    "c07b": ("managers", "managers_vocational"),
    "c07c": ("managers", "managers_young"),
    "c08": ("workers_insured_pct",),
    "c09": ("tech_applied", "has_brand", "in_value_chain"),
    "c10": ("members_using_services_pct",),
    "c11": ("member_benefit_growth_pct",),
    "c12": ("internal_revenue_share_pct",),
    "c13": ("trainings_held",),
    "c14": ("community_projects",),
    "c15": ("award_level",),
}

#: Items whose measure is one input: (item, input, the better direction).
SINGLE_INPUT = (
    ("c03a", "revenue", "higher"),
    ("c03b", "member_needs_met_pct", "higher"),
    ("c03c", "profit_before_tax", "higher"),
    ("c04b", "reserve_fund_pct", "higher"),
    ("c05", "legal_violations", "lower"),
    ("c08", "workers_insured_pct", "higher"),
    ("c10", "members_using_services_pct", "higher"),
    ("c11", "member_benefit_growth_pct", "higher"),
    ("c13", "trainings_held", "higher"),
)

#: A rateable cooperative with every input; its points are worked out item by item.
BASE: dict[str, Any] = {
    "id": "HTX-0001",
    "year": 2024,
    "founded_on": "2015-06-01",
    "months_suspended": 0,
    "kind": "htx",
    "service_type": "san_xuat",
    "sector": "A",
    "members": 120,
    "total_capital_open": "2000000000",  # mean 2.5 tỷ: [2 tỷ, 5 tỷ) -> c01a 4
    "total_capital_close": "3000000000",
    "total_capital_prev_close": "2500000000",  # grew -> c01b 1
    "indivisible_assets_open": "400000000",  # mean 500 triệu: [500 tr, 1 tỷ) -> c02a 3
    "indivisible_assets_close": "600000000",
    "indivisible_assets_prev_close": "700000000",  # fell -> c02b 0
    "revenue": "1500000000",  # [500 tr, 2 tỷ) -> c03a 2
    "member_needs_met_pct": "60",  # [50, 75) -> c03b 2
    "profit_before_tax": "250000000",  # [100 tr, 500 tr) -> c03c 2
    "dev_fund_pct": "20",  # [20, ∞) -> c04a 2
    "reserve_fund_pct": "5",  # [5, ∞) -> c04b 2
    "other_funds_pct": "3",  # [1, 5) -> c04c 1
    "legal_violations": 0,  # none -> c05 8
    "complaints": 4,  # 75 % resolved: [50, 80) -> c06 2
    "complaints_resolved": 3,
    "managers": 5,
    "managers_higher_ed": 2,  # 40 %: [20, 50) -> c07a 1
    "managers_vocational": 3,  # 60 %: [60, ∞) -> c07b 2
    "managers_young": 1,  # 20 %: [10, 30) -> c07c 1
    "workers_insured_pct": "80",  # [75, ∞) -> c08 6
    "tech_applied": "có",  # two of three: [2, 3) -> c09 3
    "has_brand": "không",
    "in_value_chain": True,
    "members_using_services_pct": "65",  # [50, 70) -> c10 4
    "member_benefit_growth_pct": "12",  # [10, 20) -> c11 6
    "internal_revenue_share_pct": "45",  # [40, 60) -> c12 4
    "trainings_held": 2,  # [2, 3) -> c13 4
    "community_projects": 1,  # [1, 2) -> c14 2
    "award_level": "district",  # rank 1: [1, 2) -> c15 2
}

#: BASE's points, from the comments above; groups I 19, II 23, III 22, total 64.
BASE_POINTS = {
    "c01a": 4, "c01b": 1, "c02a": 3, "c02b": 0, "c03a": 2, "c03b": 2, "c03c": 2,
    "c04a": 2, "c04b": 2, "c04c": 1, "c05": 8, "c06": 2, "c07a": 1, "c07b": 2,
    "c07c": 1, "c08": 6, "c09": 3, "c10": 4, "c11": 6, "c12": 4, "c13": 4, "c14": 2,
    "c15": 2,
}  # fmt: skip


def points_of(result: Evaluation) -> dict[str, Decimal | None]:
    """Item id -> points."""
    return {i.id: i.points for i in result.items}


def with_fields(**fields: Any) -> dict[str, Any]:
    """BASE with some fields replaced."""
    return {**BASE, **fields}


def without(*names: str) -> dict[str, Any]:
    """BASE without some fields."""
    return {k: v for k, v in BASE.items() if k not in names}


def number(raw: Any) -> Decimal:
    """A raw record value read by hand as an exact decimal."""
    return Decimal(str(raw))


class TestEvaluate:
    """`evaluate`: points, totals, ratings, exclusions and located errors."""

    # --- properties over generated records ------------------------------------

    @given(records(RULES, with_self_scores=True))
    def test_total_is_the_sum_of_items_and_of_groups(self, record: dict[str, Any]) -> None:
        """The total is the sum of the item points and of the group subtotals, each group
        the sum of its own items out of 30 / 30 / 40."""
        result = evaluate(RULES, record)
        scored = points_of(result)

        assert "ok" == result.status
        assert result.total is not None
        assert result.total == sum(p or 0 for p in scored.values())
        assert result.total == sum(g.points for g in result.groups)
        expected = {gid: sum(scored[i] or 0 for i in items) for gid, items in GROUPS.items()}
        assert expected == {g.id: g.points for g in result.groups}
        assert {"I": 30, "II": 30, "III": 40} == {g.id: g.max for g in result.groups}

    @given(records(RULES, complete=False, with_self_scores=True))
    def test_points_stay_within_bounds(self, record: dict[str, Any]) -> None:
        """Every item scores between 0 and its maximum, and the total between 0 and 100."""
        result = evaluate(RULES, record)

        assert result.total is not None
        assert Decimal(0) <= result.total <= Decimal(100)
        for found in result.items:
            assert Decimal(MAXIMA[found.id]) == found.max
            assert found.points is None or Decimal(0) <= found.points <= found.max

    @given(records(RULES, with_self_scores=True))
    def test_rating_follows_the_rating_table(self, record: dict[str, Any]) -> None:
        """The rating is the band of 80 / 65 / 50 that holds the total."""
        result = evaluate(RULES, record)

        assert result.total is not None
        assert rating_of(result.total) == result.rating

    @given(data=st.data())
    def test_points_never_fall_when_the_measure_improves(self, data: st.DataObject) -> None:
        """Changing one input in its better direction never lowers that item's points."""
        item_id, field, better = data.draw(st.sampled_from(SINGLE_INPUT))
        record = data.draw(records(RULES))
        spec = next(s for s in RULES.ruleset.inputs if s.name == field)
        pair = data.draw(st.lists(values(spec, form="typed"), min_size=2, max_size=2))
        worse, improved = sorted(pair, reverse=better == "lower")

        before = item(evaluate(RULES, {**record, field: worse}), item_id).points
        after = item(evaluate(RULES, {**record, field: improved}), item_id).points

        assert before is not None
        assert after is not None
        assert after >= before

    @given(self_scored_records(RULES))
    def test_self_assessed_points_alone_give_their_sum(self, record: dict[str, Any]) -> None:
        """A record of self-assessed points only totals their sum and is rated by it."""
        expected = sum((number(v) for v in record["self_score"].values()), Decimal(0))

        result = evaluate(RULES, record)

        assert "ok" == result.status
        assert expected == result.total
        assert rating_of(expected) == result.rating
        assert {"self_assessed"} == {i.source for i in result.items}

    @given(records(RULES, with_self_scores=True))
    def test_discrepancies_list_self_scores_that_differ(self, record: dict[str, Any]) -> None:
        """Every item with self-assessed points other than the computed ones is a discrepancy."""
        result = evaluate(RULES, record)

        expected = {
            (i.id, i.self_assessed, i.points)
            for i in result.items
            if i.self_assessed is not None and i.self_assessed != i.points
        }
        assert expected == {(d.item, d.self_assessed, d.computed) for d in result.discrepancies}
        assert {"computed"} == {i.source for i in result.items}

    @given(records(RULES, complete=False, with_self_scores=True))
    def test_same_record_same_result_and_record_untouched(self, record: dict[str, Any]) -> None:
        """Evaluating twice gives equal results and leaves the input mapping as it was."""
        before = copy.deepcopy(record)

        first = evaluate(RULES, record)
        second = evaluate(RULES, record)

        assert first == second
        assert before == record

    @given(records(RULES, complete=False))
    def test_missing_inputs_put_points_at_stake(self, record: dict[str, Any]) -> None:
        """An item lacking all its inputs is missing, not zero: its maximum is at stake."""
        result = evaluate(RULES, record)
        missing = {m.item: m for m in result.missing}

        for key, reads in READS.items():
            absent = {name for name in reads if name not in record}
            found = item(result, key)
            if not absent:
                assert "computed" == found.source
            if absent == set(reads):
                assert "missing" == found.source
                assert found.points is None
            if key in missing:
                assert Decimal(MAXIMA[key]) == missing[key].points_at_stake
                assert set(missing[key].inputs) <= absent
                assert set() != absent
        assert {i.id for i in result.items if i.source == "missing"} == set(missing)

    @given(records(RULES, complete=False))
    def test_missing_rating_is_given_only_when_certain(self, record: dict[str, Any]) -> None:
        """With items missing, a rating is given only if the total and the total plus the
        points at stake fall in the same band."""
        result = evaluate(RULES, record)
        assert result.total is not None
        at_stake = sum((Decimal(MAXIMA[m.item]) for m in result.missing), Decimal(0))

        low, high = rating_of(result.total), rating_of(result.total + at_stake)
        assert (low if low == high else None) == result.rating
        assert ("ok" if low == high else "error") == result.status

    @given(records(RULES, complete=False))
    def test_lenient_scores_missing_items_zero(self, record: dict[str, Any]) -> None:
        """Under the lenient policy the items missing evidence score 0 as lenient_zero."""
        strict = evaluate(RULES, record)
        lenient = evaluate(RULES, record, lenient=True)

        assert {m.item for m in strict.missing} == {
            i.id for i in lenient.items if i.source == "lenient_zero"
        }
        assert {Decimal(0)} >= {i.points for i in lenient.items if i.source == "lenient_zero"}
        assert () == lenient.missing
        assert strict.total == lenient.total
        assert lenient.total is not None
        assert rating_of(lenient.total) == lenient.rating

    @given(records(RULES), edge_values(RULES))
    def test_a_measure_on_an_edge_falls_in_the_band_starting_there(
        self, record: dict[str, Any], case: EdgeCase
    ) -> None:
        """A measure exactly on a band edge is scored by the band whose lower edge it is."""
        result = evaluate(RULES, {**record, **case.inputs})
        found = item(result, case.item)

        assert case.edge == found.measure
        assert case.edge == found.band_lower

    # --- worked examples ----------------------------------------------------------

    def test_worked_example(self) -> None:
        """BASE scores 19 + 23 + 22 = 64 points, rated trung_binh, item by item as worked out."""
        result = evaluate(RULES, BASE)

        assert "ok" == result.status
        assert {k: Decimal(v) for k, v in BASE_POINTS.items()} == points_of(result)
        assert {"I": 19, "II": 23, "III": 22} == {g.id: g.points for g in result.groups}
        assert Decimal(64) == result.total
        assert "trung_binh" == result.rating
        assert () == result.errors

    def test_nested_and_dotted_self_scores_agree(self) -> None:
        """``{"self_score": {"c01a": 5}}`` and ``"self_score.c01a": 5`` mean the same."""
        nested = evaluate(RULES, {"id": "A", "year": 2024, "self_score": {"c01a": 5}})
        dotted = evaluate(RULES, {"id": "A", "year": 2024, "self_score.c01a": 5})

        assert Decimal(5) == item(nested, "c01a").points
        assert item(nested, "c01a") == item(dotted, "c01a")

    @pytest.mark.parametrize(
        ("revenue", "expected"),
        [
            ("0", 0),
            ("99999999", 0),
            ("99999999.99", 0),
            ("100000000", 1),
            ("499999999", 1),
            ("499999999.99", 1),
            ("500000000", 2),
            ("500000000.00", 2),
            ("1999999999", 2),
            ("2000000000", 3),
            ("4999999999", 3),
            ("5000000000", 4),
            ("100000000000", 4),
        ],
    )
    def test_revenue_edges(self, revenue: str, expected: int) -> None:
        """Revenue on an edge scores the band starting there: 500,000,000 is in [500 tr, 2 tỷ)."""
        result = evaluate(RULES, with_fields(revenue=revenue))

        assert Decimal(expected) == item(result, "c03a").points

    @pytest.mark.parametrize(
        ("average", "expected"),
        [
            (99_999_999, 0),
            (100_000_000, 1),
            (499_999_999, 1),
            (500_000_000, 2),
            (999_999_999, 2),
            (1_000_000_000, 3),
            (2_000_000_000, 4),
            (4_999_999_999, 4),
            (5_000_000_000, 5),
            (9_999_999_999, 5),
            (10_000_000_000, 6),
        ],
    )
    def test_average_capital_edges(self, average: int, expected: int) -> None:
        """The average of opening and closing capital is looked up with edges included below."""
        record = with_fields(
            total_capital_open=str(average - 1), total_capital_close=str(average + 1)
        )

        result = evaluate(RULES, record)

        assert Decimal(average) == item(result, "c01a").measure
        assert Decimal(expected) == item(result, "c01a").points

    def test_average_capital_half_dong(self) -> None:
        """An average of 99,999,999.5 VND is still below the 100,000,000 edge."""
        result = evaluate(
            RULES, with_fields(total_capital_open="99999999", total_capital_close="100000000")
        )

        assert Decimal("99999999.5") == item(result, "c01a").measure
        assert Decimal(0) == item(result, "c01a").points

    @pytest.mark.parametrize(
        ("pct", "expected"),
        [
            ("0", 0),
            ("29.99", 0),
            ("30", 2),
            ("49.99", 2),
            ("50", 4),
            ("69.99", 4),
            ("70", 6),
            ("89.99", 6),
            ("89.995", 8),
            ("90", 8),
            ("100", 8),
        ],
    )
    def test_members_using_services_edges(self, pct: str, expected: int) -> None:
        """c10 bands 30 / 50 / 70 / 90, after rounding to 2 places half up."""
        result = evaluate(RULES, with_fields(members_using_services_pct=pct))

        assert Decimal(expected) == item(result, "c10").points

    @pytest.mark.parametrize(
        ("violations", "expected"), [(0, 8), (1, 4), (2, 2), (3, 0), (4, 0), (100, 0)]
    )
    def test_legal_violations_edges(self, violations: int, expected: int) -> None:
        """c05: fewer violations score more; none scores all 8."""
        result = evaluate(RULES, with_fields(legal_violations=violations))

        assert Decimal(expected) == item(result, "c05").points

    @pytest.mark.parametrize(
        ("growth", "expected"),
        [
            ("10", 6),
            (Decimal("10"), 6),
            (10, 6),
            (10.0, 6),
            ("10.00", 6),
            ("9.995", 6),
            ("9.994", 4),
            ("9.99", 4),
            ("-0.01", 0),
            ("0", 2),
            ("19.99", 6),
            ("20", 8),
        ],
    )
    def test_float_trap_growth_of_exactly_10(self, growth: Any, expected: int) -> None:
        """Growth of exactly 10 % scores the [10, 20) band, however the 10 is written."""
        result = evaluate(RULES, with_fields(member_benefit_growth_pct=growth))

        assert Decimal(expected) == item(result, "c11").points

    def test_float_trap_growth_computed_in_floats(self) -> None:
        """A growth computed in floats as 9.999999999999996 rounds to 10.00 and scores 6."""
        growth = (12.1 - 11) / 11 * 100

        result = evaluate(RULES, with_fields(member_benefit_growth_pct=growth))

        assert Decimal("10.00") == item(result, "c11").measure
        assert Decimal(6) == item(result, "c11").points

    @pytest.mark.parametrize(
        ("complaints", "resolved", "expected"),
        [(0, 0, 6), (10, 10, 6), (10, 9, 4), (10, 8, 4), (10, 7, 2), (10, 5, 2), (10, 4, 0)],
    )
    def test_complaints_resolved_edges(self, complaints: int, resolved: int, expected: int) -> None:
        """c06: share resolved, 50 / 80 / 100 edges; no complaint counts as all resolved."""
        result = evaluate(RULES, with_fields(complaints=complaints, complaints_resolved=resolved))

        assert Decimal(expected) == item(result, "c06").points

    @pytest.mark.parametrize("growth", ["1E+30", "1" + "0" * 25 + ".125"])
    def test_huge_growth_scores_the_top_band(self, growth: str) -> None:
        """A growth near the 30-digit limit is valid and above 20 %: c11 scores 8."""
        result = evaluate(RULES, with_fields(member_benefit_growth_pct=growth))

        assert "ok" == result.status
        assert Decimal(8) == item(result, "c11").points

    @pytest.mark.parametrize("growth", ["1E+38", "1" + "0" * 38 + ".125", "9" * 10_000])
    def test_numbers_beyond_30_digits_are_located_errors(self, growth: str) -> None:
        """A number past 30 digits is refused as a located range error, never rounded."""
        result = evaluate(RULES, with_fields(member_benefit_growth_pct=growth))

        assert "error" == result.status
        assert [("member_benefit_growth_pct", "range")] == [
            (e.field, e.code) for e in result.errors
        ]

    @pytest.mark.parametrize(
        ("total", "expected"),
        [
            ("100", "tot"),
            ("80", "tot"),
            ("79.99", "kha"),
            ("79.5", "kha"),
            ("65", "kha"),
            ("64.99", "trung_binh"),
            ("50", "trung_binh"),
            ("49.99", "yeu"),
            ("49.5", "yeu"),
            ("0", "yeu"),
        ],
    )
    def test_rating_edges_from_self_scores(self, total: str, expected: str) -> None:
        """Self-assessed points totalling exactly 80 rate tot; 79.99 rates kha."""
        scores = self_scores_totalling(MAXIMA, Decimal(total))

        result = evaluate(RULES, {"id": "A", "year": 2024, "self_score": scores})

        assert "ok" == result.status
        assert Decimal(total) == result.total
        assert expected == result.rating

    def test_total_is_summed_exactly(self) -> None:
        """Self-assessed points summing to 79.999… (29 nines) rate kha: nothing rounds up to 80."""
        scores = {**self_scores_totalling(MAXIMA, Decimal(79)), "c15": Decimal("0." + "9" * 29)}

        result = evaluate(RULES, {"id": "A", "year": 2024, "self_score": scores})

        assert Decimal("79." + "9" * 29) == result.total
        assert "kha" == result.rating

    # --- not rated ----------------------------------------------------------------

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"founded_on": "2024-03-01"}, "under_12_months"),
            ({"founded_on": "2024-01-02"}, "under_12_months"),
            ({"founded_on": "2025-01-01"}, "under_12_months"),
            ({"months_suspended": 4}, "suspended_over_3_months"),
            ({"months_suspended": 12}, "suspended_over_3_months"),
            ({"kind": "quy_tin_dung"}, "out_of_scope"),
            ({"kind": "ngan_hang_htx"}, "out_of_scope"),
        ],
    )
    def test_not_rated(self, changes: Mapping[str, Any], expected: str) -> None:
        """Under 12 months by year end, over 3 months suspended, or out of scope: not rated."""
        result = evaluate(RULES, with_fields(**changes))

        assert "not_rated" == result.status
        assert expected == result.not_rated_reason

    @pytest.mark.parametrize(
        "changes",
        [
            {"founded_on": "2023-12-31"},
            {"founded_on": "2024-01-01"},
            {"months_suspended": 3},
            {"kind": "lien_hiep"},
            {"kind": "htx"},
        ],
    )
    def test_rated_at_the_exclusion_edges(self, changes: Mapping[str, Any]) -> None:
        """12 months exactly by year end, 3 months suspended, or a union: rated as usual."""
        result = evaluate(RULES, with_fields(**changes))

        assert "ok" == result.status
        assert None is result.not_rated_reason
        assert "trung_binh" == result.rating

    def test_exclusion_without_inputs_is_unchecked(self) -> None:
        """Without founded_on, months_suspended and kind the exclusions are listed unchecked."""
        result = evaluate(RULES, without("founded_on", "months_suspended", "kind"))

        assert "ok" == result.status
        assert {"out_of_scope", "under_12_months", "suspended_over_3_months"} == {
            u.rule for u in result.unchecked
        }

    # --- classification -------------------------------------------------------------

    @pytest.mark.parametrize(
        ("members", "expected"),
        [
            (0, "sieu_nho"),
            (49, "sieu_nho"),
            (50, "nho"),
            (300, "nho"),
            (301, "vua"),
            (1000, "vua"),
            (1001, "lon"),
        ],
    )
    def test_members_classes(self, members: int, expected: str) -> None:
        """Điều 4 (a 2023 record: before Decree 113/2024): under 50 micro, 50-300 small, ..."""
        result = evaluate(RULES, with_fields(members=members, year=2023))

        assert expected == dict(result.classification)["members"]

    @pytest.mark.parametrize(
        ("capital", "expected"),
        [
            ("0", "sieu_nho"),
            ("999999999", "sieu_nho"),
            ("999999999.99", "sieu_nho"),
            ("1000000000", "nho"),
            ("4999999999", "nho"),
            ("5000000000", "vua"),
            ("49999999999", "vua"),
            ("50000000000", "lon"),
        ],
    )
    def test_capital_classes(self, capital: str, expected: str) -> None:
        """Điều 5 (a 2023 record): below 1 tỷ micro, from 1 tỷ small, from 5 tỷ medium, ..."""
        result = evaluate(RULES, with_fields(total_capital_close=capital, year=2023))

        assert expected == dict(result.classification)["capital"]

    def test_enumerated_classes(self) -> None:
        """Service type and sector are read from the record as given."""
        result = evaluate(RULES, with_fields(service_type="hon_hop", sector="C"))

        assert "hon_hop" == dict(result.classification)["service_type"]
        assert "C" == dict(result.classification)["sector"]

    # --- self-assessed points and discrepancies -----------------------------------

    @pytest.mark.parametrize(
        ("field", "raw", "allowed"),
        [
            ("self_score.c01a", 7, "0…6"),
            ("self_score.c01a", "6.5", "0…6"),
            ("self_score.c01a", -1, "0…6"),
            ("self_score.c01a", "abc", "0…6"),
            ("self_score.c01a", "NaN", "0…6"),
            ("self_score.c01a", True, "0…6"),
            ("self_score.c04b", "2.5", "0…2"),
            ("self_score.c05", "Infinity", "0…8"),
        ],
    )
    def test_self_score_out_of_range(self, field: str, raw: Any, allowed: str) -> None:
        """Self-assessed points outside 0…max, or not a number, are a located error."""
        result = evaluate(RULES, with_fields(**{field: raw}))

        assert "error" == result.status
        assert [(field, str(raw), "self_score", allowed)] == [
            (e.field, e.value, e.code, e.allowed) for e in result.errors
        ]

    @pytest.mark.parametrize(("raw", "expected"), [(0, "0"), (6, "6"), ("5.5", "5.5")])
    def test_self_score_within_range(self, raw: Any, expected: str) -> None:
        """Self-assessed points 0, the maximum and halves between them are accepted."""
        result = evaluate(RULES, {"id": "A", "year": 2024, "self_score": {"c01a": raw}})

        assert Decimal(expected) == item(result, "c01a").points
        assert "self_assessed" == item(result, "c01a").source

    def test_self_score_unknown_item(self) -> None:
        """A self-assessed item the rule set lacks is a located error."""
        result = evaluate(RULES, with_fields(**{"self_score.c99": 1}))

        assert "error" == result.status
        assert [("self_score.c99", "1", "unknown_item")] == [
            (e.field, e.value, e.code) for e in result.errors
        ]

    def test_discrepancy_between_self_assessed_and_computed(self) -> None:
        """Computed points win; a different self-assessment is reported as a discrepancy."""
        result = evaluate(RULES, with_fields(self_score={"c03a": 3, "c05": 8, "c10": "4.5"}))

        assert Decimal(64) == result.total
        assert (
            Discrepancy("c03a", Decimal(3), Decimal(2)),
            Discrepancy("c10", Decimal("4.5"), Decimal(4)),
        ) == result.discrepancies
        assert Decimal(1) == result.discrepancies[0].difference

    def test_self_score_fills_a_missing_item(self) -> None:
        """An item without its input is scored from its self-assessed points."""
        result = evaluate(RULES, {**without("revenue"), "self_score": {"c03a": "3.5"}})

        assert "self_assessed" == item(result, "c03a").source
        assert Decimal("65.5") == result.total
        assert "kha" == result.rating

    # --- bad inputs -----------------------------------------------------------------

    @pytest.mark.parametrize(
        ("field", "raw", "allowed"),
        [
            ("members_using_services_pct", 150, "0…100"),
            ("members_using_services_pct", "-0.01", "0…100"),
            ("revenue", "abc", "0…∞"),
            ("revenue", "NaN", "0…∞"),
            ("revenue", "-1", "0…∞"),
            ("revenue", float("inf"), "0…∞"),
            ("profit_before_tax", "1,5", "−∞…∞"),
            ("legal_violations", "1.5", "whole number 0…∞"),
            ("months_suspended", 13, "whole number 0…12"),
            ("year", 1999, "whole number 2000…2100"),
            (
                "kind",
                "hợp tác",  # "Hợp tác xã" is a declared word of htx; this is none
                "htx (Hợp tác xã/Cooperative), lien_hiep (Liên hiệp hợp tác xã/Union of "
                "cooperatives), quy_tin_dung (Quỹ tín dụng nhân dân/People's credit fund), "
                "ngan_hang_htx (Ngân hàng Hợp tác xã/Co-operative Bank), to_hop_tac (Tổ hợp "
                "tác/Cooperative group)",
            ),
            (
                "award_level",
                "commune",
                "none (Không/None), district (Cấp huyện/District), province (Cấp tỉnh/Province), "
                "national (Cấp quốc gia/National)",
            ),
            ("founded_on", "01/06/2015", "YYYY-MM-DD"),
            ("has_brand", "maybe", "true/false"),
        ],
    )
    def test_impossible_input_is_a_located_error(self, field: str, raw: Any, allowed: str) -> None:
        """A value outside its type or bounds makes an error naming field, value and range."""
        result = evaluate(RULES, with_fields(**{field: raw}), source="coops.csv", row=7)

        assert "error" == result.status
        assert None is result.total
        assert [(field, str(raw), allowed)] == [
            (e.field, e.value, e.allowed) for e in result.errors
        ]
        assert ("coops.csv", 7) == (result.source, result.row)

    def test_missing_id_and_year(self) -> None:
        """A record without id or year is an error naming both."""
        result = evaluate(RULES, without("id", "year"))

        assert "error" == result.status
        assert {"id", "year"} == {e.field for e in result.errors}

    # --- missing evidence -----------------------------------------------------------

    def test_missing_item_is_at_stake_not_zero(self) -> None:
        """Without revenue, c03a's 4 points are at stake and 62 or 66 leaves the rating open."""
        result = evaluate(RULES, without("revenue"))

        assert (MissingEvidence("c03a", Decimal(4), ("revenue",)),) == result.missing
        assert None is item(result, "c03a").points
        assert "missing" == item(result, "c03a").source
        assert Decimal(62) == result.total
        assert Decimal(4) == result.points_at_stake
        assert None is result.rating
        assert "error" == result.status
        assert [("revenue", "missing_evidence")] == [(e.field, e.code) for e in result.errors]

    def test_missing_item_that_cannot_change_the_rating(self) -> None:
        """Without legal_violations, 56 points plus 8 at stake all rate trung_binh: rated."""
        result = evaluate(RULES, without("legal_violations"))

        assert "ok" == result.status
        assert Decimal(56) == result.total
        assert "trung_binh" == result.rating
        assert (MissingEvidence("c05", Decimal(8), ("legal_violations",)),) == result.missing

    def test_missing_item_whose_maximum_crosses_a_rating_edge(self) -> None:
        """Without trainings_held, 60 points plus 6 at stake could be trung_binh or kha."""
        result = evaluate(RULES, without("trainings_held"))

        assert "error" == result.status
        assert Decimal(60) == result.total
        assert None is result.rating

    def test_lenient_scores_missing_zero(self) -> None:
        """With lenient=True, c03a without revenue scores 0 as lenient_zero."""
        result = evaluate(RULES, without("revenue"), lenient=True)

        assert "ok" == result.status
        assert Decimal(0) == item(result, "c03a").points
        assert "lenient_zero" == item(result, "c03a").source
        assert Decimal(62) == result.total
        assert "trung_binh" == result.rating
        assert () == result.missing

    def test_result_is_immutable(self) -> None:
        """An evaluation cannot be changed after the fact."""
        result: Evaluation = evaluate(RULES, BASE)

        with pytest.raises(AttributeError):
            result.total = Decimal(100)  # type: ignore[misc]  # the point of the test

    def test_error_issue_is_a_record_issue(self) -> None:
        """An impossible value gives one RecordIssue with a message that names the problem."""
        result = evaluate(RULES, with_fields(revenue="abc"))

        assert (RecordIssue("revenue", "abc", "type", "expected a finite number", "0…∞"),) == (
            result.errors
        )


class TestLookup:
    """`lookup`: the band of a half-open ``[lower, upper)`` table holding a value."""

    @given(data=st.data())
    def test_each_value_in_range_hits_exactly_one_band(self, data: st.DataObject) -> None:
        """A value within the table lies in exactly one band, and lookup returns that band."""
        bands = data.draw(band_tables())
        value = data.draw(values_within(bands))
        holding = [i for i, b in enumerate(bands) if _holds(b, value)]

        assert 1 == len(holding)
        assert holding[0] == lookup(_table(bands), value)

    @given(data=st.data())
    def test_outside_every_band_is_none(self, data: st.DataObject) -> None:
        """Below a closed lower end or at/above a closed upper end, lookup returns None."""
        bands = data.draw(band_tables())
        outside = [e for e in (bands[-1].upper,) if e is not None]
        outside += [e - Decimal("0.01") for e in (bands[0].lower,) if e is not None]

        for value in outside:
            assert None is lookup(_table(bands), value)

    @pytest.mark.parametrize(
        ("value", "expected"),
        [("-1", None), ("0", 0), ("9.99", 0), ("10", 1), ("19.99", 1), ("20", None)],
    )
    def test_edges(self, value: str, expected: int | None) -> None:
        """In [0, 10) [10, 20), 10 is in the second band and 20 in none."""
        table = Table(lowers=(Decimal(10),), lower=Decimal(0), upper=Decimal(20))

        assert expected == lookup(table, Decimal(value))


def _holds(band: Band, value: Decimal) -> bool:
    return (band.lower is None or band.lower <= value) and (
        band.upper is None or value < band.upper
    )


def _table(bands: tuple[Band, ...]) -> Table:
    """The table the compiler builds, written out: lower edges of all bands but the first."""
    return Table(
        lowers=tuple(b.lower for b in bands[1:] if b.lower is not None),
        lower=bands[0].lower,
        upper=bands[-1].upper,
    )
