"""Tests for `coopeval.formats.targets`: results never replace what must not be replaced.

Every target is made inside the test's own temporary folder: a FIFO with
`os.mkfifo`, a device node with `os.mknod` (as root), never a real device.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
from pathlib import Path

import pytest

from coopeval.cli import main
from coopeval.errors import OutputError, UsageError
from coopeval.formats.targets import check_target, file_target, text_target


def test_a_file_is_written_whole_then_renamed(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")

    with text_target(str(target)) as out:
        out.write("new\n")
        assert "old\n" == target.read_text(encoding="utf-8")  # not replaced yet
        assert (tmp_path / "out.csv.part").exists()

    assert "new\n" == target.read_text(encoding="utf-8")
    assert not (tmp_path / "out.csv.part").exists()


def test_a_failure_leaves_the_target_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")

    def half_then_fail() -> None:
        with text_target(str(target)) as out:
            out.write("half")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        half_then_fail()

    assert "old\n" == target.read_text(encoding="utf-8")
    assert ["out.csv"] == sorted(p.name for p in tmp_path.iterdir())


def test_a_full_disk_is_an_output_error_and_replaces_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")

    with pytest.raises(OutputError, match="disk is full"), text_target(str(target)):
        raise OSError(errno.ENOSPC, "No space left on device")

    assert "old\n" == target.read_text(encoding="utf-8")
    assert ["out.csv"] == sorted(p.name for p in tmp_path.iterdir())


def test_an_error_reading_the_input_is_not_called_a_write_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError), text_target(str(tmp_path / "out.csv")):
        raise FileNotFoundError(errno.ENOENT, "No such file", "input.csv")


def test_a_byte_order_mark_for_excel(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"

    with text_target(str(target), bom=True) as out:
        out.write("Mã,Tên\n")

    assert b"\xef\xbb\xbfM\xc3\xa3,T\xc3\xaan\n" == target.read_bytes()


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="not a regular file \\(a directory\\)"):
        check_target(str(tmp_path))


def test_a_fifo_is_refused_and_kept(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    with pytest.raises(OutputError, match="a FIFO"), text_target(str(fifo)):
        pass

    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_device_node_is_refused_and_kept(tmp_path: Path) -> None:
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")

    with pytest.raises(OutputError, match="a device"), text_target(str(node)):
        pass

    assert stat.S_ISCHR(os.stat(node).st_mode)


def test_an_input_is_refused_also_through_a_link(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id\nHTX-1\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(source)

    for target in (source, link):
        with pytest.raises(OutputError, match="is an input of this run"):
            check_target(str(target), [str(source)])

    assert "id\nHTX-1\n" == source.read_text(encoding="utf-8")


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist; create it first"):
        check_target(str(tmp_path / "no" / "out.csv"))


def test_a_stale_partial_file_is_replaced_but_a_linked_one_refused(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    (tmp_path / "out.csv.part").write_text("from a stopped run", encoding="utf-8")

    with text_target(str(target)) as out:
        out.write("new\n")
    assert "new\n" == target.read_text(encoding="utf-8")

    os.mkfifo(tmp_path / "out.csv.part")
    with pytest.raises(OutputError, match="a FIFO"), text_target(str(target)):
        pass


def test_a_workbook_goes_to_a_partial_path_then_the_target(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"

    with file_target(str(target)) as partial:
        assert tmp_path / "out.xlsx.part" == partial
        partial.write_bytes(b"PK")

    assert b"PK" == target.read_bytes()


def test_a_workbook_cannot_go_to_standard_output() -> None:
    with pytest.raises(UsageError, match="standard output"), file_target("-"):
        pass


class _Full(io.StringIO):
    """Standard output on a full disk (never the real /dev/full)."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_standard_output_on_a_full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", _Full())

    with pytest.raises(OutputError, match="disk is full"), text_target(None) as out:
        out.write("x")


def test_the_command_line_on_a_full_disk(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pilots = Path(__file__).resolve().parents[2] / "examples" / "pilots.csv"
    monkeypatch.setattr(sys, "stdout", _Full())

    code = main(["score", str(pilots), "--format", "jsonl", "--lang", "en"])

    assert 2 == code
    assert "-: the disk is full; no file was replaced" in capsys.readouterr().err
