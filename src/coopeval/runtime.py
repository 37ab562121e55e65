"""What compiled expressions call at evaluation time: missing values and functions.

A missing input is not ``None`` but a `MissingValue` that raises `MissingInput`
on any use: arithmetic, comparison (``==`` included), truth testing. So a
missing number can never be silently compared as unequal or treated as zero,
and no expression needs a per-node check for absent values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
    DivisionUndefined,
)
from typing import Any, NoReturn

__all__ = [
    "FUNCTIONS",
    "ROUNDING",
    "EvaluationProblem",
    "MissingInput",
    "MissingValue",
    "arithmetic_reason",
    "shown",
]

HUNDRED = Decimal(100)

#: Rounding modes a rule file may name.
ROUNDING: Mapping[str, str] = {
    "half_up": ROUND_HALF_UP,
    "half_even": ROUND_HALF_EVEN,
    "down": ROUND_DOWN,
    "up": ROUND_UP,
    "floor": ROUND_FLOOR,
    "ceiling": ROUND_CEILING,
}


class MissingInput(Exception):
    """An expression used an input the record does not have."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class EvaluationProblem(Exception):
    """An expression could not be computed for this record (e.g. an impossible date)."""


class MissingValue:
    """Stands in for an absent input; any use of it raises `MissingInput`."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<missing {self.name}>"

    def _missing(self, *_: object) -> NoReturn:
        raise MissingInput(self.name)

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _missing
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _missing
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = _missing
    __mod__ = __rmod__ = __pow__ = __rpow__ = _missing
    __neg__ = __pos__ = __abs__ = __bool__ = __round__ = __float__ = __int__ = _missing

    def __hash__(self) -> int:
        """Raise too: ``x in {"a", "b"}`` hashes ``x`` before comparing."""
        raise MissingInput(self.name)


def shown(value: Any) -> Any:
    """A value as results show it: ``None`` for a missing input."""
    return None if isinstance(value, MissingValue) else value


def arithmetic_reason(exc: BaseException) -> str:
    """Why a computation failed, in words (decimal's own messages are class lists)."""
    if isinstance(exc, ZeroDivisionError | DivisionUndefined):
        return "division by zero"
    text = str(exc)
    return type(exc).__name__ if not text or text.startswith("[<class") else text


def _present(*values: Any) -> None:
    for value in values:
        if isinstance(value, MissingValue):
            raise MissingInput(value.name)


def _round(value: Decimal, places: Decimal | int = 0) -> Decimal:
    """Round half up, as a person rounds, not half to even as Python's round() does."""
    _present(value)
    return value.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def _floor(value: Decimal) -> Decimal:
    _present(value)
    return value.to_integral_value(rounding=ROUND_FLOOR)


def _ceil(value: Decimal) -> Decimal:
    _present(value)
    return value.to_integral_value(rounding=ROUND_CEILING)


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole``."""
    _present(part, whole)
    return part / whole * HUNDRED


def _date(year: Decimal, month: Decimal, day: Decimal) -> dt.date:
    _present(year, month, day)
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError as exc:
        msg = f"date({year}, {month}, {day}) is not a calendar date"
        raise EvaluationProblem(msg) from exc


def _months_between(start: dt.date, end: dt.date) -> Decimal:
    """Whole months from ``start`` to ``end`` (negative when ``end`` comes first)."""
    _present(start, end)
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and end.day < start.day:
        months -= 1
    elif months < 0 and end.day > start.day:
        months += 1
    return Decimal(months)


#: The runtime of each whitelisted function, by the name a rule file uses.
FUNCTIONS: Mapping[str, Callable[..., Any]] = {
    "min": min,
    "max": max,
    "abs": abs,
    "round": _round,
    "floor": _floor,
    "ceil": _ceil,
    "pct": _pct,
    "date": _date,
    "months_between": _months_between,
    "has": lambda value: not isinstance(value, MissingValue),
}
