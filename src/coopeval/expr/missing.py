"""Absent inputs and failed computations, as compiled expressions meet them.

A missing input is not ``None`` but a `MissingValue` that raises `MissingInput`
on any use: arithmetic, comparison (``==`` included), truth testing. So a
missing number can never be silently compared as unequal or treated as zero,
and no expression needs a per-node check for absent values.
"""

from __future__ import annotations

from decimal import DivisionUndefined
from typing import Any, NoReturn

__all__ = [
    "EvaluationProblem",
    "MissingInput",
    "MissingValue",
    "arithmetic_reason",
    "present",
    "shown",
]


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


def present(*values: Any) -> None:
    """Raise `MissingInput` for the first absent value (functions call it first)."""
    for value in values:
        if isinstance(value, MissingValue):
            raise MissingInput(value.name)


def shown(value: Any) -> Any:
    """A value as results show it: ``None`` for a missing input."""
    return None if isinstance(value, MissingValue) else value


def arithmetic_reason(exc: BaseException) -> str:
    """Why a computation failed, in words (decimal's own messages are class lists)."""
    if isinstance(exc, ZeroDivisionError | DivisionUndefined):
        return "division by zero"
    text = str(exc)
    return type(exc).__name__ if not text or text.startswith("[<class") else text
