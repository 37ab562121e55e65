"""Generated code: Python functions built from checked syntax trees, never from rule text.

One mechanism serves every generated function (one expression, a scorecard's
items): the caller writes the body from its own templates and from
`source` of rewritten, checked trees (names already positions in the value
tuple, numbers exact constants); the text is registered with `linecache` under
a unique name, so a traceback through generated code shows its lines, then
compiled and run in a namespace with no builtins that holds only the given
constants and the whitelisted functions. Nothing from a rule file is compiled
as it was written. The linecache entry is dropped with the function.
"""

from __future__ import annotations

import ast
import itertools
import linecache
import textwrap
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from coopeval.expr.functions import FUNCTIONS

__all__ = ["generate", "namespace", "source"]

_SERIAL = itertools.count(1)
#: Longest piece of a label kept in a generated file name.
_LABEL = 60


def namespace(constants: Mapping[str, Any]) -> dict[str, Any]:
    """The globals generated code runs with: no builtins, only what it may use."""
    scope: dict[str, Any] = {"__builtins__": {}, **constants}
    scope.update({f"_f_{name}": f.implementation for name, f in FUNCTIONS.items()})
    return scope


def source(tree: ast.expr) -> str:
    """The text of a rewritten, checked expression tree, to put in generated code."""
    return ast.unparse(tree)


def generate(
    label: str, params: Sequence[str], body: Sequence[str], constants: Mapping[str, Any]
) -> Callable[..., Any]:
    """Compile ``def f(*params): body`` with ``constants`` as its globals.

    Args:
        label: what the code is for, shown in tracebacks (``<coopeval items of tt01-2020 #3>``).
        body: the lines of the function's body, indented relative to the body.
    """
    text = f"def _generated({', '.join(params)}):\n" + textwrap.indent("\n".join(body), "    ")
    text += "\n"
    short = label if len(label) <= _LABEL else label[: _LABEL - 1] + "…"
    filename = f"<coopeval {short} #{next(_SERIAL)}>"
    scope = namespace(constants)
    exec(compile(text, filename, "exec"), scope)  # safe: see the module docstring
    function: Callable[..., Any] = scope["_generated"]
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    weakref.finalize(function, linecache.cache.pop, filename, None)
    return function
