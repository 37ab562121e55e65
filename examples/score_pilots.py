"""Score the four illustrative pilot cooperatives through the Python API.

Run from the repository root:  python examples/score_pilots.py
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import coopeval

HERE = Path(__file__).parent


def main() -> None:
    rules = coopeval.load("tt01-2020")  # load → validate → compile, once
    records = json.loads((HERE / "pilots.json").read_text(encoding="utf-8"), parse_float=Decimal)
    for record in records:
        result = coopeval.evaluate(rules, record)
        upcoming = coopeval.next_rating(result)
        points = "point" if upcoming and upcoming[1] == 1 else "points"
        gap = f"; {upcoming[1]} {points} to {upcoming[0]}" if upcoming else ""
        print(f"{result.id}: {result.total} points, rating {result.rating}{gap}")
    # The full line-by-line explanation of the pilot closest to 80, in English.
    closest = coopeval.evaluate(rules, records[3])
    print(coopeval.render(coopeval.explain(closest, lang="en")))
    # What it takes to reach tốt: the plan with the fewest changes, re-scored before it is given.
    found = coopeval.whatif(rules, records[3], target="tot")
    for step in found.plans[0].steps:
        print(f"To reach {found.target}: {step.item}, {step.input} {step.from_} -> {step.to}")
    print(f"Then: {found.plans[0].total_after} points, rating {found.plans[0].rating_after}")


if __name__ == "__main__":
    main()
