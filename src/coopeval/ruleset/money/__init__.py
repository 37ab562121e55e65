"""Money checks: the declarative consistency rules of a programme's support-plan tables.

A checks file (``rules/qd167-2021-money/checks.toml``) declares the years of the
plan, the budget sources and which add up to which, the tables of the review,
the shares of plan to compute and the checks to run; `load_money_checks` reads
it into a `MoneyChecks` (see ``docs/money.md``).
"""

from coopeval.ruleset.money.load import is_money_checks, load_money_checks
from coopeval.ruleset.money.model import (
    FIGURES,
    MONEY_CHECK_KINDS,
    Check,
    MoneyChecks,
    RowsCheck,
    SameCheck,
    Share,
    ShareCheck,
    Source,
    SourcesCheck,
    Table,
    YearsCheck,
)

__all__ = [
    "FIGURES",
    "MONEY_CHECK_KINDS",
    "Check",
    "MoneyChecks",
    "RowsCheck",
    "SameCheck",
    "Share",
    "ShareCheck",
    "Source",
    "SourcesCheck",
    "Table",
    "YearsCheck",
    "is_money_checks",
    "load_money_checks",
]
