"""Eligibility rule-set types: programmes of state support, their conditions and amounts.

A rule file with ``[ruleset] kind = "eligibility"`` is structured into a
`Programme`. Field names are the keys of the rule file; see ``docs/rule-files.md``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

import attrs

from coopeval.model import Header, Input, Rounding, Status, Text

__all__ = [
    "Amount",
    "Condition",
    "Parameter",
    "Period",
    "Programme",
    "RankKey",
    "SetRule",
]


@attrs.frozen
class Period:
    """The values of a parameter in force from ``effective_from`` until the next period."""

    effective_from: dt.date
    #: Column (e.g. wage region) → value.
    values: dict[str, Decimal]
    citation: str
    status: Status


@attrs.frozen
class Parameter:
    """An effective-dated table, such as the regional minimum wage by region and date.

    In expressions its ``id`` stands for the value in force on the date held by the
    input ``on``, in the column named by the input ``by``.
    """

    id: str
    label: Text
    by: str
    on: str
    periods: tuple[Period, ...]
    unit: str = ""


@attrs.frozen
class Amount:
    """An amount of support computed by a formula, in exact VND."""

    id: str
    label: Text
    formula: str
    citation: str
    status: Status
    unit: str = "VND"
    rounding: Rounding | None = None


@attrs.frozen
class Condition:
    """One condition of a programme: a leaf expression, or a combination of others.

    Exactly one of ``when`` (an expression), ``all_of``, ``any_of``, ``none_of``
    or ``at_least`` with ``of`` is given; the lists name other conditions by id.
    """

    id: str
    label: Text
    citation: str
    status: Status
    when: str | None = None
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    at_least: int | None = None
    of: tuple[str, ...] = ()


@attrs.frozen
class RankKey:
    """One key of a ranking, compared in order; ties go to the next key."""

    measure: str
    label: Text
    order: Literal["desc", "asc"] = "desc"


@attrs.frozen
class SetRule:
    """A rule judged over a set of records: a quota, a target share or a ranking.

    - ``quota``: at most ``at_most`` records where ``among`` holds, per ``group_by``;
    - ``share``: of the records where ``among`` holds, at least ``at_least`` % satisfy
      ``where``, per ``group_by`` (or over all records);
    - ``ranking``: records where ``among`` holds, eligible under this programme when
      ``eligible_only``, ordered by ``keys``.
    """

    id: str
    label: Text
    kind: Literal["quota", "share", "ranking"]
    citation: str
    status: Status
    among: str = "True"
    group_by: str | None = None
    where: str | None = None
    at_most: Decimal | None = None
    at_least: Decimal | None = None
    keys: tuple[RankKey, ...] = ()
    eligible_only: bool = False


@attrs.frozen
class Programme:
    """An eligibility rule file, structured but not yet validated."""

    ruleset: Header
    inputs: tuple[Input, ...]
    conditions: tuple[Condition, ...] = ()
    #: The condition that decides eligibility; ``None`` for a file of set rules only.
    root: str | None = None
    parameters: tuple[Parameter, ...] = ()
    amounts: tuple[Amount, ...] = ()
    set_rules: tuple[SetRule, ...] = ()
    source: str = attrs.field(default="", kw_only=True)
    text: str = attrs.field(default="", kw_only=True, repr=False, eq=False)
    sha256: str = attrs.field(default="", kw_only=True)
