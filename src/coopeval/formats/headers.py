"""Map spreadsheet column headers to record fields, and read the unit a header names.

Officers' sheets say "Mã HTX" or "Số thành viên", not ``id`` or ``members``, and
"Doanh thu (triệu đồng)" for an amount in millions. A header is matched, after
normalising (NFC, case, spaces, a trailing unit in brackets), against, in this
order: the field name itself (``self_score.c01a``); a user's header map; the
built-in aliases in ``headers.toml``; the Vietnamese and English labels of the
rule sets' inputs; a self-assessed points header ("Tự chấm tiêu chí 8"). The
unit in brackets is kept for the column plan, which reads it (`units`). A header
that matches nothing is kept as it is: the plan lists its column as not used.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import attrs

from coopeval.errors import UsageError
from coopeval.files import read_capped
from coopeval.formats.limits import HEADER_MAP_CAP
from coopeval.messages import said
from coopeval.records.values import fold
from coopeval.ruleset.base import Input
from coopeval.ruleset.nesting import too_deep

#: Deepest nesting of a header map: the table, an entry's inline table.
MAX_HEADER_MAP_DEPTH = 4

__all__ = ["HeaderMap", "Named", "load_header_map", "normalise", "totals_words"]

_UNIT = re.compile(r"\s*[\(\[]([^\)\]]*)[\)\]]\s*$")
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"\s*(\d+)\s*$")

#: A header map's entry: a field name, or ``{ field = "…", unit = "…" }``.
Entry = str | Mapping[str, str]


def normalise(header: str) -> str:
    """The comparable form of a header: NFC, lower case, single spaces, no unit suffix."""
    text = unicodedata.normalize("NFC", header).replace("\ufeff", "").strip()
    text = _UNIT.sub("", text)
    return _SPACES.sub(" ", text).casefold()


@attrs.frozen
class Named:
    """What a header names: a field (the header itself when nothing matches) and a unit."""

    field: str
    #: The unit in the header's brackets, or the header map's; ``""`` when none.
    unit: str = ""


class HeaderMap:
    """Header → field name and unit, built once per file from every source of names.

    Args:
        inputs: the declared inputs of the rule sets the file is read for.
        extra: a user's header map (`load_header_map`).
        items: the scored items, whose self-assessed points a column may hold.
    """

    def __init__(
        self,
        inputs: Iterable[Input] = (),
        extra: Mapping[str, Entry] | None = None,
        items: Iterable[str] = (),
    ) -> None:
        table: dict[str, str] = {}
        for spec in inputs:
            table.setdefault(normalise(spec.label.en), spec.name)
            table.setdefault(normalise(spec.label.vi), spec.name)
        table.update({normalise(k): v for k, v in _data("aliases").items() if isinstance(v, str)})
        units: dict[str, str] = {}
        for header, entry in (extra or {}).items():
            field, unit = (
                (entry, "") if isinstance(entry, str) else (entry["field"], entry.get("unit", ""))
            )
            table[normalise(header)] = field
            if unit:
                units[normalise(header)] = unit
        self.table = table
        self.units = units
        self.fields = {spec.name for spec in inputs}
        self.items = {item.casefold(): item for item in items}

    def field(self, header: str) -> str:
        """The field a header names; the header itself when nothing matches."""
        return self.name(header).field

    def name(self, header: str) -> Named:
        """The field a header names and the unit it gives."""
        stripped = unicodedata.normalize("NFC", header).replace("\ufeff", "").strip()
        bracket = _UNIT.search(stripped)
        unit = bracket.group(1).strip() if bracket else ""
        if stripped in self.fields or stripped.startswith("self_score."):
            return Named(stripped)
        key = normalise(stripped)
        unit = self.units.get(key, unit)
        found = self.table.get(key) or self._self_score(key)
        return Named(found or stripped, unit)

    def _self_score(self, key: str) -> str | None:
        """``tự chấm tiêu chí 8`` → ``self_score.c08``; ``tự chấm c01a`` → ``self_score.c01a``."""
        if not self.items:
            return None
        words = _data("self_score")
        prefix = next((p for p in map(fold, words.get("prefixes", ())) if key.startswith(p)), None)
        if prefix is None:
            return None
        rest = key[len(prefix) :].strip(" :.-")
        if rest in self.items:
            return f"self_score.{self.items[rest]}"
        for word in map(fold, words.get("criterion", ())):
            number = _NUMBER.fullmatch(rest[len(word) :]) if rest.startswith(word) else None
            if number is not None:
                return f"self_score.c{int(number.group(1)):02d}"
        return None


def totals_words() -> frozenset[str]:
    """The words of a totals row (``Tổng cộng``), folded."""
    return frozenset(fold(w) for w in _data("totals").get("words", ()))


def load_header_map(path: str | Path) -> dict[str, Entry]:
    """A user's header map: a TOML table of ``"Header in the sheet" = "field_name"``.

    An entry may give a unit too: ``"Lãi (tr)" = { field = "profit_before_tax",
    unit = "triệu đồng" }``.

    Raises:
        UsageError: the file is missing, not a regular file, over `HEADER_MAP_CAP`,
            nested deeper than `MAX_HEADER_MAP_DEPTH`, not TOML, or holds anything else.
    """
    try:
        text = read_capped(path, HEADER_MAP_CAP, UsageError).decode("utf-8")
        # tomllib recurses into nested arrays: a file nested 100 000 deep is refused first.
        deep = too_deep(text, MAX_HEADER_MAP_DEPTH)
        if deep is not None:
            raise UsageError(
                said(
                    "limits.toml_too_deep",
                    path=str(path),
                    line=deep[0],
                    column=deep[1],
                    most=MAX_HEADER_MAP_DEPTH,
                )
            )
        data = tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(
            said("columns.header_map_unreadable", path=str(path), reason=str(exc))
        ) from exc
    bad = [k for k, v in data.items() if not _entry(v)]
    if bad:
        raise UsageError(said("columns.header_map_values", path=str(path), bad=bad))
    return dict(data)


def _entry(value: Any) -> bool:
    if isinstance(value, str):
        return True
    return (
        isinstance(value, dict)
        and isinstance(value.get("field"), str)
        and set(value) <= {"field", "unit"}
        and all(isinstance(v, str) for v in value.values())
    )


@cache
def _data(table: str) -> dict[str, Any]:
    text = (Path(__file__).parent / "headers.toml").read_text(encoding="utf-8")
    found: dict[str, Any] = tomllib.loads(text).get(table, {})
    return found
