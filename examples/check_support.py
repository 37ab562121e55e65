"""Which support can each pilot cooperative get, and how much? Through the Python API.

Run from the repository root:  python examples/check_support.py
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import coopeval

HERE = Path(__file__).parent


def main() -> None:
    programmes = [coopeval.load(pid) for pid in ("nd45-2021", "tt124-2021", "qd167-2021")]
    records = json.loads((HERE / "pilots.json").read_text(encoding="utf-8"), parse_float=Decimal)
    for record in records:
        cache: dict[str, object] = {}  # tt01-2020 results shared between programmes
        for programme in programmes:
            result = coopeval.evaluate(programme, record, as_of=dt.date(2025, 1, 1), cache=cache)
            failed = [c.id for c in result.conditions if c.outcome == "not_met" and not c.children]
            amounts = {a.id: a.value for a in result.amounts if a.value is not None}
            print(f"{result.id} {programme.id}: {result.outcome}", end="")
            print(f"; not met: {failed}" if failed else "", end="")
            print(f"; missing: {list(result.missing)}" if result.missing else "", end="")
            print(f"; amounts: {amounts}" if amounts else "")
    # Decision 167 over the whole province: at most 5 pilots, every pilot rated tốt.
    qd167 = programmes[2]
    results = [coopeval.evaluate(qd167, r) for r in records]
    for rule in coopeval.evaluate_set_rules(qd167, results):
        for group in rule.groups:
            print(f"{rule.id} [{group.group}]: {group.outcome} ({group.count}/{group.total})")


if __name__ == "__main__":
    main()
