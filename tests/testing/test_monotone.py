"""`coopeval.testing.monotone`: raising an input never moves an item against its bands."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import coopeval
from coopeval.testing import edge_records, monotone_items, records
from coopeval.testing.monotone import directions

TT01 = coopeval.load("tt01-2020")
TT09 = coopeval.load("tt09-2017")


class TestDirections:
    def test_what_can_be_shown_for_tt01(self) -> None:
        """By hand from the rule file: inputs, means, pct parts and yes/no counts rise; a
        violation count lowers; a pct's whole and a comparison of two balances are not claimed."""
        found = directions(TT01)

        assert {"revenue": 1} == found["c03a"]
        assert {"total_capital_open": 1, "total_capital_close": 1} == found["c01a"]
        assert {"managers_higher_ed": 1} == found["c07a"]
        assert {"legal_violations": -1} == found["c05"]
        assert {"tech_applied": 1, "has_brand": 1, "in_value_chain": 1} == found["c09"]
        assert {"total_capital_close": 1, "total_capital_prev_close": -1} == found["c01b"]
        assert "c15" not in found  # a choice among award levels: no order to raise along


class TestMonotoneItems:
    @settings(max_examples=15)
    @given(records(TT01) | edge_records(TT01))
    def test_holds_on_tt01(self, record: dict[str, Any]) -> None:
        """No tt01-2020 item loses points when one of its inputs rises."""
        monotone_items(TT01, record)

    @settings(max_examples=15)
    @given(records(TT09) | edge_records(TT09))
    def test_holds_on_tt09(self, record: dict[str, Any]) -> None:
        """... nor a tt09-2017 item."""
        monotone_items(TT09, record)

    def test_bands_declared_one_way_and_scored_another_fail(self) -> None:
        """Rules that declare c03a's points falling (4 to 0) but score them rising are refused."""
        sc = TT01.ruleset.scorecard
        items = tuple(
            attrs.evolve(
                i,
                bands=tuple(attrs.evolve(b, points=Decimal(4) - b.points) for b in i.bands),
            )
            if i.id == "c03a"
            else i
            for i in sc.items
        )
        declared = attrs.evolve(TT01.ruleset, body=attrs.evolve(sc, items=items))
        broken = attrs.evolve(TT01, checked=attrs.evolve(TT01.checked, ruleset=declared))
        record = next(r for r in coopeval.testing.edge_table(TT01) if r["revenue"] == 499_999_999)

        with pytest.raises(
            AssertionError, match="raising revenue from 499999999 to 500000000 moved item c03a"
        ):
            monotone_items(broken, record, inputs=["revenue"])
