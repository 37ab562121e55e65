"""The money checks file as typed objects; keys are the file's keys (``docs/money.md``)."""

from __future__ import annotations

from typing import Literal

import attrs

from coopeval.ruleset.base import Rounding, Text

__all__ = [
    "FIGURES",
    "MONEY_CHECK_KINDS",
    "Check",
    "Figure",
    "MoneyChecks",
    "RowsCheck",
    "SameCheck",
    "Share",
    "ShareCheck",
    "Source",
    "SourcesCheck",
    "Table",
    "YearsCheck",
]

#: The amounts a support-plan line holds, in đồng: the need (the plan), the
#: amount allocated and the amount disbursed; the last two also per year.
Figure = Literal["need", "allocated", "disbursed"]
FIGURES: tuple[Figure, ...] = ("need", "allocated", "disbursed")


@attrs.frozen
class Source:
    """A budget source (``central``), or a sum of sources (``state`` = central + local)."""

    code: str
    label: Text
    #: Other ways a sheet writes it ("NSTW", "Trung ương"), compared folded.
    words: tuple[str, ...] = ()


@attrs.frozen
class Table:
    """A table of the review (``Biểu 2``), as findings cite it."""

    code: str
    label: Text
    #: How a line of it is cited: ``{vi = "Biểu 2", en = "Table 2"}``.
    cite: Text
    words: tuple[str, ...] = ()
    #: The table whose lines give the shares per cooperative and per content.
    detail: bool = False


@attrs.frozen
class Share:
    """A share of plan, ``numerator / denominator × 100``, rounded as declared (30 is 30 %)."""

    id: str
    label: Text
    numerator: Figure
    denominator: Figure
    rounding: Rounding = attrs.field(factory=lambda: Rounding(2))


@attrs.frozen
class SourcesCheck:
    """On every line of source ``total``: each amount = the sum of the lines of ``parts``
    with the same table, cooperative and content (central + local = state), every year too."""

    id: str
    label: Text
    total: str
    parts: tuple[str, ...]


@attrs.frozen
class YearsCheck:
    """On every line: ``figure`` = the sum of its amounts per year."""

    id: str
    label: Text
    figure: Literal["allocated", "disbursed"]


@attrs.frozen
class RowsCheck:
    """A line that leaves the cooperative or the content blank (a total) = the sum of the
    detailed lines (both given) it covers in its table, for the same source."""

    id: str
    label: Text


@attrs.frozen
class SameCheck:
    """The same figure (same cooperative, content and source) is equal in both tables;
    the first table is the reference."""

    id: str
    label: Text
    tables: tuple[str, str]


@attrs.frozen
class ShareCheck:
    """A share a line reports equals the share recomputed from its amounts."""

    id: str
    label: Text
    share: str


#: A check, told apart by its ``kind``.
Check = SourcesCheck | YearsCheck | RowsCheck | SameCheck | ShareCheck
MONEY_CHECK_KINDS: dict[str, type[Check]] = {
    "sources": SourcesCheck,
    "years": YearsCheck,
    "rows": RowsCheck,
    "same": SameCheck,
    "share": ShareCheck,
}


@attrs.frozen
class MoneyChecks:
    """A checks file: years, sources, tables, shares, checks (each list in file order)."""

    id: str
    version: str
    title: Text
    years: tuple[int, ...]
    sources: tuple[Source, ...]
    tables: tuple[Table, ...]
    shares: tuple[Share, ...]
    checks: tuple[Check, ...]
    #: Tells a checks file from a rule set in the same folder: always ``"money"``.
    kind: Literal["money"] = "money"
    #: The file it was read from.
    file: str = ""

    def source(self, code: str) -> Source:
        """The source of ``code`` (declared: the loader checked it)."""
        return next(s for s in self.sources if s.code == code)

    def table(self, code: str) -> Table | None:
        """The table of ``code``, or ``None`` for a file with no table column."""
        return next((t for t in self.tables if t.code == code), None)

    def figures(self) -> tuple[str, ...]:
        """Every amount a line may hold: need, allocated, disbursed, then per year."""
        years = [f"{f}_{y}" for f in ("allocated", "disbursed") for y in self.years]
        return (*FIGURES, *years)
