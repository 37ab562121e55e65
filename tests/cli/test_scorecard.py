"""The scorecard commands: score, explain, summary; formats and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from coopeval.cli import main
from tests.cli import PILOTS_CSV, PILOTS_JSON, WITH_ERRORS
from tests.cli import run as _run


class TestScore:
    def test_jsonl_has_the_contract_fields(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Each JSONL line carries the stable field names of the output contract."""
        code, out, _ = _run(["score", PILOTS_JSON, "--format", "jsonl"], capsys)

        rows = [json.loads(line) for line in out.splitlines()]
        assert code == 0
        assert len(rows) == 4
        first = rows[0]
        for key in (
            "id",
            "status",
            "total",
            "rating",
            "classification",
            "items",
            "missing",
            "discrepancies",
            "errors",
            "ruleset",
        ):
            assert key in first
        assert {"service_type", "members", "capital", "sector"} == set(first["classification"])
        assert {"id", "version", "sha256"} == set(first["ruleset"])
        assert first["ruleset"]["id"] == "tt01-2020"
        assert {"points", "max", "status"} <= set(first["items"]["c01a"])
        assert first["total"] == "67"

    def test_errors_give_exit_1_and_every_row(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A file with bad rows exits 1 and still writes one row per input row, in order."""
        code, out, _ = _run(["score", WITH_ERRORS, "--format", "json"], capsys)

        rows: list[dict[str, Any]] = json.loads(out)
        assert code == 1
        assert [r["id"] for r in rows] == [
            "HTX-01",
            "HTX-02",
            "HTX-03",
            "HTX-04",
            "HTX-05",
            "HTX-06",
        ]
        bad = rows[4]
        assert bad["status"] == "error"
        assert bad["rating"] is None
        assert [{"field": e["field"], "value": e["value"]} for e in bad["errors"]] == [
            {"field": "members_using_services_pct", "value": "150"}
        ]
        assert bad["errors"][0]["row"] == 6

    def test_csv_output_to_a_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--format csv --output writes one row per record with points per item."""
        target = tmp_path / "out.csv"

        code, out, _ = _run(
            ["score", PILOTS_CSV, "--format", "csv", "--output", str(target)], capsys
        )

        rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
        assert code == 0
        assert out == ""
        assert [r["total"] for r in rows] == ["67", "71", "76", "79"]
        assert rows[3]["items.c01a.points"] == "4"
        assert rows[0]["classification.members"] == "sieu_nho"

    def test_table_lists_every_record(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The default table has one line per record with its rating label."""
        code, out, _ = _run(["score", PILOTS_JSON, "--lang", "en"], capsys)

        assert code == 0
        for record_id in ("HTX-01", "HTX-02", "HTX-03", "HTX-04"):
            assert record_id in out
        assert "Fair" in out

    def test_stdin(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """'-' reads records from standard input, detecting JSON from the text."""
        record = {"id": "S1", "year": 2023, "self_score": {"c05": 8}}
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(json.dumps(record).encode())))

        code, out, _ = _run(["score", "-", "--format", "jsonl"], capsys)

        row = json.loads(out)
        assert code == 1  # evidence for 22 items is missing and the rating is open
        assert row["id"] == "S1"
        assert row["total"] == "8"
        assert row["points_at_stake"] == "92"

    def test_lenient_scores_missing_as_zero(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--lenient turns missing evidence into flagged zeros and a rating."""
        source = tmp_path / "one.json"
        source.write_text(json.dumps({"id": "L1", "year": 2023, "self_score": {"c05": 8}}))

        code, out, _ = _run(["score", str(source), "--format", "jsonl", "--lenient"], capsys)

        row = json.loads(out)
        assert code == 0
        assert row["rating"] == "yeu"
        assert row["items"]["c01a"]["source"] == "lenient_zero"

    def test_unknown_rules_exit_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown rule-set id is a usage error naming the closest bundled id."""
        code, _, err = _run(["score", PILOTS_JSON, "--rules", "tt01-2021"], capsys)

        assert code == 2
        assert "tt01-2020" in err

    def test_missing_input_exit_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A records file that does not exist is a usage error."""
        code, _, err = _run(["score", "no-such-file.csv"], capsys)

        assert code == 2
        assert "no-such-file.csv" in err

    def test_bad_format_is_a_usage_error(self) -> None:
        """argparse refuses an unknown --format with exit 2."""
        with pytest.raises(SystemExit) as info:
            main(["score", PILOTS_JSON, "--format", "xml"])

        assert info.value.code == 2


class TestScoreTable:
    def test_words_not_codes(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table says the status in words and names a field by its label and code."""
        code, out, _ = _run(["score", WITH_ERRORS], capsys)
        _, out_en, _ = _run(["score", WITH_ERRORS, "--lang", "en"], capsys)
        htx05 = next(line for line in out.splitlines() if line.startswith("HTX-05"))

        assert 1 == code
        assert "Có lỗi dữ liệu" in htx05
        assert (
            "Tỷ lệ thành viên sử dụng dịch vụ của hợp tác xã (members_using_services_pct)" in htx05
        )
        assert "Đã chấm điểm" in out
        assert "Data error" in out_en
        assert " ok " not in out
        assert " error " not in out


class TestExplain:
    def test_one_record(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--id explains one record with citations, rating and distance to the next."""
        code, out, _ = _run(["explain", PILOTS_JSON, "--id", "HTX-03"], capsys)

        assert code == 0
        assert "Thông tư 01/2020/TT-BKHĐT, Điều 8, khoản 2" in out
        assert "Cần thêm 4 điểm để đạt loại Tốt." in out
        assert "HTX-01" not in out

    def test_unknown_id_suggests(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown --id exits 2 and suggests the closest id."""
        code, _, err = _run(["explain", PILOTS_JSON, "--id", "HTX-4"], capsys)

        assert code == 2
        assert "HTX-04" in err

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json carries the result and the explanation lines."""
        code, out, _ = _run(
            ["explain", PILOTS_JSON, "--id", "HTX-04", "--format", "json", "--lang", "en"], capsys
        )

        payload = json.loads(out)
        assert code == 0
        assert payload[0]["result"]["total"] == "79"
        lines = payload[0]["explanation"]["lines"]
        assert sum(1 for line in lines if line["kind"] == "item") == 23
        assert lines[0]["label"] == "Average total capital"
