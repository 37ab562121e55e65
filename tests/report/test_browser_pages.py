"""The real pages in a real browser: ``coopeval report`` writes them, Chromium renders them.

The card of HTX-04 (``--id HTX-04``), the cards of all four pilots in one file and the
province dashboard (``--summary``) are written from ``examples/pilots.csv``, then printed
to PDF and screenshot to PNG by Chromium headless (``tests/browser.py``: JavaScript off,
no network). A card prints on one or two A4 portrait sheets; the all-records file gives
each cooperative its own sheets; the dashboard prints on A4 too. The screenshots are not
blank: a page of text, bars and tables has many colours (antialiased text alone gives
dozens), a blank or failed render one.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from coopeval.cli import main
from tests.browser import (
    Chromium,
    chromium_for_tests,
    pdf_pages,
    png_colours,
    png_size,
)
from tests.cli import PILOTS_CSV

PILOTS = ("HTX-01", "HTX-02", "HTX-03", "HTX-04")

#: Fewer colours than this in a screenshot means a page that did not render.
SOME_COLOURS = 16

#: The dashboard of four pilots: a histogram, the ratings by district, the list under 80,
#: the eligibility matrix and the items most in plans fit on this many A4 sheets.
DASHBOARD_SHEETS = 4


@pytest.fixture
def chromium(tmp_path: Path) -> Chromium:
    return chromium_for_tests(tmp_path)


def _written(tmp_path: Path, name: str, *options: str) -> Path:
    """``coopeval report examples/pilots.csv OPTIONS -o NAME``, checked to succeed."""
    out = tmp_path / name
    assert 0 == main(["report", PILOTS_CSV, *options, "-o", str(out)])
    assert out.is_file()
    return out


class _Outside(HTMLParser):
    """Every place a page would reach beyond itself: scripts, and addresses it loads."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.found.append("<script>")
        for name, value in attrs:
            address = (value or "").strip().lower()
            if name in ("src", "href") and address.startswith(("http:", "https:", "//")):
                self.found.append(f"<{tag} {name}={value!r}>")


def _outside(page: Path) -> list[str]:
    parser = _Outside()
    parser.feed(page.read_text("utf-8"))
    parser.close()
    return parser.found


def _looks_rendered(chromium: Chromium, page: Path, tmp_path: Path) -> None:
    """A screenshot one A4 sheet wide, with more than a blank page's colours."""
    png = chromium.png(page, tmp_path / f"{page.stem}.png")

    assert (794, 1123) == png_size(png)
    assert len(png_colours(png)) >= SOME_COLOURS


class TestCard:
    @pytest.mark.parametrize("lang", ["vi", "en"])
    def test_one_card_prints_on_one_or_two_a4_sheets(
        self, chromium: Chromium, tmp_path: Path, lang: str
    ) -> None:
        card = _written(tmp_path, "card.html", "--id", "HTX-04", "--lang", lang)

        pages = pdf_pages(chromium.pdf(card, tmp_path / "card.pdf"))

        assert 1 <= len(pages) <= 2, pages
        assert all(page.is_a4_portrait() for page in pages), pages

    def test_the_card_renders_and_needs_nothing_from_outside(
        self, chromium: Chromium, tmp_path: Path
    ) -> None:
        card = _written(tmp_path, "card.html", "--id", "HTX-04")

        assert [] == _outside(card)
        _looks_rendered(chromium, card, tmp_path)

    def test_all_cards_in_one_file_give_each_cooperative_its_own_sheets(
        self, chromium: Chromium, tmp_path: Path
    ) -> None:
        """Four pilots, each on one or two sheets of its own: 4 to 8 sheets in all."""
        cards = _written(tmp_path, "all.html")

        pages = pdf_pages(chromium.pdf(cards, tmp_path / "all.pdf"))

        assert len(PILOTS) <= len(pages) <= 2 * len(PILOTS), pages
        assert all(page.is_a4_portrait() for page in pages), pages


class TestDashboard:
    def test_the_dashboard_prints_on_a4(self, chromium: Chromium, tmp_path: Path) -> None:
        province = _written(tmp_path, "province.html", "--summary")

        pages = pdf_pages(chromium.pdf(province, tmp_path / "province.pdf"))

        assert 1 <= len(pages) <= DASHBOARD_SHEETS, pages
        assert all(page.is_a4_portrait() for page in pages), pages

    def test_the_dashboard_renders_and_needs_nothing_from_outside(
        self, chromium: Chromium, tmp_path: Path
    ) -> None:
        province = _written(tmp_path, "province.html", "--summary")

        assert [] == _outside(province)
        _looks_rendered(chromium, province, tmp_path)
