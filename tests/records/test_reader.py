"""Tests for `coopeval.records.reader`: the generated reader reads every value as the parsers do.

The oracle is the plain loop the generated code replaces: each field's own
`parser` (`coopeval.records.values`), with blank values missing and a required
one an issue. Values, their exact form (``12.50`` stays ``12.50``) and the issues
must agree for any raw value, plain or not, in both kinds of text.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from coopeval.expr.missing import MissingValue
from coopeval.records import RecordSchema
from coopeval.records.values import Invalid, parser
from coopeval.ruleset.base import Choice, Input, Text

LABEL = Text("nhãn", "label")
INPUTS = (
    Input("amount", "decimal", LABEL, unit="VND", at_least=Decimal(0)),
    Input("share_pct", "decimal", LABEL, unit="%", at_least=Decimal(0), at_most=Decimal(100)),
    Input("profit", "decimal", LABEL, unit="VND"),
    Input("months", "int", LABEL, at_least=Decimal(0), at_most=Decimal(12)),
    Input("year", "int", LABEL, required=True, at_least=Decimal(2020), at_most=Decimal(2100)),
    Input("flag", "bool", LABEL),
    Input("day", "date", LABEL),
    Input("note", "text", LABEL),
    Input(
        "kind",
        "enum",
        LABEL,
        values=("htx", "lien_hiep", "Htx"),  # "Htx" folds onto "htx": never read as itself
        choices={"lien_hiep": Choice("Liên hiệp", "Union")},
    ),
)
NAMES = [spec.name for spec in INPUTS]

#: Raw values near every fast path's edges: digits, decimals with 1-3 places,
#: leading zeros, signs, spaces, Vietnamese notation, words, codes, and non-strings.
TEXTS = st.one_of(
    st.from_regex(r"\A[+-]?[0-9]{0,32}(\.[0-9]{0,4})?\Z"),
    st.from_regex(r"\A[0-9]{1,4}([.,][0-9]{1,3}){0,3}( ?%| tỷ| triệu)?\Z"),
    st.sampled_from(
        [
            *["", " ", " 12", "12 ", "０", "1_000", "true", "false", "1", "0", "yes", "Có", "x"],
            *["htx", "Htx", "HTX", "lien_hiep", "Liên hiệp", "lien hiep", "union", "other"],
            *["2024-05-01", "01/05/2024", "31/02/2024", "=A1", "nan", "1e3", "12.5", "12.50"],
        ]
    ),
    st.text(max_size=6),
)
RAW = st.one_of(
    TEXTS,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**32), max_value=10**32),
    st.decimals(allow_nan=True, allow_infinity=True, places=3),
    st.floats(),
    st.just({}),
    st.just([1]),
)

#: Each field's own likely values, so every fast path is hit often.
OWN = {
    "flag": st.sampled_from(["true", "false", "1", "0", "True", " 0", True, False, 1, 0]),
    "kind": st.sampled_from(["htx", "Htx", "lien_hiep", "Liên hiệp", "LIEN_HIEP", "x"]),
    "months": st.sampled_from(["6", "6.5", "6.0", "12", "13", "-1", 6, 13, "06"]),
    "year": st.sampled_from(["2024", 2024, "2019", 2101, "2024.0", "2024,0"]),
    "share_pct": st.sampled_from(["36.72", "36,72", "36.720", "100.01", "100", "1.5%", "-0.5"]),
    "profit": st.sampled_from(["-0.0", "-0.00", "+0.5", "-12.5", "+3.25", "-1.234", "- 1.5"]),
    "day": st.sampled_from(
        ["2024-05-01", "2024-02-30", "01/05/2024", " 2024-05-01", "２０２４-０５-０１", "2024-5-1"]
    ),
}


def oracle(
    record: Mapping[str, Any], cells: bool, powers: Mapping[str, int]
) -> tuple[list[Any], list[tuple[str, str, str]]]:
    """Each field through its own parser, as the reader did before it was generated."""
    schema = RecordSchema(INPUTS, {})
    values: list[Any] = []
    issues: list[tuple[str, str, str]] = []
    for spec, missing in zip(INPUTS, schema.missing, strict=True):
        raw = record.get(spec.name)
        if raw is None or raw == "" or (isinstance(raw, str) and not raw.strip()):
            if spec.required:
                issues.append((spec.name, "required", "required field is missing"))
            values.append(missing)
            continue
        try:
            values.append(parser(spec)(raw, cells, powers.get(spec.name, 0)))
        except Invalid as exc:
            issues.append((spec.name, exc.args[1], exc.args[0]))
            values.append(missing)
    return values, issues


def same(a: Any, b: Any) -> bool:
    """Equal, of the same type, and for decimals written alike (12.50 is not 12.5)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, MissingValue):
        return a is b or a.name == b.name
    if isinstance(a, Decimal):
        return str(a) == str(b)
    return bool(a == b)


@example(record={"profit": "-0.0"}, cells=True, powers={})  # a cell's -0.0 is 0.0
@example(record={"profit": "-0.0"}, cells=False, powers={})  # JSON text keeps the sign
@example(record={"months": "6.5", "day": "2024-02-30"}, cells=True, powers={})
@example(record={"amount": "12.5", "kind": "Htx"}, cells=False, powers={"amount": 6})
@given(
    record=st.fixed_dictionaries(
        {}, optional={n: st.one_of(OWN[n], RAW) if n in OWN else RAW for n in NAMES}
    ),
    cells=st.booleans(),
    powers=st.fixed_dictionaries({}, optional={"amount": st.sampled_from([3, 6, 9])}),
)
def test_generated_reader_reads_as_the_parsers(
    record: dict[str, Any], cells: bool, powers: dict[str, int]
) -> None:
    if cells:  # spreadsheet rows hold text or nothing
        record = {k: v for k, v in record.items() if v is None or isinstance(v, str)}
    expected_values, expected_issues = oracle(record, cells, powers)
    parsed = RecordSchema(INPUTS, {}).parse({"id": "HTX-1", **record}, cells=cells, powers=powers)
    assert len(expected_values) == len(parsed.values)
    for name, want, got in zip(NAMES, expected_values, parsed.values, strict=True):
        assert same(want, got), (name, record.get(name), want, got)
    assert expected_issues == [(i.field, i.code, i.message) for i in parsed.issues]


def test_plain_forms_are_read_by_the_fast_paths_too() -> None:
    """Hand-picked plain values: what each means, written out."""
    parsed = RecordSchema(INPUTS, {}).parse(
        {
            "id": "HTX-1",
            "amount": "1450000000",
            "share_pct": "36.72",
            "profit": -12,
            "months": "12",
            "year": 2024,
            "flag": "false",
            "kind": "lien_hiep",
        },
        cells=True,
    )
    assert [] == list(parsed.issues)
    assert Decimal("1450000000") == parsed.values[0]
    assert "36.72" == str(parsed.values[1])
    assert Decimal(-12) == parsed.values[2]
    assert Decimal(12) == parsed.values[3]
    assert parsed.values[5] is False
    assert "lien_hiep" == parsed.values[8]


def test_a_whole_number_field_refuses_a_decimal_written_plainly() -> None:
    parsed = RecordSchema(INPUTS, {}).parse({"id": "HTX-1", "year": 2024, "months": "6.5"})
    assert [("months", "type")] == [(i.field, i.code) for i in parsed.issues]
