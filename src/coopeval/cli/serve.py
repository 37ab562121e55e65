"""The ``serve`` command: coopeval as a local service, the officer's page and the JSON API.

It listens on ``127.0.0.1`` and a free port unless told otherwise, prints the
address with a random token (as Jupyter does), and opens the browser there. A
host other machines can reach needs an explicit ``--token``. Ctrl-C stops it
(exit 130, like every command).
"""

from __future__ import annotations

import argparse
import ipaddress
import secrets
import sys
import webbrowser
from typing import Any
from urllib.parse import quote

from coopeval.cli.common import OK, catalogue, rules_dir_option
from coopeval.cli.parser import Parser
from coopeval.errors import UsageError
from coopeval.messages import said

__all__ = ["serve_commands"]

#: The host names that reach only this machine, besides loopback addresses.
_LOCAL_NAMES = frozenset({"localhost"})


def serve_commands(commands: Any) -> None:
    """Add ``serve`` to the command line."""
    serve = commands.add_parser(
        "serve",
        help="trang cho cán bộ và API JSON / the officer's page and the JSON API",
        description=(
            "Chạy coopeval như một dịch vụ trên máy này: trang cho cán bộ (tải bảng tính lên, "
            "xem kết quả) và API JSON (/docs). / Run coopeval as a local service: the "
            "officer's page (upload a workbook, see the results) and the JSON API (/docs). "
            "Needs pip install 'coopeval[serve]'."
        ),
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="địa chỉ nghe / address to listen on (default: 127.0.0.1)",
    )
    serve.add_argument(
        "--port", type=_port, default=0, help="cổng / port (default: 0, a free port)"
    )
    serve.add_argument(
        "--no-browser",
        action="store_true",
        help="không mở trình duyệt / do not open the browser",
    )
    serve.add_argument(
        "--token",
        help="mã truy cập / the token every request must give (default: a new random one); "
        "required with a --host other machines can reach",
    )
    rules_dir_option(serve)
    serve.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help="ngôn ngữ / language of messages (default: vi)",
    )
    serve.set_defaults(run=_serve, parser=serve)


def _port(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        words = said("serve.port", text=repr(text)).text(Parser.lang)
        raise argparse.ArgumentTypeError(words)
    return number


def _serve(args: argparse.Namespace) -> int:
    if not _local(args.host) and not args.token:
        raise UsageError(said("serve.public_host", host=args.host))
    try:
        from coopeval.serve import create_app, load_rules
        from coopeval.serve.run import bind, run
    except ModuleNotFoundError as exc:
        raise UsageError(said("serve.not_installed", module=exc.name or "fastapi")) from None
    token = args.token or secrets.token_urlsafe(24)
    app = create_app(token=token, rules=load_rules(catalogue(args)))
    sock = bind(args.host, args.port)
    host = f"[{args.host}]" if ":" in args.host else args.host
    address = f"http://{host}:{sock.getsockname()[1]}/?token={quote(token, safe='')}"

    def started() -> None:
        print(said("serve.listening").text(args.lang), file=sys.stderr)
        print(address, flush=True)
        if not args.no_browser:
            webbrowser.open(address)

    run(app, sock, started)
    return OK


def _local(host: str) -> bool:
    """Whether ``host`` can be reached only from this machine."""
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
