"""Load: read a TOML rule file and structure it into a `RuleSet` with cattrs.

This is the only module that reads rule files. Every number is read as
`Decimal` (``parse_float=Decimal``), every string is normalised to NFC, unknown
keys are refused, and every problem of structure is reported at once, each at
its key path and line.

Hard limits come first, each refused before the cost it guards against: a
folder, a device or a pipe is never opened, a file over `RULE_CAP` is refused
from its size and never read past the cap, and a text nested deeper than
`MAX_DEPTH` is refused before `tomllib` recurses into it.

The file is flat (``[ruleset]``, ``[inputs.*]``, then the kind's own tables);
the loader moves the kind's tables into the envelope's ``body``, tagged with the
header's ``kind``, and maps the converter's paths back to the file's keys.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tomllib
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

import attrs
import cattrs
from cattrs.errors import ForbiddenExtraKeysError

from coopeval.errors import (
    RuleFileError,
    RuleSchemaError,
    RuleSetError,
    RuleSetProblems,
    RuleSyntaxError,
)
from coopeval.files import Cap, read_capped
from coopeval.messages import Lines, Message, said
from coopeval.records.numbers import MAX_DIGITS
from coopeval.ruleset import locate
from coopeval.ruleset.base import RuleSetKind
from coopeval.ruleset.convert import TAG, BadValue, rule_converter
from coopeval.ruleset.model import BODIES, RuleSet
from coopeval.ruleset.nesting import MAX_DEPTH, too_deep
from coopeval.suggest import suggest

__all__ = ["MAX_DEPTH", "RULESET_FILE", "RULE_CAP", "load_ruleset", "read_rule_file", "rule_file"]

#: The file a rule-set folder holds.
RULESET_FILE = "ruleset.toml"
#: The largest rule file read: the bundled ones are 3-37 KB, so 1 MB leaves room for
#: a rule set many times larger, and parsing one takes well under a second.
RULE_CAP = Cap("rule file", 1_000_000, "COOPEVAL_MAX_RULE_BYTES")
#: Top-level keys of the envelope, as the file spells them; every other key is the body's.
ENVELOPE = {"ruleset": "header", "inputs": "inputs", "parameters": "parameters"}
_KINDS: tuple[RuleSetKind, ...] = get_args(RuleSetKind)
#: What a missing required key is reported as.
_MISSING = said("schema.missing")


def rule_file(path: str | os.PathLike[str]) -> Path:
    """The file a path names: itself, or the ``ruleset.toml`` of a folder.

    Raises:
        RuleFileError: a folder that holds no ``ruleset.toml`` (an empty folder
            named ``x.toml`` included).
    """
    file = Path(path)
    if not file.is_dir():
        return file
    if not (file / RULESET_FILE).exists():
        msg = said("load.folder_without", file=str(file), name=RULESET_FILE)
        raise RuleFileError(msg, file=str(file))
    return file / RULESET_FILE


def read_rule_file(file: Path) -> bytes:
    """The bytes of a rule file, read only if it is a regular file within `RULE_CAP`.

    Raises:
        RuleFileError: not a regular file, over the cap, or unreadable.
    """
    try:
        return read_capped(file, RULE_CAP, lambda msg: RuleFileError(msg, file=str(file)))
    except OSError as exc:
        msg = said("load.unreadable", file=str(file), reason=exc.strerror or str(exc))
        raise RuleFileError(msg, file=str(file)) from exc


def load_ruleset(path: str | os.PathLike[str]) -> RuleSet:
    """Read and structure one rule file of either kind, as its ``[ruleset] kind`` says.

    Args:
        path: a ``.toml`` file, or a folder holding ``ruleset.toml``.

    Raises:
        RuleFileError: no file to read, not a regular file, or over `RULE_CAP`.
        RuleSyntaxError: the file is not UTF-8 TOML (with line and column), or nests
            deeper than `MAX_DEPTH`.
        RuleSchemaError: keys missing, unknown or of the wrong type (all of them).
    """
    file = rule_file(path)
    raw = read_rule_file(file)
    text = raw.decode("utf-8", errors="replace")
    data = parse_toml(raw, str(file))
    names = _inputs_as_list(data, str(file), text)
    try:
        ruleset = rule_converter.structure(_envelope(data, str(file), text), RuleSet)
    except Exception as exc:
        raise _schema_error(exc, str(file), text, names) from exc
    return attrs.evolve(
        ruleset, source=str(file), text=text, sha256=hashlib.sha256(raw).hexdigest()
    )


def parse_toml(raw: bytes, file: str) -> dict[str, Any]:
    """The TOML of a rule file, numbers as `Decimal` and text in NFC.

    Raises:
        RuleSyntaxError: not UTF-8, not TOML (with the line and its text), nested
            deeper than `MAX_DEPTH`, or a number too long to read.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = said("load.not_utf8", file=file, byte=exc.start)
        raise RuleSyntaxError(msg, file=file) from exc
    deep = too_deep(text)
    if deep is not None:
        raise _too_deep(file, text, *deep)
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(match.group(1)) if match else None
        where = f"{file}:{match.group(1)}:{match.group(2)}" if match else file
        msg = said("load.syntax", where=where, reason=str(exc), quoted=_quoted(text, line))
        raise RuleSyntaxError(msg, file=file, line=line) from exc
    except ValueError as exc:  # an integer too long for int(): Python's own limit
        raise _long_number(file, text) from exc
    except RecursionError as exc:  # nesting that `too_deep` did not count (it never should)
        msg = said("load.recursion", file=file, most=MAX_DEPTH)
        raise RuleSyntaxError(msg, file=file) from exc
    path = _deepest(data)
    if path is not None:
        line = locate.line_of(text, path)
        place = f"{file}:{line}" if line else file
        msg = said(
            "rules.at", place=place, path=path, problem=said("load.too_deep_keys", most=MAX_DEPTH)
        )
        raise RuleSyntaxError(msg, file=file, path=path, line=line)
    normalised: dict[str, Any] = _nfc(data)
    return normalised


def _quoted(text: str, line: int | None) -> Message | str:
    """``; the line reads '...'``, cut at 80 characters (a file may be one long line)."""
    lines = text.splitlines()
    if not line or line > len(lines):
        return ""
    shown = lines[line - 1]
    return said("load.line_reads", line=f"{shown[:80]!r}{'…' if len(shown) > 80 else ''}")


def _too_deep(file: str, text: str, line: int, column: int) -> RuleSyntaxError:
    msg = said(
        "load.too_deep_value",
        where=f"{file}:{line}:{column}",
        most=MAX_DEPTH,
        quoted=_quoted(text, line),
    )
    return RuleSyntaxError(msg, file=file, line=line)


def _long_number(file: str, text: str) -> RuleSyntaxError:
    """The number too long for Python to read, located: the first run of that many digits."""
    match = re.search(rf"[0-9][0-9_]{{{sys.get_int_max_str_digits()},}}", text)
    line = text.count("\n", 0, match.start()) + 1 if match else None
    digits = match.group().replace("_", "") if match else ""
    msg = said(
        "load.long_number",
        place=f"{file}:{line}" if line else file,
        digits=digits[:20],
        length=len(digits),
        most=MAX_DIGITS,
    )
    return RuleSyntaxError(msg, file=file, line=line)


def _deepest(data: dict[str, Any]) -> str | None:
    """The key path of the first table or array nested deeper than `MAX_DEPTH`, found
    without recursion (dotted keys nest tables that `too_deep` does not see)."""
    stack: list[tuple[Any, str, int]] = [(data, "$", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DEPTH and isinstance(value, dict | list):
            return path
        if isinstance(value, dict):
            stack.extend((v, f"{path}.{k}", depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value))
    return None


def _nfc(value: Any) -> Any:
    """NFC everywhere, so decomposed Vietnamese never misaligns tables or ids."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    return value


def _envelope(data: dict[str, Any], file: str, text: str) -> dict[str, Any]:
    """The file's tables as the envelope holds them: the kind's own under ``body``."""
    head = data.get("ruleset")
    kind = head.get("kind", "scorecard") if isinstance(head, dict) else "scorecard"
    envelope: dict[str, Any] = {"body": {TAG: kind if kind in _KINDS else "scorecard"}}
    for key, value in data.items():
        if key == TAG:  # would be taken for the body's tag
            line = locate.line_of(text, f"$.{TAG}")
            msg = said(
                "rules.at",
                place=f"{file}:{line}" if line else file,
                path=f"$.{TAG}",
                problem=said("load.kind_key", key=repr(TAG)),
            )
            raise RuleSchemaError(msg, file=file, path=f"$.{TAG}", line=line)
        if key in ENVELOPE:
            envelope[ENVELOPE[key]] = value
        else:
            envelope["body"][key] = value
    return envelope


def _inputs_as_list(data: dict[str, Any], file: str, text: str) -> list[str]:
    """Turn ``[inputs.<name>]`` tables into a list carrying ``name``; return the names."""
    inputs = data.get("inputs")
    if not isinstance(inputs, dict):
        return []
    names = list(inputs)
    for name in names:
        # A `name` key would silently rename the input (and could duplicate another).
        if isinstance(inputs[name], dict) and "name" in inputs[name]:
            where = f"$.inputs.{name}.name"
            line = locate.line_of(text, where)
            problem = said("load.input_name_key", value=repr(inputs[name]["name"]), name=name)
            msg = said(
                "rules.at", place=f"{file}:{line}" if line else file, path=where, problem=problem
            )
            raise RuleSchemaError(msg, file=file, path=where, line=line)
    data["inputs"] = [
        {"name": name, **spec} if isinstance(spec, dict) else spec for name, spec in inputs.items()
    ]
    return names


def _schema_error(exc: Exception, file: str, text: str, names: list[str]) -> RuleSetError:
    # cattrs joins each description into a plain `str`; keep the Messages by their text.
    said_as: dict[str, str] = {}

    def describe(exc: BaseException, type_: Any) -> str:
        message = _describe(exc, type_)
        said_as[message] = message
        return message

    found: list[tuple[str, str]] = []
    for line in cattrs.transform_error(exc, path="$", format_exception=describe):
        text_of, _, path = line.rpartition(" @ ")
        message = said_as.get(text_of, text_of)
        path = _file_path(path, names)
        key = re.search(r"unknown key '([^']+)'", message)
        found.append((f"{path}.{key.group(1)}" if key else path, message))
    # `maxx = 5` also leaves `max` missing; the unknown key's suggestion already
    # names it, so report the one mistake once.
    suggested = {
        f"{where.rpartition('.')[0]}.{name}"
        for where, message in found
        for name in re.findall(r"\(did you mean '([^']+)'\?\)", message)
    }
    problems: list[RuleSetError] = []
    for where, message in found:
        if message == _MISSING and where in suggested:
            continue
        lineno = locate.line_of(text, where)
        place = f"{file}:{lineno}" if lineno else file
        located = said("rules.at", place=place, path=where, problem=message)
        problems.append(RuleSchemaError(located, file=file, path=where, line=lineno))
    return problems[0] if len(problems) == 1 else RuleSetProblems(problems)


def _file_path(path: str, names: list[str]) -> str:
    """The converter's path as the file's keys: ``$.body.items[2]`` → ``$.items[2]``."""
    path = re.sub(r"^\$\.header(?=$|[.\[])", "$.ruleset", path)
    path = re.sub(r"^\$\.body(?=$|[.\[])\.?", "$.", path).rstrip(".")
    return re.sub(r"^\$\.inputs\[(\d+)\]", lambda m: _input_path(m, names), path)


def _input_path(match: re.Match[str], names: list[str]) -> str:
    index = int(match.group(1))
    return f"$.inputs.{names[index]}" if index < len(names) else match.group(0)


def _describe(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        if exc.cl in BODIES.values():  # the body's keys sit beside the envelope's
            allowed = [*ENVELOPE, *allowed]
        parts = [
            said("schema.unknown_key", key=repr(k), hint=suggest(k, allowed))
            for k in sorted(exc.extra_fields)
        ]
        return said("schema.unknown_keys", keys=Lines(parts, "; "), allowed=", ".join(allowed))
    if isinstance(exc, KeyError):
        return _MISSING
    first = exc.args[0] if len(exc.args) == 1 else None
    if isinstance(exc, BadValue):
        return first if isinstance(first, Message) else str(exc)
    return said("schema.invalid_value", reason=first if isinstance(first, Message) else str(exc))
