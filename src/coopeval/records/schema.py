"""Read one raw record (a mapping) into the values a compiled rule set reads.

A `RecordSchema` holds one parser per declared input, built once per rule set.
Every bad value becomes a `RecordIssue` naming the field, the value and the
allowed range; an absent value becomes a `MissingValue` (or the input's
declared default), never a guess.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from coopeval.expr.missing import MissingValue
from coopeval.records.issues import RecordIssue, issue
from coopeval.records.reader import Reader, reader
from coopeval.records.values import Declared, Invalid, Parser, allowed, number, parser
from coopeval.suggest import suggest

__all__ = ["META_FIELDS", "SELF_SCORE", "ParsedRecord", "RecordSchema", "flatten", "record_id"]

#: Fields every record may carry besides the declared inputs, shown but never scored.
META_FIELDS = ("name", "province", "district", "year")
SELF_SCORE = "self_score."
#: Generated readers kept per schema (one per kind of text and column units).
_READERS = 8


@attrs.frozen
class ParsedRecord:
    """One record's values, positioned as the compiled rule set expects them."""

    id: str | None
    values: tuple[Any, ...]
    self_scores: tuple[Decimal | None, ...]
    issues: tuple[RecordIssue, ...]
    meta: tuple[tuple[str, str], ...]
    source: str = ""
    row: int | None = None


def flatten(record: Mapping[str, Any]) -> Mapping[str, Any]:
    """Self-assessed points to dotted keys: ``{"self_score": {"c01a": 5}}`` → ``self_score.c01a``.

    Only ``self_score`` nests; any other object stays as it is, so the field it
    stands for gets a located type error, never an absent value.
    """
    nested = record.get(SELF_SCORE[:-1])
    if not isinstance(nested, Mapping):
        return record
    flat = {key: value for key, value in record.items() if key != SELF_SCORE[:-1]}
    flat.update({f"{SELF_SCORE}{key}": value for key, value in nested.items()})
    return flat


class RecordSchema:
    """Reads records for one rule set: one parser per declared input, built once.

    Args:
        inputs: the declared inputs, in the order of the value tuple.
        items: scored item id → its maximum, for self-assessed points (scorecards).
    """

    def __init__(self, inputs: Sequence[Declared], items: Mapping[str, Decimal]) -> None:
        self.inputs = tuple(inputs)
        self.parsers = tuple(parser(spec) for spec in inputs)
        self.missing = tuple(
            _default(spec, parse) for spec, parse in zip(inputs, self.parsers, strict=True)
        )
        #: Item id → (position, max) for self-assessed points.
        self.items = {item: (index, top) for index, (item, top) in enumerate(items.items())}
        self._readers: dict[tuple[bool, tuple[tuple[str, int], ...]], Reader] = {}

    def _reader(self, cells: bool, powers: Mapping[str, int]) -> Reader:
        """The generated reader for this kind of text and these column units, made once."""
        key = (cells, tuple(sorted(powers.items())))
        found = self._readers.get(key)
        if found is None:
            if len(self._readers) >= _READERS:  # a few layouts per process: keep it bounded
                self._readers.clear()
            found = reader(
                self.inputs, functools.partial(self._careful, cells, dict(powers)), cells, powers
            )
            self._readers[key] = found
        return found

    def _careful(
        self,
        cells: bool,
        powers: Mapping[str, int],
        index: int,
        raw: Any,
        issues: list[RecordIssue],
    ) -> Any:
        """One field read carefully: absent, required, invalid or valid, as an issue says."""
        spec = self.inputs[index]
        if raw is None or raw == "" or (raw.__class__ is str and not raw.strip()):
            if spec.required:
                issues.append(
                    issue(spec.name, raw, "required", "required field is missing", allowed(spec))
                )
            return self.missing[index]
        try:
            return self.parsers[index](raw, cells, powers.get(spec.name, 0))
        except Invalid as exc:
            issues.append(issue(spec.name, raw, exc.args[1], exc.args[0], allowed(spec)))
            return self.missing[index]

    def parse(
        self,
        record: Mapping[str, Any],
        source: str = "",
        row: int | None = None,
        *,
        cells: bool = False,
        powers: Mapping[str, int] | None = None,
        scored: bool | None = None,
    ) -> ParsedRecord:
        """Read one record; bad values become issues, absent ones `MissingValue`.

        ``cells``: the values are spreadsheet text, whose numbers may be written
        in Vietnamese notation (``1.234.567``, ``12,5``) and dates as dd/mm/yyyy.
        ``powers``: field → the power of ten its column's unit scales numbers by.
        ``scored``: ``False`` when the file has no self-assessed points (no scan).
        """
        # Spreadsheet rows are flat already; only JSON nests (self_score: {...}).
        flat = record if cells else flatten(record)
        issues: list[RecordIssue] = []
        values = self._reader(cells, powers or {})(flat, issues)
        found = record_id(flat)
        if found is None:
            issues.append(
                issue("id", flat.get("id"), "required", "every record needs an id", "text")
            )
        return ParsedRecord(
            id=found,
            values=values,
            self_scores=self._self_scores(flat, issues, cells)
            if self.items and scored is not False and _has_self_scores(flat)
            else (),
            issues=tuple(issues),
            meta=_meta(flat),
            source=source,
            row=row,
        )

    def _self_scores(
        self, flat: Mapping[str, Any], issues: list[RecordIssue], cells: bool
    ) -> tuple[Decimal | None, ...]:
        scores: list[Decimal | None] = [None] * len(self.items)
        for key, raw in _self_score_fields(flat):
            item = key[len(SELF_SCORE) :]
            if item not in self.items:
                message = _unknown_item(item, self.items)
                issues.append(issue(key, raw, "unknown_item", message, ", ".join(self.items)))
                continue
            index, top = self.items[item]
            limits = f"0…{top}"
            try:
                points = number(raw, cells)
            except Invalid:
                message = "self-assessed points must be a number"
                issues.append(issue(key, raw, "self_score", message, limits))
                continue
            if not Decimal(0) <= points <= top:
                message = f"self-assessed points must be within {limits}"
                issues.append(issue(key, raw, "self_score", message, limits))
                continue
            scores[index] = points
        return tuple(scores)


def _unknown_item(item: str, items: Mapping[str, object]) -> str:
    parts = [f"self_score.{i}" for i in items if i.startswith(item)]
    if parts:
        return f"{item!r} is a criterion made of items; give {', '.join(parts)} instead"
    return f"{item!r} is not an item of this rule set{suggest(item, items)}"


def _default(spec: Declared, parse: Parser) -> Any:
    """The value an absent field takes: the declared default, else `MissingValue`."""
    if spec.default is None:
        return MissingValue(spec.name)
    try:
        return parse(spec.default, False, 0)
    except Invalid:  # refused by the checker; never reached for a checked rule set
        return MissingValue(spec.name)


def _has_self_scores(flat: Mapping[str, Any]) -> bool:
    """Whether any key may be a self-assessed item, without a loop in Python."""
    try:
        return SELF_SCORE in "\n".join(flat)  # one C call; the exact test follows
    except TypeError:  # a key that is not text: look at each
        return True


def _meta(flat: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The shown-but-not-scored fields present in the record, as trimmed text."""
    found = []
    for key, raw in zip(META_FIELDS, map(flat.get, META_FIELDS), strict=True):
        if raw is not None:
            text = raw.strip() if raw.__class__ is str else str(raw).strip()
            if text:
                found.append((key, text))
    return tuple(found)


def _self_score_fields(flat: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    keys = [key for key in flat if key.startswith(SELF_SCORE)]
    for key in keys:
        raw = flat[key]
        if not _absent(raw):
            yield key, raw


def _absent(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def record_id(record: Mapping[str, Any]) -> str | None:
    """The id a record is known by (its ``id`` as trimmed text), or ``None``: it has none."""
    return _text(record.get("id"))


def _text(raw: Any) -> str | None:
    if raw.__class__ is str:
        return raw.strip() or None
    if _absent(raw) or isinstance(raw, bool | Mapping | list):
        return None
    return str(raw).strip()
