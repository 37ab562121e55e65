"""The officer's page in a minimal FastAPI app, for the page's tests.

The lead switches these to ``coopeval.serve.app.create_app(token=...)`` once the
API is merged; until then the app is built here as `create_app` will: every
bundled rule set loaded once, in ``app.state.rules``, and the page's router.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from coopeval.engine import CompiledRuleSet
from coopeval.pipeline import load
from coopeval.ruleset import Catalogue
from coopeval.serve import page

ROOT = Path(__file__).resolve().parents[2]
WORKBOOK = ROOT / "examples" / "officer-workbook.xlsx"
PILOTS_CSV = ROOT / "examples" / "pilots.csv"

#: The pilots and their ratings, from the province's review (67 to 79 points: all khá).
PILOTS = ("HTX-01", "HTX-02", "HTX-03", "HTX-04")
RATING = {"vi": "Khá", "en": "Fair"}


@cache
def bundled_rules() -> dict[str, CompiledRuleSet[Any]]:
    """Every bundled rule set, compiled once for all the tests."""
    return {rid: load(rid) for rid in Catalogue().ids()}


def page_app(token: str | None = None) -> FastAPI:
    """A new app serving the page (a fresh store of uploads), with ``token`` in its state."""
    app = FastAPI()
    app.include_router(page.router)
    app.state.rules = bundled_rules()
    app.state.token = token
    return app
