"""Map spreadsheet column headers to record field names.

Officers' sheets say "Mã HTX" or "Số thành viên", not ``id`` or ``members``.
A header is matched, after normalising (NFC, case, spaces, a trailing unit in
brackets such as "(VND)" or "(%)"), against, in this order: the field name
itself (``self_score.c01a``); a user's header map; the built-in aliases in
``headers.toml``; the Vietnamese and English labels of the rule set's inputs.
A header that matches nothing is kept as it is (extra columns are ignored).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from coopeval.errors import UsageError
from coopeval.ruleset.base import Input

__all__ = ["HeaderMap", "load_header_map", "normalise"]

_UNIT = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]\s*$")
_SPACES = re.compile(r"\s+")


def normalise(header: str) -> str:
    """The comparable form of a header: NFC, lower case, single spaces, no unit suffix."""
    text = unicodedata.normalize("NFC", header).replace("\ufeff", "").strip()
    text = _UNIT.sub("", text)
    return _SPACES.sub(" ", text).casefold()


class HeaderMap:
    """Header → field name, built once per file from every source of names."""

    def __init__(
        self, inputs: Iterable[Input] = (), extra: Mapping[str, str] | None = None
    ) -> None:
        table: dict[str, str] = {}
        for spec in inputs:
            table.setdefault(normalise(spec.label.en), spec.name)
            table.setdefault(normalise(spec.label.vi), spec.name)
        table.update({normalise(k): v for k, v in _aliases().items()})
        table.update({normalise(k): v for k, v in (extra or {}).items()})
        self.table = table
        self.fields = {spec.name for spec in inputs}

    def field(self, header: str) -> str:
        """The field a header names; the header itself when nothing matches."""
        stripped = unicodedata.normalize("NFC", header).replace("\ufeff", "").strip()
        if stripped in self.fields or stripped.startswith("self_score."):
            return stripped
        return self.table.get(normalise(stripped), stripped)


def load_header_map(path: str | Path) -> dict[str, str]:
    """A user's header map: a TOML table ``"Header in the sheet" = "field_name"``.

    Raises:
        UsageError: the file is missing, not TOML, or holds anything but text pairs.
    """
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        msg = f"{path}: cannot read header map: {exc}"
        raise UsageError(msg) from exc
    bad = [k for k, v in data.items() if not isinstance(v, str)]
    if bad:
        msg = f"{path}: header map values must be field names (text); not {bad}"
        raise UsageError(msg)
    return {k: v for k, v in data.items() if isinstance(v, str)}


@cache
def _aliases() -> dict[str, str]:
    text = (Path(__file__).parent / "headers.toml").read_text(encoding="utf-8")
    return {k: v for k, v in tomllib.loads(text).get("aliases", {}).items() if isinstance(v, str)}
