"""The score-only path agrees with the full evaluation on every record."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import coopeval
from coopeval.engine import score
from coopeval.testing import records

RULES = coopeval.load("tt01-2020")
TT09 = coopeval.load("tt09-2017")


class TestScore:
    @settings(max_examples=150)
    @given(records(RULES, complete=False, with_self_scores=True, rateable=False))
    def test_agrees_with_evaluate(self, record: dict[str, Any]) -> None:
        """For any record, complete or not, (total, rating) equals the full path's."""
        full = coopeval.evaluate(RULES, record)

        expected = (None if full.status == "not_rated" else full.total, full.rating)
        assert expected == score(RULES, record)

    @settings(max_examples=100)
    @given(records(RULES), st.sampled_from(["quy_tin_dung", "htx", None]))
    def test_agrees_on_complete_records(self, record: dict[str, Any], kind: str | None) -> None:
        """Complete records, rated or excluded, give the same answer on both paths."""
        record = {**record, "kind": kind}
        full = coopeval.evaluate(RULES, record)

        expected = (None if full.status == "not_rated" else full.total, full.rating)
        assert expected == score(RULES, record)

    @settings(max_examples=60)
    @given(records(TT09, complete=False), st.booleans())
    def test_agrees_with_overrides(self, record: dict[str, Any], sanctioned: bool) -> None:
        """Under tt09-2017 the sanction override is applied the same way on both paths."""
        record = {**record, "sanctioned": sanctioned}
        full = coopeval.evaluate(TT09, record)

        expected = (None if full.status == "not_rated" else full.total, full.rating)
        assert expected == score(TT09, record)

    def test_pilot_scores(self) -> None:
        """The four pilots score 67, 71, 76 and 79 on the fast path too (hand-worked)."""
        import json
        from pathlib import Path

        pilots = json.loads(
            (Path(__file__).parents[2] / "examples" / "pilots.json").read_text("utf-8")
        )

        assert [(Decimal(t), "kha") for t in (67, 71, 76, 79)] == [score(RULES, p) for p in pilots]

    def test_record_with_errors(self) -> None:
        """A record with an impossible value has no total and no rating."""
        assert (None, None) == score(RULES, {"id": "E", "year": 2024, "members": "-1"})
