"""The hand-written exact streaming script: the baseline of the command line.

    python benchmarks/handwritten_stream.py IN.csv OUT.csv

What a careful programmer writes to score a province's CSV without coopeval:
`csv` reader, every declared input of tt01-2020 parsed exactly (``Decimal`` for
numbers, ``true``/``false``, ISO dates), `handwritten.score` (the 23 items and
bands typed in), `csv` writer of ``id,total,rating``. Input types come from the
rule file's ``[inputs.*]`` once at start. `bench_input.py` checks that it and
``coopeval score`` agree on every row.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import handwritten  # noqa: E402

RULESET = HERE.parent / "rules" / "tt01-2020" / "ruleset.toml"


def _reader(kind: str) -> Any:
    if kind in ("decimal", "int"):
        return Decimal
    if kind == "bool":
        return lambda text: text == "true"
    if kind == "date":
        return dt.date.fromisoformat
    return str


def main(source: str, target: str) -> None:
    inputs = tomllib.loads(RULESET.read_text("utf-8"))["inputs"]
    with (
        open(source, encoding="utf-8", newline="") as f_in,
        open(target, "w", encoding="utf-8", newline="") as f_out,
    ):
        rows = csv.reader(f_in)
        header = next(rows)
        plan = [(header.index(name), _reader(spec["type"])) for name, spec in inputs.items()]
        at_id = header.index("id")
        out = csv.writer(f_out)
        out.writerow(["id", "total", "rating"])
        for row in rows:
            values = [read(row[i]) if row[i] != "" else None for i, read in plan]
            found = handwritten.score(values)
            total, rating = found if found is not None else (None, None)
            out.writerow([row[at_id], "" if total is None else total, rating or ""])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
