"""Finding the line of a key path in rule-file text."""

# The style guide (STYLE.md section 11) wants `expected == actual`; SIM300 wants the
# reverse. The guide wins in tests.

from __future__ import annotations

import pytest

from coopeval.ruleset.locate import line_of

# Line numbers are on the right, counted by hand.
TEXT = """\
[ruleset]
id = "mini"
title = { vi = "Nhỏ", en = "Small" }

[inputs.revenue]
type = "decimal"   # money, in VND
label = { vi = "Doanh thu", en = "Revenue" }

[ratings]
citation = "Điều 8"

[[ratings.bands]]
id = "yeu"
upper = 50

[[ratings.bands]]
id = "tot"
lower = 50

[[items]]
id = "c01"
bands = [
  { upper = 10, points = 0 },
  { lower = 10, points = 5 },
]

[[items]]
id = "c02"
# a comment with "quotes", [brackets] and key = value
bands = [
  { upper = 1, points = 0 },            # none
  # "quoted" comment inside the array
  { lower = 1, upper = 3, points = 2 },
  { lower = 3, points = 4 },
]
rounding = { places = 2, mode = "half_up" }

[[items]]
id = "c03"
values = ["a", "b"]

[items.rounding]
places = 1
"""


class TestLineOf:
    """`line_of`: the line that opens a key path, or its nearest enclosing key."""

    @pytest.mark.parametrize(
        ("path", "line"),
        [
            ("$.ruleset", 1),
            ("$.ruleset.id", 2),
            ("$.ruleset.title", 3),
            ("$.ruleset.title.en", 3),
            ("$.inputs.revenue", 5),
            ("$.inputs.revenue.type", 6),
            ("$.inputs.revenue.label.vi", 7),
            ("$.ratings", 9),
            ("$.ratings.citation", 10),
            ("$.ratings.bands[0]", 12),
            ("$.ratings.bands[0].upper", 14),
            ("$.ratings.bands[1]", 16),
            ("$.ratings.bands[1].lower", 18),
            ("$.items[0]", 20),
            ("$.items[0].bands", 22),
            ("$.items[0].bands[0]", 23),
            ("$.items[0].bands[1].points", 24),
            ("$.items[1]", 27),
            ("$.items[1].id", 28),
            ("$.items[1].bands", 30),
            ("$.items[1].bands[0].upper", 31),
            ("$.items[1].bands[1]", 33),
            ("$.items[1].bands[1].upper", 33),
            ("$.items[1].bands[2]", 34),
            ("$.items[1].bands[2].points", 34),
            ("$.items[1].rounding.places", 36),
            ("$.items[2].values", 40),
            ("$.items[2].rounding", 42),
            ("$.items[2].rounding.places", 43),
        ],
    )
    def test_known_path(self, path: str, line: int) -> None:
        """A key path written in the text maps to the line that holds it."""
        assert line == line_of(TEXT, path)

    @pytest.mark.parametrize(
        ("path", "line"),
        [
            ("$.items[1].bands[2].upper", 34),
            ("$.items[0].label", 20),
            ("$.items[0].label.vi", 20),
            ("$.items[2].values[1]", 40),
            ("$.inputs.revenue.at_most", 5),
            ("$.ratings.bands[1].label", 16),
        ],
    )
    def test_absent_key_falls_back_to_its_parent(self, path: str, line: int) -> None:
        """A key the text lacks gives the line of the nearest enclosing key."""
        assert line == line_of(TEXT, path)

    @pytest.mark.parametrize(("path", "line"), [("$.items", 20), ("$.ratings.bands", 12)])
    def test_array_of_tables_opens_at_its_first_table(self, path: str, line: int) -> None:
        """A whole array of tables is located at its first ``[[...]]`` header."""
        assert line == line_of(TEXT, path)

    def test_array_closed_after_its_last_element(self) -> None:
        """An array closed after its last element (``{ ... }]``) does not swallow what follows."""
        text = (
            "[[items]]\n"  # 1
            'id = "a"\n'  # 2
            "bands = [\n"  # 3
            '  { upper = 1, points = 0 },  # "quoted" ]\n'  # 4
            "  { lower = 1, points = 1 }]\n"  # 5
            "\n"  # 6
            "[[items]]\n"  # 7
            'id = "b"\n'  # 8
        )

        assert 4 == line_of(text, "$.items[0].bands[0].upper")
        assert 5 == line_of(text, "$.items[0].bands[1].points")
        assert 7 == line_of(text, "$.items[1]")
        assert 8 == line_of(text, "$.items[1].id")

    def test_brackets_inside_strings_do_not_close_an_array(self) -> None:
        """A ``]`` inside a quoted label leaves the array open."""
        text = (
            "values = [\n"  # 1
            '  { value = "a", label = { vi = "[a]", en = "a]" } },\n'  # 2
            '  { value = "b", label = { vi = "b", en = "b" } },\n'  # 3
            "]\n"  # 4
            'after = "x"\n'  # 5
        )

        assert 3 == line_of(text, "$.values[1].value")
        assert 5 == line_of(text, "$.after")

    @pytest.mark.parametrize("path", ["$.groups", "$.nowhere.at.all", "$", ""])
    def test_unknown_path(self, path: str) -> None:
        """A path with no enclosing key in the text has no line."""
        assert None is line_of(TEXT, path)
