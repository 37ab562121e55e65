"""The types of values in rule expressions, and what the checker knows of an input."""

from __future__ import annotations

import enum

import attrs

__all__ = ["InputInfo", "Kind"]


class Kind(enum.Enum):
    """The type of a value in an expression."""

    NUMBER = "number"
    BOOL = "true/false"
    DATE = "date"
    TEXT = "text"


@attrs.frozen
class InputInfo:
    """What the checker needs to know of a declared input."""

    name: str
    kind: Kind
    #: Allowed values of an enumerated input, empty otherwise.
    values: tuple[str, ...] = ()
