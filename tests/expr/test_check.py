"""The expression language: what `check` accepts and refuses, and what compiled code computes.

Expected values are worked out by hand: exact decimal arithmetic, rounding half
up as a person rounds, and whole calendar months.
"""

# The style guide (STYLE.md section 11) wants `expected == actual`; SIM300 wants the
# reverse. The guide wins in tests.

from __future__ import annotations

import ast
import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopeval.expr import ExprProblem, InputInfo, Kind, check, compile_expression, position
from coopeval.expr.missing import EvaluationProblem, MissingInput, MissingValue

AWARDS = ("none", "province", "national")

INPUTS = {
    "revenue": InputInfo("revenue", Kind.NUMBER),
    "members": InputInfo("members", Kind.NUMBER),
    "founded_on": InputInfo("founded_on", Kind.DATE),
    "dissolved_on": InputInfo("dissolved_on", Kind.DATE),
    "has_brand": InputInfo("has_brand", Kind.BOOL),
    "award_level": InputInfo("award_level", Kind.TEXT, AWARDS),
    "name": InputInfo("name", Kind.TEXT),
}
POSITIONS = {name: index for index, name in enumerate(INPUTS)}


def run(text: str, kind: Kind = Kind.NUMBER, /, **values: object) -> Any:
    """Check, compile and call ``text``; inputs not given are missing."""
    function = compile_expression(check(text, INPUTS, kind), POSITIONS)
    row = tuple(values.get(name, MissingValue(name)) for name in INPUTS)
    return function(row)


class TestCheck:
    """`check`: parse, whitelist and type an expression."""

    def test_number_expression(self) -> None:
        """A measure over two inputs is a number and reads both, in order of appearance."""
        checked = check("(members + revenue) / 2 + members", INPUTS, Kind.NUMBER)

        assert Kind.NUMBER == checked.kind
        assert ("members", "revenue") == checked.reads
        assert "(members + revenue) / 2 + members" == checked.text

    def test_surrounding_whitespace_is_dropped(self) -> None:
        """Leading and trailing blanks (as in multi-line TOML strings) are not part of the text."""
        checked = check("  revenue \n", INPUTS, Kind.NUMBER)

        assert "revenue" == checked.text

    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("has_brand and members > 3", Kind.BOOL),
            ("not has_brand or revenue >= 0", Kind.BOOL),
            ("0 <= members < 10", Kind.BOOL),
            ('award_level in ("province", "national")', Kind.BOOL),
            ('award_level not in ["none"]', Kind.BOOL),
            ("members in (1, 2, 3)", Kind.BOOL),
            ("founded_on < date(2020, 1, 1)", Kind.BOOL),
            ('"a" if has_brand else "b"', Kind.TEXT),
            ("name == 'HTX Hoà Bình'", Kind.BOOL),
            ("date(2020, 4, 1)", Kind.DATE),
            (
                '3 if award_level == "national" else 2 if award_level == "province" else 0',
                Kind.NUMBER,
            ),
            ("months_between(founded_on, date(2024, 1, 1))", Kind.NUMBER),
            ("min(revenue, members, 3) + max(1, 2) + abs(-1)", Kind.NUMBER),
            ("round(revenue) + round(revenue, 2) + floor(revenue) + ceil(revenue)", Kind.NUMBER),
            ("pct(members, revenue)", Kind.NUMBER),
            ("revenue ** 10 + revenue ** 0 - revenue // 2 % 3", Kind.NUMBER),
            ("-revenue + +members", Kind.NUMBER),
            ("1_000_000 * 1.5e3", Kind.NUMBER),
            ("has_brand == True", Kind.BOOL),
        ],
    )
    def test_accepted(self, text: str, kind: Kind) -> None:
        """Whitelisted constructs pass and have the kind worked out by hand."""
        assert kind == check(text, INPUTS, kind).kind

    @pytest.mark.parametrize(
        ("text", "kind", "message"),
        [
            ("", Kind.NUMBER, "expression is empty"),
            ("revenue + " * 300 + "1", Kind.NUMBER, "3001 characters long; at most 2000"),
            ("revenue +", Kind.NUMBER, "not a valid expression"),
            ("revenue.real", Kind.NUMBER, "attribute access is not allowed in rule expressions"),
            ("revenue.__class__", Kind.NUMBER, "attribute access is not allowed"),
            ("revenue[0]", Kind.NUMBER, "subscripting is not allowed"),
            ("lambda: revenue", Kind.NUMBER, "lambda is not allowed"),
            ("[m for m in (1, 2)]", Kind.NUMBER, "a comprehension is not allowed"),
            ("{m for m in (1, 2)}", Kind.NUMBER, "a comprehension is not allowed"),
            ("max(revenue, (m for m in (1, 2)))", Kind.NUMBER, "a generator is not allowed"),
            ("(revenue := 1)", Kind.NUMBER, "assignment ':=' is not allowed"),
            ("f'{revenue}'", Kind.TEXT, "an f-string is not allowed"),
            ("{'a': 1}", Kind.NUMBER, "a dict literal is not allowed"),
            ("(revenue, members)", Kind.NUMBER, "syntax Tuple is not allowed"),
            ("_secret", Kind.NUMBER, "name '_secret' is not allowed: names starting with '_'"),
            ("__builtins__", Kind.NUMBER, "name '__builtins__' is not allowed"),
            ("__import__('os')", Kind.NUMBER, "function '__import__' is not allowed; allowed: min"),
            ("open('ruleset.toml')", Kind.TEXT, "function 'open' is not allowed"),
            ("eval('1')", Kind.NUMBER, "function 'eval' is not allowed"),
            ("mni(revenue, 1)", Kind.NUMBER, "function 'mni' is not allowed (did you mean 'min'?)"),
            ("revenue.bit_length()", Kind.NUMBER, "function 'revenue.bit_length' is not allowed"),
            ("round(revenue, ndigits=2)", Kind.NUMBER, "round() takes plain positional arguments"),
            ("min(*revenue)", Kind.NUMBER, "min() takes plain positional arguments"),
            ("min(revenue)", Kind.NUMBER, "min() needs at least two numbers"),
            ("abs(revenue, 1)", Kind.NUMBER, "abs() takes 1 argument(s), got 2"),
            ("date(2020, 1)", Kind.DATE, "date() takes 3 argument(s), got 2"),
            ("round(revenue, members)", Kind.NUMBER, "the places of round() must be a literal"),
            ("round(revenue, 11)", Kind.NUMBER, "the places of round() must be a literal"),
            ("revenue ** 100", Kind.NUMBER, "the exponent after '**' must be a literal whole"),
            ("revenue ** members", Kind.NUMBER, "the exponent after '**' must be a literal"),
            ("revenue ** 0.5", Kind.NUMBER, "the exponent after '**' must be a literal"),
            ("2 ** 2 ** 2", Kind.NUMBER, "the exponent after '**' must be a literal"),
            ("1234567890123456789012345678901", Kind.NUMBER, "is too large; at most 30 digits"),
            ("1e31", Kind.NUMBER, "number literal '1e31' is too large"),
            ("1e400", Kind.NUMBER, "number literal '1e400' is too large"),
            ("0x1F", Kind.NUMBER, "number literal '0x1F' is not a plain decimal number"),
            ("1j", Kind.NUMBER, "literal 1j is not allowed"),
            ("None", Kind.NUMBER, "literal None is not allowed"),
            ("b'x'", Kind.TEXT, "literal b'x' is not allowed"),
            ("-" * 31 + "revenue", Kind.NUMBER, "expression nests deeper than 30 levels; split it"),
            ("not " * 31 + "has_brand", Kind.BOOL, "nests deeper than 30 levels"),
            ("~members", Kind.NUMBER, "operator '~' is not allowed"),
            ("members << 2", Kind.NUMBER, "operator LShift is not allowed"),
            ("members & 2", Kind.NUMBER, "operator BitAnd is not allowed"),
            ("members is None", Kind.BOOL, "comparison Is is not allowed"),
            ("members in members", Kind.BOOL, "'in' needs a list of literal values on its right"),
            ("members in (1, revenue)", Kind.BOOL, "'in' accepts only literal values in its list"),
            ("members in (1, 'x')", Kind.BOOL, "the list after 'in' needs number, but \"'x'\""),
            ("award_level < 'x'", Kind.BOOL, "cannot order text values with <"),
            ("has_brand >= True", Kind.BOOL, "cannot order true/false values with >="),
            ('revenue > "x"', Kind.BOOL, "the right side of the comparison needs number"),
            ("founded_on == 2020", Kind.BOOL, "the right side of the comparison needs date"),
            (
                "has_brand + 1",
                Kind.NUMBER,
                "arithmetic needs number, but 'has_brand' is true/false",
            ),
            ("name * 2", Kind.NUMBER, "arithmetic needs number, but 'name' is text"),
            ("founded_on - date(2020, 1, 1)", Kind.NUMBER, "arithmetic needs number"),
            ("1 if revenue else 0", Kind.NUMBER, "the condition after 'if' needs true/false"),
            ("1 if has_brand else 'x'", Kind.NUMBER, "the 'else' branch needs number"),
            ("not revenue", Kind.BOOL, "operand of Not needs true/false, but 'revenue' is number"),
            ("-has_brand", Kind.NUMBER, "operand of USub needs number"),
            ("revenue and has_brand", Kind.BOOL, "'and'/'or' needs true/false"),
            ("months_between(revenue, founded_on)", Kind.NUMBER, "argument of months_between()"),
            ("pct(name, 2)", Kind.NUMBER, "argument of pct() needs number, but 'name' is text"),
            (
                "members > 100",
                Kind.NUMBER,
                "expression gives true/false, but number is needed here",
            ),
            ("revenue", Kind.BOOL, "expression gives number, but true/false is needed here"),
            ("date(2020, 1, 1)", Kind.NUMBER, "expression gives date, but number is needed"),
            (
                "award_level == 'natinal'",
                Kind.BOOL,
                "'natinal' is not a value of 'award_level' (did you mean 'national'?); "
                "allowed: none, province, national",
            ),
            ("'natinal' != award_level", Kind.BOOL, "'natinal' is not a value of 'award_level'"),
            (
                "award_level in ('none', 'gold')",
                Kind.BOOL,
                "'gold' is not a value of 'award_level'",
            ),
        ],
    )
    def test_refused(self, text: str, kind: Kind, message: str) -> None:
        """Constructs outside the whitelist or of the wrong kind are refused, saying why."""
        with pytest.raises(ExprProblem, match=re.escape(message)) as info:
            check(text, INPUTS, kind)

        assert not info.value.unknown_name

    def test_undeclared_input_suggests_the_closest(self) -> None:
        """A misspelt input is an unknown name, and the message suggests the declared one."""
        expected = "reads 'revenu', which is not a declared input (did you mean 'revenue'?)"

        with pytest.raises(ExprProblem, match=re.escape(expected)) as info:
            check("revenu * 2", INPUTS, Kind.NUMBER)

        assert info.value.unknown_name

    def test_distant_name_gets_no_suggestion(self) -> None:
        """A name close to nothing declared is refused without a far-fetched suggestion."""
        with pytest.raises(ExprProblem) as info:
            check("zzz", INPUTS, Kind.NUMBER)

        assert "expression reads 'zzz', which is not a declared input" == str(info.value)

    @pytest.mark.parametrize(
        ("text", "divisor"),
        [
            ("revenue / 0", "'0'"),
            ("revenue // 0.00", "'0.00'"),
            ("revenue % -0", "'-0'"),
            ("revenue / (1 - 1)", "'1 - 1'"),
            ("revenue / (2 * 0.5 - 1)", "'2 * 0.5 - 1'"),
            ("members + revenue / (3 - 3) * 2", "'3 - 3'"),
            ("pct(revenue, 0)", "'0'"),
            ("pct(revenue, 10 - 10)", "'10 - 10'"),
            ("revenue if has_brand else members / 0", "'0'"),
        ],
    )
    def test_divisor_always_zero(self, text: str, divisor: str) -> None:
        """A divisor of literals alone that works out to 0 is refused at load, naming it."""
        with pytest.raises(ExprProblem) as info:
            check(text, INPUTS, Kind.NUMBER)

        assert f"division by zero: the divisor {divisor} is always 0" == str(info.value)

    @pytest.mark.parametrize(
        "text",
        [
            "revenue / members",
            "revenue / (members - members)",  # not literals alone: a record may make it 0
            "revenue / (1 - 0.5 * 2 + 0.001)",
            "revenue / (10 ** 10) ** 10",
            "pct(0, members)",  # 0 divided is fine
            "revenue / (1 if has_brand else 0)",
        ],
    )
    def test_divisor_not_always_zero(self, text: str) -> None:
        """A divisor that reads an input, or of literals that are not 0, is accepted."""
        assert Kind.NUMBER == check(text, INPUTS, Kind.NUMBER).kind

    def test_literals_are_read_from_the_text(self) -> None:
        """Number literals are kept as the exact decimals written, by their position."""
        checked = check("0.1 + 1_000 * 2.50", INPUTS, Kind.NUMBER)

        assert {(1, 0): Decimal("0.1"), (1, 6): Decimal("1000"), (1, 14): Decimal("2.50")} == dict(
            checked.literals
        )


class TestPosition:
    """`position`: where a node starts in the expression text."""

    def test_line_and_column(self) -> None:
        """The right operand of ``1 + 22`` starts on line 1 at column 4."""
        tree = ast.parse("1 + 22", mode="eval").body
        assert isinstance(tree, ast.BinOp)

        assert (1, 4) == position(tree.right)


class TestCompileExpression:
    """`coopeval.compiler.compile_expression`: exact decimal evaluation of checked expressions."""

    def test_decimal_sum_is_exact(self) -> None:
        """0.1 + 0.2 is exactly 0.3, as a Decimal and never a float."""
        result = run("0.1 + 0.2")

        assert Decimal("0.3") == result
        assert Decimal is type(result)

    def test_decimal_equality_is_exact(self) -> None:
        """``0.1 + 0.2 == 0.3`` holds, which it does not in binary floating point."""
        assert True is run("0.1 + 0.2 == 0.3", Kind.BOOL)

    def test_growth_percentage_rounds_to_ten(self) -> None:
        """A benefit growing from 11 to 12.1 is exactly 10 % after round(x, 2)."""
        result = run(
            "round((revenue - members) / members * 100, 2)",
            revenue=Decimal("12.1"),
            members=Decimal(11),
        )

        assert Decimal(10) == result
        assert Decimal(10) == run("round((12.1 - 11) / 11 * 100, 2)")

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("10 / 4", Decimal("2.5")),
            ("7 // 2", Decimal(3)),
            ("7 % 2", Decimal(1)),
            ("2 ** 10", Decimal(1024)),
            ("1.5e3", Decimal(1500)),
            ("1_000_000 * 3", Decimal(3_000_000)),
            ("(1 + 2) * 3 - 4", Decimal(5)),
            ("-(2.5)", Decimal("-2.5")),
        ],
    )
    def test_arithmetic(self, text: str, expected: Decimal) -> None:
        """Arithmetic on literals gives the exact value worked out by hand."""
        assert expected == run(text)

    def test_inputs_are_read_by_position(self) -> None:
        """Names become the record's values: (open + close) / 2 of 3 and 4 is 3.5."""
        assert Decimal("3.5") == run("(revenue + members) / 2", revenue=Decimal(3), members=4)

    @pytest.mark.parametrize(
        ("award", "expected"),
        [("national", Decimal(3)), ("province", Decimal(2)), ("none", Decimal(0))],
    )
    def test_conditional(self, award: str, expected: Decimal) -> None:
        """A chain of conditional expressions picks the branch of the first true test."""
        text = '3 if award_level == "national" else 2 if award_level == "province" else 0'

        assert expected == run(text, award_level=award)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("has_brand and members > 3", True),
            ("has_brand and members > 5", False),
            ("not has_brand or members > 5", False),
            ("not has_brand or members >= 5", True),
            ("not (members == 5)", False),
            ("0 <= members < 10", True),
            ("0 <= members < 5", False),
        ],
    )
    def test_and_or_not(self, text: str, expected: bool) -> None:
        """``and``, ``or``, ``not`` and chained comparisons follow Python's rules."""
        assert expected is run(text, Kind.BOOL, has_brand=True, members=Decimal(5))

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ('award_level in ("province", "national")', True),
            ('award_level in ("none",)', False),
            ('award_level not in ("none", "province")', True),
            ('award_level in ["national"]', True),
            ("members in (1, 2, 3)", True),
            ("members in (1, 3)", False),
            ("members not in (1, 3)", True),
        ],
    )
    def test_membership(self, text: str, expected: bool) -> None:
        """``in`` tests a value against a list of literals."""
        assert expected is run(text, Kind.BOOL, award_level="national", members=Decimal(2))

    def test_date_comparison(self) -> None:
        """A date input compares with a date built by ``date(y, m, d)``."""
        assert True is run(
            "founded_on < date(2020, 1, 1)", Kind.BOOL, founded_on=dt.date(2019, 5, 1)
        )

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("revenue + 1", "revenue"),
            ("1 + revenue", "revenue"),
            ("revenue - 1", "revenue"),
            ("2 * revenue", "revenue"),
            ("revenue / 2", "revenue"),
            ("1 / revenue", "revenue"),
            ("revenue // 2", "revenue"),
            ("revenue % 2", "revenue"),
            ("revenue ** 2", "revenue"),
            ("-revenue", "revenue"),
            ("+revenue", "revenue"),
            ("min(revenue, 1)", "revenue"),
            ("max(1, revenue)", "revenue"),
            ("abs(revenue)", "revenue"),
            ("round(revenue)", "revenue"),
            ("round(revenue, 2)", "revenue"),
            ("floor(revenue)", "revenue"),
            ("ceil(revenue)", "revenue"),
            ("pct(revenue, 2)", "revenue"),
            ("pct(2, revenue)", "revenue"),
            ("months_between(founded_on, date(2024, 1, 1))", "founded_on"),
            ("months_between(date(2020, 1, 1), founded_on)", "founded_on"),
            ("months_between(date(revenue, 1, 1), date(2020, 1, 1))", "revenue"),
            ("1 if has_brand else 0", "has_brand"),
        ],
    )
    def test_missing_input_in_numbers(self, text: str, name: str) -> None:
        """Arithmetic and function calls on a missing input raise MissingInput naming it."""
        with pytest.raises(MissingInput) as info:
            run(text)

        assert name == info.value.name

    @pytest.mark.parametrize(
        "text",
        [
            "revenue > 0",
            "0 < revenue",
            "revenue >= 0",
            "revenue <= 0",
            "revenue == 0",
            "0 == revenue",
            "revenue != 0",
            "0 != revenue",
            "0 <= revenue < 10",
            "revenue in (0, 1)",
            "revenue not in (0, 1)",
        ],
    )
    def test_missing_input_in_comparisons(self, text: str) -> None:
        """Every comparison with a missing number raises MissingInput, never a silent False."""
        with pytest.raises(MissingInput, match=r"^revenue$"):
            run(text, Kind.BOOL)

    @pytest.mark.parametrize(
        "text",
        [
            'award_level == "none"',
            '"none" == award_level',
            'award_level != "none"',
            'award_level in ("none", "national")',
            'award_level not in ["none"]',
        ],
    )
    def test_missing_input_in_text_comparisons(self, text: str) -> None:
        """Comparing a missing enum with a value raises MissingInput, never False."""
        with pytest.raises(MissingInput, match=r"^award_level$"):
            run(text, Kind.BOOL)

    @pytest.mark.parametrize(
        "text",
        [
            "not has_brand",
            "has_brand and True",
            "has_brand or False",
            "True if has_brand else False",
        ],
    )
    def test_missing_input_in_truth_tests(self, text: str) -> None:
        """Testing the truth of a missing true/false input raises MissingInput."""
        with pytest.raises(MissingInput, match=r"^has_brand$"):
            run(text, Kind.BOOL)

    def test_missing_last_operand_is_passed_on(self) -> None:
        """``True and x`` with x missing gives the missing value itself, never False."""
        result = run("True and has_brand", Kind.BOOL)

        assert isinstance(result, MissingValue)
        assert "has_brand" == result.name

    def test_missing_date_comparison(self) -> None:
        """Ordering a missing date raises MissingInput."""
        with pytest.raises(MissingInput, match=r"^founded_on$"):
            run("founded_on < date(2020, 1, 1)", Kind.BOOL)

    def test_untaken_branch_needs_no_value(self) -> None:
        """A branch that is not taken may read a missing input without failing."""
        assert Decimal(0) == run("revenue if has_brand else 0", has_brand=False)

    @pytest.mark.parametrize(
        ("text", "values"),
        [
            ("revenue / members", {"revenue": Decimal(1), "members": Decimal(0)}),
            ("revenue / members", {"revenue": Decimal(0), "members": Decimal(0)}),
            ("revenue // members", {"revenue": Decimal(1), "members": Decimal(0)}),
            ("revenue % members", {"revenue": Decimal(1), "members": Decimal(0)}),
            ("pct(revenue, members)", {"revenue": Decimal(1), "members": Decimal(0)}),
        ],
    )
    def test_division_by_zero(self, text: str, values: dict[str, object]) -> None:
        """Dividing by zero raises an ArithmeticError, never a silent infinity."""
        with pytest.raises(ArithmeticError):
            run(text, **values)

    @given(
        st.decimals(
            min_value=-(10**12), max_value=10**12, places=6, allow_nan=False, allow_infinity=False
        )
    )
    def test_literal_round_trip(self, value: Decimal) -> None:
        """Any decimal literal evaluates to exactly the number written, digits and exponent."""
        result = run(str(value))

        assert value.as_tuple() == result.as_tuple()


class TestFunctions:
    """The whitelisted functions, as compiled expressions call them."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("min(3, 1, 2)", Decimal(1)),
            ("max(3, 1, 2)", Decimal(3)),
            ("max(-1.5, -2)", Decimal("-1.5")),
            ("abs(-2.5)", Decimal("2.5")),
            ("abs(4)", Decimal(4)),
            ("round(2.5)", Decimal(3)),
            ("round(3.5)", Decimal(4)),
            ("round(0.5)", Decimal(1)),
            ("round(-2.5)", Decimal(-3)),
            ("round(2.4999)", Decimal(2)),
            ("round(2.345, 2)", Decimal("2.35")),
            ("round(2.344, 2)", Decimal("2.34")),
            ("round(1234.5, 0)", Decimal(1235)),
            ("floor(2.7)", Decimal(2)),
            ("floor(-1.5)", Decimal(-2)),
            ("floor(3)", Decimal(3)),
            ("ceil(1.2)", Decimal(2)),
            ("ceil(-1.5)", Decimal(-1)),
            ("pct(1, 4)", Decimal(25)),
            ("pct(3, 4)", Decimal(75)),
            ("pct(5, 2)", Decimal(250)),
        ],
    )
    def test_numbers(self, text: str, expected: Decimal) -> None:
        """min, max, abs, round (half up), floor, ceil and pct give the values worked by hand."""
        assert expected == run(text)

    def test_round_keeps_the_places(self) -> None:
        """round(x, 2) gives two decimal places, so 10 prints as 10.00."""
        assert "10.00" == str(run("round(10, 2)"))

    def test_date(self) -> None:
        """date(y, m, d) builds a calendar date."""
        assert dt.date(2023, 1, 31) == run("date(2023, 1, 31)", Kind.DATE)

    @pytest.mark.parametrize(
        "text", ["date(2023, 2, 29)", "date(2023, 13, 1)", "date(2023, 4, 31)"]
    )
    def test_impossible_date(self, text: str) -> None:
        """A date that is not on the calendar raises EvaluationProblem naming it."""
        with pytest.raises(EvaluationProblem, match=r"is not a calendar date"):
            run(text, Kind.DATE)

    @pytest.mark.parametrize(
        ("start", "end", "expected"),
        [
            ((2023, 1, 1), (2024, 1, 1), 12),
            ((2023, 1, 31), (2023, 2, 28), 0),
            ((2023, 1, 31), (2023, 3, 1), 1),
            ((2023, 1, 15), (2023, 2, 15), 1),
            ((2023, 1, 15), (2023, 2, 14), 0),
            ((2023, 1, 1), (2023, 1, 31), 0),
            ((2023, 5, 10), (2023, 5, 10), 0),
            ((2020, 2, 29), (2021, 2, 28), 11),
            ((2020, 2, 29), (2021, 3, 1), 12),
            ((2024, 1, 1), (2023, 1, 1), -12),
            ((2023, 2, 28), (2023, 1, 31), 0),
            ((2023, 3, 15), (2023, 1, 16), -1),
        ],
    )
    def test_months_between(
        self, start: tuple[int, int, int], end: tuple[int, int, int], expected: int
    ) -> None:
        """months_between counts whole months, a month being complete on the same day number."""
        text = f"months_between(date{start}, date{end})"

        assert Decimal(expected) == run(text)

    def test_months_between_inputs(self) -> None:
        """months_between reads date inputs: founded 2023-03-10, 2024-01-01 is 9 months later."""
        assert Decimal(9) == run(
            "months_between(founded_on, date(2024, 1, 1))", founded_on=dt.date(2023, 3, 10)
        )

    @given(st.dates(), st.dates())
    def test_months_between_is_antisymmetric(self, start: dt.date, end: dt.date) -> None:
        """Swapping the two dates negates the number of whole months."""
        forward = run(
            "months_between(founded_on, dissolved_on)", founded_on=start, dissolved_on=end
        )
        backward = run(
            "months_between(dissolved_on, founded_on)", founded_on=start, dissolved_on=end
        )

        assert -forward == backward
