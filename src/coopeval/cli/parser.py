"""The argument parser every command uses: whole option names only, errors in both languages.

argparse accepts a prefix of an option by default (``--rule`` for ``--rules``),
which turns a typo into a different command silently; here a prefix is an
unknown option, and an unknown option gets the nearest real one suggested.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from coopeval.messages import Label, Lines, Message, said
from coopeval.suggest import suggest

__all__ = ["Parser", "asked_lang", "translated", "unknown_options"]


#: argparse's own sentences (English, from its source), and the catalogue entry of each.
#: The first that matches is said; anything else is kept in argparse's words.
_ARGPARSE = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"), "argparse.required"),
    (
        re.compile(
            r"argument (?P<arg>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"
        ),
        "argparse.invalid_choice",
    ),
    (re.compile(r"argument (?P<arg>\S+): expected one argument"), "argparse.expected_one"),
    (
        re.compile(r"argument (?P<arg>\S+): invalid (?P<kind>\w+) value: (?P<value>.+)"),
        "argparse.invalid_value",
    ),
    (
        re.compile(r"argument (?P<arg>\S+): not allowed with argument (?P<other>\S+)"),
        "argparse.not_allowed_with",
    ),
    (re.compile(r"argument (?P<arg>\S+): (?P<reason>.+)"), "argparse.argument"),
)


#: The type names argparse says in "invalid int value", in words.
_KINDS = {"int": Label("số nguyên", "whole number"), "float": Label("số", "number")}


def asked_lang(argv: Sequence[str]) -> str:
    """The ``--lang`` of a command line not parsed yet (``vi`` unless it says ``en``)."""
    for n, word in enumerate(argv):
        if word == "--lang" and n + 1 < len(argv):
            return "en" if argv[n + 1] == "en" else "vi"
        if word == "--lang=en":
            return "en"
    return "vi"


def translated(message: str) -> str | Message:
    """argparse's sentence as a catalogue `Message` when it is one argparse is known to say."""
    if isinstance(message, Message):
        return message
    for pattern, key in _ARGPARSE:
        found = pattern.fullmatch(message)
        if found:
            values: dict[str, object] = dict(found.groupdict())
            if "kind" in values:
                values["kind"] = _KINDS.get(str(values["kind"]), values["kind"])
            return said(key, **values)
    return message


class Parser(argparse.ArgumentParser):
    """`argparse.ArgumentParser` without prefix matching, with its errors in the user's language.

    ``lang`` is read off the command line before it is parsed (`asked_lang`), since
    a parse error comes before ``--lang`` has a value.
    """

    lang = "vi"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        reason = translated(message)
        self.exit(2, f"{self.prog}: {said('usage.error', reason=reason).text(Parser.lang)}\n")


def unknown_options(parser: argparse.ArgumentParser, extra: Sequence[str]) -> NoReturn:
    """Refuse arguments no option takes, suggesting the nearest option of ``parser``."""
    known = [o for action in parser._actions for o in action.option_strings]
    hints = [
        said("usage.hinted", word=word, hint=suggest(word.split("=", 1)[0], known))
        if word.startswith("-")
        else word
        for word in extra
    ]
    parser.error(said("usage.unknown_arguments", words=Lines(hints, " ")))
