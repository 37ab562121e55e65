"""A request's records, read by coopeval's own readers from a temporary folder removed after.

A JSON body (one record or a list), a JSONL body, or a file uploaded in the
multipart field ``file`` (CSV, XLSX, JSON, JSONL). Nothing the request says
names a file: the uploaded file's name gives only its format (by its suffix)
and the ``source.file`` the results show; its bytes are written under a fixed
name in a fresh temporary folder, read with the readers' limits
(`coopeval.formats.limits`), and the folder is removed before the answer.
"""

from __future__ import annotations

import tempfile
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

import attrs
from fastapi import Request
from starlette.datastructures import UploadFile

from coopeval.engine import CompiledRuleSet
from coopeval.errors import CoopevalError, RecordError
from coopeval.formats import Format, detect_format, evaluate_file
from coopeval.messages import Message, said
from coopeval.serve.problems import Refused

__all__ = ["SUFFIXES", "Received", "evaluated", "received"]

#: The suffixes an uploaded file may have; the format is the readers' for each.
SUFFIXES = (".csv", ".xlsx", ".xlsm", ".json", ".jsonl", ".ndjson", ".txt")

#: Media types of a body of records, and the format each is read as.
_BODIES: Mapping[str, Format] = {
    "": "json",
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/jsonlines": "jsonl",
}

#: What the results of a JSON body name as their ``source.file``.
BODY_SOURCE = "request"

T = TypeVar("T")


@attrs.frozen
class Received:
    """The records a request sent, not yet read: their bytes, format and name."""

    #: What the results name as their file: the upload's own name, or ``request``.
    name: str
    fmt: Format
    data: bytes = attrs.field(repr=False)
    #: The form's other fields (``rules``, ``lang``, ...), as options over the query's.
    options: Mapping[str, str] = attrs.field(factory=dict)

    def option(self, name: str, default: T) -> str | T:
        """A form field's value, else ``default`` (the query's)."""
        return self.options.get(name, default)


async def received(request: Request) -> Received:
    """The records of ``request``: an upload in the field ``file``, or the body itself.

    Raises:
        Refused: no file in a form, a file of a format not read, a body of another type.
    """
    media = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media == "multipart/form-data":
        # the form's spooled file is closed (and gone) as soon as its bytes are read
        async with request.form(max_files=1, max_fields=20) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise Refused(said("serve.no_file"), status=422, code="no_file", field="file")
            name, fmt = _upload_name(upload.filename or "")
            options = {k: v for k, v in form.multi_items() if isinstance(v, str)}
            return Received(name, fmt, await upload.read(), options)
    if media not in _BODIES:
        raise Refused(
            said("serve.media_type", value=repr(media)),
            status=415,
            code="unsupported_media_type",
            value=media[:100],
            allowed=sorted({*_BODIES, "multipart/form-data"} - {""}),
        )
    return Received(BODY_SOURCE, _BODIES[media], await request.body())


def _upload_name(filename: str) -> tuple[str, Format]:
    """The upload's name as results show it (no folders, no control characters), its format."""
    base = PurePosixPath(filename.replace("\\", "/")).name
    name = "".join(c for c in base if unicodedata.category(c)[0] != "C")[:120]
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise Refused(
            said("serve.bad_suffix", value=repr(name), allowed=", ".join(SUFFIXES)),
            status=415,
            code="unsupported_format",
            field="file",
            value=name,
            allowed=SUFFIXES,
        )
    return name, detect_format(name)


def evaluated(
    rules: CompiledRuleSet[Any] | Sequence[CompiledRuleSet[Any]],
    records: Received,
    **options: Any,
) -> list[Any]:
    """Every record's result(s), as `evaluate_file` gives them, named after ``records.name``.

    Raises:
        RecordError: the records as a whole cannot be read (the message names no
            temporary folder).
    """
    with tempfile.TemporaryDirectory(prefix="coopeval-serve-") as folder:
        path = Path(folder) / f"upload.{records.fmt}"
        path.write_bytes(records.data)
        try:
            found = list(evaluate_file(rules, path, fmt=records.fmt, **options))
        except CoopevalError as exc:
            raise _unplaced(exc, str(path), records.name) from None
    rename = _renamer(records.name)
    return [[rename(r) for r in row] if isinstance(row, list) else rename(row) for row in found]


def _renamer(name: str) -> Callable[[Any], Any]:
    def rename(result: Any) -> Any:
        return attrs.evolve(result, source=name)

    return rename


def _unplaced(exc: CoopevalError, path: str, name: str) -> CoopevalError:
    """The same error, saying the upload's name where it said the temporary file."""
    words = exc.args[0] if len(exc.args) == 1 else None
    kind = type(exc) if type(exc).__init__ is CoopevalError.__init__ else RecordError
    if not isinstance(words, Message):
        return kind(str(exc).replace(path, name))
    values = {
        k: v.replace(path, name) if isinstance(v, str) else v for k, v in words.values.items()
    }
    return kind(Message(words.key, **values))
