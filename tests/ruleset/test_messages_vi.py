"""Rule-file problems in Vietnamese: every one from the catalogue, not only its English.

The English of each problem is what the corpus tests (`test_invalid_rules`) read;
here the same files are said in Vietnamese. The words expected are written by
hand, in the terms a rule author uses (khung điểm, trích dẫn, khóa …).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from coopeval import load
from coopeval.cli import main
from coopeval.errors import RuleSetError, RuleSetProblems, UsageError
from coopeval.expr import ExprProblem, InputInfo, Kind, check
from coopeval.messages import in_lang, said
from coopeval.records.numbers import MAX_DIGITS, TOO_LARGE
from coopeval.ruleset import load_ruleset, validate_ruleset
from coopeval.ruleset.catalogue import Catalogue
from tests.ruleset.test_catalogue import CASES as CATALOGUE_CASES
from tests.ruleset.test_invalid_rules import CORPUS

ROOT = Path(__file__).resolve().parents[2]

#: (corpus file, words its Vietnamese message must hold): one file per kind of problem.
WORDS = [
    ("toml_syntax_error", ["lỗi cú pháp TOML", "dòng đó là 'max = 2 0'"]),
    ("nested_too_deep", ["lồng sâu quá 32 cấp", "hãy làm phẳng giá trị"]),
    ("number_too_long", ["có 5001 chữ số", "tối đa 30 chữ số có nghĩa"]),
    ("unknown_key", ["khóa không hợp lệ 'unti'", "(ý bạn là 'unit'?)", "các khóa được phép"]),
    ("missing_key", ["$.items[2].citation: thiếu khóa bắt buộc"]),
    ("wrong_type", ["cần một số, không phải 'twenty'"]),
    ("wrong_literal", ["cần một trong 'confirmed'", "(ý bạn là 'confirmed'?)"]),
    ("wrong_date", ["cần một ngày dạng YYYY-MM-DD, không phải '1/4/2020'"]),
    ("unknown_axis_kind", ["'kind' phải là một trong", "không phải 'enum'"]),
    ("input_name_key", ["khóa không hợp lệ 'name'", "[inputs.members]: hãy xóa khóa này"]),
    ("bad_ruleset_id", ["mã 'mini rules' chỉ được gồm chữ cái, chữ số"]),
    ("effective_to_before_from", ["ngày hết hiệu lực", "2019-12-31", "2020-04-01"]),
    ("enum_without_values", ["bắt buộc với kiểu 'enum'"]),
    ("input_bounds_reversed", ["at_most -5 nhỏ hơn at_least 0"]),
    ("empty_citation", ["quy tắc 'c02' có trích dẫn trống"]),
    ("unknown_group", ["không có nhóm 'III' (ý bạn là 'II'?)"]),
    ("duplicate_id", ["mã 'c01a' được dùng 2 lần"]),
    ("override_unknown_rating", ["không có mức xếp loại 'yeuu' (ý bạn là 'yeu'?)"]),
    ("rounding_places", ["số chữ số thập phân phải từ 0 đến 10"]),
    ("band_edge_too_precise", ["quá lớn hoặc quá nhiều chữ số", "hãy làm tròn"]),
    ("invisible_id", ["mã 'c02\\u200b' chứa ký tự U+200B", "không nhìn thấy được"]),
    ("space_in_code", ["giá trị 'no award' có dấu cách ở vị trí 3", "dùng '_' thay thế"]),
    ("band_gap", ["khoảng hở", "không thuộc khung điểm nào", "đặt lower = 10"]),
    ("band_overlap", ["chồng lấn: cận dưới 8 nhỏ hơn cận trên 10"]),
    ("band_reversed", ["khung điểm [10, 5) rỗng", "cận dưới"]),
    ("band_open_in_middle", ["chỉ khung điểm cuối cùng", "cận trên"]),
    ("bands_empty", ["bảng khung điểm trống"]),
    ("points_above_max", ["điểm 25 nằm ngoài 0…20", "điểm tối đa của 'c02'"]),
    ("points_falling", ["giảm khi chỉ số tốt lên"]),
    ("no_band_awards_max", ["điểm tối đa 20", "cao nhất là 15"]),
    ("ratings_start_above_zero", ["bảng xếp loại bắt đầu từ 10", "đặt lower = 0"]),
    ("ratings_stop_below_total", ["tổng điểm 100 không được xếp loại"]),
    ("criterion_total", ["tiêu chí 'c01' có điểm tối đa 45", "cộng lại được 40"]),
    ("group_total", ["nhóm 'II' có điểm tối đa 40"]),
    ("groups_total", ["tổng điểm 90 của bộ quy tắc"]),
    ("unknown_input", ["không phải trường đầu vào đã khai báo (ý bạn là 'members'?)"]),
    ("unknown_classification_input", ["trường đầu vào kiểu enum", "(ý bạn là 'award_level'?)"]),
    ("attribute_access", ["không được dùng truy cập thuộc tính", "(biểu thức: 'revenue.real')"]),
    ("call_open", ["không được dùng hàm 'open'", "các hàm được phép: min"]),
    ("oversized_exponent", ["số mũ sau '**'", "từ 0 đến 10"]),
    ("measure_is_bool", ["biểu thức cho ra đúng/sai, nhưng ở đây cần số"]),
    ("number_compared_with_text", ["vế phải của phép so sánh cần số", "là văn bản"]),
    ("enum_unknown_value", ["không phải giá trị của 'award_level' (ý bạn là 'national'?)"]),
    ("expression_syntax", ["biểu thức không hợp lệ"]),
    ("divide_by_zero", ["chia cho 0: số chia '1 - 1' luôn bằng 0"]),
]

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _error(file: Path) -> RuleSetError:
    with pytest.raises(RuleSetError) as info:
        load(file)
    return info.value


def _problems(error: RuleSetError) -> tuple[RuleSetError, ...]:
    return error.problems if isinstance(error, RuleSetProblems) else (error,)


def _vietnamese(text: str) -> bool:
    """Whether ``text`` has a letter only Vietnamese writes (đ, or a letter with a mark)."""
    return any(
        char in "đĐ" or (char.isalpha() and unicodedata.decomposition(char)) for char in text
    )


@pytest.mark.parametrize(("name", "words"), WORDS, ids=[w[0] for w in WORDS])
def test_each_kind_of_problem_in_vietnamese(name: str, words: list[str]) -> None:
    vi = in_lang(_error(CORPUS / f"{name}.toml"), "vi")

    for word in words:
        assert word in vi


@pytest.mark.parametrize("file", sorted(CORPUS.glob("*.toml")), ids=lambda f: f.stem)
def test_every_corpus_problem_is_said_in_vietnamese(file: Path) -> None:
    """Each problem differs from its English, keeps its place and says its words in
    Vietnamese: outside what it quotes from the file, a Vietnamese letter, and no
    English sentence left over."""
    for problem in _problems(_error(file)):
        en, vi = str(problem), in_lang(problem, "vi")
        # The located problem: "file:line: $.path: words"; the words come after the path.
        words_en = en.split(f"{problem.path}: ", 1)[-1] if problem.path else en
        words_vi = vi.split(f"{problem.path}: ", 1)[-1] if problem.path else vi

        assert en != vi
        assert vi.startswith(str(file))
        assert _vietnamese(_QUOTED.sub("", words_vi)), vi
        assert words_en not in vi


def test_several_problems_each_in_vietnamese() -> None:
    vi = in_lang(_error(CORPUS / "two_defects.toml"), "vi")

    assert vi.startswith("2 lỗi trong bộ quy tắc:\n  - ")
    assert "quy tắc 'c03' có trích dẫn trống" in vi
    assert "khoảng hở: các giá trị trong [10, 12) không thuộc khung điểm nào" in vi


@pytest.mark.parametrize(
    ("name", "words"),
    [
        (
            "version_overlap",
            ["còn hiệu lực đến 2024-12-31", "chồng lấn", "effective_to = 2024-10-31"],
        ),
        ("version_gap", ["không có phiên bản nào có hiệu lực từ 2024-11-01 đến 2024-11-30"]),
        ("version_repeat", ["phiên bản '2020.1' của 'mini' cũng có trong"]),
    ],
)
def test_version_problems_in_vietnamese(name: str, words: list[str]) -> None:
    (case,) = [c for c in CATALOGUE_CASES if c.name == name]
    (problem,) = Catalogue([case.folder], bundled=False).problems()
    vi = in_lang(problem, "vi")

    for word in words:
        assert word in vi


def test_unknown_rule_set_id_in_vietnamese() -> None:
    with pytest.raises(UsageError) as info:
        Catalogue().find("tt01-202")

    assert str(info.value).startswith("no rule set 'tt01-202' (did you mean 'tt01-2020'?): ")
    assert in_lang(info.value, "vi").startswith(
        "không có bộ quy tắc 'tt01-202' (ý bạn là 'tt01-2020'?): hãy cho một mã ("
    )


def test_programme_problems_in_vietnamese(tmp_path: Path) -> None:
    """The condition tree of an eligibility programme: a misspelt condition id."""
    text = (ROOT / "rules" / "luat-htx-2023-d18" / "ruleset.toml").read_text(encoding="utf-8")
    old = 'all_of = ["k1_cooperative", "k1_a", "k1_b", "k1_c"]'
    assert old in text
    file = tmp_path / "ruleset.toml"
    file.write_text(text.replace(old, old.replace('"k1_b"', '"k1_bb"')), encoding="utf-8")

    with pytest.raises(RuleSetError) as info:
        validate_ruleset(load_ruleset(file))
    vi = in_lang(info.value, "vi")

    assert "nhắc đến 'k1_bb', nhưng đó không phải một điều kiện (ý bạn là 'k1_b'?)" in vi
    assert "điều kiện 'k1_b' không được dẫn tới từ root 'eligible'" in vi


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "biểu thức trống"),
        ("x.real", "không được dùng truy cập thuộc tính"),
        ("{1: 2}", "không được dùng từ điển (dict)"),
        ("x ~ 1", "biểu thức không hợp lệ"),
        ("~x", "không được dùng toán tử '~'"),
        ("x if True else 'a'", "nhánh 'else' cần số, nhưng \"'a'\" là văn bản"),
        ("round(x, 11)", "số chữ số thập phân của round()"),
        ("min(x)", "min() cần ít nhất hai số"),
        ("abs(x, x)", "abs() nhận 1 đối số, nhưng có 2"),
        ("x in y", "'in' cần một danh sách"),
        ("'a' < 'b'", "không thể so sánh lớn nhỏ các giá trị văn bản bằng <"),
    ],
)
def test_expression_problems_in_vietnamese(text: str, words: str) -> None:
    inputs = {"x": InputInfo("x", Kind.NUMBER), "y": InputInfo("y", Kind.NUMBER)}

    with pytest.raises(ExprProblem) as info:
        check(text, inputs, Kind.NUMBER if "<" not in text else Kind.BOOL)

    assert words in in_lang(info.value, "vi")


def test_the_limits_of_a_number_are_the_records() -> None:
    """The catalogue says the limits a number must fit as `numbers.TOO_LARGE` says them."""
    assert TOO_LARGE == said("schema.limit", digits=MAX_DIGITS)


def test_check_command_in_vietnamese_and_english(capsys: pytest.CaptureFixture[str]) -> None:
    file = str(CORPUS / "band_gap.toml")

    assert 2 == main(["check", file, "--lang", "vi"])
    vi = capsys.readouterr().out
    assert 2 == main(["check", file, "--lang", "en"])
    en = capsys.readouterr().out

    assert "khoảng hở: các giá trị trong [10, 12) không thuộc khung điểm nào; đặt lower = 10" in vi
    assert "gap: values in [10, 12) fall in no band; set lower = 10" in en
    assert "gap: values" not in vi
