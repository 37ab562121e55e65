"""The command line for support programmes: ``eligible``, ``amount`` and ``targets``.

Expected values are written by hand from ``support.md`` and the records of
``examples/pilots.json``, with the arithmetic in a comment.
"""

# The style guide (STYLE.md section 11) wants `expected == actual`; SIM300 wants the
# reverse. The guide wins in tests.

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from coopeval.cli import main

ROOT = Path(__file__).resolve().parents[2]
PILOTS_JSON = str(ROOT / "examples" / "pilots.json")
PILOT_IDS = ["HTX-01", "HTX-02", "HTX-03", "HTX-04"]

#: The bundled programmes that decide eligibility (a root condition); nq106-2023
#: holds a set rule only and has no outcome per record.
PROGRAMMES = {"luat-htx-2023-d18", "nd45-2021", "qd167-2021", "tt124-2021", "tt55-2023"}

#: The pilots' figures are for 2023; Law 2023 art. 18 is in force from 01/07/2024 and
#: refuses them unless asked to judge them as at a later day (as officers do).
DAY = ["--as-of", "2024-12-31"]

#: Each pilot's outcome under each programme, worked out from support.md.
OUTCOMES = {
    # Every pilot meets Điều 18 khoản 1: no sanction, trained members (b4).
    "luat-htx-2023-d18": ["eligible", "eligible", "eligible", "eligible"],
    # HTX-02: own equity 500 000 000 < 20 % × 3 000 000 000 = 600 000 000.
    # HTX-04: security_ok and has_bad_debt are not given.
    "nd45-2021": ["eligible", "not_eligible", "eligible", "undetermined"],
    # HTX-01: member-supply share 45 % < 50 % (provisional); HTX-02: a loss in y2;
    # HTX-04: obligations_filed not given.
    "qd167-2021": ["not_eligible", "not_eligible", "eligible", "undetermined"],
    # HTX-03 does not say whether its young worker is a graduate.
    "tt124-2021": ["eligible", "eligible", "undetermined", "eligible"],
    # Every project is approved.
    "tt55-2023": ["eligible", "eligible", "eligible", "eligible"],
}


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _write(tmp_path: Path, records: list[dict[str, Any]]) -> str:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return str(path)


class TestEligible:
    def test_jsonl_one_line_per_record(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSONL gives one line per record, with its id, in input order."""
        code, out, _ = _run(["eligible", PILOTS_JSON, *DAY, "--format", "jsonl"], capsys)

        rows = [json.loads(line) for line in out.splitlines()]
        assert 0 == code
        assert PILOT_IDS == [r["id"] for r in rows]

    def test_jsonl_maps_every_programme_to_its_outcome(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``programs`` maps each bundled programme id to the record's outcome."""
        _, out, _ = _run(["eligible", PILOTS_JSON, *DAY, "--format", "jsonl"], capsys)

        rows = [json.loads(line) for line in out.splitlines()]
        assert [PROGRAMMES] * 4 == [set(r["programs"]) for r in rows]
        assert OUTCOMES == {
            pid: [r["programs"][pid]["outcome"] for r in rows] for pid in sorted(PROGRAMMES)
        }

    def test_jsonl_conditions_carry_the_contract_fields(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Every condition has ``id``, ``outcome``, ``citation`` and ``values``."""
        _, out, _ = _run(["eligible", PILOTS_JSON, *DAY, "--format", "jsonl"], capsys)

        rows = [json.loads(line) for line in out.splitlines()]
        for row in rows:
            for programme in row["programs"].values():
                for condition in programme["conditions"]:
                    assert {"id", "outcome", "citation", "values"} <= set(condition)
        c5 = next(c for c in rows[1]["programs"]["nd45-2021"]["conditions"] if c["id"] == "c5")
        assert {
            "id": "c5",
            "outcome": "not_met",
            "citation": "Nghị định 45/2021/NĐ-CP, Điều 22",
            "values": {"own_equity": "500000000", "total_investment": "3000000000"},
        } == {k: c5[k] for k in ("id", "outcome", "citation", "values")}

    def test_jsonl_amounts_are_decimal_strings(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Amounts are exact VND written as decimal strings."""
        _, out, _ = _run(["eligible", PILOTS_JSON, *DAY, "--format", "jsonl"], capsys)

        first = json.loads(out.splitlines()[0])["programs"]
        # nd45: min(0.15 × 20 000 000 000, 0.25 × 20 000 000 000,
        #            1 500 000 000 − 300 000 000) = 1 200 000 000.
        # tt124 (region III, 2025-01-01): 1.5 × 3 860 000 = 5 790 000; × 12 = 69 480 000.
        # tt55 (mountainous): 0.7 × 2 400 000 000 = 1 680 000 000.
        assert {
            "nd45-2021": {"loan_headroom": "1200000000", "overdue_rate_cap": "8.1"},
            "tt124-2021": {
                "monthly_floor": "5790000",
                "period_total": "69480000",
                "training_lodging_floor": None,
            },
            "tt55-2023": {"central_budget_cap": "1680000000"},
        } == {pid: first[pid]["amounts"] for pid in ("nd45-2021", "tt124-2021", "tt55-2023")}

    def test_matrix_lists_every_record_and_programme(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The table has one row per record and one column per programme."""
        code, out, _ = _run(["eligible", PILOTS_JSON, *DAY, "--lang", "en"], capsys)

        lines = out.splitlines()
        assert 0 == code
        for pid in PROGRAMMES:
            assert pid in lines[0]
        assert PILOT_IDS == [line.split()[0] for line in lines[2:]]

    def test_matrix_outcomes(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table shows HTX-02 not eligible for the loan and HTX-04 undetermined."""
        _, out, _ = _run(
            ["eligible", PILOTS_JSON, *DAY, "--program", "nd45-2021", "--lang", "en"], capsys
        )

        rows = {line.split()[0]: line for line in out.splitlines()[2:]}
        assert "not eligible" in rows["HTX-02"]
        assert "undetermined" in rows["HTX-04"]

    def test_explain_lists_every_condition_with_its_citation(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--explain`` lists every condition of the programme and its citation."""
        code, out, _ = _run(
            [
                "eligible",
                PILOTS_JSON,
                "--explain",
                "--id",
                "HTX-04",
                "--program",
                "nd45-2021",
                "--lang",
                "en",
            ],
            capsys,
        )

        assert 0 == code
        conditions = {
            line.split()[1]: line
            for line in out.splitlines()
            if line[:1] in ("✓", "✗", "?") and len(line.split()) > 1
        }
        assert {"loan_conditions", "c1", "c2", "c3", "c4", "c5", "c6"} == set(conditions)
        for line in conditions.values():
            assert "Nghị định 45/2021/NĐ-CP" in line
        assert "evidence missing" in conditions["c4"]
        assert "security_ok, has_bad_debt" in out

    def test_csv_has_a_row_per_record(self, capsys: pytest.CaptureFixture[str]) -> None:
        """CSV gives one row per record with each programme's outcome."""
        code, out, _ = _run(["eligible", PILOTS_JSON, *DAY, "--format", "csv"], capsys)

        rows = list(csv.DictReader(io.StringIO(out)))
        assert 0 == code
        assert OUTCOMES["nd45-2021"] == [r["nd45-2021.outcome"] for r in rows]
        assert ["", "c5", "", ""] == [r["nd45-2021.not_met"] for r in rows]

    def test_bad_value_exits_1(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A record with a bad value exits 1, and every record is still written."""
        records = [
            {"id": "OK-1", "kind": "htx"},
            {"id": "BAD-1", "kind": "cong_ty"},
        ]

        code, out, _ = _run(
            ["eligible", _write(tmp_path, records), "--format", "jsonl", "--program", "nd45-2021"],
            capsys,
        )

        rows = [json.loads(line) for line in out.splitlines()]
        assert 1 == code
        assert [("OK-1", "ok"), ("BAD-1", "error")] == [(r["id"], r["status"]) for r in rows]
        assert ["kind"] == [e["field"] for e in rows[1]["errors"]]

    def test_unknown_programme_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown programme id exits 2 with a message naming it."""
        code, _, err = _run(["eligible", PILOTS_JSON, *DAY, "--program", "nd99-2099"], capsys)

        assert 2 == code
        assert "nd99-2099" in err

    def test_unknown_record_id_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An ``--id`` that no record has exits 2."""
        code, _, err = _run(["eligible", PILOTS_JSON, *DAY, "--id", "HTX-99"], capsys)

        assert 2 == code
        assert "HTX-99" in err


class TestKinds:
    def test_a_scorecard_is_not_a_programme(self, capsys: pytest.CaptureFixture[str]) -> None:
        """eligible --program tt01-2020 exits 2 and points at coopeval score, in either language."""
        code = main(["eligible", PILOTS_JSON, *DAY, "--program", "tt01-2020", "--lang", "en"])
        english = capsys.readouterr().err
        main(["eligible", PILOTS_JSON, *DAY, "--rules", "tt01-2020"])
        vietnamese = capsys.readouterr().err

        assert 2 == code
        assert "tt01-2020 is a scorecard; use 'coopeval score'" in english
        assert "tt01-2020 là một bộ tiêu chí chấm điểm; dùng lệnh 'coopeval score'" in vietnamese

    def test_a_programme_is_not_a_scorecard(self, capsys: pytest.CaptureFixture[str]) -> None:
        """score --rules nd45-2021 exits 2 and points at coopeval eligible."""
        code = main(["score", PILOTS_JSON, "--rules", "nd45-2021", "--lang", "en"])

        assert 2 == code
        assert "nd45-2021 is an eligibility programme; use 'coopeval eligible'" in (
            capsys.readouterr().err
        )

    def test_explain_takes_either_kind(self, capsys: pytest.CaptureFixture[str]) -> None:
        """explain --rules nd45-2021 explains each condition of one record (English)."""
        code = main(
            ["explain", PILOTS_JSON, "--rules", "nd45-2021", "--id", "HTX-04", "--lang", "en"]
        )
        out = capsys.readouterr().out

        assert 0 == code
        assert "UNDETERMINED" in out
        assert (
            "Missing to decide: Loan security meets Article 26 (security_ok), Has bad debt "
            "(groups 3 to 5) at a credit institution at the first disbursement (has_bad_debt)."
        ) in out


class TestAmount:
    def test_monthly_floor_and_period_total(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``amount --program tt124-2021`` gives each record's monthly floor and period total."""
        code, out, _ = _run(
            ["amount", PILOTS_JSON, "--program", "tt124-2021", "--format", "json"], capsys
        )

        data = json.loads(out)
        assert 0 == code
        # HTX-01: region III on 2025-01-01: 1.5 × 3 860 000 = 5 790 000; 12 months: 69 480 000.
        # HTX-02: region III: 5 790 000; 6 months: 34 740 000.
        # HTX-03: region II: 1.5 × 4 410 000 = 6 615 000; 12 months: 79 380 000.
        # HTX-04: region III: 5 790 000; 12 months: 69 480 000.
        assert [
            ("HTX-01", "5790000", "69480000"),
            ("HTX-02", "5790000", "34740000"),
            ("HTX-03", "6615000", "79380000"),
            ("HTX-04", "5790000", "69480000"),
        ] == [
            (
                r["id"],
                r["programs"]["tt124-2021"]["amounts"]["monthly_floor"],
                r["programs"]["tt124-2021"]["amounts"]["period_total"],
            )
            for r in data
        ]

    def test_parameter_used_is_reported(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The monthly floor names the wage row it took: region, date and decree."""
        _, out, _ = _run(
            ["amount", PILOTS_JSON, "--program", "tt124-2021", "--format", "json"], capsys
        )

        details = json.loads(out)[0]["programs"]["tt124-2021"]["amount_details"]
        assert [
            {
                "parameter": "regional_minimum_wage",
                "column": "III",
                "on": "2025-01-01",
                "value": "3860000",
                "effective_from": "2024-07-01",
                "citation": "Nghị định 74/2024/NĐ-CP",
                "status": "confirmed",
            }
        ] == details["monthly_floor"]["parameters"]

    def test_as_of_overrides_every_record_date(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``--as-of`` is the day of every record, over the record's own ``as_of``."""
        records = [
            {"id": "KHONG-NGAY", "wage_region": "I", "months": 2},
            {"id": "CO-NGAY", "wage_region": "I", "months": 2, "as_of": "2022-06-30"},
        ]
        path = _write(tmp_path, records)
        command = ["amount", path, "--program", "tt124-2021", "--format", "json"]

        own = json.loads(_run(command, capsys)[1])
        code, out, _ = _run([*command, "--as-of", "2022-07-01"], capsys)

        amounts = [r["programs"]["tt124-2021"]["amounts"] for r in json.loads(out)]
        assert 0 == code
        # On 2022-07-01: 1.5 × 4 680 000 = 7 020 000; × 2 = 14 040 000, for both.
        assert [("7020000", "14040000")] * 2 == [
            (a["monthly_floor"], a["period_total"]) for a in amounts
        ]
        # Without it, CO-NGAY keeps 2022-06-30: 1.5 × 4 420 000 = 6 630 000; × 2 = 13 260 000.
        assert ("6630000", "13260000") == (
            own[1]["programs"]["tt124-2021"]["amounts"]["monthly_floor"],
            own[1]["programs"]["tt124-2021"]["amounts"]["period_total"],
        )

    def test_date_before_the_circular_is_refused_and_exits_1(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A record dated before Circular 124 (14/02/2022) is refused with the reason; exit 1."""
        records = [{"id": "CU", "wage_region": "I", "months": 2, "as_of": "2022-02-13"}]

        code, out, _ = _run(
            ["amount", _write(tmp_path, records), "--program", "tt124-2021", "--format", "json"],
            capsys,
        )

        programme = json.loads(out)[0]["programs"]["tt124-2021"]
        assert 1 == code
        assert {} == programme["amounts"]
        assert [("as_of", "2022-02-13", "not_in_force", "2022-02-14 – …")] == [
            (e["field"], e["value"], e["code"], e["allowed"]) for e in programme["errors"]
        ]

    def test_2023_pilots_are_refused_by_the_2023_law(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without --as-of, art. 18 (from 01/07/2024) refuses the 2023 pilots, saying why."""
        code, out, _ = _run(
            ["eligible", PILOTS_JSON, "--program", "luat-htx-2023-d18", "--format", "json"],
            capsys,
        )

        programmes = [r["programs"]["luat-htx-2023-d18"] for r in json.loads(out)]
        assert 1 == code
        assert [[("year", "2023-12-31", "not_in_force")]] * 4 == [
            [(e["field"], e["value"], e["code"]) for e in p["errors"]] for p in programmes
        ]


class TestTargets:
    def test_qd167_quota_and_target(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``targets`` judges Decision 167's quota and its target over the pilots."""
        code, out, _ = _run(["targets", PILOTS_JSON, *DAY, "--format", "json"], capsys)

        rules = {(r["program"], r["id"]): r for r in json.loads(out)}
        province = "Tỉnh miền núi phía Bắc (minh họa)"
        assert 0 == code
        # 4 pilots in one province ≤ 5.
        assert [(province, "met", 4)] == [
            (g["group"], g["outcome"], g["count"]) for g in rules["qd167-2021", "quota"]["groups"]
        ]
        # Totals 67, 71, 76, 79 under Circular 01/2020: all khá, 0 of 4 tốt.
        assert [(province, "not_met", 0, 4)] == [
            (g["group"], g["outcome"], g["count"], g["total"])
            for g in rules["qd167-2021", "target_tot"]["groups"]
        ]

    def test_resolution_106_share(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Resolution 106 counts the sector-A pilots rated tốt or khá."""
        _, out, _ = _run(["targets", PILOTS_JSON, *DAY, "--format", "json"], capsys)

        rules = {(r["program"], r["id"]): r for r in json.loads(out)}
        # HTX-01..03 are sector A, each khá: 3 / 3 = 100 % ≥ 60 %; HTX-04 is sector G.
        assert [(None, "met", 3, 3)] == [
            (g["group"], g["outcome"], g["count"], g["total"])
            for g in rules["nq106-2023", "target_tot_kha"]["groups"]
        ]

    def test_ranking_of_the_pilots(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The Điều 18 ranking puts the pilot with most members first."""
        _, out, _ = _run(["targets", PILOTS_JSON, *DAY, "--format", "json"], capsys)

        rules = {(r["program"], r["id"]): r for r in json.loads(out)}
        # Members: HTX-03 318, HTX-02 132, HTX-04 95, HTX-01 46.
        assert [("HTX-03", 1), ("HTX-02", 2), ("HTX-04", 3), ("HTX-01", 4)] == [
            (e["id"], e["rank"]) for e in rules["luat-htx-2023-d18", "ranking"]["ranking"]
        ]

    def test_candidate_missing_a_ranking_key(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A candidate lacking a ranking key is listed unranked with the key named, not a crash."""
        records = [
            {
                "id": "THIEU",
                "year": 2024,
                "kind": "htx",
                "prohibited_act_sanction_active": False,
                "criminal_judgment_active": False,
                "trained_members_in_year": True,
                "members": 100,
            }
        ]

        code, out, _ = _run(
            [
                "targets",
                _write(tmp_path, records),
                "--program",
                "luat-htx-2023-d18",
                "--format",
                "json",
            ],
            capsys,
        )

        ranking = json.loads(out)[0]["ranking"]
        assert 0 == code
        assert [("THIEU", None)] == [(e["id"], e["rank"]) for e in ranking]
        assert "members_disabled" in ranking[0]["missing"]
