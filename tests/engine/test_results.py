"""Tests for `coopeval.engine.results`: results are pure data, which cattrs can unstructure."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pytest

import coopeval

ROOT = Path(__file__).resolve().parents[2]
PILOTS: list[dict[str, Any]] = json.loads(
    (ROOT / "examples" / "pilots.json").read_text("utf-8"), parse_float=Decimal
)


def _results() -> list[Any]:
    """One result of every public result type, from the pilots."""
    tt01 = coopeval.load("tt01-2020")
    ev: coopeval.Evaluation = coopeval.evaluate(tt01, PILOTS[3])
    tt124 = coopeval.load("tt124-2021")
    programme: coopeval.ProgrammeResult = coopeval.evaluate(tt124, PILOTS[0])
    qd167 = coopeval.load("qd167-2021")
    d18 = coopeval.load("luat-htx-2023-d18")
    quota = coopeval.evaluate_set_rules(qd167, [coopeval.evaluate(qd167, p) for p in PILOTS])
    day = dt.date(2024, 12, 31)  # the 2023 pilots, as at a day art. 18 is in force
    ranking = coopeval.evaluate_set_rules(
        d18, [coopeval.evaluate(d18, p, as_of=day) for p in PILOTS]
    )
    self_scored = coopeval.evaluate(tt01, {**PILOTS[0], "self_score": {"c01a": 1}})
    return [
        ev,
        ev.items[0],
        ev.groups[0],
        ev.ruleset,
        self_scored.discrepancies[0],
        programme,
        programme.conditions[0],
        programme.amounts[0],
        programme.amounts[0].parameters[0],
        quota[0],
        quota[0].groups[0],
        ranking[0].ranking[0],
        coopeval.explain(ev),
        coopeval.explain(programme),
    ]


def _callables(value: Any) -> list[Any]:
    """Every callable found anywhere in unstructured data."""
    if isinstance(value, dict):
        return [c for v in value.values() for c in _callables(v)]
    if isinstance(value, list | tuple):
        return [c for v in value for c in _callables(v)]
    return [value] if callable(value) else []


class TestPureData:
    @pytest.mark.parametrize("result", _results(), ids=lambda r: type(r).__name__)
    def test_cattrs_unstructures_every_result(self, result: Any) -> None:
        """A plain cattrs converter unstructures it into data holding no code."""
        data = cattrs.Converter().unstructure(result)

        assert isinstance(data, dict)
        assert [] == _callables(data)
        assert json.dumps(data, default=str)

    @pytest.mark.parametrize("result", _results(), ids=lambda r: type(r).__name__)
    def test_frozen(self, result: Any) -> None:
        """A result cannot be changed after the fact."""
        field = attrs.fields(type(result))[0].name

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(result, field, None)
