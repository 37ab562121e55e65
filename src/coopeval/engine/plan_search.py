"""The search for the best plans: which items, one option each, cover a gap in points.

A dynamic programme over the items: for each (items chosen, points gained) the
cheapest ways by relative change are kept; a state that cannot reach the gap
with the items left is dropped, so the work grows with the items and the few
distinct point sums, not with their combinations. The fewest items is known
before searching (`fewest`): the largest gains of that many items cover the gap.
"""

from __future__ import annotations

import heapq
import itertools
import operator
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

__all__ = ["Option", "fewest", "search"]

_ZERO = Decimal(0)


@attrs.frozen
class Option:
    """One way for an item to gain points: its step, the points and its relative change."""

    gain: Decimal
    change: Decimal
    #: A `coopeval.engine.whatif.Step`; the search only carries it.
    step: Any


def fewest(gains: Sequence[Decimal], gap: Decimal) -> int | None:
    """The fewest items whose largest gains (``gains``, largest first) cover ``gap``."""
    total = _ZERO
    for count, gain in enumerate(gains, 1):
        total += gain
        if total >= gap:
            return count
    return None


def _reach(gains: Sequence[Decimal], count: int) -> list[Decimal]:
    """For each number of picks 0..count, the most ``gains`` give with that many."""
    ordered = sorted(gains, reverse=True)
    found = [_ZERO]
    for n in range(count):
        found.append(found[-1] + (ordered[n] if n < len(ordered) else _ZERO))
    return found


def search(
    options: Mapping[str, Sequence[Option]], gap: Decimal, count: int, limit: int
) -> list[list[Any]]:
    """Up to ``limit`` choices of ``count`` items, one option each, covering ``gap``, best first.

    Dynamic programming over the items: for each (items chosen, points gained) the
    ``limit`` cheapest ways (by relative change), so the work grows with the items
    and the few distinct point sums, not with their combinations.
    """
    states: dict[tuple[int, Decimal], list[tuple[Decimal, tuple[Any, ...]]]] = {
        (0, _ZERO): [(_ZERO, ())]
    }
    items = list(options.values())
    # The most the items after each one can still add, by how many are picked: a state
    # that cannot reach the gap with them is dropped.
    best = [max(o.gain for o in opts) for opts in items]
    reach = [_reach(best[n + 1 :], count) for n in range(len(items))]
    first = operator.itemgetter(0)
    for n, opts in enumerate(items):
        grown: dict[tuple[int, Decimal], list[tuple[Decimal, tuple[Any, ...]]]] = {}
        for (chosen, gained), ways in states.items():
            left = count - chosen
            if gained + reach[n][left] >= gap:  # skip this item: the rest can still do it
                grown.setdefault((chosen, gained), []).extend(ways)
            if left == 0:
                continue
            for option in opts:
                total = gained + option.gain
                if total + reach[n][left - 1] < gap:
                    continue
                grown.setdefault((chosen + 1, total), []).extend(
                    (cost + option.change, (*steps, option.step)) for cost, steps in ways
                )
        states = {
            key: heapq.nsmallest(limit, ways, key=first) if len(ways) > limit else ways
            for key, ways in grown.items()
        }
    final = [
        (gained - gap, cost, steps)
        for (chosen, gained), ways in states.items()
        if chosen == count and gained >= gap
        for cost, steps in ways
    ]
    final.sort(key=lambda f: (f[0], f[1]))
    return [list(steps) for _, _, steps in itertools.islice(final, limit)]
