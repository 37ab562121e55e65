"""The README's Python example runs as a doctest, so it cannot drift."""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
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
        command = (
            "python3 -m venv .venv && .venv/bin/python -m pip install -e '.[dev]' "
            "&& .venv/bin/python -m pytest"
        )

        assert command in readme
        assert command in (ROOT / ".ci" / "run").read_text("utf-8")

    def test_the_first_command_works_in_a_new_clone(self, tmp_path: Path) -> None:
        """The README's first command, run as written in a copy of the repository, makes
        its own virtual environment, installs, and prints the four pilots' totals
        (67, 71, 76, 79: worked by hand in examples/expected/)."""
        readme = (ROOT / "README.md").read_text("utf-8")
        first = re.search(r"```sh\n(python3 -m venv .venv [^\n]*coopeval explain[^\n]*)\n", readme)
        assert first is not None
        clone = tmp_path / "clone"
        for part in ("src", "rules", "examples"):
            shutil.copytree(ROOT / part, clone / part, ignore=shutil.ignore_patterns("__pycache__"))
        for part in ("pyproject.toml", "README.md"):
            shutil.copy(ROOT / part, clone / part)
        environment = {
            k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")
        }

        done = subprocess.run(
            ["bash", "-c", first.group(1)],
            cwd=clone,
            capture_output=True,
            text=True,
            env=environment,
            check=False,
        )

        assert 0 == done.returncode, done.stderr[-2000:]
        assert (clone / ".venv").is_dir()
        for pilot, total in (("HTX-01", 67), ("HTX-02", 71), ("HTX-03", 76), ("HTX-04", 79)):
            assert re.search(rf"{pilot}\s.*\s{total}\s+Khá", done.stdout), pilot
