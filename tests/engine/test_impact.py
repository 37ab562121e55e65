"""Tests for `coopeval.engine.impact`: records under two versions of a rule set.

Each copy of a bundled rule file is edited in one known place; the records
sit on both sides of the old and the new edge, and what must move (and by how
many points) is worked out by hand from the band tables in the rule files.
HTX-01 of examples/pilots.json scores 67 under tt01-2020, 2 of them from c03a
(revenue 1 860 000 000 in [500 000 000, 2 000 000 000)), so its total without
c03a is 65.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coopeval
from coopeval import Cause, UsageError
from coopeval.engine import CompiledRuleSet
from coopeval.engine.impact import Transition, compare
from coopeval.messages import in_lang, said

ROOT = Path(__file__).resolve().parents[2]
TT01 = ROOT / "rules" / "tt01-2020" / "ruleset.toml"
ND45 = ROOT / "rules" / "nd45-2021" / "ruleset.toml"
PILOT: dict[str, Any] = json.loads((ROOT / "examples" / "pilots.json").read_text("utf-8"))[0]
D = Decimal
#: HTX-01's total without c03a (67 − 2), by hand from examples/expected/pilots.json.
WITHOUT_C03A = 65


def edited(source: Path, folder: Path, *edits: tuple[str, str, str]) -> Path:
    """A copy of ``source`` in ``folder``: each ``(old, new, after)``, the first ``old``
    after the text ``after``, replaced by ``new``."""
    text = source.read_text(encoding="utf-8")
    for old, new, after in edits:
        at = text.index(old, text.index(after))
        text = text[:at] + new + text[at + len(old) :]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ruleset.toml"
    path.write_text(text, encoding="utf-8")
    return path


#: c03a's 500 000 000 edge moved to 600 000 000: [500 tr, 600 tr) now scores 1, not 2.
C03A_EDGE = (
    (
        "{ lower = 100_000_000, upper = 500_000_000, points = 1 }",
        "{ lower = 100_000_000, upper = 600_000_000, points = 1 }",
        'measure = "revenue"',
    ),
    (
        "{ lower = 500_000_000, upper = 2_000_000_000, points = 2 }",
        "{ lower = 600_000_000, upper = 2_000_000_000, points = 2 }",
        'measure = "revenue"',
    ),
)


def c03a_points(revenue: int, edge: int) -> int:
    """c03a's points by hand, with its second edge at ``edge``."""
    edges = (100_000_000, edge, 2_000_000_000, 5_000_000_000)
    return sum(revenue >= e for e in edges)


@pytest.fixture(scope="module")
def old() -> CompiledRuleSet[Any]:
    return coopeval.load(str(TT01))


@pytest.fixture(scope="module")
def moved_edge(tmp_path_factory: pytest.TempPathFactory) -> CompiledRuleSet[Any]:
    return coopeval.load(str(edited(TT01, tmp_path_factory.mktemp("c03a"), *C03A_EDGE)))


def pilot(**values: Any) -> dict[str, Any]:
    return PILOT | values


class TestScorecard:
    def test_only_the_records_between_the_two_edges_move(
        self, old: CompiledRuleSet[Any], moved_edge: CompiledRuleSet[Any]
    ) -> None:
        """Revenues in [500 000 000, 600 000 000) lose one point at c03a; the others keep theirs."""
        revenues = [499_999_999, 500_000_000, 550_000_000, 599_999_999, 600_000_000, 1_860_000_000]
        records = [pilot(id=f"R{n}", revenue=r) for n, r in enumerate(revenues)]

        found = list(coopeval.impact(old, moved_edge, records))

        assert ["R1", "R2", "R3"] == [i.id for i in found if i.moved]
        assert [66, 67, 67, 67, 67, 67] == [i.old.total for i in found]
        assert [66, 66, 66, 66, 67, 67] == [i.new.total for i in found]
        assert [0, -1, -1, -1, 0, 0] == [i.delta for i in found]
        cause = Cause("c03a", "item", ("band_edge",), D(-1), D(2), D(1))
        assert [(), (cause,), (cause,), (cause,), (), ()] == [i.causes for i in found]
        assert "band_edge" == cause.kind

    @settings(max_examples=40, deadline=None)
    @given(revenue=st.integers(min_value=0, max_value=8_000_000_000))
    def test_moved_exactly_between_the_edges(
        self, old: CompiledRuleSet[Any], moved_edge: CompiledRuleSet[Any], revenue: int
    ) -> None:
        """Any revenue moves iff in [500 000 000, 600 000 000), by the hand-counted points."""
        (found,) = coopeval.impact(old, moved_edge, [pilot(revenue=revenue)])

        assert (500_000_000 <= revenue < 600_000_000) == found.moved
        assert WITHOUT_C03A + c03a_points(revenue, 500_000_000) == found.old.total
        assert WITHOUT_C03A + c03a_points(revenue, 600_000_000) == found.new.total

    def test_a_rating_edge_and_the_transition_table(
        self, old: CompiledRuleSet[Any], tmp_path: Path
    ) -> None:
        """Khá from 68: 67 and 66 go from khá to trung bình, 69 stays khá; the table counts them."""
        path = edited(
            TT01,
            tmp_path,
            ("upper = 65\n", "upper = 68\n", 'id = "trung_binh"'),
            ("lower = 65\n", "lower = 68\n", 'id = "kha"'),
        )
        new = coopeval.load(str(path))
        # 65 + c03a: 2 (1 860 000 000), 1 (499 999 999), 4 (5 000 000 000)
        records = [
            pilot(revenue=1_860_000_000),
            pilot(id="B", revenue=499_999_999),
            pilot(id="C", revenue=5_000_000_000),
        ]

        impacts = coopeval.impact(old, new, records)
        found = list(impacts)

        assert [True, True, False] == [i.moved for i in found]
        assert [0, 0, 0] == [i.delta for i in found]
        assert [
            Cause("trung_binh", "rating", ("rating_edge",), None, "kha", "trung_binh"),
        ] == list(found[0].causes)
        assert {Transition("kha", "trung_binh", 2), Transition("kha", "kha", 1)} == set(
            impacts.transitions
        )
        assert (3, 2, 0) == (impacts.read, impacts.moved, impacts.errors)

    def test_a_record_with_errors_is_kept(
        self, old: CompiledRuleSet[Any], moved_edge: CompiledRuleSet[Any]
    ) -> None:
        """A bad value gives an impact with errors, not moved, counted; rows out = rows in."""
        records = [pilot(revenue=550_000_000), pilot(id="BAD", revenue="abc"), pilot(id="Z")]

        impacts = coopeval.impact(old, moved_edge, records)
        found = list(impacts)

        assert ["HTX-01", "BAD", "Z"] == [i.id for i in found]
        assert ["ok", "error", "ok"] == [i.status for i in found]
        assert ("revenue", "revenue") == (
            found[1].old.errors[0].field,
            found[1].new.errors[0].field,
        )
        assert (False, ()) == (found[1].moved, found[1].causes)
        assert (3, 1, 1) == (impacts.read, impacts.moved, impacts.errors)
        assert Transition("error", "error", 1) in impacts.transitions

    def test_a_class_that_changes(self, old: CompiledRuleSet[Any], tmp_path: Path) -> None:
        """Micro up to 47 members, not 50: HTX-01's 46 members stay micro, 48 become small."""
        path = edited(
            TT01,
            tmp_path,
            ("upper = 50,", "upper = 47,", 'id = "members"'),
            ("lower = 50,", "lower = 47,", 'id = "members"'),
        )
        new = coopeval.load(str(path))

        same, changed = coopeval.impact(old, new, [pilot(members=46), pilot(members=48)])

        assert (False, ()) == (same.moved, same.causes)
        assert changed.moved
        assert (D(0), "sieu_nho", "nho") == (
            changed.delta,
            dict(changed.old.classification)["members"],
            dict(changed.new.classification)["members"],
        )
        assert [("members", "axis", "band_edge")] == [
            (c.rule, c.part, c.kind) for c in changed.causes
        ]

    def test_two_kinds_refused(self, old: CompiledRuleSet[Any]) -> None:
        """A scorecard against a programme is a usage error, said in both languages."""
        with pytest.raises(UsageError, match="one kind only") as caught:
            coopeval.impact(old, coopeval.load(str(ND45)), [])

        assert "cùng loại" in in_lang(caught.value, "vi")

    def test_records_are_read_one_at_a_time(
        self, old: CompiledRuleSet[Any], moved_edge: CompiledRuleSet[Any]
    ) -> None:
        """The first impact comes after reading one record, not the whole input."""
        taken: list[int] = []

        def records() -> Any:
            for n in range(1000):
                taken.append(n)
                yield pilot(id=str(n))

        first = next(coopeval.impact(old, moved_edge, records()))

        assert ("0", [0]) == (first.id, taken)


class TestProgramme:
    def test_a_condition_threshold(self, tmp_path: Path) -> None:
        """Own equity from a fifth to a quarter: 20 % and 24 % fail, 25 % and 30 % pass both."""
        old = coopeval.load(str(ND45))
        new = coopeval.load(
            str(edited(ND45, tmp_path, ("total_investment * 0.2", "total_investment * 0.25", "")))
        )
        # HTX-01: total investment 1 500 000 000, own equity 300 000 000 (20 %)
        equity = [300_000_000, 360_000_000, 375_000_000, 450_000_000, 285_000_000]
        records = [pilot(id=f"E{n}", own_equity=e) for n, e in enumerate(equity)]

        impacts = coopeval.impact(old, new, records)
        found = list(impacts)

        assert [True, True, False, False, False] == [i.moved for i in found]
        assert ("eligible", "not_eligible") == (found[0].old.outcome, found[0].new.outcome)
        assert [
            ("loan_conditions", "condition", "condition", "met", "not_met"),
            ("c5", "condition", "condition", "met", "not_met"),
        ] == [(c.rule, c.part, c.kind, c.old, c.new) for c in found[1].causes]
        assert {
            Transition("eligible", "not_eligible", 2),
            Transition("eligible", "eligible", 2),
            Transition("not_eligible", "not_eligible", 1),
        } == set(impacts.transitions)

    def test_an_amount_formula(self, tmp_path: Path) -> None:
        """The overdue cap from 1.5 to 2 times the rate: 5.4 % gives 8.1 then 10.8, +2.7."""
        old = coopeval.load(str(ND45))
        new = coopeval.load(
            str(edited(ND45, tmp_path, ('"interest_rate * 1.5"', '"interest_rate * 2"', "")))
        )

        (found,) = coopeval.impact(old, new, [PILOT])

        assert found.moved
        assert (None, D("2.7")) == (found.delta, dict(found.amount_deltas)["overdue_rate_cap"])
        assert D(0) == dict(found.amount_deltas)["loan_headroom"]
        assert [
            Cause("overdue_rate_cap", "amount", ("amount",), D("2.7"), D("8.1"), D("10.8"))
        ] == list(found.causes)


class TestCompare:
    def test_the_same_result_does_not_move(self, old: CompiledRuleSet[Any]) -> None:
        """A record compared with itself under one rule set: no delta, no cause."""
        result = coopeval.evaluate(old, PILOT)

        found = compare(result, result)

        assert (False, D(0), ()) == (found.moved, found.delta, found.causes)
        assert ("kha", "kha") == (found.old.state, found.new.state)


class TestWords:
    def test_every_kind_a_cause_can_name_has_words(self) -> None:
        """Each kind of change, and of an unchanged rule, says why in both languages."""
        from coopeval.engine.impact import _UNCHANGED
        from coopeval.ruleset.diff import _SAID

        kinds = {*_SAID, *_UNCHANGED.values()}

        for kind in kinds:
            words = said(f"impact.why_{kind}")
            assert words.text("en")
            assert words.text("vi") != words.text("en")
