"""The service under hostile requests: the token, the body cap, bad files, paths, bugs.

Every refusal is JSON in the shape of a record's errors, never a traceback; no
request reaches a file outside the temporary folder of its upload, and that
folder is gone when the answer comes.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from coopeval.serve import create_app
from tests.formats.test_limits import _records, _workbook
from tests.serve import AUTH, TOKEN, WORKBOOK, pilots

#: Every route, as (method, path); all but /health need the token.
ROUTES = [
    ("POST", "/v1/score"),
    ("POST", "/v1/explain"),
    ("POST", "/v1/eligible"),
    ("POST", "/v1/whatif"),
    ("GET", "/v1/rules"),
    ("GET", "/"),
    ("GET", "/docs"),
    ("GET", "/openapi.json"),
    ("GET", "/no/such/route"),
]


def _problem(answer: Any) -> dict[str, Any]:
    """The one problem of a refused answer, checked to be JSON in the contract's shape."""
    assert answer.headers["content-type"].startswith("application/json")
    (found,) = answer.json()["errors"]
    assert {"field", "value", "message", "code"} <= set(found)
    assert "Traceback" not in answer.text
    return dict(found)


class TestToken:
    @pytest.mark.parametrize(("method", "path"), ROUTES)
    def test_required(self, anonymous: TestClient, method: str, path: str) -> None:
        """No token: 401 ``unauthorized``, whatever the route, before any body is read."""
        answer = anonymous.request(method, path, json=pilots()[0] if method == "POST" else None)

        assert 401 == answer.status_code
        assert "unauthorized" == _problem(answer)["code"]

    @pytest.mark.parametrize(("method", "path"), ROUTES)
    def test_a_wrong_token(self, anonymous: TestClient, method: str, path: str) -> None:
        """A wrong token, in any of its places, is no token."""
        answer = anonymous.request(
            method,
            path,
            headers={
                "Authorization": f"Bearer {TOKEN}x",
                "X-Coopeval-Token": TOKEN[:-1],
                "Cookie": "coopeval_token=",
            },
            params={"token": "guess"},
        )

        assert 401 == answer.status_code

    @pytest.mark.parametrize(
        "given",
        [
            {"headers": AUTH},
            {"headers": {"X-Coopeval-Token": TOKEN}},
            {"params": {"token": TOKEN}},
            {"headers": {"Cookie": f"coopeval_token={TOKEN}"}},
        ],
    )
    def test_each_place(self, anonymous: TestClient, given: dict[str, Any]) -> None:
        """The header, the bearer, the query and the cookie each carry the token."""
        answer = anonymous.get("/v1/rules", **given)

        assert 200 == answer.status_code

    def test_the_cookie_is_set(self, anonymous: TestClient) -> None:
        """A GET with the token in its query sets the HttpOnly, SameSite=Strict cookie."""
        answer = anonymous.get("/", params={"token": TOKEN})
        headers = anonymous.get("/", headers=AUTH)

        assert (
            f"coopeval_token={TOKEN}; Path=/; HttpOnly; SameSite=Strict"
            == answer.headers["set-cookie"]
        )
        assert "set-cookie" not in headers.headers

    def test_health_is_open(self, anonymous: TestClient) -> None:
        """Only /health answers without the token."""
        assert 200 == anonymous.get("/health").status_code

    def test_english(self, anonymous: TestClient) -> None:
        """``?lang=en`` says the refusal in English."""
        answer = anonymous.get("/v1/rules", params={"lang": "en"})

        assert _problem(answer)["message"].startswith("missing or wrong token")


class TestBodyCap:
    @pytest.fixture
    def small(self) -> Iterator[TestClient]:
        app = create_app(token=TOKEN, max_body=2000)
        with TestClient(app, headers=AUTH, raise_server_exceptions=False) as client:
            yield client

    def test_declared_length(self, small: TestClient) -> None:
        """A body longer than the cap: 413 ``too_large``."""
        answer = small.post("/v1/score", content=b"[" + b" " * 2000 + b"]")

        assert 413 == answer.status_code
        assert "too_large" == _problem(answer)["code"]

    def test_chunked(self, small: TestClient) -> None:
        """A body sent in chunks without a length is counted as it comes: 413."""

        def chunks() -> Iterator[bytes]:
            yield b"["
            for _ in range(30):
                yield b" " * 100
            yield b"]"

        answer = small.post("/v1/score", content=chunks())

        assert 413 == answer.status_code
        assert "too_large" == _problem(answer)["code"]

    def test_an_upload(self, small: TestClient) -> None:
        """An uploaded workbook larger than the cap: 413."""
        with WORKBOOK.open("rb") as stream:
            answer = small.post("/v1/score", files={"file": ("w.xlsx", stream)})

        assert 413 == answer.status_code

    def test_under_the_cap(self, small: TestClient) -> None:
        """A body under the cap is read."""
        answer = small.post("/v1/score", json={"id": "X"})

        assert 200 == answer.status_code


class TestHostileInput:
    def test_not_a_workbook(self, client: TestClient) -> None:
        """Text named .xlsx: 400 ``unreadable``, saying the upload's name, no temporary path."""
        answer = client.post(
            "/v1/score", files={"file": ("report.xlsx", b"<html>not a workbook</html>")}
        )
        found = _problem(answer)

        assert 400 == answer.status_code
        assert "unreadable" == found["code"]
        assert "report.xlsx" in found["message"]
        assert tempfile.gettempdir() not in found["message"]

    def test_a_zip_bomb(
        self, client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A workbook whose parts unpack past the cap is refused from its zip directory: 400."""
        path = _workbook(tmp_path / "bomb.xlsx", _records(tmp_path))
        monkeypatch.setenv("COOPEVAL_MAX_XLSX_UNPACKED_BYTES", "1000")

        answer = client.post("/v1/score", files={"file": ("bomb.xlsx", path.read_bytes())})
        found = _problem(answer)

        assert 400 == answer.status_code
        assert (
            "zip bomb"
            in client.post(
                "/v1/score", params={"lang": "en"}, files={"file": ("b.xlsx", path.read_bytes())}
            ).json()["errors"][0]["message"]
        )
        assert "unreadable" == found["code"]

    def test_deep_json(self, client: TestClient) -> None:
        """JSON nested 100 000 deep: 400, located, not a crash."""
        answer = client.post("/v1/score", content=b"[" * 100_000 + b"]" * 100_000)

        assert 400 == answer.status_code
        assert "unreadable" == _problem(answer)["code"]

    def test_not_json(self, client: TestClient) -> None:
        """A body that is not JSON: 400, naming the request, not a file."""
        answer = client.post("/v1/score", content=b"{id: 1")

        assert 400 == answer.status_code
        assert _problem(answer)["message"].startswith("request:1:2")

    def test_a_script_in_a_name(self, client: TestClient) -> None:
        """A cooperative named ``<script>…`` is data: sent back as JSON text, unchanged."""
        name = "<script>alert(1)</script>"
        header, *rows = (WORKBOOK.parent / "pilots.csv").read_text(encoding="utf-8").splitlines()
        first = rows[0].split(",")
        first[1] = name
        body = f"{header}\n{','.join(first)}\n".encode()

        answer = client.post("/v1/score", files={"file": ("<script>x.csv", body)})
        (found,) = answer.json()

        assert answer.headers["content-type"].startswith("application/json")
        assert (name, "67") == (found["meta"]["name"], found["total"])
        assert "<script>x.csv" == found["source"]["file"]

    @pytest.mark.parametrize(
        "filename", ["../../etc/passwd", "records.exe", "C:\\Windows\\system.ini", ""]
    )
    def test_a_name_not_read(self, client: TestClient, filename: str) -> None:
        """An upload whose name has no suffix read is refused (415); a path in it is only text."""
        answer = client.post("/v1/score", files={"file": (filename, b"id\nX\n")})

        assert answer.status_code in (415, 422)
        assert _problem(answer)["code"] in ("unsupported_format", "no_file")

    def test_a_folder_in_the_name_is_dropped(self, client: TestClient) -> None:
        """``../../x.csv`` is read as ``x.csv``: its bytes, never the file it names."""
        answer = client.post("/v1/score", files={"file": ("../../pilots.csv", b"id\nX-1\n")})

        assert [("X-1", "pilots.csv")] == [(r["id"], r["source"]["file"]) for r in answer.json()]

    @pytest.mark.parametrize(
        "rules", ["../../etc/passwd", "/etc/passwd", "rules/tt01-2020/ruleset.toml", "tt01"]
    )
    def test_rules_are_ids_only(self, client: TestClient, rules: str) -> None:
        """Only the ids served name rule sets: a path, even a real rule file's, is 422."""
        answer = client.post("/v1/score", params={"rules": rules}, json=pilots()[0])
        found = _problem(answer)

        assert 422 == answer.status_code
        assert ("unknown_rules", rules) == (found["code"], found["value"])
        assert "tt01-2020" in found["allowed"]

    def test_other_media_types(self, client: TestClient) -> None:
        """A body of a type not read: 415, the types read named."""
        answer = client.post("/v1/score", content=b"id\nX\n", headers={"Content-Type": "text/csv"})

        assert 415 == answer.status_code
        assert "multipart/form-data" in _problem(answer)["allowed"]

    def test_a_form_without_a_file(self, client: TestClient) -> None:
        """A form with no field ``file``: 422 ``no_file``."""
        answer = client.post("/v1/score", data={"rules": "tt01-2020"}, files={"other": b"x"})

        assert (422, "no_file") == (answer.status_code, _problem(answer)["code"])

    def test_a_wrong_method(self, client: TestClient) -> None:
        """GET on a POST route: 405 JSON."""
        answer = client.get("/v1/score")

        assert (405, "method_not_allowed") == (answer.status_code, _problem(answer)["code"])

    def test_not_an_object(self, client: TestClient) -> None:
        """A list of numbers: each row is an error result, not a refusal."""
        found = client.post("/v1/score", json=[1, "two"]).json()

        assert [("unreadable", 1), ("unreadable", 2)] == [
            (r["errors"][0]["code"], r["source"]["row"]) for r in found
        ]


class TestNothingKept:
    def test_the_upload_folder_is_removed(
        self, client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Each read's temporary folder is gone after the answer, read or refused."""
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        made: list[str] = []
        real = tempfile.TemporaryDirectory

        def recorded(*args: Any, **kwargs: Any) -> Any:
            folder = real(*args, **kwargs)
            made.append(folder.name)
            return folder

        monkeypatch.setattr(tempfile, "TemporaryDirectory", recorded)

        with WORKBOOK.open("rb") as stream:
            good = client.post("/v1/score", files={"file": ("w.xlsx", stream)})
        bad = client.post("/v1/score", files={"file": ("w.xlsx", b"PK\x03\x04 broken")})

        assert (200, 400) == (good.status_code, bad.status_code)
        assert 2 == len(made)
        assert all(Path(folder).parent == tmp_path for folder in made)
        assert [] == list(tmp_path.iterdir())


class TestShield:
    def test_an_unexpected_error(self, client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
        """A bug: 500 JSON ``internal``, without the error's text or a traceback."""

        def broken(*args: Any, **kwargs: Any) -> Any:
            msg = "secret detail at /home/officer"
            raise RuntimeError(msg)

        monkeypatch.setattr("coopeval.serve.api.evaluated", broken)

        answer = client.post("/v1/score", json=pilots()[0])
        found = _problem(answer)

        assert 500 == answer.status_code
        assert "internal" == found["code"]
        assert "secret" not in answer.text
        assert json.loads(answer.text) == {"errors": [found]}
