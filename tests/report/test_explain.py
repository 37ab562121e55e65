"""Explanations, rendering and the JSON form of results."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import coopeval
from coopeval.errors import UsageError
from coopeval.report import fmt, to_dict

RULES = coopeval.load("tt01-2020")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

#: 79.5 self-assessed points: every item at its max except c10 (0 of 8), c12 (0 of 8),
#: c14 (1 of 5) and c15 (4.5 of 5), so the total is 100 - 8 - 8 - 4 - 0.5 = 79.5.
SELF_79_5 = {
    "c01a": 6,
    "c01b": 1,
    "c02a": 5,
    "c02b": 1,
    "c03a": 4,
    "c03b": 3,
    "c03c": 4,
    "c04a": 2,
    "c04b": 2,
    "c04c": 2,
    "c05": 8,
    "c06": 6,
    "c07a": 2,
    "c07b": 2,
    "c07c": 2,
    "c08": 6,
    "c09": 4,
    "c10": 0,
    "c11": 8,
    "c12": 0,
    "c13": 6,
    "c14": 1,
    "c15": "4.5",
}


def _self_scored(points: dict[str, Any], **extra: Any) -> coopeval.Evaluation:
    result: coopeval.Evaluation = coopeval.evaluate(
        RULES, {"id": "S", "year": 2023, "self_score": points, **extra}
    )
    return result


class TestExplain:
    def test_each_item_once_and_points_add_up(self) -> None:
        """Every item appears once and the item lines' points add up to the total line."""
        ev = _self_scored(SELF_79_5)

        lines = coopeval.explain(ev, "en").lines
        items = [line for line in lines if line.kind == "item"]
        assert sorted(i.id for i in RULES.ruleset.scorecard.items) == sorted(
            line.id for line in items
        )
        assert Decimal("79.5") == sum(Decimal(line.points) for line in items)
        assert lines[-1].points == "79.5"

    def test_distance_to_next_rating(self) -> None:
        """79.5 points is khá, half a point from tốt, said in both languages."""
        ev = _self_scored(SELF_79_5)

        assert ("tot", Decimal("0.5")) == coopeval.next_rating(ev)
        assert "0.5 more points needed to reach Good." in coopeval.explain(ev, "en").summary
        assert "Cần thêm 0,5 điểm để đạt loại Tốt." in coopeval.explain(ev, "vi").summary

    def test_one_point_and_two_points(self) -> None:
        """HTX-04's 79 is one point from tốt, HTX-03's 76 four: English counts them right."""
        results = {r.id: r for r in coopeval.evaluate_file(RULES, EXAMPLES / "pilots.csv")}

        assert (
            "1 more point needed to reach Good."
            in coopeval.explain(results["HTX-04"], "en").summary
        )
        assert (
            "4 more points needed to reach Good."
            in coopeval.explain(results["HTX-03"], "en").summary
        )
        assert "Cần thêm 1 điểm để đạt loại Tốt." in coopeval.explain(results["HTX-04"]).summary

    def test_provisional_rules_are_marked(self) -> None:
        """Every provisional item line is marked and the legend says it is not law."""
        explanation = coopeval.explain(_self_scored(SELF_79_5), "en")

        items = [line for line in explanation.lines if line.kind == "item"]
        assert all("(*) provisional" in line.note for line in items)
        assert any("not the law's own numbers" in note for note in explanation.notes)

    def test_missing_evidence_is_explained(self) -> None:
        """Missing items are named with their points at stake, and the rating is open."""
        points = {**SELF_79_5, "c10": 4}  # 83.5 in all
        del points["c05"]  # 75.5 scored, 8 at stake: khá or tốt
        ev = _self_scored(points)
        explanation = coopeval.explain(ev, "en")

        assert ev.status == "error"
        assert ev.rating is None
        assert any("c05" in n and "8 points at stake" in n for n in explanation.notes)
        assert any("Undetermined" in s for s in explanation.summary)

    def test_missing_evidence_that_cannot_change_the_rating(self) -> None:
        """With 71.5 scored and 8 at stake every outcome is khá, so khá is given."""
        points = dict(SELF_79_5)
        del points["c05"]
        ev = _self_scored(points)

        assert ("ok", "kha", Decimal("71.5")) == (ev.status, ev.rating, ev.total)
        assert [m.item for m in ev.missing] == ["c05"]

    def test_not_rated_reason_with_citation(self) -> None:
        """A credit fund is not rated, and the explanation cites Điều 1, khoản 2."""
        ev = _self_scored(SELF_79_5, kind="quy_tin_dung")

        summary = coopeval.explain(ev, "vi").summary

        assert ev.rating == "not_rated"
        assert any("Điều 1, khoản 2" in line for line in summary)

    def test_override_is_explained(self) -> None:
        """Under tt09-2017 a sanctioned cooperative is rated yếu whatever its score."""
        rules = coopeval.load("tt09-2017")
        points = {item.id: str(item.max) for item in rules.ruleset.scorecard.items}
        ev = coopeval.evaluate(
            rules, {"id": "A", "year": 2023, "sanctioned": "true", "self_score": points}
        )

        summary = coopeval.explain(ev, "en").summary

        assert Decimal(100) == ev.total
        assert ev.rating == "yeu"
        assert any("Điều 6" in line for line in summary)

    def test_errors_are_explained_with_row_field_value_range(self) -> None:
        """A record error reads: row, field, value and the allowed range."""
        ev = coopeval.evaluate(RULES, {"id": "E", "year": 2023, "members": "-3"}, row=12)

        notes = coopeval.explain(ev, "en").notes

        assert (
            "Data error row 12, field Members at year end (members) = '-3': "
            "below the lowest allowed value 0 (allowed: whole number 0…∞)"
        ) in notes

    def test_unknown_language(self) -> None:
        """Only vi and en are supported."""
        with pytest.raises(UsageError, match="'fr'"):
            coopeval.explain(_self_scored(SELF_79_5), "fr")  # type: ignore[arg-type]  # the point


class TestRender:
    def test_table_has_title_rating_and_citations(self) -> None:
        """The rendered text has the title, every citation and the rating line."""
        text = coopeval.render(coopeval.explain(_self_scored(SELF_79_5), "vi"))

        assert text.startswith("Kết quả đánh giá S theo tt01-2020")
        assert "Thông tư 01/2020/TT-BKHĐT, Phụ lục 1, tiêu chí 15" in text
        assert "Xếp loại: Khá" in text

    def test_numbers_keep_their_digits(self) -> None:
        """12.50 is not reparsed as a float: points show as written."""
        text = coopeval.render(coopeval.explain(_self_scored(SELF_79_5), "en"))

        assert "4.5/5" in text


class TestFmt:
    @pytest.mark.parametrize(
        ("value", "lang", "expected"),
        [
            (Decimal("1500000000"), "vi", "1.500.000.000"),
            (Decimal("1500000000"), "en", "1,500,000,000"),
            (Decimal("12.5"), "vi", "12,5"),
            (Decimal("-0.25"), "en", "-0.25"),
            (None, "vi", "—"),
        ],
    )
    def test_formats(self, value: Decimal | None, lang: str, expected: str) -> None:
        """Vietnamese writes thousands with dots and decimals with a comma."""
        assert expected == fmt(value, lang)


class TestToDict:
    def test_decimals_are_strings_and_json_safe(self) -> None:
        """The JSON form has decimals as strings and survives json.dumps."""
        data = to_dict(_self_scored(SELF_79_5))

        assert data["total"] == "79.5"
        assert data["items"]["c15"]["points"] == "4.5"
        assert data["items"]["c15"]["source"] == "self_assessed"
        json.dumps(data)
