"""A real browser renders pages to PNG and PDF (``tests/browser.py``), and its files are read.

The pages here are written by hand: an A4 sheet with forced page breaks, a block of a
known colour, hostile text and scripts that would show if they ran. The PNG and PDF
readers are checked first on files built by hand, so a render's figures can be trusted.
Without Chromium these tests fail in CI (where ``.ci/run`` installs it) and say how to
install it, and are skipped elsewhere with that reason; ``COOPEVAL_NO_BROWSER=1`` skips them.
"""

from __future__ import annotations

import html
import os
import struct
import subprocess
import sys
import zlib
from decimal import Decimal
from pathlib import Path

import pytest

from tests.browser import (
    A4_PIXELS,
    BrowserError,
    Chromium,
    PdfPage,
    chromium_for_tests,
    pdf_pages,
    png_colours,
    png_size,
)

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "<script>alert(1)</script> & \"HTX\" 'Bình Minh' </body>"

#: A4 portrait, 15 mm margins, one section per sheet; RED is a block of exactly #c00000.
PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Thử trang A4</title>
<style>
@page {{ size: A4; margin: 15mm; }}
html, body {{ margin: 0; background: #ffffff; color: #000000; font-family: sans-serif; }}
section + section {{ break-before: page; }}
.red {{ width: 200px; height: 100px; background: #c00000; }}
</style></head>
<body>
{sections}
{extra}
</body></html>
"""


def _page(folder: Path, sheets: int, extra: str = "") -> Path:
    """An A4 page of ``sheets`` sections, each forced onto a sheet of its own."""
    sections = "\n".join(
        f'<section><h1>Hợp tác xã số {n}</h1><div class="red"></div></section>'
        for n in range(1, sheets + 1)
    )
    file = folder / "page.html"
    file.write_text(PAGE.format(sections=sections, extra=extra), "utf-8")
    return file


@pytest.fixture
def chromium(tmp_path: Path) -> Chromium:
    return chromium_for_tests(tmp_path)


class TestReaders:
    """The PDF and PNG readers on files written by hand."""

    def test_pdf_pages_and_their_sizes(self, tmp_path: Path) -> None:
        """Three page objects, A4 portrait, Letter and A4 landscape; the page tree and a
        stream that merely contains the words '/Type /Page' are not pages."""
        file = tmp_path / "hand.pdf"
        file.write_bytes(
            b"%PDF-1.4\n"
            b"1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n"
            b"2 0 obj\n<</Type /Pages /Count 3 /Kids [3 0 R 4 0 R 6 0 R]>>\nendobj\n"
            b"3 0 obj\n<</Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89]>>\nendobj\n"
            b"4 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>\nendobj\n"
            b"5 0 obj\n<</Length 30>>\nstream\n3 0 obj /Type /Page endobj \nendstream\nendobj\n"
            b"6 0 obj\n<</Type /Page /MediaBox [0 0 841.89 595.28] >>\nendobj\n"
            b"%%EOF\n"
        )

        pages = pdf_pages(file)

        assert (
            PdfPage(Decimal("595.28"), Decimal("841.89")),
            PdfPage(Decimal(612), Decimal(792)),
            PdfPage(Decimal("841.89"), Decimal("595.28")),
        ) == pages
        assert [True, False, False] == [page.is_a4_portrait() for page in pages]

    def test_a_file_that_is_not_a_pdf(self, tmp_path: Path) -> None:
        file = tmp_path / "card.pdf"
        file.write_text("<html></html>", "utf-8")

        with pytest.raises(BrowserError, match=r"is not a PDF: it starts b'<html></'"):
            pdf_pages(file)

    def test_png_size_and_colours_through_every_filter(self, tmp_path: Path) -> None:
        """A 2 × 5 RGB image, one row per PNG filter (None, Sub, Up, Average, Paeth), the
        filtered bytes worked out by hand; Paeth's row picks the corner, the left and the
        upper neighbour in its second pixel."""
        rows = (
            (0, 10, 20, 30, 15, 25, 35),  # A (10,20,30)  B (15,25,35)
            (1, 12, 20, 40, 3, 10, 251),  # C (12,20,40)  D (15,30,35): D - C, 35-40 -> 251
            (2, 188, 0, 0, 0, 1, 0),  # E (200,20,40) F (15,31,35): minus C and D
            (3, 0, 40, 236, 209, 226, 249),  # G (100,50,0) H (10,10,10): minus the means
            (4, 90, 206, 5, 1, 7, 255),  # I (190,0,5)   J (101,7,9): corner, left, up
        )
        file = tmp_path / "hand.png"
        file.write_bytes(_png(2, 5, b"".join(bytes(row) for row in rows)))

        assert (2, 5) == png_size(file)
        assert {
            bytes(pixel)
            for pixel in (
                (10, 20, 30), (15, 25, 35), (12, 20, 40), (15, 30, 35), (200, 20, 40),
                (15, 31, 35), (100, 50, 0), (10, 10, 10), (190, 0, 5), (101, 7, 9),
            )
        } == png_colours(file)  # fmt: skip


def _png(width: int, height: int, filtered: bytes) -> bytes:
    """An 8-bit RGB PNG file around already filtered scanlines."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(filtered))
        + chunk(b"IEND", b"")
    )


class TestFindingChromium:
    def test_missing_chromium_fails_in_ci_and_says_how_to_install_it(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("COOPEVAL_NO_BROWSER", raising=False)
        monkeypatch.setenv("CI", "true")
        monkeypatch.setenv("COOPEVAL_CHROMIUM", "no-such-chromium-here")

        with pytest.raises(pytest.fail.Exception) as failed:
            chromium_for_tests(tmp_path)

        assert "apt-get install -y chromium" in str(failed.value)
        assert "COOPEVAL_NO_BROWSER=1" in str(failed.value)

    def test_missing_chromium_elsewhere_is_skipped_with_the_reason(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("COOPEVAL_NO_BROWSER", raising=False)
        monkeypatch.delenv("CI", raising=False)
        monkeypatch.setenv("COOPEVAL_CHROMIUM", "no-such-chromium-here")

        with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"):
            chromium_for_tests(tmp_path)

    def test_a_developer_may_switch_the_browser_tests_off(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("COOPEVAL_NO_BROWSER", "1")
        monkeypatch.setenv("COOPEVAL_CHROMIUM", "no-such-chromium-here")

        with pytest.raises(pytest.skip.Exception, match="COOPEVAL_NO_BROWSER=1"):
            chromium_for_tests(tmp_path)


class TestRendering:
    @pytest.mark.parametrize("sheets", [1, 4])
    def test_forced_page_breaks_print_on_as_many_a4_sheets(
        self, chromium: Chromium, tmp_path: Path, sheets: int
    ) -> None:
        """Four sections, three forced breaks: four A4 sheets (one section: one sheet)."""
        pdf = chromium.pdf(_page(tmp_path, sheets), tmp_path / "page.pdf")

        pages = pdf_pages(pdf)

        assert sheets == len(pages)
        assert all(page.is_a4_portrait() for page in pages), pages

    def test_a_screenshot_has_the_window_size_and_the_page_colours(
        self, chromium: Chromium, tmp_path: Path
    ) -> None:
        """A4 in CSS pixels is 794 × 1123; the white page and the #c00000 block are there,
        antialiased text adds greys, so there are more than these two colours."""
        png = chromium.png(_page(tmp_path, 1), tmp_path / "page.png")

        colours = png_colours(png)

        assert (794, 1123) == A4_PIXELS == png_size(png)
        assert {b"\xff\xff\xff", b"\xc0\x00\x00"} <= colours
        assert len(colours) > 2

    def test_a_page_with_hostile_text_prints_and_no_script_runs(
        self, chromium: Chromium, tmp_path: Path
    ) -> None:
        """A page holding an escaped hostile name prints; a raw script on it that would
        append four more sheets does not run, so one sheet is printed, not five."""
        script = (
            "<script>for (let i = 0; i < 4; i++) {"
            " const s = document.createElement('section'); s.textContent = 'x';"
            " s.style.breakBefore = 'page';"
            " document.body.appendChild(s); }</script>"
        )
        page = _page(tmp_path, 1, extra=f"<p>{html.escape(HOSTILE)}</p>\n{script}")

        pages = pdf_pages(chromium.pdf(page, tmp_path / "page.pdf"))

        assert 1 == len(pages)

    def test_a_script_that_never_ends_does_not_hang_the_render(
        self, chromium: Chromium, tmp_path: Path
    ) -> None:
        """With JavaScript switched off, an endless loop is never entered: the page prints
        (a running loop would hold Chromium until the timeout fails the render)."""
        page = _page(tmp_path, 2, extra="<script>while (true) {}</script>")

        pages = pdf_pages(chromium.pdf(page, tmp_path / "page.pdf"))

        assert 2 == len(pages)

    def test_a_render_that_outlasts_the_timeout_is_ended(self, tmp_path: Path) -> None:
        """The timeout is real: a 'browser' that sleeps is killed and reported."""
        sleeper = tmp_path / "sleeper"
        sleeper.write_text("#!/bin/sh\nsleep 30\n", "utf-8")
        sleeper.chmod(0o755)
        slow = Chromium(sleeper, tmp_path, timeout=1)

        with pytest.raises(BrowserError, match=r"more than 1 s to render .*page\.html"):
            slow.pdf(_page(tmp_path, 1), tmp_path / "page.pdf")


class TestScreenshotScript:
    """docs/screenshots.py, run as the README says, with the tests' Chromium."""

    def _run(
        self, chromium: Chromium, folder: Path, *arguments: str
    ) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "COOPEVAL_CHROMIUM": os.fspath(chromium.binary)}
        return subprocess.run(
            [sys.executable, os.fspath(ROOT / "docs" / "screenshots.py"), *arguments],
            capture_output=True,
            text=True,
            env=environment,
            cwd=folder,
            timeout=120,
            check=False,
        )

    def test_one_png_per_page_in_the_folder_asked_for(
        self, chromium: Chromium, tmp_path: Path
    ) -> None:
        out = tmp_path / "pictures"
        page = _page(tmp_path, 1)

        done = self._run(
            chromium, tmp_path, "--out", os.fspath(out), "--size", "400x300", os.fspath(page)
        )

        assert 0 == done.returncode, done.stderr
        assert "pictures/page.png (400 × 300)\n" == done.stdout
        assert (400, 300) == png_size(out / "page.png")

    @pytest.mark.parametrize(
        ("arguments", "says"),
        [
            (("--size", "400", "page.html"), "'400' is not WIDTHxHEIGHT in pixels"),
            (("missing.html",), "no such file: missing.html"),
        ],
    )
    def test_a_wrong_argument_exits_2(
        self, chromium: Chromium, tmp_path: Path, arguments: tuple[str, ...], says: str
    ) -> None:
        done = self._run(chromium, tmp_path, *arguments)

        assert 2 == done.returncode
        assert says in done.stderr
