"""The hostile corpus through the command line: each case, its message, its exit code.

Every case is built in the test's own folder (device nodes with `os.mknod`, as
root, never a real device), run in both languages, and the folder must be
exactly as it was afterwards: no file replaced, none left behind (no ``.part``).
The words expected are written here by hand, from the documentation.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from coopeval.cli import main

ROOT = Path(__file__).resolve().parents[2]
PILOTS = ROOT / "examples" / "pilots.csv"
MINI = ROOT / "rules" / "tt01-2020" / "ruleset.toml"


@attrs.frozen
class Case:
    """A hostile case: what it makes in a folder, the arguments, what must be said."""

    name: str
    make: Callable[[Path], list[str]]
    code: int
    vi: str
    en: str
    env: tuple[tuple[str, str], ...] = ()


def _records(folder: Path) -> Path:
    records = folder / "pilots.csv"
    shutil.copyfile(PILOTS, records)
    return records


def _device(path: Path) -> Path:
    try:
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


def _input_as_output(folder: Path) -> list[str]:
    records = _records(folder)
    return ["score", str(records), "-o", str(records)]


def _output_folder(folder: Path) -> list[str]:
    (folder / "out.csv").mkdir()
    return ["score", str(_records(folder)), "-o", str(folder / "out.csv")]


def _output_fifo(folder: Path) -> list[str]:
    os.mkfifo(folder / "out.csv")
    return ["score", str(_records(folder)), "-o", str(folder / "out.csv")]


def _output_device(folder: Path) -> list[str]:
    return ["score", str(_records(folder)), "-o", str(_device(folder / "null.csv"))]


def _missing_folder(folder: Path) -> list[str]:
    return ["score", str(_records(folder)), "-o", str(folder / "nowhere" / "out.csv")]


def _rules_folder(folder: Path) -> list[str]:
    (folder / "x.toml").mkdir()
    return ["score", str(_records(folder)), "--rules", str(folder / "x.toml")]


def _rules_device(folder: Path) -> list[str]:
    return ["score", str(_records(folder)), "--rules", str(_device(folder / "zero.toml"))]


def _rules_huge(folder: Path) -> list[str]:
    huge = folder / "huge.toml"
    with huge.open("wb") as f:  # sparse: 200 MB on paper, nothing on disk
        f.truncate(200_000_000)
    return ["score", str(_records(folder)), "--rules", str(huge)]


def _rules_deep(folder: Path) -> list[str]:
    deep = folder / "deep.toml"
    deep.write_text(
        MINI.read_text(encoding="utf-8") + "\nx = " + "[" * 5000 + "]" * 5000 + "\n",
        encoding="utf-8",
    )
    return ["score", str(_records(folder)), "--rules", str(deep)]


def _records_deep(folder: Path) -> list[str]:
    deep = folder / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return ["score", str(deep), "-o", str(folder / "out.jsonl")]


def _records_large(folder: Path) -> list[str]:
    large = folder / "large.json"
    large.write_text("[" + ", ".join(['{"id": "HTX-1"}'] * 100) + "]", encoding="utf-8")
    return ["score", str(large), "-o", str(folder / "out.jsonl")]


def _records_utf16(folder: Path) -> list[str]:
    records = folder / "utf16.csv"
    records.write_bytes(PILOTS.read_text(encoding="utf-8").encode("utf-16"))
    return ["score", str(records), "-o", str(folder / "out.csv")]


def _records_cut(folder: Path) -> list[str]:
    records = folder / "cut.json"
    records.write_text('[{"id": "HTX-1"', encoding="utf-8")
    return ["score", str(records), "-o", str(folder / "out.csv")]


def _records_folder(folder: Path) -> list[str]:
    (folder / "records.csv").mkdir()
    return ["score", str(folder / "records.csv"), "-o", str(folder / "out.csv")]


CASES = [
    Case(
        "input as output",
        _input_as_output,
        2,
        "đây là tệp đầu vào; ghi kết quả vào tệp khác",
        "is an input of this run; write the results to another file",
    ),
    Case(
        "output is a folder",
        _output_folder,
        2,
        "không phải tệp thông thường (thư mục)",
        "is not a regular file (a directory)",
    ),
    Case(
        "output is a FIFO",
        _output_fifo,
        2,
        "không phải tệp thông thường (ống dẫn FIFO)",
        "is not a regular file (a FIFO)",
    ),
    Case(
        "output is a device",
        _output_device,
        2,
        "không phải tệp thông thường (thiết bị)",
        "is not a regular file (a device)",
    ),
    Case(
        "output folder missing",
        _missing_folder,
        2,
        "không tồn tại; hãy tạo thư mục trước",
        "does not exist; create it first",
    ),
    Case(
        "rules: a folder named x.toml",
        _rules_folder,
        2,
        "là thư mục không chứa ruleset.toml",
        "is a folder without ruleset.toml",
    ),
    Case(
        "rules: a device",
        _rules_device,
        2,
        "là một thiết bị ký tự, không phải tệp thông thường",
        "is a character device, not a regular file",
    ),
    Case(
        "rules: 200 MB",
        _rules_huge,
        2,
        "tệp quy tắc chỉ được có tối đa 1 000 000 byte (1,0 MB), tệp này có 200 000 000 byte",
        "a rule file may have at most 1 000 000 bytes (1.0 MB)",
    ),
    Case(
        "rules: nested 5000 deep",
        _rules_deep,
        2,
        "lồng sâu quá 32 cấp",
        "nest deeper than 32 levels",
    ),
    Case(
        "records: JSON nested 100 000 deep",
        _records_deep,
        2,
        "dữ liệu JSON lồng nhau quá sâu (quá 64 tầng)",
        "the JSON nests deeper than 64 levels",
    ),
    Case(
        "records: JSON over its cap",
        _records_large,
        2,
        "đặt biến môi trường COOPEVAL_MAX_JSON_BYTES",
        "set COOPEVAL_MAX_JSON_BYTES to a larger number of bytes",
        (("COOPEVAL_MAX_JSON_BYTES", "1000"),),
    ),
    Case(
        "records: UTF-16 text",
        _records_utf16,
        2,
        "tệp là văn bản UTF-16; hãy lưu lại dạng 'CSV UTF-8' trong Excel",
        "the file is UTF-16 text; save it as 'CSV UTF-8' in Excel",
    ),
    Case(
        "records: JSON cut short",
        _records_cut,
        2,
        "không phải JSON hợp lệ: Expecting ',' delimiter (tệp có vẻ bị cắt cụt)",
        "not valid JSON: Expecting ',' delimiter (the file looks cut short)",
    ),
    Case(
        "records: a folder named like a CSV file",
        _records_folder,
        2,
        "không phải tệp thông thường",
        "not a regular file",
    ),
]


def _snapshot(folder: Path) -> dict[str, object]:
    """What is in ``folder``: each entry's kind, and a regular file's bytes."""
    found: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        found[str(path.relative_to(folder))] = (
            path.read_bytes() if stat.S_ISREG(mode) else stat.S_IFMT(mode)
        )
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_said_with_its_exit_code_and_nothing_changed(
    case: Case,
    lang: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in case.env:
        monkeypatch.setenv(name, value)
    arguments = case.make(tmp_path)
    before = _snapshot(tmp_path)

    code = main([*arguments, "--lang", lang])
    err = capsys.readouterr().err

    assert case.code == code
    assert (case.vi if lang == "vi" else case.en) in err
    assert "Traceback" not in err
    assert 1 == len(err.strip().splitlines())
    assert before == _snapshot(tmp_path)
