"""Tests for `coopeval.ruleset.diff` and ``coopeval diff``: changes rule by rule.

Each copy of a bundled rule file is edited here in one known place, and the
changes expected are written by hand: their kind, rule, path and values.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from coopeval.cli import main
from coopeval.ruleset import load_ruleset
from coopeval.ruleset.diff import diff

ROOT = Path(__file__).resolve().parents[2]
TT01 = ROOT / "rules" / "tt01-2020" / "ruleset.toml"
ND45 = ROOT / "rules" / "nd45-2021" / "ruleset.toml"
D = Decimal


def _edited(source: Path, folder: Path, old: str, new: str, after: str = "") -> Path:
    """A copy of ``source`` with the first ``old`` after ``after`` replaced by ``new``."""
    text = source.read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    at = text.index(old, start)
    path = folder / "ruleset.toml"
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return path


@pytest.fixture
def c03a_moved(tmp_path: Path) -> Path:
    """c03a's 500 000 000 edge moved to 600 000 000, and its third band worth 3 points."""
    first = _edited(
        TT01,
        tmp_path,
        "{ lower = 100_000_000, upper = 500_000_000, points = 1 }",
        "{ lower = 100_000_000, upper = 600_000_000, points = 1 }",
        'measure = "revenue"',
    )
    return _edited(
        first,
        tmp_path,
        "{ lower = 500_000_000, upper = 2_000_000_000, points = 2 }",
        "{ lower = 600_000_000, upper = 2_000_000_000, points = 3 }",
        'measure = "revenue"',
    )


class TestScorecard:
    def test_one_band_table_edited(self, c03a_moved: Path) -> None:
        changes = diff(load_ruleset(TT01), load_ruleset(c03a_moved))

        assert [
            ("band_edge", "c03a", "$.items[4].bands[1].upper", D(500_000_000), D(600_000_000)),
            ("band_edge", "c03a", "$.items[4].bands[2].lower", D(500_000_000), D(600_000_000)),
            ("band_points", "c03a", "$.items[4].bands[2].points", D(2), D(3)),
        ] == [(c.kind, c.rule, c.path, c.old, c.new) for c in changes]
        assert "c03a: khung 2, cận trên 500 000 000 → 600 000 000" == changes[0].text.text("vi")
        assert "c03a: band 3, points 2 → 3" == changes[2].text.text("en")

    def test_the_same_file_has_no_change(self) -> None:
        assert () == diff(load_ruleset(TT01), load_ruleset(TT01))

    def test_a_rating_edge(self, tmp_path: Path) -> None:
        """tốt from 85 (and khá up to 85): two rating edges."""
        first = _edited(TT01, tmp_path, "lower = 80\n", "lower = 85\n", 'id = "tot"')
        edited = _edited(first, tmp_path, "upper = 80\n", "upper = 85\n", 'id = "kha"')

        changes = diff(load_ruleset(TT01), load_ruleset(edited))

        assert [("rating_edge", "kha", D(80), D(85)), ("rating_edge", "tot", D(80), D(85))] == [
            (c.kind, c.rule, c.old, c.new) for c in changes
        ]

    def test_a_class_edge(self, tmp_path: Path) -> None:
        """Micro up to 47 members, not 50: two edges of an axis whose bands have no points."""
        first = _edited(TT01, tmp_path, "upper = 50,", "upper = 47,", 'id = "members"')
        edited = _edited(first, tmp_path, "lower = 50,", "lower = 47,", 'id = "members"')

        changes = diff(load_ruleset(TT01), load_ruleset(edited))

        assert [("band_edge", "members", D(50), D(47)), ("band_edge", "members", D(50), D(47))] == [
            (c.kind, c.rule, c.old, c.new) for c in changes
        ]

    def test_a_citation(self, tmp_path: Path) -> None:
        edited = _edited(
            TT01,
            tmp_path,
            'citation = "Thông tư 01/2020/TT-BKHĐT, Phụ lục 1, tiêu chí 3.1"',
            'citation = "Thông tư 01/2020/TT-BKHĐT, Phụ lục 1, tiêu chí 3.1 (sửa)"',
        )

        (change,) = diff(load_ruleset(TT01), load_ruleset(edited))

        assert ("citation", "c03a", "$.items[4].citation") == (
            change.kind,
            change.rule,
            change.path,
        )


class TestProgramme:
    def test_a_condition_threshold(self, tmp_path: Path) -> None:
        """Own equity from a fifth to a quarter of the investment."""
        edited = _edited(ND45, tmp_path, "total_investment * 0.2", "total_investment * 0.25")

        (change,) = diff(load_ruleset(ND45), load_ruleset(edited))

        assert ("condition", "c5", "$.conditions[5].when") == (
            change.kind,
            change.rule,
            change.path,
        )
        assert "own_equity >= total_investment * 0.25" == change.new
        assert change.text.text("vi").startswith("điều kiện c5: when ")


ND113 = ROOT / "rules" / "nd113-2024" / "ruleset.toml"


class TestClassification:
    def test_a_class_condition(self, tmp_path: Path) -> None:
        """Decree 113's medium class from 200 to 250 official members: class 5, all_of."""
        edited = _edited(ND113, tmp_path, '"official_members >= 200"', '"official_members >= 250"')

        (change,) = diff(load_ruleset(ND113), load_ruleset(edited))

        assert ("class_condition", "size", "$.classifications[0].classes[4].all_of") == (
            change.kind,
            change.rule,
            change.path,
        )
        assert (["official_members >= 200"], ["official_members >= 250"]) == (
            change.old,
            change.new,
        )
        assert change.text.text("en").startswith("size: class 5, all_of ")

    def test_an_axis_dated_and_an_input_added(self, tmp_path: Path) -> None:
        """Ending the members axis and adding an input are both named, with their paths."""
        text = TT01.read_text("utf-8")
        text = text.replace("effective_to = 2024-10-31\n", "", 1)
        text = text.replace(
            "[inputs.members]",
            '[inputs.extra]\ntype = "int"\nlabel = { vi = "x", en = "x" }\n\n[inputs.members]',
        )
        (tmp_path / "ruleset.toml").write_text(text, "utf-8")

        changes = diff(load_ruleset(TT01), load_ruleset(tmp_path / "ruleset.toml"))

        assert [
            ("added", "extra", "$.inputs.extra"),
            ("changed", "members", "$.classifications[1].effective_to"),
        ] == [(c.kind, c.rule, c.path) for c in changes]
        assert "2024-10-31" == str(changes[1].old)


class TestRenamed:
    def test_an_item_renamed_is_one_change(self, tmp_path: Path) -> None:
        """c05 given another id and nothing else: "renamed", not a removal and an addition."""
        edited = _edited(TT01, tmp_path, 'id = "c05"', 'id = "c05x"')

        changes = diff(load_ruleset(TT01), load_ruleset(edited))

        assert [("renamed", "c05x", "c05", "c05x")] == [
            (c.kind, c.rule, c.old, c.new) for c in changes
        ]
        assert changes[0].path.endswith(".id")
        assert "item c05 renamed c05x, otherwise unchanged" == changes[0].text.text("en")

    def test_renamed_and_changed_is_removed_and_added(self, tmp_path: Path) -> None:
        """An id changed together with a maximum is not a rename: both sides are named."""
        edited = _edited(TT01, tmp_path, 'id = "c05"', 'id = "c05x"')
        text = edited.read_text("utf-8")
        start = text.index('id = "c05x"')
        end = text.index("max = 8", start)
        edited.write_text(text[:end] + "max = 8.5" + text[end + len("max = 8") :], "utf-8")

        kinds = {c.kind for c in diff(load_ruleset(TT01), load_ruleset(edited))}

        assert {"item_removed", "item_added"} <= kinds
        assert "renamed" not in kinds


class TestVersionNames:
    def test_id_at_version_and_id_at_day(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``ID@VERSION`` and ``ID@YYYY-MM-DD`` name versions of the catalogue."""
        version = load_ruleset(TT01).version

        code = main(["diff", f"tt01-2020@{version}", "tt01-2020@2025-01-01", "--lang", "en"])

        assert 0 == code
        assert "no rule changed" in capsys.readouterr().out

    @pytest.mark.parametrize(
        ("name", "words"),
        [("tt01-2020@9.9", "no version 9.9"), ("tt01-2020@2019-01-01", "in force on 2019-01-01")],
    )
    def test_unknown_version_or_day(
        self, name: str, words: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A version that does not exist, or a day before any: exit 2, the versions listed."""
        code = main(["diff", name, "tt01-2020", "--lang", "en"])

        err = capsys.readouterr().err
        assert 2 == code
        assert words in err
        assert load_ruleset(TT01).version in err


class TestCommand:
    def test_json_contract(self, c03a_moved: Path, capsys: pytest.CaptureFixture[str]) -> None:
        code = main(["diff", "tt01-2020", str(c03a_moved), "--format", "json"])
        found = json.loads(capsys.readouterr().out)

        assert 0 == code
        assert {"id", "version", "sha256"} == set(found["old"]) == set(found["new"])
        assert found["old"]["sha256"] != found["new"]["sha256"]
        first = found["changes"][0]
        assert {"kind", "rule", "path", "old", "new", "vi", "en"} == set(first)
        assert ("500000000", "600000000") == (first["old"], first["new"])

    def test_text_in_both_languages(
        self, c03a_moved: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["diff", "tt01-2020", str(c03a_moved)])
        vi = capsys.readouterr().out
        main(["diff", "tt01-2020", str(c03a_moved), "--lang", "en"])
        en = capsys.readouterr().out

        assert ": 3 thay đổi" in vi
        assert "  - c03a: khung 3, điểm 2 → 3" in vi
        assert ": 3 changes" in en

    def test_no_change(self, capsys: pytest.CaptureFixture[str]) -> None:
        main(["diff", "tt01-2020", str(TT01), "--lang", "en"])

        assert "no rule changed" in capsys.readouterr().out
