"""Nearest-name suggestions for error messages: ``(did you mean 'members'?)``.

`difflib.get_close_matches` with a cutoff, so a distant name gets no suggestion
rather than a misleading one.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from coopeval.messages import Message, said

__all__ = ["suggest"]


def suggest(word: str, choices: Iterable[str]) -> Message | str:
    """`` (did you mean 'x'?)`` for the closest choice, or nothing when none is close.

    A `Message`: in a message of the catalogue it is said in the message's language.
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return said("words.did_you_mean", word=repr(close[0])) if close else ""
