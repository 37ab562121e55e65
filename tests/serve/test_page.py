"""The officer's page (`coopeval.serve.page`) through the test client, read with html.parser."""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient
from httpx import Response

from coopeval.formats import evaluate_file
from coopeval.serve import sessions, upload
from tests.cli import run
from tests.report.page import Element, parse
from tests.serve import AUTH
from tests.serve.page_app import PILOTS, PILOTS_CSV, RATING, WORKBOOK, page_app


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(page_app(), headers=AUTH) as found:
        yield found


def _upload(client: TestClient, path: Path, lang: str = "vi", name: str | None = None) -> Response:
    files = {"file": (name or path.name, path.read_bytes())}
    response: Response = client.post("/upload", files=files, data={"lang": lang})
    return response


def _results(page: Element) -> dict[str, Element]:
    """The rows of the results table by their ``data-id``."""
    table = page.one("table", id="results")
    return {row.attrs["data-id"]: row for row in table.all("tr") if "data-id" in row.attrs}


def _hostile_csv(tmp_path: Path, name: str) -> Path:
    """pilots.csv with the first cooperative's name replaced by ``name``."""
    lines = PILOTS_CSV.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")
    first[1] = f'"{name}"'
    path = tmp_path / "hostile.csv"
    path.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n", encoding="utf-8")
    return path


class TestForm:
    def test_the_form_has_the_contract_ids(self, client: TestClient) -> None:
        """GET / is a multipart form posting to /upload, with #file and a #score button."""
        response = client.get("/")
        page = parse(response.text)
        form = page.one("form", id="upload-form")

        assert 200 == response.status_code
        assert ("post", "/upload", "multipart/form-data") == (
            form.attrs["method"],
            form.attrs["action"],
            form.attrs["enctype"],
        )
        assert "file" == form.one("input", id="file").attrs["name"]
        assert "file" == form.one("input", id="file").attrs["type"]
        assert "submit" == form.one("button", id="score").attrs["type"]

    def test_vietnamese_first_english_on_request(self, client: TestClient) -> None:
        """The page is in Vietnamese, ``?lang=en`` in English, each linking to the other."""
        vi, en = parse(client.get("/").text), parse(client.get("/?lang=en").text)

        assert "vi" == vi.one("html").attrs["lang"]
        assert "en" == en.one("html").attrs["lang"]
        assert "Chấm điểm" == vi.one("button", id="score").text
        assert "Score" == en.one("button", id="score").text
        assert "/?lang=en" == vi.one("a", id="lang").attrs["href"]
        assert "/?lang=vi" == en.one("a", id="lang").attrs["href"]

    def test_offline_and_without_script(self, client: TestClient) -> None:
        """No script, no external style, font or picture; the policy forbids them too."""
        response = client.get("/")
        page = parse(response.text)
        addresses = [e.attrs.get(a, "") for e in page.walk() for a in ("src", "href", "action")]
        policy = response.headers["content-security-policy"]

        assert [] == page.all("script") + page.all("link") + page.all("img")
        assert [] == [a for a in addresses if "//" in a]
        assert "default-src 'none'" in policy
        assert "script-src" not in policy

    def test_the_token_becomes_a_strict_cookie(self) -> None:
        """A first visit with the right token leaves it in an HttpOnly, SameSite=Strict cookie."""
        with TestClient(page_app(token="s3cret")) as client:
            right = client.get("/?token=s3cret").headers.get("set-cookie", "")
            wrong = client.get("/?token=guess").headers.get("set-cookie")

        assert right.startswith("coopeval_token=s3cret;")
        assert "httponly" in right.lower()
        assert "samesite=strict" in right.lower()
        assert wrong is None


class TestUpload:
    @pytest.mark.parametrize("lang", ["vi", "en"])
    def test_the_four_pilots_with_their_ratings(self, client: TestClient, lang: str) -> None:
        """The officer workbook gives HTX-01..04, each rated khá, the label in the language."""
        response = _upload(client, WORKBOOK, lang)
        rows = _results(parse(response.text))

        assert 200 == response.status_code
        assert list(PILOTS) == list(rows)
        assert [RATING[lang]] * 4 == [rows[i].one("td", "rating").text for i in PILOTS]

    def test_the_column_plan(self, client: TestClient) -> None:
        """Used, not used (the row number and the notes) and missing columns are shown."""
        page = parse(_upload(client, WORKBOOK).text)
        used = page.one("details", id="columns-used")
        unused = page.one("details", id="columns-unused")
        missing = page.one("details", id="columns-missing")
        used_rows = [tuple(td.text for td in tr.all("td")) for tr in used.all("tr")[1:]]

        assert ("B (Mã HTX)", "id") in used_rows
        assert "A (STT), CZ (Ghi chú)" == unused.one("p").text
        assert "official_members" in missing.text
        notes = page.one("ul", id="columns-notes").text
        assert "dòng 10: dòng tổng cộng (Tổng cộng), bỏ qua" in notes

    def test_totals_as_the_command_line_gives(
        self, client: TestClient, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Each row's total is the total of ``coopeval score --format json``."""
        code, out, _ = run(["score", str(WORKBOOK), "--format", "json"], capsys)
        expected = {r["id"]: Decimal(r["total"]) for r in json.loads(out)}
        rows = _results(parse(_upload(client, WORKBOOK).text))

        assert 0 == code
        assert expected == {i: Decimal(r.one("td", "total").text) for i, r in rows.items()}

    def test_the_eligibility_matrix_opens_on_click(self, client: TestClient) -> None:
        """Each record has a cell per programme: the outcome, and its conditions in <details>."""
        page = parse(_upload(client, WORKBOOK).text)
        matrix = page.one("table", id="eligibility")
        programmes = [s.text for s in matrix.all("span", "programme")]
        first = next(r for r in matrix.all("tr") if r.attrs.get("data-id") == "HTX-01")
        cells = first.all("details")
        nd45 = cells[programmes.index("nd45-2021")]

        assert {"nd45-2021", "qd167-2021", "tt124-2021", "tt55-2023"} <= set(programmes)
        assert len(programmes) == len(cells)
        assert "đủ điều kiện" == nd45.one("summary").text
        assert "Nghị định 45/2021/NĐ-CP, Điều 22" in nd45.text

    def test_a_row_opens_its_scorecard_and_plan(self, client: TestClient) -> None:
        """The links of HTX-01 give its printable scorecard and its plan to the top rating."""
        rows = _results(parse(_upload(client, WORKBOOK).text))
        card = client.get(rows["HTX-01"].one("a", "card").attrs["href"])
        plan = client.get(rows["HTX-01"].one("a", "plan").attrs["href"])

        assert 200 == card.status_code == plan.status_code
        assert "HTX Thủy sản Cộng đồng Suối Xanh" in parse(card.text).text
        assert "HTX-01" in parse(card.text).one("title").text
        assert "→ Tốt (từ 80 điểm)" in parse(plan.text).one("pre", id="plan").text

    def test_the_printable_pages(self, client: TestClient) -> None:
        """All scorecards in one page, one per pilot; the overview page too."""
        page = parse(_upload(client, WORKBOOK).text)
        cards = client.get(page.one("a", id="download-cards").attrs["href"])
        overview = client.get(page.one("a", id="download-dashboard").attrs["href"])

        assert 200 == cards.status_code == overview.status_code
        assert all(pilot in cards.text for pilot in PILOTS)
        assert "<svg" in overview.text


class TestWorkbook:
    def _download(self, client: TestClient, lang: str = "vi") -> bytes:
        page = parse(_upload(client, WORKBOOK, lang).text)
        response = client.get(page.one("a", id="download-xlsx").attrs["href"])
        assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
        content: bytes = response.content
        return content

    def test_totals_equal_the_command_line(
        self, client: TestClient, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The workbook's results sheet has the totals of ``coopeval score --format json``."""
        code, out, _ = run(["score", str(WORKBOOK), "--format", "json"], capsys)
        expected = {r["id"]: Decimal(r["total"]) for r in json.loads(out)}
        sheet = openpyxl.load_workbook(io.BytesIO(self._download(client)))["Kết quả"]
        header, *rows = list(sheet.iter_rows(values_only=True))
        at = header.index("Tổng điểm")

        assert 0 == code
        assert expected == {row[0]: Decimal(row[at]) for row in rows}

    def test_every_sheet_as_score_writes_it(
        self,
        client: TestClient,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Every cell of every sheet is what ``coopeval score FILE -o x.xlsx`` writes."""
        shutil.copy(WORKBOOK, tmp_path / WORKBOOK.name)
        monkeypatch.chdir(tmp_path)
        code, _, _ = run(["score", WORKBOOK.name, "-o", "cli.xlsx"], capsys)
        cli = openpyxl.load_workbook(tmp_path / "cli.xlsx")
        served = openpyxl.load_workbook(io.BytesIO(self._download(client)))

        assert 0 == code
        assert cli.sheetnames == served.sheetnames
        for name in cli.sheetnames:
            assert _values(cli[name]) == _values(served[name]), name


def _values(sheet: Any) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(values_only=True))


class TestHostile:
    NAME = "<script>alert(1)</script>"

    def test_a_hostile_name_is_shown_as_text(self, client: TestClient, tmp_path: Path) -> None:
        """A name that is markup is escaped on the results page and on its scorecard."""
        response = _upload(client, _hostile_csv(tmp_path, self.NAME))
        rows = _results(parse(response.text))
        card = client.get(rows["HTX-01"].one("a", "card").attrs["href"])

        assert self.NAME == rows["HTX-01"].all("td")[1].text
        assert "<script" not in response.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
        assert "<script" not in card.text

    def test_a_hostile_file_name_is_shown_as_text(self, client: TestClient) -> None:
        """A file name that is markup (with folders) is shown escaped, without its folders."""
        name = "../../<img src=x onerror=alert(1)>.csv"
        response = _upload(client, PILOTS_CSV, name=name)
        page = parse(response.text)
        heading = page.one("section", id="column-plan").one("h2")

        assert "<img" not in response.text
        assert "Các cột của <img src=x onerror=alert(1)>.csv" == heading.text

    def test_not_a_spreadsheet(self, client: TestClient, tmp_path: Path) -> None:
        """A file of another kind is refused with a readable error on the form (a 400)."""
        path = tmp_path / "notes.txt"
        path.write_text("not a workbook", encoding="utf-8")
        response = _upload(client, path, "en")
        error = parse(response.text).one("p", id="error")

        assert 400 == response.status_code
        assert "notes.txt: coopeval does not read this kind of file" in error.text
        assert ".xlsx, .csv, .json, .jsonl" in error.text
        assert "Traceback" not in response.text

    def test_a_broken_xlsx(self, client: TestClient, tmp_path: Path) -> None:
        """Bytes that are no workbook, named .xlsx: the reader's reason, no temporary path."""
        path = tmp_path / "broken.xlsx"
        path.write_bytes(b"PK\x03\x04 this is not a zip archive" * 10)
        response = _upload(client, path)
        error = parse(response.text).one("p", id="error")

        assert 400 == response.status_code
        assert error.text.startswith("Không đọc được tệp: broken.xlsx")
        assert "coopeval-upload-" not in response.text
        assert tempfile.gettempdir() not in response.text
        assert "Traceback" not in response.text

    def test_no_file_and_no_rows(self, client: TestClient, tmp_path: Path) -> None:
        """No file chosen, or a file of headers only: each said on the form."""
        empty = tmp_path / "empty.csv"
        empty.write_text(PILOTS_CSV.read_text(encoding="utf-8").splitlines()[0] + "\n", "utf-8")
        none = client.post("/upload", data={"lang": "en"}, files={"file": ("", b"")})
        headers_only = _upload(client, empty, "en")

        assert 400 == none.status_code
        assert "no file chosen" in parse(none.text).one("p", id="error").text
        assert 400 == headers_only.status_code
        assert "empty.csv: no data rows" in parse(headers_only.text).one("p", id="error").text

    def test_an_unknown_scorecard(self, client: TestClient) -> None:
        """A scorecard the app has not loaded is refused, naming those it has."""
        files = {"file": (WORKBOOK.name, WORKBOOK.read_bytes())}
        response = client.post("/upload", files=files, data={"rules": "../etc", "lang": "en"})

        assert 400 == response.status_code
        error = parse(response.text).one("p", id="error")
        assert "choose one of: tt01-2020, tt09-2017" in error.text


class TestNothingKept:
    def test_the_temporary_folders_are_removed(
        self, client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Reading, the workbook and a refused file each use a folder that is gone after."""
        folder = tmp_path / "tmp"
        folder.mkdir()
        monkeypatch.setattr(tempfile, "tempdir", str(folder))
        seen: list[list[str]] = []
        real = evaluate_file

        def spy(*args: Any, **kwargs: Any) -> Any:
            seen.append(os.listdir(folder))
            return real(*args, **kwargs)

        monkeypatch.setattr("coopeval.serve.upload.evaluate_file", spy)
        page = parse(_upload(client, WORKBOOK).text)
        client.get(page.one("a", id="download-xlsx").attrs["href"])
        broken = tmp_path / "broken.xlsx"
        broken.write_bytes(b"not a zip")
        _upload(client, broken)

        assert 3 == len(seen)
        assert [1, 1, 1] == [len(found) for found in seen]
        assert [] == os.listdir(folder)

    def test_forget_drops_the_upload(self, client: TestClient) -> None:
        """After "forget" the results and the downloads are gone (a 404 saying to upload again)."""
        response = _upload(client, WORKBOOK, "en")
        base = response.url.path
        forgotten = client.post(f"{base}/forget?lang=en")
        after = client.get(f"{base}?lang=en")
        download = client.get(f"{base}/workbook.xlsx")

        assert "/" == forgotten.url.path
        assert 404 == after.status_code == download.status_code
        assert "upload the file again" in parse(after.text).one("p", id="error").text

    def test_an_unknown_session_or_row(self, client: TestClient) -> None:
        """A session id never given, or a row past the end, is a 404 page."""
        base = _upload(client, WORKBOOK).url.path

        assert 404 == client.get("/s/not-a-session").status_code
        assert 404 == client.get(f"{base}/card/4").status_code
        assert 404 == client.get(f"{base}/plan/-1").status_code
        assert 200 == client.get(f"{base}/card/3").status_code


class TestSessions:
    def _reading(self) -> upload.Reading:
        rules = page_app().state.rules
        data = PILOTS_CSV.read_bytes()
        return upload.read_upload("pilots.csv", data, rules["tt01-2020"], [])

    def test_expiry_after_the_last_look(self) -> None:
        """An upload is kept ``ttl`` seconds after it was last looked at, then dropped."""
        now = [0.0]
        store = sessions.Sessions(ttl=10, clock=lambda: now[0])
        sid = store.put(self._reading())
        now[0] = 9
        kept = store.get(sid)
        now[0] = 18
        still = store.get(sid)
        now[0] = 29

        assert kept is not None
        assert still is not None
        assert store.get(sid) is None
        assert 0 == len(store)

    def test_at_most_size_uploads(self) -> None:
        """Past ``size`` uploads, the oldest is dropped first."""
        store = sessions.Sessions(size=2)
        reading = self._reading()
        first, second, third = (store.put(reading) for _ in range(3))

        assert store.get(first) is None
        assert store.get(second) is reading
        assert store.get(third) is reading
        assert len({first, second, third}) == 3
