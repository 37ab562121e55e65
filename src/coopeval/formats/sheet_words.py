"""Labels of one language as workbook cells: the words every sheet of coopeval shares."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coopeval.formats.xlsx import Column, Family, Strings
from coopeval.report import message

__all__ = ["Words", "family_of"]


def family_of(unit: str) -> Family:
    """How a number of ``unit`` is shown: VND ``#,##0``, ``%`` as a percentage, else plain."""
    return "vnd" if unit == "VND" else "percent" if unit == "%" else "plain"


class Words:
    """Labels of one language, and the cells that show them."""

    def __init__(self, lang: str, strings: Strings) -> None:
        self.lang = lang
        self.strings = strings

    def word(self, section: str, key: str, **values: Any) -> str:
        return message(section, key, self.lang, **values)

    def column(self, key: str, width: float = 12) -> Column:
        return Column(self.word("columns", key), width)

    def code(self, name: str, width: float = 12) -> Column:
        return Column(self.word("columns", "code", name=name), width, code=True)

    def cells(self, section: str, keys: Sequence[str]) -> dict[str, str]:
        """``{code: label cell}`` for the codes of a ``messages.toml`` section."""
        return {k: self.strings.cell(self.word(section, k)) for k in keys}

    def codes(self, keys: Sequence[str]) -> dict[str, str]:
        return {k: self.strings.cell(k) for k in keys}
