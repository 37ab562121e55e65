"""The ``coopeval`` command line: the only part of the package that prints.

Commands by group: `scorecard` (``score``, ``explain``, ``summary``),
`programme` (``eligible``, ``amount``, ``targets``), `rules` (``check``,
``rules``), `whatif`, `diff`, `coverage` (its own exit 1: under ``--fail-under``),
`report` (HTML pages), `money` (its own exit 1: a figure that does not add up),
`serve` (the officer's page and the JSON API, until Ctrl-C).
Exit codes: 0 every record scored or rated not_rated; 1 some record
had errors (every row is still written, and the count is said on standard
error); 2 a usage, file or rule-set error; 3 an internal error (a bug: one line
saying where to report it, never a traceback); 130 stopped with Ctrl-C.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from coopeval.cli.common import INTERNAL, INTERRUPTED, USAGE
from coopeval.cli.coverage import coverage_commands
from coopeval.cli.diff import diff_commands
from coopeval.cli.money import money_commands
from coopeval.cli.parser import Parser, asked_lang, unknown_options
from coopeval.cli.programme import programme_commands
from coopeval.cli.report import report_commands
from coopeval.cli.rules import rules_commands
from coopeval.cli.scorecard import scorecard_commands
from coopeval.cli.serve import serve_commands
from coopeval.cli.whatif import whatif_commands
from coopeval.errors import CoopevalError
from coopeval.messages import in_lang, said
from coopeval.version import __version__

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0, 1, 2, or 3 for an internal error)."""
    _utf8_streams()
    Parser.lang = asked_lang(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        unknown_options(getattr(args, "parser", parser), extra)
    lang = getattr(args, "lang", "vi")
    try:
        code: int = args.run(args)
    except CoopevalError as exc:
        print(f"coopeval: {in_lang(exc, lang)}", file=sys.stderr)
        return USAGE
    except KeyboardInterrupt:
        print(f"coopeval: {said('notes.interrupted').text(lang)}", file=sys.stderr)
        return INTERRUPTED
    except OSError as exc:  # a file the run reads: gone, unreadable, a device that fails
        where = exc.filename or "coopeval"
        reason = exc.strerror or str(exc)
        print(
            f"coopeval: {said('files.os_error', path=where, reason=reason).text(lang)}",
            file=sys.stderr,
        )
        return USAGE
    except Exception as exc:  # a bug: one line, not a traceback
        if os.environ.get("COOPEVAL_DEBUG"):
            raise
        error = f"{type(exc).__name__}: {exc}"
        print(f"coopeval: {said('notes.internal', error=error).text(lang)}", file=sys.stderr)
        return INTERNAL
    return code


def _utf8_streams() -> None:
    """Write UTF-8 whatever the locale: a Windows code page (cp1258) cannot hold every
    Vietnamese letter Python writes (precomposed), and a file or pipe expects UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="coopeval",
        description=(
            "Chấm điểm, xếp loại và giải thích kết quả hợp tác xã theo bộ quy tắc "
            "(Thông tư 01/2020/TT-BKHĐT, ...). / Score, rate and explain cooperatives "
            "against declarative rule sets."
        ),
        epilog=(
            "Mã thoát / exit codes: 0 mọi bản ghi đã chấm / all scored; 1 có bản ghi lỗi / "
            "some records had errors; 2 lỗi lệnh, tệp hoặc bộ quy tắc / usage, file or "
            "rule-set error; 3 lỗi nội bộ / internal error."
        ),
    )
    parser.add_argument("-V", "--version", action="version", version=f"coopeval {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    scorecard_commands(commands)
    programme_commands(commands)
    rules_commands(commands)
    whatif_commands(commands)
    diff_commands(commands)
    coverage_commands(commands)
    report_commands(commands)
    money_commands(commands)
    serve_commands(commands)
    return parser
