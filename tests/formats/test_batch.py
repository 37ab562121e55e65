"""Tests for `coopeval.formats.batch`: every row of a file under one or several rule sets."""

from __future__ import annotations

import csv
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


def _pilot_rows() -> tuple[list[str], list[list[str]]]:
    with PILOTS_CSV.open(encoding="utf-8", newline="") as f:
        header, *rows = csv.reader(f)
    return header, rows


def _sums(rows: list[list[str]], start: int) -> list[str]:
    """The sums of each column from ``start`` on; empty where not whole numbers in every row."""
    out = []
    for column in zip(*(r[start:] for r in rows), strict=True):
        whole = all(c.isdigit() for c in column)
        out.append(str(sum(int(c) for c in column)) if whole else "")
    return out


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


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

    def test_subtotals_then_totals_by_sums(self, tmp_path: Path) -> None:
        """Sub-totals by word, then a row of sums of the rows since: both skipped, in order.

        Rows 2-3 are pilots 1-2, row 4 says "Cộng", rows 5-6 are pilots 3-4,
        row 7 (no id) holds the sums of rows 5-6 only, row 8 (no id) the sums of all four.
        """
        header, pilots = _pilot_rows()
        start = header.index("members")
        blank = [""] * start
        word = ["Cộng"] + [""] * (len(header) - 1)
        path = _write(
            tmp_path / "subtotals.csv",
            [
                header,
                pilots[0],
                pilots[1],
                word,
                pilots[2],
                pilots[3],
                blank + _sums(pilots[2:], start),
                blank + _sums(pilots, start),
            ],
        )

        results = coopeval.evaluate_file(coopeval.load("tt01-2020"), path)
        rows = list(results)

        assert ["HTX-01", "HTX-02", "HTX-03", "HTX-04"] == [r.id for r in rows]
        assert [(4, "totals_word"), (7, "totals_sums"), (8, "totals_sums")] == [
            (s.row, s.code) for s in results.skipped
        ]

    def test_a_row_of_zeros_after_a_subtotal_is_not_a_total(self, tmp_path: Path) -> None:
        """Right after "Cộng" no row is summed yet: an id-less row of zeros is an error row."""
        header, pilots = _pilot_rows()
        start = header.index("members")
        zeros = [""] * start + ["0", "0", "0"] + [""] * (len(header) - start - 3)
        word = ["Cộng"] + [""] * (len(header) - 1)
        path = _write(tmp_path / "zeros.csv", [header, pilots[0], word, zeros])

        results = coopeval.evaluate_file(coopeval.load("tt01-2020"), path)
        rows = list(results)

        assert [("HTX-01", "ok"), (None, "error")] == [(r.id, r.status) for r in rows]
        assert [(3, "totals_word")] == [(s.row, s.code) for s in results.skipped]

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
