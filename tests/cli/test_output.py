"""Tests for `coopeval.cli.output` and the exit codes: every command writes safely.

Each case states by hand what the user must see: the exit code, the words of
the message, and that every file that was there is as it was. Files are made
in the test's own temporary folder only.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coopeval.cli import main
from coopeval.version import __version__

ROOT = Path(__file__).resolve().parents[2]
PILOTS_CSV = ROOT / "examples" / "pilots.csv"
PILOTS_JSON = ROOT / "examples" / "pilots.json"
WITH_ERRORS = ROOT / "examples" / "pilots-with-errors.csv"


def _copy(source: Path, folder: Path) -> Path:
    target = folder / source.name
    target.write_bytes(source.read_bytes())
    return target


class TestNothingIsLost:
    def test_the_input_as_output_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`score x.csv -o x.csv` used to destroy the input."""
        source = _copy(PILOTS_CSV, tmp_path)
        before = source.read_bytes()

        code = main(["score", str(source), "-o", str(source), "--lang", "en"])

        assert 2 == code
        assert "is an input of this run" in capsys.readouterr().err
        assert before == source.read_bytes()

    def test_a_header_map_or_rule_file_is_an_input_too(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        rules = tmp_path / "ruleset.toml"
        rules.write_bytes((ROOT / "rules" / "tt01-2020" / "ruleset.toml").read_bytes())
        before = rules.read_bytes()

        code = main(
            ["score", str(PILOTS_CSV), "--rules", str(rules), "-o", str(rules), "--format", "csv"]
        )

        assert 2 == code
        assert "tệp đầu vào" in capsys.readouterr().err
        assert before == rules.read_bytes()

    def test_a_directory_target(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        code = main(["score", str(PILOTS_CSV), "-o", str(tmp_path), "--format", "csv"])

        assert 2 == code
        assert "không phải tệp thông thường (thư mục)" in capsys.readouterr().err
        assert tmp_path.is_dir()

    def test_a_fifo_target(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        fifo = tmp_path / "out.csv"
        os.mkfifo(fifo)

        code = main(["score", str(PILOTS_CSV), "-o", str(fifo), "--lang", "en"])

        assert 2 == code
        assert "not a regular file (a FIFO)" in capsys.readouterr().err

    def test_a_missing_folder(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        code = main(["summary", str(PILOTS_CSV), "-o", str(tmp_path / "no" / "s.csv")])

        assert 2 == code
        assert "không tồn tại" in capsys.readouterr().err

    def test_dash_is_standard_output(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)

        code = main(["score", str(PILOTS_CSV), "-o", "-", "--format", "jsonl"])

        assert 0 == code
        assert 4 == len(capsys.readouterr().out.splitlines())
        assert [] == list(tmp_path.iterdir())

    def test_a_failed_run_leaves_the_old_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A run that breaks half-way (here: a bug in the writer) replaces nothing."""
        target = tmp_path / "out.csv"
        target.write_text("the old results\n", encoding="utf-8")

        def broken(*_: object) -> None:
            msg = "boom"
            raise RuntimeError(msg)

        monkeypatch.setattr("coopeval.formats.sinks.CsvSink.write_text", broken)
        code = main(["score", str(PILOTS_CSV), "-o", str(target)])

        assert 3 == code
        assert "the old results\n" == target.read_text(encoding="utf-8")
        assert ["out.csv"] == [p.name for p in tmp_path.iterdir()]


class TestExitCodes:
    def test_record_errors_are_counted_on_stderr_whatever_the_format(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """pilots-with-errors.csv: 2 of its 6 rows have errors (HTX-05 and HTX-06, bad cells)."""
        for name in ("out.xlsx", "out.jsonl", "out.txt"):
            code = main(["score", str(WITH_ERRORS), "-o", str(tmp_path / name), "--lang", "en"])
            assert 1 == code
            assert "2 records had errors" in capsys.readouterr().err

    def test_an_internal_error_is_one_line_and_exit_3(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def broken(*_: object, **__: object) -> None:
            msg = "a bug"
            raise ZeroDivisionError(msg)

        monkeypatch.setattr("coopeval.cli.scorecard.render_summary", broken)
        code = main(["score", str(PILOTS_CSV), "--lang", "en"])
        err = capsys.readouterr().err

        assert 3 == code
        last = err.splitlines()[-1]
        assert last.startswith("coopeval: internal error (ZeroDivisionError: a bug)")
        assert 1 == err.count("internal error")
        assert "Traceback" not in err

    def test_strict_stops_the_table_too(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The first error of pilots-with-errors.csv is HTX-05 on row 6; HTX-06 is not shown."""
        code = main(["score", str(WITH_ERRORS), "--strict", "--lang", "en"])
        captured = capsys.readouterr()

        assert 1 == code
        assert "stopped at row 6 (--strict)" in captured.err
        assert "HTX-05" in captured.out
        assert "HTX-06" not in captured.out


class TestFormatFollowsTheName:
    @pytest.mark.parametrize(
        ("command", "name"),
        [
            (["explain", str(PILOTS_JSON), "--id", "HTX-04"], "x.json"),
            (["summary", str(PILOTS_CSV)], "s.json"),
            (["eligible", str(PILOTS_JSON)], "e.json"),
            (["amount", str(PILOTS_JSON), "--as-of", "2025-01-01"], "a.json"),
            (["targets", str(PILOTS_JSON)], "t.json"),
        ],
    )
    def test_json_by_name(self, tmp_path: Path, command: list[str], name: str) -> None:
        target = tmp_path / name

        main([*command, "-o", str(target)])

        assert isinstance(json.loads(target.read_text(encoding="utf-8")), list)

    def test_a_text_name(self, tmp_path: Path) -> None:
        target = tmp_path / "score.md"

        assert 0 == main(["score", str(PILOTS_CSV), "-o", str(target)])
        assert "HTX-04" in target.read_text(encoding="utf-8")

    def test_a_mismatch_is_a_usage_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code = main(
            [
                "score",
                str(PILOTS_CSV),
                "-o",
                str(tmp_path / "x.csv"),
                "--format",
                "json",
                "--lang",
                "en",
            ]
        )

        assert 2 == code
        assert "the file name says csv but --format says json" in capsys.readouterr().err
        assert [] == list(tmp_path.iterdir())

    def test_an_unknown_suffix_needs_format(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        target = tmp_path / "x.dat"

        assert 2 == main(["score", str(PILOTS_CSV), "-o", str(target), "--lang", "en"])
        assert "give --format" in capsys.readouterr().err
        assert 0 == main(["score", str(PILOTS_CSV), "-o", str(target), "--format", "jsonl"])
        assert 4 == len(target.read_text(encoding="utf-8").splitlines())

    def test_a_format_the_command_does_not_write(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code = main(["targets", str(PILOTS_JSON), "-o", str(tmp_path / "t.csv"), "--lang", "en"])

        assert 2 == code
        assert "does not write that format" in capsys.readouterr().err

    def test_csv_for_excel_has_a_byte_order_mark_in_vietnamese(self, tmp_path: Path) -> None:
        """Default: a .csv file with --lang vi starts with a BOM; English or stdout: none."""
        vi, en, plain = tmp_path / "vi.csv", tmp_path / "en.csv", tmp_path / "plain.csv"

        main(["score", str(PILOTS_CSV), "-o", str(vi)])
        main(["score", str(PILOTS_CSV), "-o", str(en), "--lang", "en"])
        main(["score", str(PILOTS_CSV), "-o", str(plain), "--no-excel-csv"])

        assert vi.read_bytes().startswith(b"\xef\xbb\xbfid,")
        assert en.read_bytes().startswith(b"id,")
        assert plain.read_bytes().startswith(b"id,")


class TestWorkbooksByName:
    """``-o NAME.xlsx`` writes a workbook on every command, with labels where codes were."""

    @pytest.mark.parametrize(
        ("command", "sheets"),
        [
            (["score", str(PILOTS_CSV)], ["Kết quả", "Giải thích", "Lỗi", "Tổng hợp"]),
            (
                ["score", str(PILOTS_CSV), "--jobs", "2"],
                ["Kết quả", "Giải thích", "Lỗi", "Tổng hợp"],
            ),
            (
                ["explain", str(PILOTS_JSON), "--id", "HTX-04"],
                ["Kết quả", "Giải thích", "Lỗi", "Tổng hợp"],
            ),
            (["summary", str(PILOTS_CSV)], ["Tổng hợp"]),
            (
                ["eligible", str(PILOTS_JSON), "--rules", "nd45-2021", "--rules", "tt124-2021"],
                ["Tổng quan", "nd45-2021", "tt124-2021", "Lỗi"],
            ),
            (["amount", str(PILOTS_JSON), "--as-of", "2025-01-01"], None),
            (["targets", str(PILOTS_JSON), "--rules", "qd167-2021"], ["Chỉ tiêu", "Xếp hạng"]),
        ],
    )
    def test_xlsx_by_name(
        self, tmp_path: Path, command: list[str], sheets: list[str] | None
    ) -> None:
        target = tmp_path / "out.xlsx"

        assert 0 == main([*command, "-o", str(target)])
        book = load_workbook(target)
        if sheets is not None:
            assert sheets == book.sheetnames
        assert ["out.xlsx"] == [p.name for p in tmp_path.iterdir()]

    def test_targets_show_outcomes_as_words(self, tmp_path: Path) -> None:
        """quota: met in Vietnamese is "đạt"; the code stays in its code column; shares in %."""
        target = tmp_path / "t.xlsx"

        main(["targets", str(PILOTS_JSON), "--rules", "qd167-2021", "-o", str(target)])
        rows = list(load_workbook(target)["Chỉ tiêu"].iter_rows(values_only=True))
        head = rows[0]
        quota = next(r for r in rows[1:] if r[head.index("Quy tắc")] == "quota")
        share_cell = load_workbook(target)["Chỉ tiêu"].cell(4, head.index("Tỷ lệ") + 1)

        assert ("đạt", "met") == (quota[head.index("Kết quả")], quota[head.index("mã: outcome")])
        assert "0.0%" == share_cell.number_format

    def test_the_column_plan_names_the_input(self, tmp_path: Path) -> None:
        """The summary sheet says which file's columns it lists: the input, not the output."""
        target = tmp_path / "s.xlsx"

        main(["score", str(PILOTS_CSV), "-o", str(target)])
        texts = [
            str(c) for r in load_workbook(target)["Tổng hợp"].iter_rows(values_only=True) for c in r
        ]

        assert f"Cột của {PILOTS_CSV}:" in texts
        assert not any(".part" in text for text in texts)

    def test_one_job_and_two_write_the_same_cells(self, tmp_path: Path) -> None:
        one, two = tmp_path / "one.xlsx", tmp_path / "two.xlsx"

        main(["score", str(WITH_ERRORS), "-o", str(one), "--jobs", "1"])
        main(["score", str(WITH_ERRORS), "-o", str(two), "--jobs", "2"])

        def cells(path: Path) -> list[list[object]]:
            book = load_workbook(path)
            return [list(r) for s in book.worksheets for r in s.iter_rows(values_only=True)]

        assert cells(one) == cells(two)


class TestVocabulary:
    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as exit_:
            main(["-V"])

        assert 0 == exit_.value.code
        assert f"coopeval {__version__}" in capsys.readouterr().out

    def test_a_prefix_is_not_an_option(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`--rule` is a typo of `--rules`, not silently the same option."""
        with pytest.raises(SystemExit) as exit_:
            main(["score", str(PILOTS_CSV), "--rule", "tt01-2020"])

        assert 2 == exit_.value.code
        assert "lỗi lệnh: không rõ tham số: --rule (ý bạn là '--rules'?)" in capsys.readouterr().err
        with pytest.raises(SystemExit):
            main(["score", str(PILOTS_CSV), "--rule", "tt01-2020", "--lang", "en"])
        assert "--rule (did you mean '--rules'?)" in capsys.readouterr().err

    @pytest.mark.parametrize(
        ("arguments", "vi", "en"),
        [
            (
                ["score"],
                "thiếu tham số bắt buộc: INPUT",
                "the following arguments are required: INPUT",
            ),
            (
                ["bogus"],
                "tham số COMMAND: 'bogus' không phải một lựa chọn",
                "invalid choice: 'bogus'",
            ),
            (
                ["score", "x.csv", "--format"],
                "tham số --format: cần một giá trị",
                "expected one argument",
            ),
            (
                ["score", "x.csv", "--width", "x"],
                "'x' không phải số nguyên",
                "'x' is not a whole number",
            ),
            (
                ["score", "x.csv", "--jobs", "0"],
                "--jobs cần một số nguyên từ 1 trở lên",
                "--jobs needs a whole number",
            ),
            (
                ["amount", "x.csv", "--as-of", "2025-13-01"],
                "không phải ngày YYYY-MM-DD",
                "not a date YYYY-MM-DD",
            ),
        ],
    )
    def test_argparse_errors_in_the_language_asked(
        self, arguments: list[str], vi: str, en: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A parse error comes before --lang is parsed; it is still said in that language."""
        with pytest.raises(SystemExit) as vi_exit:
            main(arguments)
        vi_err = capsys.readouterr().err
        with pytest.raises(SystemExit) as en_exit:
            main([*arguments, "--lang=en"] if arguments != ["bogus"] else ["bogus", "--lang", "en"])
        en_err = capsys.readouterr().err

        assert (2, 2) == (vi_exit.value.code, en_exit.value.code)
        assert "lỗi lệnh: " in vi_err
        assert vi in vi_err
        assert "usage error: " in en_err
        assert en in en_err

    def test_rules_names_programmes_too(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`--rules` on eligible is `--program`: the same outcomes."""
        main(["eligible", str(PILOTS_JSON), "--rules", "nd45-2021", "--format", "csv"])
        by_rules = capsys.readouterr().out
        main(["eligible", str(PILOTS_JSON), "--program", "nd45-2021", "--format", "csv"])

        assert by_rules == capsys.readouterr().out
        assert "nd45-2021.outcome" in by_rules


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "coopeval", *args],
        capture_output=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        check=False,
    )


class TestStreams:
    def test_a_windows_code_page_gets_utf8(self) -> None:
        """Redirected output on cp1258 used to end in UnicodeEncodeError."""
        done = _run(
            "explain", str(PILOTS_CSV), "--id", "HTX-04", env={"PYTHONIOENCODING": "cp1258"}
        )

        assert 0 == done.returncode
        assert "Kết quả đánh giá HTX-04" in done.stdout.decode("utf-8")
        assert b"Traceback" not in done.stderr

    def test_a_broken_pipe_is_one_line_and_exit_2(self, tmp_path: Path) -> None:
        """A reader that stops early (`| head -1`): one line on stderr, no traceback."""
        rows = PILOTS_CSV.read_text(encoding="utf-8").splitlines()
        big = tmp_path / "big.csv"
        lines = [rows[0]] + [rows[1].replace("HTX-01", f"HTX-{n:05d}", 1) for n in range(3000)]
        big.write_text("\n".join(lines) + "\n", encoding="utf-8")
        process = subprocess.Popen(
            [sys.executable, "-m", "coopeval", "score", str(big), "--format", "jsonl"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        assert process.stdout is not None
        assert process.stderr is not None
        with process.stdout, process.stderr:
            process.stdout.readline()
            process.stdout.close()
            err = process.stderr.read().decode("utf-8")
        code = process.wait()

        assert 2 == code
        assert "Traceback" not in err
        assert "ống dẫn bị ngắt" in err


class TestTextWidth:
    """Text tables fit the terminal (``COLUMNS``, as ``shutil`` reads it) or ``--width``."""

    @staticmethod
    def _widest(text: str) -> int:
        return max(len(line) for line in text.splitlines())

    @pytest.mark.parametrize(
        "command",
        [
            ["explain", str(PILOTS_CSV), "--id", "HTX-04"],
            ["score", str(PILOTS_CSV)],
            ["summary", str(PILOTS_CSV)],
            ["eligible", str(PILOTS_JSON)],
            ["whatif", str(PILOTS_CSV)],
            ["whatif", str(PILOTS_CSV), "--summary"],
        ],
    )
    def test_fits_the_terminal(
        self,
        command: list[str],
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        monkeypatch.setenv("COLUMNS", "100")

        main(command)

        assert self._widest(capsys.readouterr().out) <= 100

    def test_a_number_is_never_cut(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """At 60 columns HTX-04's capital 2.850.000.000 and its band stay whole on one line."""
        monkeypatch.setenv("COLUMNS", "60")

        main(["explain", str(PILOTS_CSV), "--id", "HTX-04"])
        out = capsys.readouterr().out

        assert "2.850.000.000" in out
        assert "[2.000.000.000;" in out
        assert "5.000.000.000)" in out

    def test_width_zero_and_files_do_not_wrap(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setenv("COLUMNS", "80")
        target = tmp_path / "x.txt"

        main(["explain", str(PILOTS_CSV), "--id", "HTX-04", "--width", "0"])
        main(["explain", str(PILOTS_CSV), "--id", "HTX-04", "-o", str(target)])
        main(
            [
                "explain",
                str(PILOTS_CSV),
                "--id",
                "HTX-04",
                "-o",
                str(target.with_suffix(".md")),
                "--width",
                "90",
            ]
        )

        # c01a's label "Tổng nguồn vốn bình quân của hợp tác xã" on one line: no wrapping
        assert "Tổng nguồn vốn bình quân của hợp tác xã" in capsys.readouterr().out
        assert "Tổng nguồn vốn bình quân của hợp tác xã" in target.read_text(encoding="utf-8")
        assert self._widest(target.with_suffix(".md").read_text(encoding="utf-8")) <= 90
