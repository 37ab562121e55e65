"""The size cap of a request body: 413 JSON before the body is read, or as soon as it passes.

A declared ``Content-Length`` over the cap is refused at once; a body sent in
chunks (no length, or a false one) is counted as it arrives, and refused when
the count passes the cap, whatever part of the service was reading it.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from coopeval.messages import said
from coopeval.serve.problems import error_response, problem, scope_lang

__all__ = ["DEFAULT_MAX_BODY", "BodyLimit"]

#: The default cap, in bytes: a large district's workbook, with room to spare.
DEFAULT_MAX_BODY = 10 * 2**20


class _TooLarge(Exception):
    """The body passed the cap while it was read."""


class BodyLimit:
    """Refuse a request body longer than ``max_body`` bytes with 413 ``too_large``."""

    def __init__(self, app: ASGIApp, max_body: int = DEFAULT_MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def receiving() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise _TooLarge
            return message

        try:
            await self.app(scope, receiving, send)
        except _TooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        text = said("serve.too_large", limit=self.max_body).text(scope_lang(scope))
        answer = error_response(413, [problem(text, "too_large")], {"Connection": "close"})
        await answer(scope, receive, send)
