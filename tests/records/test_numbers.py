"""Tests for `coopeval.numbers`: numbers in spreadsheet cells, Vietnamese or English notation.

Expected values in the table are written by hand from the rules in the module
docstring (and ``docs/spreadsheets.md``); the properties format numbers with a
formatter written here, never with the module under test.
"""

# The style guide wants `expected == actual`; SIM300 wants the reverse. The guide wins.

from __future__ import annotations

import pickle
import re
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from coopeval.errors import CoopevalError
from coopeval.records import values as records
from coopeval.records.numbers import MAX_DIGITS, NumberFormatError, is_number_like, parse_number

D = Decimal

#: (text, percent, expected): a Decimal (value *and* written precision) or a substring
#: of the error message. Grouped by the rule numbers of the module docstring.
CASES: list[tuple[str, bool, Decimal | str]] = [
    # 1. plain
    ("1234", False, D("1234")),
    ("-12", False, D("-12")),
    ("+7", False, D("7")),
    ("0", False, D("0")),
    ("007", False, D("7")),
    ("1234.5", False, D("1234.5")),
    ("-1234.50", False, D("-1234.50")),
    (" 42 ", False, D("42")),
    ("\t-3\n", False, D("-3")),
    ("\u00a012\u202f", False, D("12")),
    ("\u202f1.234.567\u00a0", False, D("1234567")),
    ("\u221212", False, D("-12")),
    ("\u22121,5", False, D("-1.5")),
    ("-0", False, D("0")),
    ("-0,00", False, D("0.00")),
    ("123456789012345678901234567890", False, D("123456789012345678901234567890")),
    # 2. Vietnamese thousands with dots
    ("1.234.567", False, D("1234567")),
    ("2.500.000.000", False, D("2500000000")),
    ("-1.234.567", False, D("-1234567")),
    ("12.345.678", False, D("12345678")),
    ("123.456.789.012", False, D("123456789012")),
    ("1.000.000", False, D("1000000")),
    # 3. Vietnamese decimal comma
    ("12,5", False, D("12.5")),
    ("7,5", False, D("7.5")),
    ("0,25", False, D("0.25")),
    ("-0,5", False, D("-0.5")),
    ("12,50", False, D("12.50")),
    ("1,2345", False, D("1.2345")),
    ("1.234,5", False, D("1234.5")),
    ("1234,5", False, D("1234.5")),
    ("2.500.000,75", False, D("2500000.75")),
    ("1.234,567", False, D("1234.567")),
    ("1234,567", False, D("1234.567")),
    # 4. English forms that cannot be confused
    ("1,234.5", False, D("1234.5")),
    ("1,234,567", False, D("1234567")),
    ("1,234,567.89", False, D("1234567.89")),
    ("-1,234.5", False, D("-1234.5")),
    ("12.5", False, D("12.5")),
    ("0.25", False, D("0.25")),
    ("0.5", False, D("0.5")),
    ("3.14159", False, D("3.14159")),
    ("12.3456", False, D("12.3456")),
    ("1234.567", False, D("1234.567")),
    # 5. not ambiguous although a separator is followed by 3 digits
    ("0.234", False, D("0.234")),
    ("0,234", False, D("0.234")),
    ("-0.234", False, D("-0.234")),
    # 5. ambiguous
    ("1.234", False, "ambiguous"),
    ("1,234", False, "ambiguous"),
    ("-12.345", False, "ambiguous"),
    ("999,999", False, "ambiguous"),
    ("1.234 tỷ", False, "ambiguous"),
    ("1.000 đồng", False, "ambiguous"),
    ("1.234", False, "Vietnamese notation reads it as 1234 (the dot separates thousands)"),
    ("1.234", False, "English notation as 1 + 234/1000 (the dot is the decimal point)"),
    ("1,234", False, "English notation reads it as 1234 (the comma separates thousands)"),
    ("1,234", False, "Vietnamese notation as 1 + 234/1000 (the comma is the decimal point)"),
    ("-1.234", False, "write -1234 for the whole number, or -1,2340 (Vietnamese) or -1.2340"),
    ("-12.345", False, "Vietnamese notation reads it as -12345"),
    ("-12.345", False, "English notation as -(12 + 345/1000)"),
    # 5. separators that fit no notation
    ("1.23.4", False, "must separate thousands"),
    ("1,2,3", False, "must separate thousands"),
    ("1.234.56", False, "must separate thousands"),
    ("12,34,567", False, "must separate thousands"),
    ("1234.567.890", False, "must separate thousands"),
    ("0.234.567", False, "must separate thousands"),
    ("1..2", False, "must separate thousands"),
    ("1.234.567.", False, "must separate thousands"),
    ("1,234,5", False, "must separate thousands"),
    ("1.234,5.6", False, "neither Vietnamese (1.234.567,5) nor English (1,234,567.5)"),
    ("1,234.567,8", False, "neither Vietnamese"),
    ("12.34,5", False, "neither Vietnamese"),
    ("1.,5", False, "neither Vietnamese"),
    (".5", False, "write 0.5 instead of .5"),
    (",5", False, "write 0,5 instead of ,5"),
    ("5.", False, "write 5.0 instead of 5."),
    ("5,", False, "digits on both sides"),
    # 6. percent
    ("30%", True, D("30")),
    ("30 %", True, D("30")),
    ("30\u00a0%", True, D("30")),
    ("12,5%", True, D("12.5")),
    ("0.5%", True, D("0.5")),
    ("-5%", True, D("-5")),
    ("100%", True, D("100")),
    ("30", True, D("30")),
    ("30%", False, "this field is not a percentage; write the number without %"),
    ("30 %", False, "not a percentage"),
    ("30%%", True, "a % cannot go with another % or a unit"),
    ("30 triệu %", True, "a % cannot go with another % or a unit"),
    ("30 % đ", True, "a % cannot go with another % or a unit"),
    ("%30", True, "it must start with digits"),
    ("%", True, "it must start with digits"),
    ("1.234%", True, "ambiguous"),
    # 7. units
    ("1,2 tỷ", False, D("1200000000")),
    ("1,2 tỉ", False, D("1200000000")),
    ("1,2tỷ", False, D("1200000000")),
    ("1,2 TỶ", False, D("1200000000")),
    ("-1,2 tỷ", False, D("-1200000000")),
    ("3 tỷ", False, D("3000000000")),
    ("350 triệu", False, D("350000000")),
    ("1,50 triệu", False, D("1500000")),
    ("1.5 triệu", False, D("1500000")),
    ("1.234,5678 triệu", False, D("1234567800")),
    ("5 nghìn", False, D("5000")),
    ("5 ngàn", False, D("5000")),
    ("0,0005 nghìn", False, D("0.5")),
    ("1,2345 nghìn", False, D("1234.5")),
    ("2.500.000.000 đ", False, D("2500000000")),
    ("2.500.000.000đ", False, D("2500000000")),
    ("2,500,000,000 VND", False, D("2500000000")),
    ("500 đồng", False, D("500")),
    ("500 vnd", False, D("500")),
    ("500 VNĐ", False, D("500")),
    ("500 vnđ", False, D("500")),
    ("500 ₫", False, D("500")),
    ("350 triệu đồng", False, D("350000000")),
    ("1,5 triệu VND", False, D("1500000")),
    ("1,2 ty\u0309", False, D("1200000000")),
    (unicodedata.normalize("NFD", "350 triệu đồng"), False, D("350000000")),
    (unicodedata.normalize("NFD", "5 NGHÌN"), False, D("5000")),
    ("999.999.999.999.999.999.999 tỷ", False, D("999999999999999999999000000000")),
    ("1 tỷ tỷ", False, "two units"),
    ("1 tỷ triệu", False, "two units"),
    ("1 đ VND", False, "two units"),
    ("1 đ triệu", False, "the currency mark must come after tỷ/triệu/nghìn"),
    ("30 tỷ %", False, "not a percentage"),
    ("5 đô", False, "unexpected 'đô' after the number"),
    ("5 USD", False, "unexpected 'USD' after the number"),
    ("12tr", False, "unexpected 'tr' after the number"),
    ("500k", False, "unexpected 'k' after the number"),
    ("1 tỷ 2", False, "unexpected '2' after the number"),
    ("VND 5", False, "it must start with digits"),
    ("1.000.000.000.000.000.000.000 tỷ", False, "too large or too precise"),
    # 8. always rejected
    ("", False, "the cell is empty"),
    ("   ", False, "the cell is empty"),
    ("\u00a0", False, "the cell is empty"),
    ("", True, "the cell is empty"),
    ("NaN", False, "NaN and infinity are not amounts"),
    ("nan", False, "NaN and infinity are not amounts"),
    ("sNaN", False, "NaN and infinity are not amounts"),
    ("inf", False, "NaN and infinity are not amounts"),
    ("-inf", False, "NaN and infinity are not amounts"),
    ("Infinity", False, "NaN and infinity are not amounts"),
    ("+Infinity", False, "NaN and infinity are not amounts"),
    ("1e9", False, "write the number in full"),
    ("1E+09", False, "write the number in full"),
    ("1,5E+09", False, "exponent notation is not accepted"),
    ("-2.5e-3", False, "exponent notation is not accepted"),
    ("1234567890123456789012345678901", False, "too large or too precise"),
    ("1." + "2" * 30, False, "too large or too precise"),
    ("0." + "0" * 30 + "1", False, "too large or too precise"),
    ("1" + ".000" * 11, False, "too large or too precise"),
    ("abc", False, "it must start with digits"),
    ("Tổng", False, "it must start with digits"),
    ("12abc", False, "unexpected 'abc' after the number"),
    ("1 234", False, "no spaces inside the number"),
    ("(1.234)", False, "parentheses do not mark a negative number here"),
    ("(12)", False, "write a minus: -1.234.567"),
    ("1-", False, "unexpected '-' after the number"),
    ("--1", False, "it must start with digits"),
    ("- 1", False, "an optional sign standing directly before them"),
    ("１２", False, "it must start with digits"),
]
VALUES = [(text, percent, e) for text, percent, e in CASES if isinstance(e, Decimal)]
ERRORS = [(text, percent, e) for text, percent, e in CASES if isinstance(e, str)]

#: One separator, exactly three digits after it, one to three before, not starting with 0.
AMBIGUOUS = re.compile(r"-?[1-9][0-9]{0,2}[.,][0-9]{3}")
UNITS = {"tỷ": 9, "tỉ": 9, "triệu": 6, "nghìn": 3, "ngàn": 3}


def _grouped(digits: str, separator: str) -> str:
    """Digits split into thousands from the right: ``1234567`` → ``1.234.567``."""
    first = len(digits) % 3 or 3
    groups = [digits[:first]] + [digits[i : i + 3] for i in range(first, len(digits), 3)]
    return separator.join(groups)


def vietnamese(value: Decimal) -> str:
    """Full Vietnamese notation: dots between thousands, a comma before the decimals."""
    whole, _, fraction = f"{value.copy_abs():f}".partition(".")
    sign = "-" if value < 0 else ""
    return sign + _grouped(whole, ".") + ("," + fraction if fraction else "")


def english(value: Decimal) -> str:
    """Full English notation: commas between thousands, a dot before the decimals."""
    whole, _, fraction = f"{value.copy_abs():f}".partition(".")
    sign = "-" if value < 0 else ""
    return sign + _grouped(whole, ",") + ("." + fraction if fraction else "")


@st.composite
def amounts(draw: st.DrawFn, max_places: int = 2) -> Decimal:
    """Decimals with up to `max_places` decimals (trailing zeros kept) and |d| < 10^15."""
    places = draw(st.integers(0, max_places))
    bound = 10 ** (15 + places) - 1
    return Decimal(draw(st.integers(-bound, bound))).scaleb(-places)


class TestParseNumber:
    @pytest.mark.parametrize(("text", "percent", "expected"), VALUES)
    def test_accepted(self, text: str, percent: bool, expected: Decimal) -> None:
        """Each accepted text gives its hand-written value, with the precision it was written in."""
        actual = parse_number(text, percent=percent)

        assert repr(expected) == repr(actual)

    @pytest.mark.parametrize(("text", "percent", "expected"), ERRORS)
    def test_rejected(self, text: str, percent: bool, expected: str) -> None:
        """Each rejected text raises NumberFormatError saying what is wrong."""
        with pytest.raises(NumberFormatError) as caught:
            parse_number(text, percent=percent)

        assert expected in str(caught.value)

    @pytest.mark.parametrize(("text", "percent", "expected"), ERRORS)
    def test_message_quotes_value_and_lists_forms(
        self, text: str, percent: bool, expected: str
    ) -> None:
        """Every message starts with the value quoted by repr and ends with the accepted forms."""
        with pytest.raises(NumberFormatError) as caught:
            parse_number(text, percent=percent)

        message = str(caught.value)
        assert (True, True) == (
            message.startswith(f"cannot read {text!r} as a number: "),
            "Accepted: 1234, 1.234.567 or 1,234,567" in message,
        )

    def test_percent_fields_mention_percent_in_accepted_forms(self) -> None:
        """A percentage field's message says a trailing % is accepted."""
        with pytest.raises(NumberFormatError) as caught:
            parse_number("abc", percent=True)

        assert str(caught.value).endswith("or a % after the number (30% means 30).")

    def test_error_is_a_value_error_carrying_the_text(self) -> None:
        """NumberFormatError is a ValueError and a CoopevalError, and keeps the text as given."""
        with pytest.raises(NumberFormatError) as caught:
            parse_number(" 1.234 ")

        error = caught.value
        assert (True, True, " 1.234 ") == (
            isinstance(error, ValueError),
            isinstance(error, CoopevalError),
            error.text,
        )

    def test_error_survives_pickling(self) -> None:
        """The error pickles with its message, so it can cross process boundaries."""
        with pytest.raises(NumberFormatError) as caught:
            parse_number("1,234")

        copy = pickle.loads(pickle.dumps(caught.value))
        assert str(caught.value) == str(copy)

    def test_units_give_plain_digits(self) -> None:
        """A multiplied value is written out in full, never with an exponent like 1.2E+9."""
        assert "1200000000" == str(parse_number("1,2 tỷ"))

    def test_size_limit_matches_records(self) -> None:
        """The size limit is the one records apply, so a parsed number is a valid record value."""
        assert records.MAX_DIGITS == MAX_DIGITS

    @given(amounts())
    def test_vietnamese_notation_round_trips(self, value: Decimal) -> None:
        """Full Vietnamese notation parses back to exactly the number (skipping 1.234-shapes).

        A whole number from 1000 to 999999 has one thousands group and no decimals, so
        in Vietnamese it reads ``1.234``, which is ambiguous and rejected on purpose
        (see `test_one_group_whole_numbers_are_ambiguous`).
        """
        text = vietnamese(value)
        assume(not AMBIGUOUS.fullmatch(text))

        assert repr(value) == repr(parse_number(text))

    @given(amounts())
    def test_english_notation_round_trips(self, value: Decimal) -> None:
        """Full English notation parses back to exactly the number when it is unambiguous.

        Unambiguous means two or more thousands groups, or a decimal part: ``1,234`` is
        rejected on purpose (see `test_one_group_whole_numbers_are_ambiguous`).
        """
        text = english(value)
        assume(not AMBIGUOUS.fullmatch(text))

        assert repr(value) == repr(parse_number(text))

    @given(amounts(max_places=6))
    def test_str_round_trips(self, value: Decimal) -> None:
        """Python's own ``str(d)`` parses back to exactly d, except the ambiguous ``1.234`` shape.

        ``str`` writes a decimal point, so a number like 1.234 (three decimals, one to
        three digits before the point) is also Vietnamese for 1234: it is rejected on
        purpose and skipped here. Up to six places make that shape appear often.
        """
        text = str(value)
        assume(not AMBIGUOUS.fullmatch(text))

        assert repr(value) == repr(parse_number(text))

    @given(st.integers(1000, 999_999), st.sampled_from(["", "-", "+"]))
    def test_one_group_whole_numbers_are_ambiguous(self, number: int, sign: str) -> None:
        """A whole number written with one thousands group is rejected in both notations."""
        digits = str(number)
        for separator in ".,":
            text = sign + digits[:-3] + separator + digits[-3:]
            with pytest.raises(NumberFormatError) as caught:
                parse_number(text)

            assert "ambiguous" in str(caught.value)

    @given(amounts(), st.sampled_from(sorted(UNITS)), st.sampled_from(["", " ", "\u00a0"]))
    def test_units_multiply_exactly(self, value: Decimal, unit: str, space: str) -> None:
        """A multiplier word multiplies by its power of ten, exactly."""
        text = vietnamese(value)
        assume(not AMBIGUOUS.fullmatch(text))

        assert value.scaleb(UNITS[unit]) == parse_number(f"{text}{space}{unit}")

    @given(amounts(), st.sampled_from(["", " ", "\u00a0"]))
    def test_percent_sign_changes_nothing(self, value: Decimal, space: str) -> None:
        """In a percentage field, a trailing % leaves the number as written."""
        text = vietnamese(value)
        assume(not AMBIGUOUS.fullmatch(text))

        assert repr(value) == repr(parse_number(f"{text}{space}%", percent=True))

    @given(amounts(), st.sampled_from([" ", "\u00a0", "\u202f", "\t"]))
    def test_surrounding_whitespace_is_ignored(self, value: Decimal, space: str) -> None:
        """Spaces, tabs and non-breaking spaces around the text do not change the number."""
        text = english(value)
        assume(not AMBIGUOUS.fullmatch(text))

        assert repr(value) == repr(parse_number(f"{space}{text}{space}"))

    @given(st.text(alphabet=st.sampled_from("0123456789.,+-\u2212% eEđtỷriệu()\u00a0")) | st.text())
    def test_any_text_parses_or_raises_number_format_error(self, text: str) -> None:
        """Any text gives a Decimal or a NumberFormatError, and is_number_like agrees."""
        try:
            parse_number(text, percent=True)
        except NumberFormatError:
            is_number_like(text)  # must not raise either
            return

        assert is_number_like(text)


class TestIsNumberLike:
    @pytest.mark.parametrize(
        "text",
        [
            "1234",
            " 1.234.567 ",
            "12,5",
            "1,234.5",
            "-3.14159",
            "\u221212",
            "1.234",
            "1,234",
            "30%",
            "30 %",
            "1,2 tỷ",
            "350 triệu đồng",
            "1,2 ty\u0309",
            "2.500.000.000đ",
            "1" * 40,
        ],
    )
    def test_numbers(self, text: str) -> None:
        """Texts shaped like numbers, ambiguous or overlong included, look like numbers."""
        assert is_number_like(text)

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "STT",
            "Tên HTX",
            "Năm 2023",
            "Vốn điều lệ (triệu đồng)",
            "tỷ",
            "%",
            "1e9",
            "NaN",
            "inf",
            "1.23.4",
            "12,34,567",
            "(1.234)",
            "12abc",
            "1 tỷ tỷ",
            "30 tỷ %",
            ".5",
        ],
    )
    def test_not_numbers(self, text: str) -> None:
        """Headers, words and malformed numbers do not look like numbers."""
        assert not is_number_like(text)

    @pytest.mark.parametrize(("text", "percent", "expected"), VALUES)
    def test_every_accepted_value_looks_like_a_number(
        self, text: str, percent: bool, expected: Decimal
    ) -> None:
        """Every text of the accepted table looks like a number."""
        assert is_number_like(text)
