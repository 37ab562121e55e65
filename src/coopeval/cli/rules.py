"""The rule-set commands: ``check`` (every problem of every file) and ``rules`` (the catalogue)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from coopeval.cli.common import OK, RECORD_ERRORS, USAGE, catalogue, rules_dir_option
from coopeval.errors import CoopevalError, RuleSetError, RuleSetProblems
from coopeval.report import render_table
from coopeval.ruleset import RuleSet, load_ruleset, provisional_rules, validate_ruleset
from coopeval.ruleset.catalogue import Version, version_of, version_problems

__all__ = ["rules_commands"]


def rules_commands(commands: Any) -> None:
    """Add ``check`` and ``rules`` to the command line."""
    check = commands.add_parser(
        "check",
        help="kiểm tra tệp quy tắc / validate rule files",
        description=(
            "Kiểm tra các tệp quy tắc, báo mọi lỗi. / "
            "Validate rule files and report every problem, and that versions of one id "
            "neither overlap nor leave a gap. A folder is searched for *.toml files."
        ),
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="rule file or folder")
    check.add_argument(
        "--strict", action="store_true", help="also fail on provisional or unconfirmed rules"
    )
    rules_dir_option(check)
    check.set_defaults(run=_check)

    rules = commands.add_parser(
        "rules",
        help="liệt kê bộ quy tắc và phiên bản / list rule sets and their versions",
        description=(
            "Liệt kê các bộ quy tắc, mỗi phiên bản với ngày hiệu lực. / "
            "List the rule sets, each version with the dates it is in force."
        ),
    )
    rules.add_argument(
        "--lang", choices=("vi", "en"), default="vi", help="label language (default: vi)"
    )
    rules_dir_option(rules)
    rules.set_defaults(run=_rules)


def _check(args: argparse.Namespace) -> int:
    files = list(_rule_files(args.paths))
    loaded = [_load(file) for file in files]
    known = set(catalogue(args).ids()) | {rs.id for rs in loaded if isinstance(rs, RuleSet)}
    errors = strict_failures = 0
    valid: list[Version] = []
    for file, ruleset in zip(files, loaded, strict=True):
        try:
            if isinstance(ruleset, RuleSetError):
                raise ruleset
            validate_ruleset(ruleset, known=known)
        except RuleSetError as exc:
            errors += _fail(file, exc)
            continue
        valid.append(version_of(ruleset.header, file))
        pending = provisional_rules(ruleset)
        print(
            f"ok   {file}: {ruleset.id} {ruleset.version}, "
            f"{len(pending)} provisional/unconfirmed rule(s)"
        )
        if args.strict and pending:
            strict_failures += len(pending)
            for path, rule in pending:
                print(f"  - strict: {file}: {path}: rule {rule} is not confirmed")
    for problem in version_problems(valid):
        errors += _fail(Path(problem.file), problem)
    print(
        f"{len(files)} file(s), {errors} error(s)"
        + (f", {strict_failures} not confirmed" if args.strict else "")
    )
    if errors:
        return USAGE
    return RECORD_ERRORS if strict_failures else OK


def _load(file: Path) -> RuleSet | RuleSetError:
    try:
        return load_ruleset(file)
    except RuleSetError as exc:
        return exc


def _fail(file: Path, exc: RuleSetError) -> int:
    """Print a file's problems; return how many."""
    problems = exc.problems if isinstance(exc, RuleSetProblems) else (exc,)
    print(f"FAIL {file}: {len(problems)} problem(s)")
    for problem in problems:
        print(f"  - {problem}")
    return len(problems)


def _rule_files(paths: Sequence[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(path.rglob("*.toml"))
        elif path.exists():
            yield path
        else:
            msg = f"no such file or folder: {name}"
            raise CoopevalError(msg)


def _rules(args: argparse.Namespace) -> int:
    rows = []
    for version in catalogue(args).versions():
        ruleset = load_ruleset(version.path)
        rows.append(
            [
                version.id,
                version.version,
                version.document,
                version.dates,
                version.kind,
                version.title.get(args.lang),
                str(len(provisional_rules(ruleset))),
            ]
        )
    headers = ["id", "version", "document", "in force", "kind", "title", "provisional"]
    print(render_table(headers, rows), end="")
    return OK
