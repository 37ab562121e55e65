"""`coopeval.testing.strategies`: records of programmes as well as scorecards."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

import coopeval
from coopeval.testing import records

PROGRAMMES = ("luat-htx-2023-d18", "nd45-2021", "tt124-2021", "qd167-2021")
LOADED = {rid: coopeval.load(rid) for rid in PROGRAMMES}


class TestRecords:
    @pytest.mark.parametrize("rule_id", PROGRAMMES)
    @settings(max_examples=25)
    @given(data=st.data())
    def test_programme_records_are_valid(self, rule_id: str, data: st.DataObject) -> None:
        """A programme's records evaluate without a record issue, whatever they leave out."""
        rules = LOADED[rule_id]
        record = data.draw(records(rules))

        assert () == coopeval.evaluate(rules, record).errors

    @settings(max_examples=40)
    @given(data=st.data())
    def test_classification_records_reach_every_class(self, data: st.DataObject) -> None:
        """Records for Decree 113's classification are valid, dated in force, and classified."""
        rules = coopeval.load("nd113-2024")
        record = data.draw(records(rules))

        result = coopeval.evaluate(rules, record)

        assert () == result.errors
        assert ("size",) == tuple(axis for axis, _ in result.classification)

    def test_classification_edges_are_drawn_often(self) -> None:
        """Decree 113's thresholds are among the values drawn often: each edge and its sides."""
        from coopeval.testing.edges import input_edges

        edges = input_edges(coopeval.load("nd113-2024"))

        for members in (49, 50, 51, 99, 100, 101, 199, 200, 201, 299, 300, 301):
            assert members in edges["official_members"]
        for ty in (2, 10, 50, 80):  # tỷ đồng of revenue, by hand from the spec
            assert ty * 10**9 in edges["revenue"]
            assert ty * 10**9 - 1 in edges["revenue"]

    def test_programme_records_leave_inputs_out(self) -> None:
        """By default a programme record may lack an optional input: its condition is missing."""
        rules = LOADED["luat-htx-2023-d18"]

        record = find(records(rules), lambda r: "members" not in r)
        result = coopeval.evaluate(rules, record)
        grew = next(c for c in result.conditions if c.id == "k1_b1_members_grew")

        assert ("missing", ("members",)) == (grew.outcome, grew.missing[:1])

    def test_programme_records_draw_every_kind(self) -> None:
        """A programme's records are of any declared legal form, the cooperative group too."""
        rules = LOADED["luat-htx-2023-d18"]

        record = find(records(rules), lambda r: r.get("kind") == "to_hop_tac")

        assert "to_hop_tac" == record["kind"]

    @settings(max_examples=25)
    @given(records(LOADED["luat-htx-2023-d18"], form="typed"))
    def test_years_fall_within_the_law_in_force(self, record: dict[str, Any]) -> None:
        """Article 18 is in force from 1 July 2024: the first whole year drawn is 2025."""
        assert 2025 <= record["year"] <= 2100

    @settings(max_examples=25)
    @given(records(LOADED["tt124-2021"], form="typed", complete=True))
    def test_as_of_falls_within_circular_124(self, record: dict[str, Any]) -> None:
        """Circular 124/2021 is in force from 14 February 2022: no earlier computation date."""
        assert dt.date(2022, 2, 14) <= record["as_of"]

    def test_a_scorecard_record_is_still_a_cooperative(self) -> None:
        """Scorecard records keep their default: kind htx, every input present."""
        rules = coopeval.load("tt01-2020")

        record = find(records(rules), lambda r: True)

        assert "htx" == record["kind"]
        assert {spec.name for spec in rules.ruleset.inputs} <= record.keys()
