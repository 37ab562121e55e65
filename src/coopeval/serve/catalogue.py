"""The rule sets a request may name: only the ids the service compiled at start.

A request never names a file: ``rules=../../etc/passwd`` is an unknown id
(422, with the ids allowed), as is any id not served.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from fastapi import Request

from coopeval.engine import CompiledRuleSet
from coopeval.messages import said
from coopeval.ruleset.catalogue import version_of
from coopeval.serve.problems import Refused
from coopeval.suggest import suggest

__all__ = ["chosen", "only_id", "programmes", "rules_list"]


def served(request: Request) -> Mapping[str, CompiledRuleSet[Any]]:
    """The rule sets compiled at start, id → compiled."""
    found: Mapping[str, CompiledRuleSet[Any]] = request.app.state.rules
    return found


def chosen(request: Request, name: str, kinds: Sequence[str], route: str) -> CompiledRuleSet[Any]:
    """The rule set ``name``, which must be of one of ``kinds``.

    Raises:
        Refused: no rule set served has that id, or it is of another kind (422).
    """
    rules = served(request)
    if name not in rules:
        ids = sorted(rules)
        raise Refused(
            said(
                "serve.unknown_rules",
                value=repr(name[:100]),
                hint=suggest(name, ids),
                allowed=", ".join(ids),
            ),
            status=422,
            code="unknown_rules",
            field="rules",
            value=name[:100],
            allowed=ids,
        )
    found = rules[name]
    if found.kind not in kinds:
        raise Refused(
            said(
                "serve.wrong_kind", value=repr(name), noun=said(f"nouns.{found.kind}"), route=route
            ),
            status=422,
            code="wrong_kind",
            field="rules",
            value=name,
            allowed=sorted(i for i, r in rules.items() if r.kind in kinds),
        )
    return found


def programmes(request: Request, asked: Iterable[str]) -> list[CompiledRuleSet[Any]]:
    """The programmes asked for (repeated or comma-separated; none or ``all``: every
    programme with conditions, in id order)."""
    names = [part for item in asked for part in item.split(",") if part]
    if not names or "all" in names:
        rules = served(request)
        return [
            r
            for _, r in sorted(rules.items())
            if r.kind == "eligibility" and r.body.root is not None
        ]
    return [chosen(request, name, ("eligibility",), "/v1/eligible") for name in names]


def only_id(found: Sequence[Any], wanted: str | None, source: str) -> list[Any]:
    """Only the results whose id is ``wanted`` (all when ``None``).

    Raises:
        Refused: no result has that id (404, the nearest suggested).
    """
    if wanted is None:
        return list(found)

    def id_of(result: Any) -> Any:  # a row of several programmes' results: its first's id
        return result[0].id if isinstance(result, list | tuple) else result.id

    kept = [r for r in found if id_of(r) == wanted]
    if not kept:
        ids = [id_of(r) for r in found if id_of(r)]
        raise Refused(
            said("records.no_such_id", wanted=wanted[:100], path=source, hint=suggest(wanted, ids)),
            status=404,
            code="no_such_id",
            field="id",
            value=wanted[:100],
        )
    return kept


def rules_list(request: Request) -> list[dict[str, Any]]:
    """Each rule set served, as ``GET /v1/rules`` answers: in force since, until, sha256."""
    return [_entry(rules) for _, rules in sorted(served(request).items())]


def _entry(rules: CompiledRuleSet[Any]) -> dict[str, Any]:
    version = version_of(rules.ruleset.header, Path(rules.ruleset.source))
    return {
        "id": version.id,
        "version": version.version,
        "kind": version.kind,
        "document": version.document,
        "title": {"vi": version.title.vi, "en": version.title.en},
        "effective_from": version.effective_from.isoformat(),
        "effective_to": version.effective_to.isoformat() if version.effective_to else None,
        "sha256": rules.sha256,
    }
