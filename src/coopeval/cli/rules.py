"""The rule-set commands: ``check`` (every problem of every file) and ``rules`` (the catalogue)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from coopeval.cli.common import OK, RECORD_ERRORS, USAGE, catalogue, rules_dir_option
from coopeval.errors import CoopevalError, RuleSetError, RuleSetProblems
from coopeval.messages import in_lang, said
from coopeval.report import render_table
from coopeval.ruleset import RuleSet, load_ruleset, provisional_rules, validate_ruleset
from coopeval.ruleset.catalogue import Version, version_of, version_problems
from coopeval.ruleset.money import MoneyChecks, is_money_checks, load_money_checks

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
    _lang_option(check)
    check.set_defaults(run=_check, parser=check)

    rules = commands.add_parser(
        "rules",
        help="liệt kê bộ quy tắc và phiên bản / list rule sets and their versions",
        description=(
            "Liệt kê các bộ quy tắc, mỗi phiên bản với ngày hiệu lực. / "
            "List the rule sets, each version with the dates it is in force."
        ),
    )
    _lang_option(rules)
    rules_dir_option(rules)
    rules.set_defaults(run=_rules, parser=rules)


def _lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help="language of labels and messages (default: vi)",
    )


def _check(args: argparse.Namespace) -> int:
    files = list(_rule_files(args.paths))
    loaded = [_load(file) for file in files]
    known = set(catalogue(args).ids()) | {rs.id for rs in loaded if isinstance(rs, RuleSet)}
    errors = strict_failures = 0
    valid: list[Version] = []
    for file, ruleset in zip(files, loaded, strict=True):
        if isinstance(ruleset, MoneyChecks):  # a money checks file: loading checked it whole
            ok = said("check.ok", file=file, id=ruleset.id, version=ruleset.version, pending=0)
            print(ok.text(args.lang))
            continue
        try:
            if isinstance(ruleset, RuleSetError):
                raise ruleset
            validate_ruleset(ruleset, known=known)
        except RuleSetError as exc:
            errors += _fail(file, exc, args.lang)
            continue
        valid.append(version_of(ruleset.header, file))
        pending = provisional_rules(ruleset)
        ok = said(
            "check.ok", file=file, id=ruleset.id, version=ruleset.version, pending=len(pending)
        )
        print(ok.text(args.lang))
        if args.strict and pending:
            strict_failures += len(pending)
            for path, rule in pending:
                print(said("check.not_confirmed", file=file, path=path, rule=rule).text(args.lang))
    for problem in version_problems(valid):
        errors += _fail(Path(problem.file), problem, args.lang)
    totals = (
        said("check.totals_strict", files=len(files), errors=errors, strict=strict_failures)
        if args.strict
        else said("check.totals", files=len(files), errors=errors)
    )
    print(totals.text(args.lang))
    if errors:
        return USAGE
    return RECORD_ERRORS if strict_failures else OK


def _load(file: Path) -> RuleSet | MoneyChecks | RuleSetError:
    try:
        return load_money_checks(file) if is_money_checks(file) else load_ruleset(file)
    except RuleSetError as exc:
        return exc


def _fail(file: Path, exc: RuleSetError, lang: str) -> int:
    """Print a file's problems; return how many."""
    problems = exc.problems if isinstance(exc, RuleSetProblems) else (exc,)
    print(said("check.fail", file=file, count=len(problems)).text(lang))
    for problem in problems:
        print(f"  - {in_lang(problem, lang)}")
    return len(problems)


def _rule_files(paths: Sequence[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(path.rglob("*.toml"))
        elif path.exists():
            yield path
        else:
            raise CoopevalError(said("check.no_such_path", path=name))


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
