"""Take docs/serve.png: the officer's page after uploading examples/officer-workbook.xlsx.

Usage, from the repository's root::

    python docs/serve_screenshot.py            # docs/serve.png, Vietnamese
    python docs/serve_screenshot.py --lang en --out /tmp/serve-en.png

The page is served for real (uvicorn on 127.0.0.1, a free port) and driven in
Chromium headless with Selenium, as ``tests/serve/test_e2e.py`` does
(``tests/serve/officer_browser.py``). Needs the ``serve`` and ``dev`` extras and the
system's ``chromium`` and ``chromium-driver``. Exit status 0 when the picture was
written, 1 when the browser or server failed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import png_size  # noqa: E402
from tests.serve.officer_browser import chrome, served, upload  # noqa: E402
from tests.serve.page_app import WORKBOOK, page_app  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "serve.png")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="coopeval-serve-shot-") as downloads:
        try:
            with chrome(Path(downloads), size=(1280, 1100)) as browser, served(page_app()) as base:
                upload(browser, base, WORKBOOK, arguments.lang)
                browser.save_screenshot(str(arguments.out))
        except Exception as exc:  # the browser's and the server's failures, told plainly
            sys.stderr.write(f"{type(exc).__name__}: {exc}\n")
            return 1
    width, height = png_size(arguments.out)
    sys.stdout.write(f"{arguments.out} ({width} × {height})\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
