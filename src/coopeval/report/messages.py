"""The words of every report, in Vietnamese and English, and numbers as people write them.

Labels come from the rule files; every other word comes from ``messages.toml``
(data, not code: translators edit that file).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

from coopeval.errors import UsageError
from coopeval.messages import said

__all__ = ["LANGS", "Lang", "checked_lang", "fmt", "has_message", "interval", "message"]

#: The languages of every user-facing text: Vietnamese first.
Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")


def checked_lang(lang: str) -> Lang:
    """``lang`` if it is supported.

    Raises:
        UsageError: neither ``vi`` nor ``en``.
    """
    for known in LANGS:
        if lang == known:
            return known
    raise UsageError(said("api.language", lang=lang))


def message(section: str, key: str, lang: str, **values: Any) -> str:
    """A word or sentence from ``messages.toml``, filled in."""
    entry = _messages()[section][key]
    language = "en" if lang == "en" else "vi"
    # English says "1 point" but "2 points": an entry may have its own words for one.
    if values.get("count") == 1 and f"{language}_one" in entry:
        language = f"{language}_one"
    text: str = entry[language]
    return text.format(**values) if values else text


def has_message(section: str, key: str) -> bool:
    """Whether ``messages.toml`` has this entry."""
    return key in _messages().get(section, {})


def fmt(value: Any, lang: str = "vi") -> str:
    """Format a value for people: ``1.500.000.000`` and ``12,5`` in Vietnamese."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return message("words", "yes" if value else "no", lang)
    if not isinstance(value, Decimal):
        return str(value)
    text = f"{value:,f}" if abs(value) >= 10_000 else f"{value:f}"  # years read 2023
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def interval(lower: Decimal | None, upper: Decimal | None, lang: str = "vi") -> str:
    """A band ``[lower, upper)`` for people: ``[50; 301)`` in Vietnamese; ``(−∞``, ``+∞)`` open."""
    low = "(−∞" if lower is None else "[" + fmt(lower, lang)
    high = "+∞" if upper is None else fmt(upper, lang)
    return f"{low}; {high})" if lang == "vi" else f"{low}, {high})"


@cache
def _messages() -> Mapping[str, Any]:
    text = (Path(__file__).parent / "messages.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)
