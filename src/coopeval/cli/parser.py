"""The argument parser every command uses: whole option names only, errors in both languages.

argparse accepts a prefix of an option by default (``--rule`` for ``--rules``),
which turns a typo into a different command silently; here a prefix is an
unknown option, and an unknown option gets the nearest real one suggested.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from coopeval.messages import said
from coopeval.suggest import suggest

__all__ = ["Parser", "unknown_options"]


class Parser(argparse.ArgumentParser):
    """`argparse.ArgumentParser` without prefix matching, with a bilingual error line."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {said('usage.error', reason=message).text('vi')}\n")


def unknown_options(parser: argparse.ArgumentParser, extra: Sequence[str]) -> NoReturn:
    """Refuse arguments no option takes, suggesting the nearest option of ``parser``."""
    known = [o for action in parser._actions for o in action.option_strings]
    hints = [
        f"{word}{suggest(word.split('=', 1)[0], known)}" if word.startswith("-") else word
        for word in extra
    ]
    parser.error(said("usage.unknown_arguments", words=" ".join(hints)).text("en"))
