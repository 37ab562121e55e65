"""Tests for `coopeval.formats.sinks`: CSV with a byte-order mark for Excel; JSONL lines.

Excel reads a CSV file as UTF-8 only when it starts with U+FEFF; without it,
"Khá" shows as "KhÃ¡". The mark is asked for (``bom=True``), comes once, before
the header, and never in a part written without a header or in JSON.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import coopeval
from coopeval.formats import evaluate_file
from coopeval.formats.sinks import programme_csv, scorecard_csv, text_sink

ROOT = Path(__file__).resolve().parents[2]
PILOTS = ROOT / "examples" / "pilots.csv"
TT01 = coopeval.load("tt01-2020")


class TestBom:
    def test_scorecard_csv_starts_with_the_mark(self) -> None:
        """bom=True: U+FEFF, then the header's first column ``id``."""
        out = io.StringIO()
        scorecard_csv(out, TT01, bom=True).close()

        assert "\ufeffid," == out.getvalue()[:4]

    def test_no_mark_unless_asked(self) -> None:
        """The default writes no mark: the header starts the file."""
        out = io.StringIO()
        scorecard_csv(out, TT01).close()

        assert "id," == out.getvalue()[:3]

    def test_no_mark_in_a_part_without_header(self) -> None:
        """A part written elsewhere (header=False) never has the mark, even with bom=True."""
        out = io.StringIO()
        sink = scorecard_csv(out, TT01, header=False, bom=True)
        for ev in evaluate_file(TT01, PILOTS):
            sink.write(ev)

        assert "HTX-01," == out.getvalue()[:7]

    def test_programme_csv_and_text_sink(self) -> None:
        """programme_csv and text_sink("csv") take bom too; the mark comes once."""
        programmes = [coopeval.load("nd45-2021")]
        first, second = io.StringIO(), io.StringIO()
        programme_csv(first, programmes, bom=True)
        text_sink("csv", [TT01], second, bom=True)

        assert (1, 1) == (first.getvalue().count("\ufeff"), second.getvalue().count("\ufeff"))
        assert ("\ufeffid,", "\ufeffid,") == (first.getvalue()[:4], second.getvalue()[:4])

    @pytest.mark.parametrize("fmt", ["jsonl", "json"])
    def test_json_has_no_mark(self, fmt: str) -> None:
        """JSON and JSONL never start with a mark (bom is for CSV)."""
        out = io.StringIO()
        sink = text_sink(fmt, [TT01], out, bom=True)
        for ev in evaluate_file(TT01, PILOTS):
            sink.write(ev)
        sink.close()

        assert out.getvalue()[0] in "{["


class TestJsonl:
    def test_lines_are_the_contract_form(self) -> None:
        """A JSONL line reads back as `to_dict` of its result, for every pilot."""
        out = io.StringIO()
        sink = text_sink("jsonl", [TT01], out)
        results = list(evaluate_file(TT01, PILOTS))
        for ev in results:
            sink.write(ev)

        assert [coopeval.to_dict(ev) for ev in results] == [
            json.loads(line) for line in out.getvalue().splitlines()
        ]
