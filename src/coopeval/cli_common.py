"""What the command-line modules share: exit codes, the output stream, --format."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

__all__ = ["OK", "RECORD_ERRORS", "USAGE", "format_option", "out"]

#: Exit codes: every record scored; some record had errors; usage or rule-set error.
OK, RECORD_ERRORS, USAGE = 0, 1, 2


def format_option(parser: argparse.ArgumentParser, choices: tuple[str, ...]) -> None:
    """``--format`` with its choices; the first is the default."""
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"output format (default: {choices[0]})",
    )


@contextmanager
def out(path: str | None) -> Iterator[TextIO]:
    """Standard output, or a UTF-8 file streamed to ``PATH.part`` and renamed at the end.

    Streaming keeps memory flat on a million rows; the rename means a run that
    fails half-way never leaves a half-written file under the name asked for.
    """
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open("w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
