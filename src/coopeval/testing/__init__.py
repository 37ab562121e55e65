"""Hypothesis strategies and ready-made properties for your own tests of coopeval rule sets.

Install the ``testing`` extra (``pip install 'coopeval[testing]'``). Takes a
rule set (compiled, as `coopeval.load` gives it, or its `RuleSet`) and gives
strategies of records (`coopeval.testing.strategies`, `coopeval.testing.at_edges`)
and properties (`coopeval.testing.properties`): plain functions to call inside
your own ``@given`` tests, each raising `AssertionError` with a readable message
(English; ``message.text("vi")`` gives it in Vietnamese) that names the record,
the rule and the values that broke it.

Example::

    from hypothesis import given

    import coopeval
    from coopeval.testing import additive, bounded_total, edge_records, records

    RULES = coopeval.load("tt01-2020")

    @given(records(RULES) | edge_records(RULES))
    def test_scores_add_up_within_the_maxima(record):
        bounded_total(RULES, record)
        additive(RULES, record)

Guarding a rule change (``examples/guard_rule_change/``)::

    APPROVED, CURRENT = coopeval.load("tt01-2020"), coopeval.load(os.environ["RULES"])

    @given(edge_records(APPROVED))
    def test_no_result_moves(record):
        same_results(APPROVED, CURRENT, record)

.. versionadded:: 0.1.0
.. versionadded:: 0.2.0 programme records, `edge_records`, `edge_table`, `at_every_edge`,
   the properties.
"""

from coopeval.testing.agreement import agree_except_diff, same_results
from coopeval.testing.at_edges import at_every_edge, edge_records, edge_table
from coopeval.testing.edges import EdgeCase, band_edges
from coopeval.testing.monotone import monotone_items
from coopeval.testing.properties import (
    additive,
    bounded_total,
    conditions_consistent,
    rating_consistent,
)
from coopeval.testing.strategies import (
    edge_values,
    points,
    records,
    self_scored_records,
    values,
)

__all__ = [
    "EdgeCase",
    "additive",
    "agree_except_diff",
    "at_every_edge",
    "band_edges",
    "bounded_total",
    "conditions_consistent",
    "edge_records",
    "edge_table",
    "edge_values",
    "monotone_items",
    "points",
    "rating_consistent",
    "records",
    "same_results",
    "self_scored_records",
    "values",
]
