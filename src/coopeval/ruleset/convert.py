"""The rule-file converter: cattrs with exact numbers, strict types and tagged unions.

Every number is a `Decimal` (TOML floats are read with ``parse_float=Decimal``;
a float or a bool given for a number is refused), text is text, and unknown
keys are refused (``forbid_extra_keys``). Unions are told apart by an explicit
tag with cattrs' tagged-union strategy, never by their shape: the ``kind`` of a
classification axis, and the body of a rule file by its header's ``kind``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, TypeVar, get_args, get_origin

import cattrs
from cattrs.strategies import configure_tagged_union

from coopeval.messages import Message, said
from coopeval.records.numbers import MAX_DIGITS, fits
from coopeval.ruleset.axes import Axis, EnumAxis, RuleAxis, ThresholdAxis
from coopeval.ruleset.model import BODIES, Body
from coopeval.suggest import suggest

__all__ = ["BadValue", "rule_converter"]

T = TypeVar("T")

#: The key that names an axis's kind, and the key the body's tag travels under.
TAG = "kind"


class BadValue(ValueError):
    """A value of the wrong type, with a message that quotes it."""


def _decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, bool | float):
        msg = said("schema.exact_number", value=repr(value))
        raise BadValue(msg)
    number: Decimal | None = None
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    elif isinstance(value, str):
        with contextlib.suppress(InvalidOperation):
            number = Decimal(value.replace("_", "").strip())
    if number is None:
        msg = said("schema.number", value=repr(value))
        raise BadValue(msg)
    # TOML's nan and inf parse as Decimal too; a NaN would make every later
    # comparison raise InvalidOperation, so refuse them here.
    if not number.is_finite():
        msg = said("schema.finite", value=repr(value))
        raise BadValue(msg)
    # The limit records have: a band edge beyond it could never be compared exactly.
    if not fits(number):
        # The limits are the records' own (`numbers.TOO_LARGE`), said here in either language.
        limit = said("schema.limit", digits=MAX_DIGITS)
        msg = said("schema.too_large", number=number, limit=limit)
        raise BadValue(msg)
    return number


def _strict(kind: type[T], label: Message) -> Callable[[Any, type], T]:
    def structure(value: Any, _: type) -> T:
        if type(value) is not kind:
            msg = said("schema.expected", what=label, value=repr(value))
            raise BadValue(msg)
        return value

    return structure


def _date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value)
    msg = said("schema.date", value=repr(value))
    raise BadValue(msg)


def _is_literal(type_: Any) -> bool:
    return get_origin(type_) is Literal


def _literal(value: Any, type_: Any) -> Any:
    """One of a fixed set of words, such as a status; names the allowed ones."""
    allowed = get_args(type_)
    if isinstance(value, str) and value in allowed:
        return value
    words = [str(a) for a in allowed]
    hint = suggest(value, words) if isinstance(value, str) else ""
    msg = said("schema.one_of", words=", ".join(map(repr, words)), value=repr(value), hint=hint)
    raise BadValue(msg)


def _tagged(converter: cattrs.Converter, union: Any, tags: Mapping[Any, type[Any]]) -> None:
    """cattrs' tagged union over ``tags``, with a message naming a wrong or absent tag."""
    names = {cls: tag for tag, cls in tags.items()}
    configure_tagged_union(union, converter, tag_name=TAG, tag_generator=names.__getitem__)
    structure = converter.get_structure_hook(union)

    def checked(value: Any, type_: Any) -> Any:
        tag = value.get(TAG) if isinstance(value, dict) else None
        if not isinstance(tag, str) or tag not in tags:
            msg = said("schema.tag", tag=TAG, tags=str(sorted(tags)), value=repr(tag))
            raise BadValue(msg)
        return structure(value, type_)

    converter.register_structure_hook(union, checked)


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(Decimal, _decimal)
    converter.register_structure_hook(str, _strict(str, said("schema.text")))
    converter.register_structure_hook(int, _strict(int, said("schema.whole_number")))
    converter.register_structure_hook(bool, _strict(bool, said("schema.true_or_false")))
    converter.register_structure_hook(dt.date, _date)
    converter.register_structure_hook_func(_is_literal, _literal)
    _tagged(
        converter,
        Axis,
        {"thresholds": ThresholdAxis, "enumeration": EnumAxis, "classes": RuleAxis},
    )
    _tagged(converter, Body, BODIES)
    return converter


#: The converter for rule files: exact numbers, strict types, unknown keys refused.
rule_converter = _make_converter()
