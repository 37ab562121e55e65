"""Load: read a TOML rule file and structure it into a `RuleSet` with cattrs.

This is the only module that knows the rule-file format and owns the rule-file
converter. Every number is read as `Decimal` (``parse_float=Decimal``), every
string is normalised to NFC, and unknown keys are refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import ForbiddenExtraKeysError

from coopeval import locate
from coopeval.errors import RuleSchemaError, RuleSetError, RuleSetProblems, RuleSyntaxError
from coopeval.model import Axis, EnumAxis, RuleSet, ThresholdAxis

if TYPE_CHECKING:
    from coopeval.support_model import Programme

__all__ = ["load_programme", "load_ruleset", "read_rule_file", "rule_converter", "suggest"]

T = TypeVar("T")


class _BadValue(ValueError):
    """A value of the wrong type, with a message that quotes it."""


def load_ruleset(path: str | Path) -> RuleSet:
    """Read and structure one scorecard rule file (``kind = "scorecard"``).

    Args:
        path: a ``.toml`` file, or a folder holding ``ruleset.toml``.

    Raises:
        RuleSyntaxError: the TOML does not parse (with line and column).
        RuleSchemaError: keys missing, unknown or of the wrong type (all of them),
            or the file is not a scorecard.
    """
    loaded = read_rule_file(path)
    if not isinstance(loaded, RuleSet):
        msg = f"{loaded.source}: $.ruleset.kind: 'eligibility' rule set; use load_programme"
        raise RuleSchemaError(msg, file=loaded.source, path="$.ruleset.kind")
    return loaded


def load_programme(path: str | Path) -> Programme:
    """Read and structure one eligibility rule file (``kind = "eligibility"``).

    Raises:
        RuleSyntaxError, RuleSchemaError: as `load_ruleset`.
    """
    from coopeval.support_model import Programme

    loaded = read_rule_file(path)
    if not isinstance(loaded, Programme):
        msg = f"{loaded.source}: $.ruleset.kind: 'scorecard' rule set; use load_ruleset"
        raise RuleSchemaError(msg, file=loaded.source, path="$.ruleset.kind")
    return loaded


def read_rule_file(path: str | Path) -> RuleSet | Programme:
    """Read and structure a rule file of either kind, as its ``[ruleset] kind`` says."""
    from coopeval.support_model import Programme  # only eligibility files need it

    file = Path(path)
    if file.is_dir():
        file = file / "ruleset.toml"
    try:
        raw = file.read_bytes()
    except OSError as exc:
        msg = f"{file}: cannot read rule file: {exc.strerror or exc}"
        raise RuleSchemaError(msg, file=str(file)) from exc
    text = raw.decode("utf-8", errors="replace")
    data = _parse_toml(raw, str(file))
    names = _inputs_as_list(data, str(file), text)
    head = data.get("ruleset")
    kind = head.get("kind", "scorecard") if isinstance(head, dict) else "scorecard"
    target: type[RuleSet | Programme] = Programme if kind == "eligibility" else RuleSet
    try:
        ruleset = rule_converter.structure(data, target)
    except Exception as exc:
        raise _schema_error(exc, str(file), text, names) from exc
    return attrs.evolve(
        ruleset, source=str(file), text=text, sha256=hashlib.sha256(raw).hexdigest()
    )


def suggest(word: str, choices: Any) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or nothing when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _parse_toml(raw: bytes, file: str) -> dict[str, Any]:
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
        path = re.sub(r"^\$\.inputs\[(\d+)\]", lambda m: _input_path(m, names), path)
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


def _input_path(match: re.Match[str], names: list[str]) -> str:
    index = int(match.group(1))
    return f"$.inputs.{names[index]}" if index < len(names) else match.group(0)


#: What a missing required key is reported as.
_MISSING = "required key missing"


def _describe(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        parts = [f"unknown key {k!r}{suggest(k, allowed)}" for k in sorted(exc.extra_fields)]
        return "; ".join(parts) + f"; allowed keys: {', '.join(allowed)}"
    if isinstance(exc, KeyError):
        return _MISSING
    if isinstance(exc, _BadValue):
        return str(exc)
    return f"invalid value: {exc}"


# --- the converter --------------------------------------------------------------


def _decimal(value: Any, _: type) -> Decimal:
    if isinstance(value, bool | float):
        msg = f"expected an exact number, got {value!r}"
        raise _BadValue(msg)
    number: Decimal | None = None
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    elif isinstance(value, str):
        with contextlib.suppress(InvalidOperation):
            number = Decimal(value.replace("_", "").strip())
    if number is None:
        msg = f"expected a number, got {value!r}"
        raise _BadValue(msg)
    # TOML's nan and inf parse as Decimal too; a NaN would make every later
    # comparison raise InvalidOperation, so refuse them here.
    if not number.is_finite():
        msg = f"expected a finite number, got {value!r}"
        raise _BadValue(msg)
    return number


def _strict(kind: type[T], label: str) -> Callable[[Any, type], T]:
    def structure(value: Any, _: type) -> T:
        if type(value) is not kind:
            msg = f"expected {label}, got {value!r}"
            raise _BadValue(msg)
        return value

    return structure


def _date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    msg = f"expected a date YYYY-MM-DD, got {value!r}"
    raise _BadValue(msg)


def _is_literal(type_: Any) -> bool:
    return get_origin(type_) is Literal


def _literal(value: Any, type_: Any) -> Any:
    """One of a fixed set of words, such as a status; names the allowed ones."""
    allowed = get_args(type_)
    if isinstance(value, str) and value in allowed:
        return value
    words = [str(a) for a in allowed]
    hint = suggest(value, words) if isinstance(value, str) else ""
    msg = f"expected one of {', '.join(map(repr, words))}, got {value!r}{hint}"
    raise _BadValue(msg)


def _axis(value: Any, _: type) -> Axis:
    kinds: Mapping[str, type[Axis]] = {"thresholds": ThresholdAxis, "enumeration": EnumAxis}
    kind = value.get("kind") if isinstance(value, dict) else None
    if not isinstance(kind, str) or kind not in kinds:
        msg = f"'kind' must be one of {sorted(kinds)}, got {kind!r}"
        raise _BadValue(msg)
    return rule_converter.structure(value, kinds[kind])


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(Decimal, _decimal)
    converter.register_structure_hook(str, _strict(str, "text"))
    converter.register_structure_hook(int, _strict(int, "a whole number"))
    converter.register_structure_hook(bool, _strict(bool, "true or false"))
    converter.register_structure_hook(dt.date, _date)
    converter.register_structure_hook(Axis, _axis)
    converter.register_structure_hook_func(_is_literal, _literal)
    return converter


#: The converter for rule files: exact numbers, strict types, unknown keys refused.
rule_converter = _make_converter()
