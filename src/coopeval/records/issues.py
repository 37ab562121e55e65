"""Problems found in one record: data, never raised, so every other record is still scored."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["RecordIssue", "issue"]


@attrs.frozen
class RecordIssue:
    """A problem with one record: the field, its value as given, and why.

    ``code`` names the kind of problem (``type``, ``range``, ``required``,
    ``enum``, ``self_score``, ``unknown_item``, ``missing_evidence``,
    ``arithmetic``, ``out_of_bands``, ``unreadable``, ``duplicate_id``);
    ``allowed`` states the allowed values.
    """

    field: str
    value: str | None
    code: str
    message: str
    allowed: str = ""
    #: The spreadsheet column the field came from, e.g. ``C (Số thành viên)``.
    column: str = ""


def issue(field: str, raw: Any, code: str, message: str, allowed: str = "") -> RecordIssue:
    """An issue quoting the raw value as text (``None`` stays ``None``)."""
    return RecordIssue(field, None if raw is None else str(raw), code, message, allowed)
