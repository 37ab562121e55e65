"""Read one raw value as the type an input declares, with its bounds.

Values are structured by the hooks of `record_converter` (a cattrs converter),
looked up once per input, never per record. A value that cannot be read raises
`Invalid` with the message and issue code; `coopeval.records.schema` turns it
into a `RecordIssue`, so nothing is raised past a record.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

import cattrs

from coopeval.records.numbers import MAX_DIGITS, TOO_LARGE, NumberFormatError, fits, parse_number

__all__ = ["MAX_DIGITS", "Declared", "Invalid", "Parser", "allowed", "parser", "record_converter"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_VN_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")

_TRUE = frozenset({"true", "1", "yes", "y", "có", "co", "x", "đúng"})
_FALSE = frozenset({"false", "0", "no", "n", "không", "khong", "sai"})

#: ``parse(raw, cells)``: the typed value, or `Invalid`.
Parser = Callable[[Any, bool], Any]


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


class Invalid(ValueError):
    """A value that cannot be read as the declared type: ``(message, issue code)``."""


def parser(spec: Declared) -> Parser:
    """One function per input that reads, types and bounds-checks a raw value.

    ``cells``: the value is spreadsheet text, whose numbers may be written in
    Vietnamese notation (``1.234.567``, ``12,5``) and dates as dd/mm/yyyy.
    """
    kind = {"decimal": Decimal, "int": Decimal, "bool": bool, "date": dt.date}.get(spec.type, str)
    hook = record_converter.get_structure_hook(kind)
    percent = spec.unit == "%"

    def parse(raw: Any, cells: bool = False) -> Any:
        if cells and raw.__class__ is str:
            raw = _cell_text(raw, kind, percent)
        # parse_number already typed and size-checked a spreadsheet number.
        value = raw if cells and raw.__class__ is Decimal else hook(raw, kind)
        if spec.type == "int" and value != value.to_integral_value():
            msg = "expected a whole number"
            raise Invalid(msg, "type")
        if spec.type == "enum" and value not in spec.values:
            msg = f"{value!r} is not one of the allowed values"
            raise Invalid(msg, "enum")
        if spec.at_least is not None and value < spec.at_least:
            msg = f"below the lowest allowed value {spec.at_least}"
            raise Invalid(msg, "range")
        if spec.at_most is not None and value > spec.at_most:
            msg = f"above the highest allowed value {spec.at_most}"
            raise Invalid(msg, "range")
        return value

    return parse


def allowed(spec: Declared) -> str:
    """The allowed values of an input, as record issues state them."""
    if spec.type == "enum":
        return ", ".join(spec.values)
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
    if isinstance(raw, Decimal | int | float | str):
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            value = None
        if value is not None and value.is_finite():
            return _sized(value, len(raw) if raw.__class__ is str else None)
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
        if _ISO_DATE.fullmatch(text):
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
