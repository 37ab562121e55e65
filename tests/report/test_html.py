"""Tests for `coopeval.report.html` (and its views and charts): pages read with `html.parser`.

Expected figures come from the output contract (`coopeval.to_dict`, the JSON
output) or by hand from examples/pilots.json (totals 67, 71, 76, 79, all khá).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coopeval
from coopeval.engine import Evaluation
from coopeval.errors import UsageError
from coopeval.report.card import shared_start
from coopeval.report.dashboard import bin_counts
from coopeval.report.svg import Segment, StackedRow, stacked_bars
from tests.report.page import Element, parse

ROOT = Path(__file__).resolve().parents[2]
PILOTS = json.loads((ROOT / "examples" / "pilots.json").read_text(encoding="utf-8"))
HOSTILE = "<script>alert(1)</script>"


def _number(text: str) -> Decimal:
    """A number as the Vietnamese page writes it (``1.000.000``, ``12,5``)."""
    return Decimal(text.replace(".", "").replace(",", "."))


def _scored(rules: Any, record: dict[str, Any]) -> Evaluation:
    scored: Evaluation = coopeval.evaluate(rules, record)
    return scored


@pytest.fixture(scope="module")
def rules() -> Any:
    return coopeval.load("tt01-2020")


@pytest.fixture(scope="module")
def pilots(rules: Any) -> list[Evaluation]:
    return [_scored(rules, record) for record in PILOTS]


def _card(rules: Any, ev: Evaluation, lang: str = "vi") -> Element:
    return parse(coopeval.render_html(rules, ev, lang=lang))


class TestCard:
    def test_every_item_with_the_json_points_and_max(
        self, rules: Any, pilots: list[Evaluation]
    ) -> None:
        """Each of the 23 items is a row whose points and max are the JSON output's."""
        ev = pilots[3]
        expected = coopeval.to_dict(ev)["items"]
        page = _card(rules, ev)

        rows = page.all("tr", "item")
        assert 23 == len(rows) == len(expected)
        for row in rows:
            item = expected[row.attrs["data-item"]]
            assert Decimal(item["points"]) == _number(row.one("td", "points").text)
            assert Decimal(item["max"]) == _number(row.one("td", "max").text)
            assert item["citation"].endswith(row.one("td", "cite").text)
            assert item["citation"] == row.one("td", "cite").attrs["title"]

    def test_group_subtotals_total_and_rating(self, rules: Any, pilots: list[Evaluation]) -> None:
        """Groups I-III carry the JSON subtotals; HTX-04 totals 79 of 100 and is rated khá."""
        ev = pilots[3]
        groups = coopeval.to_dict(ev)["groups"]
        page = _card(rules, ev)

        for group in page.all("tr", "group"):
            wanted = groups[group.attrs["data-group"]]
            assert Decimal(wanted["points"]) == _number(group.one("td", "points").text)
            assert Decimal(wanted["max"]) == _number(group.one("td", "max").text)
        assert ["I", "II", "III"] == [g.attrs["data-group"] for g in page.all("tr", "group")]
        assert "79" == page.one("strong", "total-value").text
        assert "79" == page.one("tr", "total").one("td", "points").text
        assert page.one("div", "rating").text.startswith("Xếp loại: Khá")

    def test_bar_has_the_rule_sets_edges(self, rules: Any, pilots: list[Evaluation]) -> None:
        """The bar draws the edges 50, 65 and 80 and marks the total."""
        page = _card(rules, pilots[0])

        bar = page.one("svg", "score-bar")
        labels = [t.text for t in bar.all("text")]
        assert 3 == len(bar.all("line", "edge"))
        assert {"50", "65", "80", "0", "100"} <= set(labels)
        assert "▲ 67" in labels

    def test_best_plan_step(self, rules: Any, pilots: list[Evaluation]) -> None:
        """HTX-04, one point short, is told to raise its profit to the next band's 1 000 000 000."""
        page = _card(rules, pilots[3])

        steps = [li.text for li in page.one("ul", "plan-steps").all("li")]
        assert 1 == len(steps)
        assert steps[0].startswith("c03c")
        assert "1.000.000.000 VND" in steps[0]

    def test_discrepancy_is_highlighted(self, rules: Any, pilots: list[Evaluation]) -> None:
        """An item whose self-assessed points differ is a marked row, and the notes box alerts."""
        ev = pilots[3]
        gaps = {d["item"] for d in coopeval.to_dict(ev)["discrepancies"]}
        page = _card(rules, ev)

        marked = {r.attrs["data-item"] for r in page.all("tr", "discrepancy")}
        assert gaps == marked
        assert "alert" in page.one("div", "notes").classes

    def test_missing_evidence_is_highlighted(self, rules: Any) -> None:
        """An item without evidence is a marked row; the page still shows every item."""
        record = {k: v for k, v in PILOTS[0].items() if k != "revenue"}
        ev = _scored(rules, record)
        missing = {m.item for m in ev.missing}
        page = _card(rules, ev)

        assert missing
        assert missing == {r.attrs["data-item"] for r in page.all("tr", "missing")}
        assert 23 == len(page.all("tr", "item"))

    def test_english_labels(self, rules: Any, pilots: list[Evaluation]) -> None:
        """``lang="en"`` gives English headings, rating and language attribute."""
        page = _card(rules, pilots[3], "en")

        assert "en" == page.one("html").attrs["lang"]
        assert "Cooperative evaluation and rating form" == page.one("h1").text
        assert page.one("div", "rating").text.startswith("Rating: Fair")
        assert "Points" in [th.text for th in page.one("table", "items").all("th")]

    def test_several_results_one_page_each(self, rules: Any, pilots: list[Evaluation]) -> None:
        """A list of results gives one page section per record, in order."""
        page = parse(coopeval.render_html(rules, pilots))

        pages = page.all("section", "page")
        assert ["HTX-01", "HTX-02", "HTX-03", "HTX-04"] == [p.attrs["data-id"] for p in pages]
        assert all(23 == len(p.all("tr", "item")) for p in pages)

    def test_self_contained(self, rules: Any, pilots: list[Evaluation]) -> None:
        """No script, no link to anything, an inline style with A4 portrait print rules."""
        text = coopeval.render_html(rules, pilots[0])
        page = parse(text)

        assert [] == page.all("script")
        assert [] == page.all("link")
        assert "@page { size: A4 portrait;" in page.one("style").text
        assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in text


class TestHostile:
    def test_record_markup_is_escaped(self, rules: Any) -> None:
        """A name of ``<script>…`` is shown as text: escaped in the source, no script element."""
        ev = _scored(rules, {**PILOTS[0], "name": HOSTILE, "district": "A & <b>B</b>"})
        text = coopeval.render_html(rules, ev)
        page = parse(text)

        assert [] == page.all("script")
        assert [] == page.all("b")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert f"{HOSTILE} (HTX-01)" == page.one("dd", "coop-name").text

    def test_rule_file_markup_is_escaped(self, tmp_path: Path) -> None:
        """An item label with ``&`` and ``<`` from a rule file is text on the page."""
        source = (ROOT / "rules" / "tt01-2020" / "ruleset.toml").read_text(encoding="utf-8")
        label = 'label = { vi = "Tổng nguồn vốn bình quân của hợp tác xã"'
        assert label in source
        changed = source.replace(label, 'label = { vi = "Vốn & tài sản <i>bình quân</i>"', 1)
        path = tmp_path / "ruleset.toml"
        path.write_text(changed, encoding="utf-8")
        rules = coopeval.load(str(path))
        text = coopeval.render_html(rules, _scored(rules, PILOTS[0]))
        page = parse(text)

        row = page.one("tr", "item", data_item="c01a")
        assert "Vốn & tài sản <i>bình quân</i>" == row.one("td", "label").text
        assert [] == page.all("i")
        assert "Vốn &amp; tài sản &lt;i&gt;" in text

    def test_chart_labels_are_escaped(self) -> None:
        """A district named with markup is text inside the chart."""
        chart = stacked_bars([StackedRow(HOSTILE, (Segment("Khá", 2, "#000"),))])
        page = parse(str(chart))

        assert [] == page.all("script")
        assert HOSTILE in [t.text for t in page.all("text")]


class TestDashboard:
    def test_histogram_one_bar_per_bin(self, rules: Any, pilots: list[Evaluation]) -> None:
        """Twenty bars of 5 points; 67 and 71 alone in theirs, 76 and 79 together; three edges."""
        page = parse(coopeval.render_html(rules, pilots, summary=True))

        chart = page.one("svg", "histogram")
        bars = {b.attrs["data-lower"]: int(b.attrs["data-count"]) for b in chart.all("rect", "bin")}
        assert 20 == len(chart.all("rect", "bin"))
        assert {"65": 1, "70": 1, "75": 2} == {k: n for k, n in bars.items() if n}
        assert 3 == len(chart.all("line", "edge"))

    def test_under_80_by_hand(self, rules: Any, pilots: list[Evaluation]) -> None:
        """All four are under 80: nearest first, at 1, 4, 9 and 13 points, each with a plan."""
        page = parse(coopeval.render_html(rules, pilots, summary=True))

        rows = page.one("table", "under").one("tbody").all("tr")
        assert ["HTX-04", "HTX-03", "HTX-02", "HTX-01"] == [r.attrs["data-id"] for r in rows]
        assert ["79", "76", "71", "67"] == [r.one("td", "total").text for r in rows]
        assert ["1", "4", "9", "13"] == [r.one("td", "distance").text for r in rows]
        assert all(r.one("td", "plan").all("li", "step") for r in rows)

    def test_ratings_by_district(self, rules: Any, pilots: list[Evaluation]) -> None:
        """Each of the four districts has one khá cooperative: one segment of 1 each."""
        page = parse(coopeval.render_html(rules, pilots, summary=True))

        segments = page.one("svg", "stacked").all("rect", "segment")
        assert [("Khá", "1")] * 4 == [
            (s.attrs["data-label"], s.attrs["data-count"]) for s in segments
        ]

    def test_eligibility_matrix(self, rules: Any) -> None:
        """One row per record, one column per programme, the outcome in words."""
        programme = coopeval.load("tt55-2023")
        evaluations = [_scored(rules, r) for r in PILOTS]
        cells = [[coopeval.evaluate(programme, r)] for r in PILOTS]
        page = parse(coopeval.render_html(rules, evaluations, summary=True, eligibility=cells))

        table = page.one("table", "eligibility")
        assert ["tt55-2023"] == [th.attrs["data-programme"] for th in table.all("th") if th.attrs]
        outcomes = [c.outcome for row in cells for c in row]
        kinds = [td.classes for tr in table.one("tbody").all("tr") for td in tr.all("td")[2:]]
        assert [{o} for o in outcomes] == kinds

    def test_no_matrix_without_programmes(self, rules: Any, pilots: list[Evaluation]) -> None:
        """Without programmes' results the page has no eligibility table."""
        page = parse(coopeval.render_html(rules, pilots, summary=True))

        assert [] == page.all("table", "eligibility")


class TestErrors:
    def test_a_programme_is_refused(self) -> None:
        """Pages are a scorecard's: a programme's rule set is a usage error."""
        programme = coopeval.load("tt55-2023")

        with pytest.raises(UsageError, match="tt55-2023 is not a scorecard"):
            coopeval.render_html(programme, [])

    def test_unknown_language(self, rules: Any, pilots: list[Evaluation]) -> None:
        """A language other than vi and en is refused."""
        with pytest.raises(UsageError, match="fr"):
            coopeval.render_html(rules, pilots[0], lang="fr")


class TestBins:
    @given(st.lists(st.decimals(min_value=0, max_value=100, places=2), max_size=30))
    def test_each_total_in_its_bin(self, totals: list[Decimal]) -> None:
        """Each rated total counts once, in bin ⌊total / 5⌋ (100 in the last)."""
        base = _scored(coopeval.load("tt01-2020"), PILOTS[0])
        evaluations = [attrs.evolve(base, total=t) for t in totals]
        expected = [0] * 20
        for t in totals:
            expected[19 if t == 100 else int(t) // 5] += 1

        assert expected == bin_counts(evaluations, Decimal(5), 20)


class TestSharedStart:
    def test_whole_parts_only(self) -> None:
        """The start shared is cut after whole ``", "`` parts, never inside a part."""
        assert "A, B, " == shared_start(["A, B, tiêu chí 1.1", "A, B, tiêu chí 10"])
        assert "" == shared_start(["A, 1", "B, 1"])
        assert "" == shared_start(["A, B"])
