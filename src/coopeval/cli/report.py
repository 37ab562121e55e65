"""The ``report`` command: HTML pages, a scorecard per cooperative or the province's dashboard.

``-o card.html`` writes one file (a page per cooperative when there are
several), ``-o DIR/`` one file per cooperative named after its id, and no
``-o`` (or ``-`` ) writes the page to standard output. Every file goes through
the safe writer of `coopeval.formats.targets`.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from coopeval.cli.common import OK, RECORD_ERRORS, find_id, load_kind, no_records, read, tell
from coopeval.cli.output import inputs_of, tell_failed
from coopeval.cli.programme import all_programmes
from coopeval.cli.scorecard import record_options
from coopeval.engine import CompiledRuleSet, Evaluation
from coopeval.errors import UsageError
from coopeval.formats import FileResults
from coopeval.formats.targets import is_stdout, text_target
from coopeval.messages import said
from coopeval.report.html import render_html

__all__ = ["report_commands"]

#: The suffixes of a page's file.
HTML_SUFFIXES = (".html", ".htm")


def report_commands(commands: Any) -> None:
    """Add ``report`` to the command line."""
    parser = commands.add_parser(
        "report",
        help="trang HTML: phiếu chấm điểm, tổng hợp của tỉnh / HTML scorecards, province dashboard",
        description=(
            "Phiếu đánh giá từng hợp tác xã (như mẫu Phụ lục 2) hoặc trang tổng hợp của tỉnh, "
            "một trang HTML tự chứa, in được trên A4. / Each cooperative's scorecard (laid out "
            "like the Appendix 2 form) or the province's dashboard: one self-contained HTML "
            "page that prints on A4."
        ),
    )
    record_options(parser)
    parser.add_argument("--id", help="chỉ hợp tác xã này / only the record with this id")
    parser.add_argument(
        "--summary",
        action="store_true",
        help="trang tổng hợp của tỉnh / the province's dashboard: totals, ratings by district, "
        "who is under 80 with the best plan, eligibility, the items most often in plans",
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="PATH",
        help="ghi vào tệp / write to FILE.html (a page per cooperative), or DIR/ (one ID.html "
        "per cooperative); '-' or none: standard output",
    )
    parser.set_defaults(run=_report, parser=parser)


def _report(args: argparse.Namespace) -> int:
    rules = load_kind(args, args.rules, "scorecard")
    folder = _folder(args.output)
    if args.summary:
        if args.id is not None:
            raise UsageError(said("report.id_and_summary"))
        if folder is not None:
            raise UsageError(said("report.summary_folder", path=args.output))
        return _dashboard(args, rules)
    results = _read(args, rules)
    everything: list[Evaluation] = list(results)
    chosen = find_id(everything, args.id, lambda ev: ev.id, args.input)
    if chosen and folder is not None:
        if not folder.exists() and folder.parent.is_dir():
            folder.mkdir()  # the folder named with a trailing slash, one level only
        for name, ev in _file_names(chosen):
            _write(args, str(folder / name), render_html(rules, ev, lang=args.lang))
    elif chosen:
        _write(args, args.output, render_html(rules, chosen, lang=args.lang))
    return _finish(args, results, everything)


def _dashboard(args: argparse.Namespace, rules: CompiledRuleSet[Any]) -> int:
    programmes = all_programmes(args)
    results = _read(args, [rules, *programmes])
    rows: list[list[Any]] = list(results)
    evaluations = [row[0] for row in rows]
    if rows:
        page = render_html(
            rules,
            evaluations,
            lang=args.lang,
            summary=True,
            eligibility=[row[1:] for row in rows],
        )
        _write(args, args.output, page)
    return _finish(args, results, evaluations)


def _read(args: argparse.Namespace, rules: Any) -> FileResults[Any]:
    return read(args, rules, lenient=args.lenient, duplicates=not args.allow_duplicate_ids)


def _finish(args: argparse.Namespace, results: FileResults[Any], chosen: Sequence[Any]) -> int:
    tell(results, args.lang)
    if not chosen:
        return no_records(args.input, args.lang)
    failed = sum(ev.status == "error" for ev in chosen)
    tell_failed(failed, args.lang)
    return RECORD_ERRORS if failed else OK


def _folder(output: str | None) -> Path | None:
    """The folder of one file per cooperative (``DIR/``, or an existing folder), else ``None``.

    Raises:
        UsageError: a file named with a suffix other than ``.html``.
    """
    if is_stdout(output):
        return None
    assert output is not None  # is_stdout covers None
    if output.endswith(("/", os.sep)) or os.path.isdir(output):
        return Path(output)
    if Path(output).suffix.lower() not in HTML_SUFFIXES:
        raise UsageError(said("report.html_only", path=output))
    return None


def _file_names(chosen: Sequence[Evaluation]) -> list[tuple[str, Evaluation]]:
    """``ID.html`` per record: an id's characters other than letters, digits, ``.-_``
    become ``_`` (an id is not a path); a name taken twice gets its row."""
    named: list[tuple[str, Evaluation]] = []
    taken: set[str] = set()
    for ev in chosen:
        stem = re.sub(r"[^\w.-]", "_", ev.id or "").lstrip(".") or f"row-{ev.row}"
        if stem.lower() in taken:
            stem = f"{stem}-row-{ev.row}"
        taken.add(stem.lower())
        named.append((f"{stem}.html", ev))
    return named


def _write(args: argparse.Namespace, path: str | None, page: str) -> None:
    with text_target(path, inputs_of(args)) as stream:
        stream.write(page)
