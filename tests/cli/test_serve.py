"""``coopeval serve``: the real server in a process of its own, as a user starts and stops it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.cli import run

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def server() -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``coopeval serve --no-browser --port 0`` started; the address it printed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with subprocess.Popen(
        [sys.executable, "-m", "coopeval", "serve", "--no-browser", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as process:
        try:
            assert process.stdout is not None
            yield process, process.stdout.readline().strip()
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)


class TestServe:
    def test_start_ask_and_stop(self, server: tuple[subprocess.Popen[str], str]) -> None:
        """The address is on 127.0.0.1 with a token; /health answers, /v1/rules with the
        token only; Ctrl-C (SIGINT) stops it with the interrupted exit code, no traceback."""
        process, address = server
        parts = urlsplit(address)
        token = parse_qs(parts.query)["token"][0]
        base = f"{parts.scheme}://{parts.netloc}"

        health = httpx.get(f"{base}/health", timeout=10)
        refused = httpx.get(f"{base}/v1/rules", timeout=10)
        rules = httpx.get(f"{base}/v1/rules", headers={"X-Coopeval-Token": token}, timeout=10)
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
        assert process.stderr is not None
        err = process.stderr.read()

        assert ("http", "127.0.0.1", "/") == (parts.scheme, parts.hostname, parts.path)
        assert 32 == len(token)
        assert (200, {"status": "ok"}) == (health.status_code, health.json())
        assert 401 == refused.status_code
        assert "tt01-2020" in [r["id"] for r in rules.json()]
        assert 130 == code
        assert "Traceback" not in err
        assert "coopeval: đã dừng theo yêu cầu" in err

    @pytest.mark.parametrize(
        ("lang", "said"),
        [
            ("vi", "--host 0.0.0.0 cho máy khác truy cập: hãy đặt --token"),
            ("en", "--host 0.0.0.0 lets other machines connect: give --token"),
        ],
    )
    def test_a_public_host_needs_a_token(
        self, capsys: pytest.CaptureFixture[str], lang: str, said: str
    ) -> None:
        """A host other machines reach, without --token: exit 2, said in the language asked."""
        code, out, err = run(["serve", "--host", "0.0.0.0", "--no-browser", "--lang", lang], capsys)

        assert (2, "") == (code, out)
        assert said in err

    def test_a_bad_port(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--port outside 0…65535: exit 2, the reason said."""
        with pytest.raises(SystemExit) as stopped:
            run(["serve", "--port", "70000", "--lang", "en"], capsys)
        err = capsys.readouterr().err

        assert 2 == stopped.value.code
        assert "--port needs a number from 0 to 65535" in err

    def test_without_the_extra(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without FastAPI installed: exit 2, saying which extra to install."""
        for name in [m for m in sys.modules if m.startswith(("coopeval.serve", "fastapi"))]:
            monkeypatch.delitem(sys.modules, name)
        monkeypatch.setitem(sys.modules, "fastapi", None)

        code, _, err = run(["serve", "--no-browser", "--lang", "en"], capsys)

        assert 2 == code
        assert "pip install 'coopeval[serve]' (fastapi is missing)" in err


class TestBind:
    def test_a_tcp_socket(self) -> None:
        """The socket says IPPROTO_TCP, so asyncio turns Nagle's algorithm off on its
        connections (else each answer waits 40 ms for a delayed ACK); port 0 is a free one."""
        from coopeval.serve.run import bind

        sock = bind("127.0.0.1", 0)
        try:
            assert socket.IPPROTO_TCP == sock.proto
            assert 0 != sock.getsockname()[1]
        finally:
            sock.close()
