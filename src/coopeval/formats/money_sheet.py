"""Write a money report as a workbook: one sheet of shares and findings (`money_rows`)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from coopeval.engine.money import MoneyReport
from coopeval.formats.xlsx import Book, Column
from coopeval.report.money import money_rows

__all__ = ["write_money_xlsx"]

#: Columns that hold amounts or differences in đồng: written as numbers.
_AMOUNTS = frozenset(("need", "allocated", "disbursed", "expected", "found", "difference"))


def write_money_xlsx(path: str, report: MoneyReport, lang: str) -> None:
    """The rows of ``coopeval money --format csv`` as one sheet, amounts as numbers."""
    header, *rows = money_rows(report, lang)
    book = Book(path)
    sheet = book.sheet("money", [Column(h, 18 if h in _AMOUNTS else 14) for h in header])
    for row in rows:
        sheet.append([_cell(h, v) for h, v in zip(header, row, strict=True)])
    book.close()


def _cell(header: str, value: str) -> Any:
    if header not in _AMOUNTS or not value:
        return value
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover  # money_rows writes digits only
        return value
