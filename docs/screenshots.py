"""Render HTML pages to PNG pictures in docs/ with Chromium headless, for the README.

Usage, from the repository's root::

    python docs/screenshots.py card.html province.html
    python docs/screenshots.py --size 794x2400 --out docs card.html

Each ``NAME.html`` becomes ``docs/NAME.png`` (``--out`` picks another folder), a screenshot
of a window of ``--size`` CSS pixels (width x height; the default 794x1123 is one A4
sheet at 96 px per inch, the page above the fold). Chromium is the system's (``chromium``,
``chromium-browser`` or ``google-chrome``; ``COOPEVAL_CHROMIUM`` names another), run as
the tests run it (``tests/browser.py``): a throw-away profile, JavaScript off, no network.
Exit status 0 when every page was rendered, 1 when one failed, 2 for a wrong argument.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import A4_PIXELS, BrowserError, Chromium, png_size  # noqa: E402


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    if not (width.isdigit() and height.isdigit() and int(width) > 0 and int(height) > 0):
        msg = f"{text!r} is not WIDTHxHEIGHT in pixels, such as 794x1123"
        raise argparse.ArgumentTypeError(msg)
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="+", type=Path, help="HTML files to render")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNGs")
    parser.add_argument(
        "--size", type=_size, default=A4_PIXELS, help="window WIDTHxHEIGHT (794x1123)"
    )
    arguments = parser.parse_args(argv)
    missing = [page for page in arguments.pages if not page.is_file()]
    if missing:
        parser.error(f"no such file: {', '.join(map(str, missing))}")
    arguments.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="coopeval-screenshots-") as profiles:
        try:
            chromium = Chromium.found(Path(profiles))
            for page in arguments.pages:
                png = chromium.png(page, arguments.out / f"{page.stem}.png", arguments.size)
                width, height = png_size(png)
                shown = os.path.relpath(png) if png.is_relative_to(Path.cwd()) else png
                sys.stdout.write(f"{shown} ({width} × {height})\n")
        except BrowserError as exc:
            sys.stderr.write(f"{exc}\n")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
