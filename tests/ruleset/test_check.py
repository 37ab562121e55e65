"""Tests for `coopeval.ruleset.check`: one entry for both kinds; references against ``known``."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopeval.errors import RuleSchemaError, RuleSetError, RuleSetProblems, UnknownFieldError
from coopeval.ruleset import load_ruleset, validate_ruleset
from coopeval.ruleset.check import CheckedProgramme, CheckedScorecard

ROOT = Path(__file__).resolve().parents[2]
NQ106 = ROOT / "rules" / "nq106-2023"

#: (bundled rule set, (text, replaced by) pairs, key path, words of the message): codes
#: and words holding what nobody sees, each reported once, at its definition.
CODES = [
    (
        "tt01-2020",
        (('also = ["HTX"]', 'also = ["H\\tTX"]'),),
        "$.inputs.kind.choices.htx.also[0]",
        "word 'H\\tTX' holds U+0009 (a control character) at position 2",
    ),
    (
        "tt01-2020",
        (('{ upper = 50, value = "sieu_nho"', '{ upper = 50, value = "sieu_nho\u200d"'),),
        "$.classifications[1].bands[0].value",
        "value 'sieu_nho\\u200d' holds U+200D (ZERO WIDTH JOINER) at position 9",
    ),
    (
        "tt01-2020",
        (('"2020.2.0-provisional.1"', '"2020.1.0 provisional"'),),
        "$.ruleset.version",
        "version '2020.1.0 provisional' holds a space at position 9",
    ),
    (
        "luat-htx-2023-d18",
        (('"k1_a"', '"k1_a\u202e"'),),  # its definition and its use alike
        "$.conditions[3].id",
        "id 'k1_a\\u202e' holds U+202E (RIGHT-TO-LEFT OVERRIDE) at position 5",
    ),
    (
        "luat-htx-2023-d18",
        (('id = "17/2023/QH15"', 'id = "17/2023/QH15\u2028"'),),
        "$.ruleset.document.id",
        "holds U+2028 (LINE SEPARATOR) at position 13",
    ),
    (
        "nq106-2023",
        (('"not_rated"]', '"not rated"]'), ("choices.not_rated", 'choices."not rated"')),
        "$.inputs.rating_tt01.values[4]",
        "value 'not rated' holds a space at position 4; codes are written without spaces",
    ),
]


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


class TestCodes:
    @pytest.mark.parametrize(
        ("rules", "changes", "path", "words"), CODES, ids=[c[2] for c in CODES]
    )
    def test_invisible_characters_in_codes(
        self,
        tmp_path: Path,
        rules: str,
        changes: tuple[tuple[str, str], ...],
        path: str,
        words: str,
    ) -> None:
        """A code or choice word with a control, invisible or (in a code) space character is
        one located schema error, even where every use of the code has the same character."""
        text = (ROOT / "rules" / rules / "ruleset.toml").read_text(encoding="utf-8")
        for old, new in changes:
            assert old in text
            text = text.replace(old, new)
        file = tmp_path / "ruleset.toml"
        file.write_text(text, encoding="utf-8")

        with pytest.raises(RuleSetError) as info:
            validate_ruleset(load_ruleset(file), known={"tt01-2020", "nd113-2024"})
        problems = info.value.problems if isinstance(info.value, RuleSetProblems) else (info.value,)

        assert [(RuleSchemaError, path)] == [(type(p), p.path) for p in problems]
        assert words in str(problems[0])
