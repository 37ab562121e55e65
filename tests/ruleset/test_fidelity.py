"""The bundled rule files against the spec: citations, statuses and the readings it lists.

Every expected citation, status and value here is copied by hand from the shared
spec (``tt01-2020.md`` section 6 for Circular 09/2017; ``support.md`` section C
for the wage table and "Readings that the legal text does not state"), never
read back from the rule files.
"""

# The style guide (STYLE.md section 11) wants `expected == actual`; SIM300 wants the
# reverse. The guide wins in tests.

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import coopeval
from coopeval.engine import evaluate
from tests.cli import ROOT
from tests.cli import run as _run

TT09 = coopeval.load("tt09-2017").ruleset
DOC = "Thông tư 09/2017/TT-BNNPTNT"

#: Item -> its criterion's number in Phụ lục 1 (Điều 4, khoản 1 lists six).
TT09_CRITERION = {
    "tc1a": 1, "tc1b": 1, "tc1c": 1, "tc1d": 1, "tc1e": 1,
    "tc2a": 2, "tc2b": 2, "tc3": 3, "tc4": 4, "tc5": 5, "tc6": 6,
}  # fmt: skip

#: Item -> the inputs its measure reads (spec inputs.md names for criterion 1 and tc2a).
TT09_READS = {
    "tc1a": {"revenue", "planned_revenue"},
    "tc1b": {"revenue"},
    "tc1c": {"income_per_member"},
    "tc1d": {"dev_fund_pct"},
    "tc1e": {"reserve_fund_pct"},
    "tc2a": {"member_price_priority"},
}

#: The readings support.md lists: (rule set, table, rule id).
READINGS = [
    ("nd45-2021", "conditions", "c1"),  # credit funds and the Cooperative Bank excluded
    ("nd45-2021", "conditions", "c2"),  # no age given: a legal entity
    ("qd167-2021", "conditions", "under_cooperative_law"),  # credit institutions, groups
    ("luat-htx-2023-d18", "conditions", "k1_cooperative"),  # credit funds covered
    ("nq106-2023", "set_rules", "target_tot_kha"),  # sector A only; rating from tt01-2020
]


def _rule(ruleset_id: str, table: str, rule_id: str) -> Any:
    rules = getattr(coopeval.load(ruleset_id).ruleset.programme, table)
    return next(r for r in rules if r.id == rule_id)


def _comment_above(ruleset_id: str, table: str, rule_id: str) -> str:
    """The comment written directly above the ``[[table]]`` that holds ``rule_id``, as one
    line of words (``#`` and line breaks removed)."""
    text = (ROOT / "rules" / ruleset_id / "ruleset.toml").read_text("utf-8")
    blocks = text.split(f"[[{table}]]\n")
    index = next(
        i for i, block in enumerate(blocks[1:], 1) if block.startswith(f'id = "{rule_id}"\n')
    )
    above = blocks[index - 1].rstrip("\n").splitlines()
    comment: list[str] = []
    for line in reversed(above):
        if not line.startswith("#"):
            break
        comment.insert(0, line.lstrip("#").strip())
    return " ".join(comment)


class TestCircular09Citations:
    """Circular 09/2017: the articles the spec gives, cited as it words them."""

    def test_rating_exclusion_and_override(self) -> None:
        """Rating Điều 6 khoản 1; sanction Điều 6 khoản 1 điểm d; under 12 months Điều 6 khoản 2."""
        body = TT09.scorecard

        assert f"{DOC}, Điều 6, khoản 1" == body.ratings.citation
        assert [("sanctioned", f"{DOC}, Điều 6, khoản 1, điểm d")] == [
            (o.id, o.citation) for o in body.overrides
        ]
        assert [("under_12_months", f"{DOC}, Điều 6, khoản 2")] == [
            (e.id, e.citation) for e in body.exclusions
        ]

    def test_the_six_criteria(self) -> None:
        """The one group holds the six criteria of Điều 4, khoản 1."""
        assert [("I", Decimal(100), f"{DOC}, Điều 4, khoản 1")] == [
            (g.id, g.max, g.citation) for g in TT09.scorecard.groups
        ]

    @pytest.mark.parametrize(("item_id", "number"), sorted(TT09_CRITERION.items()))
    def test_items_cite_article_4_and_their_criterion(self, item_id: str, number: int) -> None:
        """Every item cites Điều 4 and its criterion of Phụ lục 1; none cites an unread sub-item."""
        found = next(i for i in TT09.scorecard.items if i.id == item_id)

        assert found.citation.startswith(f"{DOC}, Điều 4, khoản ")
        assert found.citation.endswith(f"Phụ lục 1, tiêu chí {number}")

    def test_satisfaction_cites_article_5(self) -> None:
        """Members' satisfaction is the measure Điều 5 defines."""
        found = next(i for i in TT09.scorecard.items if i.id == "tc6")

        assert f"{DOC}, Điều 4, khoản 1; Điều 5; Phụ lục 1, tiêu chí 6" == found.citation

    def test_no_citation_names_a_topic_instead_of_an_article(self) -> None:
        """The old placeholders ("xếp loại", "tiêu chí đánh giá") are gone: every rule names an
        article."""
        rules: list[Any] = [
            TT09.scorecard.ratings,
            *TT09.scorecard.groups,
            *TT09.scorecard.criteria,
            *TT09.scorecard.items,
            *TT09.scorecard.exclusions,
            *TT09.scorecard.overrides,
        ]

        assert [] == [r.citation for r in rules if not re.search(r"Điều \d", r.citation)]


class TestCircular09Statuses:
    """What the spec confirms is confirmed; everything of Phụ lục 1 is provisional."""

    def test_articles_are_confirmed(self) -> None:
        """The rating, the group of 100, the exclusion and the override are confirmed."""
        body = TT09.scorecard
        rules: list[Any] = [body.ratings, *body.groups, *body.exclusions, *body.overrides]

        assert {"confirmed"} == {r.status for r in rules}

    def test_appendix_1_is_never_confirmed(self) -> None:
        """Every item's table and maximum, and both criteria, are provisional."""
        body = TT09.scorecard

        assert {(i.id, "provisional", "provisional") for i in body.items} == {
            (i.id, i.status, i.max_status) for i in body.items
        }
        assert {("tc1", Decimal(38), "provisional"), ("tc2", Decimal(20), "provisional")} == {
            (c.id, c.max, c.status) for c in body.criteria
        }

    @pytest.mark.parametrize(("item_id", "reads"), sorted(TT09_READS.items()))
    def test_criterion_1_reads_the_spec_inputs(self, item_id: str, reads: set[str]) -> None:
        """Criterion 1 and the price-priority item read the inputs the spec names."""
        record = {
            "id": "A",
            "year": 2025,
            "revenue": "1",
            "planned_revenue": "1",
            "income_per_member": "1",
            "dev_fund_pct": "1",
            "reserve_fund_pct": "1",
            "member_price_priority": False,
        }
        result = evaluate(coopeval.load("tt09-2017"), record)
        found = next(i for i in result.items if i.id == item_id)

        assert reads == {name for name, _ in found.inputs}
        assert "computed" == found.source

    def test_strict_check_lists_every_provisional_rule(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`check --strict` fails on tt09-2017 and lists 2 criteria and 11 items twice
        (table and maximum): 24 rules, nothing confirmed among them."""
        code, out, _ = _run(
            ["check", "--strict", str(ROOT / "rules" / "tt09-2017"), "--lang", "en"], capsys
        )
        listed = re.findall(r"rule (\S+)(?: max)? \(provisional\) is not confirmed", out)

        assert 1 == code
        assert 24 == len(listed)
        assert {"tc1", "tc2", *TT09_CRITERION} == set(listed)


class TestWageRow2026:
    """support.md, C: the 2026 row of the regional minimum wage, confirmed."""

    def test_row_values_citation_and_status(self) -> None:
        """From 2026-01-01: 5 310 000 / 4 730 000 / 4 140 000 / 3 700 000, Decree 293/2025,
        Điều 3, khoản 1, confirmed."""
        table = next(
            p
            for p in coopeval.load("tt124-2021").ruleset.parameters
            if p.id == "regional_minimum_wage"
        )
        row = next(p for p in table.periods if p.effective_from == dt.date(2026, 1, 1))

        assert {
            "I": Decimal(5_310_000),
            "II": Decimal(4_730_000),
            "III": Decimal(4_140_000),
            "IV": Decimal(3_700_000),
        } == dict(row.values)
        assert "Nghị định 293/2025/NĐ-CP, Điều 3, khoản 1" == row.citation
        assert "confirmed" == row.status

    def test_every_row_is_confirmed(self) -> None:
        """All four rows of the table are confirmed (support.md: "All four rows are confirmed")."""
        table = coopeval.load("tt124-2021").ruleset.parameters[0]

        assert [
            (dt.date(2020, 1, 1), "confirmed"),
            (dt.date(2022, 7, 1), "confirmed"),
            (dt.date(2024, 7, 1), "confirmed"),
            (dt.date(2026, 1, 1), "confirmed"),
        ] == [(p.effective_from, p.status) for p in table.periods]


class TestReadings:
    """support.md, "Readings that the legal text does not state": provisional, with a why."""

    @pytest.mark.parametrize(("ruleset_id", "table", "rule_id"), READINGS)
    def test_reading_is_provisional(self, ruleset_id: str, table: str, rule_id: str) -> None:
        """The rule that states the reading carries status provisional, never confirmed."""
        assert "provisional" == _rule(ruleset_id, table, rule_id).status

    @pytest.mark.parametrize(("ruleset_id", "table", "rule_id"), READINGS)
    def test_reading_has_a_comment_saying_why(
        self, ruleset_id: str, table: str, rule_id: str
    ) -> None:
        """The comment above the rule marks it PROVISIONAL and says it is our reading."""
        comment = _comment_above(ruleset_id, table, rule_id)

        assert "PROVISIONAL:" in comment
        assert "our reading" in comment

    @pytest.mark.parametrize(("ruleset_id", "table", "rule_id"), READINGS)
    def test_strict_check_lists_the_reading(
        self, ruleset_id: str, table: str, rule_id: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`check --strict` on the rule set names the reading's rule as not confirmed."""
        path = Path(ROOT / "rules" / ruleset_id)

        code, out, _ = _run(["check", "--strict", str(path), "--lang", "en"], capsys)

        assert 1 == code
        assert f"rule {rule_id} (provisional) is not confirmed" in out
