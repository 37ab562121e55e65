"""`coopeval.testing.properties`: each holds on bundled rules and fails on a broken result."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import attrs
import pytest
from hypothesis import given, settings

import coopeval
from coopeval.testing import (
    additive,
    bounded_total,
    conditions_consistent,
    edge_records,
    rating_consistent,
    records,
)

TT01 = coopeval.load("tt01-2020")
TT09 = coopeval.load("tt09-2017")
LAW = coopeval.load("luat-htx-2023-d18")
ND45 = coopeval.load("nd45-2021")
QD167 = coopeval.load("qd167-2021")
D = Decimal
PILOTS = Path(__file__).resolve().parents[2] / "examples" / "pilots.json"


def _scored() -> coopeval.Evaluation:
    """HTX-01 of the pilots, as the engine scores it (67 points, khá)."""
    found = [ev for ev in coopeval.evaluate_file(TT01, str(PILOTS)) if ev.id == "HTX-01"]
    result = found[0]
    assert isinstance(result, coopeval.Evaluation)
    return result


class TestScorecardProperties:
    @settings(max_examples=25)
    @given(records(TT01, complete=False, with_self_scores=True) | edge_records(TT01))
    def test_hold_on_tt01(self, record: dict[str, Any]) -> None:
        """Bounded, additive and rating-consistent for any tt01-2020 record."""
        bounded_total(TT01, record)
        additive(TT01, record)
        rating_consistent(TT01, record)

    @settings(max_examples=25)
    @given(records(TT09, complete=False) | edge_records(TT09))
    def test_hold_on_tt09(self, record: dict[str, Any]) -> None:
        """... and for any tt09-2017 record."""
        bounded_total(TT09, record)
        additive(TT09, record)
        rating_consistent(TT09, record)

    def test_a_total_over_the_maximum_fails(self) -> None:
        """A result whose total is 101 of 100 is refused, naming the record and the bound."""
        broken = attrs.evolve(_scored(), total=D(101))

        with pytest.raises(AssertionError, match=r"record HTX-01: total 101 lies outside 0\.\.100"):
            bounded_total(TT01, broken)

    def test_a_group_over_its_maximum_fails(self) -> None:
        """Group I with 99 points (its maximum is 30 in the rule file) is refused."""
        result = _scored()
        groups = tuple(attrs.evolve(g, points=D(99)) if g.id == "I" else g for g in result.groups)

        with pytest.raises(AssertionError, match=r"group I has 99 points, outside 0\.\.30"):
            bounded_total(TT01, attrs.evolve(result, groups=groups))

    def test_a_total_that_is_not_the_sum_fails(self) -> None:
        """A total one point above its items' sum (67) is refused."""
        broken = attrs.evolve(_scored(), total=D(68))

        with pytest.raises(
            AssertionError, match="total 68 is not the sum of its items' points, 67"
        ):
            additive(TT01, broken)

    def test_a_rating_not_of_its_band_fails(self) -> None:
        """67 points rated tốt (≥ 80) with no override is refused; khá is expected."""
        broken = attrs.evolve(_scored(), rating="tot")

        with pytest.raises(AssertionError, match=r"rated tot, but total 67 .* gives kha"):
            rating_consistent(TT01, broken)

    def test_an_unknown_override_fails(self) -> None:
        """A rating forced by an override the rule set lacks is refused."""
        broken = attrs.evolve(_scored(), rating="tot", override="bribe")

        with pytest.raises(AssertionError, match="bribe is not an exclusion or override"):
            rating_consistent(TT01, broken)

    def test_the_hand_worked_pilot_passes(self) -> None:
        """The pilot itself passes all three."""
        result = _scored()

        bounded_total(TT01, result)
        additive(TT01, result)
        rating_consistent(TT01, result)


class TestConditionsConsistent:
    @settings(max_examples=25)
    @given(records(LAW) | edge_records(LAW))
    def test_holds_on_article_18(self, record: dict[str, Any]) -> None:
        """Three-valued conditions are consistent for any record, partial or at the edges."""
        conditions_consistent(LAW, record)

    @settings(max_examples=25)
    @given(records(ND45) | edge_records(ND45))
    def test_holds_on_decree_45(self, record: dict[str, Any]) -> None:
        """... under Decree 45 (loan conditions, a has() branch)."""
        conditions_consistent(ND45, record)

    @settings(max_examples=25)
    @given(records(QD167) | edge_records(QD167))
    def test_holds_on_decision_167(self, record: dict[str, Any]) -> None:
        """... under Decision 167 (at_least of several)."""
        conditions_consistent(QD167, record)

    def _judged(self) -> coopeval.ProgrammeResult:
        """A cooperative that lacks its member counts: k1_b1 is missing, k1_b4 met."""
        record = {"id": "HTX-9", "year": 2025, "kind": "htx", "trained_members_in_year": True}
        result = coopeval.evaluate(LAW, record)
        assert isinstance(result, coopeval.ProgrammeResult)
        return result

    def test_a_combination_against_kleene_fails(self) -> None:
        """k1_b made not met: k1 (all of met, missing, not met, met) is not met, not missing."""
        result = self._judged()
        conditions = tuple(
            attrs.evolve(c, outcome="not_met") if c.id == "k1_b" else c for c in result.conditions
        )

        with pytest.raises(
            AssertionError, match="condition k1 is missing, but three-valued logic gives not_met"
        ):
            conditions_consistent(LAW, attrs.evolve(result, conditions=conditions))

    def test_a_leaf_missing_what_it_has_fails(self) -> None:
        """k1_b4 (trained, given true) said missing for lack of that very input is refused."""
        result = self._judged()
        conditions = tuple(
            attrs.evolve(c, outcome="missing", missing=("trained_members_in_year",))
            if c.id == "k1_b4_trained"
            else c
            for c in result.conditions
        )

        with pytest.raises(AssertionError, match="condition k1_b4_trained is missing"):
            conditions_consistent(LAW, attrs.evolve(result, conditions=conditions))

    def test_a_missing_leaf_naming_nothing_fails(self) -> None:
        """k1_b1 (members > members_prev) missing yet naming no input is refused."""
        result = self._judged()
        conditions = tuple(
            attrs.evolve(c, missing=()) if c.id == "k1_b1_members_grew" else c
            for c in result.conditions
        )

        with pytest.raises(AssertionError, match="condition k1_b1_members_grew is missing"):
            conditions_consistent(LAW, attrs.evolve(result, conditions=conditions))

    def test_an_outcome_off_its_root_fails(self) -> None:
        """An outcome other than the root's is refused."""
        result = self._judged()
        wrong: Literal["eligible", "not_eligible"] = (
            "not_eligible" if result.outcome == "eligible" else "eligible"
        )

        with pytest.raises(AssertionError, match="does not follow the root eligible"):
            conditions_consistent(LAW, attrs.evolve(result, outcome=wrong))
