"""Tests for `coopeval.records.schema`: reading raw records into typed, bounded values.

Expected values are written by hand from the input declarations (``inputs.md``
and the ``[inputs]`` tables of the rule file), never produced by the code.
"""

# The style guide (STYLE.md section 11) wants `expected == actual`; SIM300 wants the
# reverse. The guide wins in tests.

from __future__ import annotations

import copy
import datetime as dt
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import coopeval
from coopeval.expr.missing import MissingValue
from coopeval.records import ParsedRecord, RecordSchema, flatten, record_converter
from coopeval.ruleset.base import Choice, Input, Text
from tests.strategies import inputs, values

LABEL = Text("nhãn", "label")

AMOUNT = Input("amount", "decimal", LABEL, unit="VND", at_least=Decimal(0))
SHARE = Input("share_pct", "decimal", LABEL, unit="%", at_least=Decimal(0), at_most=Decimal(100))
PROFIT = Input("profit", "decimal", LABEL, unit="VND")
MONTHS = Input("months", "int", LABEL, at_least=Decimal(0), at_most=Decimal(12))
YEAR = Input("year", "int", LABEL, required=True, at_least=Decimal(2020), at_most=Decimal(2100))
FLAG = Input("flag", "bool", LABEL)
DAY = Input("day", "date", LABEL)
NAME = Input("name_text", "text", LABEL)
KIND = Input("kind", "enum", LABEL, values=("htx", "lien_hiep"))
ALL = (AMOUNT, SHARE, PROFIT, MONTHS, YEAR, FLAG, DAY, NAME, KIND)
#: Self-assessed items and their maxima.
ITEMS = {"c01a": Decimal(6), "c04b": Decimal(2)}
SCHEMA = RecordSchema(ALL, ITEMS)


def parse(**fields: Any) -> ParsedRecord:
    """Parse a record with an id, a year and ``fields``."""
    return SCHEMA.parse({"id": "HTX-1", "year": 2024, **fields})


def value_of(parsed: ParsedRecord, name: str) -> Any:
    """The parsed value of one input."""
    return parsed.values[[spec.name for spec in ALL].index(name)]


def issues_of(parsed: ParsedRecord) -> list[tuple[str, str | None, str, str]]:
    """Each issue as (field, value, code, allowed)."""
    return [(i.field, i.value, i.code, i.allowed) for i in parsed.issues]


class TestFlatten:
    """`flatten`: nested self-assessed points to dotted keys."""

    def test_nested_self_scores(self) -> None:
        """``{"self_score": {"c01a": 5}}`` becomes ``{"self_score.c01a": 5}``."""
        assert {"id": "A", "self_score.c01a": 5, "self_score.c04b": "1.5"} == flatten(
            {"id": "A", "self_score": {"c01a": 5, "c04b": "1.5"}}
        )

    def test_only_self_scores_nest(self) -> None:
        """Any other object stays one value, so its field gets a type error, not absence."""
        assert {"a": {"b": {"c": 1}, "d": 2}} == flatten({"a": {"b": {"c": 1}, "d": 2}})

    def test_dotted_keys_pass_through(self) -> None:
        """Keys already dotted, as from a CSV header, are kept as they are."""
        assert {"self_score.c01a": "5", "revenue": "1"} == flatten(
            {"self_score.c01a": "5", "revenue": "1"}
        )

    def test_empty_mapping_adds_nothing(self) -> None:
        """An empty nested mapping contributes no key."""
        assert {"id": "A"} == flatten({"id": "A", "self_score": {}})

    def test_lists_are_values(self) -> None:
        """Only mappings are flattened; a list stays one value."""
        assert {"tags": [1, 2]} == flatten({"tags": [1, 2]})

    @given(st.dictionaries(st.sampled_from("abcxyz"), st.integers() | st.text(max_size=3)))
    def test_self_score_round_trip(self, points: dict[str, Any]) -> None:
        """``{"self_score": {x: v}}`` flattens to ``{"self_score.x": v}``, the input unchanged."""
        nested = {"id": "A", "self_score": dict(points)}
        before = copy.deepcopy(nested)

        assert {"id": "A", **{f"self_score.{k}": v for k, v in points.items()}} == flatten(nested)
        assert before == nested


class TestRecordSchema:
    """`RecordSchema.parse`: typed values, bounds, required fields and located issues."""

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("12.50", Decimal("12.50")),
            (" 7 ", Decimal(7)),
            ("1e1", Decimal(10)),
            ("0", Decimal(0)),
            (Decimal("0.1"), Decimal("0.1")),
            (5, Decimal(5)),
            (0.1, Decimal("0.1")),
            ("100", Decimal(100)),
        ],
    )
    def test_decimal(self, raw: Any, expected: Decimal) -> None:
        """Decimal inputs read exactly, from text, int, Decimal or the shortest float text."""
        parsed = parse(share_pct=raw)

        assert [] == issues_of(parsed)
        assert expected == value_of(parsed, "share_pct")
        assert isinstance(value_of(parsed, "share_pct"), Decimal)

    def test_decimal_keeps_every_digit(self) -> None:
        """A 30-digit amount is read with no digit lost."""
        parsed = parse(amount="1234567890123456789012345678.25")

        assert Decimal("1234567890123456789012345678.25") == value_of(parsed, "amount")

    @pytest.mark.parametrize(
        "raw", ["1234567890123456789012345678901", "1e31", "1e-31", "9" * 10_000]
    )
    def test_decimal_beyond_30_digits_is_refused(self, raw: str) -> None:
        """More than 30 significant digits, or a magnitude past 1e±30, is a range issue."""
        parsed = parse(amount=raw)

        assert [("amount", raw[:50], "range")] == [
            (i.field, (i.value or "")[:50], i.code) for i in parsed.issues
        ]

    def test_negative_where_unbounded(self) -> None:
        """An input without bounds takes negative values (a loss)."""
        assert Decimal("-250000000") == value_of(parse(profit="-250000000"), "profit")

    @pytest.mark.parametrize(
        "raw", ["NaN", "nan", "sNaN", "Infinity", "-Infinity", "inf", float("nan"), float("inf")]
    )
    def test_nan_and_infinity_rejected(self, raw: Any) -> None:
        """NaN and infinities are not numbers a record may carry."""
        parsed = parse(profit=raw)

        assert [("profit", str(raw), "type", "−∞…∞")] == issues_of(parsed)

    @pytest.mark.parametrize("raw", ["abc", "1,5", "1.2.3", "", True, False])
    def test_not_a_number(self, raw: Any) -> None:
        """Text that is not a number, and true/false, are type errors; blank is absent."""
        parsed = parse(amount=raw)

        expected = [] if raw == "" else [("amount", str(raw), "type", "0…∞")]
        assert expected == issues_of(parsed)

    @pytest.mark.parametrize(
        ("raw", "expected"), [("3", 3), (3, 3), ("3.0", 3), ("0", 0), ("12", 12), (" 2 ", 2)]
    )
    def test_int(self, raw: Any, expected: int) -> None:
        """Whole numbers read from text or int; 3.0 is the whole number 3."""
        parsed = parse(months=raw)

        assert [] == issues_of(parsed)
        assert Decimal(expected) == value_of(parsed, "months")

    @pytest.mark.parametrize("raw", ["2.5", "0.1", 1.5])
    def test_int_rejects_fractions(self, raw: Any) -> None:
        """A fraction where a whole number is declared is a type error."""
        parsed = parse(months=raw)

        assert [("months", str(raw), "type", "whole number 0…12")] == issues_of(parsed)

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            (True, True),
            (False, False),
            ("true", True),
            ("FALSE", False),
            ("1", True),
            ("0", False),
            (1, True),
            (0, False),
            ("yes", True),
            ("no", False),
            ("có", True),
            ("Có", True),
            ("không", False),
            ("KHÔNG", False),
            ("co", True),
            ("khong", False),
        ],
    )
    def test_bool(self, raw: Any, expected: bool) -> None:
        """Booleans read from true/false, 1/0, yes/no and Vietnamese có/không."""
        parsed = parse(flag=raw)

        assert [] == issues_of(parsed)
        assert expected == value_of(parsed, "flag")

    @pytest.mark.parametrize("raw", ["có", "không"])
    def test_bool_decomposed_vietnamese(self, raw: str) -> None:
        """Có and không typed in decomposed Unicode (NFD, as some input methods emit) still read."""
        decomposed = unicodedata.normalize("NFD", raw)

        parsed = parse(flag=decomposed)

        assert [] == issues_of(parsed)
        assert (raw == "có") == value_of(parsed, "flag")

    @pytest.mark.parametrize("raw", ["maybe", "2", "đúng không", 2])
    def test_bool_rejects_other_text(self, raw: Any) -> None:
        """Anything else where true/false is declared is a type error."""
        parsed = parse(flag=raw)

        assert [("flag", str(raw), "type", "true/false")] == issues_of(parsed)

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("2024-03-01", dt.date(2024, 3, 1)),
            (" 2023-12-31 ", dt.date(2023, 12, 31)),
            (dt.date(2020, 2, 29), dt.date(2020, 2, 29)),
        ],
    )
    def test_date(self, raw: Any, expected: dt.date) -> None:
        """Dates read from ISO YYYY-MM-DD text or a date."""
        parsed = parse(day=raw)

        assert [] == issues_of(parsed)
        assert expected == value_of(parsed, "day")

    @pytest.mark.parametrize(
        "raw", ["01/03/2024", "2023-02-29", "2024-13-01", "hôm nay", "3/1/2024"]
    )
    def test_date_rejects_other_forms(self, raw: Any) -> None:
        """Day-first dates, impossible dates and free text are type errors."""
        parsed = parse(day=raw)

        assert [("day", str(raw), "type", "YYYY-MM-DD")] == issues_of(parsed)

    @pytest.mark.parametrize(("raw", "expected"), [("htx", "htx"), (" lien_hiep ", "lien_hiep")])
    def test_enum(self, raw: str, expected: str) -> None:
        """An enum input takes one of its declared values."""
        parsed = parse(kind=raw)

        assert [] == issues_of(parsed)
        assert expected == value_of(parsed, "kind")

    @pytest.mark.parametrize("raw", ["quy", "hợp tác xã", "1", "h t x"])
    def test_enum_rejects_undeclared(self, raw: str) -> None:
        """A word neither a value nor a declared choice is an enum error listing the values."""
        parsed = parse(kind=raw)

        assert [("kind", raw, "enum", "htx, lien_hiep")] == issues_of(parsed)

    @pytest.mark.parametrize("raw", ["HTX", " Htx ", "LIEN_HIEP"])
    def test_enum_codes_without_case(self, raw: str) -> None:
        """A value's code is read whatever its case and the spaces around it."""
        parsed = parse(kind=raw)

        assert [] == issues_of(parsed)
        assert raw.strip().lower() == value_of(parsed, "kind")

    def test_text(self) -> None:
        """Text inputs are read as text, trimmed."""
        assert "HTX Thành Công" == value_of(parse(name_text=" HTX Thành Công "), "name_text")

    @pytest.mark.parametrize(
        ("field", "raw", "allowed"),
        [
            ("share_pct", "100.01", "0…100"),
            ("share_pct", "-0.01", "0…100"),
            ("share_pct", 150, "0…100"),
            ("amount", "-1", "0…∞"),
            ("months", 13, "whole number 0…12"),
            ("months", -1, "whole number 0…12"),
            ("year", 2019, "whole number 2020…2100"),
            ("year", "2101", "whole number 2020…2100"),
        ],
    )
    def test_out_of_bounds(self, field: str, raw: Any, allowed: str) -> None:
        """A value outside the inclusive bounds is a range error naming field, value and range."""
        parsed = parse(**{field: raw})

        assert [(field, str(raw), "range", allowed)] == issues_of(parsed)

    @pytest.mark.parametrize(
        ("field", "raw"),
        [("share_pct", "0"), ("share_pct", "100"), ("months", 0), ("months", 12), ("year", 2020)],
    )
    def test_bounds_are_inclusive(self, field: str, raw: Any) -> None:
        """Values exactly on at_least or at_most are allowed."""
        assert [] == issues_of(parse(**{field: raw}))

    @pytest.mark.parametrize("raw", [None, "", "   "])
    def test_absent_values_are_missing(self, raw: Any) -> None:
        """None and blank text mean absent: a MissingValue, not an issue."""
        parsed = parse(amount=raw)

        assert [] == issues_of(parsed)
        assert isinstance(value_of(parsed, "amount"), MissingValue)

    def test_required_field_missing(self) -> None:
        """A required input that is absent is an issue naming it."""
        parsed = SCHEMA.parse({"id": "HTX-1"})

        assert [("year", None, "required", "whole number 2020…2100")] == issues_of(parsed)

    @pytest.mark.parametrize("record", [{"year": 2024}, {"id": "  ", "year": 2024}])
    def test_id_required(self, record: Mapping[str, Any]) -> None:
        """Every record needs an id."""
        parsed = SCHEMA.parse(record)

        assert None is parsed.id
        assert ["id"] == [i.field for i in parsed.issues]
        assert ["required"] == [i.code for i in parsed.issues]

    def test_id_is_text(self) -> None:
        """A numeric id is kept as text."""
        assert "1042" == SCHEMA.parse({"id": 1042, "year": 2024}).id

    def test_every_issue_named_at_once(self) -> None:
        """All bad fields of one record are reported together, each with field, value and range."""
        parsed = parse(share_pct="abc", months="13", flag="maybe", kind="x")

        assert [
            ("share_pct", "abc", "type", "0…100"),
            ("months", "13", "range", "whole number 0…12"),
            ("flag", "maybe", "type", "true/false"),
            ("kind", "x", "enum", "htx, lien_hiep"),
        ] == issues_of(parsed)
        assert all(i.message for i in parsed.issues)

    @pytest.mark.parametrize(
        ("scores", "expected"),
        [
            ({"c01a": 5}, (Decimal(5), None)),
            ({"c01a": "5.5", "c04b": "2"}, (Decimal("5.5"), Decimal(2))),
            ({"c01a": 0, "c04b": ""}, (Decimal(0), None)),
        ],
    )
    def test_self_scores(
        self, scores: Mapping[str, Any], expected: tuple[Decimal | None, ...]
    ) -> None:
        """Self-assessed points are read per item in item order; blank means none."""
        parsed = parse(self_score=scores)

        assert [] == issues_of(parsed)
        assert expected == parsed.self_scores

    @pytest.mark.parametrize(
        ("key", "raw", "allowed"),
        [
            ("self_score.c01a", 7, "0…6"),
            ("self_score.c01a", "-0.5", "0…6"),
            ("self_score.c01a", "abc", "0…6"),
            ("self_score.c01a", "NaN", "0…6"),
            ("self_score.c04b", "2.01", "0…2"),
        ],
    )
    def test_self_score_out_of_range(self, key: str, raw: Any, allowed: str) -> None:
        """Self-assessed points outside 0…max, or not numbers, are located issues."""
        parsed = parse(**{key: raw})

        assert [(key, str(raw), "self_score", allowed)] == issues_of(parsed)

    def test_self_score_unknown_item(self) -> None:
        """A self-assessed item the rule set lacks is an issue listing the items."""
        parsed = parse(**{"self_score.c99": 1})

        assert [("self_score.c99", "1", "unknown_item", "c01a, c04b")] == issues_of(parsed)

    def test_meta_fields_carried(self) -> None:
        """Name, province, district and year are carried as text for the result."""
        parsed = parse(name="HTX A", province="Thái Bình")

        assert (("name", "HTX A"), ("province", "Thái Bình"), ("year", "2024")) == parsed.meta

    def test_source_and_row_kept(self) -> None:
        """The source and row given are kept, so issues can point back to them."""
        parsed = SCHEMA.parse({"id": "A", "year": 2024}, "coops.csv", 14)

        assert ("coops.csv", 14) == (parsed.source, parsed.row)

    def test_record_not_modified(self) -> None:
        """Parsing leaves the raw record as it was."""
        record = {"id": "A", "year": "2024", "self_score": {"c01a": "5"}}
        before = copy.deepcopy(record)

        SCHEMA.parse(record)

        assert before == record

    @given(data=st.data())
    def test_valid_values_parse_to_themselves(self, data: st.DataObject) -> None:
        """Any value valid for its declaration parses without issue, typed or as text,
        to the same value."""
        spec = data.draw(inputs())
        raw = data.draw(values(spec, form="typed"))
        text = data.draw(st.booleans())
        schema = RecordSchema((spec,), {})

        parsed = schema.parse({"id": "A", spec.name: _as_text(raw) if text else raw})

        assert [] == issues_of(parsed)
        assert (Decimal(raw) if spec.type in ("int", "decimal") else raw) == parsed.values[0]


def _as_text(raw: Any) -> str:
    """A typed value written as a CSV cell would carry it."""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, Decimal):
        return f"{raw:f}"
    return str(raw)


class TestRecordConverter:
    """`record_converter`: the cattrs hooks that structure raw values."""

    @pytest.mark.parametrize(
        ("raw", "expected"), [("12.50", Decimal("12.50")), (3, Decimal(3)), (0.1, Decimal("0.1"))]
    )
    def test_decimal(self, raw: Any, expected: Decimal) -> None:
        """Numbers structure to exact decimals, keeping written places."""
        assert expected == record_converter.structure(raw, Decimal)

    @pytest.mark.parametrize("raw", ["NaN", "Infinity", "abc", True])
    def test_decimal_rejects(self, raw: Any) -> None:
        """NaN, infinity, text and true/false do not structure to a decimal."""
        with pytest.raises(ValueError, match="expected a"):
            record_converter.structure(raw, Decimal)

    @pytest.mark.parametrize(("raw", "expected"), [("có", True), ("không", False), ("yes", True)])
    def test_bool(self, raw: str, expected: bool) -> None:
        """Vietnamese and English yes/no structure to bool."""
        assert expected == record_converter.structure(raw, bool)

    def test_bool_rejects(self) -> None:
        """Other text does not structure to bool."""
        with pytest.raises(ValueError, match="expected true or false"):
            record_converter.structure("maybe", bool)

    def test_date(self) -> None:
        """ISO text structures to a date."""
        assert dt.date(2024, 3, 1) == record_converter.structure("2024-03-01", dt.date)

    def test_date_rejects(self) -> None:
        """Day-first text does not structure to a date."""
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            record_converter.structure("01/03/2024", dt.date)

    def test_str(self) -> None:
        """Text is trimmed."""
        assert "htx" == record_converter.structure("  htx ", str)


AWARD = Input(
    "award",
    "enum",
    LABEL,
    values=("none", "district", "province"),
    choices={
        "district": Choice("Cấp huyện", "District", ("Huyện",)),
        "province": Choice("Cấp tỉnh", "Province"),
    },
)
CHOOSING = RecordSchema((AWARD,), {})


class TestChoices:
    """Choice columns: a value's code or the words its rule file declares for it."""

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("district", "district"),
            ("Cấp huyện", "district"),
            ("  cấp   HUYỆN ", "district"),  # case and spaces
            ("cap huyen", "district"),  # no diacritics: no other value reads so
            ("Huyện", "district"),
            ("huyen", "district"),
            ("District", "district"),
            ("Cấp tỉnh", "province"),
            ("NONE", "none"),
        ],
    )
    def test_declared_words(self, raw: str, expected: str) -> None:
        """Every declared word means its value, however it is cased, spaced or accented."""
        parsed = CHOOSING.parse({"id": "A", "award": raw}, cells=True)

        assert () == parsed.issues
        assert expected == parsed.values[0]

    def test_unknown_word_lists_the_words(self) -> None:
        """A word no value declares is an enum error whose allowed list names the words."""
        parsed = CHOOSING.parse({"id": "A", "award": "Cấp xã"}, cells=True)

        assert [("award", "Cấp xã", "enum")] == [(i.field, i.value, i.code) for i in parsed.issues]
        assert "none, district (Cấp huyện/District), province (Cấp tỉnh/Province)" == (
            parsed.issues[0].allowed
        )

    def test_no_diacritics_only_where_unambiguous(self) -> None:
        """Two values whose words differ only by accents are told apart only with them."""
        spec = Input(
            "x",
            "enum",
            LABEL,
            values=("a", "b"),
            choices={"a": Choice("Khá", "Fair"), "b": Choice("Kha", "Other")},
        )
        schema = RecordSchema((spec,), {})

        assert "a" == schema.parse({"id": "1", "x": "khá"}).values[0]
        assert "b" == schema.parse({"id": "1", "x": "kha"}).values[0]

    def test_bundled_words(self) -> None:
        """tt01-2020 reads the officers' words of the issue: Hợp tác xã, Sản xuất, Cấp huyện."""
        rules = coopeval.load("tt01-2020")
        record = {"id": "A", "year": "2023", "kind": "Hợp tác xã", "service_type": "Sản xuất"}
        parsed = rules.schema.parse({**record, "award_level": "Cấp huyện"}, cells=True)
        values = dict(zip(rules.names, parsed.values, strict=False))

        assert () == parsed.issues
        assert ("htx", "san_xuat", "district") == (
            values["kind"],
            values["service_type"],
            values["award_level"],
        )


class TestShapes:
    """A value of the wrong shape is a located error for its field, never absent evidence."""

    @pytest.mark.parametrize(
        ("raw", "message"),
        [
            ({}, "expected a number, got an object"),
            ({"value": 1}, "expected a number, got an object"),
            ([1, 2], "expected a number, got a list"),
            ("1_000", "written plainly"),
            ("１２３", "written plainly"),  # full-width digits
        ],
    )
    def test_wrong_shapes(self, raw: Any, message: str) -> None:
        """Objects, lists, underscores and full-width digits are type errors naming the field."""
        parsed = parse(amount=raw)

        assert ["amount"] == [i.field for i in parsed.issues]
        assert "type" == parsed.issues[0].code
        assert message in parsed.issues[0].message

    def test_self_score_object_is_an_error(self) -> None:
        """A self-assessed point that is an object is refused, not skipped."""
        parsed = parse(self_score={"c01a": {"x": 1}})

        assert [("self_score.c01a", "self_score")] == [(i.field, i.code) for i in parsed.issues]

    def test_one_number_reader_for_points(self) -> None:
        """A spreadsheet's self-assessed ``1,5`` is read as every other numeric cell is."""
        parsed = SCHEMA.parse({"id": "A", "year": "2024", "self_score.c04b": "1,5"}, cells=True)

        assert () == parsed.issues
        assert Decimal("1.5") == parsed.self_scores[1]
