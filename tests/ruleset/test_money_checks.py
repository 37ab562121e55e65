"""load_money_checks: the shipped file loads; a broken one names file, key path, value, fix."""

# The style guide (STYLE.md section 11) wants `expected == actual`; SIM300 wants the
# reverse. The guide wins in tests.

from __future__ import annotations

from pathlib import Path

import pytest

from coopeval.errors import RuleSchemaError, RuleSetError, RuleSetProblems, RuleSyntaxError
from coopeval.ruleset.money import (
    RowsCheck,
    SameCheck,
    ShareCheck,
    SourcesCheck,
    YearsCheck,
    is_money_checks,
    load_money_checks,
)
from tests.money import CHECKS_DIR

TEXT = (CHECKS_DIR / "checks.toml").read_text(encoding="utf-8")


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    assert old in TEXT  # the test's own premise: the text it replaces is there
    path = tmp_path / "checks.toml"
    path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    return path


class TestLoadMoneyChecks:
    def test_the_shipped_file_loads(self) -> None:
        """Two years, five sources, two tables (Biểu 2 the detail), three shares, eight checks."""
        checks = load_money_checks(CHECKS_DIR)

        assert (2022, 2023) == checks.years
        assert ["total", "state", "central", "local", "own"] == [s.code for s in checks.sources]
        assert ["bieu-2"] == [t.code for t in checks.tables if t.detail]
        assert 3 == len(checks.shares)
        assert [SourcesCheck, SourcesCheck, YearsCheck, YearsCheck, RowsCheck, SameCheck] + [
            ShareCheck
        ] * 2 == [type(c) for c in checks.checks]

    def test_it_is_told_from_a_rule_set(self) -> None:
        """The checks file says kind = "money"; a scorecard's rule file does not."""
        assert is_money_checks(CHECKS_DIR / "checks.toml")
        assert not is_money_checks(CHECKS_DIR.parent / "tt01-2020" / "ruleset.toml")

    @pytest.mark.parametrize(
        ("old", "new", "path", "value"),
        [
            (
                'parts = ["central", "local"]',
                'parts = ["central", "locl"]',
                "$.checks[0].parts[1]",
                "'locl'",
            ),
            (
                'tables = ["bieu-1", "bieu-2"]',
                'tables = ["bieu-1", "bieu-3"]',
                "$.checks[5].tables[1]",
                "'bieu-3'",
            ),
            (
                'share = "allocated_of_need"',
                'share = "allocated"',
                "$.checks[6].share",
                "'allocated'",
            ),
        ],
    )
    def test_a_name_that_is_not_declared(
        self, tmp_path: Path, old: str, new: str, path: str, value: str
    ) -> None:
        """An undeclared source, table or share: file and line, key path, value, fix."""
        broken = _broken(tmp_path, old, new)

        with pytest.raises(RuleSchemaError) as caught:
            load_money_checks(broken)

        message = str(caught.value)
        assert f"{broken}:" in message
        assert path in message
        assert value in message
        assert "declared:" in message
        assert path == caught.value.path

    def test_a_misspelt_key_is_refused_with_the_allowed_keys(self, tmp_path: Path) -> None:
        """``figur`` for ``figure``: the key path, and a suggestion."""
        broken = _broken(tmp_path, 'figure = "allocated"', 'figur = "allocated"')

        with pytest.raises(RuleSetError) as caught:
            load_money_checks(broken)

        message = str(caught.value)
        assert "$.checks[2].figur" in message
        assert "did you mean 'figure'" in message

    def test_an_unknown_kind_of_check(self, tmp_path: Path) -> None:
        """``kind = "total"``: the kinds a check may have are listed."""
        broken = _broken(tmp_path, 'kind = "rows"', 'kind = "total"')

        with pytest.raises(RuleSchemaError, match=r"\$\.checks\[4\].*'total'") as caught:
            load_money_checks(broken)

        assert "'same'" in str(caught.value)

    def test_too_many_places(self, tmp_path: Path) -> None:
        """places = 12 is over the 10 a rounding may ask for."""
        broken = _broken(tmp_path, "rounding = { places = 2", "rounding = { places = 12")

        with pytest.raises(RuleSchemaError, match=r"\$\.shares\[0\]\.rounding\.places.*12"):
            load_money_checks(broken)

    def test_two_problems_are_both_reported(self, tmp_path: Path) -> None:
        """A repeated source code and an empty years list, in one error."""
        path = _broken(tmp_path, 'code = "own"', 'code = "local"')
        path.write_text(
            path.read_text("utf-8").replace("years = [2022, 2023]", "years = []"), "utf-8"
        )

        with pytest.raises(RuleSetProblems) as caught:
            load_money_checks(path)

        message = str(caught.value)
        assert "$.sources[3].code" in message
        assert "$.years" in message

    def test_not_toml(self, tmp_path: Path) -> None:
        """A file that does not parse: a syntax error naming the file and line."""
        broken = _broken(tmp_path, "years = [2022, 2023]", "years = [2022, 2023")

        with pytest.raises(RuleSyntaxError, match=r"checks\.toml"):
            load_money_checks(broken)
