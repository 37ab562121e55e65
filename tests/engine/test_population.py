"""Tests for `coopeval.engine.population`: quotas, target shares and rankings over a set of records.

Expected values are written by hand from the shared spec ``support.md``
(sections A, D and F), with the counting in a comment.
"""

# The style guide (STYLE.md section 11) wants `expected == actual`; SIM300 wants the
# reverse. The guide wins in tests.

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import coopeval
from coopeval import CompiledRuleSet, GroupOutcome, SetRuleResult

QD167 = coopeval.load("qd167-2021")
NQ106 = coopeval.load("nq106-2023")
D18 = coopeval.load("luat-htx-2023-d18")

PROVINCE = "Lào Cai"
ROOT = Path(__file__).resolve().parents[2]
PILOTS = json.loads((ROOT / "examples" / "pilots.json").read_text(encoding="utf-8"))


def _rule(
    programme: CompiledRuleSet[Any], rule_id: str, records: Sequence[Mapping[str, Any]]
) -> SetRuleResult:
    results = [coopeval.evaluate(programme, r) for r in records]
    return next(r for r in coopeval.evaluate_set_rules(programme, results) if r.id == rule_id)


def _group(result: SetRuleResult, group: str | None) -> GroupOutcome:
    return next(g for g in result.groups if g.group == group)


def _pilots(count: int, rating: str = "tot", province: str = PROVINCE) -> list[dict[str, Any]]:
    return [
        {"id": f"{province[:3]}-{n}", "province": province, "rating_tt01": rating}
        for n in range(1, count + 1)
    ]


def _agri(rated: Sequence[str], sector: str = "A", prefix: str = "NN") -> list[dict[str, Any]]:
    return [
        {"id": f"{prefix}-{n}", "sector": sector, "rating_tt01": rating}
        for n, rating in enumerate(rated, start=1)
    ]


class TestQuota:
    """Decision 167: each province selects at most 5 pilots (support.md, D)."""

    def test_five_pilots_meet_the_quota(self) -> None:
        """Five pilots in one province are within the quota of 5."""
        result = _rule(QD167, "quota", _pilots(5))

        group = _group(result, PROVINCE)
        assert ("met", 5, Decimal(5)) == (group.outcome, group.count, group.limit)

    def test_six_pilots_break_the_quota(self) -> None:
        """Six pilots in one province exceed the quota of 5."""
        result = _rule(QD167, "quota", _pilots(6))

        group = _group(result, PROVINCE)
        assert ("not_met", 6) == (group.outcome, group.count)

    def test_quota_is_per_province(self) -> None:
        """Five pilots in each of two provinces meet the quota in both."""
        result = _rule(QD167, "quota", _pilots(5) + _pilots(5, province="Yên Bái"))

        assert {PROVINCE: ("met", 5), "Yên Bái": ("met", 5)} == {
            g.group: (g.outcome, g.count) for g in result.groups
        }

    def test_record_without_province_is_grouped_under_question_mark(self) -> None:
        """A pilot with no province is counted in a group of its own named "?"."""
        records = [*_pilots(5), {"id": "KHONG-RO", "rating_tt01": "tot"}]

        result = _rule(QD167, "quota", records)

        assert {PROVINCE: ("met", 5), "?": ("met", 1)} == {
            g.group: (g.outcome, g.count) for g in result.groups
        }
        assert ("KHONG-RO",) == _group(result, "?").records

    def test_rows_that_are_not_pilots_are_not_counted(self) -> None:
        """Rows with ``pilot = false`` do not count against the quota."""
        others = [
            {"id": f"UV-{n}", "province": PROVINCE, "rating_tt01": "tot", "pilot": False}
            for n in range(1, 4)
        ]

        result = _rule(QD167, "quota", _pilots(5) + others)

        group = _group(result, PROVINCE)
        # 5 pilots + 3 candidates not selected: 5 counted.
        assert ("met", 5) == (group.outcome, group.count)
        assert tuple(f"Lào-{n}" for n in range(1, 6)) == group.records


class TestTargetShare:
    """Decision 167: 100 % of pilots rated tốt (support.md, D)."""

    def test_all_pilots_good(self) -> None:
        """Every pilot rated tốt meets the 100 % target."""
        result = _rule(QD167, "target_tot", _pilots(4))

        group = _group(result, PROVINCE)
        # 4 of 4 = 100 %.
        assert ("met", 4, 4, Decimal(100)) == (group.outcome, group.count, group.total, group.share)

    def test_one_fair_pilot_fails(self) -> None:
        """One pilot rated khá among tốt ones misses a 100 % target."""
        records = [*_pilots(3), {"id": "KHA-1", "province": PROVINCE, "rating_tt01": "kha"}]

        result = _rule(QD167, "target_tot", records)

        group = _group(result, PROVINCE)
        # 3 of 4 = 75 % < 100 %.
        assert ("not_met", 3, 4) == (group.outcome, group.count, group.total)

    def test_missing_rating_that_could_change_the_verdict_is_missing(self) -> None:
        """A pilot without a rating leaves the target open when the others are all tốt."""
        records = [*_pilots(3), {"id": "CHUA-1", "province": PROVINCE}]

        result = _rule(QD167, "target_tot", records)

        group = _group(result, PROVINCE)
        # 3 of 4 known tốt: 75 % if it is not tốt, 100 % if it is.
        assert ("missing", ("CHUA-1",)) == (group.outcome, group.undecided)

    def test_missing_rating_that_cannot_change_the_verdict(self) -> None:
        """A pilot without a rating does not matter once another pilot is khá."""
        records = [
            *_pilots(3),
            {"id": "KHA-1", "province": PROVINCE, "rating_tt01": "kha"},
            {"id": "CHUA-1", "province": PROVINCE},
        ]

        result = _rule(QD167, "target_tot", records)

        # At best 4 of 5 = 80 % < 100 %.
        assert "not_met" == _group(result, PROVINCE).outcome

    def test_non_pilots_are_outside_the_share(self) -> None:
        """A row that is not a pilot is outside the denominator."""
        records = [
            *_pilots(2),
            {"id": "UV-1", "province": PROVINCE, "rating_tt01": "yeu", "pilot": False},
        ]

        result = _rule(QD167, "target_tot", records)

        group = _group(result, PROVINCE)
        # 2 of 2 pilots tốt.
        assert ("met", 2, 2) == (group.outcome, group.count, group.total)

    def test_pilot_file(self) -> None:
        """The four pilots of the example file are all rated khá, so 0 of 4 are tốt."""
        result = _rule(QD167, "target_tot", PILOTS)

        # Totals 67, 71, 76, 79: each in [65, 80), khá.
        assert [("Tỉnh miền núi phía Bắc (minh họa)", "not_met", 0, 4)] == [
            (g.group, g.outcome, g.count, g.total) for g in result.groups
        ]


class TestResolution106:
    """Resolution 106: ≥ 60 % of agricultural cooperatives rated tốt or khá (support.md, F)."""

    def test_exactly_sixty_percent_meets(self) -> None:
        """Three of five agricultural cooperatives rated tốt or khá is exactly 60 %: met."""
        records = _agri(["tot", "kha", "kha", "trung_binh", "yeu"])

        result = _rule(NQ106, "target_tot_kha", records)

        group = _group(result, None)
        # 3 / 5 = 60 % ≥ 60 %.
        assert ("met", 3, 5, Decimal(60)) == (group.outcome, group.count, group.total, group.share)

    def test_just_below_sixty_percent_fails(self) -> None:
        """5 999 of 10 000 rated tốt or khá is 59.99 %: not met."""
        records = _agri(["kha"] * 5_999 + ["trung_binh"] * 4_001)

        result = _rule(NQ106, "target_tot_kha", records)

        group = _group(result, None)
        # 5 999 / 10 000 = 59.99 % < 60 %.
        assert ("not_met", 5_999, 10_000, Decimal("59.99")) == (
            group.outcome,
            group.count,
            group.total,
            group.share,
        )

    def test_well_below_sixty_percent_fails(self) -> None:
        """Three of seven rated khá (42.86 %) misses the target."""
        records = _agri(["kha"] * 3 + ["yeu"] * 4)

        result = _rule(NQ106, "target_tot_kha", records)

        assert "not_met" == _group(result, None).outcome

    def test_other_sectors_are_outside_the_share(self) -> None:
        """Cooperatives outside sector A are neither counted nor in the denominator."""
        records = _agri(["tot", "kha", "kha", "trung_binh", "yeu"]) + _agri(
            ["yeu"] * 3, sector="G", prefix="TM"
        )

        result = _rule(NQ106, "target_tot_kha", records)

        group = _group(result, None)
        # Still 3 / 5 of sector A.
        assert ("met", 3, 5) == (group.outcome, group.count, group.total)

    def test_not_rated_counts_in_the_denominator(self) -> None:
        """An agricultural cooperative not rated counts among all of them, not as good."""
        records = _agri(["tot", "not_rated"])

        result = _rule(NQ106, "target_tot_kha", records)

        group = _group(result, None)
        # 1 / 2 = 50 % < 60 %.
        assert ("not_met", 1, 2) == (group.outcome, group.count, group.total)


#: Eligible under Điều 18 khoản 1 (trained members), with every ranking key.
CANDIDATE: dict[str, Any] = {
    "year": 2024,
    "kind": "htx",
    "prohibited_act_sanction_active": False,
    "criminal_judgment_active": False,
    "trained_members_in_year": True,
    "members": 100,
    "members_disabled": 1,
    "members_ethnic_minority": 10,
    "workers_insured": 20,
    "women_managers": 1,
    "women_members": 30,
    "difficult_area": False,
    "in_value_chain": False,
    "green_or_digital": False,
    "community_benefit": False,
}


def _candidate(record_id: str, drop: tuple[str, ...] = (), **changes: Any) -> dict[str, Any]:
    record = {"id": record_id, **CANDIDATE, **changes}
    return {k: v for k, v in record.items() if k not in drop}


class TestRanking:
    """Law on Cooperatives 2023, Điều 18, khoản 3: priority among eligible candidates."""

    def test_order_follows_the_keys_of_the_law(self) -> None:
        """More members first; a tie on members goes to more members with disabilities."""
        records = [
            _candidate("A"),
            _candidate("B", members=120),
            # Ties A on members; more members with disabilities (2 > 1).
            _candidate("C", members_disabled=2),
            # Ties A on the first key, loses on the second, wins on the third: the
            # second decides.
            _candidate("D", members_disabled=0, members_ethnic_minority=999),
        ]

        result = _rule(D18, "ranking", records)

        assert [("B", 1), ("C", 2), ("A", 3), ("D", 4)] == [(e.id, e.rank) for e in result.ranking]

    def test_later_keys_break_ties(self) -> None:
        """Equal on the first five keys, a cooperative in a difficult area ranks first."""
        records = [_candidate("A"), _candidate("E", difficult_area=True)]

        result = _rule(D18, "ranking", records)

        assert ["E", "A"] == [e.id for e in result.ranking]

    def test_women_managers_and_members_are_one_key(self) -> None:
        """Women managers plus women members and workers are counted as one key."""
        # A: 1 + 30 = 31; W: 0 + 32 = 32 → W first.
        records = [_candidate("A"), _candidate("W", women_managers=0, women_members=32)]

        result = _rule(D18, "ranking", records)

        assert ["W", "A"] == [e.id for e in result.ranking]

    def test_ties_share_a_rank(self) -> None:
        """Candidates equal on every key share one rank."""
        records = [_candidate("B", members=120), _candidate("A"), _candidate("T")]

        result = _rule(D18, "ranking", records)

        ranks = {e.id: e.rank for e in result.ranking}
        assert ("B", 1) == (result.ranking[0].id, ranks["B"])
        assert ranks["A"] == ranks["T"]
        assert ranks["A"] is not None
        assert ranks["A"] > 1

    def test_missing_key_is_listed_after_and_named(self) -> None:
        """A candidate lacking a key is listed after the ranked ones, unranked, the key named."""
        records = [
            _candidate("M", drop=("members_ethnic_minority",), members=500),
            _candidate("A"),
            _candidate("B", members=120),
        ]

        result = _rule(D18, "ranking", records)

        assert [("B", 1, ()), ("A", 2, ()), ("M", None, ("members_ethnic_minority",))] == [
            (e.id, e.rank, e.missing) for e in result.ranking
        ]

    def test_missing_part_of_a_key_is_named(self) -> None:
        """A candidate lacking one input of a composite key is listed after, that input named."""
        records = [_candidate("W", drop=("women_members",), members=500), _candidate("A")]

        result = _rule(D18, "ranking", records)

        assert [("A", 1, ()), ("W", None, ("women_members",))] == [
            (e.id, e.rank, e.missing) for e in result.ranking
        ]

    def test_only_eligible_candidates_are_ranked(self) -> None:
        """A cooperative under a sanction is not eligible and is left out of the ranking."""
        records = [
            _candidate("A"),
            _candidate("S", members=900, prohibited_act_sanction_active=True),
        ]

        result = _rule(D18, "ranking", records)

        assert ["A"] == [e.id for e in result.ranking]

    def test_key_values_are_reported(self) -> None:
        """Each entry carries its key values, in the law's order."""
        result = _rule(D18, "ranking", [_candidate("A", in_value_chain=True)])

        # members, disabled, ethnic minority, insured, 1 + 30 women, difficult area no,
        # value chain yes, community benefit no.
        assert (
            Decimal(100),
            Decimal(1),
            Decimal(10),
            Decimal(20),
            Decimal(31),
            Decimal(0),
            Decimal(1),
            Decimal(0),
        ) == result.ranking[0].keys


class TestNationalCount:
    def test_at_least_300_pilots_nationally(self) -> None:
        """Decision 167 wants at least 300 pilots: 299 falls short, 300 meets it."""
        qd167 = coopeval.load("qd167-2021")
        for count, expected in ((299, "not_met"), (300, "met")):
            results = [coopeval.evaluate(qd167, {"id": f"P{n}"}) for n in range(count)]
            rule = next(
                r for r in coopeval.evaluate_set_rules(qd167, results) if r.id == "national_pilots"
            )

            assert [expected] == [g.outcome for g in rule.groups]
