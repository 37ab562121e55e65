"""Tests for `coopeval.formats.batch`: every row of a file under one or several rule sets."""

from __future__ import annotations

from pathlib import Path

import coopeval

ROOT = Path(__file__).resolve().parents[2]
PILOTS_CSV = ROOT / "examples" / "pilots.csv"
WITH_ERRORS = ROOT / "examples" / "pilots-with-errors.csv"


class TestEvaluateFile:
    def test_one_rule_set_one_result_per_row(self) -> None:
        """A scorecard over the pilots' sheet: four results in order; a path object is fine."""
        results = list(coopeval.evaluate_file(coopeval.load("tt01-2020"), PILOTS_CSV))

        assert ["HTX-01", "HTX-02", "HTX-03", "HTX-04"] == [r.id for r in results]

    def test_several_rule_sets_a_list_per_row(self) -> None:
        """Several rule sets, of both kinds: one list per row, one result per rule set."""
        rules = [coopeval.load(i) for i in ("tt01-2020", "nd45-2021", "qd167-2021")]

        rows = list(coopeval.evaluate_file(rules, str(PILOTS_CSV)))

        assert 4 == len(rows)
        assert [["tt01-2020", "nd45-2021", "qd167-2021"]] * 4 == [
            [r.ruleset.id for r in row] for row in rows
        ]

    def test_columns_located_for_every_kind(self) -> None:
        """A bad cell is located by its spreadsheet column under a programme as well."""
        rows = list(
            coopeval.evaluate_file(
                [coopeval.load("tt01-2020"), coopeval.load("nd45-2021")], WITH_ERRORS
            )
        )
        bad = rows[4]

        assert "error" == bad[0].status
        assert "AJ (members_using_services_pct)" == bad[0].errors[0].column
