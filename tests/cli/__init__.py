"""Tests of the command line, one module per command group; what they share."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopeval.cli import main

ROOT = Path(__file__).resolve().parents[2]
PILOTS_JSON = str(ROOT / "examples" / "pilots.json")
PILOTS_CSV = str(ROOT / "examples" / "pilots.csv")
WITH_ERRORS = str(ROOT / "examples" / "pilots-with-errors.csv")
INVALID = ROOT / "tests" / "ruleset" / "invalid_rules"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``coopeval ARGS``: the exit code, standard output and standard error."""
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err
