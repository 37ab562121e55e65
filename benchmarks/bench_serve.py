"""How fast the service answers: single-record ``POST /v1/score`` on localhost, under load.

    python benchmarks/bench_serve.py [--requests 2000] [--clients 4] [--warmup 50]

Starts the real server (``coopeval serve --no-browser --port 0`` in a child
process, uvicorn on 127.0.0.1), then sends a fixed number of requests from a
few client threads, each on its own kept-alive connection, each taking the next
request number until all are sent: the run stops by itself. Each request is one
of the four pilots of ``examples/pilots.json``; each answer is checked (status
200, the pilot's id and total as scored in process), and any other answer
counts as an error. Then, in this process and on the same records, the same
number of calls of `coopeval.evaluate` + `coopeval.to_dict`. Prints requests per
second, p50 and p99 latency, errors, and the ratio of in-process calls per
second to the server's requests per second.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
PILOTS = ROOT / "examples" / "pilots.json"

import coopeval  # noqa: E402

#: The server started, but for its token.
_COMMAND = (sys.executable, "-m", "coopeval", "serve", "--no-browser", "--port", "0", "--token")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--warmup", type=int, default=50)
    args = parser.parse_args()
    records = json.loads(PILOTS.read_text(encoding="utf-8"))
    bodies = [json.dumps(r, ensure_ascii=False).encode("utf-8") for r in records]
    rules = coopeval.load("tt01-2020")
    expected = [(r["id"], coopeval.to_dict(coopeval.evaluate(rules, r))["total"]) for r in records]
    token = secrets.token_urlsafe(24)
    with _server(token) as (host, port):
        _load(host, port, token, bodies, expected, args.warmup, args.clients)  # not counted
        wall, latencies, errors = _load(
            host, port, token, bodies, expected, args.requests, args.clients
        )
    in_process = _in_process(rules, records, args.requests)
    _report(args, wall, latencies, errors, in_process)


class _server:  # noqa: N801  # used as a context manager, named for what it holds
    """``coopeval serve`` in a child process; its host and port; stopped with SIGINT."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __enter__(self) -> tuple[str, int]:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        self.process = subprocess.Popen(
            [*_COMMAND, self.token],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert self.process.stdout is not None
        address = urlsplit(self.process.stdout.readline().strip())
        if address.hostname is None or address.port is None:
            self.process.kill()
            msg = "coopeval serve printed no address"
            raise SystemExit(msg)
        return address.hostname, address.port

    def __exit__(self, *exc: object) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def _load(
    host: str,
    port: int,
    token: str,
    bodies: list[bytes],
    expected: list[tuple[str, str]],
    total: int,
    clients: int,
) -> tuple[float, list[float], int]:
    """Send ``total`` requests from ``clients`` threads: wall time, latencies, errors."""
    lock = threading.Lock()
    sent = 0
    latencies: list[float] = []
    errors = 0

    def client() -> None:
        nonlocal sent, errors
        connection = http.client.HTTPConnection(host, port, timeout=30)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        while True:
            with lock:
                if sent >= total:
                    break
                number = sent
                sent += 1
            index = number % len(bodies)
            before = time.perf_counter()
            ok = _ask(connection, headers, bodies[index], expected[index])
            elapsed = time.perf_counter() - before
            with lock:
                latencies.append(elapsed)
                errors += not ok
            if not ok:  # a fresh connection after a failure, so one error stays one
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, errors


def _ask(
    connection: http.client.HTTPConnection,
    headers: dict[str, str],
    body: bytes,
    expected: tuple[str, str],
) -> bool:
    """One request; whether it was answered 200 with the record's id and total."""
    try:
        connection.request("POST", "/v1/score", body=body, headers=headers)
        answer = connection.getresponse()
        data = answer.read()
    except (OSError, http.client.HTTPException):
        return False
    if answer.status != 200:
        return False
    found = json.loads(data)
    return len(found) == 1 and (found[0]["id"], found[0]["total"]) == expected


def _in_process(rules: Any, records: list[dict[str, Any]], total: int) -> float:
    """Seconds for ``total`` calls of evaluate + to_dict on the same records, in turn."""
    started = time.perf_counter()
    for number in range(total):
        coopeval.to_dict(coopeval.evaluate(rules, records[number % len(records)]))
    return time.perf_counter() - started


def _report(
    args: argparse.Namespace,
    wall: float,
    latencies: list[float],
    errors: int,
    in_process: float,
) -> None:
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
    served = len(latencies) / wall
    local = args.requests / in_process
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"# {args.requests:,} requests from {args.clients} clients; Python "
        f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average {load:.1f}"
    )
    print("| measure | value |")
    print("|---|---:|")
    print(f"| requests | {len(latencies):,} |")
    print(f"| errors | {errors} |")
    print(f"| requests per second | {served:,.0f} |")
    print(f"| p50 latency | {p50 * 1000:.2f} ms |")
    print(f"| p99 latency | {p99 * 1000:.2f} ms |")
    print(f"| in process: evaluate + to_dict per second | {local:,.0f} |")
    print(f"| in process: per call | {in_process / args.requests * 1000:.3f} ms |")
    print(f"| ratio in process / served | {local / served:.1f} × |")
    if errors:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
