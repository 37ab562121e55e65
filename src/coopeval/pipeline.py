"""The pipeline up to `evaluate`, for an id or a path: find → load → check → compile.

`load` finds the rule file (a path, or the version of an id in force on a
date, in a `Catalogue`), loads and checks it against the catalogue's ids, and
compiles it with a resolver that loads the rule sets its derived inputs name
from the same catalogue, each in the version in force on a record's day. A
compiled rule set is kept while its file is unchanged.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import attrs

from coopeval.engine import CompiledRuleSet, compile_ruleset
from coopeval.errors import UsageError
from coopeval.ruleset import Catalogue, load_ruleset, validate_ruleset
from coopeval.ruleset.catalogue import ENVIRONMENT

__all__ = ["bundled_rulesets", "default_catalogue", "load"]


def load(
    id_or_path: str | os.PathLike[str] = "tt01-2020",
    *,
    on: dt.date | None = None,
    catalogue: Catalogue | None = None,
) -> CompiledRuleSet[Any]:
    """Load, check and compile a rule set of either kind: the whole pipeline up to `evaluate`.

    Args:
        id_or_path: a rule-set id (``tt01-2020``), a rule file, or a folder holding
            ``ruleset.toml``.
        on: pick the version of an id in force on this day, for every record. Without
            it, the latest in force today, and each record dated otherwise (its
            ``as_of``, else 31/12 of its ``year``) is evaluated with the version of
            the id in force on its day, when the catalogue has several.
        catalogue: where ids are looked up (default: bundled, then the folders in
            ``COOPEVAL_RULES_PATH``).

    Raises:
        RuleSetError: the rule file is wrong (every problem is listed).
        UsageError: no such rule set, or no version of it in force on ``on``.
    """
    found = catalogue or default_catalogue()
    path = found.resolve(id_or_path, on=on).resolve()
    compiled = _compiled(path, path.stat().st_mtime_ns, found)
    by_id = not Path(id_or_path).exists() and "@" not in os.fspath(id_or_path)
    if on is None and by_id and len(found.versions(compiled.id)) > 1:
        # no day asked for: each record is evaluated with the version in force on its day
        return attrs.evolve(compiled, dated=functools.partial(_of_day, compiled.id, found))
    return compiled


def _of_day(rule_id: str, catalogue: Catalogue, day: dt.date | None) -> CompiledRuleSet[Any] | None:
    """The version of ``rule_id`` in force on ``day`` (today's: ``None``); none then: ``None``."""
    try:
        return load(rule_id, on=day, catalogue=catalogue)
    except UsageError:
        return None


def default_catalogue() -> Catalogue:
    """The bundled rule sets and the user folders named by ``COOPEVAL_RULES_PATH``."""
    return _catalogue(os.environ.get(ENVIRONMENT, ""))


def bundled_rulesets() -> dict[str, Path]:
    """Bundled rule-set id → the file of its version in force today."""
    bundled = Catalogue()
    return {rule_id: bundled.find(rule_id).path for rule_id in bundled.ids()}


@lru_cache(maxsize=8)
def _catalogue(_folders: str) -> Catalogue:
    return Catalogue.default()


@lru_cache(maxsize=64)
def _compiled(path: Path, _mtime: int, catalogue: Catalogue) -> CompiledRuleSet[Any]:
    checked = validate_ruleset(load_ruleset(path), known=catalogue.ids())

    def resolve(other: str, day: dt.date | None) -> CompiledRuleSet[Any] | None:
        return _of_day(other, catalogue, day)

    return compile_ruleset(checked, resolve=resolve)
