"""Tests for `coopeval.expr.solve`: the value of one input that puts a measure in a band.

The examples are tt01-2020's own measures with a cooperative's figures, and the
answer is worked out by hand in each docstring. The properties check the solver
against a brute-force search over a grid of whole numbers, evaluated by the
expression compiled on its own (`compile_expression`), not by the solver: the
answer is in the band, nothing nearer the current value is, and when some value
in the range works the solver finds one.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopeval.expr import InputInfo, Kind, check, compile_expression
from coopeval.expr.missing import MissingInput, MissingValue
from coopeval.expr.solve import CONTEXT, Interval, Region, Solver

D = Decimal
INPUTS = {
    name: InputInfo(name, Kind.NUMBER)
    for name in (
        "x",
        "total_capital_open",
        "total_capital_close",
        "total_capital_prev_close",
        "managers",
        "managers_higher_ed",
        "complaints",
        "complaints_resolved",
        "revenue",
    )
}
INPUTS.update({name: InputInfo(name, Kind.BOOL) for name in ("tech_applied", "has_brand")})


def _solver(text: str) -> Solver:
    kind = Kind.NUMBER
    return Solver(check(text, INPUTS, kind))


class TestMeasuresOfTt01:
    def test_mean_capital(self) -> None:
        """(1 450 000 000 + c) / 2 ≥ 2 000 000 000 needs c ≥ 2 550 000 000."""
        solver = _solver("(total_capital_open + total_capital_close) / 2")
        values = {"total_capital_open": D(1_450_000_000), "total_capital_close": D(1_710_000_000)}

        found = solver.solve("total_capital_close", values, Interval.band(D(2e9), D(5e9)))

        assert D(2_550_000_000) == found.value

    def test_growth_is_strict(self) -> None:
        """1 if close > 120 else 0 reaches 1 at close = 121: the first whole number above."""
        solver = _solver("1 if total_capital_close > total_capital_prev_close else 0")
        values = {"total_capital_close": D(100), "total_capital_prev_close": D(120)}

        found = solver.solve("total_capital_close", values, Interval.band(D(1), None))

        assert D(121) == found.value

    def test_a_share_by_its_part_and_by_its_whole(self) -> None:
        """2 of 7 managers is 28.6 %; 50 % needs 4 of 7, or 2 of 4."""
        solver = _solver("0 if managers == 0 else pct(managers_higher_ed, managers)")
        values = {"managers": D(7), "managers_higher_ed": D(2)}
        band = Interval.band(D(50), None)

        assert D(4) == solver.solve("managers_higher_ed", values, band).value
        assert D(4) == solver.solve("managers", values, band).value

    def test_a_branch_on_the_input_itself(self) -> None:
        """100 if complaints == 0 else 1/3: complaints 1 (nearer 3 than 0 is) gives 100 %."""
        solver = _solver("100 if complaints == 0 else pct(complaints_resolved, complaints)")
        values = {"complaints": D(3), "complaints_resolved": D(1)}

        assert D(1) == solver.solve("complaints", values, Interval.band(D(100), None)).value
        assert (
            D(3) == solver.solve("complaints_resolved", values, Interval.band(D(100), None)).value
        )

    def test_a_true_false_input_is_tried(self) -> None:
        solver = _solver("(1 if tech_applied else 0) + (1 if has_brand else 0)")
        values = {"tech_applied": False, "has_brand": True}

        found = solver.solve(
            "tech_applied", values, Interval.band(D(2), None), choices=(True, False)
        )

        assert found.value is True

    def test_already_in_the_band(self) -> None:
        solver = _solver("revenue")

        assert D(7) == solver.solve("revenue", {"revenue": D(7)}, Interval.band(D(5), D(10))).value

    def test_bounds_of_the_input_are_kept(self) -> None:
        """Revenue under 0 would put 'revenue < -5' in its band; at_least 0 forbids it."""
        solver = _solver("revenue")
        bounds = Interval(D(0), Interval.band(None, None).upper, True, False)

        found = solver.solve(
            "revenue", {"revenue": D(3)}, Interval.band(None, D(-5)), bounds=bounds
        )

        assert (None, "unreachable") == (found.value, found.reason)


class TestWhatCannotBeSolved:
    def test_read_twice(self) -> None:
        found = _solver("x * x").solve("x", {"x": D(2)}, Interval.band(D(9), None))

        assert "reads_twice" == found.reason

    @pytest.mark.parametrize("text", ["round(x)", "floor(x / 3)", "x // 2", "x % 3", "x ** 2"])
    def test_step_functions(self, text: str) -> None:
        found = _solver(text).solve("x", {"x": D(2)}, Interval.band(D(9), None))

        assert "not_invertible" == found.reason

    def test_a_missing_other_input(self) -> None:
        """Solving for the part of a share needs the whole: its absence is said, not guessed."""
        solver = _solver("pct(managers_higher_ed, managers)")

        found = solver.solve(
            "managers_higher_ed", {"managers_higher_ed": D(1)}, Interval.band(D(50), None)
        )

        assert ("missing", ("managers",)) == (found.reason, found.needs)

    def test_unreachable(self) -> None:
        found = _solver("1 if x > 5 else 0").solve("x", {"x": D(0)}, Interval.band(D(2), None))

        assert "unreachable" == found.reason


class TestRegion:
    def test_union_merges_touching_intervals(self) -> None:
        a = Region((Interval(D(0), D(1), True, False),))
        b = Region((Interval(D(1), D(2), True, True),))

        assert Region((Interval(D(0), D(2), True, True),)) == a.union(b)

    def test_complement_of_a_point(self) -> None:
        found = Region((Interval.point(D(3)),)).complement()

        assert D(3) not in found
        assert D(2) in found
        assert D(4) in found


# --- properties against a brute-force search -----------------------------------------

TEMPLATES = [
    "x + {a}",
    "{a} - x",
    "x * {a}",
    "x / {a}",
    "{a} / x",
    "pct(x, {a})",
    "pct({a}, x)",
    "-x + {b}",
    "max(x, {a})",
    "min(x, {a}, {b})",
    "abs(x - {a})",
    "{a} if x > {b} else x",
    "0 if x == 0 else pct({a}, x)",
    "(x + {a}) / 2",
    "1 if x > {a} and x <= {b} else 0",
    "{a} * (x - {b}) + 1",
    "(1 if not x >= {a} else 0) + (1 if x != {b} else 0)",
]
#: The grid searched by brute force, and given to the solver as the input's bounds.
LOW, HIGH = -120, 120
BOUNDS = Interval(D(LOW), D(HIGH), True, True)


def _value(function: Any, x: Decimal) -> Decimal | None:
    """The expression at ``x``, compiled on its own; ``None`` where it has no value (x / 0)."""
    try:
        with decimal.localcontext(CONTEXT):
            result = function((x,))
    except (ArithmeticError, MissingInput):
        return None
    return D(result) if isinstance(result, bool) else result


nonzero = st.integers(-9, 9).filter(bool)
edges = st.one_of(st.none(), st.integers(-150, 150))


@settings(max_examples=600, deadline=None)
@given(
    template=st.sampled_from(TEMPLATES),
    a=nonzero,
    b=nonzero,
    current=st.integers(LOW, HIGH),
    lower=edges,
    width=st.one_of(st.none(), st.integers(1, 60)),
)
def test_the_answer_is_in_the_band_and_nearest(
    template: str, a: int, b: int, current: int, lower: int | None, width: int | None
) -> None:
    text = template.format(a=a, b=b)
    checked = check(text, {"x": INPUTS["x"]}, Kind.NUMBER)
    function = compile_expression(checked, {"x": 0})
    upper = None if width is None or lower is None else lower + width
    band = Interval.band(None if lower is None else D(lower), None if upper is None else D(upper))
    grid = [D(n) for n in range(LOW, HIGH + 1)]
    good = [x for x in grid if _value(function, x) in band]

    found = Solver(checked).solve("x", {"x": D(current)}, band, bounds=BOUNDS)

    if found.reason is not None:
        assert found.reason in ("unreachable", "reads_twice", "not_invertible")
        if found.reason == "unreachable":
            assert [] == good
        return
    assert _value(function, found.value) in band
    assert found.value in BOUNDS
    nearest = min(abs(x - current) for x in good)
    assert nearest == abs(found.value - current)


def test_a_missing_value_is_not_a_number() -> None:
    """The engine's missing marker refuses arithmetic: the solver says 'missing' for it."""
    found = _solver("x + revenue").solve(
        "x", {"x": D(1), "revenue": MissingValue("revenue")}, Interval.band(D(5), None)
    )

    assert "missing" == found.reason
