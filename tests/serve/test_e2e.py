"""End to end: the real server on localhost, the officer's workbook uploaded in headless Chromium.

Uvicorn serves ``coopeval.serve.create_app`` (`tests.serve.page_app`): the token guard,
the API and the page, as `coopeval serve` does.
Selenium drives the system's Chromium through chromedriver. Without them the test
fails in CI (``CI`` set: ``.ci/run`` installs both) and is skipped elsewhere.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By

from tests.browser import find_chromium, png_colours, png_size
from tests.cli import run
from tests.serve.officer_browser import chrome, downloaded, find_chromedriver, ratings, served
from tests.serve.officer_browser import upload as upload_in
from tests.serve.page_app import PILOTS, RATING, WORKBOOK, page_app


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Chrome]:
    missing = [
        name
        for name, found in (("chromium", find_chromium()), ("chromedriver", find_chromedriver()))
        if found is None
    ]
    if missing:
        words = (
            f"{' and '.join(missing)} not found: the end-to-end test needs "
            "`apt-get install -y chromium chromium-driver` (.ci/run installs them)"
        )
        if os.environ.get("CI"):
            pytest.fail(words, pytrace=False)
        pytest.skip(words)
    (tmp_path / "downloads").mkdir()
    with chrome(tmp_path / "downloads") as found:
        yield found


class TestOfficerInChromium:
    @pytest.mark.parametrize("lang", ["vi", "en"])
    def test_upload_shows_every_pilot_rated(self, browser: Chrome, lang: str) -> None:
        """Choosing the workbook and pressing the button shows the four pilots, each khá."""
        with served(page_app()) as base:
            upload_in(browser, base, WORKBOOK, lang)
            found = ratings(browser)

        assert dict.fromkeys(PILOTS, RATING[lang]) == found

    def test_the_downloaded_workbook_matches_score(
        self, browser: Chrome, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The XLSX the browser downloads has the totals of ``coopeval score --format json``."""
        code, out, _ = run(["score", str(WORKBOOK), "--format", "json"], capsys)
        expected = {r["id"]: Decimal(r["total"]) for r in json.loads(out)}
        with served(page_app()) as base:
            upload_in(browser, base, WORKBOOK)
            browser.find_element(By.ID, "download-xlsx").click()
            book = downloaded(tmp_path / "downloads")
        header, *rows = openpyxl.load_workbook(book)["Kết quả"].iter_rows(values_only=True)
        at = header.index("Tổng điểm")

        assert 0 == code
        assert expected == {row[0]: Decimal(row[at]) for row in rows}

    def test_a_screenshot_of_the_results(self, browser: Chrome, tmp_path: Path) -> None:
        """The results page renders to a picture of the window's width, not a blank one."""
        with served(page_app()) as base:
            upload_in(browser, base, WORKBOOK)
            picture = tmp_path / "serve.png"
            browser.save_screenshot(str(picture))

        assert 1280 == png_size(picture)[0]
        assert len(png_colours(picture)) > 2
