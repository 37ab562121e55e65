"""Tests for `coopeval.ruleset.check`: one entry for both kinds; references against ``known``."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopeval.errors import UnknownFieldError
from coopeval.ruleset import load_ruleset, validate_ruleset
from coopeval.ruleset.check import CheckedProgramme, CheckedScorecard

ROOT = Path(__file__).resolve().parents[2]
NQ106 = ROOT / "rules" / "nq106-2023"


class TestValidate:
    def test_each_kind_its_checker(self) -> None:
        """A scorecard and a programme go through the one function to their kind's checker."""
        scorecard = validate_ruleset(load_ruleset(ROOT / "rules" / "tt01-2020"))
        programme = validate_ruleset(load_ruleset(NQ106))

        assert isinstance(scorecard.body, CheckedScorecard)
        assert isinstance(programme.body, CheckedProgramme)

    def test_known_ids_are_the_callers(self) -> None:
        """A derived input naming an id outside ``known`` is refused, with the nearest id."""
        ruleset = load_ruleset(NQ106)  # rating_tt01 comes from tt01-2020

        with pytest.raises(
            UnknownFieldError, match=r"no rule set 'tt01-2020' \(did you mean 'tt01-2021'\?\)"
        ):
            validate_ruleset(ruleset, known={"tt01-2021"})

    def test_known_given(self) -> None:
        """With the id among ``known``, the same file is sound."""
        assert "nq106-2023" == validate_ruleset(load_ruleset(NQ106), known={"tt01-2020"}).id

    def test_no_catalogue_consulted_without_known(self) -> None:
        """Without ``known`` the reference is left to whoever loads the rule set."""
        assert "nq106-2023" == validate_ruleset(load_ruleset(NQ106)).id
