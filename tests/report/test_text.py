"""Tests for `coopeval.report.text`: tables that fit a width."""

# The style guide (STYLE.md section 11) wants `expected == actual`; SIM300 wants the
# reverse. The guide wins in tests.

from __future__ import annotations

from coopeval.report.text import fit, render_table


class TestFit:
    def test_a_capped_column_keeps_its_cap_when_the_table_must_fit(self) -> None:
        """A column capped at 20 whose cells are 60 long stays at 20 when another column is
        wrapped to fit the width: the cap is never lost."""
        rows = [["a " * 40, "b " * 30]]

        limits = fit(["x", "y"], rows, "simple", 60, [None, 20])

        assert limits is not None
        assert 20 == limits[1]
        assert all(
            len(line) <= 60
            for line in render_table(["x", "y"], rows, widths=[None, 20], width=60).splitlines()
        )

    def test_no_width_keeps_the_caps(self) -> None:
        """Without a width, the caps are the limits (no cap: no limit)."""
        assert [None, 20] == fit(["x", "y"], [["a", "b " * 30]], "simple", None, [None, 20])
