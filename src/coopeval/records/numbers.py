"""Numbers typed into spreadsheet cells, in Vietnamese or English notation.

Officers type amounts the Vietnamese way, with dots between thousands and a
comma before the decimals (``2.500.000.000``, ``12,5``), while sheets made on
English systems hold ``1,234,567`` and ``12.5``. `parse_number` reads both,
exactly (a `decimal.Decimal`, never through a float), and refuses any text that
means two different numbers instead of guessing: ``1.234`` is 1234 to a
Vietnamese reader and 1.234 to an English one, and a wrong guess is off by a
factor of a thousand.

Accepted forms. Whitespace around the text is ignored, including the
non-breaking spaces U+00A0 and U+202F; a sign ``-``, ``+`` or ``−`` (U+2212)
may stand directly before the digits::

    form                                    text                    value
    1. plain                                1234, -12, +7           1234, -12, 7
    2. Vietnamese thousands (dots)          1.234.567               1234567
                                            2.500.000.000           2500000000
    3. Vietnamese decimal comma             12,5  7,5  0,25         12.5  7.5  0.25
                                            1.234,5  1234,5         1234.5
    4. English thousands / decimal point    1,234.5                 1234.5
                                            1,234,567               1234567
                                            12.5  0.25  3.14159     12.5  0.25  3.14159
    6. percent (only if percent=True)       30%  30 %  12,5%        30  30  12.5
    7. unit: tỷ/tỉ, triệu, nghìn/ngàn       1,2 tỷ  350 triệu       1200000000  350000000
       then optionally đồng/đ/VND/vnđ/₫     2.500.000.000 đ         2500000000
                                            350 triệu đồng          350000000

Rejected, with a message that says why and what to write instead::

    5. ambiguous: one separator, then       1.234  1,234  -12.345   (use 1234, or 1,2340 /
       exactly 3 digits, after 1-3 digits   1.234 tỷ  1,234%         1.2340 for 1 + 234/1000)
       that do not start with 0 (so 0.234, 0,234 and 1234.567 are fine: a thousands
       group never starts with 0 and is never longer than 3 digits)
       separators that fit no notation      1.23.4  1,2,3  1.234.56  12,34,567  1.234,5.6
       a separator without digits on        .5  ,5  5.  5,
       both sides
    8. empty text, NaN, inf, Infinity       "", "nan", "-inf"
       exponent notation                    1e9  1,5E+09             (write it in full)
       more than 30 significant digits,     a 31-digit integer       (too large or too
       magnitude beyond 1e±30                                         precise)
       letters other than the units,        12abc  5 USD  500k
       text before the number, spaces       VND 5  1 234 567
       inside it
       parentheses for negatives            (1.234)                  (write -1.234.567)
       % when percent=False; % with a unit; two multipliers or two currency marks

Units are matched case-insensitively after NFC normalisation, so text typed
with decomposed accents (``y`` followed by the combining hook U+0309) is read like
composed text (``ỷ``). A multiplier scales the value exactly: ``1,2 tỷ`` is
1200000000, written with no exponent.

Numbers keep the precision they were written with (``12,50`` is ``Decimal("12.50")``),
and ``-0`` is returned as ``0``. The size limit is the one records apply
(`coopeval.records.values.MAX_DIGITS`), so every number read here is a valid record value.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Context, Decimal, Inexact, InvalidOperation, Rounded

from coopeval.errors import CoopevalError

__all__ = [
    "MAX_DIGITS",
    "TOO_LARGE",
    "NumberFormatError",
    "fits",
    "is_number_like",
    "parse_number",
    "scaled",
]

#: Most significant digits, and largest power of ten (±), a parsed number may have.
#: Equal to `coopeval.records.values.MAX_DIGITS`, which imports this one.
MAX_DIGITS = 30

_ACCEPTED = (
    "Accepted: 1234, 1.234.567 or 1,234,567 (thousands), 12,5 or 12.5 (decimals), "
    "1.234,5 or 1,234.5, a sign - or + directly before the digits, "
    "and a unit tỷ, triệu or nghìn and/or đồng, đ or VND after them"
)
_ACCEPTED_PERCENT = _ACCEPTED + ", or a % after the number (30% means 30)"

_NEGATIVE = frozenset({"-", "\u2212"})
_MULTIPLIERS = {"tỷ": 9, "tỉ": 9, "triệu": 6, "nghìn": 3, "ngàn": 3}
_CURRENCIES = frozenset({"đồng", "đ", "vnđ", "vnd", "₫"})
_MULTIPLIER_WORDS = "tỷ|tỉ|triệu|nghìn|ngàn"
_CURRENCY_WORDS = "đồng|vnđ|vnd|đ|₫"  # đồng before đ: the longer word must win

# Exact arithmetic for the unit multipliers: wide enough for any number that passes
# the size check, and trapping rounding so that a bug could never round silently.
_EXACT = Context(prec=4 * MAX_DIGITS, traps=[InvalidOperation, Inexact, Rounded])
_ONE = Decimal(1)

# Sign, then the longest run of ASCII digits and separators, then the rest (units, %).
_SIGN_BODY_REST = re.compile(r"([+\-\u2212]?)([0-9.,]*)(.*)", re.DOTALL)
# One unit word or %, not followed by a letter (so "đô" is not "đ" + "ô").
_SUFFIX_TOKEN = re.compile(
    rf"\s*({_MULTIPLIER_WORDS}|{_CURRENCY_WORDS}|%)(?![^\W\d_])", re.IGNORECASE
)
_DOT_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_COMMA_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")
_NAN_OR_INFINITY = re.compile(r"[+\-\u2212]?(?:s?nan|inf|infinity)", re.IGNORECASE)
_EXPONENT = re.compile(r"[+\-\u2212]?[0-9.,]*[0-9]e[+\-\u2212]?[0-9]+", re.IGNORECASE)
# The shape of every accepted number, plus the ambiguous ones (for is_number_like).
_NUMBER_LIKE = re.compile(
    r"[+\-\u2212]?"
    r"(?:[0-9]+(?:[.,][0-9]+)?"
    r"|[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?"
    r"|[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?)"
    rf"(?:\s*%|(?:\s*(?:{_MULTIPLIER_WORDS}))?(?:\s*(?:{_CURRENCY_WORDS}))?)",
    re.IGNORECASE,
)


class NumberFormatError(CoopevalError, ValueError):
    """A spreadsheet cell's text is not a number, or could be read as two numbers.

    The message quotes the text, says what is wrong and lists the accepted forms.

    Attributes:
        text: the text as given.
    """

    def __init__(self, msg: str, *, text: str = "") -> None:
        super().__init__(msg)
        self.text = text


def parse_number(text: str, *, percent: bool = False) -> Decimal:
    """Read a spreadsheet cell's text as an exact `Decimal`; see the module docstring.

    Args:
        text: the cell's text, in Vietnamese or English notation.
        percent: the field is a percentage, written from 0 to 100: a trailing ``%``
            is then allowed and dropped (``30%`` → 30). Otherwise ``%`` is an error.

    Raises:
        NumberFormatError: the text is empty, not a number, ambiguous, or too long.
    """
    # Fast paths for the bulk of cells: plain ASCII integers and decimals, one Decimal call.
    if text.isdigit() and text.isascii() and len(text) <= MAX_DIGITS:
        return Decimal(text)
    stripped = text.strip()
    body = stripped[1:] if stripped[:1] in ("-", "+") else stripped
    if body.isascii():
        if body.isdigit():
            if len(body) <= MAX_DIGITS:
                value = Decimal(stripped)
                return value if value else value.copy_abs()  # -0 is 0
        else:
            head, dot, tail = body.partition(".")
            if (
                dot
                and head.isdigit()
                and tail.isdigit()
                and (len(tail) != 3 or len(head) > 3 or head[0] == "0")  # not 1.234
                and len(head) + len(tail) <= MAX_DIGITS
            ):
                value = Decimal(stripped)
                return value if value else value.copy_abs()
    return _parse_slow(text, percent)


def is_number_like(text: str) -> bool:
    """Whether the text has the shape of a number, without raising; for header detection.

    True for every text `parse_number` accepts with ``percent=True``, and also for
    ambiguous numbers such as ``1.234`` and for overlong digit strings: they are
    numbers whichever way they are read, so the row holds data, not headers.
    """
    stripped = text.strip()
    if stripped.isascii() and stripped.isdigit():
        return True
    return _NUMBER_LIKE.fullmatch(unicodedata.normalize("NFC", stripped)) is not None


# --- the slow path ------------------------------------------------------------------


def _parse_slow(text: str, percent: bool) -> Decimal:
    """Everything the fast path does not take: separators, signs, units, and every error."""
    cell = unicodedata.normalize("NFC", text).strip()
    match = _SIGN_BODY_REST.fullmatch(cell)
    assert match is not None  # every part of the pattern may be empty
    sign, body, rest = match.groups()
    if rest or not body:
        _refuse_non_numbers(text, cell, body, percent)
    power = _suffix(text, rest, percent) if rest else 0
    value = Decimal(("-" if sign in _NEGATIVE else "") + _plain(text, sign, body, percent))
    if len(body) > MAX_DIGITS:  # a shorter body always fits: no need to count digits
        _check_size(text, value, percent)
    if power:
        value = scaled(value, power)
        _check_size(text, value, percent)
    return value if value else value.copy_abs()


def scaled(value: Decimal, power: int) -> Decimal:
    """``value`` × 10^power, exactly, written plainly: 1,2 tỷ is 1200000000, not 1.2E+9."""
    value = value.scaleb(power, _EXACT)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        value = value.quantize(_ONE, context=_EXACT)
    return value


def _refuse_non_numbers(text: str, cell: str, body: str, percent: bool) -> None:
    """Raise for the texts that need their own message: empty, (1.234), NaN, 1e9, no digits."""
    if not cell:
        raise _error(text, "the cell is empty (a missing value is the caller's to handle)", percent)
    if cell.startswith("(") and cell.endswith(")"):
        raise _error(
            text,
            "parentheses do not mark a negative number here; write a minus: -1.234.567",
            percent,
        )
    if _NAN_OR_INFINITY.fullmatch(cell):
        raise _error(text, "NaN and infinity are not amounts", percent)
    if _EXPONENT.fullmatch(cell):
        raise _error(
            text,
            "exponent notation is not accepted in a cell; write the number in full "
            "(1000000000 or 1.000.000.000, not 1e9)",
            percent,
        )
    if not body:
        raise _error(
            text,
            "it must start with digits, after an optional sign standing directly before "
            "them; a unit goes after the number",
            percent,
        )


def _plain(text: str, sign: str, body: str, percent: bool) -> str:
    """The digits and separators of `body` as Python writes them (``1234.5``), or raise."""
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        # Both separators: the last one is the decimal mark, the other separates thousands.
        decimal_mark, thousands, grouped = (
            (",", ".", _DOT_THOUSANDS)
            if body.rfind(",") > body.rfind(".")
            else (".", ",", _COMMA_THOUSANDS)
        )
        whole, _, fraction = body.rpartition(decimal_mark)
        if fraction.isdigit() and grouped.fullmatch(whole):
            return whole.replace(thousands, "") + "." + fraction
        raise _error(
            text,
            "it mixes . and , in a way that is neither Vietnamese (1.234.567,5) "
            "nor English (1,234,567.5)",
            percent,
        )
    separator = "." if dots else ","
    count = dots or commas
    if not count:
        return body
    if count == 1:
        head, _, tail = body.partition(separator)
        if not head or not tail:
            raise _error(
                text,
                f"a decimal separator needs digits on both sides (write "
                f"{head or '0'}{separator}{tail or '0'} instead of {body})",
                percent,
            )
        if len(tail) == 3 and len(head) <= 3 and head[0] != "0":
            raise _error(text, _ambiguity(sign, head, separator, tail), percent)
        return head + "." + tail
    grouped = _DOT_THOUSANDS if separator == "." else _COMMA_THOUSANDS
    if grouped.fullmatch(body):
        return body.replace(separator, "")
    raise _error(
        text,
        f"{separator} appears {count} times, so it must separate thousands: groups of "
        f"exactly 3 digits after a first group of 1 to 3 digits not starting with 0 "
        f"({'1.234.567' if separator == '.' else '1,234,567'})",
        percent,
    )


def _ambiguity(sign: str, head: str, separator: str, tail: str) -> str:
    """Explain both readings of ``1.234`` / ``1,234`` and how to write each one."""
    minus = "-" if sign in _NEGATIVE else ""
    mark = "dot" if separator == "." else "comma"
    fraction = f"-({head} + {tail}/1000)" if minus else f"{head} + {tail}/1000"
    thousands_in, decimal_in = (
        ("Vietnamese", "English") if mark == "dot" else ("English", "Vietnamese")
    )
    return (
        f"it is ambiguous: {thousands_in} notation reads it as {minus}{head}{tail} (the {mark} "
        f"separates thousands), {decimal_in} notation as {fraction} (the {mark} is "
        f"the decimal point); write {minus}{head}{tail} for the whole number, or "
        f"{minus}{head},{tail}0 (Vietnamese) or {minus}{head}.{tail}0 (English) for the "
        "fraction, or store the cell as a number rather than text"
    )


def _suffix(text: str, rest: str, percent: bool) -> int:
    """Read the unit words or % after the number; return the power of ten they multiply by."""
    multipliers: list[str] = []
    currencies: list[str] = []
    percents = 0
    position = 0
    while position < len(rest):
        token = _SUFFIX_TOKEN.match(rest, position)
        if token is None:
            raise _error(
                text,
                f"unexpected {rest[position:].strip()!r} after the number (no letters "
                "other than the units, no spaces inside the number)",
                percent,
            )
        word = token.group(1).lower()
        if word == "%":
            percents += 1
        elif word in _CURRENCIES:
            currencies.append(word)
        else:
            if currencies:
                raise _error(text, "the currency mark must come after tỷ/triệu/nghìn", percent)
            multipliers.append(word)
        position = token.end()
    if percents:
        if not percent:
            raise _error(
                text, "this field is not a percentage; write the number without %", percent
            )
        if percents > 1 or multipliers or currencies:
            raise _error(text, "a % cannot go with another % or a unit", percent)
    if len(multipliers) > 1 or len(currencies) > 1:
        raise _error(
            text,
            "two units: use one of tỷ, triệu, nghìn, optionally followed by one "
            "currency mark (350 triệu đồng)",
            percent,
        )
    return _MULTIPLIERS[multipliers[0]] if multipliers else 0


def fits(value: Decimal) -> bool:
    """Whether a number is within what a record may hold: `MAX_DIGITS` digits and magnitude.

    Exact arithmetic stays within its precision only for numbers of this size.
    """
    return not value or (
        len(value.as_tuple().digits) <= MAX_DIGITS and -MAX_DIGITS <= value.adjusted() <= MAX_DIGITS
    )


#: Why a number that does not `fit` is refused.
TOO_LARGE = " ".join(
    (
        f"at most {MAX_DIGITS} significant digits",
        f"and a magnitude from 1e-{MAX_DIGITS} to 1e{MAX_DIGITS}",
    )
)


def _check_size(text: str, value: Decimal, percent: bool) -> None:
    """Refuse what no record may hold."""
    if not fits(value):
        raise _error(text, f"the number is too large or too precise: {TOO_LARGE}", percent)


def _error(text: str, problem: str, percent: bool) -> NumberFormatError:
    """The error for `text`: the value, what is wrong, and what is accepted."""
    accepted = _ACCEPTED_PERCENT if percent else _ACCEPTED
    return NumberFormatError(f"cannot read {text!r} as a number: {problem}. {accepted}.", text=text)
