"""Generated readers: one straight-line function per record layout, for speed.

Reading is where a batch spends its time: 36 fields per record, each through a
parser that strips, checks the notation, types and bounds-checks. Most cells
are plain: ``1450000000``, ``true``, ``htx``. A generated reader tests each
field for its plain form inline (ASCII digits within the size limit and the
bounds, or with one or two decimals; an exact code; an exact ``true``/``false``;
an ISO date)
and calls the careful parser (``slow(index, raw, issues)``) for everything else, so both read every
value alike by construction: the fast test only ever accepts what the careful
parser would read to the same value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from coopeval.expr.codegen import generate
from coopeval.records.numbers import MAX_DIGITS
from coopeval.records.values import ISO_DATE, Declared, choice_table, fold

__all__ = ["Slow", "reader"]

#: ``slow(index, raw, issues)``: the careful reading of field ``index``.
Slow = Callable[[int, Any, list[Any]], Any]
#: ``read(record, issues)``: the value tuple of the fields of one record.
Reader = Callable[[Mapping[str, Any], list[Any]], tuple[Any, ...]]

#: Spellings of true and false read without the careful parser (as it reads them).
_PLAIN_BOOLS = {"true": True, "false": False, "1": True, "0": False}
#: An integer this small has at most `MAX_DIGITS` digits.
_BIG = 10**MAX_DIGITS
#: A decimal with one or two places (12.5, 36.72): one reading in every notation
#: (the ambiguous ``1.234`` has three), and within `MAX_DIGITS`.
_DECIMAL = re.compile(r"[+-]?[0-9]{1,25}\.[0-9]{1,2}", re.ASCII)


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
        "_ISO": ISO_DATE.fullmatch,
        "_day": dt.date.fromisoformat,
        "_ValueError": ValueError,
        "_map": map,
        "_NAMES": tuple(spec.name for spec in inputs),
    }
    # Every field fetched in one pass (one C loop), then each read in turn.
    body = ["(" + "".join(f"r{n}, " for n in range(len(inputs))) + ") = _map(_rec.get, _NAMES)"]
    for n, spec in enumerate(inputs):
        body += (
            _field(n, spec, constants, cells)
            if not powers.get(spec.name)
            else [f"v{n} = _slow({n}, r{n}, _issues)"]
        )
    body.append("return (" + "".join(f"v{n}, " for n in range(len(inputs))) + ")")
    kind = "cells" if cells else "values"
    read: Reader = generate(f"reader of {len(inputs)} {kind}", ("_rec", "_issues"), body, constants)
    return read


def _field(n: int, spec: Declared, constants: dict[str, Any], cells: bool) -> list[str]:
    """Read field ``n`` (raw ``r{n}``): its plain form inline, anything else carefully."""
    r, v = f"r{n}", f"v{n}"
    careful = f"{v} = _slow({n}, {r}, _issues)"
    if spec.type in ("decimal", "int"):
        bounds = _bounds(n, spec, constants)
        digits = f"{r}.isascii() and {r}.isdigit() and _len({r}) <= {MAX_DIGITS}"
        return [
            f"if {r}.__class__ is _str and {digits}:",
            f"    {v} = _D({r})",
            *bounds,
            *(
                # A whole-number field refuses 12.5: only the careful parser says why.
                [
                    f"elif {r}.__class__ is _str and _DECIMAL({r}):",
                    f"    {v} = _D({r})",
                    # A cell's -0.0 is 0.0 (parse_number), a JSON string's keeps its sign.
                    *([f"    if not {v}:", f"        {v} = {v}.copy_abs()"] if cells else []),
                    *bounds,
                ]
                if spec.type == "decimal"
                else []
            ),
            f"elif {r}.__class__ is _int and -_BIG < {r} < _BIG:",
            f"    {v} = _D({r})",
            *bounds,
            "else:",
            f"    {careful}",
        ]
    if spec.type == "enum":
        # Exact codes only, and only those the careful parser reads as themselves.
        table = choice_table(spec)
        constants[f"_W{n}"] = {c: c for c in spec.values if table.get(fold(c)) == c}
        return [
            f"{v} = _W{n}.get({r}, _NO) if {r}.__class__ is _str else _NO",
            f"if {v} is _NO:",
            f"    {careful}",
        ]
    if spec.type == "bool":
        return [
            f"{v} = _BOOLS.get({r}, _NO) if {r}.__class__ is _str"
            f" else {r} if {r} is True or {r} is False else _NO",
            f"if {v} is _NO:",
            f"    {careful}",
        ]
    if spec.type == "date" and spec.at_least is None and spec.at_most is None:
        return [
            f"if {r}.__class__ is _str and _ISO({r}):",
            "    try:",
            f"        {v} = _day({r})",
            "    except _ValueError:",
            f"        {careful}",
            "else:",
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
    return [f"    if {' or '.join(tests)}:", f"        v{n} = _slow({n}, r{n}, _issues)"]
