"""Find the line of a key path such as ``$.items[3].bands[1]`` in TOML text.

`tomllib` keeps no positions, so error messages would otherwise name a key path
only. This reads the text line by line the way our rule files are written
(tables, arrays of tables, one inline table per line inside an array) and maps
every key path it can recognise to the line that opens it. It is a best effort:
an unrecognised layout gives the line of the nearest enclosing key, or ``None``.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["line_of"]

_ARRAY_TABLE = re.compile(r"^\s*\[\[\s*([^\]]+?)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*([^\]\[]+?)\s*\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.\-\"]+?)\s*=\s*(.*)$")
_INLINE_KEY = re.compile(r"([A-Za-z0-9_\-]+)\s*=")


def line_of(text: str, path: str) -> int | None:
    """The 1-based line that opens ``path``, or of its nearest enclosing key."""
    index = _index(text)
    while path:
        if path in index:
            return index[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            return None
        path = path[:cut]
    return None


@lru_cache(maxsize=32)
def _index(text: str) -> dict[str, int]:
    found: dict[str, int] = {}
    latest: dict[str, int] = {}
    context = "$"
    array: str | None = None
    element = depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.split("#", 1)[0].strip() if '"' not in line else line.strip()
        if array is not None:
            if stripped.startswith("{") or stripped.startswith('"'):
                here = f"{array}[{element}]"
                found.setdefault(here, number)
                for key in _INLINE_KEY.findall(stripped):
                    found.setdefault(f"{here}.{key}", number)
                element += 1
            # The array may close on its own line or after its last element: `{ ... }]`.
            depth += _brackets(line)
            if depth <= 0:
                array = None
            continue
        if match := _ARRAY_TABLE.match(line):
            base = _resolve(match.group(1), latest)
            found.setdefault(base, number)  # the whole array opens at its first table
            latest[base] = latest.get(base, -1) + 1
            context = f"{base}[{latest[base]}]"
            found.setdefault(context, number)
        elif match := _TABLE.match(line):
            context = _resolve(match.group(1), latest)
            found.setdefault(context, number)
        elif match := _KEY.match(line):
            key = context + "." + match.group(1).replace('"', "")
            found.setdefault(key, number)
            value = match.group(2).strip()
            for inner in (
                _INLINE_KEY.findall(value.split("#", 1)[0]) if value.startswith("{") else ()
            ):
                found.setdefault(f"{key}.{inner}", number)
            if value.startswith("[") and _brackets(value) > 0:
                array, element, depth = key, 0, _brackets(value)
    return found


def _brackets(line: str) -> int:
    """How many more ``[`` than ``]`` the line has, outside strings and comments."""
    depth = 0
    quote = ""
    escaped = False
    for char in line:
        if escaped:
            escaped = False
        elif quote:
            escaped = char == "\\" and quote == '"'
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char in "[]":
            depth += 1 if char == "[" else -1
    return depth


def _resolve(dotted: str, latest: dict[str, int]) -> str:
    """``items.bands`` → ``$.items[2].bands`` using the latest index of each array."""
    path = "$"
    *parents, last = dotted.replace('"', "").split(".")
    for part in parents:
        path = f"{path}.{part.strip()}"
        if path in latest:
            path = f"{path}[{latest[path]}]"
    return f"{path}.{last.strip()}"
