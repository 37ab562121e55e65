"""Every error of the service as JSON, in the shape of a record's errors, never a traceback.

``{"errors": [{"field", "value", "message", "code", "allowed"?, "row"?}]}``: the
fields of the JSON output contract's ``errors``, so a client reads a refused
request as it reads a record with errors. The message is in the ``lang`` the
request asks for (``vi`` unless ``en``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.types import Scope

from coopeval.errors import CoopevalError, RecordError, UsageError
from coopeval.messages import in_lang, said

__all__ = [
    "Refused",
    "error_response",
    "install_handlers",
    "internal_problem",
    "problem",
    "request_lang",
    "scope_lang",
]

_LOG = logging.getLogger("coopeval.serve")

#: The code said for an HTTP status the framework refuses with.
_CODES: Mapping[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
}


class Refused(UsageError):
    """A request the service refuses: the HTTP status and the problem to answer with."""

    def __init__(
        self,
        msg: str,
        *,
        status: int,
        code: str,
        field: str | None = None,
        value: str | None = None,
        allowed: Sequence[str] | None = None,
    ) -> None:
        super().__init__(msg)
        self.status, self.code, self.field, self.value = status, code, field, value
        self.allowed = allowed


def problem(
    message: str,
    code: str,
    *,
    field: str | None = None,
    value: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One entry of ``errors``; ``extra`` adds ``allowed`` or ``row`` where known."""
    return {"field": field, "value": value, "message": message, "code": code, **extra}


def error_response(
    status: int, problems: Sequence[Mapping[str, Any]], headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The JSON answer of a refused request."""
    return JSONResponse({"errors": list(problems)}, status_code=status, headers=headers)


def request_lang(request: Request) -> str:
    """The language a request asks for: ``?lang=en``, else Vietnamese."""
    return scope_lang(request.scope)


def scope_lang(scope: Scope) -> str:
    """The language of the request ``scope`` is for, as `request_lang` (for middleware)."""
    query = QueryParams(scope.get("query_string", b"").decode("latin-1"))
    return "en" if query.get("lang") == "en" else "vi"


def install_handlers(app: FastAPI) -> None:
    """Answer the framework's refusals and coopeval's errors as JSON problems."""
    app.add_exception_handler(Refused, _refused)  # type: ignore[arg-type]  # Starlette types handlers loosely
    app.add_exception_handler(CoopevalError, _coopeval)  # type: ignore[arg-type]  # as above
    app.add_exception_handler(HTTPException, _http)  # type: ignore[arg-type]  # as above
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]  # as above


async def _refused(request: Request, exc: Refused) -> JSONResponse:
    allowed = {} if exc.allowed is None else {"allowed": list(exc.allowed)}
    found = problem(
        in_lang(exc, request_lang(request)), exc.code, field=exc.field, value=exc.value, **allowed
    )
    return error_response(exc.status, [found])


async def _coopeval(request: Request, exc: CoopevalError) -> JSONResponse:
    """A whole input that cannot be read, or bad options: the request's fault (400)."""
    code = "unreadable" if isinstance(exc, RecordError) else "usage"
    return error_response(400, [problem(in_lang(exc, request_lang(request)), code)])


async def _http(request: Request, exc: HTTPException) -> JSONResponse:
    lang = request_lang(request)
    if exc.status_code == 404:
        text = said("serve.not_found", value=request.url.path).text(lang)
    elif exc.status_code == 405:
        text = said("serve.not_allowed", path=request.url.path, value=request.method).text(lang)
    else:
        text = said("serve.bad_request", reason=str(exc.detail)).text(lang)
    code = _CODES.get(exc.status_code, "http_error")
    return error_response(exc.status_code, [problem(text, code)], exc.headers)


async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    lang = request_lang(request)
    found = [
        problem(
            said("serve.invalid", reason=str(e.get("msg", ""))).text(lang),
            "invalid",
            field=".".join(str(part) for part in e.get("loc", ())[1:]) or None,
            value=_short(e.get("input")),
        )
        for e in exc.errors()
    ]
    return error_response(422, found)


def _short(value: Any) -> str | None:
    """A value quoted back, cut short: a hostile request does not get its megabytes echoed."""
    return None if value is None else str(value)[:200]


def internal_problem(lang: str) -> dict[str, Any]:
    """The one problem of an unexpected error: no exception text, no traceback."""
    _LOG.exception("coopeval serve: internal error")
    return problem(said("serve.internal").text(lang), "internal")
