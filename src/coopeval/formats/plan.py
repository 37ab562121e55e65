"""The column plan of a file: what each column is read as, what is not used, what is absent.

Built once per file from its header row(s) and the rule sets it is read for:
each column maps to a field with the unit its header names (and the power of
ten that unit scales a number by), or is listed as **not used**; each declared
input no column fills is listed once as **not in this file**. A unit that does
not fit its field stops the run naming the column (`units.toml`): a number is
never read in the wrong unit, and no column is dropped without a word.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path

import attrs

from coopeval.errors import RecordError, UsageError
from coopeval.formats.headers import Entry, HeaderMap
from coopeval.formats.rows import RawRecord, Skipped, Unreadable
from coopeval.messages import Label, Message, said
from coopeval.records.schema import META_FIELDS, SELF_SCORE
from coopeval.records.values import fold
from coopeval.report.messages import fmt, message
from coopeval.ruleset.base import Input

__all__ = ["Column", "ColumnPlan", "Item", "Planner", "describe", "letter"]


@attrs.frozen
class Column:
    """One column of a file and what it is read as."""

    index: int
    #: The spreadsheet letter (``C``), or the JSON key.
    letter: str
    #: The header as written (two header rows joined by ``/``).
    header: str
    #: The field it fills; ``None`` when no rule set reads it.
    field: str | None
    #: The unit its header names, and the power of ten it scales a number by.
    unit: str = ""
    power: int = 0

    @property
    def where(self) -> str:
        """``C (Số thành viên)``: how record issues name the column."""
        return f"{self.letter} ({self.header})" if self.header != self.letter else self.letter


@attrs.frozen
class ColumnPlan:
    """What a file's columns are read as; see the module docstring."""

    source: str
    columns: tuple[Column, ...]
    #: Declared inputs that no column fills, in the rule sets' order.
    absent: tuple[str, ...]
    #: The "columns" are a JSON file's keys, seen over all its records.
    keys: bool = False
    #: Absent input → where its value comes from instead (``tt01-2020``, a default).
    instead: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def used(self) -> tuple[Column, ...]:
        """The columns read into a field."""
        return tuple(c for c in self.columns if c.field is not None)

    @property
    def unused(self) -> tuple[Column, ...]:
        """The columns with a header that no rule set reads."""
        return tuple(c for c in self.columns if c.field is None and c.header)

    def powers(self) -> dict[str, int]:
        """Field → the power of ten its column's unit scales numbers by (non-zero only)."""
        return {c.field: c.power for c in self.used if c.field is not None and c.power}

    def locations(self) -> dict[str, str]:
        """Field → where its column is (``C (Số thành viên)``)."""
        return {c.field: c.where for c in self.used if c.field is not None}


#: What a reader yields: a spreadsheet's column plan first, then one item per row.
Item = ColumnPlan | RawRecord | Unreadable | Skipped


class Planner:
    """Makes the column plan of files read for some rule sets.

    Args:
        inputs: the declared inputs of every rule set, in order.
        items: the scored items whose self-assessed points a column may hold.
        header_map: the user's extra headers (`coopeval.formats.headers.load_header_map`).
        every_column: read every column with a header as a field (no rule set to plan for).
    """

    def __init__(
        self,
        inputs: Iterable[Input],
        items: Iterable[str] = (),
        header_map: Mapping[str, Entry] | None = None,
        *,
        every_column: bool = False,
    ) -> None:
        self.every_column = every_column
        self.inputs: dict[str, Input] = {}
        for spec in inputs:
            self.inputs.setdefault(spec.name, spec)
        self.items = tuple(dict.fromkeys(items))
        self.names = HeaderMap(self.inputs.values(), header_map, self.items)
        self.meta = frozenset(("id", *META_FIELDS))

    def field(self, header: str) -> str:
        """The field a header names (the header itself when nothing matches)."""
        return self.names.field(header)

    def plan(self, headers: Sequence[str], source: str, *, keys: bool = False) -> ColumnPlan:
        """The plan of a file whose columns (or, with ``keys``, JSON keys) are ``headers``.

        Raises:
            RecordError: two columns mean the same field.
            UsageError: a column's unit does not fit its field.
        """
        columns: list[Column] = []
        seen: dict[str, Column] = {}
        for index, header in enumerate(headers):
            text = header.strip()
            named = self.names.name(text) if text else None
            field = named.field if named is not None and self._known(named.field) else None
            where = text if keys else letter(index)
            column = Column(index, where, text, field, named.unit if named else "")
            if field is not None:
                column = attrs.evolve(column, power=self._power(column, source))
                if field in seen:
                    raise RecordError(
                        said(
                            "columns.same_field",
                            source=source,
                            first=seen[field].where,
                            second=column.letter,
                            header=text,
                            field=self._label(field),
                        )
                    )
                seen[field] = column
            columns.append(column)
        absent = tuple(name for name in self.inputs if name not in seen)
        instead = {name: _instead(self.inputs[name]) for name in absent}
        return ColumnPlan(
            source, tuple(columns), absent, keys, {k: v for k, v in instead.items() if v}
        )

    def _label(self, field: str) -> Label | str:
        """A field as people read it: its label, the code in brackets."""
        spec = self.inputs.get(field)
        return Label(spec.label.vi, spec.label.en, field) if spec is not None else field

    def _known(self, field: str) -> bool:
        if self.every_column or field in self.inputs or field in self.meta:
            return True
        return field.startswith(SELF_SCORE) and bool(self.items)

    def _power(self, column: Column, source: str) -> int:
        """The power of ten the column's unit scales its numbers by, if the unit fits."""
        if not column.unit:
            return 0
        field = column.field or ""
        spec = self.inputs.get(field)
        kinds = _fitting(spec, field)
        key = _unit_key(column.unit)
        for kind in kinds:
            if key in _units(kind):
                return _units(kind)[key]
        if spec is not None and key == _unit_key(spec.unit):
            return 0
        if any(key in _units(k) for k in _UNIT_KINDS) or _numeric(spec):
            fits = ", ".join(u for k in kinds for u in _spellings(k)) or "none"
            raise UsageError(
                said(
                    "columns.unit_mismatch",
                    source=source,
                    column=column.where,
                    unit=column.unit,
                    field=self._label(field),
                    what=_what(spec),
                    fits=fits,
                )
            )
        return 0  # a note in brackets on a text, choice or yes/no column


def describe(plan: ColumnPlan | None, skipped: Sequence[Skipped], lang: str) -> list[str]:
    """What a person is told of a file's columns and skipped rows: a line each, in ``lang``.

    The columns not used and the inputs not in the file (each list once), every
    column read in a unit other than its field's, every totals row skipped.
    """
    lines = []
    if plan is not None:
        if plan.unused:
            columns = ", ".join(c.where for c in plan.unused)
            key = "unused_keys" if plan.keys else "unused"
            lines.append(message("plan", key, lang, columns=columns))
        if plan.absent:
            fields = ", ".join(
                f"{name} ({plan.instead[name]})" if name in plan.instead else name
                for name in plan.absent
            )
            lines.append(message("plan", "absent", lang, fields=fields))
        for c in plan.used:
            if c.power:
                scale = fmt(Decimal(10) ** c.power, lang)
                lines.append(
                    message("plan", "unit", lang, column=c.where, field=c.field, scale=scale)
                )
    for row in skipped:
        lines.append(message("plan", row.code, lang, row=row.row, word=row.word))
    return lines


def letter(index: int) -> str:
    """Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_UNIT_KINDS = ("money", "percent", "count", "date", "points")


def _instead(spec: Input) -> str:
    """Where an absent input's value comes from: another rule set's result, or a default."""
    if spec.source is not None:
        return spec.source.ruleset
    if spec.default is not None:
        return f"= {str(spec.default).lower() if isinstance(spec.default, bool) else spec.default}"
    return ""


def _fitting(spec: Input | None, field: str) -> tuple[str, ...]:
    """The kinds of unit that fit a field."""
    if spec is None:
        return ("points",) if field.startswith(SELF_SCORE) else ()
    if spec.unit == "VND":
        return ("money",)
    if spec.unit == "%":
        return ("percent",)
    if spec.type == "int" and not spec.unit:
        return ("count",)
    if spec.type == "date":
        return ("date",)
    return ()


def _numeric(spec: Input | None) -> bool:
    return spec is not None and spec.type in ("decimal", "int", "date")


def _what(spec: Input | None) -> Message:
    if spec is None:
        return said("columns.what_self_score")
    if spec.unit:
        return said("columns.what_unit", type=spec.type, unit=spec.unit)
    return said("columns.what", type=spec.type)


def _unit_key(unit: str) -> str:
    """How units are compared: folded, without spaces."""
    return fold(unit).replace(" ", "")


@cache
def _spellings(kind: str) -> dict[str, int]:
    """The units of a kind as ``units.toml`` writes them → their power of ten."""
    text = (Path(__file__).parent / "units.toml").read_text(encoding="utf-8")
    table: dict[str, int] = tomllib.loads(text).get(kind, {})
    return table


@cache
def _units(kind: str) -> dict[str, int]:
    return {_unit_key(unit): power for unit, power in _spellings(kind).items()}
