"""Where results are written: one safe way for every format and every command.

A result file is written beside its target as ``PATH.part`` and renamed over
the target only when everything is written, so a run that fails, is stopped,
or fills the disk leaves the file that was there as it was. A target that is
not a regular file (a directory, a device, a FIFO) or that is one of the run's
inputs is refused before anything is read; ``-`` (or no path) is standard
output. Every failure is an `OutputError` (a usage error: exit 2) that names
the path, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from coopeval.errors import OutputError
from coopeval.messages import said

__all__ = ["STDOUT", "check_target", "file_target", "is_stdout", "text_target"]

#: The target that means standard output.
STDOUT = "-"


def is_stdout(path: str | None) -> bool:
    """Whether ``path`` means standard output (no path, or ``-``)."""
    return path is None or path == STDOUT


def check_target(path: str, inputs: Sequence[str] = ()) -> Path:
    """The file to write for ``path``, after refusing what must not be written over.

    Returns the real path (a symbolic link is followed: the file it names is
    the one replaced).

    Raises:
        OutputError: ``path`` is a directory, device, FIFO or socket, is one of
            ``inputs``, or its folder does not exist.
    """
    target = Path(os.path.realpath(path))
    try:
        found = os.stat(target)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise OutputError(said("output.cannot_write", path=path, reason=exc.strerror)) from None
    if found is not None and not stat.S_ISREG(found.st_mode):
        raise OutputError(said("output.not_a_file", path=path, kind=said(f"kinds.{_kind(found)}")))
    for source in inputs:
        if source == STDOUT:
            continue
        with contextlib.suppress(OSError):
            if found is not None and os.path.samefile(source, target):
                raise OutputError(said("output.is_input", path=path))
    if not target.parent.is_dir():
        raise OutputError(said("output.no_folder", path=path, folder=str(target.parent)))
    return target


@contextlib.contextmanager
def file_target(path: str, inputs: Sequence[str] = ()) -> Iterator[Path]:
    """A path to write ``path``'s content to (``PATH.part``), renamed over it on success.

    For writers that open the file themselves (XLSX). If the body raises, the
    partial file is removed and the target left as it was.
    """
    if is_stdout(path):
        raise OutputError(said("output.xlsx_stdout"))
    target = check_target(path, inputs)
    partial = _fresh_partial(path, target)
    try:
        yield partial
        os.replace(partial, target)
    except OSError as exc:
        if exc.errno not in _WRITE_ERRORS and exc.filename not in (str(partial), None):
            raise  # not the writing's: reading the input, say
        raise _write_error(path, exc) from None
    finally:
        partial.unlink(missing_ok=True)


@contextlib.contextmanager
def text_target(
    path: str | None, inputs: Sequence[str] = (), *, bom: bool = False
) -> Iterator[IO[str]]:
    """Standard output, or a UTF-8 file streamed to ``PATH.part`` and renamed on success.

    ``bom``: start the file with a byte-order mark (Excel reads Vietnamese CSV
    right only with one). Streaming keeps memory flat on a million rows.
    """
    if is_stdout(path):
        try:
            if bom:
                sys.stdout.write("\ufeff")
            yield sys.stdout
            sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()
            raise OutputError(said("output.broken_pipe")) from None
        except OSError as exc:
            if exc.errno not in _WRITE_ERRORS:
                raise
            raise _write_error(STDOUT, exc) from None
        return
    assert path is not None  # is_stdout covers None
    target = check_target(path, inputs)
    partial = _fresh_partial(path, target)
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        with open(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as stream:
            yield stream
        os.replace(partial, target)
    except OSError as exc:
        if exc.errno not in _WRITE_ERRORS:
            raise  # not the writing's: reading the input, say
        raise _write_error(path, exc) from None
    finally:
        partial.unlink(missing_ok=True)


#: Errors of writing itself, told as such; any other error is the caller's.
_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS})


def _fresh_partial(path: str, target: Path) -> Path:
    """``TARGET.part``, cleared of a run that was stopped; never a link or a device."""
    partial = target.with_name(target.name + ".part")
    try:
        found = os.lstat(partial)
    except FileNotFoundError:
        return partial
    except OSError as exc:
        raise OutputError(said("output.cannot_write", path=path, reason=exc.strerror)) from None
    if not stat.S_ISREG(found.st_mode):
        where = str(partial)
        raise OutputError(said("output.not_a_file", path=where, kind=said(f"kinds.{_kind(found)}")))
    partial.unlink()
    return partial


def _write_error(path: str, exc: OSError) -> OutputError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(said("output.disk_full", path=path))
    reason = exc.strerror or str(exc)
    return OutputError(said("output.cannot_write", path=path, reason=reason))


def _kind(found: os.stat_result) -> str:
    mode = found.st_mode
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def _silence_stdout() -> None:
    """After a broken pipe, send what Python flushes at exit nowhere, so it says nothing."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
