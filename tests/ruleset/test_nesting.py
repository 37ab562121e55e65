"""Tests for `coopeval.ruleset.nesting`: brackets counted outside strings and comments."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopeval.ruleset.nesting import MAX_DEPTH, too_deep

#: Text with every character that opens or closes something in TOML.
NOISE = st.text(alphabet="[]{}\"'#\\ ab\n=,", max_size=30)


def _basic(text: str) -> str:
    """``text`` as a TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _literal(text: str) -> str:
    """``text`` as a TOML literal string (no quote or newline can stand in one)."""
    return "'" + text.replace("'", "").replace("\n", "") + "'"


def _multiline(text: str) -> str:
    """``text`` as a TOML multi-line basic string."""
    return '"""' + text.replace("\\", "\\\\").replace('"', '\\"') + '"""'


def _comment(text: str) -> str:
    """``text`` as a comment after a value."""
    return "1 # " + text.replace("\n", " ")


class TestTooDeep:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("a = [[1]]", None),
            ("a = [[[1]]]", (1, 7)),
            ("a = [{ b = [1] }]", (1, 12)),
            ("a = 1\nb = [\n  [\n    [2],\n  ],\n]", (4, 5)),
            ("[table]\n[[array]]\na = [1, [2]]", None),
        ],
    )
    def test_place_of_the_first_bracket_too_deep(
        self, text: str, expected: tuple[int, int] | None
    ) -> None:
        """The line and column of the first bracket beyond two levels, or None."""
        assert expected == too_deep(text, 2)

    @given(
        st.lists(st.sampled_from(["[", "{ a = "]), max_size=2 * MAX_DEPTH),
    )
    def test_agrees_with_tomllib(self, openers: list[str]) -> None:
        """Nested arrays and inline tables: refused exactly when deeper than the limit, and a
        file within it parses."""
        closers = ["]" if o == "[" else " }" for o in reversed(openers)]
        text = "x = " + "".join(openers) + "1" + "".join(closers) + "\n"

        found = too_deep(text)

        assert (len(openers) > MAX_DEPTH) == (found is not None)
        if found is None:
            assert "x" in tomllib.loads(text)
        else:
            assert (1, 5 + sum(len(o) for o in openers[:MAX_DEPTH])) == found

    @given(st.sampled_from([_basic, _literal, _multiline, _comment]), NOISE)
    def test_strings_and_comments_do_not_count(self, quote: object, noise: str) -> None:
        """Brackets inside every kind of string, and in comments, are not nesting."""
        text = f"x = {quote(noise)}\ny = 2\n"  # type: ignore[operator]
        assert {"x", "y"} <= set(tomllib.loads(text))

        assert too_deep(text, 0) is None

    def test_stray_closing_brackets_do_not_hide_depth(self) -> None:
        """Closing brackets beyond the opened ones never lower the count below zero."""
        assert (2, 7) == too_deep("a = ]]]]\nb = [[[1]]]", 2)

    def test_thousands_deep(self) -> None:
        """A hundred thousand nested brackets are refused at the first one beyond the limit."""
        text = "x = " + "[" * 100_000 + "]" * 100_000

        assert (1, 5 + MAX_DEPTH) == too_deep(text)
