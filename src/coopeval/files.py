"""Hard limits on the files coopeval reads: what kind of file, and how many bytes.

A file is looked at (``stat``) before it is opened, so a folder, a device such as
``/dev/zero``, a socket or (where a stream makes no sense) a pipe is refused
without reading a byte, and a file larger than its `Cap` is refused from its
size. A file read whole is read at most one byte past its cap, so even one that
grows while it is read costs no more than the cap.

Each cap has a default and an environment variable that overrides it (a whole
number of bytes). The messages come from the catalogue (`coopeval.messages`,
section ``limits``), each built in one place; callers raise them as their own
error class (a rule file's, an input file's).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import attrs

from coopeval.errors import UsageError
from coopeval.messages import Message, said

__all__ = ["Cap", "grouped", "read_capped", "refusal", "size_said", "size_text"]


@attrs.frozen
class Cap:
    """The most bytes coopeval reads of one kind of file, and how to change it.

    Attributes:
        what: the kind of file, as messages name it: a catalogue `Message` with its
            article (``said("limits.json_file")``: "a JSON file", "tệp JSON"), or
            plain English without one (``rule file``).
        default: the cap when ``variable`` is not set, in bytes.
        variable: the environment variable that overrides the cap.
        advice: what else to do about a file over the cap, if anything.
    """

    what: str | Message
    default: int
    variable: str
    advice: str | Message = ""

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
            raise UsageError(
                said(
                    "limits.bad_variable",
                    variable=self.variable,
                    raw=raw,
                    what=self.named(),
                    default=self.default,
                )
            )
        return int(text)

    def named(self) -> str | Message:
        """``what`` as a message says it, in either language."""
        if isinstance(self.what, Message):
            return self.what
        # The rule loader names its files in plain English: give them their Vietnamese words.
        if self.what == "rule file":
            return said("limits.rule_file")
        return f"a {self.what}"

    def too_large(self, path: str, size: int | None, limit: int) -> Message:
        """Why a file of ``size`` bytes (``None``: more than ``limit``, size unknown) is refused."""
        advice: str | Message = said("limits.advice", advice=self.advice) if self.advice else ""
        what, limit_said = self.named(), size_said(limit)
        if size is None:
            return said(
                "limits.too_large_read",
                path=path,
                what=what,
                limit=limit_said,
                variable=self.variable,
                advice=advice,
            )
        return said(
            "limits.too_large",
            path=path,
            what=what,
            limit=limit_said,
            size=size_said(size),
            variable=self.variable,
            advice=advice,
        )


def grouped(number: int) -> str:
    """``1 048 576``: digits in groups of three, as both languages read them."""
    return f"{number:,}".replace(",", " ")


def size_text(size: int) -> str:
    """``1 234 567 bytes (1.2 MB)``: exact, and readable at a glance (English)."""
    return size_said(size).text("en")


def size_said(size: int) -> Message:
    """``1 234 567 bytes (1.2 MB)``, ``1 234 567 byte (1,2 MB)``: a size in either language."""
    exact = grouped(size)
    if size < 1000:
        return said("limits.bytes", exact=exact)
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if size >= scale:
            tenths = round(size * 10 / scale)
            whole, tenth = divmod(tenths, 10)
            return said(
                "limits.bytes_readable", exact=exact, whole=grouped(whole), tenth=tenth, unit=unit
            )
    raise AssertionError(size)  # pragma: no cover  # every size from 1000 has a unit above


def refusal(path: str | os.PathLike[str], cap: Cap, *, pipes: bool = False) -> Message | None:
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
    return said("limits.not_regular", path=os.fspath(path), kind=kind, what=cap.named())


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


def _kind(mode: int) -> Message | None:
    """What a file that is not a regular one is, in words; ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return said("limits.kind_folder")
    if stat.S_ISCHR(mode):
        return said("limits.kind_char_device")
    if stat.S_ISBLK(mode):
        return said("limits.kind_block_device")
    if stat.S_ISFIFO(mode):
        return said("limits.kind_fifo")
    if stat.S_ISSOCK(mode):
        return said("limits.kind_socket")
    return said("limits.kind_special")
