"""`coopeval.testing.agreement`: two versions agree except where the semantic diff says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import coopeval
from coopeval.ruleset.diff import diff
from coopeval.testing import agree_except_diff, edge_records, edge_table, records, same_results
from tests.testing.conftest import C03A_NEW, C03A_OLD, edited

TT01 = coopeval.load("tt01-2020")
LAW = coopeval.load("luat-htx-2023-d18")
#: c03a's 2 000 000 000 edge moved to 3 000 000 000: another band, elsewhere.
FAR_OLD = """  { lower = 500_000_000, upper = 2_000_000_000, points = 2 },
  { lower = 2_000_000_000, upper = 5_000_000_000, points = 3 },"""
FAR_NEW = """  { lower = 500_000_000, upper = 3_000_000_000, points = 2 },
  { lower = 3_000_000_000, upper = 5_000_000_000, points = 3 },"""


@pytest.fixture(scope="module")
def moved(tmp_path_factory: pytest.TempPathFactory) -> coopeval.CompiledRuleSet[Any]:
    """tt01-2020 with c03a's 500 000 000 edge at 600 000 000."""
    return coopeval.load(
        str(edited("tt01-2020", tmp_path_factory.mktemp("c03a"), C03A_OLD, C03A_NEW))
    )


def _at(revenue: int) -> dict[str, Any]:
    return {**edge_table(TT01)[0], "revenue": revenue}


class TestAgreeExceptDiff:
    @settings(max_examples=20)
    @given(records(TT01) | edge_records(TT01))
    def test_a_version_agrees_with_itself(self, record: dict[str, Any]) -> None:
        """The same rules, no change: every record's result is the same."""
        agree_except_diff(TT01, TT01, record)

    @settings(max_examples=20)
    @given(edge_records(TT01))
    def test_an_edited_band_moves_only_what_the_diff_names(
        self, moved: coopeval.CompiledRuleSet[Any], record: dict[str, Any]
    ) -> None:
        """With c03a's edge moved, only c03a moves, and only between 500 and 600 million."""
        agree_except_diff(TT01, moved, record)

    def test_a_band_edited_without_the_diff_knowing_fails(
        self, moved: coopeval.CompiledRuleSet[Any]
    ) -> None:
        """Told of no change, revenue 500 000 000 (band 3 before, band 2 after) is refused."""
        with pytest.raises(
            AssertionError, match=r"item c03a \(band 3 .* → 2 .*\) moved from 2 to 1"
        ):
            agree_except_diff(TT01, moved, _at(500_000_000), changes=())

    def test_a_record_outside_the_changed_bands_fails(
        self, moved: coopeval.CompiledRuleSet[Any], tmp_path: Path
    ) -> None:
        """Told only of the 2 → 3 billion edge, a record at 500 million is outside it: refused."""
        far = coopeval.load(str(edited("tt01-2020", tmp_path, FAR_OLD, FAR_NEW)))
        told = diff(TT01.ruleset, far.ruleset)

        with pytest.raises(AssertionError, match="outside the bands the semantic diff changes"):
            agree_except_diff(TT01, moved, _at(500_000_000), changes=told)

    def test_a_record_away_from_the_edit_agrees(self, moved: coopeval.CompiledRuleSet[Any]) -> None:
        """Revenue 700 000 000 is band 3 under both versions: nothing to explain."""
        same_results(TT01, moved, _at(700_000_000))


class TestSameResults:
    def test_names_the_item_the_band_and_the_change(
        self, moved: coopeval.CompiledRuleSet[Any]
    ) -> None:
        """599 999 999 đồng: band 3 before, 2 after; the message quotes the diff's sentences."""
        with pytest.raises(AssertionError) as caught:
            same_results(TT01, moved, _at(599_999_999))

        assert (
            "item c03a (band 3 [500000000, 2000000000) → 2 [100000000, 600000000), measure"
            " 599999999 → 599999999) moved from 2 to 1, by a change not approved: c03a: band 2,"
            " upper edge 500 000 000 → 600 000 000; c03a: band 3, lower edge 500 000 000 →"
            " 600 000 000"
        ) in str(caught.value)

    def test_a_programme_condition_that_moved(self, tmp_path: Path) -> None:
        """Article 18 with ``members >= members_prev``: equal counts move k1_b1, named as such."""
        path = edited(
            "luat-htx-2023-d18",
            tmp_path,
            'status = "confirmed"\nwhen = "members > members_prev"\n\n[[conditions]]\nid = "k1_b2',
            'status = "confirmed"\nwhen = "members >= members_prev"\n\n[[conditions]]\nid = "k1_b2',
        )
        looser = coopeval.load(str(path))
        record = {"id": "HTX-7", "year": 2025, "kind": "htx", "members": 9, "members_prev": 9}

        agree_except_diff(LAW, looser, record)
        with pytest.raises(
            AssertionError, match="condition k1_b1_members_grew moved from not_met to met"
        ):
            same_results(LAW, looser, record)
