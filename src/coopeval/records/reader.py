"""Generated readers: one straight-line function per record layout, for speed.

Reading is where a batch spends its time: 36 fields per record, each through a
parser that strips, checks the notation, types and bounds-checks. Most cells
are plain: ``1450000000``, ``true``, ``htx``. A generated reader tests each
field for its plain form inline (ASCII digits within the size limit and the
bounds, or with one or two decimals; an exact code; an exact ``true``/``false``)
and calls the careful parser (``slow(index, raw, issues)``) for everything else, so both read every
value alike by construction: the fast test only ever accepts what the careful
parser would read to the same value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from coopeval.expr.codegen import generate
from coopeval.records.numbers import MAX_DIGITS
from coopeval.records.values import Declared, choice_table, fold

__all__ = ["Slow", "reader"]

#: ``slow(index, raw, issues)``: the careful reading of field ``index``.
Slow = Callable[[int, Any, list[Any]], Any]
#: ``read(get, issues)``: the value tuple, each field fetched with ``get(name)``.
Reader = Callable[[Callable[[str], Any], list[Any]], tuple[Any, ...]]

#: Spellings of true and false read without the careful parser (as it reads them).
_PLAIN_BOOLS = {"true": True, "false": False, "1": True, "0": False}
#: An integer this small has at most `MAX_DIGITS` digits.
_BIG = 10**MAX_DIGITS
#: A decimal with one or two places (12.5, 36.72): one reading in every notation
#: (the ambiguous ``1.234`` has three), and within `MAX_DIGITS`.
_DECIMAL = re.compile(r"[0-9]{1,25}\.[0-9]{1,2}", re.ASCII)


def reader(
    inputs: Sequence[Declared], slow: Slow, cells: bool, powers: Mapping[str, int]
) -> Reader:
    """A reader of records whose fields are ``inputs``, read as ``slow`` reads them.

    Args:
        cells: the values are spreadsheet text (plain digits read alike either way).
        powers: field → the power of ten a column's unit scales it by; such a field
            always goes through ``slow``.
    """
    constants: dict[str, Any] = {
        "_D": Decimal,
        "_str": str,
        "_int": int,
        "_len": len,
        "_BIG": _BIG,
        "_slow": slow,
        "_NO": object(),
        "_BOOLS": _PLAIN_BOOLS,
        "_DECIMAL": _DECIMAL.fullmatch,
    }
    body: list[str] = []
    for n, spec in enumerate(inputs):
        body.append(f"r = _get({spec.name!r})")
        body += (
            _field(n, spec, constants)
            if not powers.get(spec.name)
            else [f"v{n} = _slow({n}, r, _issues)"]
        )
    body.append("return (" + "".join(f"v{n}, " for n in range(len(inputs))) + ")")
    kind = "cells" if cells else "values"
    read: Reader = generate(f"reader of {len(inputs)} {kind}", ("_get", "_issues"), body, constants)
    return read


def _field(n: int, spec: Declared, constants: dict[str, Any]) -> list[str]:
    """Read field ``n``: its plain form inline, anything else through the careful parser."""
    careful = f"v{n} = _slow({n}, r, _issues)"
    if spec.type in ("decimal", "int"):
        bounds = _bounds(n, spec, constants)
        return [
            f"if r.__class__ is _str and r.isascii() and r.isdigit() and _len(r) <= {MAX_DIGITS}:",
            f"    v{n} = _D(r)",
            *bounds,
            *(
                # A whole-number field refuses 12.5: only the careful parser says why.
                ["elif r.__class__ is _str and _DECIMAL(r):", f"    v{n} = _D(r)", *bounds]
                if spec.type == "decimal"
                else []
            ),
            "elif r.__class__ is _int and -_BIG < r < _BIG:",
            f"    v{n} = _D(r)",
            *bounds,
            "else:",
            f"    {careful}",
        ]
    if spec.type == "enum":
        # Exact codes only, and only those the careful parser reads as themselves.
        table = choice_table(spec)
        constants[f"_W{n}"] = {v: v for v in spec.values if table.get(fold(v)) == v}
        return [
            f"v{n} = _W{n}.get(r, _NO) if r.__class__ is _str else _NO",
            f"if v{n} is _NO:",
            f"    {careful}",
        ]
    if spec.type == "bool":
        return [
            f"v{n} = _BOOLS.get(r, _NO) if r.__class__ is _str"
            " else r if r is True or r is False else _NO",
            f"if v{n} is _NO:",
            f"    {careful}",
        ]
    return [careful]


def _bounds(n: int, spec: Declared, constants: dict[str, Any]) -> list[str]:
    """Outside the bounds, the careful parser says why."""
    tests = []
    if spec.at_least is not None:
        constants[f"_LO{n}"] = spec.at_least
        tests.append(f"v{n} < _LO{n}")
    if spec.at_most is not None:
        constants[f"_HI{n}"] = spec.at_most
        tests.append(f"v{n} > _HI{n}")
    if not tests:
        return []
    return [f"    if {' or '.join(tests)}:", f"        v{n} = _slow({n}, r, _issues)"]
