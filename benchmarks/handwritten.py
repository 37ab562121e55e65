"""A hand-written scorer of exactly the bundled tt01-2020 items and bands: the baseline.

This is what a careful programmer would write without coopeval: the 23 items
and their provisional band tables typed in as Python, exact Decimal arithmetic,
`bisect` on the band edges. It takes the same value tuple coopeval's compiled
rule set reads (inputs in declaration order, absent inputs as ``None``) and
returns ``(total, rating)`` (``(None, "not_rated")`` when an exclusion of
Điều 8, khoản 3 or Điều 1, khoản 2 applies); ``None`` when an input it needs is absent.
`bench_speed.py` checks it agrees with coopeval on every record it times.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

D = Decimal
TWO = D(2)
HUNDRED = D(100)
CENT = D("0.01")
ZERO = D(0)
B = 1_000_000_000  # one tỷ
M = 1_000_000

# (lower edges of bands 2..n, points of bands 1..n); bands are [lower, upper).
C01A = ((D(100 * M), D(500 * M), D(B), D(2 * B), D(5 * B), D(10 * B)), (0, 1, 2, 3, 4, 5, 6))
C02A = ((D(50 * M), D(200 * M), D(500 * M), D(B), D(3 * B)), (0, 1, 2, 3, 4, 5))
C03A = ((D(100 * M), D(500 * M), D(2 * B), D(5 * B)), (0, 1, 2, 3, 4))
C03B = ((D(25), D(50), D(75)), (0, 1, 2, 3))
C03C = ((D(1), D(100 * M), D(500 * M), D(B)), (0, 1, 2, 3, 4))
C04A = ((D(10), D(20)), (0, 1, 2))
C04B = ((D("2.5"), D(5)), (0, 1, 2))
C04C = ((D(1), D(5)), (0, 1, 2))
C05 = ((D(1), D(2), D(3)), (8, 4, 2, 0))
C06 = ((D(50), D(80), D(100)), (0, 2, 4, 6))
C07A = ((D(20), D(50)), (0, 1, 2))
C07B = ((D(30), D(60)), (0, 1, 2))
C07C = ((D(10), D(30)), (0, 1, 2))
C08 = ((D(25), D(50), D(75)), (0, 2, 4, 6))
C09 = ((D(1), D(2), D(3)), (0, 2, 3, 4))
C10 = ((D(30), D(50), D(70), D(90)), (0, 2, 4, 6, 8))
C11 = ((D(0), D(5), D(10), D(20)), (0, 2, 4, 6, 8))
C12 = ((D(20), D(40), D(60), D(80)), (0, 2, 4, 6, 8))
C13 = ((D(1), D(2), D(3)), (0, 2, 4, 6))
C14 = ((D(1), D(2), D(3)), (0, 2, 4, 5))
C15 = ((D(1), D(2), D(3)), (0, 2, 4, 5))
AWARD = {"none": 0, "district": 1, "province": 2, "national": 3}
RATINGS = ((D(50), D(65), D(80)), ("yeu", "trung_binh", "kha", "tot"))


def _band(table: tuple[tuple[Decimal, ...], tuple[int, ...]], value: Any) -> int:
    return table[1][bisect_right(table[0], value)]


def _pct(value: Decimal) -> Decimal:
    """Percentages are rounded to 2 decimals, half up, before the lookup."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP) if value.as_tuple().exponent < -2 else value  # type: ignore[operator]


def _share(part: Decimal, whole: Decimal) -> Decimal:
    return ZERO if whole == 0 else _pct(part / whole * HUNDRED)


def score(v: Sequence[Any]) -> tuple[Decimal | None, str] | None:
    """Total and rating of one record; ``v`` holds the inputs in rule-file order."""
    (
        year,
        founded_on,
        months_suspended,
        kind,
        _service_type,
        _sector,
        _size_class,  # taken from nd113-2024 when absent: it classifies, it scores nothing
        _members,
        cap_open,
        cap_close,
        cap_prev,
        ind_open,
        ind_close,
        ind_prev,
        revenue,
        needs_pct,
        profit,
        dev_pct,
        reserve_pct,
        other_pct,
        violations,
        complaints,
        resolved,
        managers,
        higher_ed,
        vocational,
        young,
        insured_pct,
        tech,
        brand,
        chain,
        using_pct,
        growth_pct,
        internal_pct,
        trainings,
        community,
        award,
    ) = v
    if kind in ("quy_tin_dung", "ngan_hang_htx"):
        return None, "not_rated"
    if founded_on is not None and year is not None:
        end = founded_on.replace(year=int(year) + 1, month=1, day=1)
        months = (end.year - founded_on.year) * 12 + end.month - founded_on.month
        if end.day < founded_on.day:
            months -= 1
        if months < 12:
            return None, "not_rated"
    if months_suspended is not None and months_suspended > 3:
        return None, "not_rated"
    if any(x is None for x in v[7:]):  # every measure input, from cap_open on
        return None
    total = (
        _band(C01A, (cap_open + cap_close) / TWO)
        + (1 if cap_close > cap_prev else 0)
        + _band(C02A, (ind_open + ind_close) / TWO)
        + (1 if ind_close > ind_prev else 0)
        + _band(C03A, revenue)
        + _band(C03B, _pct(needs_pct))
        + _band(C03C, profit)
        + _band(C04A, _pct(dev_pct))
        + _band(C04B, _pct(reserve_pct))
        + _band(C04C, _pct(other_pct))
        + _band(C05, violations)
        + _band(C06, HUNDRED if complaints == 0 else _share(resolved, complaints))
        + _band(C07A, _share(higher_ed, managers))
        + _band(C07B, _share(vocational, managers))
        + _band(C07C, _share(young, managers))
        + _band(C08, _pct(insured_pct))
        + _band(C09, tech + brand + chain)
        + _band(C10, _pct(using_pct))
        + _band(C11, _pct(growth_pct))
        + _band(C12, _pct(internal_pct))
        + _band(C13, trainings)
        + _band(C14, community)
        + _band(C15, AWARD[award])
    )
    points = D(total)
    return points, RATINGS[1][bisect_right(RATINGS[0], points)]
