"""Tests of `coopeval.serve`, the local service; what they share: one app, its client."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli import run

ROOT = Path(__file__).resolve().parents[2]
WORKBOOK = ROOT / "examples" / "officer-workbook.xlsx"
PILOTS = ROOT / "examples" / "pilots.json"
#: The token the tests' app asks for.
TOKEN = "test-token-8b1f"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def pilots() -> list[dict[str, Any]]:
    """The four pilots of examples/pilots.json, as a client sends them."""
    records: list[dict[str, Any]] = json.loads(PILOTS.read_text(encoding="utf-8"))
    return records


def cli_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> Any:
    """What ``coopeval ARGS --format json`` writes, read back."""
    _, out, _ = run([*args, "--format", "json"], capsys)
    return json.loads(out)


def without_file(found: Any) -> Any:
    """``found`` with every ``source.file`` left out (the CLI names a path, the API a name)."""
    if isinstance(found, list):
        return [without_file(item) for item in found]
    if isinstance(found, dict):
        return {
            k: {**v, "file": None} if k == "source" and isinstance(v, dict) else without_file(v)
            for k, v in found.items()
        }
    return found
