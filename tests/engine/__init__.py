"""Tests of the engine, one module per concern; the helpers the scorecard tests share.

Both bundled scorecards rate on the same table (Circular 01/2020, Điều 8, khoản 2;
Circular 09/2017, Điều 6, khoản 1): tốt 80–100, khá [65, 80), trung bình
[50, 65), yếu under 50. `rating_of` writes it out by hand once for both.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from coopeval.engine.results import Evaluation, ItemResult


def rating_of(total: Decimal) -> str:
    """The 80 / 65 / 50 rating table, written out: lower edge included."""
    if total >= 80:
        return "tot"
    if total >= 65:
        return "kha"
    if total >= 50:
        return "trung_binh"
    return "yeu"


def item(result: Evaluation, item_id: str) -> ItemResult:
    """The result of one item."""
    return next(i for i in result.items if i.id == item_id)


def self_scores_totalling(maxima: Mapping[str, int], total: Decimal) -> dict[str, Decimal]:
    """Self-assessed points summing to ``total`` out of 100: items at their ``maxima``,
    cut from the last."""
    scores = {key: Decimal(top) for key, top in maxima.items()}
    surplus = Decimal(100) - total
    for key in reversed(list(scores)):
        cut = min(surplus, scores[key])
        scores[key] -= cut
        surplus -= cut
    return scores
