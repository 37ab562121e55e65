"""Tests for `coopeval.files`: what kind of file, and how many bytes, coopeval reads."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from coopeval import files
from coopeval.errors import RecordError, UsageError
from coopeval.files import Cap, read_capped, refusal, size_text

CAP = Cap("test file", 100, "COOPEVAL_TEST_BYTES", "split it in two")


def _file(tmp_path: Path, size: int) -> Path:
    path = tmp_path / "data.txt"
    path.write_bytes(b"x" * size)
    return path


class TestCap:
    def test_default(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without the variable, the default is the cap."""
        monkeypatch.delenv("COOPEVAL_TEST_BYTES", raising=False)

        assert 100 == CAP.limit()

    @pytest.mark.parametrize(("raw", "expected"), [("5000", 5000), (" 2_000_000 ", 2_000_000)])
    def test_variable_overrides(
        self, monkeypatch: pytest.MonkeyPatch, raw: str, expected: int
    ) -> None:
        """The variable, a whole number of bytes (underscores allowed), replaces the default."""
        monkeypatch.setenv("COOPEVAL_TEST_BYTES", raw)

        assert expected == CAP.limit()

    @pytest.mark.parametrize("raw", ["0", "-5", "1e6", "10MB", "١٠٠"])
    def test_variable_must_be_bytes(self, monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
        """Anything but a whole number above 0 is a usage error naming the variable."""
        monkeypatch.setenv("COOPEVAL_TEST_BYTES", raw)

        with pytest.raises(UsageError) as info:
            CAP.limit()

        assert (
            f"COOPEVAL_TEST_BYTES={raw!r}: give the limit for a test file as a whole number of "
            "bytes above 0, such as 100"
        ) == str(info.value)

    def test_message_names_size_limit_variable_and_advice(self) -> None:
        """A refusal says the limit, the size, the variable and what else to do."""
        assert (
            "f.txt: a test file may have at most 100 bytes, and this one is 2 500 bytes "
            "(2.5 KB); set COOPEVAL_TEST_BYTES to a larger number of bytes to read it, "
            "or split it in two"
        ) == CAP.too_large("f.txt", 2500, 100)


class TestSizeText:
    @pytest.mark.parametrize(
        ("size", "expected"),
        [
            (999, "999 bytes"),
            (1000, "1 000 bytes (1.0 KB)"),
            (1_000_000, "1 000 000 bytes (1.0 MB)"),
            (285_012_345, "285 012 345 bytes (285.0 MB)"),
            (2 * 10**9, "2 000 000 000 bytes (2.0 GB)"),
        ],
    )
    def test_exact_and_readable(self, size: int, expected: str) -> None:
        """Every byte counted, then the size in the largest unit it reaches."""
        assert expected == size_text(size)


class TestRefusal:
    def test_regular_file_within_the_cap(self, tmp_path: Path) -> None:
        """A regular file of exactly the cap may be read."""
        assert refusal(_file(tmp_path, 100), CAP) is None

    def test_regular_file_over_the_cap(self, tmp_path: Path) -> None:
        """One byte more is refused from the size, with the path."""
        path = _file(tmp_path, 101)

        assert f"{path}: a test file may have at most 100 bytes, and this one is 101" in str(
            refusal(path, CAP)
        )

    def test_missing_is_left_to_opening(self, tmp_path: Path) -> None:
        """A path that does not exist is not refused here: opening it says so."""
        assert refusal(tmp_path / "absent", CAP) is None

    def test_folder(self, tmp_path: Path) -> None:
        """A folder is refused as a folder."""
        assert f"{tmp_path}: is a folder, not a regular file; give the path of a test file" in str(
            refusal(tmp_path, CAP)
        )

    def test_pipe_only_where_streams_are_read(self, tmp_path: Path) -> None:
        """A FIFO is refused, unless the reader takes streams (``pipes=True``)."""
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)

        assert f"{fifo}: is a pipe (FIFO), not a regular file" in str(refusal(fifo, CAP))
        assert refusal(fifo, CAP, pipes=True) is None

    @pytest.mark.skipif(os.geteuid() != 0, reason="only root may make a device node")
    def test_device(self, tmp_path: Path) -> None:
        """A character device (made in tmp_path, like /dev/zero) is refused even for streams."""
        device = tmp_path / "zero"
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 5))

        assert f"{device}: is a character device, not a regular file" in str(
            refusal(device, CAP, pipes=True)
        )


class TestReadCapped:
    def test_reads_the_bytes(self, tmp_path: Path) -> None:
        """A file within the cap is read whole."""
        assert b"x" * 100 == read_capped(_file(tmp_path, 100), CAP, RecordError)

    def test_refusal_is_the_callers_error(self, tmp_path: Path) -> None:
        """A refused file raises the error class the caller gives, with the reason."""
        with pytest.raises(RecordError, match=r"is a folder, not a regular file"):
            read_capped(tmp_path, CAP, RecordError)

    def test_never_past_the_cap(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A file larger than its size said when looked at (it grew) stops one byte past the cap."""
        monkeypatch.setattr(files, "refusal", lambda path, cap: None)

        with pytest.raises(RecordError) as info:
            read_capped(_file(tmp_path, 10_000), CAP, RecordError)

        assert "at most 100 bytes, and this one has more bytes than that" in str(info.value)
