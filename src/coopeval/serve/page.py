"""The officer's page of ``coopeval serve``: upload a workbook, see its columns, results, plans.

``GET /`` is the form (Vietnamese, ``?lang=en`` English); ``POST /upload``
reads the workbook (`coopeval.serve.upload`) and sends the browser on to
``/s/{session}``: the column plan, the results table, the eligibility matrix
(each condition on click), and links to each cooperative's printable
scorecard and plan, all scorecards, the province overview, and the officer's
XLSX. Plain HTML forms and links, no script, no external file; every value
is escaped (Jinja2 autoescaping) and each page forbids scripts and outside
requests in its ``Content-Security-Policy``. What was read stays in memory
only (`coopeval.serve.sessions`) until "forget" or expiry.

The rule sets are ``request.app.state.rules`` (id → compiled rule set); the
token ``request.app.state.token``, checked by the app before any route here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from coopeval.engine import CompiledRuleSet, Evaluation, whatif
from coopeval.errors import CoopevalError
from coopeval.messages import Message, in_lang, said
from coopeval.report.html import environment, render_html
from coopeval.report.messages import Lang, message
from coopeval.report.whatif import render_whatif
from coopeval.serve import sessions
from coopeval.serve.upload import Reading, UploadError, officer_workbook, read_upload
from coopeval.serve.view import columns, programme_titles, result_rows

__all__ = ["DEFAULT_SCORECARD", "router"]

router = APIRouter(include_in_schema=False)


#: The scorecard chosen when the form names none.
DEFAULT_SCORECARD = "tt01-2020"

#: Every page: its own style only, no script, no request to any other site, no framing.
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_TEMPLATES = Path(__file__).parent / "templates"


@router.get("/", response_class=HTMLResponse)
def index(request: Request, lang: str = "vi") -> Response:
    """The upload form (the token guard leaves a first visit's ``?token=`` in a cookie)."""
    return _form(request, _lang(lang))


@router.post("/upload", response_class=HTMLResponse)
async def upload(request: Request) -> Response:
    """Read the uploaded workbook and send the browser to its results (303), or say why not."""
    async with request.form() as form:  # closes the spooled upload, however this ends
        chosen = _lang(str(form.get("lang", "vi")))
        wanted = str(form.get("rules") or DEFAULT_SCORECARD)
        file = form.get("file")
        named = isinstance(file, UploadFile) and bool(file.filename)
        data = await file.read() if isinstance(file, UploadFile) and named else b""
        filename = file.filename if isinstance(file, UploadFile) else None
    rules = _rules(request)
    if wanted not in _scorecards(rules):
        known = ", ".join(_scorecards(rules))
        return _form(request, chosen, said("page.unknown_rules", rules=wanted, known=known))
    if not named:
        return _form(request, chosen, said("page.no_file"))
    try:
        reading = await run_in_threadpool(
            read_upload, filename, data, rules[wanted], _programmes(rules)
        )
    except UploadError as exc:
        return _form(request, chosen, exc)
    if not reading.rows:
        return _form(request, chosen, said("page.no_records", name=reading.name))
    sid = _sessions(request).put(reading)
    return RedirectResponse(f"/s/{sid}?lang={chosen}", status_code=303, headers=HEADERS)


@router.get("/s/{sid}", response_class=HTMLResponse)
def results(request: Request, sid: str, lang: str = "vi") -> Response:
    """The column plan, the results table, the eligibility matrix and the downloads."""
    chosen = _lang(lang)

    def show(reading: Reading) -> Response:
        return _page(
            request,
            "results.html",
            chosen,
            reading=reading,
            base=f"/s/{sid}",
            cols=columns(reading, chosen),
            rows=result_rows(reading, chosen),
            titles=programme_titles(reading.programmes, chosen),
        )

    return _kept(request, sid, chosen, show)


@router.get("/s/{sid}/card/{index}", response_class=HTMLResponse)
def card(request: Request, sid: str, index: int, lang: str = "vi") -> Response:
    """One cooperative's printable scorecard (`coopeval.render_html`)."""
    chosen = _lang(lang)

    def show(reading: Reading, evaluation: Evaluation) -> Response:
        return _html(render_html(reading.scorecard, evaluation, lang=chosen))

    return _kept_row(request, sid, index, chosen, show)


@router.get("/s/{sid}/plan/{index}", response_class=HTMLResponse)
def plan(request: Request, sid: str, index: int, lang: str = "vi") -> Response:
    """One cooperative's plan to the highest rating (``coopeval whatif``'s words)."""
    chosen = _lang(lang)

    def show(reading: Reading, evaluation: Evaluation) -> Response:
        rules = reading.scorecard
        ident = evaluation.id or f"#{evaluation.row}"
        return _page(
            request,
            "page.html",
            chosen,
            heading=message("page", "plan_title", chosen, id=ident),
            text=render_whatif([whatif(rules, evaluation)], rules, chosen),
            back_url=f"/s/{sid}?lang={chosen}",
        )

    return _kept_row(request, sid, index, chosen, show)


@router.get("/s/{sid}/cards", response_class=HTMLResponse)
def cards(request: Request, sid: str, lang: str = "vi") -> Response:
    """Every cooperative's printable scorecard, one A4 page each."""
    chosen = _lang(lang)

    def show(reading: Reading) -> Response:
        return _html(render_html(reading.scorecard, reading.evaluations(), lang=chosen))

    return _kept(request, sid, chosen, show)


@router.get("/s/{sid}/dashboard", response_class=HTMLResponse)
def dashboard(request: Request, sid: str, lang: str = "vi") -> Response:
    """The printable province overview of the upload, with its eligibility."""
    chosen = _lang(lang)

    def show(reading: Reading) -> Response:
        eligibility = [list(row.programmes) for row in reading.rows]
        evaluations = reading.evaluations()
        page = render_html(
            reading.scorecard, evaluations, lang=chosen, summary=True, eligibility=eligibility
        )
        return _html(page)

    return _kept(request, sid, chosen, show)


@router.get("/s/{sid}/workbook.xlsx")
def workbook(request: Request, sid: str, lang: str = "vi") -> Response:
    """The officer's XLSX workbook, as ``coopeval score FILE -o results.xlsx`` writes it."""
    chosen = _lang(lang)
    stem = "ketqua" if chosen == "vi" else "results"
    disposition = f'attachment; filename="coopeval-{stem}.xlsx"'

    def show(reading: Reading) -> Response:
        return Response(
            officer_workbook(reading, chosen),
            media_type=XLSX,
            headers={**HEADERS, "Content-Disposition": disposition},
        )

    return _kept(request, sid, chosen, show)


@router.post("/s/{sid}/forget")
def forget(request: Request, sid: str, lang: str = "vi") -> Response:
    """Drop what was read of the upload now; back to the form."""
    _sessions(request).forget(sid)
    return RedirectResponse(f"/?lang={_lang(lang)}", status_code=303, headers=HEADERS)


def _lang(lang: str) -> Lang:
    return "en" if lang == "en" else "vi"


def _rules(request: Request) -> Mapping[str, CompiledRuleSet[Any]]:
    rules: Mapping[str, CompiledRuleSet[Any]] = request.app.state.rules
    return rules


def _scorecards(rules: Mapping[str, CompiledRuleSet[Any]]) -> list[str]:
    return [rid for rid, r in rules.items() if r.kind == "scorecard"]


def _programmes(rules: Mapping[str, CompiledRuleSet[Any]]) -> list[CompiledRuleSet[Any]]:
    """The programmes with conditions, as ``coopeval eligible`` runs them by default."""
    return [r for r in rules.values() if r.kind == "eligibility" and r.body.root is not None]


def _sessions(request: Request) -> sessions.Sessions:
    """The app's store of uploads, made on first use."""
    state = request.app.state
    store: sessions.Sessions | None = getattr(state, "page_sessions", None)
    if store is None:
        store = state.page_sessions = sessions.Sessions()
    return store


def _kept(request: Request, sid: str, lang: Lang, show: Callable[[Reading], Response]) -> Response:
    """``show`` of the upload of ``sid``, or a 404 saying to upload again."""
    reading = _sessions(request).get(sid)
    if reading is None:
        return _gone(request, lang, said("page.expired", minutes=sessions.TTL // 60))
    return show(reading)


def _kept_row(
    request: Request,
    sid: str,
    index: int,
    lang: Lang,
    show: Callable[[Reading, Evaluation], Response],
) -> Response:
    """``show`` of row ``index`` of the upload of ``sid``, or a 404."""

    def row(reading: Reading) -> Response:
        if not 0 <= index < len(reading.rows):
            return _gone(request, lang, said("page.no_row", index=index))
        return show(reading, reading.rows[index].evaluation)

    return _kept(request, sid, lang, row)


def _form(
    request: Request,
    lang: str,
    error: Message | CoopevalError | None = None,
    *,
    status: int = 400,
    heading: str = "cannot",
) -> Response:
    """The upload form, with the reason the last request was refused (``status``) if any."""
    found = _scorecards(_rules(request))
    return _page(
        request,
        "index.html",
        lang,
        status=200 if error is None else status,
        here="/",
        error=_words(error, lang) if error is not None else "",
        error_heading=message("page", heading, lang),
        minutes=sessions.TTL // 60,
        scorecards=found,
        chosen=DEFAULT_SCORECARD if DEFAULT_SCORECARD in found else (found or [""])[0],
    )


def _gone(request: Request, lang: str, reason: Message) -> Response:
    """The form again, saying what was not found (a 404)."""
    return _form(request, lang, reason, status=404, heading="gone")


def _words(error: Message | CoopevalError, lang: str) -> str:
    return error.text(lang) if isinstance(error, UploadError | Message) else in_lang(error, lang)


def _page(
    request: Request,
    template: str,
    lang: str,
    status: int = 200,
    here: str | None = None,
    **values: Any,
) -> Response:
    """``template`` in ``lang``; its language link goes to ``here`` (default: this page)."""

    def words(key: str, **more: Any) -> str:
        return message("page", key, lang, **more)

    def word(section: str, key: str) -> str:
        return message(section, key, lang)

    def url(path: str, **query: str) -> str:
        return f"{path}?{urlencode({'lang': lang, **query})}"

    other = "vi" if lang == "en" else "en"
    query = {k: v for k, v in request.query_params.items() if k not in ("lang", "token")}
    text = (
        environment(_TEMPLATES)
        .get_template(template)
        .render(
            lang=lang,
            t=words,
            w=word,
            url=url,
            title=message("page", "title", lang),
            other_lang_url=f"{here or request.url.path}?{urlencode({**query, 'lang': other})}",
            **values,
        )
    )
    return _html(text, status)


def _html(text: str, status: int = 200) -> Response:
    return HTMLResponse(text, status_code=status, headers=HEADERS)
