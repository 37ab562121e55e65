"""The JSON API: the command line's JSON output, for a body of records or an uploaded file.

Totals and ratings are the pilots' by hand (67, 71, 76, 79: all khá, 80 is tốt);
whole answers are compared with what the command line writes for the same file.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from coopeval.ruleset import Catalogue
from tests.cli import WITH_ERRORS
from tests.ruleset.test_catalogue import BUNDLED
from tests.serve import PILOTS, WORKBOOK, cli_json, pilots, without_file

TOTALS = [("HTX-01", "67"), ("HTX-02", "71"), ("HTX-03", "76"), ("HTX-04", "79")]


def _upload(client: TestClient, route: str, path: Path, **params: Any) -> Any:
    with path.open("rb") as stream:
        return client.post(route, params=params, files={"file": (path.name, stream)})


class TestScore:
    def test_a_list_of_records(self, client: TestClient) -> None:
        """Four pilots in, four results out, with the pilots' totals and ratings."""
        answer = client.post("/v1/score", json=pilots())
        found = answer.json()

        assert 200 == answer.status_code
        assert TOTALS == [(r["id"], r["total"]) for r in found]
        assert ["kha"] * 4 == [r["rating"] for r in found]
        assert "0" == answer.headers["x-coopeval-errors"]

    def test_one_record(self, client: TestClient) -> None:
        """One record (an object) gives a list of one, its source the request's first row."""
        found = client.post("/v1/score", json=pilots()[3]).json()

        assert [("HTX-04", "79")] == [(r["id"], r["total"]) for r in found]
        assert {"file": "request", "row": 1} == found[0]["source"]

    def test_the_same_as_the_command_line(
        self, client: TestClient, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Every field as ``coopeval score --format json`` writes it, but the file's name."""
        expected = cli_json(["score", str(PILOTS)], capsys)

        found = client.post("/v1/score", json=pilots()).json()

        assert without_file(expected) == without_file(found)

    def test_the_officer_workbook(
        self, client: TestClient, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The example workbook uploaded: the pilots' totals, as the command line has them."""
        expected = cli_json(["score", str(WORKBOOK)], capsys)

        found = _upload(client, "/v1/score", WORKBOOK).json()

        assert TOTALS == [(r["id"], r["total"]) for r in found]
        assert [6, 7, 8, 9] == [r["source"]["row"] for r in found]
        assert {"officer-workbook.xlsx"} == {r["source"]["file"] for r in found}
        assert without_file(expected) == without_file(found)

    def test_a_record_with_errors(self, client: TestClient) -> None:
        """A value out of range: the record's error has its field, value, message and code."""
        record = {**pilots()[0], "members_using_services_pct": 150}

        answer = client.post("/v1/score", json=record)
        (found,) = answer.json()

        assert 200 == answer.status_code
        assert "1" == answer.headers["x-coopeval-errors"]
        assert ("error", None) == (found["status"], found["total"])
        assert [
            {
                "field": "members_using_services_pct",
                "value": "150",
                "message": "above the highest allowed value 100",
                "code": "range",
                "allowed": "0…100",
                "column": "",
                "row": 1,
            }
        ] == found["errors"]

    def test_an_uploaded_csv_with_errors(self, client: TestClient) -> None:
        """The example with errors: rows 6 and 7 have theirs, with the sheet's column."""
        found = _upload(client, "/v1/score", Path(WITH_ERRORS)).json()
        errors = [
            (e["row"], e["field"], e["value"], e["code"], e["column"])
            for r in found
            for e in r["errors"]
        ]

        assert [
            (6, "members_using_services_pct", "150", "range", "AJ (members_using_services_pct)"),
            (7, "self_score.c01a", "7", "self_score", "CB (self_score.c01a)"),
        ] == errors

    def test_jsonl(self, client: TestClient) -> None:
        """A JSONL body, one record a line."""
        body = "\n".join(json.dumps(r, ensure_ascii=False) for r in pilots()[:2]) + "\n"

        answer = client.post(
            "/v1/score", content=body.encode(), headers={"Content-Type": "application/x-ndjson"}
        )

        assert TOTALS[:2] == [(r["id"], r["total"]) for r in answer.json()]

    def test_rules_chosen_by_form_field(self, client: TestClient) -> None:
        """The form's field ``rules`` chooses the rule set as the query does."""
        with WORKBOOK.open("rb") as stream:
            answer = client.post(
                "/v1/score", data={"rules": "tt09-2017"}, files={"file": ("w.xlsx", stream)}
            )

        assert {"tt09-2017"} == {r["ruleset"]["id"] for r in answer.json()}

    def test_a_programme_is_refused(self, client: TestClient) -> None:
        """Scoring under a programme: 422, the scorecards named as allowed."""
        answer = client.post("/v1/score", params={"rules": "qd167-2021"}, json=pilots()[0])
        (problem,) = answer.json()["errors"]

        assert 422 == answer.status_code
        assert ("wrong_kind", "rules", "qd167-2021") == (
            problem["code"],
            problem["field"],
            problem["value"],
        )
        assert ["tt01-2020", "tt09-2017"] == problem["allowed"]


class TestExplain:
    def test_explained(self, client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
        """Each record's result and explanation, as ``coopeval explain --format json``."""
        expected = cli_json(["explain", str(PILOTS), "--lang", "en"], capsys)

        found = client.post("/v1/explain", params={"lang": "en"}, json=pilots()).json()

        assert without_file(expected) == without_file(found)
        assert "67" == found[0]["result"]["total"]
        assert ("en", "scorecard") == (
            found[0]["explanation"]["lang"],
            found[0]["explanation"]["kind"],
        )

    def test_one_id(self, client: TestClient) -> None:
        """``id`` keeps that record only; an id not there is 404 with the nearest suggested."""
        found = client.post("/v1/explain", params={"id": "HTX-03"}, json=pilots()).json()
        missing = client.post("/v1/explain", params={"id": "HTX-3", "lang": "en"}, json=pilots())

        assert ["HTX-03"] == [item["result"]["id"] for item in found]
        assert 404 == missing.status_code
        assert "no_such_id" == missing.json()["errors"][0]["code"]
        assert "did you mean 'HTX-03'?" in missing.json()["errors"][0]["message"]


class TestEligible:
    def test_every_programme(self, client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
        """Every programme with conditions, as ``coopeval eligible --format json`` writes it."""
        expected = cli_json(["eligible", str(PILOTS)], capsys)

        found = client.post("/v1/eligible", json=pilots()).json()

        assert without_file(expected) == without_file(found)
        assert ["HTX-01", "HTX-02", "HTX-03", "HTX-04"] == [r["id"] for r in found]

    def test_programmes_chosen(self, client: TestClient) -> None:
        """``program`` repeated or comma-separated names the programmes judged."""
        one = client.post("/v1/eligible", params={"program": "qd167-2021"}, json=pilots()[0])
        two = client.post(
            "/v1/eligible", params={"program": "qd167-2021,tt55-2023"}, json=pilots()[0]
        )

        assert ["qd167-2021"] == list(one.json()[0]["programs"])
        assert ["qd167-2021", "tt55-2023"] == list(two.json()[0]["programs"])

    def test_one_id(self, client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
        """``id`` keeps one record, as ``coopeval eligible --id`` does; an unknown one is 404."""
        expected = cli_json(["eligible", str(PILOTS), "--id", "HTX-03"], capsys)

        found = client.post("/v1/eligible", params={"id": "HTX-03"}, json=pilots())
        missing = client.post("/v1/eligible", params={"id": "HTX-3"}, json=pilots())

        assert without_file(expected) == without_file(found.json())
        assert ["HTX-03"] == [r["id"] for r in found.json()]
        assert (404, "no_such_id") == (missing.status_code, missing.json()["errors"][0]["code"])

    def test_a_scorecard_is_refused(self, client: TestClient) -> None:
        """``program=tt01-2020`` is a scorecard: 422."""
        answer = client.post("/v1/eligible", params={"program": "tt01-2020"}, json=pilots()[0])

        assert (422, "wrong_kind") == (answer.status_code, answer.json()["errors"][0]["code"])


class TestWhatif:
    def test_plans(self, client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
        """Each record's best plan to tốt, as ``coopeval whatif --format json`` writes it."""
        expected = cli_json(["whatif", str(PILOTS)], capsys)

        found = client.post("/v1/whatif", json=pilots()).json()

        assert expected == found
        assert [("HTX-04", "plan", "tot", "79")] == [
            (w["id"], w["status"], w["target"], w["total"]) for w in found if w["id"] == "HTX-04"
        ]

    def test_options(self, client: TestClient) -> None:
        """Two alternatives asked: at most two plans; more than ten: refused (422)."""
        two = client.post("/v1/whatif", params={"alternatives": 2, "id": "HTX-01"}, json=pilots())
        many = client.post("/v1/whatif", params={"alternatives": 11}, json=pilots())

        assert 1 <= len(two.json()[0]["plans"]) <= 2
        assert 422 == many.status_code
        assert ("invalid", "alternatives", "11") == (
            many.json()["errors"][0]["code"],
            many.json()["errors"][0]["field"],
            many.json()["errors"][0]["value"],
        )

    def test_unknown_target(self, client: TestClient) -> None:
        """A target that is not a rating: 400 with the reason, no traceback."""
        answer = client.post("/v1/whatif", params={"target": "best"}, json=pilots()[0])

        assert 400 == answer.status_code
        assert "usage" == answer.json()["errors"][0]["code"]


class TestRules:
    def test_listed(self, client: TestClient) -> None:
        """Each bundled rule set once, with its kind, dates in force and the sha256 of its file."""
        found = client.get("/v1/rules").json()
        catalogue = Catalogue()
        digests = {
            v.id: hashlib.sha256(catalogue.find(v.id).path.read_bytes()).hexdigest()
            for v in catalogue.versions()
        }

        assert list(BUNDLED) == [r["id"] for r in found]
        assert digests == {r["id"]: r["sha256"] for r in found}
        tt01 = next(r for r in found if r["id"] == "tt01-2020")
        assert ("scorecard", "2020-04-01", None, "01/2020/TT-BKHĐT") == (
            tt01["kind"],
            tt01["effective_from"],
            tt01["effective_to"],
            tt01["document"],
        )

    def test_health(self, anonymous: TestClient) -> None:
        """``/health`` answers without a token."""
        answer = anonymous.get("/health")

        assert (200, {"status": "ok"}) == (answer.status_code, answer.json())

    def test_openapi(self, client: TestClient) -> None:
        """The OpenAPI schema documents every route, a body of records or a file for each POST."""
        schema = client.get("/openapi.json").json()
        docs = client.get("/docs")

        assert {
            "/v1/score",
            "/v1/explain",
            "/v1/eligible",
            "/v1/whatif",
            "/v1/rules",
            "/health",
        } == set(schema["paths"])
        body = schema["paths"]["/v1/score"]["post"]["requestBody"]["content"]
        assert {"application/json", "application/x-ndjson", "multipart/form-data"} == set(body)
        assert 200 == docs.status_code
        assert "swagger" in docs.text.lower()
