"""The body of a classification rule file (``kind = "classification"``): axes only.

A legal document that only sorts cooperatives into classes (Decree 113/2024's
size classes) is a rule set of its own, with its own version and dates; a
scorecard takes a class from it through a derived input (``source``), and the
result names both rule sets (``versions_used``).
"""

from __future__ import annotations

import attrs

from coopeval.ruleset.axes import Axis

__all__ = ["Classification"]


@attrs.frozen
class Classification:
    """The body of a classification rule file: its axes, in the order results list them."""

    classifications: tuple[Axis, ...]
