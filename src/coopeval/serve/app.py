"""The service: `create_app` builds it with every rule set compiled once, at start.

Its layers, outermost first: the shield (an unexpected error is a 500 JSON
problem, never a traceback), the token guard, the body cap, then the routes:
the JSON API under ``/v1`` (`coopeval.serve.api`), the officer's page at ``/``
(`coopeval.serve.page`), ``GET /health`` and the OpenAPI page at ``/docs``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI

from coopeval.engine import CompiledRuleSet
from coopeval.pipeline import load
from coopeval.ruleset import Catalogue
from coopeval.serve import api, page
from coopeval.serve.limits import DEFAULT_MAX_BODY, BodyLimit
from coopeval.serve.problems import install_handlers
from coopeval.serve.security import Shield, TokenGuard
from coopeval.version import __version__

__all__ = ["create_app", "load_rules"]

_DESCRIPTION = (
    "Chấm điểm, xét điều kiện hỗ trợ và giải thích kết quả hợp tác xã, với cùng tên trường "
    "như đầu ra JSON của dòng lệnh. / Score, judge eligibility and explain cooperatives, "
    "with the field names of the command line's JSON output.\n\n"
    "Mọi địa chỉ trừ `GET /health` cần mã truy cập / every route but `GET /health` needs "
    "the token: `Authorization: Bearer TOKEN`, `X-Coopeval-Token: TOKEN` or `?token=TOKEN`."
)


def create_app(
    *,
    token: str,
    rules: Mapping[str, CompiledRuleSet[Any]] | None = None,
    max_body: int = DEFAULT_MAX_BODY,
) -> FastAPI:
    """The coopeval service, guarded by ``token``.

    Args:
        token: what every request but ``GET /health`` must present.
        rules: the rule sets served, id → compiled (default: every bundled one,
            loaded and compiled now, as `load_rules` gives them).
        max_body: the largest request body, in bytes (413 beyond).
    """
    app = FastAPI(title="coopeval", version=__version__, description=_DESCRIPTION)
    app.state.rules = dict(rules) if rules is not None else load_rules()
    app.state.token = token
    install_handlers(app)
    app.include_router(api.router, prefix="/v1")
    app.include_router(page.router)
    app.add_api_route("/health", _health, methods=["GET"], tags=["service"])
    # added last is outermost: the shield sees every error of the layers within
    app.add_middleware(BodyLimit, max_body=max_body)
    app.add_middleware(TokenGuard, token=token)
    app.add_middleware(Shield)
    return app


def load_rules(catalogue: Catalogue | None = None) -> dict[str, CompiledRuleSet[Any]]:
    """Every rule set of ``catalogue`` (default: the bundled ones), id → compiled."""
    found = catalogue or Catalogue()
    return {rule_id: load(rule_id, catalogue=found) for rule_id in found.ids()}


async def _health() -> dict[str, str]:
    """Whether the service is up; needs no token."""
    return {"status": "ok"}
