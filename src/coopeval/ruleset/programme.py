"""The body of an eligibility rule file (``kind = "eligibility"``): a support programme.

Conditions combined under a ``root`` (three-valued: met, not met, missing),
amounts of support computed by formulas, and set rules judged over a batch
(quotas, target shares, rankings).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import attrs

from coopeval.ruleset.base import Rounding, Status, Text

__all__ = ["Amount", "Condition", "Programme", "RankKey", "SetRule"]


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
    """The body of an eligibility rule file."""

    conditions: tuple[Condition, ...] = ()
    #: The condition that decides eligibility; ``None`` for a file of set rules only.
    root: str | None = None
    amounts: tuple[Amount, ...] = ()
    set_rules: tuple[SetRule, ...] = ()
