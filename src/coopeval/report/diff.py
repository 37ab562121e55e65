"""The semantic diff as plain data: each change as the output contract has it.

``kind``, ``rule``, ``path``, ``old``, ``new`` (decimals as strings, lists
and tables as JSON), and the sentence in both languages, ``vi`` and ``en``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from coopeval.engine.results import RuleSetRef
from coopeval.ruleset.diff import Change

__all__ = ["change_dict", "plain", "ref_dict"]


def change_dict(change: Change) -> dict[str, Any]:
    """One change as the output contract has it."""
    return {
        "kind": change.kind,
        "rule": change.rule,
        "path": change.path,
        "old": plain(change.old),
        "new": plain(change.new),
        "vi": change.text.text("vi"),
        "en": change.text.text("en"),
    }


def ref_dict(ref: RuleSetRef) -> dict[str, str]:
    """A rule set as the diff's ``old`` and ``new`` name it: id, version, sha256."""
    return {"id": ref.id, "version": ref.version, "sha256": ref.sha256}


def plain(value: Any) -> Any:
    """A value with its decimals as strings, in lists and mappings too."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value
