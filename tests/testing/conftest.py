"""Rule sets and edited copies shared by the tests of `coopeval.testing`."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"


def edited(rule_id: str, folder: Path, old: str, new: str) -> Path:
    """A copy of a bundled rule file with its one ``old`` replaced by ``new``."""
    text = (RULES / rule_id / "ruleset.toml").read_text(encoding="utf-8")
    if text.count(old) != 1:
        msg = f"{old!r} is not once in {rule_id}"
        raise ValueError(msg)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ruleset.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


#: c03a's band edge 500 000 000 (the upper edge of band 2, the lower of band 3).
C03A_OLD = """  { lower = 100_000_000, upper = 500_000_000, points = 1 },
  { lower = 500_000_000, upper = 2_000_000_000, points = 2 },"""
#: ... moved to 600 000 000.
C03A_NEW = """  { lower = 100_000_000, upper = 600_000_000, points = 1 },
  { lower = 600_000_000, upper = 2_000_000_000, points = 2 },"""
