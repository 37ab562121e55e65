"""Loading rule files: the bundled rule set, exact numbers, NFC text and the converter."""

# The style guide (STYLE.md section 11) wants `expected == actual`; SIM300 wants the
# reverse. The guide wins in tests.

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopeval.errors import RuleSchemaError, RuleSetProblems, RuleSyntaxError
from coopeval.ruleset.base import Text
from coopeval.ruleset.convert import rule_converter
from coopeval.ruleset.load import load_ruleset
from coopeval.ruleset.model import RuleSet
from coopeval.ruleset.scorecard import Band, Item
from coopeval.suggest import suggest

ROOT = Path(__file__).resolve().parents[2]
TT01 = ROOT / "rules" / "tt01-2020" / "ruleset.toml"
#: A small rule file that structures cleanly (its one defect is found by validation only).
SMALL = Path(__file__).resolve().parent / "invalid_rules" / "band_gap.toml"


def item(ruleset: RuleSet, id_: str) -> Item:
    """The item with id ``id_``."""
    return next(i for i in ruleset.scorecard.items if i.id == id_)


def numbers(value: object) -> list[object]:
    """Every number (int, float or Decimal, not bool) anywhere inside an attrs object."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float | Decimal):
        return [value]
    cls = type(value)
    if attrs.has(cls):
        return [n for f in attrs.fields(cls) for n in numbers(getattr(value, f.name))]
    if isinstance(value, tuple):
        return [n for v in value for n in numbers(v)]
    return []


def write(tmp_path: Path, text: str) -> Path:
    """Save ``text`` as a UTF-8 rule file in ``tmp_path``."""
    file = tmp_path / "ruleset.toml"
    file.write_text(text, encoding="utf-8")
    return file


class TestLoadRuleset:
    """`load_ruleset`: read and structure one rule file."""

    def test_bundled_rule_set(self) -> None:
        """The bundled tt01-2020 file loads with its header, groups and 23 items."""
        ruleset = load_ruleset(TT01)

        assert "tt01-2020" == ruleset.header.id
        assert "01/2020/TT-BKHĐT" == ruleset.header.document.id
        assert dt.date(2020, 4, 1) == ruleset.header.document.effective_from
        assert None is ruleset.header.document.effective_to
        assert Decimal(100) == ruleset.header.total
        assert [("I", Decimal(30)), ("II", Decimal(30)), ("III", Decimal(40))] == [
            (g.id, g.max) for g in ruleset.scorecard.groups
        ]
        assert 23 == len(ruleset.scorecard.items)
        assert ["yeu", "trung_binh", "kha", "tot"] == [
            r.id for r in ruleset.scorecard.ratings.bands
        ]

    def test_folder_means_its_ruleset_file(self) -> None:
        """A folder is read as the ``ruleset.toml`` inside it."""
        ruleset = load_ruleset(TT01.parent)

        assert str(TT01) == ruleset.source

    def test_inputs_keep_their_table_names(self) -> None:
        """``[inputs.<name>]`` tables become inputs named after the table, in file order."""
        inputs = load_ruleset(TT01).inputs

        assert ("year", "int", True) == (inputs[0].name, inputs[0].type, inputs[0].required)
        assert ("award_level", ("none", "district", "province", "national")) == (
            inputs[-1].name,
            inputs[-1].values,
        )

    def test_decimal_band_edge(self) -> None:
        """c04b's 2.5 % edge is the Decimal 2.5, not the float 2.5."""
        bands = item(load_ruleset(TT01), "c04b").bands

        assert (
            Band(points=Decimal(0), upper=Decimal("2.5")),
            Band(points=Decimal(1), lower=Decimal("2.5"), upper=Decimal(5)),
            Band(points=Decimal(2), lower=Decimal(5)),
        ) == bands
        assert Decimal is type(bands[0].upper)
        assert Decimal is type(bands[1].lower)

    def test_underscored_integers(self) -> None:
        """``1_000_000_000`` (one tỷ) in c02a's bands is read exactly."""
        bands = item(load_ruleset(TT01), "c02a").bands

        assert Decimal(1_000_000_000) == bands[4].lower
        assert Decimal(3_000_000_000) == bands[4].upper

    def test_no_float_anywhere(self) -> None:
        """Every number in the bundled rule set is a Decimal, apart from whole-number counts."""
        found = numbers(load_ruleset(TT01))
        kinds = {type(n) for n in found}

        assert {Decimal} == kinds - {int}
        assert [] == [n for n in found if isinstance(n, float)]

    def test_sha256_of_the_bytes(self) -> None:
        """The recorded SHA-256 is that of the file's bytes."""
        ruleset = load_ruleset(TT01)

        assert hashlib.sha256(TT01.read_bytes()).hexdigest() == ruleset.sha256

    def test_text_is_kept(self) -> None:
        """The rule set keeps its source text, for locating problems later."""
        assert TT01.read_text(encoding="utf-8") == load_ruleset(TT01).text

    def test_nfc_normalisation(self, tmp_path: Path) -> None:
        """A label written in decomposed (NFD) Vietnamese is read in composed (NFC) form."""
        composed = "Doanh thu bình quân thành viên"
        decomposed = unicodedata.normalize("NFD", composed)
        text = SMALL.read_text(encoding="utf-8").replace(composed, decomposed)
        assert decomposed in text
        assert len(composed) < len(decomposed)

        ruleset = load_ruleset(write(tmp_path, text))

        assert Text(composed, "Revenue per member") == item(ruleset, "c01b").label
        assert len(composed) == len(item(ruleset, "c01b").label.vi)

    def test_bool_is_not_a_number(self, tmp_path: Path) -> None:
        """``total = true`` is refused: a bool is not a number, though Python says True == 1."""
        text = SMALL.read_text(encoding="utf-8").replace("total = 100", "total = true")

        with pytest.raises(RuleSchemaError, match=r"\$\.ruleset\.total: expected an exact number"):
            load_ruleset(write(tmp_path, text))

    @pytest.mark.parametrize("literal", ["nan", "inf", "-inf", '"NaN"', '"Infinity"'])
    def test_non_finite_numbers(self, tmp_path: Path, literal: str) -> None:
        """NaN and infinity, bare or quoted, are refused as numbers."""
        text = SMALL.read_text(encoding="utf-8").replace("total = 100", f"total = {literal}")

        with pytest.raises(RuleSchemaError, match=r"\$\.ruleset\.total: expected a finite number"):
            load_ruleset(write(tmp_path, text))

    def test_every_schema_problem_at_once(self, tmp_path: Path) -> None:
        """Two schema problems in one file are both reported, each with its own path."""
        text = SMALL.read_text(encoding="utf-8")
        text = text.replace("total = 100", 'total = "all"').replace(
            'status = "provisional"', 'status = "draft"', 1
        )

        with pytest.raises(RuleSetProblems) as info:
            load_ruleset(write(tmp_path, text))

        assert ["$.ruleset.total", "$.items[0].status"] == [p.path for p in info.value.problems]

    def test_syntax_error_names_line_and_column(self, tmp_path: Path) -> None:
        """A TOML syntax error gives ``file:line:column`` and quotes the line."""
        file = write(tmp_path, '[ruleset]\nid = "x"\ntitle = \n')

        with pytest.raises(RuleSyntaxError) as info:
            load_ruleset(file)

        assert str(info.value).startswith(f"{file}:3:9: TOML syntax error: ")
        assert str(info.value).endswith("the line reads 'title = '")
        assert 3 == info.value.line

    def test_duplicate_key_is_a_syntax_error(self, tmp_path: Path) -> None:
        """A key given twice in one table is refused by the TOML parser, with its line."""
        file = write(tmp_path, '[ruleset]\nid = "x"\nid = "y"\n')

        with pytest.raises(RuleSyntaxError, match=r":3:\d+: TOML syntax error"):
            load_ruleset(file)

    def test_not_utf8(self, tmp_path: Path) -> None:
        """A file that is not UTF-8 is refused with the offset of the first bad byte."""
        file = tmp_path / "ruleset.toml"
        file.write_bytes(b'[ruleset]\nid = "H\xe0 N\xf4i"\n')

        with pytest.raises(RuleSyntaxError, match=r"not UTF-8 text at byte 17; save the file"):
            load_ruleset(file)

    def test_missing_file(self, tmp_path: Path) -> None:
        """A file that cannot be read is a rule-set error naming it."""
        file = tmp_path / "absent.toml"

        with pytest.raises(RuleSchemaError, match=r"absent\.toml: cannot read rule file"):
            load_ruleset(file)


class TestRuleConverter:
    """`rule_converter`: the cattrs converter with exact, strict hooks."""

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            (7, Decimal(7)),
            (Decimal("2.5"), Decimal("2.5")),
            ("2.5", Decimal("2.5")),
            ("1_000", Decimal(1000)),
            (" -3 ", Decimal(-3)),
        ],
    )
    def test_decimal_accepts(self, raw: object, expected: Decimal) -> None:
        """Whole numbers, Decimals and numeric text become the exact Decimal."""
        result = rule_converter.structure(raw, Decimal)

        assert expected == result
        assert Decimal is type(result)

    @pytest.mark.parametrize(
        ("raw", "message"),
        [
            (True, "expected an exact number, got True"),
            (False, "expected an exact number, got False"),
            (2.5, "expected an exact number, got 2.5"),
            ("ten", "expected a number, got 'ten'"),
            (None, "expected a number, got None"),
            (Decimal("NaN"), "expected a finite number, got Decimal('NaN')"),
            (Decimal("-Infinity"), "expected a finite number, got Decimal('-Infinity')"),
            ("nan", "expected a finite number, got 'nan'"),
        ],
    )
    def test_decimal_refuses(self, raw: object, message: str) -> None:
        """Bools, floats, non-numeric text and non-finite numbers are refused, quoting the value."""
        with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
            rule_converter.structure(raw, Decimal)

    @given(st.decimals(allow_nan=False, allow_infinity=False))
    def test_decimal_round_trip(self, value: Decimal) -> None:
        """Any finite Decimal, or its text, comes back exactly, digits and exponent."""
        assert value.as_tuple() == rule_converter.structure(value, Decimal).as_tuple()
        assert value.as_tuple() == rule_converter.structure(str(value), Decimal).as_tuple()

    @pytest.mark.parametrize(
        ("raw", "kind", "message"),
        [
            (True, int, "expected a whole number, got True"),
            (2.0, int, "expected a whole number, got 2.0"),
            (1, bool, "expected true or false, got 1"),
            (5, str, "expected text, got 5"),
        ],
    )
    def test_strict_types(self, raw: object, kind: Any, message: str) -> None:
        """Whole numbers, bools and text are never converted from another type."""
        with pytest.raises(ValueError, match=f"^{message}$"):
            rule_converter.structure(raw, kind)

    def test_dates(self) -> None:
        """A TOML date, or ISO text, is a date; a date-time is not."""
        assert dt.date(2020, 4, 1) == rule_converter.structure(dt.date(2020, 4, 1), dt.date)
        assert dt.date(2020, 4, 1) == rule_converter.structure("2020-04-01", dt.date)
        with pytest.raises(ValueError, match="expected a date YYYY-MM-DD"):
            rule_converter.structure(dt.datetime(2020, 4, 1, 8, 0), dt.date)


class TestSuggest:
    """`suggest`: the closest valid name, or nothing when none is close."""

    @pytest.mark.parametrize(
        ("word", "choices", "expected"),
        [
            ("maxx", ["max", "min", "measure"], " (did you mean 'max'?)"),
            ("revenu", ["revenue", "members"], " (did you mean 'revenue'?)"),
            ("xyz", ["max", "min"], ""),
            ("max", [], ""),
        ],
    )
    def test_suggest(self, word: str, choices: list[str], expected: str) -> None:
        """A near miss gets the closest name; a distant word gets no suggestion."""
        assert expected == suggest(word, choices)
