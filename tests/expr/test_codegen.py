"""Tests for `coopeval.expr.codegen` and `coopeval.expr.functions`: one mechanism, one table."""

from __future__ import annotations

import gc
import linecache
import traceback
from decimal import Decimal

import pytest

import coopeval
from coopeval.expr import FUNCTIONS, InputInfo, Kind, check, compile_expression
from coopeval.expr.check import ExprProblem

INPUTS = {"a": InputInfo("a", Kind.NUMBER), "b": InputInfo("b", Kind.NUMBER)}
POSITIONS = {"a": 0, "b": 1}


class TestGenerate:
    def test_traceback_shows_the_generated_line(self) -> None:
        """A failure inside compiled rule code points at the generated source, not at nothing."""
        function = compile_expression(check("a / b", INPUTS, Kind.NUMBER), POSITIONS)

        with pytest.raises(ZeroDivisionError) as info:
            function((Decimal(1), Decimal(0)))
        text = "".join(traceback.format_exception(info.value))

        assert "<coopeval rule a / b #" in text
        assert "return _r[0] / _r[1]" in text

    def test_linecache_entry_goes_with_the_function(self) -> None:
        """The generated source is kept only while its function lives: no cache that grows."""
        function = compile_expression(check("a + b", INPUTS, Kind.NUMBER), POSITIONS)
        name = function.__code__.co_filename
        assert linecache.getlines(name)

        del function
        gc.collect()

        assert name not in linecache.cache

    def test_no_builtins(self) -> None:
        """Generated code runs without builtins: only constants and whitelisted functions."""
        function = compile_expression(check("max(a, b)", INPUTS, Kind.NUMBER), POSITIONS)

        assert {} == function.__globals__["__builtins__"]
        assert {"_f_" + name for name in FUNCTIONS} <= set(function.__globals__)

    def test_scorecard_functions_are_kept_on_the_compiled_rules(self) -> None:
        """A scorecard's generated functions belong to its compiled form, labelled by its id."""
        rules = coopeval.load("tt01-2020")

        assert "items of tt01-2020" in rules.body.score_items.__code__.co_filename
        assert "score of tt01-2020" in rules.body.score_total.__code__.co_filename


class TestFunctions:
    @pytest.mark.parametrize("name", sorted(FUNCTIONS))
    def test_signature_and_implementation_together(self, name: str) -> None:
        """Every whitelisted function carries its name, argument kinds, result and code."""
        function = FUNCTIONS[name]

        assert name == function.name
        assert callable(function.implementation)
        assert isinstance(function.result, Kind)

    def test_the_checker_reads_the_table(self) -> None:
        """An unknown function is refused with the table's names as the allowed ones."""
        with pytest.raises(ExprProblem, match="allowed: " + ", ".join(FUNCTIONS)):
            check("sqrt(a)", INPUTS, Kind.NUMBER)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("round(a, 1, 2)", r"round\(\) takes 2 argument\(s\), got 3"),
            ("round(a, b)", r"the places of round\(\) must be a literal whole number from 0 to 10"),
            ("min(a)", r"min\(\) needs at least two numbers"),
            ("has(a + b)", r"has\(\) takes one input name"),
        ],
    )
    def test_signatures(self, text: str, message: str) -> None:
        """Argument counts, literal places and the name argument come from the table."""
        with pytest.raises(ExprProblem, match=message):
            check(text, INPUTS, Kind.NUMBER if not text.startswith("has") else Kind.BOOL)

    def test_round_takes_one_or_two(self) -> None:
        """round's places may be left out (it has one optional argument)."""
        one = compile_expression(check("round(a)", INPUTS, Kind.NUMBER), POSITIONS)
        two = compile_expression(check("round(a, 1)", INPUTS, Kind.NUMBER), POSITIONS)

        assert Decimal(3) == one((Decimal("2.5"), Decimal(0)))
        assert Decimal("2.6") == two((Decimal("2.55"), Decimal(0)))
