"""Tests for `coopeval.engine.whatif`: plans to a rating, checked by scoring them again.

Every plan is applied to the record here, in the test (``input`` = ``to``, or
the self-assessed points), and scored with `coopeval.evaluate`: the new total
must reach the target. On a small rule set of four items, a brute-force search
over every set of items and every higher band says how few items can reach the
target, and with how few points to spare; the planner must find exactly that.
"""

from __future__ import annotations

import itertools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coopeval
from coopeval.engine.whatif import Plan, whatif
from coopeval.errors import UsageError

ROOT = Path(__file__).resolve().parents[2]
TT01 = coopeval.load("tt01-2020")
PILOTS = json.loads((ROOT / "examples" / "pilots.json").read_text(encoding="utf-8"))
D = Decimal


def _applied(record: dict[str, Any], plan: Plan) -> dict[str, Any]:
    changed = dict(record)
    own = dict(changed.get("self_score") or {})
    for step in plan.steps:
        if step.input is None:
            own[step.item] = str(step.to)
        else:
            changed[step.input] = step.to if isinstance(step.to, bool | str) else str(step.to)
    if own:
        changed["self_score"] = own
    return changed


class TestThePilots:
    @pytest.mark.parametrize("record", PILOTS, ids=[p["id"] for p in PILOTS])
    def test_each_plan_reaches_80_when_applied(self, record: dict[str, Any]) -> None:
        """67, 71, 76 and 79 points: every plan, applied and scored again, is rated tốt."""
        found = whatif(TT01, record, target="tot", alternatives=3)

        assert "plan" == found.status
        for plan in found.plans:
            after = coopeval.evaluate(TT01, _applied(record, plan))
            assert after.total is not None
            assert after.total >= 80
            assert "tot" == after.rating
            assert (after.total, after.rating) == (plan.total_after, plan.rating_after)

    def test_htx_03_needs_one_item(self) -> None:
        """76 points: c12's internal revenue share from 58 % to 80 % gives the 4 points missing."""
        found = whatif(TT01, PILOTS[2], target="tot")
        (step,) = found.plans[0].steps

        assert ("c12", "internal_revenue_share_pct") == (step.item, step.input)
        assert (D(58), D(80), D(4)) == (step.from_, step.to, step.points_gained)

    def test_fixed_inputs_are_never_changed(self) -> None:
        """Last year's balances, violations, complaints, managers, awards: never in a plan."""
        fixed = {spec.name for spec in TT01.ruleset.inputs if spec.fixed}
        for record in PILOTS:
            for plan in whatif(TT01, record, alternatives=5).plans:
                assert set() == {s.input for s in plan.steps} & fixed
        assert {"total_capital_prev_close", "award_level", "managers"} <= fixed

    def test_an_item_asked_fixed_is_left(self) -> None:
        found = whatif(TT01, PILOTS[2], fixed={"c12"}, alternatives=3)

        assert "c12" in found.fixed
        assert all(s.item != "c12" for p in found.plans for s in p.steps)

    def test_from_the_officer_workbook_as_from_json(self) -> None:
        """The workbook's units and notation are read once; its plans are the JSON records'."""
        read = coopeval.evaluate_file(TT01, ROOT / "examples" / "officer-workbook.xlsx")
        from_file = [whatif(TT01, ev).plans[0].steps for ev in read]
        from_json = [whatif(TT01, record).plans[0].steps for record in PILOTS]

        assert from_json == from_file

    def test_self_assessed_points_are_raised(self) -> None:
        """HTX-03 without c12's input, self-assessed 0: 72 points; c12 to 8 of 8 is one step."""
        record = {k: v for k, v in PILOTS[2].items() if k != "internal_revenue_share_pct"}
        record["self_score"] = {"c12": "0"}

        found = whatif(TT01, record, alternatives=5)
        steps = [s for p in found.plans for s in p.steps if s.item == "c12"]

        assert D(72) == found.total
        assert [(None, D(0), D(8))] == [(s.input, s.from_, s.to) for s in found.plans[0].steps]
        assert all(s.input is None for s in steps)
        for plan in found.plans:
            after = coopeval.evaluate(TT01, _applied(record, plan))
            assert after.total is not None
            assert after.total >= 80

    def test_missing_evidence_is_its_own_step(self) -> None:
        """HTX-03 without workers_insured_pct has 74; evidence for c08 (6 points) is the plan."""
        record = {k: v for k, v in PILOTS[2].items() if k != "workers_insured_pct"}

        found = whatif(TT01, record)
        (step,) = found.plans[0].steps

        assert (D(74), None) == (found.total, found.rating)
        assert ("c08", None, None, D(6), ("workers_insured_pct",)) == (
            step.item,
            step.input,
            step.from_,
            step.to,
            step.needs,
        )
        after = coopeval.evaluate(TT01, _applied(record, found.plans[0]))
        assert (D(80), "tot") == (after.total, after.rating)

    def test_already_there_and_a_lower_target(self) -> None:
        assert "at_target" == whatif(TT01, PILOTS[3], target="kha").status

    def test_an_unknown_target(self) -> None:
        with pytest.raises(UsageError, match="no rating 'best'"):
            whatif(TT01, PILOTS[0], target="best")

    def test_too_few_changes_allowed(self) -> None:
        """HTX-01 needs four items; with at most two it is unreachable, and says how far it gets."""
        found = whatif(TT01, PILOTS[0], max_changes=2)

        assert "unreachable" == found.status
        assert found.possible is not None
        assert found.possible >= 80


# --- a small rule set, searched by brute force ---------------------------------------

SMALL = """
[ruleset]
id = "small"
version = "1"
title = { vi = "Nhỏ", en = "Small" }
total = 100

[ruleset.document]
id = "test"
title = { vi = "Thử", en = "Test" }
effective_from = 2020-01-01

[inputs.a]
type = "int"
at_least = 0
at_most = 1000
label = { vi = "a", en = "a" }

[inputs.b]
type = "int"
at_least = 0
at_most = 1000
label = { vi = "b", en = "b" }

[inputs.c]
type = "int"
at_least = 0
at_most = 1000
label = { vi = "c", en = "c" }

[inputs.v]
type = "int"
at_least = 0
at_most = 1000
label = { vi = "vi phạm", en = "violations" }

[ratings]
citation = "test"
status = "confirmed"
bands = [
  { id = "yeu", label = { vi = "Yếu", en = "Weak" }, upper = 50 },
  { id = "kha", label = { vi = "Khá", en = "Fair" }, lower = 50, upper = 80 },
  { id = "tot", label = { vi = "Tốt", en = "Good" }, lower = 80 },
]

[[groups]]
id = "I"
label = { vi = "I", en = "I" }
max = 70
citation = "test"
status = "confirmed"

[[groups]]
id = "II"
label = { vi = "II", en = "II" }
max = 30
citation = "test"
status = "confirmed"

[[items]]
id = "ia"
group = "I"
label = { vi = "a", en = "a" }
max = 40
citation = "test a"
status = "confirmed"
measure = "a"
bands = [
  { upper = 10, points = 0 },
  { lower = 10, upper = 20, points = 10 },
  { lower = 20, upper = 40, points = 25 },
  { lower = 40, points = 40 },
]

[[items]]
id = "ib"
group = "I"
label = { vi = "b", en = "b" }
max = 30
citation = "test b"
status = "confirmed"
measure = "b * 2"
bands = [
  { upper = 30, points = 0 },
  { lower = 30, upper = 60, points = 5 },
  { lower = 60, points = 30 },
]

[[items]]
id = "ic"
group = "II"
label = { vi = "c", en = "c" }
max = 20
citation = "test c"
status = "confirmed"
measure = "c"
bands = [
  { upper = 5, points = 0 },
  { lower = 5, upper = 9, points = 10 },
  { lower = 9, points = 20 },
]

[[items]]
id = "iv"
group = "II"
label = { vi = "v", en = "v" }
max = 10
citation = "test v"
status = "confirmed"
better = "lower"
measure = "v"
bands = [
  { upper = 1, points = 10 },
  { lower = 1, upper = 3, points = 5 },
  { lower = 3, points = 0 },
]
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("small") / "ruleset.toml"
    path.write_text(SMALL, encoding="utf-8")
    return coopeval.load(path)


#: Per input, the values a brute force tries: every band's nearest edge.
CANDIDATES = {
    "a": (10, 20, 40),
    "b": (15, 30),
    "c": (5, 9),
    "v": (0, 2),
}


def _brute(rules: Any, record: dict[str, int], edge: int) -> tuple[int, int] | None:
    """The fewest inputs changed to reach ``edge``, and the fewest points to spare with them."""
    base = coopeval.evaluate(rules, {"id": "x", **{k: str(v) for k, v in record.items()}})
    assert base.total is not None
    for count in range(1, 5):
        spare = []
        for names in itertools.combinations(CANDIDATES, count):
            for values in itertools.product(*(CANDIDATES[n] for n in names)):
                changed = {**record, **dict(zip(names, values, strict=True))}
                if any(changed[n] == record[n] for n in names):
                    continue
                after = coopeval.evaluate(
                    rules, {"id": "x", **{k: str(v) for k, v in changed.items()}}
                )
                gained = {i.id: i.points for i in after.items}
                before = {i.id: i.points for i in base.items}
                if any(
                    gained[i] is None or before[i] is None or gained[i] < before[i] for i in gained
                ):
                    continue
                if after.total is not None and after.total >= edge:
                    spare.append(int(after.total - edge))
        if spare:
            return count, min(spare)
    return None


@settings(max_examples=80, deadline=None)
@given(
    a=st.integers(0, 50),
    b=st.integers(0, 40),
    c=st.integers(0, 12),
    v=st.integers(0, 5),
    target=st.sampled_from(["kha", "tot"]),
)
def test_fewest_items_as_brute_force_finds(
    small: Any, a: int, b: int, c: int, v: int, target: str
) -> None:
    record = {"a": a, "b": b, "c": c, "v": v}
    edge = 80 if target == "tot" else 50
    raw = {"id": "x", **{k: str(n) for k, n in record.items()}}

    found = whatif(small, raw, target=target, alternatives=3)
    best = _brute(small, record, edge)

    if found.status == "at_target":
        total = coopeval.evaluate(small, raw).total
        assert total is not None
        assert total >= edge
        return
    if best is None:
        assert "unreachable" == found.status
        return
    assert "plan" == found.status
    count, spare = best
    first = found.plans[0]
    assert count == len(first.steps)
    assert spare == first.total_after - edge
    for plan in found.plans:
        after = coopeval.evaluate(small, _applied(raw, plan))
        assert after.total is not None
        assert after.total >= edge


# --- plans to eligibility ------------------------------------------------------------


ND45 = coopeval.load("nd45-2021")
QD167 = coopeval.load("qd167-2021")


def _judged(rules: Any, record: dict[str, Any], steps: Any) -> Any:
    changed = dict(record)
    for step in steps:
        changed[step.input] = step.to if isinstance(step.to, bool | str) else str(step.to)
    return coopeval.evaluate(rules, changed)


class TestEligibility:
    def test_own_equity_to_a_fifth_of_the_investment(self) -> None:
        """HTX-02: 500 000 000 of 3 000 000 000 is 16.7 %; 20 % needs 600 000 000 (or 2.5 bn)."""
        found = coopeval.whatif(ND45, PILOTS[1], alternatives=2)
        changes = {(s.condition, s.input, s.from_, s.to) for p in found.plans for s in p.steps}

        assert ("plan", "not_eligible") == (found.status, found.outcome)
        assert ("c5", "own_equity", D(500_000_000), D(600_000_000)) in changes
        for plan in found.plans:
            assert "eligible" == _judged(ND45, PILOTS[1], plan.steps).outcome

    def test_undetermined_names_the_decisive_evidence(self) -> None:
        """HTX-04 lacks security_ok and has_bad_debt: both, with the values that decide."""
        found = coopeval.whatif(ND45, PILOTS[3])
        steps = {(s.condition, s.input, s.from_, s.to) for s in found.plans[0].steps}

        assert "undetermined" == found.outcome
        assert {("c4", "security_ok", None, True), ("c6", "has_bad_debt", None, False)} == steps
        assert "eligible" == _judged(ND45, PILOTS[3], found.plans[0].steps).outcome

    def test_last_years_profit_cannot_change(self) -> None:
        """HTX-02 lost money two years ago: no plan of this year's figures makes it a pilot."""
        found = coopeval.whatif(QD167, PILOTS[1])

        assert ("unreachable", ("profitable_y2",)) == (found.status, found.blocked)

    def test_eligible_already(self) -> None:
        assert "at_target" == coopeval.whatif(ND45, PILOTS[0]).status


SMALL_PROGRAMME = """
root = "eligible"

[ruleset]
id = "small-programme"
version = "1"
title = { vi = "Nhỏ", en = "Small" }
kind = "eligibility"

[ruleset.document]
id = "test"
title = { vi = "Thử", en = "Test" }
effective_from = 2020-01-01

[inputs.a]
type = "int"
at_least = 0
at_most = 30
label = { vi = "a", en = "a" }

[inputs.b]
type = "int"
at_least = 0
at_most = 30
label = { vi = "b", en = "b" }

[inputs.c]
type = "int"
at_least = 0
at_most = 30
label = { vi = "c", en = "c" }

[inputs.flag]
type = "bool"
label = { vi = "cờ", en = "flag" }

[[conditions]]
id = "eligible"
label = { vi = "đủ", en = "eligible" }
citation = "test"
status = "confirmed"
all_of = ["either", "two"]

[[conditions]]
id = "either"
label = { vi = "một trong", en = "either" }
citation = "test"
status = "confirmed"
any_of = ["a_big", "b_big"]

[[conditions]]
id = "two"
label = { vi = "hai trong ba", en = "two of three" }
citation = "test"
status = "confirmed"
at_least = 2
of = ["c_small", "flagged", "sum"]

[[conditions]]
id = "a_big"
label = { vi = "a", en = "a" }
citation = "test a"
status = "confirmed"
when = "a >= 10"

[[conditions]]
id = "b_big"
label = { vi = "b", en = "b" }
citation = "test b"
status = "confirmed"
when = "b * 2 > 9"

[[conditions]]
id = "c_small"
label = { vi = "c", en = "c" }
citation = "test c"
status = "confirmed"
when = "c < 3"

[[conditions]]
id = "flagged"
label = { vi = "cờ", en = "flag" }
citation = "test flag"
status = "confirmed"
when = "flag"

[[conditions]]
id = "sum"
label = { vi = "tổng", en = "sum" }
citation = "test sum"
status = "confirmed"
when = "a + b >= 12"
"""

#: Per input, the values a brute force tries: the nearest edges of every leaf.
PROGRAMME_VALUES: dict[str, tuple[Any, ...]] = {
    "a": (0, 10, 12),
    "b": (0, 5, 12),
    "c": (2, 0),
    "flag": (True, False),
}


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("programme") / "ruleset.toml"
    path.write_text(SMALL_PROGRAMME, encoding="utf-8")
    return coopeval.load(path)


def _brute_programme(rules: Any, record: dict[str, Any]) -> int | None:
    """The fewest inputs changed (to the edges above) that make the record eligible."""
    for count in range(1, len(PROGRAMME_VALUES) + 1):
        for names in itertools.combinations(PROGRAMME_VALUES, count):
            for values in itertools.product(*(PROGRAMME_VALUES[n] for n in names)):
                changed = {**record, **dict(zip(names, values, strict=True))}
                if any(changed[n] == record[n] for n in names):
                    continue
                raw = {
                    "id": "x",
                    **{k: v if isinstance(v, bool) else str(v) for k, v in changed.items()},
                }
                if coopeval.evaluate(rules, raw).outcome == "eligible":
                    return count
    return None


@settings(max_examples=80, deadline=None)
@given(
    a=st.integers(0, 20),
    b=st.integers(0, 20),
    c=st.integers(0, 6),
    flag=st.booleans(),
)
def test_fewest_conditions_as_brute_force_finds(
    programme: Any, a: int, b: int, c: int, flag: bool
) -> None:
    """Each input is read by one or two leaves: the fewest inputs changed is the fewest steps."""
    record: dict[str, Any] = {"a": a, "b": b, "c": c, "flag": flag}
    raw = {"id": "x", **{k: v if isinstance(v, bool) else str(v) for k, v in record.items()}}

    found = coopeval.whatif(programme, raw, alternatives=3)
    fewest = _brute_programme(programme, record)

    if found.status == "at_target":
        assert "eligible" == coopeval.evaluate(programme, raw).outcome
        return
    assert fewest is not None
    assert "plan" == found.status
    assert fewest == len({s.input for s in found.plans[0].steps})
    for plan in found.plans:
        assert "eligible" == _judged(programme, raw, plan.steps).outcome
