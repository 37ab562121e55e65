"""The ``report`` command: HTML scorecards and the province's dashboard, read with html.parser."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.cli import PILOTS_CSV, WITH_ERRORS, run
from tests.report.page import Element, parse

ROOT = Path(__file__).resolve().parents[2]
WORKBOOK = str(ROOT / "examples" / "officer-workbook.xlsx")
IDS = ["HTX-01", "HTX-02", "HTX-03", "HTX-04"]


def _page(path: Path) -> Element:
    return parse(path.read_text(encoding="utf-8"))


def _number(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    code, out, _ = run(["score", *args, "--format", "json"], capsys)
    assert code == 0
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


class TestCard:
    def test_numbers_as_in_the_json_output(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The card of HTX-04 shows every item's points and max, groups and total of ``score``."""
        record = next(r for r in _json(capsys, PILOTS_CSV) if r["id"] == "HTX-04")
        out = tmp_path / "card.html"
        code, stdout, _ = run(["report", PILOTS_CSV, "--id", "HTX-04", "-o", str(out)], capsys)
        page = _page(out)

        assert 0 == code
        assert "" == stdout
        rows = page.all("tr", "item")
        assert sorted(record["items"]) == sorted(r.attrs["data-item"] for r in rows)
        for row in rows:
            item = record["items"][row.attrs["data-item"]]
            assert (Decimal(item["points"]), Decimal(item["max"])) == (
                _number(row.one("td", "points").text),
                _number(row.one("td", "max").text),
            )
        for group in page.all("tr", "group"):
            wanted = record["groups"][group.attrs["data-group"]]
            assert Decimal(wanted["points"]) == _number(group.one("td", "points").text)
        assert Decimal(record["total"]) == _number(page.one("strong", "total-value").text)

    def test_standard_output_without_o(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without ``-o`` the page goes to standard output."""
        code, out, _ = run(["report", PILOTS_CSV, "--id", "HTX-01"], capsys)

        assert 0 == code
        assert ["HTX-01"] == [s.attrs["data-id"] for s in parse(out).all("section", "page")]

    def test_english(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``--lang en`` switches the page's words and the rule set's labels."""
        out = tmp_path / "card.html"
        run(["report", PILOTS_CSV, "--id", "HTX-04", "--lang", "en", "-o", str(out)], capsys)
        page = _page(out)

        assert "Cooperative evaluation and rating form" == page.one("h1").text
        assert page.one("div", "rating").text.startswith("Rating: Fair")

    def test_all_records_one_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Without ``--id``, ``-o all.html`` holds one page per cooperative."""
        out = tmp_path / "all.html"
        code, _, _ = run(["report", PILOTS_CSV, "-o", str(out)], capsys)

        assert 0 == code
        assert IDS == [s.attrs["data-id"] for s in _page(out).all("section", "page")]

    def test_all_records_a_folder(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``-o DIR/`` writes ``ID.html`` for each cooperative, each its own page."""
        folder = tmp_path / "cards"
        folder.mkdir()
        code, _, _ = run(["report", PILOTS_CSV, "-o", f"{folder}/"], capsys)

        assert 0 == code
        assert [f"{i}.html" for i in IDS] == sorted(p.name for p in folder.iterdir())
        for wanted in IDS:
            pages = _page(folder / f"{wanted}.html").all("section", "page")
            assert [wanted] == [p.attrs["data-id"] for p in pages]

    def test_a_new_folder_is_made(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """``-o cards/`` that does not exist yet is made (one level), then filled."""
        folder = tmp_path / "cards"

        code, _, _ = run(["report", PILOTS_CSV, "-o", f"{folder}/"], capsys)

        assert 0 == code
        assert [f"{i}.html" for i in IDS] == sorted(p.name for p in folder.iterdir())

    def test_officer_workbook(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The officer's workbook (units in millions, a totals row) gives the same four pages."""
        out = tmp_path / "all.html"
        code, _, _ = run(["report", WORKBOOK, "-o", str(out)], capsys)

        assert 0 == code
        pages = _page(out).all("section", "page")
        assert 4 == len(pages)
        assert all(23 == len(p.all("tr", "item")) for p in pages)

    def test_record_errors_exit_1(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A file with bad rows exits 1 and still has a page for every record."""
        out = tmp_path / "all.html"
        code, _, err = run(["report", WITH_ERRORS, "-o", str(out)], capsys)

        assert 1 == code
        assert 6 == len(_page(out).all("section", "page"))
        assert "coopeval:" in err


class TestDashboard:
    def test_province_page(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Histogram of 20 bins, the four pilots under 80 nearest first, with their distance."""
        out = tmp_path / "province.html"
        code, _, _ = run(["report", PILOTS_CSV, "--summary", "-o", str(out)], capsys)
        page = _page(out)

        assert 0 == code
        assert 20 == len(page.one("svg", "histogram").all("rect", "bin"))
        rows = page.one("table", "under").one("tbody").all("tr")
        assert ["HTX-04", "HTX-03", "HTX-02", "HTX-01"] == [r.attrs["data-id"] for r in rows]
        assert ["1", "4", "9", "13"] == [r.one("td", "distance").text for r in rows]

    def test_eligibility_matrix(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The matrix has the ``eligible`` command's outcomes; a law not yet in force says so."""
        _, out, _ = run(["eligible", PILOTS_CSV, "--format", "json"], capsys)  # 1: not in force
        wanted = {r["id"]: r["programs"] for r in json.loads(out)}
        target = tmp_path / "province.html"
        run(["report", PILOTS_CSV, "--summary", "-o", str(target)], capsys)
        table = _page(target).one("table", "eligibility")

        programmes = [th.attrs["data-programme"] for th in table.all("th") if th.attrs]
        assert sorted(wanted["HTX-01"]) == sorted(programmes)
        for tr in table.one("tbody").all("tr"):
            cells = dict(zip(programmes, tr.all("td")[2:], strict=True))
            for programme, cell in cells.items():
                result = wanted[tr.attrs["data-id"]][programme]
                refused = any(e["code"] == "not_in_force" for e in result["errors"])
                assert {"not_in_force" if refused else result["outcome"]} == cell.classes
        assert all(
            "not_in_force" in tr.all("td")[2 + programmes.index("luat-htx-2023-d18")].classes
            for tr in table.one("tbody").all("tr")
        )

    def test_priorities_as_whatif_summary(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The items most often in plans are those ``whatif --summary`` counts."""
        code, out, _ = run(["whatif", PILOTS_CSV, "--summary", "--format", "json"], capsys)
        assert 0 == code
        counts = {i["item"]: str(i["count"]) for i in json.loads(out)["items"]}
        target = tmp_path / "province.html"
        run(["report", PILOTS_CSV, "--summary", "-o", str(target)], capsys)
        rows = _page(target).one("table", "priorities").one("tbody").all("tr")

        assert counts == {r.attrs["data-item"]: r.one("td", "count").text for r in rows}


class TestUsage:
    @pytest.mark.parametrize(
        ("extra", "words"),
        [
            (["-o", "card.txt"], "report writes HTML"),
            (["--summary", "--id", "HTX-01"], "do not give --id"),
            (["--rules", "tt55-2023"], "tt55-2023"),
            (["--id", "HTX-99"], "HTX-99"),
        ],
    )
    def test_usage_errors_exit_2(
        self,
        extra: list[str],
        words: str,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A wrong output name, --id with --summary, a programme, an unknown id: exit 2, said."""
        monkeypatch.chdir(tmp_path)
        code, _, err = run(["report", PILOTS_CSV, "--lang", "en", *extra], capsys)

        assert 2 == code
        assert words in err
        assert [] == list(tmp_path.iterdir())

    def test_summary_into_a_folder(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The dashboard is one page: a folder is refused."""
        code, _, err = run(["report", PILOTS_CSV, "--summary", "-o", f"{tmp_path}/"], capsys)

        assert 2 == code
        assert "tệp .html" in err

    def test_help_in_both_languages(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``report --help`` says each option in Vietnamese and English."""
        with pytest.raises(SystemExit):
            run(["report", "--help"], capsys)
        out = capsys.readouterr().out

        assert "trang tổng hợp của tỉnh / the province's dashboard" in out
        assert "chỉ hợp tác xã này / only the record with this id" in out
