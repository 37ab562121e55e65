"""Read one raw value as the type an input declares, with its bounds.

Values are structured by the hooks of `record_converter` (a cattrs converter),
looked up once per input, never per record. A value that cannot be read raises
`Invalid` with the message and issue code; `coopeval.records.schema` turns it
into a `RecordIssue`, so nothing is raised past a record.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

import cattrs

from coopeval.records.numbers import (
    MAX_DIGITS,
    TOO_LARGE,
    NumberFormatError,
    fits,
    parse_number,
    scaled,
)

__all__ = [
    "ISO_DATE",
    "MAX_DIGITS",
    "Declared",
    "Invalid",
    "Parser",
    "Worded",
    "allowed",
    "bare",
    "choice_table",
    "fold",
    "number",
    "parser",
    "record_converter",
]

#: The date form every kind of text accepts (then read by `datetime.date.fromisoformat`).
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: A number as text outside spreadsheets: ASCII digits, a sign, a decimal point and an
#: exponent as programs write them; no underscores, no other digits, no separators.
_PLAIN = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?", re.ASCII)
_VN_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")

_TRUE = frozenset({"true", "1", "yes", "y", "có", "co", "x", "đúng"})
_FALSE = frozenset({"false", "0", "no", "n", "không", "khong", "sai"})

#: ``parse(raw, cells, power)``: the typed value, or `Invalid`.
Parser = Callable[[Any, bool, int], Any]


class Worded(Protocol):
    """How people write one value of an enumerated input."""

    def words(self) -> tuple[str, ...]: ...


class Declared(Protocol):
    """What a record reader needs of a declared input (a rule file's ``[inputs.<name>]``)."""

    @property
    def name(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def required(self) -> bool: ...
    @property
    def at_least(self) -> Decimal | None: ...
    @property
    def at_most(self) -> Decimal | None: ...
    @property
    def values(self) -> tuple[str, ...]: ...
    @property
    def default(self) -> Any: ...
    @property
    def choices(self) -> Mapping[str, Worded]: ...


class Invalid(ValueError):
    """A value that cannot be read as the declared type: ``(message, issue code)``."""


def parser(spec: Declared) -> Parser:
    """One function per input that reads, types and bounds-checks a raw value.

    ``power``: the power of ten the column's unit scales a number by (``triệu
    đồng``: 6), applied exactly before the bounds are checked.

    ``cells``: the value is spreadsheet text, read by the one cell reader:
    numbers in Vietnamese or English notation (``1.234.567``, ``12,5``; see
    `coopeval.records.numbers`), dates as ISO or dd/mm/yyyy. Other text (JSON,
    Python) is read strictly: plain ASCII numbers (``-12.5``), ISO dates. Choices
    are read by code or by the words the rule file declares. An object or a list
    is never a value.
    """
    kind = {"decimal": Decimal, "int": Decimal, "bool": bool, "date": dt.date}.get(spec.type, str)
    hook = record_converter.get_structure_hook(kind)
    percent = spec.unit == "%"
    words = choice_table(spec) if spec.type == "enum" else {}

    def parse(raw: Any, cells: bool = False, power: int = 0) -> Any:
        if cells and raw.__class__ is str:
            raw = _cell_text(raw, kind, percent)
            # parse_number already typed and size-checked a number read from text.
            value = raw if raw.__class__ is Decimal else hook(raw, kind)
        elif isinstance(raw, Mapping | list | tuple | set):
            shape = "an object" if isinstance(raw, Mapping) else "a list"
            msg = f"expected {_NOUNS[spec.type]}, got {shape}"
            raise Invalid(msg, "type")
        else:
            value = hook(raw, kind)
        if power and value.__class__ is Decimal:  # the column's unit: 145 (triệu đồng)
            value = scaled(value, power)
            if not fits(value):
                msg = f"number too large or too precise in the column's unit: {TOO_LARGE}"
                raise Invalid(msg, "range")
        if spec.type == "int" and value != value.to_integral_value():
            msg = "expected a whole number"
            raise Invalid(msg, "type")
        if spec.type == "enum":
            value = words.get(fold(str(value))) or words.get(bare(str(value)))
            if value is None:
                msg = f"{raw!r} is not one of the allowed values"
                raise Invalid(msg, "enum")
        if spec.at_least is not None and value < spec.at_least:
            msg = f"below the lowest allowed value {spec.at_least}"
            raise Invalid(msg, "range")
        if spec.at_most is not None and value > spec.at_most:
            msg = f"above the highest allowed value {spec.at_most}"
            raise Invalid(msg, "range")
        return value

    return parse


def number(raw: Any, cells: bool = False) -> Decimal:
    """A number with no declared input (self-assessed points), read as an input's is."""
    if cells and raw.__class__ is str:
        raw = _cell_text(raw, Decimal, False)
    elif isinstance(raw, Mapping | list | tuple | set):
        msg = "expected a number, got an object or a list"
        raise Invalid(msg, "type")
    return decimal(raw)


def fold(text: str) -> str:
    """How words are compared: NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def bare(text: str) -> str:
    """A folded word without its diacritics (đ read as d): ``Cấp huyện`` → ``cap huyen``."""
    decomposed = unicodedata.normalize("NFD", fold(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")


def choice_table(spec: Declared) -> dict[str, str]:
    """Folded word → value, for every code and declared word of an enumerated input.

    Words without diacritics are kept only where no two values share them.
    """
    exact: dict[str, set[str]] = {}
    loose: dict[str, set[str]] = {}
    for value in spec.values:
        choice = spec.choices.get(value)
        for word in (value, *(choice.words() if choice is not None else ())):
            exact.setdefault(fold(word), set()).add(value)
            loose.setdefault(bare(word), set()).add(value)
    table = {word: values.pop() for word, values in loose.items() if len(values) == 1}
    table.update({word: values.pop() for word, values in exact.items() if len(values) == 1})
    return table


#: What a value of each type is called in messages.
_NOUNS = {
    "decimal": "a number",
    "int": "a whole number",
    "bool": "true or false",
    "date": "a date",
    "text": "text",
    "enum": "one of the allowed values",
}


def allowed(spec: Declared) -> str:
    """The allowed values of an input, as record issues state them."""
    if spec.type == "enum":
        return ", ".join(
            f"{v} ({'/'.join(spec.choices[v].words()[:2])})" if v in spec.choices else v
            for v in spec.values
        )
    if spec.type in ("decimal", "int"):
        low = "−∞" if spec.at_least is None else str(spec.at_least)
        high = "∞" if spec.at_most is None else str(spec.at_most)
        whole = "whole number " if spec.type == "int" else ""
        return f"{whole}{low}…{high}"
    return {"bool": "true/false", "date": "YYYY-MM-DD", "text": "text"}[spec.type]


def _cell_text(text: str, kind: type, percent: bool) -> Any:
    """Spreadsheet text to a value the hooks accept: Vietnamese numbers, dd/mm/yyyy dates."""
    if kind is Decimal and text.isdigit() and text.isascii() and len(text) <= MAX_DIGITS:
        return Decimal(text)  # the common case, without the general parser
    if text.startswith("="):
        msg = (
            "a formula with no saved result: open the file in Excel and save it, or type the value"
        )
        raise Invalid(msg, "type")
    if kind is Decimal:
        try:
            return parse_number(text, percent=percent)
        except NumberFormatError as exc:
            raise Invalid(str(exc), "type") from None
    if kind is dt.date and _VN_DATE.fullmatch(text.strip()):
        day, month, year = (int(p) for p in text.strip().split("/"))
        try:
            return dt.date(year, month, day)
        except ValueError:
            msg = "not a calendar date (read as dd/mm/yyyy)"
            raise Invalid(msg, "type") from None
    return text


# --- value hooks ------------------------------------------------------------------


def decimal(raw: Any, _: type = Decimal) -> Decimal:
    """A number from a typed value or plain text, finite and within `MAX_DIGITS`."""
    if raw.__class__ is Decimal:
        return _sized(raw) if raw.is_finite() else _not_finite()
    if isinstance(raw, bool):
        msg = "expected a number, got true/false"
        raise Invalid(msg, "type")
    if isinstance(raw, str):
        text = raw.strip()
        if _PLAIN.fullmatch(text):
            return _sized(Decimal(text), len(text))
        with contextlib.suppress(InvalidOperation):
            if Decimal(text).is_finite():  # 1_000, full-width digits: Decimal reads them
                msg = (
                    "expected a number written plainly (ASCII digits, an optional sign, "
                    "decimal point and exponent: -1234.5, 1E+9)"
                )
                raise Invalid(msg, "type")
        return _not_finite()
    if isinstance(raw, Decimal | int | float):
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            value = None
        if value is not None and value.is_finite():
            return _sized(value)
    return _not_finite()


def _not_finite() -> Decimal:
    msg = "expected a finite number"
    raise Invalid(msg, "type")


def _sized(value: Decimal, length: int | None = None) -> Decimal:
    """Refuse numbers no record needs, so exact arithmetic stays within its precision.

    ``length``: the length of the text it was read from; a short text cannot hold
    more than 30 digits, which spares counting them on every cell.
    """
    if (
        length is not None
        and length <= MAX_DIGITS
        and -MAX_DIGITS <= value.adjusted() <= MAX_DIGITS
    ):
        return value
    if not fits(value):
        msg = f"number too large or too precise: {TOO_LARGE}"
        raise Invalid(msg, "range")
    return value


def _bool(raw: Any, _: type = bool) -> bool:
    if isinstance(raw, bool):
        return raw
    text = unicodedata.normalize("NFC", str(raw).strip().lower())
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    msg = "expected true or false"
    raise Invalid(msg, "type")


def _date(raw: Any, _: type = dt.date) -> dt.date:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    text = str(raw).strip()
    try:
        if ISO_DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    msg = "expected a date YYYY-MM-DD"
    raise Invalid(msg, "type")


def _str(raw: Any, _: type = str) -> str:
    if isinstance(raw, bool | Mapping | list):
        msg = "expected text"
        raise Invalid(msg, "type")
    return unicodedata.normalize("NFC", str(raw).strip())


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter()
    converter.register_structure_hook(Decimal, decimal)
    converter.register_structure_hook(bool, _bool)
    converter.register_structure_hook(dt.date, _date)
    converter.register_structure_hook(str, _str)
    return converter


#: Structures record values: exact decimals, Vietnamese and English yes/no, ISO dates.
record_converter = _make_converter()
