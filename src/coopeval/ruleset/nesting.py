"""How deep the arrays and inline tables of a TOML text nest, counted before parsing it.

`tomllib` parses nested arrays and inline tables by recursion, so a file nested
thousands deep would exhaust Python's stack. This counts brackets and braces
outside strings and comments with one regular expression (linear in the text),
so such a file is refused at the place it goes too deep, before it is parsed.
"""

from __future__ import annotations

import re

__all__ = ["MAX_DEPTH", "too_deep"]

#: Deepest nesting a rule file may have: tables in tables, arrays and inline tables
#: in values. The bundled files need six.
MAX_DEPTH = 32

# Strings and comments are matched whole, so their brackets are skipped; the
# multi-line forms first, as `"""` also starts a basic string.
_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^']|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[\[{]|[\]}]",
    re.DOTALL,
)


def too_deep(text: str, most: int = MAX_DEPTH) -> tuple[int, int] | None:
    """``(line, column)``, both from 1, of the first bracket nested deeper than ``most``."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > most:
                start = match.start()
                line_start = text.rfind("\n", 0, start) + 1
                return text.count("\n", 0, start) + 1, start - line_start + 1
        elif token in ("]", "}"):
            depth = max(depth - 1, 0)  # a stray closing bracket is tomllib's to report
    return None
