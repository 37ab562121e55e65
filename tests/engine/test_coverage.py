"""Tests for `coopeval.engine.coverage`: the parts of a rule set that records reach.

The parts expected are read from the rule files with `tomllib` (not from the
engine's model), and the band, class and outcome each record reaches is worked
out by hand from the band tables of ``rules/tt01-2020/ruleset.toml`` and the
conditions of ``rules/nd45-2021/ruleset.toml``.
"""

# The style guide (STYLE.md section 11) wants `expected == actual`; SIM300 wants the
# reverse. The guide wins in tests.

from __future__ import annotations

import gc
import tomllib
import weakref
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import coopeval
from coopeval.engine.coverage import Coverage, Part, Tally, axis_parts, coverage, parts
from coopeval.engine.results import Evaluation
from coopeval.ruleset.base import Text
from coopeval.ruleset.scorecard import Axis
from coopeval.testing import records
from tests.engine.test_scoring import BASE as BASE_2024

RULES_DIR = Path(__file__).resolve().parents[2] / "rules"
RULES = coopeval.load("tt01-2020")
TT09 = coopeval.load("tt09-2017")
LOANS = coopeval.load("nd45-2021")
SIZES = coopeval.load("nd113-2024")

#: A rateable cooperative of 2023, classified under Circular 01/2020 (Điều 3–5): the
#: hand-worked record of test_scoring (64 points, trung_binh), a year earlier.
B2023: dict[str, Any] = {**BASE_2024, "year": 2023}

#: c03a's band table, written out from the rule file: (lower, upper), open as None.
C03A = [
    (None, Decimal(100_000_000)),
    (Decimal(100_000_000), Decimal(500_000_000)),
    (Decimal(500_000_000), Decimal(2_000_000_000)),
    (Decimal(2_000_000_000), Decimal(5_000_000_000)),
    (Decimal(5_000_000_000), None),
]

#: A borrower of nd45-2021 meeting every condition: headroom min(3 tỷ, 5 tỷ, 1000 - 300) = 700.
BORROWER: dict[str, Any] = {
    "id": "V-1",
    "kind": "htx",
    "borrower_is_enterprise_member": False,
    "plan_feasible": True,
    "security_ok": True,
    "own_equity": 300,
    "total_investment": 1000,
    "has_bad_debt": False,
    "fund_charter_capital": 20_000_000_000,
    "loan_outstanding": 0,
    "group_loan_outstanding": 0,
    "interest_rate": 5,
}


def expected_keys(ruleset_id: str) -> list[tuple[str, str, Any]]:
    """Every part of a bundled rule set, read from its TOML by hand (the engine not asked)."""
    doc = tomllib.loads((RULES_DIR / ruleset_id / "ruleset.toml").read_text("utf-8"))
    if doc["ruleset"]["kind"] == "classification":
        return [key for axis in doc["classifications"] for key in axis_keys(axis)]
    if doc["ruleset"]["kind"] == "eligibility":
        keys: list[tuple[str, str, Any]] = [
            ("condition", c["id"], o)
            for c in doc["conditions"]
            for o in ("met", "not_met", "missing")
        ]
        keys += [("outcome", ruleset_id, o) for o in ("eligible", "not_eligible", "undetermined")]
        return keys + [
            ("amount", a["id"], o)
            for a in doc.get("amounts", ())
            for o in ("computed", "not_computed")
        ]
    keys = []
    for item in doc["items"]:
        keys += [("band", item["id"], n) for n in range(len(item["bands"]))]
        keys += [("item", item["id"], "self_assessed"), ("item", item["id"], "missing")]
    keys += [("exclusion", x["id"], "applied") for x in doc.get("exclusions", ())]
    keys += [("override", x["id"], "applied") for x in doc.get("overrides", ())]
    keys += [("rating", ruleset_id, r["id"]) for r in doc["ratings"]["bands"]]
    keys.append(("rating", ruleset_id, "undetermined"))
    for axis in doc.get("classifications", ()):
        keys += axis_keys(axis)
    return keys


def axis_keys(axis: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """An axis's classes as its TOML lists them (each once), then "missing"."""
    classes = axis.get("bands") or axis.get("values") or axis["classes"]
    values = dict.fromkeys(c["value"] for c in classes)
    return [("classification", axis["id"], v) for v in (*values, "missing")]


def counts(found: Coverage) -> dict[tuple[str, str, Any], int]:
    """Each part's key -> the records reaching it."""
    return {r.part.key: r.records for r in found.parts}


def scored(*records_: dict[str, Any]) -> list[Evaluation]:
    """The results of records under tt01-2020."""
    return [cast("Evaluation", coopeval.evaluate(RULES, r)) for r in records_]


class TestParts:
    def test_every_part_of_the_scorecard_in_file_order(self) -> None:
        """tt01-2020's parts are its bands, evidence, exclusions, ratings and classes, in order."""
        assert expected_keys("tt01-2020") == [p.key for p in parts(RULES)]

    def test_every_part_of_a_programme(self) -> None:
        """nd45-2021's parts are three outcomes per condition, the outcomes, two per amount."""
        assert expected_keys("nd45-2021") == [p.key for p in parts(LOANS)]

    def test_a_classification_rule_set_has_each_class_once(self) -> None:
        """nd113-2024's size classes, given by several rules each (one "large" per sector
        group), are listed once each, in the order they first appear, then "missing"."""
        expected = [
            ("classification", "size", v)
            for v in ("khong_xac_dinh", "lon", "vua", "nho", "sieu_nho", "missing")
        ]

        assert expected == expected_keys("nd113-2024")
        assert expected == [p.key for p in parts(SIZES)]

    def test_bands_carry_their_edges_and_points(self) -> None:
        """c03a's five bands have the rule file's edges and points 0 to 4."""
        bands = [p for p in parts(RULES) if p.kind == "band" and p.rule == "c03a"]

        assert C03A == [(p.lower, p.upper) for p in bands]
        assert [Decimal(n) for n in range(5)] == [p.points for p in bands]

    def test_an_axis_of_an_unknown_kind_has_only_missing(self) -> None:
        """An axis of a kind this module does not know does not crash: only "missing" is listed."""

        @attrs.frozen
        class Sizes:
            id: str
            label: Text
            kind: str = "sizes"

        axis = cast("Axis", Sizes("size", Text("quy mô", "size")))

        assert [("classification", "size", "missing")] == [p.key for p in axis_parts(axis)]

    def test_a_rule_set_of_an_unknown_kind_has_its_classes(self) -> None:
        """A kind of rule set not known here (a classification, say) has the classes of its
        axes and "missing"; results of a kind not known are counted by their classes."""

        @attrs.frozen
        class Body:
            classifications: tuple[Axis, ...]

        @attrs.frozen
        class Ruleset:
            body: Body

        @attrs.frozen
        class Rules:
            ref: Any
            ruleset: Ruleset
            kind: str = "classification"

        @attrs.frozen
        class Classified:
            classification: tuple[tuple[str, str | None], ...]
            errors: tuple[Any, ...] = ()

        members = next(a for a in RULES.ruleset.scorecard.classifications if a.id == "members")
        rules = cast("Any", Rules(RULES.ref, Ruleset(Body((members,)))))
        tally = Tally(rules)
        tally.add(cast("Any", Classified((("members", "vua"),))))
        tally.add(cast("Any", Classified((("members", None),))))
        found = tally.coverage()

        assert [
            ("classification", "members", c) for c in ("sieu_nho", "nho", "vua", "lon", "missing")
        ] == [p.key for p in parts(rules)]
        assert [0, 0, 1, 0, 1] == [r.records for r in found.parts]
        assert 2 == found.records


class TestCoverage:
    def test_revenue_on_an_edge_lands_in_the_band_starting_there(self) -> None:
        """Revenue 1.5 tỷ, exactly 2 tỷ and exactly 5 tỷ reach c03a bands 2, 3 and 4."""
        found = coverage(
            RULES,
            scored(B2023, {**B2023, "revenue": "2000000000"}, {**B2023, "revenue": "5000000000"}),
        )

        reached = counts(found)
        assert [0, 0, 1, 1, 1] == [reached[("band", "c03a", n)] for n in range(5)]
        assert 3 == found.records
        assert 0 == found.errors

    def test_unreached_lists_the_bands_no_record_reaches(self) -> None:
        """With revenue 1.5 tỷ only, c03a's bands 0, 1, 3 and 4 are unreached."""
        found = coverage(RULES, scored(B2023))

        unreached = [r.part.part for r in found.unreached if r.part.rule == "c03a"]
        assert [0, 1, 3, 4, "self_assessed", "missing"] == unreached
        assert all(r.records == 0 for r in found.unreached)

    def test_one_record_reaches_a_band_per_item_its_rating_and_classes(self) -> None:
        """B2023 reaches 23 bands, trung_binh (64 points) and 4 classes: 28 parts."""
        found = coverage(RULES, scored(B2023))
        total = len(expected_keys("tt01-2020"))

        assert 28 == found.covered
        assert Decimal(28) * 100 / total == found.percent
        assert 1 == counts(found)[("rating", "tt01-2020", "trung_binh")]
        assert 1 == counts(found)[("classification", "members", "nho")]  # 120 in [50, 301)

    def test_classes_at_their_edges(self) -> None:
        """49 members is sieu_nho, exactly 50 is nho; 5 tỷ of capital is exactly vua."""
        found = coverage(
            RULES,
            scored(
                {**B2023, "members": 49},
                {**B2023, "members": 50, "total_capital_close": "5000000000"},
            ),
        )

        reached = counts(found)
        assert 1 == reached[("classification", "members", "sieu_nho")]
        assert 1 == reached[("classification", "members", "nho")]
        assert 1 == reached[("classification", "capital", "vua")]
        assert 1 == reached[("classification", "capital", "nho")]  # 3 tỷ in [1 tỷ, 5 tỷ)

    def test_a_2025_record_is_classified_under_decree_113(self) -> None:
        """From 01/11/2024 the size axis of Decree 113/2024 classifies, not Circular 01/2020's:
        120 official members and 3 tỷ of capital in agriculture is small (50 members and
        1 tỷ); without its official members the class is not known."""
        record = {**B2023, "year": 2025, "official_members": 120}
        unknown = {**B2023, "year": 2025}
        found = coverage(RULES, scored(record, unknown))

        reached = counts(found)
        assert (1, 1) == (
            reached[("classification", "size", "nho")],
            reached[("classification", "size", "missing")],
        )
        assert 0 == sum(
            n for (kind, rule, _), n in reached.items() if rule in ("members", "capital")
        )
        assert (
            1
            == counts(coverage(SIZES, [coopeval.evaluate(SIZES, record)]))[
                ("classification", "size", "nho")
            ]
        )

    def test_an_exclusion_applied_reaches_no_band(self) -> None:
        """A credit fund is excluded (out_of_scope): no band, no rating, its classes still."""
        found = coverage(RULES, scored({**B2023, "kind": "quy_tin_dung"}))

        reached = {key for key, n in counts(found).items() if n}
        assert {
            ("exclusion", "out_of_scope", "applied"),
            ("classification", "service_type", "san_xuat"),
            ("classification", "members", "nho"),
            ("classification", "capital", "nho"),
            ("classification", "sector", "A"),
        } == reached

    def test_missing_and_self_assessed_evidence(self) -> None:
        """Without revenue c03a is missing; with self_score.c03a it is self-assessed."""
        no_revenue = {k: v for k, v in B2023.items() if k != "revenue"}
        found = coverage(RULES, scored(no_revenue, {**no_revenue, "self_score": {"c03a": 2}}))

        reached = counts(found)
        assert 1 == reached[("item", "c03a", "missing")]
        assert 1 == reached[("item", "c03a", "self_assessed")]
        assert 0 == sum(reached[("band", "c03a", n)] for n in range(5))

    def test_a_rating_left_open_is_undetermined_not_an_error(self) -> None:
        """Without c11's input B2023 has 58 points and 8 at stake (58–66 spans 65): undetermined."""
        found = coverage(
            RULES, scored({k: v for k, v in B2023.items() if k != "member_benefit_growth_pct"})
        )

        reached = counts(found)
        assert 1 == reached[("rating", "tt01-2020", "undetermined")]
        assert 1 == reached[("item", "c11", "missing")]
        assert 0 == found.errors

    def test_records_with_errors_are_read_and_reach_nothing(self) -> None:
        """A record with -1 members counts as read and as an error, and reaches no part."""
        found = coverage(RULES, scored({**B2023, "members": "-1"}, B2023))

        assert 2 == found.records
        assert 1 == found.errors
        assert 28 == found.covered
        assert 1 == max(r.records for r in found.parts)

    def test_an_override_applied(self) -> None:
        """Under tt09-2017 a sanctioned cooperative reaches the override and the rating yeu."""

        @settings(max_examples=10)
        @given(records(TT09))
        def check(record: dict[str, Any]) -> None:
            result = coopeval.evaluate(TT09, {**record, "sanctioned": True})
            reached = counts(coverage(TT09, [result]))
            if result.status == "not_rated":
                return  # under 12 months: the exclusion comes first
            assert 1 == reached[("override", "sanctioned", "applied")]
            assert 1 == reached[("rating", "tt09-2017", "yeu")]

        check()

    def test_a_programme_met_not_met_missing(self) -> None:
        """Three borrowers: all met; no security (c4 not met); no plan appraisal (c3 missing)."""
        absent = {k: v for k, v in BORROWER.items() if k not in ("plan_feasible", "interest_rate")}
        results = [
            coopeval.evaluate(LOANS, r)
            for r in (BORROWER, {**BORROWER, "security_ok": False}, absent)
        ]
        reached = counts(coverage(LOANS, results))

        assert (1, 1, 1) == tuple(
            reached[("condition", "loan_conditions", o)] for o in ("met", "not_met", "missing")
        )
        assert (2, 1, 0) == tuple(
            reached[("condition", "c4", o)] for o in ("met", "not_met", "missing")
        )
        assert (2, 0, 1) == tuple(
            reached[("condition", "c3", o)] for o in ("met", "not_met", "missing")
        )
        assert (1, 1, 1) == tuple(
            reached[("outcome", "nd45-2021", o)]
            for o in ("eligible", "not_eligible", "undetermined")
        )
        assert (3, 0) == (
            reached[("amount", "loan_headroom", "computed")],
            reached[("amount", "loan_headroom", "not_computed")],
        )
        assert (2, 1) == (
            reached[("amount", "overdue_rate_cap", "computed")],
            reached[("amount", "overdue_rate_cap", "not_computed")],
        )

    def test_a_part_of_another_version_is_added_after(self) -> None:
        """A class a result reaches that the rule set does not list is counted after its own."""
        result = scored(B2023)[0]
        other = attrs.evolve(result, classification=(*result.classification, ("size_2030", "nho")))
        found = coverage(RULES, [other])

        assert Part("classification", "size_2030", "nho") == found.parts[-1].part
        assert 1 == found.parts[-1].records

    def test_streams_a_generator_once(self) -> None:
        """The results may be a generator: each is read once, none kept."""
        seen: list[int] = []

        def results() -> Any:
            for n, revenue in enumerate(("50000000", "150000000")):
                seen.append(n)
                yield coopeval.evaluate(RULES, {**B2023, "revenue": revenue})

        found = coverage(RULES, results())

        assert [0, 1] == seen
        assert [1, 1] == [counts(found)[("band", "c03a", n)] for n in (0, 1)]

    def test_keeps_no_result(self) -> None:
        """A result counted is not kept: when the third is made, the first is gone (the
        second is still the loop's)."""
        refs: list[weakref.ref[Evaluation]] = []
        alive: list[bool] = []

        def results() -> Any:
            for revenue in ("50000000", "150000000", "6000000000", "7000000000"):
                if len(refs) >= 2:
                    gc.collect()
                    alive.append(refs[-2]() is not None)
                result = scored({**B2023, "revenue": revenue})[0]
                refs.append(weakref.ref(result))
                yield result

        found = coverage(RULES, results())

        assert 4 == found.records
        assert [False, False] == alive

    @settings(max_examples=40)
    @given(st.lists(records(RULES, complete=False, with_self_scores=True), max_size=6))
    def test_counts_add_up(self, batch: list[dict[str, Any]]) -> None:
        """Per item, bands and evidence sum to the records scored; classes per axis to the
        records without errors classified on it; a batch's counts are its halves' sums."""
        results = scored(*batch)
        found = coverage(RULES, results)
        clean = [r for r in results if not any(e.code != "missing_evidence" for e in r.errors)]
        rated = [r for r in clean if r.status != "not_rated"]
        per_rule: Counter[tuple[str, str]] = Counter()
        for reach in found.parts:
            group = "band" if reach.part.kind in ("band", "item") else reach.part.kind
            per_rule[(group, reach.part.rule)] += reach.records
        half = len(results) // 2
        first, second = coverage(RULES, results[:half]), coverage(RULES, results[half:])

        assert len(batch) == found.records
        assert len(batch) - len(clean) == found.errors
        for item in RULES.ruleset.scorecard.items:
            assert len(rated) == per_rule[("band", item.id)]
        for axis in RULES.ruleset.scorecard.classifications:  # those in force on each one's day
            classified = [r for r in clean if axis.id in dict(r.classification)]
            assert len(classified) == per_rule[("classification", axis.id)]
        assert len(rated) == per_rule[("rating", "tt01-2020")]
        both = {k: counts(first)[k] + counts(second)[k] for k in counts(found)}
        assert both == counts(found)


class TestCoverageShare:
    def test_below_compares_exactly(self) -> None:
        """28 of N parts: below N's exact share plus a hair, not below the share itself."""
        found = coverage(RULES, scored(B2023))
        share = Decimal(28) * 100 / len(expected_keys("tt01-2020"))

        assert not found.below(share)
        assert found.below(share + Decimal("0.0000001"))
        assert not found.below(Decimal(0))

    def test_no_records_reach_nothing(self) -> None:
        """With no results, every part is unreached and the share is 0."""
        found = coverage(RULES, [])

        assert (0, 0, Decimal(0)) == (found.records, found.covered, found.percent)
        assert len(expected_keys("tt01-2020")) == len(found.unreached)
