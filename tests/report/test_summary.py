"""Tests for `coopeval.report.summary`: the December report, led by the scorecard's own targets.

The pilots score 67, 71, 76 and 79 (``examples/expected/pilots.json``): all khá,
1, 4, 9 and 13 points short of 80.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import coopeval
from coopeval.cli import main
from coopeval.errors import RuleSchemaError
from coopeval.report import Summariser

ROOT = Path(__file__).resolve().parents[2]
TT01 = ROOT / "rules" / "tt01-2020" / "ruleset.toml"
PILOTS: list[dict[str, Any]] = json.loads(
    (ROOT / "examples" / "pilots.json").read_text("utf-8"), parse_float=Decimal
)
#: The whole ``[summary]`` table of tt01-2020, up to the blank line after it.
TARGETS = re.compile(r"^\[summary\]\n(?:.+\n)+", re.MULTILINE)


def _rules(tmp_path: Path, summary: str) -> coopeval.CompiledRuleSet[Any]:
    """tt01-2020 with its ``[summary]`` table replaced by ``summary``."""
    file = tmp_path / "ruleset.toml"
    file.write_text(_replaced(summary), encoding="utf-8")
    return coopeval.load(file)


def _replaced(summary: str) -> str:
    text, count = TARGETS.subn(summary + "\n" if summary else "", TT01.read_text("utf-8"))
    assert 1 == count
    return text


def _summary(rules: coopeval.CompiledRuleSet[Any]) -> Any:
    summariser = Summariser(None, rules.ruleset.scorecard)
    for pilot in PILOTS:
        summariser.add(coopeval.evaluate(rules, pilot))
    return summariser.results()[0]


class TestTargets:
    def test_bundled_targets(self) -> None:
        """tt01-2020 leads with tốt (80): all four under it; shares tốt 0 %, tốt or khá 100 %."""
        summary = _summary(coopeval.load("tt01-2020"))

        assert ("tot", Decimal(80)) == (summary.target, summary.edge)
        assert [("HTX-04", 1), ("HTX-03", 4), ("HTX-02", 9), ("HTX-01", 13)] == [
            (u.id, u.distance) for u in summary.under
        ]
        assert [("share_tot", Decimal(0)), ("share_tot_kha", Decimal(100))] == [
            (s.key, s.value) for s in summary.shares
        ]

    def test_targets_come_from_the_rule_file(self, tmp_path: Path) -> None:
        """A rule file aiming at khá (65) reports no one under 65 and its own shares."""
        rules = _rules(
            tmp_path,
            '[summary]\ntarget = "kha"\nshares = [["kha", "trung_binh"]]\n'
            'citation = "Quyết định của tỉnh (minh họa)"\nstatus = "provisional"',
        )

        summary = _summary(rules)

        assert ("kha", Decimal(65)) == (summary.target, summary.edge)
        assert () == summary.under
        assert [("share_kha_trung_binh", Decimal(100))] == [
            (s.key, s.value) for s in summary.shares
        ]

    def test_default_without_a_summary_table(self, tmp_path: Path) -> None:
        """With no [summary] table: the top rating, and the shares of the top one and two."""
        summary = _summary(_rules(tmp_path, ""))

        assert ("tot", Decimal(80)) == (summary.target, summary.edge)
        assert ["share_tot", "share_tot_kha"] == [s.key for s in summary.shares]

    def test_unknown_rating_is_refused(self, tmp_path: Path) -> None:
        """A target that is not a rating is a located rule-file error with a suggestion."""
        with pytest.raises(RuleSchemaError, match=r"\$\.summary\.target: unknown rating 'tott'"):
            _rules(
                tmp_path,
                '[summary]\ntarget = "tott"\nshares = []\ncitation = "x"\nstatus = "confirmed"',
            )

    def test_report_names_the_edge(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The text report's heading and distance column say which total they measure against."""
        file = tmp_path / "rules.toml"
        summary = (
            '[summary]\ntarget = "kha"\nshares = [["kha"]]\ncitation = "x"\nstatus = "confirmed"'
        )
        file.write_text(_replaced(summary), encoding="utf-8")

        code = main(["summary", str(ROOT / "examples" / "pilots.csv"), "--rules", str(file)])
        out = capsys.readouterr().out

        assert 0 == code
        assert "Hợp tác xã dưới 65 điểm" in out
        assert "Tỷ lệ loại khá" in out
