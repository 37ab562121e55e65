"""The ``coopeval`` command line: the only part of the package that prints.

Commands by group: `scorecard` (``score``, ``explain``, ``summary``),
`programme` (``eligible``, ``amount``, ``targets``), `rules` (``check``,
``rules``). Exit codes: 0 every record scored or rated not_rated; 1 some record
had errors (every row is still written); 2 usage errors or a bad rule set.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from coopeval.cli.common import OK, USAGE
from coopeval.cli.programme import programme_commands
from coopeval.cli.rules import rules_commands
from coopeval.cli.scorecard import scorecard_commands
from coopeval.errors import CoopevalError
from coopeval.version import __version__

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except CoopevalError as exc:
        print(f"coopeval: {exc}", file=sys.stderr)
        return USAGE
    except BrokenPipeError:
        return OK
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coopeval",
        description=(
            "Chấm điểm, xếp loại và giải thích kết quả hợp tác xã theo bộ quy tắc "
            "(Thông tư 01/2020/TT-BKHĐT, ...). / Score, rate and explain cooperatives "
            "against declarative rule sets."
        ),
        epilog="Exit codes: 0 all scored; 1 some record had errors; 2 usage or rule-set error.",
    )
    parser.add_argument("--version", action="version", version=f"coopeval {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    scorecard_commands(commands)
    programme_commands(commands)
    rules_commands(commands)
    return parser
