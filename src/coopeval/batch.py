"""Evaluate every record of a file, in order, one result per row."""

from __future__ import annotations

from collections.abc import Iterator

from coopeval.compiler import CompiledRuleSet
from coopeval.engine import evaluate, failed
from coopeval.results import Evaluation, RecordIssue
from coopeval.sources import Format, Unreadable, read_records

__all__ = ["evaluate_file"]


def evaluate_file(
    rules: CompiledRuleSet, path: str, *, fmt: Format | None = None, lenient: bool = False
) -> Iterator[Evaluation]:
    """Yield one `Evaluation` per row of ``path`` (``-`` for standard input).

    A row that cannot be read becomes an error result naming the row, so rows
    out always equal rows in.

    Raises:
        RecordError: the file as a whole cannot be read.
    """
    source = "<stdin>" if path == "-" else path
    for raw in read_records(path, fmt):
        if isinstance(raw, Unreadable):
            issue = RecordIssue("(row)", raw.text, "unreadable", raw.reason)
            yield failed(rules, issue, source=source, row=raw.row)
        else:
            yield evaluate(rules, raw.data, lenient=lenient, source=source, row=raw.row)
