"""The coverage command: the JSON contract, the text, --fail-under and its exit codes.

What the four pilots reach is worked out by hand from examples/pilots.csv and
the band tables of rules/tt01-2020/ruleset.toml: revenues 1.86, 4.6, 6.9 and
5.4 tỷ put one pilot in each of c03a's bands [500 tr, 2 tỷ) and [2 tỷ, 5 tỷ)
and two in [5 tỷ, ∞); none is under 500 triệu.
"""

# The style guide (STYLE.md section 11) wants `expected == actual`; SIM300 wants the
# reverse. The guide wins in tests.

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import coopeval
from tests.cli import PILOTS_CSV, ROOT, WITH_ERRORS
from tests.cli import run as _run
from tests.engine.test_coverage import BORROWER, expected_keys

RULES = coopeval.load("tt01-2020")
WORKBOOK = str(ROOT / "examples" / "officer-workbook.xlsx")


def _json(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code, out, _ = _run(["coverage", *args, "--format", "json"], capsys)
    return code, json.loads(out)


def _records(found: dict[str, Any]) -> dict[tuple[str, str, Any], int]:
    return {(e["kind"], e["rule"], e["part"]): e["records"] for e in found["rules"]}


class TestCoverageJson:
    def test_the_contract_fields(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The object has ruleset, records, errors, parts, covered, percent, rules, unreached."""
        code, found = _json([PILOTS_CSV], capsys)

        assert 0 == code
        assert {
            "ruleset",
            "records",
            "errors",
            "parts",
            "covered",
            "percent",
            "rules",
            "unreached",
        } == set(found)
        assert {"id", "version", "sha256"} == set(found["ruleset"])
        assert "tt01-2020" == found["ruleset"]["id"]
        assert (4, 0) == (found["records"], found["errors"])
        entry = found["rules"][0]
        assert {"rule", "kind", "part", "records", "label", "rule_label", "lower", "upper"} <= set(
            entry
        )
        assert {"vi", "en"} == set(entry["label"])

    def test_every_part_is_listed_and_unreached_are_those_at_zero(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Every part of the rule file is an entry; unreached holds exactly the zeros."""
        _, found = _json([PILOTS_CSV], capsys)

        assert expected_keys("tt01-2020") == [
            (e["kind"], e["rule"], e["part"]) for e in found["rules"]
        ]
        assert [e for e in found["rules"] if e["records"] == 0] == found["unreached"]
        assert len(found["rules"]) - len(found["unreached"]) == found["covered"]

    def test_the_pilots_reach_c03a_from_its_third_band(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """c03a: bands 0 and 1 unreached, 2 and 3 one pilot each, 4 two (hand-worked)."""
        _, found = _json([PILOTS_CSV], capsys)

        reached = _records(found)
        assert [0, 0, 1, 1, 2] == [reached[("band", "c03a", n)] for n in range(5)]
        assert {0, 1} <= {
            e["part"] for e in found["unreached"] if e["rule"] == "c03a" and e["kind"] == "band"
        }
        band = next(
            e for e in found["rules"] if (e["kind"], e["rule"], e["part"]) == ("band", "c03a", 4)
        )
        assert ("5000000000", None, "4") == (band["lower"], band["upper"], band["points"])
        assert "c03a band 5 [5,000,000,000, +∞): 4 points" == band["label"]["en"]
        assert "c03a khung 5 [5.000.000.000; +∞): 4 điểm" == band["label"]["vi"]

    def test_the_percentage_is_the_share_covered(self, capsys: pytest.CaptureFixture[str]) -> None:
        """percent is covered × 100 / parts with two decimals, cut down, as text."""
        _, found = _json([PILOTS_CSV], capsys)

        whole, cents = divmod(found["covered"] * 10000 // found["parts"], 100)
        assert f"{whole}.{cents:02d}" == found["percent"]

    def test_records_with_errors_count_but_reach_nothing(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The file with two bad rows (150 % members, self-score 7 of 6): 6 read, 2 errors,
        the same parts reached as by the four good pilots, and exit 0."""
        code, bad = _json([WITH_ERRORS], capsys)
        _, good = _json([PILOTS_CSV], capsys)

        assert 0 == code
        assert (6, 2) == (bad["records"], bad["errors"])
        assert _records(good) == _records(bad)

    def test_the_officer_workbook_reads_like_the_csv(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The officer workbook holds the same four pilots (its totals row skipped)."""
        _, book = _json([WORKBOOK], capsys)
        _, csv = _json([PILOTS_CSV], capsys)

        assert 4 == book["records"]
        assert _records(csv) == _records(book)

    def test_a_programme_met_not_met_missing(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """nd45-2021 over three borrowers: eligible, without security, without appraisal."""
        absent = {k: v for k, v in BORROWER.items() if k not in ("plan_feasible", "interest_rate")}
        rows = [BORROWER, {**BORROWER, "id": "V-2", "security_ok": False}, {**absent, "id": "V-3"}]
        path = tmp_path / "borrowers.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")

        code, found = _json([str(path), "--rules", "nd45-2021"], capsys)

        reached = _records(found)
        assert 0 == code
        assert "nd45-2021" == found["ruleset"]["id"]
        assert [1, 1, 1] == [
            reached[("outcome", "nd45-2021", o)]
            for o in ("eligible", "not_eligible", "undetermined")
        ]
        assert [2, 1, 0] == [reached[("condition", "c4", o)] for o in ("met", "not_met", "missing")]
        assert [2, 0, 1] == [reached[("condition", "c3", o)] for o in ("met", "not_met", "missing")]
        assert [2, 1] == [
            reached[("amount", "overdue_rate_cap", o)] for o in ("computed", "not_computed")
        ]
        assert {"kind": "condition", "rule": "c1", "part": "not_met"}.items() <= next(
            e for e in found["unreached"] if e["rule"] == "c1"
        ).items()

    def test_records_before_a_programme_is_in_force_reach_nothing(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The 2023 pilots under Law 2023 art. 18 (in force from 01/07/2024) are refused: read,
        reaching nothing; evaluated as of 01/01/2025 each reaches one outcome."""
        _, refused = _json([PILOTS_CSV, "--rules", "luat-htx-2023-d18"], capsys)
        _, as_of = _json(
            [PILOTS_CSV, "--rules", "luat-htx-2023-d18", "--as-of", "2025-01-01"], capsys
        )

        assert (4, 4, 0) == (refused["records"], refused["errors"], refused["covered"])
        assert (4, 0) == (as_of["records"], as_of["errors"])
        outcomes = ("eligible", "not_eligible", "undetermined")
        assert 4 == sum(_records(as_of)[("outcome", "luat-htx-2023-d18", o)] for o in outcomes)

    def test_written_to_a_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """-o coverage.json writes the JSON there (the format from the name), nothing on stdout."""
        out = tmp_path / "coverage.json"

        code, stdout, _ = _run(["coverage", PILOTS_CSV, "-o", str(out)], capsys)

        assert (0, "") == (code, stdout)
        assert 4 == json.loads(out.read_text("utf-8"))["records"]


class TestCoverageText:
    def test_vietnamese_leads_with_what_no_record_reaches(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The Vietnamese table says first which parts no cooperative reaches, c03a's first band
        among them, then the parts reached."""
        code, out, _ = _run(["coverage", PILOTS_CSV, "--width", "0"], capsys)

        unreached = out.index("Không hợp tác xã nào trong tệp đạt tới")
        band = out.index("c03a khung 1 (−∞; 100.000.000): 0 điểm")
        reached = out.index("Các phần được đạt tới")
        assert 0 == code
        assert unreached < band < reached
        assert out.startswith("Độ bao phủ của bộ quy tắc tt01-2020")

    def test_english_and_the_error_count(self, capsys: pytest.CaptureFixture[str]) -> None:
        """In English, with two bad rows: the headline, then how many records had errors."""
        _, out, _ = _run(["coverage", WITH_ERRORS, "--lang", "en", "--width", "0"], capsys)

        lines = out.splitlines()
        assert lines[0].startswith("Coverage of rule set tt01-2020")
        assert "over 6 records" in lines[0]
        assert lines[1].startswith("2 records had errors or were refused")
        assert "No record in this file reaches these" in out


class TestFailUnder:
    @pytest.mark.parametrize(("pct", "code"), [("0", 0), ("100", 1), ("28.57", 0), ("28,58", 1)])
    def test_exit_codes(self, capsys: pytest.CaptureFixture[str], pct: str, code: int) -> None:
        """54 of 189 parts is 28.571… %: at or over PCT exits 0, under it 1."""
        got, _, err = _run(["coverage", PILOTS_CSV, "--fail-under", pct, "--lang", "en"], capsys)

        assert code == got
        assert ("under --fail-under" in err) == (code == 1)

    def test_the_share_is_the_pilots_parts(self, capsys: pytest.CaptureFixture[str]) -> None:
        """54 of 189: the bands, ratings and classes of the pilots' own explanations (each
        item's band, read off `Evaluation.items`), of all the rule file's parts."""
        pilots = json.loads((ROOT / "examples" / "pilots.json").read_text("utf-8"))
        reached: set[tuple[str, str, Any]] = set()
        for ev in (coopeval.evaluate(RULES, p) for p in pilots):
            reached |= {("band", i.id, i.band) for i in ev.items}
            reached |= {("classification", a, v) for a, v in ev.classification}
            reached.add(("rating", "tt01-2020", ev.rating))

        _, found = _json([PILOTS_CSV], capsys)

        assert (54, 189) == (len(reached), len(expected_keys("tt01-2020")))
        assert (len(reached), 189) == (found["covered"], found["parts"])

    @pytest.mark.parametrize("pct", ["abc", "101", "-1", "nan", "", "1e5"])
    @pytest.mark.parametrize(
        ("lang", "words"), [("en", "needs a percentage from 0 to 100"), ("vi", "cần một tỷ lệ")]
    )
    def test_a_bad_percentage_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], pct: str, lang: str, words: str
    ) -> None:
        """A --fail-under that is not a number from 0 to 100 exits 2, said in the language asked."""
        with pytest.raises(SystemExit) as stopped:
            _run(["coverage", PILOTS_CSV, "--fail-under", pct, "--lang", lang], capsys)

        assert 2 == stopped.value.code
        assert words in capsys.readouterr().err


class TestCoverageUsage:
    def test_no_records_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A file with a header and no rows exits 2 and writes nothing."""
        path = tmp_path / "empty.csv"
        path.write_text("id,year,members\n", "utf-8")

        code, out, err = _run(["coverage", str(path), "--lang", "en"], capsys)

        assert (2, "") == (code, out)
        assert "no records" in err

    def test_help_is_in_both_languages(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--help describes the command in Vietnamese and English."""
        with pytest.raises(SystemExit):
            _run(["coverage", "--help"], capsys)

        out = " ".join(capsys.readouterr().out.split())  # argparse wraps the text
        assert "đạt tới" in out
        assert "which none ever does" in out
        assert "--fail-under PCT" in out
