"""Hard limits on the files coopeval reads: what kind of file, and how many bytes.

A file is looked at (``stat``) before it is opened, so a folder, a device such as
``/dev/zero``, a socket or (where a stream makes no sense) a pipe is refused
without reading a byte, and a file larger than its `Cap` is refused from its
size. A file read whole is read at most one byte past its cap, so even one that
grows while it is read costs no more than the cap.

Each cap has a default and an environment variable that overrides it (a whole
number of bytes). The messages live here, each built in one place; callers
raise them as their own error class (a rule file's, an input file's).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import attrs

from coopeval.errors import UsageError

__all__ = ["Cap", "grouped", "read_capped", "refusal", "size_text"]


@attrs.frozen
class Cap:
    """The most bytes coopeval reads of one kind of file, and how to change it.

    Attributes:
        what: the kind of file, as messages name it (``rule file``, ``JSON file``).
        default: the cap when ``variable`` is not set, in bytes.
        variable: the environment variable that overrides the cap.
        advice: what else to do about a file over the cap, if anything.
    """

    what: str
    default: int
    variable: str
    advice: str = ""

    def limit(self) -> int:
        """The cap in force: ``variable`` if set, else ``default``.

        Raises:
            UsageError: ``variable`` is set to something other than a whole number above 0.
        """
        raw = os.environ.get(self.variable, "").strip()
        if not raw:
            return self.default
        text = raw.replace("_", "")
        if not (text.isascii() and text.isdigit() and int(text) > 0):
            msg = (
                f"{self.variable}={raw!r}: give the limit for a {self.what} as a whole "
                f"number of bytes above 0, such as {self.default}"
            )
            raise UsageError(msg)
        return int(text)

    def too_large(self, path: str, size: int | None, limit: int) -> str:
        """Why a file of ``size`` bytes (``None``: more than ``limit``, size unknown) is refused."""
        found = f"is {size_text(size)}" if size is not None else "has more bytes than that"
        advice = f", or {self.advice}" if self.advice else ""
        return (
            f"{path}: a {self.what} may have at most {size_text(limit)}, and this one "
            f"{found}; set {self.variable} to a larger number of bytes to read it{advice}"
        )


def grouped(number: int) -> str:
    """``1 048 576``: digits in groups of three, as both languages read them."""
    return f"{number:,}".replace(",", " ")


def size_text(size: int) -> str:
    """``1 234 567 bytes (1.2 MB)``: exact, and readable at a glance."""
    exact = f"{grouped(size)} bytes"
    if size < 1000:
        return exact
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= scale:
            return f"{exact} ({size / scale:.1f} {unit})"
    return exact  # pragma: no cover  # every size from 1000 has a unit above


def refusal(path: str | os.PathLike[str], cap: Cap, *, pipes: bool = False) -> str | None:
    """Why ``path`` may not be read under ``cap``, or ``None`` when it may.

    Refused: a folder, a device, a socket, a pipe (unless ``pipes``: read as a
    stream, its size is not known beforehand), and a regular file over the cap.
    A path that does not exist is not refused here: opening it says so.
    """
    try:
        info = os.stat(path)
    except OSError:
        return None
    kind = _kind(info.st_mode)
    if kind is None:
        limit = cap.limit()
        return cap.too_large(os.fspath(path), info.st_size, limit) if info.st_size > limit else None
    if pipes and stat.S_ISFIFO(info.st_mode):
        return None
    return (
        f"{os.fspath(path)}: is {kind}, not a regular file; give the path of a "
        f"{cap.what} saved on disk"
    )


def read_capped(path: str | os.PathLike[str], cap: Cap, error: Callable[[str], Exception]) -> bytes:
    """The bytes of a regular file within ``cap``.

    Raises:
        Exception: ``error(message)`` when the file is refused (see `refusal`).
        OSError: the file cannot be opened or read.
    """
    problem = refusal(path, cap)
    if problem is not None:
        raise error(problem)
    limit = cap.limit()
    with Path(path).open("rb") as stream:
        data = stream.read(limit + 1)  # a file that grew since stat stops here
    if len(data) > limit:
        raise error(cap.too_large(os.fspath(path), None, limit))
    return data


def _kind(mode: int) -> str | None:
    """What a file that is not a regular one is, in words; ``None`` for a regular file."""
    for test, words in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return words
    return None if stat.S_ISREG(mode) else "a special file"
