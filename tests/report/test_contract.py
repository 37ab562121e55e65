"""Tests for `coopeval.report.contract`: one JSON form for both kinds, in two modes.

``mode="json"`` writes every decimal as a string and every date as ISO text;
``mode="python"`` keeps `Decimal` and `datetime.date`. The values checked are
the pilots' figures worked out by hand in ``examples/expected/pilots.json`` and
the shared spec (Circular 124: 1.5 × 3 860 000 for region III in 2025).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coopeval
from coopeval.errors import UsageError
from coopeval.formats import evaluate_file
from coopeval.report.contract import json_line
from coopeval.testing import records, self_scored_records

ROOT = Path(__file__).resolve().parents[2]
PILOTS: list[dict[str, Any]] = json.loads(
    (ROOT / "examples" / "pilots.json").read_text("utf-8"), parse_float=Decimal
)
TT01 = coopeval.load("tt01-2020")
TT124 = coopeval.load("tt124-2021")


def _numbers(value: Any) -> list[Any]:
    """Every Decimal, float or date anywhere in plain data."""
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return [value] if isinstance(value, Decimal | float | dt.date) else []


class TestToDict:
    def test_scorecard_json(self) -> None:
        """JSON mode: the total is the string "79", nothing is a Decimal, float or date."""
        data = coopeval.to_dict(coopeval.evaluate(TT01, PILOTS[3]))

        assert "79" == data["total"]
        assert {"rating": "tot", "points_needed": "1"} == data["next_rating"]
        assert [] == _numbers(data)
        assert json.loads(json.dumps(data)) == data

    def test_scorecard_python(self) -> None:
        """Python mode keeps exact Decimals where JSON mode writes text."""
        data = coopeval.to_dict(coopeval.evaluate(TT01, PILOTS[3]), mode="python")

        assert Decimal(79) == data["total"]
        assert Decimal(6) == data["items"]["c01a"]["max"]

    def test_programme_both_modes(self) -> None:
        """A programme's result has id, status, outcome, amounts; dates kept in python mode."""
        result = coopeval.evaluate(TT124, PILOTS[0], as_of=dt.date(2025, 1, 1))
        as_json = coopeval.to_dict(result)
        as_python = coopeval.to_dict(result, mode="python")
        # Region III, 2025: 1.5 × 3 860 000 = 5 790 000 (Circular 124, Decree 74/2024).

        assert ("HTX-01", "ok") == (as_json["id"], as_json["status"])
        assert "5790000" == as_json["amounts"]["monthly_floor"]
        assert Decimal(5790000) == as_python["amounts"]["monthly_floor"]
        used = as_python["amount_details"]["monthly_floor"]["parameters"][0]
        assert dt.date(2025, 1, 1) == used["on"]
        assert [] == _numbers(as_json)

    def test_one_record_under_several_programmes(self) -> None:
        """A list of one record's results gives the ``programs`` form of coopeval eligible."""
        results = [
            coopeval.evaluate(coopeval.load(p), PILOTS[1]) for p in ("nd45-2021", "tt55-2023")
        ]

        data = coopeval.to_dict(results)

        assert ["nd45-2021", "tt55-2023"] == list(data["programs"])
        assert "not_eligible" == data["programs"]["nd45-2021"]["outcome"]

    def test_explanation(self) -> None:
        """An explanation's lines, of either kind, as plain text fields."""
        ev = coopeval.to_dict(coopeval.explain(coopeval.evaluate(TT01, PILOTS[3]), "en"))
        pg = coopeval.to_dict(coopeval.explain(coopeval.evaluate(TT124, PILOTS[0]), "en"))

        assert 23 == sum(1 for line in ev["lines"] if line["kind"] == "item")
        assert "eligibility" == pg["kind"]
        assert pg["conditions"][0]["outcome"] in ("met", "not_met", "missing")
        assert "monthly_floor" == pg["amounts"][0]["id"]

    def test_a_list_is_of_programme_results(self) -> None:
        """A list of scorecard results, or an empty list, is refused with what is taken."""
        with pytest.raises(UsageError, match="non-empty list of ProgrammeResult"):
            coopeval.to_dict([coopeval.evaluate(TT01, PILOTS[0])])
        with pytest.raises(UsageError, match="non-empty list"):
            coopeval.to_dict([])

    def test_unknown_mode(self) -> None:
        """A mode other than json or python is refused, naming both."""
        with pytest.raises(UsageError, match=r"'xml'.*'json'.*'python'"):
            coopeval.to_dict(coopeval.evaluate(TT01, PILOTS[0]), mode="xml")  # type: ignore[arg-type]  # the point


#: The JSONL of the pilots as `coopeval score --format jsonl` wrote it before
#: `json_line` (code 56bd0b4), with ``source.file`` as given on that command line.
GOLDEN = Path(__file__).resolve().parent / "golden"


class TestJsonLine:
    @pytest.mark.parametrize("name", ["pilots.json", "pilots.csv", "pilots-with-errors.csv"])
    def test_the_pilots_as_before(self, name: str) -> None:
        """The pilots' lines are the lines written before, byte for byte (rule-set id aside)."""
        path = ROOT / "examples" / name
        lines = (GOLDEN / f"{name}.jsonl").read_text("utf-8").splitlines()
        found = []
        for ev in evaluate_file(TT01, path):
            line = json_line(ev).replace(json.dumps(str(path)), json.dumps(f"examples/{name}"))
            found.append(line)
        # The rule file may move on in version or bytes; its lines must not otherwise change.
        before = [_current_ref(line) for line in lines]

        assert before == found

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.one_of(
            records(TT01),
            records(TT01, complete=False),
            self_scored_records(TT01),
        )
    )
    def test_same_text_as_json_dumps(self, record: dict[str, Any]) -> None:
        """For any record, complete or not, self-scored or not: json.dumps of to_dict, exactly."""
        ev = coopeval.evaluate(TT01, record)

        assert json.dumps(coopeval.to_dict(ev), ensure_ascii=False) == json_line(ev)

    def test_other_results_through_to_dict(self) -> None:
        """A programme's row has no fast form: json.dumps of to_dict."""
        row = [coopeval.evaluate(TT124, PILOTS[0], as_of=dt.date(2025, 1, 1))]

        assert json.dumps(coopeval.to_dict(row), ensure_ascii=False) == json_line(row)


def _current_ref(line: str) -> str:
    """``line`` with its rule-set reference as the loaded tt01-2020's."""
    ref = TT01.ref
    head, _, _ = line.rpartition(', "ruleset": ')
    return (
        f'{head}, "ruleset": {{"id": {json.dumps(ref.id)}, "version": {json.dumps(ref.version)}, '
        f'"sha256": {json.dumps(ref.sha256)}}}}}'
    )
