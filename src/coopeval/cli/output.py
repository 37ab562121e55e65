"""The output options every command shares, and how their results are written.

The format follows the output file's name (``.xlsx``, ``.csv``, ``.json``,
``.jsonl``, ``.txt``/``.md`` for text) or ``--format``; the two must agree.
Every file goes through `coopeval.formats.targets`: written beside the target,
renamed at the end, never over an input or a device. A CSV file for Excel
starts with a byte-order mark: by default when a ``.csv`` file is written with
``--lang vi`` (Excel then reads the Vietnamese letters right), or as
``--excel-csv`` / ``--no-excel-csv`` say.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from coopeval.errors import UsageError
from coopeval.formats.targets import file_target, is_stdout, text_target
from coopeval.messages import said

__all__ = [
    "SUFFIXES",
    "chosen_format",
    "excel_bom",
    "file_output",
    "inputs_of",
    "output_options",
    "tell_failed",
    "text_output",
    "text_width",
]

#: The format each output file name ends with; ``text`` is a command's table or text.
SUFFIXES = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".json": "json",
    ".xlsx": "xlsx",
    ".txt": "text",
    ".md": "text",
}
#: The names ``--format`` gives the text output (per command, for continuity).
TEXT_NAMES = ("table", "text")


def output_options(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    """``--format`` (first choice the default), ``--output``, and for CSV ``--excel-csv``."""
    parser.add_argument(
        "--format",
        choices=formats,
        default=None,
        help=(f"định dạng / output format (default: from the --output name, else {formats[0]})"),
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="PATH",
        help="ghi vào tệp / write to this file (.xlsx .csv .json .jsonl .txt .md); '-' or "
        "none: standard output",
    )
    if any(f in TEXT_NAMES for f in formats):
        parser.add_argument(
            "--width",
            type=int,
            metavar="N",
            default=None,
            help="độ rộng bảng / wrap text tables to N characters (default: the terminal's "
            "width on standard output, none in a file; 0: never wrap)",
        )
    if "csv" in formats:
        parser.add_argument(
            "--excel-csv",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="CSV with a byte-order mark for Excel (default: yes for a .csv file with "
            "--lang vi, else no)",
        )


def text_width(args: argparse.Namespace) -> int | None:
    """How wide text tables may be: ``--width``, else the terminal's on standard output.

    ``COLUMNS`` counts as the terminal's width (``shutil`` reads it first). A file
    or a pipe has no terminal: its tables are as wide as their cells unless
    asked, so that a program reading them gets one line per row.
    """
    asked: int | None = getattr(args, "width", None)
    if asked is not None:
        return asked if asked > 0 else None
    output: str | None = getattr(args, "output", None)
    if output is not None and not is_stdout(output):
        return None
    if os.environ.get("COLUMNS", "").strip().isdigit() or _is_terminal(sys.stdout):
        return shutil.get_terminal_size().columns
    return None


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


def chosen_format(args: argparse.Namespace, formats: Sequence[str]) -> str:
    """The output format: ``--format``, else the output name's, else the command's default.

    Raises:
        UsageError: ``--format`` and the name disagree, the name has a suffix this
            command does not write, or an unknown suffix and no ``--format``.
    """
    text = next((f for f in formats if f in TEXT_NAMES), formats[0])
    output: str | None = getattr(args, "output", None)
    named = None
    if output is not None and not is_stdout(output):
        suffix = Path(output).suffix.lower()
        named = SUFFIXES.get(suffix)
        named = text if named == "text" else named
        if named is None and args.format is None:
            raise UsageError(said("usage.unknown_suffix", path=output, formats=", ".join(formats)))
        if named is not None and args.format is not None and named != args.format:
            raise UsageError(
                said("usage.format_mismatch", path=output, named=named, asked=args.format)
            )
        if named is not None and named not in formats:
            raise UsageError(said("usage.format_not_here", path=output, formats=", ".join(formats)))
    chosen: str = args.format or named or formats[0]
    if chosen == "xlsx" and is_stdout(output):
        raise UsageError(said("output.xlsx_stdout"))
    return chosen


def inputs_of(args: argparse.Namespace) -> list[str]:
    """The files this run reads: no output may replace one of them."""
    found = [getattr(args, "input", None), getattr(args, "header_map", None)]
    found.append(getattr(args, "checks", None))  # the money checks file
    for spec in _rule_specs(args):
        if Path(spec).exists():
            found.append(spec)
    return [f for f in found if f]


def _rule_specs(args: argparse.Namespace) -> list[str]:
    specs = getattr(args, "rules", None)
    if isinstance(specs, str):
        return [specs]
    return [s for part in specs or () for s in part.split(",") if s]


def excel_bom(args: argparse.Namespace, fmt: str) -> bool:
    """Whether a CSV output starts with a byte-order mark (see the module docstring)."""
    if fmt != "csv":
        return False
    asked: bool | None = getattr(args, "excel_csv", None)
    if asked is not None:
        return asked
    return not is_stdout(getattr(args, "output", None)) and getattr(args, "lang", "vi") == "vi"


@contextlib.contextmanager
def text_output(args: argparse.Namespace, fmt: str) -> Iterator[IO[str]]:
    """Where a text format goes: the output file (safely), or standard output."""
    with text_target(
        getattr(args, "output", None), inputs_of(args), bom=excel_bom(args, fmt)
    ) as out:
        yield out


@contextlib.contextmanager
def file_output(args: argparse.Namespace) -> Iterator[Path]:
    """The path a workbook writer writes to; it replaces ``--output`` at the end."""
    with file_target(args.output, inputs_of(args)) as path:
        yield path


def tell_failed(count: int, lang: str) -> None:
    """How many records had errors, on standard error, whatever the output format."""
    if count:
        print(f"coopeval: {said('notes.records_failed', count=count).text(lang)}", file=sys.stderr)
