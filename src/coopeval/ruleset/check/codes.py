"""Codes and words a rule file defines must read as they are typed: nothing invisible.

Ids (of the document, groups, items, ratings, conditions, amounts …), versions,
enum values (so the codes of their choices) and class values are matched exactly, against other
keys and against record cells, so a zero-width space or a control character
makes a code that looks right and never matches, and a space makes one that an
expression cannot name. The words of a choice may hold spaces, but nothing
invisible either. (The rule set's id and the input names have their own, stricter
checks.)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

import attrs

from coopeval.messages import Message, said
from coopeval.ruleset.base import Choice
from coopeval.ruleset.model import RuleSet

__all__ = ["INVISIBLE", "code_problems"]

#: Unicode categories nobody sees: controls, formats (zero-width, direction marks),
#: line and paragraph separators.
INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp"})
#: Fields whose text is a code.
_CODES = frozenset({"id", "version", "value", "values"})
#: What each kind of code is called in a message.
_WHAT = {
    "id": said("codes.id"),
    "version": said("codes.version"),
    "value": said("codes.value"),
    "word": said("codes.word"),
}


def code_problems(ruleset: RuleSet) -> Iterator[tuple[str, str]]:
    """``(key path, message)`` for every code or choice word holding a character it may not."""
    yield from _walk(ruleset.header.document, "$.ruleset.document", "")
    yield from _text(ruleset.header.version, "$.ruleset.version", "version")
    for spec in ruleset.inputs:
        yield from _walk(spec, f"$.inputs.{spec.name}", "")
    for index, parameter in enumerate(ruleset.parameters):
        yield from _walk(parameter, f"$.parameters[{index}]", "")
    body = ruleset.body
    for field in attrs.fields(type(body)):
        yield from _walk(getattr(body, field.name), f"$.{field.name}", field.name)


def _walk(value: Any, path: str, field: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, Choice):
        for name, words in (("vi", (value.vi,)), ("en", (value.en,)), ("also", value.also)):
            for index, word in enumerate(words):
                where = f"{path}.{name}" if name != "also" else f"{path}.also[{index}]"
                yield from _text(word, where, "word", spaces=True)
    elif attrs.has(type(value)):
        for attribute in attrs.fields(type(value)):
            yield from _walk(
                getattr(value, attribute.name), f"{path}.{attribute.name}", attribute.name
            )
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]", field)
    elif isinstance(value, dict) and field == "choices":
        # A choice's code must be one of the values, which are checked themselves.
        for code, choice in value.items():
            yield from _walk(choice, f"{path}.{code}", "")
    elif isinstance(value, str) and field in _CODES:
        yield from _text(value, path, field.removesuffix("s"))


def _text(text: str, path: str, what: str, *, spaces: bool = False) -> Iterator[tuple[str, str]]:
    """The first character of ``text`` that a code (or, with ``spaces``, a word) may not hold."""
    for position, char in enumerate(text, start=1):
        if unicodedata.category(char) in INVISIBLE:
            name: str = unicodedata.name(char, "") or said("codes.control")
            yield (
                path,
                said(
                    "codes.invisible",
                    what=_said(what),
                    text=repr(text),
                    code=f"{ord(char):04X}",
                    name=name,
                    position=position,
                ),
            )
            return
        if char.isspace() and not spaces:
            yield (
                path,
                said("codes.space", what=_said(what), text=repr(text), position=position),
            )
            return


def _said(what: str) -> Message | str:
    return _WHAT.get(what, what)
