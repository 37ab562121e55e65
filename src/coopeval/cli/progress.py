"""A progress line on standard error for long runs; silent when not a terminal."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import IO, TypeVar

__all__ = ["progress"]

T = TypeVar("T")

#: Files smaller than this finish before a progress line would help.
LARGE = 2_000_000
_EVERY = 0.25


def progress(
    items: Iterable[T], path: str, *, stream: IO[str] | None = None, force: bool | None = None
) -> Iterator[T]:
    """Yield ``items`` unchanged, drawing ``rows, rows/s`` on a terminal for large inputs.

    Args:
        force: True always draws, False never; None draws when ``stream`` is a
            terminal and ``path`` is a file of at least 2 MB.
    """
    out = stream or sys.stderr
    show = force if force is not None else _worth_it(out, path)
    if not show:
        yield from items
        return
    start = last = time.monotonic()
    count = 0
    for count, item in enumerate(items, start=1):  # count is read after the loop
        yield item
        now = time.monotonic()
        if now - last >= _EVERY:
            last = now
            out.write(f"\r{count:,} rows, {count / (now - start):,.0f} rows/s")
            out.flush()
    elapsed = max(time.monotonic() - start, 1e-9)
    out.write(f"\r{count:,} rows in {elapsed:.1f} s ({count / elapsed:,.0f} rows/s)\n")
    out.flush()


def _worth_it(out: IO[str], path: str) -> bool:
    try:
        return out.isatty() and path != "-" and os.path.getsize(path) >= LARGE
    except OSError:
        return False
