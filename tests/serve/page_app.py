"""The officer's page as `coopeval serve` serves it, for the page's tests.

`page_app` is ``coopeval.serve.create_app``: the token guard, the JSON API and the
page, with every bundled rule set compiled once for all the tests.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from coopeval.engine import CompiledRuleSet
from coopeval.pipeline import load
from coopeval.ruleset import Catalogue
from coopeval.serve import create_app
from tests.serve import TOKEN

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


def page_app(token: str = TOKEN) -> FastAPI:
    """A new app serving the page (a fresh store of uploads), guarded by ``token``."""
    return create_app(token=token, rules=bundled_rules())
