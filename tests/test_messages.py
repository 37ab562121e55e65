"""Tests for `coopeval.messages`: one catalogue, every sentence in both languages.

The source is read with `ast`: every ``said("section.name", ...)`` names an entry
that exists, has Vietnamese and English words with the same placeholders, and is
given every placeholder it uses.
"""

from __future__ import annotations

import ast
import pickle
import string
import tomllib
from pathlib import Path

import pytest

from coopeval.errors import UsageError
from coopeval.messages import Label, in_lang, said

SRC = Path(__file__).resolve().parents[1] / "src" / "coopeval"
CATALOGUE = tomllib.loads((SRC / "messages.toml").read_text(encoding="utf-8"))


def _uses() -> list[tuple[str, str, set[str]]]:
    """(file:line, key, keyword names) of every said() call with a literal key."""
    found = []
    for file in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("said", "Message")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names = {k.arg for k in node.keywords if k.arg is not None}
                where = f"{file.relative_to(SRC)}:{node.lineno}"
                found.append((where, node.args[0].value, names))
    return found


def _fields(text: str) -> set[str]:
    return {name.split("!")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_source_says_something() -> None:
    assert len(_uses()) >= 30


@pytest.mark.parametrize(("where", "key", "names"), _uses())
def test_every_key_used_exists_with_its_placeholders(where: str, key: str, names: set[str]) -> None:
    section, _, name = key.partition(".")
    entry = CATALOGUE.get(section, {}).get(name)

    assert entry is not None, f"{where}: {key} is not in messages.toml"
    assert _fields(entry["vi"]) == _fields(entry["en"]) == names, where


@pytest.mark.parametrize(
    ("key", "entry"),
    [(f"{s}.{n}", e) for s, entries in CATALOGUE.items() for n, e in entries.items()],
)
def test_every_entry_has_both_languages(key: str, entry: dict[str, str]) -> None:
    assert {"vi", "en"} <= set(entry), key
    assert entry["vi"].strip(), key
    assert entry["en"].strip(), key
    for variant, words in entry.items():
        assert variant in ("vi", "en", "vi_one", "en_one"), key
        # The words for one may leave out the count itself: "1 record", not "{count}".
        assert _fields(words) <= _fields(entry["en"]), (key, variant)


def test_english_is_the_string_vietnamese_on_demand() -> None:
    message = said("output.is_input", path="x.csv")

    assert "x.csv is an input of this run; write the results to another file (-o RESULTS)" == (
        message
    )
    assert message.text("vi").startswith("x.csv: đây là tệp đầu vào")


def test_one_and_many() -> None:
    assert said("notes.records_failed", count=1).startswith("1 record had errors")
    assert said("notes.records_failed", count=2).startswith("2 records had errors")
    assert said("notes.records_failed", count=1).text("vi").startswith("1 bản ghi có lỗi")


def test_nested_messages_and_labels_follow_the_language() -> None:
    kind = said("nouns.scorecard")
    rules = Label("Thông tư 01", "Circular 01", "tt01-2020")
    message = said("usage.wrong_kind", rules=rules, noun=kind, command="coopeval score")

    assert "Circular 01 (tt01-2020) is a scorecard; use 'coopeval score'" == message
    assert "Thông tư 01 (tt01-2020) là một bộ tiêu chí chấm điểm; dùng lệnh 'coopeval score'" == (
        message.text("vi")
    )


def test_an_error_keeps_its_words_across_processes() -> None:
    error = pickle.loads(pickle.dumps(UsageError(said("usage.count", option="--jobs", text="'0'"))))

    assert "--jobs cần một số nguyên từ 1 trở lên, không phải '0'" == in_lang(error, "vi")
