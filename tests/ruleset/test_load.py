"""Loading rule files: the bundled rule set, exact numbers, NFC text and the converter."""

# The style guide (STYLE.md section 11) wants `expected == actual`; SIM300 wants the
# reverse. The guide wins in tests.

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import threading
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopeval import load
from coopeval.errors import (
    RuleFileError,
    RuleSchemaError,
    RuleSetProblems,
    RuleSyntaxError,
    UsageError,
)
from coopeval.records.numbers import fits
from coopeval.ruleset import load as load_module
from coopeval.ruleset.base import Text
from coopeval.ruleset.convert import rule_converter
from coopeval.ruleset.load import MAX_DEPTH, load_ruleset
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

        with pytest.raises(RuleFileError, match=r"absent\.toml: cannot read rule file"):
            load_ruleset(file)


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "README.md").write_text("no rule file here", encoding="utf-8")
    return tmp_path / "rules"


def _empty_folder_named_toml(tmp_path: Path) -> Path:
    (tmp_path / "x.toml").mkdir()
    return tmp_path / "x.toml"


def _sparse(tmp_path: Path) -> Path:
    """A 200 MB file that takes no room: its size is all the cap looks at."""
    file = tmp_path / "huge.toml"
    file.write_bytes(SMALL.read_bytes())
    os.truncate(file, 200_000_000)
    return file


#: (what, how to make it in tmp_path, the parts of the message) for every path that
#: is not a rule file coopeval may read.
UNREADABLE: list[tuple[str, Callable[[Path], Path], tuple[str, ...]]] = [
    ("folder", _folder, ("rules: is a folder without ruleset.toml", "give a rule file (.toml)")),
    (
        "empty_x_toml",
        _empty_folder_named_toml,
        ("x.toml: is a folder without ruleset.toml", "or a folder that holds ruleset.toml"),
    ),
    (
        "over_cap",
        _sparse,
        (
            "huge.toml: a rule file may have at most 1 000 000 bytes (1.0 MB)",
            "this one is 200 000 000 bytes (200.0 MB)",
            "set COOPEVAL_MAX_RULE_BYTES to a larger number of bytes",
        ),
    ),
]


def feed(fifo: Path, data: bytes) -> None:
    """Write ``data`` into ``fifo`` once a reader opens it (a test's proof that none did)."""
    with fifo.open("wb") as stream:
        stream.write(data)


def release(fifo: Path, writer: threading.Thread) -> None:
    """Open ``fifo`` for reading without waiting, so a `feed` still waiting finishes."""
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    writer.join()
    os.close(reader)


class TestLimits:
    """Paths that are no rule file to read, and files over the caps: refused before the cost."""

    @pytest.mark.parametrize(("what", "make", "parts"), UNREADABLE, ids=[u[0] for u in UNREADABLE])
    def test_refused_with_its_reason(
        self, what: str, make: Callable[[Path], Path], parts: tuple[str, ...], tmp_path: Path
    ) -> None:
        """Each is a RuleFileError naming the path, what is wrong and the fix."""
        path = make(tmp_path)

        with pytest.raises(RuleFileError) as info:
            load_ruleset(path)

        assert [] == [p for p in parts if p not in str(info.value)]
        assert str(path) == info.value.file

    @pytest.mark.parametrize(("what", "make", "parts"), UNREADABLE, ids=[u[0] for u in UNREADABLE])
    def test_refused_by_the_pipeline(
        self, what: str, make: Callable[[Path], Path], parts: tuple[str, ...], tmp_path: Path
    ) -> None:
        """`coopeval.load` refuses them the same way (a folder once reached a traceback)."""
        path = make(tmp_path)

        with pytest.raises(RuleFileError) as info:
            load(path)

        assert parts[0] in str(info.value)

    def test_pipe_is_never_opened(self, tmp_path: Path) -> None:
        """A FIFO is refused from its kind; a writer waits on it, so opening it would load it."""
        fifo = tmp_path / "ruleset.toml"
        os.mkfifo(fifo)
        writer = threading.Thread(target=feed, args=(fifo, SMALL.read_bytes()), daemon=True)
        writer.start()
        try:
            with pytest.raises(RuleFileError) as info:
                load_ruleset(fifo)
        finally:
            release(fifo, writer)

        assert f"{fifo}: is a pipe (FIFO), not a regular file" in str(info.value)

    @pytest.mark.skipif(os.geteuid() != 0, reason="only root may make a device node")
    def test_device_is_never_read(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A character device like /dev/zero (made in tmp_path) is refused from its kind."""
        device = tmp_path / "zero.toml"
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 5))
        monkeypatch.setenv("COOPEVAL_MAX_RULE_BYTES", "1000")  # were it read: 1 kB at most

        with pytest.raises(RuleFileError) as info:
            load_ruleset(device)

        assert f"{device}: is a character device, not a regular file" in str(info.value)

    def test_cap_is_overridden_by_the_environment(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A 1.5 MB rule file is refused by default and read under a cap set to 2 MB."""
        file = write(tmp_path, SMALL.read_text("utf-8") + "# padding\n" * 150_000)

        with pytest.raises(RuleFileError, match=r"at most 1 000 000 bytes \(1\.0 MB\)"):
            load_ruleset(file)
        monkeypatch.setenv("COOPEVAL_MAX_RULE_BYTES", "2000000")

        assert "mini" == load_ruleset(file).id

    def test_cap_must_be_a_number(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A cap that is not a whole number of bytes is a usage error naming the variable."""
        monkeypatch.setenv("COOPEVAL_MAX_RULE_BYTES", "1MB")

        with pytest.raises(UsageError, match=r"^COOPEVAL_MAX_RULE_BYTES='1MB': give the limit"):
            load_ruleset(SMALL)

    @pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH + 1, 5000])
    def test_nested_arrays(self, tmp_path: Path, depth: int) -> None:
        """Arrays nested up to the limit are read; deeper, a located syntax error, never parsed."""
        file = write(tmp_path, f"x = {'[' * depth}{']' * depth}\n" + SMALL.read_text("utf-8"))
        line = 1

        if depth <= MAX_DEPTH:
            with pytest.raises(RuleSchemaError, match=r"unknown key 'x'"):
                load_ruleset(file)
        else:
            with pytest.raises(RuleSyntaxError) as info:
                load_ruleset(file)
            assert str(info.value).startswith(f"{file}:{line}:{5 + MAX_DEPTH}: arrays and inline")
            assert line == info.value.line

    def test_nested_tables(self, tmp_path: Path) -> None:
        """Dotted keys 40 tables deep are a syntax error naming the key path at the limit."""
        file = write(tmp_path, "a." * 40 + "b = 1\n" + SMALL.read_text("utf-8"))

        with pytest.raises(RuleSyntaxError) as info:
            load_ruleset(file)

        path = "$" + ".a" * (MAX_DEPTH + 1)
        assert f": {path}: tables and arrays nest deeper than {MAX_DEPTH} levels" in str(info.value)
        assert path == info.value.path

    def test_recursion_is_a_syntax_error(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Were the count ever to miss a nesting, tomllib's RecursionError is still a message."""
        monkeypatch.setattr(load_module, "too_deep", lambda text: None)
        file = write(tmp_path, "x = " + "[" * 5000 + "]" * 5000 + "\n")

        with pytest.raises(RuleSyntaxError, match=r"nested too deep to parse; a rule file nests"):
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
            ("1" * 31, f"the number {'1' * 31} is too large or too precise: at most 30"),
            (Decimal("1E+31"), "the number 1E+31 is too large or too precise"),
            (Decimal("1E-31"), "the number 1E-31 is too large or too precise"),
        ],
    )
    def test_decimal_refuses(self, raw: object, message: str) -> None:
        """Bools, floats, non-numeric text and non-finite numbers are refused, quoting the value."""
        with pytest.raises(ValueError, match=f"^{re.escape(message)}"):
            rule_converter.structure(raw, Decimal)

    @given(st.decimals(allow_nan=False, allow_infinity=False).filter(fits))
    def test_decimal_round_trip(self, value: Decimal) -> None:
        """Any finite Decimal a record could hold, or its text, comes back exactly."""
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
