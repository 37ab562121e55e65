"""Tests for `coopeval.ruleset.catalogue`: versions side by side, the one in force, no gaps.

The catalogue folders of ``invalid_catalogues/`` each hold two versions of the
small rule set ``mini`` with one defect between them; the table says which
error each must give and what its message must name. Dates are written by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import threading
from pathlib import Path

import attrs
import pytest

import coopeval
from coopeval.cli import main
from coopeval.errors import RuleSetError, UsageError, VersionError
from coopeval.ruleset import Catalogue
from tests.ruleset.test_load import feed, release

HERE = Path(__file__).resolve().parent
CATALOGUES = HERE / "invalid_catalogues"
#: The two versions of ``mini`` that follow each other cleanly: 2020.1 until
#: 2024-10-31, 2024.1 from 2024-11-01 (the repeat case, renumbered).
CLEAN = CATALOGUES / "version_repeat"
BUNDLED = (
    "luat-htx-2023-d18",
    "nd113-2024",
    "nd45-2021",
    "nq106-2023",
    "qd167-2021",
    "tt01-2020",
    "tt09-2017",
    "tt124-2021",
    "tt55-2023",
)


@attrs.frozen
class Case:
    """One broken catalogue folder and what its error must name."""

    name: str
    error: type[RuleSetError]
    path: str
    #: Text the message must hold: the offending value and the fix.
    value: str
    hint: str

    @property
    def folder(self) -> Path:
        """Where the catalogue lives."""
        return CATALOGUES / self.name


CASES = [
    Case(
        "version_overlap",
        VersionError,
        "$.ruleset.effective_from",
        "starts on 2024-11-01, while version '2020.1'",
        "set effective_to = 2024-10-31",
    ),
    Case(
        "version_gap",
        VersionError,
        "$.ruleset.effective_from",
        "no version is in force from 2024-11-01 to 2024-11-30",
        "set effective_from = 2024-11-01",
    ),
    Case(
        "version_repeat",
        VersionError,
        "$.ruleset.version",
        "version '2020.1' of 'mini' is also in",
        "give each file its own version",
    ),
]


def _renumbered(tmp_path: Path) -> Path:
    """A copy of the repeat case whose second file is version 2024.1: a clean catalogue."""
    folder = tmp_path / "catalogue"
    shutil.copytree(CLEAN, folder)
    second = folder / "mini-b" / "ruleset.toml"
    second.write_text(
        second.read_text(encoding="utf-8").replace('version = "2020.1"', 'version = "2024.1"'),
        encoding="utf-8",
    )
    return folder


class TestProblems:
    """`Catalogue.problems`: versions that repeat, overlap or leave a gap are refused."""

    @pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
    def test_broken_catalogue(self, case: Case) -> None:
        """Each broken catalogue gives exactly its one error, naming the place, value and fix."""
        problems = Catalogue([case.folder], bundled=False).problems()

        assert 1 == len(problems)
        assert case.error is type(problems[0])
        assert case.path == problems[0].path
        message = str(problems[0])
        assert case.value in message
        assert case.hint in message
        assert "ruleset.toml" in problems[0].file

    @pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
    def test_every_file_declares_its_error_on_line_one(self, case: Case) -> None:
        """Line 1 of each file says which error its catalogue gives."""
        for file in case.folder.glob("*/ruleset.toml"):
            assert file.read_text(encoding="utf-8").startswith(
                f"# expect: {case.error.__name__} | "
            )

    def test_clean_catalogue(self, tmp_path: Path) -> None:
        """Versions that follow each other day by day are no problem."""
        assert () == Catalogue([_renumbered(tmp_path)], bundled=False).problems()

    def test_bundled_catalogue(self) -> None:
        """The bundled rule sets have no version problem."""
        assert () == Catalogue().problems()

    @pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
    def test_check_command_refuses(self, case: Case, capsys: pytest.CaptureFixture[str]) -> None:
        """`coopeval check FOLDER --lang en` reports the version problem and exits 2."""
        code = main(["check", str(case.folder), "--lang", "en"])
        out = capsys.readouterr().out

        assert 2 == code
        assert "FAIL " in out
        assert case.hint in out


class TestScan:
    """What a catalogue folder holds besides rule files is left out, never read."""

    def test_pipes_folders_and_huge_files_are_left_out(self, tmp_path: Path) -> None:
        """A FIFO, an empty folder and a 20 MB file named *.toml are skipped; the rest is found."""
        folder = _renumbered(tmp_path)
        (folder / "empty.toml").mkdir()
        huge = folder / "mini-c" / "ruleset.toml"
        huge.parent.mkdir()
        huge.write_bytes((folder / "mini-b" / "ruleset.toml").read_bytes())
        os.truncate(huge, 20_000_000)
        fifo = folder / "stray.toml"
        os.mkfifo(fifo)
        data = (CLEAN / "mini-a" / "ruleset.toml").read_bytes().replace(b"2020.1", b"2030.1")
        writer = threading.Thread(target=feed, args=(fifo, data), daemon=True)
        writer.start()
        try:
            versions = Catalogue([folder], bundled=False).versions("mini")
        finally:
            release(fifo, writer)

        assert ["2020.1", "2024.1"] == [v.version for v in versions]


class TestFind:
    """`Catalogue.find` and `coopeval.load(id, on=...)`: the version in force on a day."""

    def test_versions_side_by_side(self, tmp_path: Path) -> None:
        """Both versions of one id are listed, in the order they come into force."""
        catalogue = Catalogue([_renumbered(tmp_path)], bundled=False)

        assert [("2020.1", "2020-04-01 – 2024-10-31"), ("2024.1", "2024-11-01 – …")] == [
            (v.version, v.dates) for v in catalogue.versions("mini")
        ]

    @pytest.mark.parametrize(
        ("day", "version"),
        [
            (dt.date(2020, 4, 1), "2020.1"),  # the first day of the first version
            (dt.date(2024, 10, 31), "2020.1"),  # its last day
            (dt.date(2024, 11, 1), "2024.1"),  # the first day of the next
            (dt.date(2030, 1, 1), "2024.1"),  # open-ended
        ],
    )
    def test_version_in_force(self, tmp_path: Path, day: dt.date, version: str) -> None:
        """The version whose dates hold the day is picked, both ends included."""
        catalogue = Catalogue([_renumbered(tmp_path)], bundled=False)

        assert version == catalogue.find("mini", on=day).version

    def test_without_a_date_the_latest_in_force(self, tmp_path: Path) -> None:
        """With no date, the version in force today (2024.1 since 2024-11-01)."""
        assert "2024.1" == Catalogue([_renumbered(tmp_path)], bundled=False).find("mini").version

    def test_before_the_first_version(self, tmp_path: Path) -> None:
        """A day before any version is refused, listing the versions and their dates."""
        catalogue = Catalogue([_renumbered(tmp_path)], bundled=False)

        with pytest.raises(UsageError, match=r"no version of 'mini' is in force on 2019-12-31"):
            catalogue.find("mini", on=dt.date(2019, 12, 31))

    def test_unknown_id_suggests(self) -> None:
        """An unknown id names the closest bundled one."""
        with pytest.raises(UsageError, match=r"did you mean 'tt01-2020'"):
            Catalogue().find("tt01-202")

    def test_bundled_ids(self) -> None:
        """Every bundled rule set is listed once, by the id its file declares."""
        assert BUNDLED == Catalogue().ids()

    def test_load_names_the_version_used(self, tmp_path: Path) -> None:
        """A record scored under the catalogue's version names that version in its result."""
        catalogue = Catalogue([_renumbered(tmp_path)], bundled=False)
        old = coopeval.load("mini", on=dt.date(2024, 10, 31), catalogue=catalogue)
        new = coopeval.load("mini", on=dt.date(2024, 11, 1), catalogue=catalogue)
        record = {"id": "A", "revenue": 10, "members": 10, "award_level": "none"}

        assert ("mini", "2020.1") == (old.id, old.version)
        assert "2024.1" == new.version
        assert "2020.1" == coopeval.evaluate(old, record).ruleset.version
        assert "2024.1" == coopeval.evaluate(new, record).ruleset.version

    def test_user_folder_from_the_environment(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Folders named by COOPEVAL_RULES_PATH join the bundled rule sets."""
        monkeypatch.setenv("COOPEVAL_RULES_PATH", str(_renumbered(tmp_path)))
        catalogue = Catalogue.default()

        assert ("mini", *BUNDLED) == tuple(sorted(catalogue.ids(), key=lambda i: i != "mini"))

    def test_rules_command_lists_versions(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`coopeval rules --rules-dir DIR` lists each version with its dates."""
        code = main(["rules", "--rules-dir", str(_renumbered(tmp_path))])
        out = capsys.readouterr().out

        assert 0 == code
        assert "2020-04-01 – 2024-10-31" in out
        assert "2024-11-01 – …" in out
        assert "tt01-2020" in out


class TestVersionPerRecord:
    """Loaded by id without a day, each record is evaluated with the version of its day."""

    def _catalogue(self, tmp_path: Path) -> Catalogue:
        folder = _renumbered(tmp_path)
        for name in ("mini-a", "mini-b"):  # records dated by their year
            file = folder / name / "ruleset.toml"
            text = file.read_text(encoding="utf-8")
            file.write_text(
                text.replace(
                    "[inputs.revenue]",
                    '[inputs.year]\ntype = "int"\nlabel = { vi = "Năm", en = "Year" }\n\n'
                    "[inputs.revenue]",
                    1,
                ),
                encoding="utf-8",
            )
        return Catalogue([folder], bundled=False)

    def test_each_record_names_the_version_of_its_year(self, tmp_path: Path) -> None:
        """2023 → 2020.1 (to 31/10/2024), 2024 → 2024.1 (31/12/2024 is after 01/11/2024)."""
        rules = coopeval.load("mini", catalogue=self._catalogue(tmp_path))
        record = {"revenue": 10, "members": 10, "award_level": "none"}

        versions = [
            coopeval.evaluate(rules, {"id": str(year), "year": year, **record}).ruleset.version
            for year in (2023, 2024, 2025)
        ]

        assert ["2020.1", "2024.1", "2024.1"] == versions

    def test_as_of_and_a_day_asked_for_pin_the_version(self, tmp_path: Path) -> None:
        """``as_of`` dates every record; ``load(on=...)`` pins one version for all."""
        catalogue = self._catalogue(tmp_path)
        record = {"id": "A", "year": 2025, "revenue": 10, "members": 10, "award_level": "none"}

        dated = coopeval.load("mini", catalogue=catalogue)
        pinned = coopeval.load("mini", on=dt.date(2024, 10, 31), catalogue=catalogue)

        assert (
            "2020.1"
            == coopeval.evaluate(dated, record, as_of=dt.date(2024, 10, 31)).ruleset.version
        )
        assert "2020.1" == coopeval.evaluate(pinned, record).ruleset.version

    def test_the_command_line_scores_each_row_with_its_version(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`coopeval score --rules mini --rules-dir DIR` on rows of 2023 and 2025, as CSV."""
        self._catalogue(tmp_path)
        rows = tmp_path / "rows.csv"
        rows.write_text(
            "id,year,revenue,members,award_level\nA,2023,10,10,none\nB,2025,10,10,none\n",
            encoding="utf-8",
        )

        code = main(
            [
                "score",
                str(rows),
                "--rules",
                "mini",
                "--rules-dir",
                str(tmp_path / "catalogue"),
                "--format",
                "jsonl",
            ]
        )
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]

        assert 0 == code
        assert ["2020.1", "2024.1"] == [line["ruleset"]["version"] for line in lines]
