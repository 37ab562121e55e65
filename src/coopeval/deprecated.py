"""The programme-specific twins of the one-model API, kept for one release.

Each still works as before and warns (`DeprecationWarning`) when it is taken
from `coopeval`, naming its replacement; none is in ``coopeval.__all__``.

.. deprecated:: 0.2.0
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any

from coopeval.engine import CompiledRuleSet, ProgrammeResult, compile_ruleset, evaluate
from coopeval.errors import UsageError
from coopeval.formats import evaluate_file
from coopeval.formats.rows import Format
from coopeval.messages import said
from coopeval.pipeline import load
from coopeval.report import explain, programme_fields, render, to_dict
from coopeval.ruleset import CheckedRuleSet, RuleSet, validate_ruleset

__all__ = ["REPLACED_BY"]


def load_programme(id_or_path: str | os.PathLike[str]) -> CompiledRuleSet[Any]:
    """`coopeval.load`, refusing a scorecard as before."""
    rules = load(id_or_path)
    if rules.kind != "eligibility":
        raise UsageError(said("api.deprecated_scorecard", rules=str(id_or_path)))
    return rules


def load_any(id_or_path: str | os.PathLike[str]) -> CompiledRuleSet[Any]:
    """`coopeval.load`."""
    return load(id_or_path)


def evaluate_programme(
    programme: CompiledRuleSet[Any],
    record: Mapping[str, Any],
    *,
    as_of: dt.date | None = None,
    cache: MutableMapping[str, Any] | None = None,
    source: str = "",
    row: int | None = None,
    cells: bool = False,
) -> ProgrammeResult:
    """`coopeval.evaluate` under a programme."""
    result: ProgrammeResult = evaluate(
        programme, record, as_of=as_of, cache=cache, source=source, row=row, cells=cells
    )
    return result


def evaluate_programmes_file(
    programmes: Sequence[CompiledRuleSet[Any]],
    path: str | os.PathLike[str],
    *,
    fmt: Format | None = None,
    as_of: dt.date | None = None,
) -> Any:
    """`coopeval.evaluate_file` with several programmes: a list of results per row."""
    return evaluate_file(list(programmes), path, fmt=fmt, as_of=as_of, duplicates=False)


def explain_programme(result: ProgrammeResult, lang: str = "vi") -> str:
    """``render(explain(result, lang))``."""
    return render(explain(result, lang))  # type: ignore[arg-type]  # checked by explain


def programme_dict(result: ProgrammeResult) -> dict[str, Any]:
    """One programme's part of a record's JSON (``programs.<id>``)."""
    return programme_fields(result)


def record_dict(results: Sequence[ProgrammeResult]) -> dict[str, Any]:
    """`coopeval.to_dict` of one record's results under several programmes."""
    return to_dict(results)


def validate_programme(programme: RuleSet) -> CheckedRuleSet:
    """`coopeval.validate_ruleset`."""
    return validate_ruleset(programme)


def compile_programme(checked: CheckedRuleSet) -> CompiledRuleSet[Any]:
    """`coopeval.compile_ruleset`."""
    return compile_ruleset(checked)


#: Each deprecated name of `coopeval` → (where it now lives, attribute, the replacement to name).
REPLACED_BY: Mapping[str, tuple[str, str, str]] = {
    "CheckedProgramme": ("coopeval.ruleset", "CheckedRuleSet", "coopeval.CheckedRuleSet"),
    "CompiledProgramme": ("coopeval.engine", "CompiledRuleSet", "coopeval.CompiledRuleSet"),
    "compile_programme": ("coopeval.deprecated", "compile_programme", "coopeval.compile_ruleset"),
    "evaluate_programme": ("coopeval.deprecated", "evaluate_programme", "coopeval.evaluate"),
    "evaluate_programmes_file": (
        "coopeval.deprecated",
        "evaluate_programmes_file",
        "coopeval.evaluate_file",
    ),
    "explain_programme": (
        "coopeval.deprecated",
        "explain_programme",
        "coopeval.render(coopeval.explain(result))",
    ),
    "load_any": ("coopeval.deprecated", "load_any", "coopeval.load"),
    "load_programme": ("coopeval.deprecated", "load_programme", "coopeval.load"),
    "programme_dict": ("coopeval.deprecated", "programme_dict", "coopeval.to_dict"),
    "record_dict": ("coopeval.deprecated", "record_dict", "coopeval.to_dict"),
    "validate_programme": (
        "coopeval.deprecated",
        "validate_programme",
        "coopeval.validate_ruleset",
    ),
}
