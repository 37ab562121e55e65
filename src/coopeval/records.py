"""Records: turn one raw record (a mapping) into the values a compiled rule set reads.

Values are structured by the hooks of `record_converter` (a cattrs converter),
looked up once per rule set, never per record. Every bad value becomes a
`RecordIssue` naming the field, the value and the allowed range; nothing is
raised, so one bad record never stops a batch.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import cattrs

from coopeval.model import Input
from coopeval.results import RecordIssue
from coopeval.runtime import MissingValue

__all__ = ["ParsedRecord", "RecordSchema", "flatten", "record_converter"]

#: Fields every record may carry besides the declared inputs, shown but never scored.
META_FIELDS = ("name", "province", "district", "year")
SELF_SCORE = "self_score."
#: Most significant digits, and largest power of ten, a number in a record may have.
MAX_DIGITS = 30
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_VN_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")

_TRUE = frozenset({"true", "1", "yes", "y", "có", "co", "x", "đúng"})
_FALSE = frozenset({"false", "0", "no", "n", "không", "khong", "sai"})


class _Invalid(ValueError):
    """A value that cannot be read as the declared type."""


@attrs.frozen
class ParsedRecord:
    """One record's values, positioned as the compiled rule set expects them."""

    id: str | None
    values: tuple[Any, ...]
    self_scores: tuple[Decimal | None, ...]
    issues: tuple[RecordIssue, ...]
    meta: tuple[tuple[str, str], ...]
    source: str = ""
    row: int | None = None


def flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested mappings to dotted keys: ``{"self_score": {"c01a": 5}}`` → ``self_score.c01a``."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


class RecordSchema:
    """Reads records for one rule set: one parser per declared input, built once."""

    def __init__(self, inputs: Sequence[Input], items: Mapping[str, Decimal]) -> None:
        self.inputs = tuple(inputs)
        self.parsers = tuple(_parser(spec) for spec in inputs)
        self.missing = tuple(
            _default(spec, parse) for spec, parse in zip(inputs, self.parsers, strict=True)
        )
        #: Item id → (position, max) for self-assessed points.
        self.items = {item: (index, top) for index, (item, top) in enumerate(items.items())}

    def parse(
        self,
        record: Mapping[str, Any],
        source: str = "",
        row: int | None = None,
        *,
        cells: bool = False,
    ) -> ParsedRecord:
        """Read one record; bad values become issues, absent ones `MissingValue`.

        ``cells``: the values are spreadsheet text, whose numbers may be written
        in Vietnamese notation (``1.234.567``, ``12,5``) and dates as dd/mm/yyyy.
        """
        # Spreadsheet rows are flat already; only JSON nests (self_score: {...}).
        flat = record if cells else flatten(record)
        issues: list[RecordIssue] = []
        values = list(self.missing)
        get = flat.get
        for index, (spec, parse) in enumerate(zip(self.inputs, self.parsers, strict=True)):
            raw = get(spec.name)
            if raw is None or raw == "" or (raw.__class__ is str and not raw.strip()):
                if spec.required:
                    issues.append(
                        _issue(
                            spec.name, raw, "required", "required field is missing", _allowed(spec)
                        )
                    )
                continue
            try:
                values[index] = parse(raw, cells)
            except _Invalid as exc:
                issues.append(_issue(spec.name, raw, exc.args[1], exc.args[0], _allowed(spec)))
        record_id = _text(flat.get("id"))
        if record_id is None:
            issues.append(
                _issue("id", flat.get("id"), "required", "every record needs an id", "text")
            )
        return ParsedRecord(
            id=record_id,
            values=tuple(values),
            self_scores=self._self_scores(flat, issues) if self.items else (),
            issues=tuple(issues),
            meta=tuple((k, str(flat[k]).strip()) for k in META_FIELDS if not _absent(flat.get(k))),
            source=source,
            row=row,
        )

    def _self_scores(
        self, flat: Mapping[str, Any], issues: list[RecordIssue]
    ) -> tuple[Decimal | None, ...]:
        scores: list[Decimal | None] = [None] * len(self.items)
        for key, raw in _self_score_fields(flat):
            item = key[len(SELF_SCORE) :]
            if item not in self.items:
                issues.append(
                    _issue(
                        key,
                        raw,
                        "unknown_item",
                        _unknown_item(item, self.items),
                        ", ".join(self.items),
                    )
                )
                continue
            index, top = self.items[item]
            allowed = f"0…{top}"
            try:
                points = _decimal(raw)
            except _Invalid:
                issues.append(
                    _issue(key, raw, "self_score", "self-assessed points must be a number", allowed)
                )
                continue
            if not Decimal(0) <= points <= top:
                issues.append(
                    _issue(
                        key,
                        raw,
                        "self_score",
                        f"self-assessed points must be within {allowed}",
                        allowed,
                    )
                )
                continue
            scores[index] = points
        return tuple(scores)


def _unknown_item(item: str, items: Mapping[str, object]) -> str:
    parts = [f"self_score.{i}" for i in items if i.startswith(item)]
    if parts:
        return f"{item!r} is a criterion made of items; give {', '.join(parts)} instead"
    close = difflib.get_close_matches(item, list(items), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"{item!r} is not an item of this rule set{hint}"


def _cell_text(text: str, kind: type, percent: bool) -> Any:
    """Spreadsheet text to a value the hooks accept: Vietnamese numbers, dd/mm/yyyy dates."""
    if kind is Decimal and text.isdigit() and text.isascii() and len(text) <= MAX_DIGITS:
        return Decimal(text)  # the common case, without the general parser
    if text.startswith("="):
        msg = (
            "a formula with no saved result: open the file in Excel and save it, or type the value"
        )
        raise _Invalid(msg, "type")
    if kind is Decimal:
        from coopeval.numbers import NumberFormatError, parse_number

        try:
            return parse_number(text, percent=percent)
        except NumberFormatError as exc:
            raise _Invalid(str(exc), "type") from None
    if kind is dt.date and _VN_DATE.fullmatch(text.strip()):
        day, month, year = (int(p) for p in text.strip().split("/"))
        try:
            return dt.date(year, month, day)
        except ValueError:
            msg = "not a calendar date (read as dd/mm/yyyy)"
            raise _Invalid(msg, "type") from None
    return text


def _default(spec: Input, parse: Callable[[Any, bool], Any]) -> Any:
    """The value an absent field takes: the declared default, else `MissingValue`."""
    if spec.default is None:
        return MissingValue(spec.name)
    try:
        return parse(spec.default, False)
    except _Invalid:  # refused by validation; never reached for a checked rule set
        return MissingValue(spec.name)


def _self_score_fields(flat: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    keys = [key for key in flat if key.startswith(SELF_SCORE)]
    for key in keys:
        raw = flat[key]
        if not _absent(raw):
            yield key, raw


def _absent(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _text(raw: Any) -> str | None:
    if raw.__class__ is str:
        return raw.strip() or None
    if _absent(raw) or isinstance(raw, bool | Mapping | list):
        return None
    return str(raw).strip()


def _issue(field: str, raw: Any, code: str, message: str, allowed: str) -> RecordIssue:
    return RecordIssue(field, None if raw is None else str(raw), code, message, allowed)


def _allowed(spec: Input) -> str:
    if spec.type == "enum":
        return ", ".join(spec.values)
    if spec.type in ("decimal", "int"):
        low = "−∞" if spec.at_least is None else str(spec.at_least)
        high = "∞" if spec.at_most is None else str(spec.at_most)
        whole = "whole number " if spec.type == "int" else ""
        return f"{whole}{low}…{high}"
    return {"bool": "true/false", "date": "YYYY-MM-DD", "text": "text"}[spec.type]


# --- value hooks ------------------------------------------------------------------


def _decimal(raw: Any, _: type = Decimal) -> Decimal:
    if raw.__class__ is Decimal:
        return _sized(raw) if raw.is_finite() else _not_finite()
    if isinstance(raw, bool):
        msg = "expected a number, got true/false"
        raise _Invalid(msg, "type")
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
    raise _Invalid(msg, "type")


def _sized(value: Decimal, length: int | None = None) -> Decimal:
    """Refuse numbers no record needs, so exact arithmetic stays within its precision.

    ``length``: the length of the text it was read from; a short text cannot hold
    more than 30 digits, which spares counting them on every cell.
    """
    in_range = -MAX_DIGITS <= value.adjusted() <= MAX_DIGITS
    if in_range and length is not None and length <= MAX_DIGITS:
        return value
    digits = len(value.as_tuple().digits)
    if value and (digits > MAX_DIGITS or not in_range):
        msg = (
            f"number too large or too precise: at most {MAX_DIGITS} significant digits "
            f"and a magnitude from 1e-{MAX_DIGITS} to 1e{MAX_DIGITS}"
        )
        raise _Invalid(msg, "range")
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
    raise _Invalid(msg, "type")


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
    raise _Invalid(msg, "type")


def _str(raw: Any, _: type = str) -> str:
    if isinstance(raw, bool | Mapping | list):
        msg = "expected text"
        raise _Invalid(msg, "type")
    return unicodedata.normalize("NFC", str(raw).strip())


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter()
    converter.register_structure_hook(Decimal, _decimal)
    converter.register_structure_hook(bool, _bool)
    converter.register_structure_hook(dt.date, _date)
    converter.register_structure_hook(str, _str)
    return converter


#: Structures record values: exact decimals, Vietnamese and English yes/no, ISO dates.
record_converter = _make_converter()


def _parser(spec: Input) -> Callable[[Any, bool], Any]:
    """One function per input that reads, types and bounds-checks a raw value."""
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
            raise _Invalid(msg, "type")
        if spec.type == "enum" and value not in spec.values:
            msg = f"{value!r} is not one of the allowed values"
            raise _Invalid(msg, "enum")
        if spec.at_least is not None and value < spec.at_least:
            msg = f"below the lowest allowed value {spec.at_least}"
            raise _Invalid(msg, "range")
        if spec.at_most is not None and value > spec.at_most:
            msg = f"above the highest allowed value {spec.at_most}"
            raise _Invalid(msg, "range")
        return value

    return parse
