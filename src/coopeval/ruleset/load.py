"""Load: read a TOML rule file and structure it into a `RuleSet` with cattrs.

This is the only module that reads rule files. Every number is read as
`Decimal` (``parse_float=Decimal``), every string is normalised to NFC, unknown
keys are refused, and every problem of structure is reported at once, each at
its key path and line.

The file is flat (``[ruleset]``, ``[inputs.*]``, then the kind's own tables);
the loader moves the kind's tables into the envelope's ``body``, tagged with the
header's ``kind``, and maps the converter's paths back to the file's keys.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

import attrs
import cattrs
from cattrs.errors import ForbiddenExtraKeysError

from coopeval.errors import RuleSchemaError, RuleSetError, RuleSetProblems, RuleSyntaxError
from coopeval.ruleset import locate
from coopeval.ruleset.base import RuleSetKind
from coopeval.ruleset.convert import TAG, BadValue, rule_converter
from coopeval.ruleset.model import BODIES, RuleSet
from coopeval.suggest import suggest

__all__ = ["RULESET_FILE", "load_ruleset", "rule_file"]

#: The file a rule-set folder holds.
RULESET_FILE = "ruleset.toml"
#: Top-level keys of the envelope, as the file spells them; every other key is the body's.
ENVELOPE = {"ruleset": "header", "inputs": "inputs", "parameters": "parameters"}
_KINDS: tuple[RuleSetKind, ...] = get_args(RuleSetKind)
#: What a missing required key is reported as.
_MISSING = "required key missing"


def rule_file(path: str | os.PathLike[str]) -> Path:
    """The file a path names: itself, or the ``ruleset.toml`` of a folder."""
    file = Path(path)
    return file / RULESET_FILE if file.is_dir() else file


def load_ruleset(path: str | os.PathLike[str]) -> RuleSet:
    """Read and structure one rule file of either kind, as its ``[ruleset] kind`` says.

    Args:
        path: a ``.toml`` file, or a folder holding ``ruleset.toml``.

    Raises:
        RuleSyntaxError: the file is not UTF-8 TOML (with line and column).
        RuleSchemaError: keys missing, unknown or of the wrong type (all of them).
    """
    file = rule_file(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        msg = f"{file}: cannot read rule file: {exc.strerror or exc}"
        raise RuleSchemaError(msg, file=str(file)) from exc
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
        RuleSyntaxError: not UTF-8, or not TOML (with the line and its text).
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = f"{file}: not UTF-8 text at byte {exc.start}; save the file as UTF-8"
        raise RuleSyntaxError(msg, file=file) from exc
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(match.group(1)) if match else None
        where = f"{file}:{match.group(1)}:{match.group(2)}" if match else file
        lines = text.splitlines()
        quoted = f"; the line reads {lines[line - 1]!r}" if line and line <= len(lines) else ""
        msg = f"{where}: TOML syntax error: {exc}{quoted}"
        raise RuleSyntaxError(msg, file=file, line=line) from exc
    normalised: dict[str, Any] = _nfc(data)
    return normalised


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
            msg = (
                f"{f'{file}:{line}' if line else file}: $.{TAG}: unknown key {TAG!r}; "
                f"a rule set's kind goes in its [ruleset] table"
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
            msg = (
                f"{f'{file}:{line}' if line else file}: {where}: unknown key 'name' "
                f"(value {inputs[name]['name']!r}); an input is named by its table, "
                f"[inputs.{name}]: remove the key"
            )
            raise RuleSchemaError(msg, file=file, path=where, line=line)
    data["inputs"] = [
        {"name": name, **spec} if isinstance(spec, dict) else spec for name, spec in inputs.items()
    ]
    return names


def _schema_error(exc: Exception, file: str, text: str, names: list[str]) -> RuleSetError:
    found: list[tuple[str, str]] = []
    for line in cattrs.transform_error(exc, path="$", format_exception=_describe):
        message, _, path = line.rpartition(" @ ")
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
        problems.append(
            RuleSchemaError(f"{place}: {where}: {message}", file=file, path=where, line=lineno)
        )
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
        parts = [f"unknown key {k!r}{suggest(k, allowed)}" for k in sorted(exc.extra_fields)]
        return "; ".join(parts) + f"; allowed keys: {', '.join(allowed)}"
    if isinstance(exc, KeyError):
        return _MISSING
    if isinstance(exc, BadValue):
        return str(exc)
    return f"invalid value: {exc}"
