"""`coopeval.testing.at_edges`: records on each side of every band edge and comparison."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings

import coopeval
from coopeval.errors import UsageError
from coopeval.testing import edge_records, edge_table

TT01 = coopeval.load("tt01-2020")
LAW = coopeval.load("luat-htx-2023-d18")
ND45 = coopeval.load("nd45-2021")
QD167 = coopeval.load("qd167-2021")
D = Decimal


def _items(rows: tuple[dict[str, Any], ...]) -> list[coopeval.ItemResult]:
    return [item for row in rows for item in coopeval.evaluate(TT01, row).items]


class TestEdgeTable:
    def test_every_band_of_every_item_is_reached(self) -> None:
        """Each tt01-2020 item scores in every band of its table (counted in the rule file)."""
        reached: dict[str, set[int]] = {}
        for item in _items(edge_table(TT01)):
            reached.setdefault(item.id, set()).add(item.band if item.band is not None else -1)

        # Band counts of rules/tt01-2020/ruleset.toml, item by item.
        counts = {"c01a": 7, "c01b": 2, "c02a": 6, "c02b": 2, "c03a": 5, "c03b": 4, "c03c": 5}
        counts |= {"c04a": 3, "c04b": 3, "c04c": 3, "c05": 4, "c06": 4, "c07a": 3, "c07b": 3}
        counts |= {"c07c": 3, "c08": 4, "c09": 4, "c10": 5, "c11": 5, "c12": 5, "c13": 4}
        counts |= {"c14": 4, "c15": 4}
        assert {k: set(range(n)) for k, n in counts.items()} == reached

    def test_each_edge_and_just_below_it(self) -> None:
        """c03a (revenue) sits on each edge and one dong below it: 10^8, 5·10^8, 2·10^9, 5·10^9."""
        revenues = {item.measure for item in _items(edge_table(TT01)) if item.id == "c03a"}

        edges = [D(100_000_000), D(500_000_000), D(2_000_000_000), D(5_000_000_000)]
        assert set(edges) | {e - 1 for e in edges} <= revenues

    def test_a_rounded_percentage_just_below(self) -> None:
        """c07a (pct of managers, rounded to 2 places) lands on 20 and 50 and just below each."""
        measures = {item.measure for item in _items(edge_table(TT01)) if item.id == "c07a"}

        assert {D(20), D(50)} <= measures
        assert any(D(19) <= m < D(20) for m in measures if m is not None)
        assert any(D(49) <= m < D(50) for m in measures if m is not None)

    def test_the_rows_are_rated_cooperatives(self) -> None:
        """Every row is a valid, rateable record: status ok, no exclusion."""
        statuses = {coopeval.evaluate(TT01, row).status for row in edge_table(TT01)}

        assert {"ok"} == statuses

    def test_both_sides_of_a_comparison_of_two_inputs(self) -> None:
        """Art. 18 ``members > members_prev``: equal, one fewer and one more are all reached."""
        gaps = {row["members"] - row["members_prev"] for row in edge_table(LAW)}

        assert {-1, 0, 1} <= gaps

    def test_both_sides_of_a_constant(self) -> None:
        """Decree 45 ``borrower_age >= 18``: 17, 18 and 19 are reached."""
        ages = {row["borrower_age"] for row in edge_table(ND45)}

        assert {17, 18, 19} <= ages

    def test_both_sides_of_a_share(self) -> None:
        """Decision 167 ``internal_revenue_share_pct >= 50``: 49.99, 50 and 50.01 are reached."""
        shares = {row["internal_revenue_share_pct"] for row in edge_table(QD167)}

        assert {D("49.99"), D(50), D("50.01")} <= shares

    def test_both_sides_of_a_product(self) -> None:
        """Decree 45 ``own_equity >= total_investment * 0.2``: equal, below and above."""
        rows = edge_table(ND45)
        signs = {
            (r["own_equity"] > r["total_investment"] * D("0.2"))
            - (r["own_equity"] < r["total_investment"] * D("0.2"))
            for r in rows
        }

        assert {-1, 0, 1} == signs

    def test_a_rule_set_without_edges(self) -> None:
        """Circular 55/2023 compares nothing: no edge records, and it says so."""
        with pytest.raises(UsageError, match="no band edge or comparison of tt55-2023"):
            edge_table(coopeval.load("tt55-2023"))


class TestEdgeRecords:
    @settings(max_examples=25)
    @given(edge_records(TT01))
    def test_an_input_measure_is_on_an_edge_or_one_step_below(self, record: dict[str, Any]) -> None:
        """Items measured by one input sit on a band edge or one step (1 đồng, 0.01 %, 1) below."""
        steps = {"c03a": D(1), "c03c": D(1), "c05": D(1), "c13": D(1), "c14": D(1)}
        steps |= dict.fromkeys(
            ("c03b", "c04a", "c04b", "c04c", "c08", "c10", "c11", "c12"), D("0.01")
        )
        result = coopeval.evaluate(TT01, record)
        off = [
            (item.id, item.measure)
            for item in result.items
            if item.id in steps
            and item.measure != item.band_lower
            and (item.band_upper is None or item.band_upper - steps[item.id] != item.measure)
        ]

        assert ("ok", []) == (result.status, off)

    @settings(max_examples=25)
    @given(edge_records(LAW))
    def test_programme_records_are_complete(self, record: dict[str, Any]) -> None:
        """A programme's edge records give every input, so no condition is missing evidence."""
        result = coopeval.evaluate(LAW, record)

        assert (set(), ()) == ({c.outcome for c in result.conditions} & {"missing"}, result.errors)
