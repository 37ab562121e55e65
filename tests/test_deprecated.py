"""The programme-specific names of 0.1 still work for one release, each with a warning.

Every deprecated name gives a `DeprecationWarning` naming its replacement, and
does what it did: the same result as the one-model API it now calls.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import coopeval
from coopeval.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]
PILOTS: list[dict[str, Any]] = json.loads(
    (ROOT / "examples" / "pilots.json").read_text("utf-8"), parse_float=Decimal
)
PILOTS_JSON = str(ROOT / "examples" / "pilots.json")


def deprecated(name: str, replacement: str) -> Any:
    """``coopeval.<name>``, checking that taking it warns and names ``replacement``."""
    with pytest.warns(DeprecationWarning, match=rf"coopeval\.{name} is deprecated.*{replacement}"):
        return getattr(coopeval, name)


class TestDeprecated:
    def test_load_programme(self) -> None:
        """load_programme loads a programme, and still refuses a scorecard."""
        load_programme = deprecated("load_programme", r"coopeval\.load")

        assert "nd45-2021" == load_programme("nd45-2021").id
        with pytest.raises(UsageError, match="is a scorecard"):
            load_programme("tt01-2020")

    def test_load_any(self) -> None:
        """load_any loads either kind."""
        load_any = deprecated("load_any", r"coopeval\.load")

        assert ("scorecard", "eligibility") == (
            load_any("tt01-2020").kind,
            load_any("nd45-2021").kind,
        )

    def test_evaluate_programme(self) -> None:
        """evaluate_programme gives what evaluate gives."""
        evaluate_programme = deprecated("evaluate_programme", r"coopeval\.evaluate")
        rules = coopeval.load("nd45-2021")

        old = evaluate_programme(rules, PILOTS[3], as_of=dt.date(2025, 1, 1))

        assert coopeval.evaluate(rules, PILOTS[3], as_of=dt.date(2025, 1, 1)) == old
        assert "undetermined" == old.outcome

    def test_evaluate_programmes_file(self) -> None:
        """evaluate_programmes_file gives one list of results per row."""
        old = deprecated("evaluate_programmes_file", r"coopeval\.evaluate_file")
        rules = [coopeval.load("nd45-2021"), coopeval.load("tt55-2023")]

        rows = list(old(rules, PILOTS_JSON))

        assert 4 == len(rows)
        assert [["nd45-2021", "tt55-2023"]] * 4 == [[r.programme.id for r in row] for row in rows]

    def test_explain_programme(self) -> None:
        """explain_programme returns the rendered text of explain."""
        explain_programme = deprecated("explain_programme", r"coopeval\.render")
        result = coopeval.evaluate(coopeval.load("nd45-2021"), PILOTS[3])

        assert coopeval.render(coopeval.explain(result, "en")) == explain_programme(result, "en")

    def test_programme_and_record_dicts(self) -> None:
        """programme_dict is one programme's part of record_dict, which is to_dict of a list."""
        programme_dict = deprecated("programme_dict", r"coopeval\.to_dict")
        record_dict = deprecated("record_dict", r"coopeval\.to_dict")
        result = coopeval.evaluate(coopeval.load("nd45-2021"), PILOTS[1])

        assert coopeval.to_dict([result]) == record_dict([result])
        assert record_dict([result])["programs"]["nd45-2021"] == programme_dict(result)
        assert "not_eligible" == programme_dict(result)["outcome"]

    def test_validate_and_compile_programme(self) -> None:
        """validate_programme and compile_programme run the one pipeline's phases."""
        validate = deprecated("validate_programme", r"coopeval\.validate_ruleset")
        compile_ = deprecated("compile_programme", r"coopeval\.compile_ruleset")
        ruleset = coopeval.load_ruleset(ROOT / "rules" / "tt55-2023")

        compiled = compile_(validate(ruleset))

        assert ("tt55-2023", "eligibility") == (compiled.id, compiled.kind)

    @pytest.mark.parametrize(
        ("name", "replacement"),
        [("CompiledProgramme", "CompiledRuleSet"), ("CheckedProgramme", "CheckedRuleSet")],
    )
    def test_types(self, name: str, replacement: str) -> None:
        """The programme types are now the one type of either kind."""
        assert getattr(coopeval, replacement) is deprecated(name, replacement)

    def test_not_in_all(self) -> None:
        """Deprecated names are not promised: none is in __all__ or dir()."""
        old = {"load_programme", "evaluate_programme", "explain_programme", "record_dict"}

        assert set() == old & set(coopeval.__all__)
        assert set() == old & set(dir(coopeval))
