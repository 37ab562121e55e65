"""The functions rule expressions may call: each signature beside its implementation.

The checker reads the signatures, compiled code calls the implementations, and
both come from the one table `FUNCTIONS`, so they cannot drift apart.
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
)
from typing import Any

import attrs

from coopeval.expr.kinds import Kind
from coopeval.expr.missing import EvaluationProblem, MissingValue, present

__all__ = ["FUNCTIONS", "MAX_PLACES", "ROUNDING", "Function", "quantum"]

HUNDRED = Decimal(100)
#: Largest number of decimal places a rounding may ask for.
MAX_PLACES = 10

#: Rounding modes a rule file may name.
ROUNDING: Mapping[str, str] = {
    "half_up": ROUND_HALF_UP,
    "half_even": ROUND_HALF_EVEN,
    "down": ROUND_DOWN,
    "up": ROUND_UP,
    "floor": ROUND_FLOOR,
    "ceiling": ROUND_CEILING,
}


def quantum(places: int) -> Decimal:
    """The step of a rounding to ``places`` decimals: 2 → ``0.01``."""
    return Decimal(1).scaleb(-places)


@attrs.frozen
class Function:
    """A whitelisted function: what it takes, what it gives, and what runs."""

    name: str
    #: Kinds of the arguments, in order; ``None``: two or more numbers.
    params: tuple[Kind, ...] | None
    result: Kind
    implementation: Callable[..., Any] = attrs.field(repr=False)
    #: How many trailing arguments may be left out.
    optional: int = 0
    #: The last argument must be a literal whole number from 0 to `MAX_PLACES`.
    literal_last: bool = False
    #: The one argument is an input *name*, of any kind, not a value.
    takes_name: bool = False
    #: The argument the function divides by, if it divides: never a constant 0.
    divisor: int | None = None


def _round(value: Decimal, places: Decimal | int = 0) -> Decimal:
    """Round half up, as a person rounds, not half to even as Python's round() does."""
    present(value)
    return value.quantize(quantum(int(places)), rounding=ROUND_HALF_UP)


def _floor(value: Decimal) -> Decimal:
    present(value)
    return value.to_integral_value(rounding=ROUND_FLOOR)


def _ceil(value: Decimal) -> Decimal:
    present(value)
    return value.to_integral_value(rounding=ROUND_CEILING)


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole``."""
    if part.__class__ is not Decimal or whole.__class__ is not Decimal:  # the rare case
        present(part, whole)
    return part / whole * HUNDRED


def _date(year: Decimal, month: Decimal, day: Decimal) -> dt.date:
    if year.__class__ is not Decimal or month.__class__ is not Decimal:
        present(year, month, day)
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError as exc:
        msg = f"date({year}, {month}, {day}) is not a calendar date"
        raise EvaluationProblem(msg) from exc


def _months_between(start: dt.date, end: dt.date) -> Decimal:
    """Whole months from ``start`` to ``end`` (negative when ``end`` comes first)."""
    if start.__class__ is not dt.date or end.__class__ is not dt.date:
        present(start, end)
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and end.day < start.day:
        months -= 1
    elif months < 0 and end.day > start.day:
        months += 1
    return Decimal(months)


def _has(value: Any) -> bool:
    return not isinstance(value, MissingValue)


_N = Kind.NUMBER

#: Every function a rule expression may call, by the name a rule file uses.
FUNCTIONS: Mapping[str, Function] = {
    f.name: f
    for f in (
        Function("min", None, _N, min),
        Function("max", None, _N, max),
        Function("abs", (_N,), _N, abs),
        Function("round", (_N, _N), _N, _round, optional=1, literal_last=True),
        Function("floor", (_N,), _N, _floor),
        Function("ceil", (_N,), _N, _ceil),
        Function("pct", (_N, _N), _N, _pct, divisor=1),
        Function("date", (_N, _N, _N), Kind.DATE, _date),
        Function("months_between", (Kind.DATE, Kind.DATE), _N, _months_between),
        # has(x): whether the record has a value for input x.
        Function("has", (), Kind.BOOL, _has, takes_name=True),
    )
}
