"""The README's Python example runs as a doctest, so it cannot drift."""

from __future__ import annotations

import doctest
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


class TestReadme:
    def test_python_example(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Every example in README.md gives the output written under it."""
        monkeypatch.chdir(ROOT)

        result = doctest.testfile(
            os.fspath(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS
        )

        assert result.failed == 0
        assert result.attempted >= 5

    def test_quick_start_commands_match_ci(self) -> None:
        """.ci/run runs exactly the README's test command."""
        readme = (ROOT / "README.md").read_text("utf-8")
        command = "python3 -m pip install -e '.[dev]' && python3 -m pytest"

        assert command in readme
        assert command in (ROOT / ".ci" / "run").read_text("utf-8")
