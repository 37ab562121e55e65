"""Tests for `coopeval.formats.limits`: hostile inputs refused early, exit 2, both languages.

Every hostile file is made in the test's own folder (the large ones are never
committed); each is scored with ``coopeval score FILE -o OUT`` and must exit 2
with the documented words in Vietnamese and English, leaving no output file.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import sys
import zipfile
from pathlib import Path

import pytest

from coopeval.cli import main
from coopeval.formats.limits import sheet_extent

PILOTS = Path(__file__).resolve().parents[2] / "examples" / "pilots.csv"
USAGE = 2

_WORKBOOK = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="HTX" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def _letters(column: int) -> str:
    text = ""
    while column:
        column, rest = divmod(column - 1, 26)
        text = chr(65 + rest) + text
    return text


def _row(number: int, values: list[str]) -> str:
    cells = "".join(
        f'<c r="{_letters(i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
        for i, v in enumerate(values, 1)
        if v
    )
    return f'<row r="{number}">{cells}</row>'


def _pilots(count: int = 2) -> list[list[str]]:
    """The header and the first ``count`` records of examples/pilots.csv."""
    with PILOTS.open(encoding="utf-8") as stream:
        return list(csv.reader(stream))[: count + 1]


def _workbook(path: Path, rows_xml: str, dimension: str = "") -> Path:
    """A workbook of one sheet whose ``<sheetData>`` is ``rows_xml``, written as XML."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _WORKBOOK.items():
            archive.writestr(name, text)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            f'openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>{rows_xml}'
            "</sheetData></worksheet>",
        )
    return path


def _records(path: Path) -> str:
    return "".join(_row(n, values) for n, values in enumerate(_pilots(), 1))


def _refused(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """Score ``path`` in each language: exit 2 and no output file; standard error by language."""
    said: dict[str, str] = {}
    for lang in ("vi", "en"):
        out = tmp_path / f"out-{lang}.csv"
        code = main(["score", str(path), "--lang", lang, "-o", str(out)])
        said[lang] = capsys.readouterr().err
        assert (USAGE, False) == (code, out.exists()), said[lang]
    return said


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


class TestJsonNesting:
    def test_json_nested_100_000_deep(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A JSON record nested 100 000 deep is refused at level 65, never a RecursionError."""
        path = tmp_path / "deep.json"
        path.write_text('[{"id": "A"},\n {"id": "B", "revenue": ' + _deep(100_000) + "}]")

        said = _refused(path, tmp_path, capsys)

        # Line 2: ' {"id": "B", "revenue": ' is 24 characters; the list is level 1, the
        # record 2, so the 63rd bracket (column 24 + 63) is level 65.
        assert f"{path}:2:87: record 2: the JSON nests deeper than 64 levels" in said["en"]
        assert f"{path}:2:87: bản ghi 2: dữ liệu JSON lồng nhau quá sâu (quá 64 tầng)" in said["vi"]

    def test_json_at_64_levels_is_read(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Nesting of exactly 64 levels is within the cap: the record is scored (with errors)."""
        path = tmp_path / "edge.json"
        path.write_text('[{"id": "B", "revenue": ' + _deep(62) + "}]")  # 1 + 1 + 62 = 64

        code = main(["score", str(path), "-o", str(tmp_path / "out.csv")])

        assert 1 == code  # a record with errors, not a refused file
        assert "lồng nhau" not in capsys.readouterr().err

    def test_jsonl_line_nested_100_000_deep(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A JSONL line nested 100 000 deep is refused with its line and column."""
        path = tmp_path / "deep.jsonl"
        path.write_text('{"id": "A"}\n\n{"id": "C", "x": ' + _deep(100_000) + "}\n")

        said = _refused(path, tmp_path, capsys)

        # '{"id": "C", "x": ' is 17 characters; the record is level 1: bracket 64 is level 65.
        assert f"{path}:3:81: line 3: the JSON nests deeper than 64 levels" in said["en"]
        assert f"{path}:3:81: dòng 3: dữ liệu JSON lồng nhau quá sâu (quá 64 tầng)" in said["vi"]

    def test_object_nested_in_strings_is_not_deep(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Brackets inside a string are text, not nesting: the line is read as a record."""
        path = tmp_path / "text.jsonl"
        path.write_text('{"id": "A", "name": "' + "[" * 1000 + '"}\n')

        code = main(["score", str(path), "-o", str(tmp_path / "out.csv")])

        assert 1 == code
        assert "lồng nhau" not in capsys.readouterr().err


class TestSizeCaps:
    @pytest.mark.parametrize(
        ("name", "variable", "en", "vi"),
        [
            (
                "big.json",
                "COOPEVAL_MAX_JSON_BYTES",
                "a JSON file (or standard input, read whole)",
                "tệp JSON",
            ),
            ("big.jsonl", "COOPEVAL_MAX_JSONL_BYTES", "a JSONL file", "tệp JSONL"),
            ("big.csv", "COOPEVAL_MAX_CSV_BYTES", "a CSV file", "tệp CSV"),
        ],
    )
    def test_text_file_over_its_cap(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        name: str,
        variable: str,
        en: str,
        vi: str,
    ) -> None:
        """A file of 1 000 bytes under a cap of 999 is refused from its size, naming the fix."""
        monkeypatch.setenv(variable, "999")
        path = tmp_path / name
        path.write_bytes(b" " * 1000)

        said = _refused(path, tmp_path, capsys)

        assert (
            f"{path}: {en} may have at most 999 bytes, and this one is 1 000 bytes (1.0 KB); "
            f"set {variable} to a larger number of bytes to read it, or "
        ) in said["en"]
        assert f"{path}: {vi}" in said["vi"]
        assert (
            "chỉ được có tối đa 999 byte, tệp này có 1 000 byte (1,0 KB); "
            f"đặt biến môi trường {variable} thành số byte lớn hơn để đọc tệp lớn hơn"
        ) in said["vi"]

    def test_standard_input_stops_at_the_cap(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Standard input, read whole, stops once past the JSON cap: its size is not known."""
        monkeypatch.setenv("COOPEVAL_MAX_JSON_BYTES", "100000")
        for lang in ("vi", "en"):
            stream = io.TextIOWrapper(io.BytesIO(b"[" + b" " * 10_000_000 + b"]"))
            monkeypatch.setattr(sys, "stdin", stream)
            out = tmp_path / "out.csv"

            code = main(["score", "-", "--lang", lang, "-o", str(out)])

            err = capsys.readouterr().err
            assert (USAGE, False) == (code, out.exists())
            assert 10_000_002 > stream.buffer.tell()  # not read to its end
            expected = {
                "en": "-: a JSON file (or standard input, read whole) may have at most "
                "100 000 bytes (100.0 KB), and this one has more bytes than that",
                "vi": "-: tệp JSON (hoặc đầu vào chuẩn, được đọc toàn bộ) chỉ được có tối đa "
                "100 000 byte (100,0 KB), tệp này có nhiều byte hơn thế",
            }[lang]
            assert expected in err

    def test_folder_named_like_a_csv(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A folder named ``x.csv`` is refused as a folder, never opened."""
        path = tmp_path / "x.csv"
        path.mkdir()

        said = _refused(path, tmp_path, capsys)

        assert f"{path}: is a folder, not a regular file; give the path of a CSV file" in said["en"]
        assert f"{path}: là một thư mục, không phải tệp thông thường" in said["vi"]

    @pytest.mark.skipif(os.geteuid() != 0, reason="only root may make a device node")
    def test_device_named_like_a_csv(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A character device (``/dev/zero``, made in tmp_path) named ``zero.csv`` is never read."""
        path = tmp_path / "zero.csv"
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))

        said = _refused(path, tmp_path, capsys)

        assert f"{path}: is a character device, not a regular file" in said["en"]
        assert f"{path}: là một thiết bị ký tự, không phải tệp thông thường" in said["vi"]

    def test_header_map_folder_and_nesting(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A header map nested 100 000 deep is refused before tomllib recurses."""
        deep = tmp_path / "map.toml"
        deep.write_text("a = " + _deep(100_000) + "\n")
        for lang in ("vi", "en"):
            out = tmp_path / "out.csv"
            code = main(
                ["score", str(PILOTS), "--header-map", str(deep), "--lang", lang, "-o", str(out)]
            )
            err = capsys.readouterr().err
            assert (USAGE, False) == (code, out.exists())
            # Column 5 is level 1: the 5th bracket, column 9, is level 5.
            assert (
                f"{deep}:1:9: "
                + {
                    "en": "arrays and inline tables nest deeper than 4 levels",
                    "vi": "mảng và bảng nội tuyến lồng nhau quá sâu (quá 4 tầng)",
                }[lang]
                in err
            )


class TestWorkbooks:
    @pytest.mark.parametrize(("cell", "row"), [("A2000000", 2_000_000), ("XFE3", 3)])
    def test_cell_outside_excel(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], cell: str, row: int
    ) -> None:
        """A cell beyond row 1 048 576 or column XFD is refused with its sheet and cell."""
        extra = f'<row r="{row}"><c r="{cell}" t="inlineStr"><is><t>9</t></is></c></row>'
        path = _workbook(tmp_path / "far.xlsx", _records(tmp_path) + extra)

        said = _refused(path, tmp_path, capsys)

        assert (
            f"{path}[HTX]: cell {cell} is outside Excel's range (1 048 576 rows, 16 384 columns, "
            "up to column XFD)"
        ) in said["en"]
        assert (
            f"{path}[HTX]: ô {cell} nằm ngoài giới hạn của Excel (1 048 576 dòng, 16 384 cột"
        ) in said["vi"]

    def test_unpacked_size(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Parts that unpack to more than the cap are refused from the zip directory."""
        path = _workbook(tmp_path / "bomb.xlsx", _records(tmp_path))
        unpacked = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
        monkeypatch.setenv("COOPEVAL_MAX_XLSX_UNPACKED_BYTES", str(unpacked - 1))

        said = _refused(path, tmp_path, capsys)

        assert f"{path}: an XLSX workbook unpacked may have at most" in said["en"]
        assert "(it may be a zip bomb); set COOPEVAL_MAX_XLSX_UNPACKED_BYTES" in said["en"]
        assert f"{path}: tệp XLSX khi giải nén chỉ được có tối đa" in said["vi"]

    def test_compressed_size(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A workbook over its compressed cap is refused from its size."""
        path = _workbook(tmp_path / "big.xlsx", _records(tmp_path))
        monkeypatch.setenv("COOPEVAL_MAX_XLSX_BYTES", "1000")

        said = _refused(path, tmp_path, capsys)

        assert f"{path}: an XLSX workbook may have at most 1 000 bytes (1.0 KB)" in said["en"]
        assert f"{path}: tệp XLSX chỉ được có tối đa 1 000 byte (1,0 KB)" in said["vi"]

    def test_empty_formatted_rows_are_not_read(self, tmp_path: Path) -> None:
        """200 000 empty formatted rows below the last value are not read: it ends at row 3."""
        empty = "".join(
            f'<row r="{n}" s="1" customFormat="1"><c r="A{n}" s="1"/><c r="B{n}" s="1"/></row>'
            for n in range(4, 200_004)
        )
        path = _workbook(
            tmp_path / "formatted.xlsx",
            _records(tmp_path) + empty,
            '<dimension ref="A1:XFD200003"/>',
        )

        assert 3 == sheet_extent(str(path), "xl/worksheets/sheet1.xml", "formatted.xlsx[HTX]")

    def test_a_record_after_empty_rows_is_read(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A record below 5 000 empty formatted rows is still a row of the output, not dropped."""
        header, first, second = _pilots()
        empty = "".join(f'<row r="{n}"><c r="A{n}" s="1"/></row>' for n in range(3, 5003))
        rows = _row(1, header) + _row(2, first) + empty + _row(5003, second)
        path = _workbook(tmp_path / "gap.xlsx", rows)
        out = tmp_path / "out.csv"

        main(["score", str(path), "-o", str(out)])

        with out.open(encoding="utf-8-sig") as stream:
            ids = [row["id"] for row in csv.DictReader(stream)]
        assert [first[0], second[0]] == ids

    def test_cells_without_references_are_read_whole(self, tmp_path: Path) -> None:
        """A sheet whose cells do not name their reference cannot be scanned: read to its end."""
        rows = "".join(
            "<row>"
            + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
            + "</row>"
            for values in _pilots()
        )
        path = _workbook(tmp_path / "unnamed.xlsx", rows)

        assert None is sheet_extent(str(path), "xl/worksheets/sheet1.xml", "unnamed.xlsx[HTX]")
