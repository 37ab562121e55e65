"""A guard on rule changes: the rules in use still give every edge record its approved result.

Run it as it is (the bundled tt01-2020 against itself: it passes), or point
``GUARD_RULES`` at the rule file you mean to use instead (see README.md).
"""

import os

import coopeval
from coopeval.testing import at_every_edge, same_results

APPROVED = coopeval.load("tt01-2020")
CURRENT = coopeval.load(os.environ.get("GUARD_RULES", "tt01-2020"))


@at_every_edge(APPROVED, CURRENT)
def test_no_result_moves(record: dict[str, object]) -> None:
    same_results(APPROVED, CURRENT, record)
