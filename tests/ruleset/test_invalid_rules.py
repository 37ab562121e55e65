"""The corpus of broken rule files: each raises its own error, located and explained.

Every file in ``tests/ruleset/invalid_rules/`` is a small, otherwise valid rule set with
exactly one defect (``two_defects.toml`` has two on purpose). The table below
says, for each file, which error it must raise and what the message must name:
the key path, the offending value and, where there is one, the fix or the
nearest valid name. Expectations are written from the files, never copied from
the code's output.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import attrs
import pytest

from coopeval import errors, load
from coopeval.errors import (
    BandError,
    ExpressionError,
    RuleFileError,
    RuleSchemaError,
    RuleSetError,
    RuleSetProblems,
    RuleSyntaxError,
    TotalsError,
    UnknownFieldError,
)
from coopeval.messages import in_lang
from tests.ruleset.test_catalogue import CASES as CATALOGUE_CASES
from tests.ruleset.test_load import UNREADABLE

CORPUS = Path(__file__).resolve().parent / "invalid_rules"


@attrs.frozen
class Case:
    """One broken file and what its error message must contain."""

    name: str
    error: type[RuleSetError]
    #: The key path, or ``file:line:column`` for a TOML syntax error.
    path: str
    #: The offending value, as the message quotes it.
    value: str
    #: The fix or suggestion the message must offer, when there is one.
    hint: str | None = None

    @property
    def file(self) -> Path:
        """Where the broken file lives."""
        return CORPUS / f"{self.name}.toml"


CASES = [
    # --- TOML syntax -------------------------------------------------------------
    Case("toml_syntax_error", RuleSyntaxError, "toml_syntax_error.toml:105:9", "'max = 2 0'"),
    # --- limits: refused before the cost they guard against --------------------------
    Case(
        "nested_too_deep",
        RuleSyntaxError,
        "nested_too_deep.toml:109:43",
        "'example = [[[[",
        "deeper than 32 levels",
    ),
    Case(
        "number_too_long",
        RuleSyntaxError,
        "number_too_long.toml:105",
        "the number 20000000000000000000… has 5001 digits",
        "at most 30 significant digits",
    ),
    # --- schema: keys and types --------------------------------------------------
    Case("unknown_key", RuleSchemaError, "$.items[2].unti", "'unti'", "(did you mean 'unit'?)"),
    Case(
        "misspelt_required_key",
        RuleSchemaError,
        "$.items[3].maxx",
        "'maxx'",
        "(did you mean 'max'?)",
    ),
    Case(
        "unknown_band_key",
        RuleSchemaError,
        "$.items[2].bands[1].lowr",
        "'lowr'",
        "(did you mean 'lower'?)",
    ),
    Case("missing_key", RuleSchemaError, "$.items[2].citation", "required key missing"),
    Case("wrong_type", RuleSchemaError, "$.items[2].max", "'twenty'", "expected a number"),
    Case(
        "wrong_literal",
        RuleSchemaError,
        "$.groups[0].status",
        "'confirmd'",
        "(did you mean 'confirmed'?)",
    ),
    Case("wrong_date", RuleSchemaError, "$.ruleset.document.effective_from", "'1/4/2020'"),
    Case("not_a_number", RuleSchemaError, "$.items[2].bands[2].points", "NaN", "finite number"),
    Case("unknown_axis_kind", RuleSchemaError, "$.classifications[0]", "'enum'", "'thresholds'"),
    # --- schema: values the validator refuses ------------------------------------
    Case("bad_ruleset_id", RuleSchemaError, "$.ruleset.id", "'mini rules'"),
    Case(
        "effective_to_before_from",
        RuleSchemaError,
        "$.ruleset.document.effective_to",
        "2019-12-31",
        "2020-04-01",
    ),
    Case("enum_without_values", RuleSchemaError, "$.inputs.award_level.values", "'enum'"),
    Case("input_name_key", RuleSchemaError, "$.inputs.members.name", "'revenue'", "remove the key"),
    Case("input_bounds_reversed", RuleSchemaError, "$.inputs.revenue.at_most", "at_most -5"),
    Case("empty_citation", RuleSchemaError, "$.items[2].citation", "'c02'", "empty citation"),
    Case("unknown_group", RuleSchemaError, "$.criteria[0].group", "'III'", "(did you mean 'II'?)"),
    Case("duplicate_id", RuleSchemaError, "$.items[1].id", "'c01a'"),
    # --- classification axes with dates and ordered classes ------------------------
    Case(
        "axis_ends_before_it_starts",
        RuleSchemaError,
        "$.classifications[0].effective_to",
        "2024-10-31",
        "2024-11-01",
    ),
    Case(
        "axis_without_classes", RuleSchemaError, "$.classifications[0].classes", "'size'", "all_of"
    ),
    Case(
        "class_with_two_labels",
        RuleSchemaError,
        "$.classifications[0].classes[1].label",
        "'nho'",
        "nhỏ",
    ),
    Case(
        "class_condition_not_bool",
        ExpressionError,
        "$.classifications[0].classes[0].all_of[0]",
        "'official_members + 50'",
    ),
    Case(
        "override_unknown_rating",
        RuleSchemaError,
        "$.overrides[0].rating",
        "'yeuu'",
        "(did you mean 'yeu'?)",
    ),
    Case("rounding_places", RuleSchemaError, "$.items[2].rounding.places", "places 12"),
    Case(
        "band_edge_too_precise",
        RuleSchemaError,
        "$.items[2].bands[2].upper",
        "1234567890123456789012345678901",
        "at most 30 significant digits",
    ),
    Case(
        "invisible_id",
        RuleSchemaError,
        "$.items[2].id",
        "'c02\\u200b' holds U+200B (ZERO WIDTH SPACE) at position 4",
        "type it again without it",
    ),
    Case(
        "space_in_code",
        RuleSchemaError,
        "$.inputs.award_level.values[0]",
        "'no award' holds a space at position 3",
        "use '_' instead",
    ),
    # --- bands -------------------------------------------------------------------
    Case("band_gap", BandError, "$.items[2].bands[1].lower", "[10, 12)", "set lower = 10"),
    Case("band_overlap", BandError, "$.items[2].bands[1].lower", "lower 8", "set lower = 10"),
    Case("band_reversed", BandError, "$.items[2].bands[1]", "[10, 5)"),
    Case("band_open_in_middle", BandError, "$.items[2].bands[0]", "'upper'"),
    Case("bands_empty", BandError, "$.items[2].bands", "empty"),
    Case("points_above_max", BandError, "$.items[2].bands[2].points", "points 25", "0…20"),
    Case("negative_points", BandError, "$.items[2].bands[0].points", "points -5", "0…20"),
    Case("points_falling", BandError, "$.items[2].bands", "['0', '20', '10']"),
    Case(
        "points_rising_when_lower_is_better",
        BandError,
        "$.items[2].bands",
        "['0', '10', '20']",
        "lower is better",
    ),
    Case("no_band_awards_max", BandError, "$.items[2].bands", "max 20", "the highest is 15"),
    Case("ratings_start_above_zero", BandError, "$.ratings.bands[0].lower", "10", "lower = 0"),
    Case("ratings_stop_below_total", BandError, "$.ratings.bands[2].upper", "100", "open"),
    Case("ratings_gap", BandError, "$.ratings.bands[1].lower", "[50, 55)", "set lower = 50"),
    # --- totals ------------------------------------------------------------------
    Case("criterion_total", TotalsError, "$.criteria[0].max", "max 45", "add up to 40"),
    Case("group_total", TotalsError, "$.groups[1].max", "'II' has max 40", "add up to 35"),
    Case("groups_total", TotalsError, "$.groups", "total 90", "add up to 100"),
    # --- expressions -------------------------------------------------------------
    Case(
        "unknown_input",
        UnknownFieldError,
        "$.items[2].measure",
        "'memebrs'",
        "(did you mean 'members'?)",
    ),
    Case(
        "unknown_classification_input",
        UnknownFieldError,
        "$.classifications[0].input",
        "'award'",
        "(did you mean 'award_level'?)",
    ),
    Case("attribute_access", ExpressionError, "$.items[2].measure", "'revenue.real'"),
    Case("subscript", ExpressionError, "$.items[2].measure", "'revenue[0]'"),
    Case("lambda", ExpressionError, "$.items[2].measure", "'lambda: revenue'"),
    Case(
        "comprehension", ExpressionError, "$.items[2].measure", "'[m for m in (members, revenue)]'"
    ),
    Case("underscore_name", ExpressionError, "$.items[2].measure", "'__builtins__'"),
    Case("call_import", ExpressionError, "$.items[2].measure", "'__import__'", "allowed: min"),
    Case("call_open", ExpressionError, "$.items[2].measure", "'open'", "allowed: min"),
    Case(
        "oversized_literal",
        ExpressionError,
        "$.items[2].measure",
        "'1234567890123456789012345678901'",
        "at most 30 digits",
    ),
    Case(
        "oversized_exponent", ExpressionError, "$.items[2].measure", "'members ** 100'", "0 to 10"
    ),
    Case("deep_nesting", ExpressionError, "$.items[2].measure", "'members + 1 + 1", "30 levels"),
    Case("measure_is_bool", ExpressionError, "$.items[2].measure", "'members > 100'", "number"),
    Case(
        "number_compared_with_text",
        ExpressionError,
        "$.items[2].measure",
        "'1 if members > \"x\" else 0'",
        "needs number",
    ),
    Case(
        "enum_unknown_value",
        ExpressionError,
        "$.items[3].measure",
        "'natinal'",
        "(did you mean 'national'?)",
    ),
    Case("expression_syntax", ExpressionError, "$.items[2].measure", "'members +'"),
    Case(
        "divide_by_zero",
        ExpressionError,
        "$.items[2].measure",
        "the divisor '1 - 1' is always 0",
        "division by zero",
    ),
]

#: Line numbers counted by hand in the corpus files.
LINES = [
    ("toml_syntax_error", 105),
    ("unknown_key", 106),
    ("misspelt_required_key", 119),
    ("missing_key", 101),
    ("band_gap", 111),
    ("ratings_gap", 41),
    ("groups_total", 49),
    ("duplicate_id", 87),
    ("override_unknown_rating", 132),
    ("unknown_input", 108),
    ("input_name_key", 20),
    ("nested_too_deep", 109),
    ("number_too_long", 105),
    ("band_edge_too_precise", 112),
    ("invisible_id", 102),
    ("space_in_code", 26),
    ("divide_by_zero", 108),
]


class TestLoad:
    """`coopeval.load` over the broken rule files."""

    @pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
    def test_invalid_rule_file(self, case: Case) -> None:
        """Each broken file raises its own error class, naming file, place, value and fix."""
        with pytest.raises(RuleSetError) as info:
            load(case.file)
        message = str(info.value)

        assert case.error is type(info.value)
        assert case.file.name in message
        assert f"{case.path}: " in message
        assert case.value in message
        if case.hint is not None:
            assert case.hint in message

    @pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
    def test_error_attributes(self, case: Case) -> None:
        """The error carries the file and key path as attributes as well as in the text."""
        with pytest.raises(RuleSetError) as info:
            load(case.file)

        assert str(case.file) == info.value.file
        if case.path.startswith("$"):
            assert case.path == info.value.path

    @pytest.mark.parametrize(("name", "line"), LINES)
    def test_line_number(self, name: str, line: int) -> None:
        """The message starts with ``file:LINE:`` for the line holding the defect."""
        file = CORPUS / f"{name}.toml"

        with pytest.raises(RuleSetError) as info:
            load(file)

        assert str(info.value).startswith(f"{file}:{line}:")
        assert line == info.value.line

    def test_every_error_class_has_a_file(self) -> None:
        """Every concrete rule-file error except RuleSetProblems has a file (or catalogue, or
        for a path that is no rule file, a case made in tmp_path by test_load)."""
        classes = {
            cls
            for _, cls in inspect.getmembers(errors, inspect.isclass)
            if issubclass(cls, RuleSetError) and cls not in (RuleSetError, RuleSetProblems)
        }

        unreadable = {RuleFileError for _ in UNREADABLE}

        assert (
            classes
            == {case.error for case in CASES} | {c.error for c in CATALOGUE_CASES} | unreadable
        )

    def test_table_lists_every_file(self) -> None:
        """The table and the folder agree: no file is untested, no case lacks its file."""
        on_disk = {path.stem for path in CORPUS.glob("*.toml")}

        assert on_disk == {case.name for case in CASES} | {"two_defects"}

    def test_every_file_declares_its_error_on_line_one(self) -> None:
        """Line 1 of each file is an ``# expect: <class> | <path>`` comment matching the table."""
        for case in CASES:
            first = case.file.read_text(encoding="utf-8").splitlines()[0]

            assert first.startswith(f"# expect: {case.error.__name__} | ")

    def test_two_defects_are_reported_together(self) -> None:
        """A file with a band gap and an empty citation raises RuleSetProblems listing both."""
        file = CORPUS / "two_defects.toml"

        with pytest.raises(RuleSetProblems, match=r"^2 problems in rule set:") as info:
            load(file)
        problems = info.value.problems
        message = str(info.value)

        assert {BandError, RuleSchemaError} == {type(p) for p in problems}
        assert {"$.items[2].bands[1].lower", "$.items[3].citation"} == {p.path for p in problems}
        assert f"{file}:111: $.items[2].bands[1].lower: gap: values in [10, 12)" in message
        assert f"{file}:120: $.items[3].citation: rule 'c03' has an empty citation" in message
        assert in_lang(info.value, "vi").startswith("2 lỗi trong bộ quy tắc:\n  - ")
