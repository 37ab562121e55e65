"""Read a money checks file: TOML with exact numbers, cattrs with unknown keys refused,
then every name a check refers to resolved, each problem located in the file."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs
import cattrs

from coopeval.errors import RuleSchemaError, RuleSetError, RuleSetProblems
from coopeval.expr.functions import MAX_PLACES
from coopeval.messages import said
from coopeval.ruleset import locate
from coopeval.ruleset.convert import _tagged, rule_converter
from coopeval.ruleset.load import _schema_error, parse_toml, read_rule_file
from coopeval.ruleset.money.model import (
    MONEY_CHECK_KINDS,
    Check,
    MoneyChecks,
    SameCheck,
    ShareCheck,
    SourcesCheck,
)
from coopeval.suggest import suggest

__all__ = ["is_money_checks", "load_money_checks"]


def load_money_checks(path: str | os.PathLike[str]) -> MoneyChecks:
    """Read and check a money checks file (a ``.toml`` file, or a folder holding ``checks.toml``).

    Raises:
        RuleFileError: no file to read, not a regular file, or over the rule-file cap.
        RuleSyntaxError: not UTF-8 TOML (with line and column), or nested too deep.
        RuleSchemaError: a key missing, unknown or of the wrong type, or a name a check
            refers to (a source, a table, a share) not declared (file, key path, value, fix);
            `RuleSetProblems` when there are several.
    """
    file = Path(path)
    if file.is_dir():
        file = file / "checks.toml"
    raw = read_rule_file(file)
    text = raw.decode("utf-8", errors="replace")
    data = parse_toml(raw, str(file))
    try:
        checks = _converter.structure(data, MoneyChecks)
    except Exception as exc:
        raise _schema_error(exc, str(file), text, []) from exc
    problems = [
        RuleSchemaError(
            said("rules.at", place=_place(str(file), text, where), path=where, problem=problem),
            file=str(file),
            path=where,
            line=locate.line_of(text, where),
        )
        for where, problem in _unresolved(checks)
    ]
    if problems:
        raise problems[0] if len(problems) == 1 else RuleSetProblems(problems)
    return attrs.evolve(checks, file=str(file))


def is_money_checks(file: Path) -> bool:
    """Whether ``file`` says ``kind = "money"`` at its top (a checks file, not a rule set)."""
    try:
        data = parse_toml(read_rule_file(file), str(file))
    except RuleSetError:
        return False  # loading it as a rule set says what is wrong
    return data.get("kind") == "money"


def _place(file: str, text: str, where: str) -> str:
    line = locate.line_of(text, where)
    return f"{file}:{line}" if line else file


def _unresolved(checks: MoneyChecks) -> Iterator[tuple[str, Any]]:
    """(key path, problem) for every name that is repeated or refers to nothing."""
    yield from _repeated("sources", "code", [s.code for s in checks.sources])
    yield from _repeated("tables", "code", [t.code for t in checks.tables])
    yield from _repeated("shares", "id", [s.id for s in checks.shares])
    yield from _repeated("checks", "id", [c.id for c in checks.checks])
    if not checks.years:
        yield "$.years", said("money.no_years")
    for index, share in enumerate(checks.shares):
        places = share.rounding.places
        if not 0 <= places <= MAX_PLACES:
            yield (
                f"$.shares[{index}].rounding.places",
                said("schema.places", places=places, most=MAX_PLACES),
            )
    if sum(t.detail for t in checks.tables) > 1:
        yield "$.tables", said("money.detail_twice")
    sources = [s.code for s in checks.sources]
    tables = [t.code for t in checks.tables]
    shares = [s.id for s in checks.shares]
    for index, check in enumerate(checks.checks):
        where = f"$.checks[{index}]"
        for key, value, known in _names(check, sources, tables, shares):
            if value not in known:
                yield (
                    f"{where}.{key}",
                    said(
                        "money.unknown_name",
                        value=repr(value),
                        known=", ".join(known),
                        hint=suggest(value, known),
                    ),
                )


def _names(
    check: Check, sources: list[str], tables: list[str], shares: list[str]
) -> Iterator[tuple[str, str, list[str]]]:
    """(key, the name it gives, the names declared) for each name ``check`` refers to."""
    if isinstance(check, SourcesCheck):
        yield "total", check.total, sources
        for i, part in enumerate(check.parts):
            yield f"parts[{i}]", part, sources
    elif isinstance(check, SameCheck):
        for i, table in enumerate(check.tables):
            yield f"tables[{i}]", table, tables
    elif isinstance(check, ShareCheck):
        yield "share", check.share, shares


def _repeated(key: str, field: str, names: Iterable[str]) -> Iterator[tuple[str, Any]]:
    counts = Counter(names)
    for index, name in enumerate(names):
        if counts[name] > 1:
            yield (
                f"$.{key}[{index}].{field}",
                said("schema.id_repeated", id=repr(name), count=counts[name]),
            )
            counts[name] = 0  # once per name


def _make_converter() -> cattrs.Converter:
    converter = rule_converter.copy()
    _tagged(converter, Check, MONEY_CHECK_KINDS)
    return converter


#: The rule-file converter (exact numbers, strict types), with the checks' kinds.
_converter = _make_converter()
