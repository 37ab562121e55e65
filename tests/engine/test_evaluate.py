"""Tests for `coopeval.engine.evaluate`: one evaluate for both kinds; the score-only path agrees."""

from __future__ import annotations

import decimal
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import coopeval
from coopeval.engine import score
from coopeval.testing import records

RULES = coopeval.load("tt01-2020")
TT09 = coopeval.load("tt09-2017")
PILOTS: list[dict[str, Any]] = json.loads(
    (Path(__file__).parents[2] / "examples" / "pilots.json").read_text("utf-8"),
    parse_float=Decimal,
)
#: A small valid scorecard (one version of the catalogue corpus).
MINI = Path(__file__).parents[1] / "ruleset" / "invalid_catalogues" / "version_repeat" / "mini-a"


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
        assert [(Decimal(t), "kha") for t in (67, 71, 76, 79)] == [score(RULES, p) for p in PILOTS]

    def test_record_with_errors(self) -> None:
        """A record with an impossible value has no total and no rating."""
        assert (None, None) == score(RULES, {"id": "E", "year": 2024, "members": "-1"})


class TestEvaluate:
    """`evaluate`: one function for both kinds, under its own decimal context."""

    def test_dispatches_on_kind(self) -> None:
        """A scorecard gives an Evaluation, a programme a ProgrammeResult."""
        assert isinstance(coopeval.evaluate(RULES, PILOTS[0]), coopeval.Evaluation)
        assert isinstance(
            coopeval.evaluate(coopeval.load("nd45-2021"), PILOTS[0]), coopeval.ProgrammeResult
        )

    def test_callers_decimal_context_does_not_matter(self) -> None:
        """A caller's 3-digit context neither changes the result nor is changed by it."""
        with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_DOWN)) as ctx:
            result = coopeval.evaluate(RULES, PILOTS[3])
            assert 3 == ctx.prec

        assert (Decimal(79), "kha") == (result.total, result.rating)

    def test_derived_inputs_come_through_the_resolver(self) -> None:
        """nq106's rating_tt01 is derived only when the rule set was compiled with a resolver."""
        loaded = coopeval.load("nq106-2023")
        bare = coopeval.compile_ruleset(loaded.checked)  # no resolver: the engine loads nothing

        assert (("rating_tt01", "tt01-2020"),) == coopeval.evaluate(loaded, PILOTS[3]).derived
        assert () == coopeval.evaluate(bare, PILOTS[3]).derived

    def test_derived_results_are_shared(self) -> None:
        """Two programmes deriving from tt01-2020 share one tt01-2020 result per record."""
        cache: dict[str, Any] = {}
        for pid in ("nq106-2023", "qd167-2021"):
            coopeval.evaluate(coopeval.load(pid), PILOTS[0], cache=cache)

        # tt01-2020 asked nd113-2024 for a size class: none for a 2023 record (not in force)
        assert ["tt01-2020", "nd113-2024"] == sorted(cache, key=["tt01-2020", "nd113-2024"].index)
        assert Decimal(67) == cache["tt01-2020"].total
        assert cache["nd113-2024"] is None

    def test_scorecard_parameters(self, tmp_path: Path) -> None:
        """An effective-dated parameter in a scorecard's envelope is read like an input.

        A made-up floor: members needed to score, 10 from 2020 and 20 from 2024 (the
        period in force on the record's ``on`` date); c01's measure is members - floor.
        """
        text = (MINI / "ruleset.toml").read_text("utf-8")
        text += (
            '\n[inputs.on]\ntype = "date"\nlabel = { vi = "Ngày", en = "Day" }\n'
            '[inputs.zone]\ntype = "enum"\nvalues = ["all"]\ndefault = "all"\n'
            'label = { vi = "Vùng", en = "Zone" }\n'
            '[[parameters]]\nid = "floor"\nlabel = { vi = "Ngưỡng", en = "Floor" }\n'
            'by = "zone"\non = "on"\n'
            "[[parameters.periods]]\neffective_from = 2020-01-01\nvalues = { all = 10 }\n"
            'citation = "minh họa"\nstatus = "provisional"\n'
            "[[parameters.periods]]\neffective_from = 2024-01-01\nvalues = { all = 20 }\n"
            'citation = "minh họa"\nstatus = "provisional"\n'
        )
        text = text.replace('measure = "members"', 'measure = "members - floor"')
        file = tmp_path / "ruleset.toml"
        file.write_text(text, encoding="utf-8")
        rules = coopeval.load(file)
        record = {"id": "P", "revenue": 0, "members": 30, "award_level": "none"}

        early = coopeval.evaluate(rules, {**record, "on": "2023-12-31"})
        late = coopeval.evaluate(rules, {**record, "on": "2024-01-01"})

        assert Decimal(20) == next(i for i in early.items if i.id == "c02").measure  # 30 - 10
        assert Decimal(10) == next(i for i in late.items if i.id == "c02").measure  # 30 - 20
