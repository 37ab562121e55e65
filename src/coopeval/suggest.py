"""Nearest-name suggestions for error messages: ``(did you mean 'members'?)``.

`difflib.get_close_matches` with a cutoff, so a distant name gets no suggestion
rather than a misleading one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["suggest"]


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or nothing when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
