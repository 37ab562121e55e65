"""What the command-line modules share: exit codes, the output stream, --format."""

from __future__ import annotations

import argparse
import io
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
    """Standard output, or a UTF-8 file written when the command succeeds."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    buffer = io.StringIO()
    yield buffer
    Path(path).write_text(buffer.getvalue(), encoding="utf-8", newline="")
