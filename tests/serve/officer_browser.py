"""The officer's page served for real and driven in Chromium headless with Selenium.

`served` runs uvicorn in a thread on 127.0.0.1 with a free port; `chrome` starts
headless Chromium through the system's chromedriver, downloads going to a folder
it is given; `upload` chooses a workbook in ``#file``, presses ``#score`` and
waits for ``#results``. The end-to-end test and ``docs/serve_screenshot.py`` share
them; nothing here needs pytest.

`served` takes the app (``coopeval.serve.create_app``, as `coopeval serve` builds it);
`upload` opens ``/?token=…`` first, as the address `coopeval serve` prints does.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.browser import find_chromium
from tests.serve import TOKEN

#: Where Debian's chromium-driver puts the driver; else the first on PATH.
CHROMEDRIVER = "/usr/bin/chromedriver"

#: Seconds to wait for the server to start or a page to show, on a slow shared machine.
WAIT = 60.0


def find_chromedriver() -> str | None:
    """The chromedriver binary, if installed."""
    if Path(CHROMEDRIVER).is_file():
        return CHROMEDRIVER
    return shutil.which("chromedriver")


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """``app`` served by uvicorn on 127.0.0.1, a free port; yields its address."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            msg = "uvicorn did not start"
            raise RuntimeError(msg)
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(WAIT)


@contextmanager
def chrome(downloads: Path, size: tuple[int, int] = (1280, 1400)) -> Iterator[webdriver.Chrome]:
    """Headless Chromium, downloading into ``downloads`` without asking."""
    binary, driver = find_chromium(), find_chromedriver()
    if binary is None or driver is None:
        msg = "Chromium and chromedriver are needed: apt-get install -y chromium chromium-driver"
        raise RuntimeError(msg)
    options = webdriver.ChromeOptions()
    options.binary_location = str(binary)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        f"--window-size={size[0]},{size[1]}",
    ):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    browser = webdriver.Chrome(options=options, service=Service(driver))
    try:
        yield browser
    finally:
        browser.quit()


def upload(browser: webdriver.Chrome, base: str, workbook: Path, lang: str = "vi") -> None:
    """Open the page, choose ``workbook``, press the button, wait for the results table."""
    browser.get(f"{base}/?lang={lang}&token={TOKEN}")  # the guard leaves it in a cookie
    browser.find_element(By.ID, "file").send_keys(str(workbook.resolve()))
    browser.find_element(By.ID, "score").click()
    WebDriverWait(browser, WAIT).until(
        expected_conditions.presence_of_element_located((By.ID, "results"))
    )


def ratings(browser: webdriver.Chrome) -> dict[str, str]:
    """Each row of ``#results``: its ``data-id`` and the text of its rating cell."""
    rows = browser.find_elements(By.CSS_SELECTOR, "#results tr[data-id]")
    return {
        str(row.get_attribute("data-id")): row.find_element(By.CLASS_NAME, "rating").text
        for row in rows
    }


def downloaded(folder: Path, suffix: str = ".xlsx") -> Path:
    """The file that has finished downloading into ``folder`` (waits for it)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        done = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size > 0]
        if done and not list(folder.glob("*.crdownload")):
            return done[0]
        time.sleep(0.1)
    msg = f"nothing downloaded into {folder}"
    raise RuntimeError(msg)
