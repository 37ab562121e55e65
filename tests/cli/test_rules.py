"""The rule-set commands: check (every problem of every file) and rules (the catalogue)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli import INVALID, ROOT
from tests.cli import run as _run


class TestCheck:
    def test_bundled_rules_pass(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`coopeval check rules` passes on the bundled rule sets."""
        code, out, _ = _run(["check", str(ROOT / "rules")], capsys)

        assert code == 0
        assert "tt01-2020" in out
        assert "tt09-2017" in out

    def test_strict_fails_only_on_provisional_rules(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--strict fails, and every line it complains about is a provisional rule."""
        code, out, _ = _run(["check", "--strict", str(ROOT / "rules"), "--lang", "en"], capsys)

        complaints = [line for line in out.splitlines() if line.strip().startswith("- ")]
        assert code == 1
        assert complaints
        assert all("strict:" in line and "is not confirmed" in line for line in complaints)

    def test_reports_every_problem_in_every_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Two broken files are both reported, with exit 2."""
        files = sorted(INVALID.glob("*.toml"))[:2]
        for file in files:
            shutil.copy(file, tmp_path / file.name)

        code, out, _ = _run(["check", str(tmp_path)], capsys)

        assert code == 2
        assert out.count("FAIL ") == 2

    def test_missing_path(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A path that does not exist is a usage error."""
        code, _, err = _run(["check", "nowhere"], capsys)

        assert code == 2
        assert "nowhere" in err


class TestRules:
    def test_lists_bundled(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`coopeval rules` lists each bundled id with its document."""
        code, out, _ = _run(["rules"], capsys)

        assert code == 0
        assert "tt01-2020" in out
        assert "01/2020/TT-BKHĐT" in out
