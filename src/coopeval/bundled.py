"""Find and load rule sets: bundled ones by id, any other by path."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from coopeval.compiler import CompiledRuleSet, compile_ruleset
from coopeval.errors import UsageError
from coopeval.loader import read_rule_file, suggest
from coopeval.model import RuleSet
from coopeval.validation import validate_ruleset

if TYPE_CHECKING:
    from coopeval.support_compiler import CompiledProgramme

__all__ = ["bundled_rulesets", "load", "load_any", "load_programme", "resolve", "rules_dir"]

RULESET_FILE = "ruleset.toml"


def rules_dir() -> Path:
    """The bundled ``rules/`` folder: inside the installed package, else the source tree."""
    packaged = Path(__file__).parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


def bundled_rulesets() -> dict[str, Path]:
    """Bundled rule-set id → file. The id is the folder name and the file's own id."""
    root = rules_dir()
    return {p.parent.name: p for p in sorted(root.glob(f"*/{RULESET_FILE}"))}


def resolve(id_or_path: str | Path) -> Path:
    """A bundled id (``tt01-2020``) or a path to a rule file or folder.

    Raises:
        UsageError: neither a bundled id nor an existing path; suggests the closest id.
    """
    path = Path(id_or_path)
    if path.exists():
        return path / RULESET_FILE if path.is_dir() else path
    known = bundled_rulesets()
    if str(id_or_path) in known:
        return known[str(id_or_path)]
    msg = (
        f"no rule set {str(id_or_path)!r}{suggest(str(id_or_path), known)}: "
        f"give a bundled id ({', '.join(known)}) or a path to a rule file"
    )
    raise UsageError(msg)


def load_any(id_or_path: str | Path) -> CompiledRuleSet | CompiledProgramme:
    """Load, validate and compile a rule set of either kind.

    Raises:
        RuleSetError: the rule file is wrong (every problem is listed).
        UsageError: no such rule set.
    """
    path = resolve(id_or_path).resolve()
    return _load(path, path.stat().st_mtime_ns)


def load(id_or_path: str | Path = "tt01-2020") -> CompiledRuleSet:
    """Load, validate and compile a scorecard: the whole pipeline up to `evaluate`.

    Raises:
        RuleSetError: the rule file is wrong (every problem is listed).
        UsageError: no such rule set, or it is an eligibility rule set.
    """
    loaded = load_any(id_or_path)
    if not isinstance(loaded, CompiledRuleSet):
        msg = f"{id_or_path} is an eligibility rule set; use load_programme or 'coopeval eligible'"
        raise UsageError(msg)
    return loaded


def load_programme(id_or_path: str | Path) -> CompiledProgramme:
    """Load, validate and compile an eligibility rule set (a support programme).

    Raises:
        RuleSetError: the rule file is wrong (every problem is listed).
        UsageError: no such rule set, or it is a scorecard.
    """
    from coopeval.support_compiler import CompiledProgramme

    loaded = load_any(id_or_path)
    if not isinstance(loaded, CompiledProgramme):
        msg = f"{id_or_path} is a scorecard; use load or 'coopeval score'"
        raise UsageError(msg)
    return loaded


@lru_cache(maxsize=32)
def _load(path: Path, _mtime: int) -> CompiledRuleSet | CompiledProgramme:
    loaded = read_rule_file(path)
    if isinstance(loaded, RuleSet):
        return compile_ruleset(validate_ruleset(loaded))
    from coopeval.support_compiler import compile_programme
    from coopeval.support_validation import validate_programme

    return compile_programme(validate_programme(loaded))
