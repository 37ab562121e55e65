"""Run the service with uvicorn on a socket bound beforehand, so port 0 gives a known port."""

from __future__ import annotations

import socket
from collections.abc import Callable

import uvicorn
from fastapi import FastAPI

__all__ = ["bind", "run"]


def bind(host: str, port: int) -> socket.socket:
    """A socket bound to ``host`` and ``port`` (0: a free one, chosen now)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP said, not left 0: asyncio turns Nagle's algorithm off only on sockets
    # that say so, and with it on each answer waits 40 ms for the client's delayed ACK
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


def run(app: FastAPI, sock: socket.socket, started: Callable[[], None]) -> None:
    """Serve ``app`` on ``sock`` until stopped; ``started`` is called once it listens.

    uvicorn stops gracefully on SIGINT and SIGTERM, then raises the signal again
    (a `KeyboardInterrupt` for Ctrl-C), as a command stopped by it should.
    """
    config = uvicorn.Config(
        app,
        log_level="warning",
        # beyond these, a client gets 503 rather than a server that falls over
        limit_concurrency=64,
        timeout_keep_alive=5,
        server_header=False,
    )
    _Server(config, started).run(sockets=[sock])


class _Server(uvicorn.Server):
    """uvicorn's server, saying so once it is listening."""

    def __init__(self, config: uvicorn.Config, started: Callable[[], None]) -> None:
        super().__init__(config)
        self.on_start = started

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started:
            self.on_start()
