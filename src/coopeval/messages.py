"""Every sentence coopeval says to a person, in Vietnamese and English, from one catalogue.

Errors and notes are built as a `Message`: a ``str`` holding the English text
(what ``str(error)`` shows, what tests and logs read), that can also give itself
in Vietnamese. The words live in ``messages.toml`` beside this module, keyed by
section and name (data, not code: translators edit that file); placeholders are
``{name}``. A value that is itself a `Message` is given in the same language.

This module sits at the bottom of the package, beside `coopeval.errors`, so that
every layer can raise an error whose words come from the catalogue.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["Label", "Lines", "Message", "in_lang", "said"]


class Message(str):
    """A catalogue sentence: its English text, and its words in any language on demand."""

    key: str
    values: Mapping[str, Any]

    def __new__(cls, key: str, /, **values: Any) -> Message:
        self = super().__new__(cls, _render(key, "en", values))
        self.key = key
        self.values = values
        return self

    def text(self, lang: str) -> str:
        """The sentence in ``lang`` (``vi`` or ``en``)."""
        return _render(self.key, lang, self.values)

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors cross to and from worker processes: rebuild from the key, not the text.
        return (_rebuilt, (self.key, dict(self.values)))


class Label:
    """A thing named for people: its label in each language, then its code in brackets.

    ``Label("Số thành viên", "Members", "members")`` is said ``Số thành viên (members)``
    in Vietnamese, ``Members (members)`` in English: people read the label, and the
    code is what they find in the rule file or the header.
    """

    def __init__(self, vi: str, en: str, code: str = "") -> None:
        self.vi, self.en, self.code = vi, en, code

    def text(self, lang: str) -> str:
        word = self.en if lang == "en" else self.vi
        return f"{word} ({self.code})" if self.code and self.code != word else word

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return f"Label({self.vi!r}, {self.en!r}, {self.code!r})"


class Lines:
    """Several sentences (messages, errors, text) said one after another in one language.

    ``Lines(problems, "\n  - ")`` lists a rule file's problems under one heading,
    each in the language the heading is said in.
    """

    def __init__(self, items: Sequence[object], sep: str = "\n") -> None:
        self.items, self.sep = tuple(items), sep

    def text(self, lang: str) -> str:
        return self.sep.join(in_lang(item, lang) for item in self.items)

    def __str__(self) -> str:
        return self.text("en")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Lines, (self.items, self.sep))


def _rebuilt(key: str, values: Mapping[str, Any]) -> Message:
    return Message(key, **values)


def said(key: str, /, **values: Any) -> Message:
    """The catalogue's sentence ``section.name``, filled in: ``said("output.is_input", path=p)``."""
    return Message(key, **values)


def in_lang(text: object, lang: str) -> str:
    """``text`` in ``lang`` if it is a `Message` (or an error made from one), else as it is."""
    if isinstance(text, BaseException):
        first = text.args[0] if len(text.args) == 1 else None
        return in_lang(first, lang) if isinstance(first, Message) else str(text)
    if isinstance(text, Message):
        return text.text(lang)
    return str(text)


def _render(key: str, lang: str, values: Mapping[str, Any]) -> str:
    section, _, name = key.partition(".")
    entry = _catalogue()[section][name]
    language = "en" if lang == "en" else "vi"
    # English says "1 point" but "2 points": an entry may have its own words for one.
    one = values.get("count") == 1 and f"{language}_one" in entry
    words: str = entry[f"{language}_one" if one else language]
    filled = {
        k: v.text(lang) if isinstance(v, Message | Label | Lines) else v for k, v in values.items()
    }
    return words.format(**filled) if filled else words


@cache
def _catalogue() -> Mapping[str, Any]:
    text = (Path(__file__).parent / "messages.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)
