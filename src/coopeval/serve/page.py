"""The officer's page at ``/``: a placeholder until the page's own module replaces it."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

__all__ = ["router"]

router = APIRouter()

_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>coopeval</title></head>
<body><h1>coopeval</h1><p>Trang cho cán bộ đang được xây dựng; xem <a href="/docs">/docs</a>.
/ The officer's page is being built; see <a href="/docs">/docs</a>.</p></body></html>
"""


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def home() -> HTMLResponse:
    """The page: for now, a pointer to the API's documentation."""
    return HTMLResponse(_PAGE)
