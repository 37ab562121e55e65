"""The token every route but ``GET /health`` asks for, and the shield against tracebacks.

The token may come as ``Authorization: Bearer TOKEN``, the header
``X-Coopeval-Token``, the query ``?token=TOKEN`` (a browser's first visit, from
the address ``coopeval serve`` prints) or the cookie ``coopeval_token``, which a
``GET`` with the token in its query sets (HttpOnly, SameSite=Strict), so that
the page's links, downloads and the OpenAPI page work without the token in
every address. Tokens are compared in constant time.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

from starlette.datastructures import Headers, QueryParams
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from coopeval.messages import said
from coopeval.serve.problems import error_response, internal_problem, problem, scope_lang

__all__ = ["COOKIE", "OPEN_PATHS", "Shield", "TokenGuard"]

#: The cookie a browser keeps the token in.
COOKIE = "coopeval_token"

#: The paths that need no token: a monitor asks whether the service is up.
OPEN_PATHS = frozenset({"/health"})


class TokenGuard:
    """Refuse, with 401 JSON, every HTTP request without the token (but `OPEN_PATHS`)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token.encode("utf-8")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        query = QueryParams(scope.get("query_string", b"").decode("latin-1"))
        if not any(self._matches(given) for given in _presented(scope, query)):
            text = said("serve.unauthorized").text(scope_lang(scope))
            answer = error_response(
                401, [problem(text, "unauthorized")], {"WWW-Authenticate": "Bearer"}
            )
            await answer(scope, receive, send)
            return
        if scope["method"] == "GET" and self._matches(query.get("token")):
            send = _with_cookie(send, query["token"])
        await self.app(scope, receive, send)

    def _matches(self, given: str | None) -> bool:
        return given is not None and secrets.compare_digest(given.encode("utf-8"), self.token)


def _presented(scope: Scope, query: QueryParams) -> Iterator[str]:
    """Every token the request offers, wherever it put one."""
    headers = Headers(scope=scope)
    scheme, _, value = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        yield value.strip()
    for given in (
        headers.get("x-coopeval-token"),
        query.get("token"),
        cookie_parser(headers.get("cookie", "")).get(COOKIE),
    ):
        if given is not None:
            yield given


def _with_cookie(send: Send, token: str) -> Send:
    cookie = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict".encode("latin-1")

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", ()), (b"set-cookie", cookie)]}
        await send(message)

    return sending


class Shield:
    """Turn any unexpected error into a 500 JSON problem without its text or traceback.

    The error is logged for the server's owner; the client learns only that it
    happened. Once a response has started, it can only be cut short.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception:
            if started:
                raise
            await error_response(500, [internal_problem(scope_lang(scope))])(scope, receive, send)
