"""Tests for `coopeval.formats.batch`: every row of a file under one or several rule sets."""

from __future__ import annotations

from pathlib import Path

import pytest

import coopeval
from coopeval.cli import main
from coopeval.errors import UsageError

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


HOSTILE = ROOT / "tests" / "hostile"


class TestColumnPlan:
    def test_plan_and_skipped_rows_from_the_api(self) -> None:
        """The results carry the plan (units, unused columns, absent inputs) and rows skipped."""
        results = coopeval.evaluate_file(coopeval.load("tt01-2020"), HOSTILE / "totals_row.csv")
        rows = list(results)

        assert ["O-1", "O-2"] == [r.id for r in rows]
        assert [(4, "totals_word", "Tổng cộng")] == [
            (s.row, s.code, s.word) for s in results.skipped
        ]
        assert results.plan is not None
        assert () == results.plan.unused
        assert "internal_revenue_share_pct" not in results.plan.absent

    def test_units_are_in_the_plan(self) -> None:
        """Each column read in another unit than its field's says so, with its power of ten."""
        results = coopeval.evaluate_file(coopeval.load("tt01-2020"), HOSTILE / "units.csv")
        list(results)

        assert results.plan is not None
        assert {"total_capital_open": 3, "revenue": 9, "profit_before_tax": 6} == (
            results.plan.powers()
        )

    def test_self_assessed_words_and_commas(self) -> None:
        """ "Tự chấm tiêu chí 8" with 1,5 is self_score.c08 = 1.5: a discrepancy with 4 computed."""
        (result,) = coopeval.evaluate_file(
            coopeval.load("tt01-2020"), HOSTILE / "self_score_words.csv"
        )

        assert [("c04b", "1.5", "2"), ("c08", "1.5", "4")] == [
            (d.item, str(d.self_assessed), str(d.computed)) for d in result.discrepancies
        ]

    def test_strict_columns(self) -> None:
        """With strict_columns a column no rule set reads stops the run, naming it."""
        with pytest.raises(UsageError, match=r"column A \(STT\) is read by no rule set"):
            list(
                coopeval.evaluate_file(
                    coopeval.load("tt01-2020"),
                    HOSTILE / "extra_columns.csv",
                    strict_columns=True,
                )
            )

    def test_strict_columns_on_the_command_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--strict-columns turns the unused column into a usage error: exit 2."""
        code = main(["score", str(HOSTILE / "extra_columns.csv"), "--strict-columns"])

        assert 2 == code
        assert "STT" in capsys.readouterr().err

    def test_json_plan_lists_keys(self) -> None:
        """A JSON file's plan is its keys over all records: those no rule set reads, listed."""
        results = coopeval.evaluate_file(
            coopeval.load("tt01-2020"), ROOT / "examples" / "pilots.json"
        )
        list(results)

        assert results.plan is not None
        assert results.plan.keys
        assert "interest_rate" in [c.header for c in results.plan.unused]

    def test_programmes_read_sheets_with_options(self, tmp_path: Path) -> None:
        """eligible reads XLSX sheets and header maps like score: the same outcomes as from CSV."""
        rules = [coopeval.load("nd45-2021")]
        header_map = tmp_path / "map.toml"
        header_map.write_text('"Vốn điều lệ quỹ" = "fund_charter_capital"\n', encoding="utf-8")
        code = main(
            ["eligible", str(PILOTS_CSV), "--program", "nd45-2021", "--header-map", str(header_map)]
        )

        assert 0 == code
        assert ["eligible", "not_eligible", "eligible", "undetermined"] == [
            r.outcome for r in coopeval.evaluate_file(rules[0], PILOTS_CSV)
        ]
