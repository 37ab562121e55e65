"""Reading records from JSON, JSONL and CSV, with every row accounted for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coopeval.errors import RecordError
from coopeval.formats import ColumnPlan, RawRecord, Skipped, Unreadable, detect_format
from coopeval.formats import read_records as read_items


def read_records(path: str) -> Iterator[RawRecord | Unreadable | Skipped]:
    """The rows a file gives, without the column plan a spreadsheet gives first."""
    return (r for r in read_items(path) if not isinstance(r, ColumnPlan))


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


class TestReadRecords:
    def test_json_object_and_list(self, tmp_path: Path) -> None:
        """A JSON object is one record; a list gives positions 1, 2, ..."""
        one = _write(tmp_path, "one.json", b'{"id": "A", "revenue": 1.5}')
        many = _write(tmp_path, "many.json", b'[{"id": "A"}, 3, {"id": "B"}]')

        assert [RawRecord(1, {"id": "A", "revenue": __import__("decimal").Decimal("1.5")})] == list(
            read_records(one)
        )
        rows = list(read_records(many))
        assert [r.row for r in rows] == [1, 2, 3]
        assert isinstance(rows[1], Unreadable)

    def test_jsonl_bad_line_is_kept(self, tmp_path: Path) -> None:
        """A JSONL line that is not JSON becomes an Unreadable with its line number."""
        path = _write(tmp_path, "r.jsonl", b'{"id": "A"}\n{oops\n\n{"id": "B"}\n')

        rows = list(read_records(path))

        assert [r.row for r in rows] == [1, 2, 4]
        assert isinstance(rows[1], Unreadable)

    def test_csv_bom_semicolons_and_rows(self, tmp_path: Path) -> None:
        """Excel's BOM and semicolons are read; rows are spreadsheet rows (header = 1)."""
        path = _write(tmp_path, "r.csv", "\ufeffid;name\nA;Hợp tác xã A\n\nB;B\n".encode())

        rows = list(read_records(path))

        assert [
            RawRecord(2, {"id": "A", "name": "Hợp tác xã A"}, cells=True),
            RawRecord(4, {"id": "B", "name": "B"}, cells=True),
        ] == rows

    def test_csv_plan_comes_first(self, tmp_path: Path) -> None:
        """A spreadsheet gives its column plan before its rows: each header, its column."""
        path = _write(tmp_path, "r.csv", b"id,name\nA,x\n")

        plan = next(read_items(path))

        assert isinstance(plan, ColumnPlan)
        assert [("A", "id"), ("B", "name")] == [(c.letter, c.field) for c in plan.columns]

    def test_csv_too_many_cells(self, tmp_path: Path) -> None:
        """A row with more cells than columns is reported, not silently cut."""
        path = _write(tmp_path, "r.csv", b"id,name\nA,x,y\n")

        rows = list(read_records(path))

        assert len(rows) == 1
        assert isinstance(rows[0], Unreadable)
        assert rows[0].reason == "3 cells but 2 columns"

    def test_empty_csv(self, tmp_path: Path) -> None:
        """An empty CSV file has no header and says so."""
        path = _write(tmp_path, "r.csv", b"")

        with pytest.raises(RecordError, match="empty file"):
            list(read_records(path))

    def test_not_utf8(self, tmp_path: Path) -> None:
        """A file in another encoding is refused with the fix."""
        path = _write(tmp_path, "r.csv", "id,name\nA,Hợp tác xã\n".encode("utf-16"))

        with pytest.raises(RecordError, match="UTF-8"):
            list(read_records(path))

    def test_invalid_json(self, tmp_path: Path) -> None:
        """A .json file that is not JSON names line and column."""
        path = _write(tmp_path, "r.json", b'[{"id": "A"},\n oops]')

        with pytest.raises(RecordError, match=r"r\.json:2:2"):
            list(read_records(path))


class TestDetectFormat:
    @pytest.mark.parametrize(
        ("path", "text", "expected"),
        [
            ("a.csv", None, "csv"),
            ("a.JSON", None, "json"),
            ("a.ndjson", None, "jsonl"),
            ("-", '[{"id": 1}]', "json"),
            ("-", '{"id": 1}\n{"id": 2}\n', "jsonl"),
            ("-", '{"id": 1}', "json"),
            ("-", "id,name\n", "csv"),
        ],
    )
    def test_detect(self, path: str, text: str | None, expected: str) -> None:
        """The suffix decides; without one, the first character does."""
        assert expected == detect_format(path, text)
