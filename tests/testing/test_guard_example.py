"""``examples/guard_rule_change``: the user's guard passes on the bundled rules, fails on an edit.

The example is copied to the test's folder and run with pytest in a child
process, as a user runs it: once as it is, once with ``GUARD_RULES`` naming a
copy of tt01-2020 whose c03a edge 500 000 000 was moved to 600 000 000. A
``conftest.py`` written beside it keeps the run short (no shrinking: the first
failing record is reported, which is enough to see the band). The edge rows
run first as explicit examples, so the edited band is found on every run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.testing.conftest import C03A_NEW, C03A_OLD, ROOT, edited

EXAMPLE = ROOT / "examples" / "guard_rule_change"
QUICK = """\
from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "guard",
    max_examples=100,
    phases=[Phase.explicit, Phase.generate],
    deadline=None,
    suppress_health_check=list(HealthCheck),  # two shared cores: slow draws are not the point
)
settings.load_profile("guard")
"""


def _run(folder: Path, **env: str) -> subprocess.CompletedProcess[str]:
    shutil.copy(EXAMPLE / "test_guard.py", folder / "test_guard.py")
    (folder / "conftest.py").write_text(QUICK, encoding="utf-8")
    inherited = {k: v for k, v in os.environ.items() if k != "GUARD_RULES"}
    variables = {**inherited, "PYTHONPATH": str(ROOT / "src"), **env}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_guard.py"],
        cwd=folder,
        env=variables,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


class TestGuardExample:
    def test_passes_on_the_bundled_rules(self, tmp_path: Path) -> None:
        """tt01-2020 against itself: no record moves, pytest exits 0."""
        done = _run(tmp_path)

        assert (0, "1 passed") == (done.returncode, done.stdout.strip().splitlines()[-1][:8])

    def test_fails_on_one_edited_band_and_names_it(self, tmp_path: Path) -> None:
        """The edited copy: exit 1, a falsifying record, c03a's band and the diff's sentences."""
        rules = edited("tt01-2020", tmp_path / "edited", C03A_OLD, C03A_NEW)

        done = _run(tmp_path, GUARD_RULES=str(rules))

        assert 1 == done.returncode, done.stdout[-3000:]
        # found among the edge rows, every run: an explicit example, not a lucky draw
        # Hypothesis says "Falsifying" or (6.16x and later) "Failing explicit example"
        assert "explicit example: test_no_result_moves(" in done.stdout
        assert "item c03a (band " in done.stdout
        assert "c03a: band 2, upper edge 500 000 000 → 600 000 000" in done.stdout
        assert "c03a: band 3, lower edge 500 000 000 → 600 000 000" in done.stdout
