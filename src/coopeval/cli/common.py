"""What the command groups share: exit codes, the output stream, options, loading.

Only `coopeval.cli` prints; the rest of the package returns data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, TypeVar

import attrs

from coopeval.cli.parser import Parser
from coopeval.engine import CompiledRuleSet
from coopeval.errors import CoopevalError, UsageError
from coopeval.formats import ColumnPlan, FileResults, evaluate_file, load_header_map
from coopeval.formats.parallel import AUTO_BYTES, AUTO_BYTES_SPAWN, auto_jobs
from coopeval.formats.plan import describe
from coopeval.messages import said
from coopeval.pipeline import default_catalogue, load
from coopeval.report import message
from coopeval.ruleset import Catalogue
from coopeval.ruleset.catalogue import ENVIRONMENT
from coopeval.suggest import suggest

__all__ = [
    "INTERNAL",
    "INTERRUPTED",
    "OK",
    "RECORD_ERRORS",
    "USAGE",
    "RuleSources",
    "catalogue",
    "count",
    "date",
    "find_id",
    "input_options",
    "jobs_for",
    "jobs_option",
    "load_kind",
    "no_records",
    "read",
    "reading_options",
    "rules_dir_option",
    "rules_option",
    "sheet_options",
    "strict_option",
    "tell",
    "tell_plan",
]

#: Exit codes: every record scored; some record had errors; usage, file or rule-set
#: error; an internal error (a bug); stopped with Ctrl-C (the shell's convention).
OK, RECORD_ERRORS, USAGE, INTERNAL, INTERRUPTED = 0, 1, 2, 3, 130

T = TypeVar("T")

#: What each kind of rule set is run with, for a message that points there.
_COMMAND = {
    "scorecard": "coopeval score",
    "eligibility": "coopeval eligible",
    # a classification is run by the scorecard that takes its classes
    "classification": "coopeval score --rules tt01-2020",
}


def input_options(parser: argparse.ArgumentParser) -> None:
    """The options of every command that reads records: the file, its format, its columns."""
    parser.add_argument(
        "input",
        metavar="INPUT",
        help="records: .csv, .xlsx, .json (object or list) or .jsonl; '-' reads standard input",
    )
    reading_options(parser)
    parser.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help="language of labels, explanations and messages (default: vi)",
    )


def reading_options(parser: argparse.ArgumentParser) -> None:
    """How INPUT is read: its format, its sheet, extra headers, strict columns, its day."""
    sheet_options(parser)
    parser.add_argument(
        "--strict-columns",
        action="store_true",
        help="cột không dùng là lỗi / a column no rule set reads is an error (exit 2), not only "
        "reported",
    )
    parser.add_argument(
        "--as-of",
        type=date,
        metavar="YYYY-MM-DD",
        help="ngày đánh giá, thay cho ngày của từng hồ sơ (as_of, hoặc 31/12 của năm): các phiên "
        "bản và cách phân loại có hiệu lực ngày đó / the day to evaluate on, over each record's "
        "own (its as_of, else 31/12 of its year): the versions and classes in force that day, "
        "and the date of a computation",
    )


def sheet_options(parser: argparse.ArgumentParser) -> None:
    """How a spreadsheet INPUT is read: its format, its sheet, extra headers."""
    parser.add_argument(
        "--input-format",
        choices=("json", "jsonl", "csv", "xlsx"),
        help="định dạng INPUT / format of INPUT when its suffix does not tell",
    )
    parser.add_argument("--sheet", help="trang tính / XLSX sheet to read (default: the first)")
    parser.add_argument(
        "--header-map",
        metavar="FILE",
        help='tiêu đề cột thêm / TOML file of extra spreadsheet headers: "Header in the sheet" '
        '= "field", or = { field = "…", unit = "triệu đồng" }',
    )


def read(
    args: argparse.Namespace,
    rules: CompiledRuleSet[Any] | Sequence[CompiledRuleSet[Any]],
    **options: Any,
) -> FileResults[Any]:
    """Every record of ``args.input`` under ``rules``, the column plan told on standard error."""
    return evaluate_file(
        rules,
        args.input,
        fmt=args.input_format,
        header_map=load_header_map(args.header_map) if args.header_map else None,
        sheet=args.sheet,
        strict_columns=args.strict_columns,
        on_plan=lambda plan: tell_plan(plan, args.lang),
        as_of=getattr(args, "as_of", None),
        **options,
    )


def tell(results: FileResults[Any], lang: str) -> None:
    """Say which rows were skipped (after the run: a totals row may be the last)."""
    for line in describe(None, results.skipped, lang):
        print(f"coopeval: {line}", file=sys.stderr)


def tell_plan(plan: ColumnPlan, lang: str) -> None:
    """The columns not used, the inputs absent and the units read: once, on standard error."""
    lines = describe(plan, (), lang)
    if lines:
        print(f"coopeval: {message('plan', 'title', lang, source=plan.source)}", file=sys.stderr)
        for line in lines:
            print(f"  - {line}", file=sys.stderr)


def jobs_option(parser: argparse.ArgumentParser) -> None:
    """``--jobs``: worker processes for a large file."""
    parser.add_argument(
        "--jobs",
        "-j",
        type=count("--jobs"),
        default=None,
        metavar="N",
        help=(
            "số tiến trình / processes scoring the file (default: every core for inputs of "
            f"{AUTO_BYTES // 1_000_000} MB or more, {AUTO_BYTES_SPAWN // 1_000_000} MB on "
            "Windows and macOS, else 1) for CSV, JSONL and JSON output; the output is the "
            "same whatever N"
        ),
    )


def count(option: str) -> Callable[[str], int]:
    """An argparse type for ``option``: a whole number of at least 1 (jobs, plans, changes)."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            number = 0
        if number < 1:
            # argparse keeps the text only: say it in the language asked for already
            words = said("usage.count", option=option, text=repr(text)).text(Parser.lang)
            raise argparse.ArgumentTypeError(words)
        return number

    return parse


def jobs_for(args: argparse.Namespace) -> int:
    """The jobs asked for, else as many as the input's size is worth."""
    asked: int | None = getattr(args, "jobs", None)
    return asked if asked is not None else auto_jobs(args.input)


@attrs.frozen
class RuleSources:
    """How a worker process loads the rule sets this one loaded; picklable.

    The worker checks it got the same files (their sha256): a rule file edited
    during the run stops it rather than scoring some rows under other rules.
    """

    specs: tuple[str, ...]
    folders: tuple[str, ...]
    sha256: tuple[str, ...]

    @classmethod
    def of(cls, args: argparse.Namespace, rule_sets: Sequence[CompiledRuleSet[Any]]) -> RuleSources:
        # a rule set dated per record is loaded by its id, as here, to keep its versions
        specs = tuple(r.id if r.dated else r.ruleset.source or r.id for r in rule_sets)
        folders = tuple(getattr(args, "rules_dir", ()))
        return cls(specs, folders, tuple(r.sha256 for r in rule_sets))

    def __call__(self) -> list[CompiledRuleSet[Any]]:
        found = _catalogue(self.folders) if self.folders else default_catalogue()
        loaded = [load(spec, catalogue=found) for spec in self.specs]
        if tuple(r.sha256 for r in loaded) != self.sha256:
            raise UsageError(said("jobs.rules_changed"))
        return loaded


def rules_dir_option(parser: argparse.ArgumentParser) -> None:
    """``--rules-dir``: the user's own catalogue folders, besides the bundled one."""
    parser.add_argument(
        "--rules-dir",
        action="append",
        default=[],
        metavar="DIR",
        help=f"a folder of your own rule sets (repeatable; also ${ENVIRONMENT})",
    )


def catalogue(args: argparse.Namespace) -> Catalogue:
    """The bundled rule sets, then the folders of ``COOPEVAL_RULES_PATH`` and ``--rules-dir``."""
    extra = tuple(getattr(args, "rules_dir", ()))
    return _catalogue(extra) if extra else default_catalogue()


@lru_cache(maxsize=4)
def _catalogue(extra: tuple[str, ...]) -> Catalogue:
    env = [f for f in os.environ.get(ENVIRONMENT, "").split(os.pathsep) if f]
    return Catalogue([*env, *extra])


def rules_option(parser: argparse.ArgumentParser, *, default: str | None) -> None:
    """``--rules``, the same on every command: a rule-set id or rule file, of either kind.

    Commands over programmes take several (repeat it, or give a comma list, or
    ``all``) and keep ``--program`` as another name for it.
    """
    if default is not None:
        parser.add_argument(
            "--rules",
            default=default,
            metavar="ID|PATH",
            help=f"bộ quy tắc / rule-set id or rule file (default: {default})",
        )
    else:
        parser.add_argument(
            "--rules",
            "--program",
            dest="rules",
            action="append",
            metavar="ID|PATH|all",
            help="chương trình / programme id or rule file, repeatable or comma-separated "
            "(default: all bundled programmes); --program is the same option",
        )
    rules_dir_option(parser)


def strict_option(parser: argparse.ArgumentParser) -> None:
    """``--strict``: stop at the first record with an error, whatever the format."""
    parser.add_argument(
        "--strict",
        action="store_true",
        help="dừng ở bản ghi lỗi đầu tiên / stop at the first record with an error (exit 1)",
    )


def load_kind(
    args: argparse.Namespace, id_or_path: str, kind: str, on: dt.date | None = None
) -> CompiledRuleSet[Any]:
    """Load a rule set that must be of ``kind``.

    Raises:
        UsageError: it is of the other kind (the message names the command to use).
    """
    rules = load(id_or_path, on=on, catalogue=catalogue(args))
    if rules.kind != kind:
        noun = said(f"nouns.{rules.kind}")
        raise UsageError(
            said("usage.wrong_kind", rules=id_or_path, noun=noun, command=_COMMAND[rules.kind])
        )
    return rules


def date(text: str) -> dt.date:
    """An ISO date from the command line."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = said("records.bad_date", text=text).text(Parser.lang)
        raise argparse.ArgumentTypeError(msg) from None


def find_id(items: Sequence[T], wanted: str | None, id_of: Any, path: str) -> list[T]:
    """Only the items whose id is ``wanted`` (all when ``None``).

    Raises:
        CoopevalError: no item has that id (the nearest is suggested).
    """
    if wanted is None:
        return list(items)
    chosen = [item for item in items if id_of(item) == wanted]
    if not chosen:
        ids = [i for i in (id_of(item) for item in items) if i]
        raise CoopevalError(
            said("records.no_such_id", wanted=wanted, path=path, hint=suggest(wanted, ids))
        )
    return chosen


def no_records(path: str, lang: str = "vi") -> int:
    """Say that a file has no data rows; a usage error."""
    print(f"coopeval: {said('usage.no_records', path=path).text(lang)}", file=sys.stderr)
    return USAGE
