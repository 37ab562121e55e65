"""Say how a record was classified, axis by axis, and which rule sets decided its result.

A class taken from another rule set (Decree 113/2024's size, through a derived
input) is said with that rule set's version, so a reader sees that the size
of a 2025 record is Decree 113/2024's, and a 2023 record's Circular 01/2020's.
"""

from __future__ import annotations

from coopeval.engine.results import Evaluation, RuleSetRef
from coopeval.report.messages import Lang, message
from coopeval.ruleset.axes import Axis, classes_of
from coopeval.ruleset.model import RuleSet

__all__ = ["class_lines"]


def class_lines(evaluation: Evaluation, ruleset: RuleSet, lang: Lang) -> list[str]:
    """One line per axis the record was classified on, then the versions used (if several)."""
    axes = {axis.id: axis for axis in _axes(ruleset)}
    lines: list[str] = []
    for axis_id, value in evaluation.classification:
        axis = axes.get(axis_id)
        if axis is None:
            continue
        label = next((c.label.get(lang) for c in classes_of(axis) if c.value == value), value)
        status = "" if axis.status == "confirmed" else f"; {message('words', axis.status, lang)}"
        lines.append(
            message(
                "lines",
                "classified" if value is not None else "class_unknown",
                lang,
                axis=axis.label.get(lang),
                value=label or "",
                citation=f"{axis.citation}{status}",
            )
        )
    used = evaluation.ruleset.versions_used
    if used:
        lines.append(message("lines", "versions_used", lang, used=", ".join(map(_named, used))))
    return lines


def _axes(ruleset: RuleSet) -> tuple[Axis, ...]:
    body = ruleset.body
    return getattr(body, "classifications", ())


def _named(ref: RuleSetRef) -> str:
    return f"{ref.id} {ref.version}"
