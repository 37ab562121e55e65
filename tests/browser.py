"""A real browser for the tests: Chromium headless renders an HTML file to PNG and to PDF.

``Chromium`` runs the system's Chromium (``chromium``, ``chromium-browser`` or
``google-chrome``; ``COOPEVAL_CHROMIUM`` names another binary) once per render, with a fresh
profile in a folder it is given, JavaScript switched off in that profile (the pages must
need none), no network (every host name fails to resolve) and a timeout; one render at a
time. ``pdf_pages``, ``png_size`` and ``png_colours`` read the files it writes without
other tools: the page objects of a PDF, the header and pixels of a PNG.

``chromium_for_tests(folder)`` is what a test calls: when no Chromium is found the test
FAILS and says how to install it (``.ci/run`` does), unless ``COOPEVAL_NO_BROWSER=1`` asks
to skip the browser tests on a developer's machine.

The rendering half needs no pytest, so ``docs/screenshots.py`` uses it too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import struct
import subprocess
import threading
import zlib
from decimal import Decimal
from pathlib import Path

import attrs

NAMES = ("chromium", "chromium-browser", "google-chrome")
"""The binaries looked for on PATH, in this order."""

A4_POINTS = (Decimal("595.28"), Decimal("841.89"))
"""An A4 sheet, 210 × 297 mm, in PDF points (1/72 inch)."""

A4_PIXELS = (794, 1123)
"""An A4 sheet in CSS pixels (96 per inch), the window for a screenshot of one page."""

TIMEOUT = 60.0
"""Seconds one render may take on a slow, shared machine before it counts as hung."""

INSTALL = (
    "Chromium was not found (looked for {names} on PATH and COOPEVAL_CHROMIUM): the "
    "browser tests need it. Install it with `apt-get install -y chromium` (.ci/run does "
    "this), or set COOPEVAL_NO_BROWSER=1 to skip the browser tests on this machine."
)

_ONE_AT_A_TIME = threading.Lock()

_NO_SCRIPTS = {"profile": {"default_content_setting_values": {"javascript": 2}}}
"""Chromium's own preference for 'JavaScript blocked on every site' (2 = block)."""


class BrowserError(Exception):
    """Chromium is missing, failed, hung, or wrote a file that cannot be read."""


def find_chromium() -> Path | None:
    """The Chromium binary: COOPEVAL_CHROMIUM if set, else the first of NAMES on PATH."""
    named = os.environ.get("COOPEVAL_CHROMIUM")
    if named:
        return Path(named) if shutil.which(named) else None
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


@attrs.frozen
class Chromium:
    """One Chromium binary and a folder for the throw-away profiles of its renders."""

    binary: Path
    workdir: Path
    timeout: float = TIMEOUT

    @classmethod
    def found(cls, workdir: Path, timeout: float = TIMEOUT) -> Chromium:
        """The Chromium on this machine; BrowserError saying how to install it if none."""
        binary = find_chromium()
        if binary is None:
            raise BrowserError(INSTALL.format(names=", ".join(NAMES)))
        return cls(binary, workdir, timeout)

    def version(self) -> str:
        """What the binary says of itself, such as 'Chromium 156.0.8078.114 ...'."""
        done = subprocess.run(
            [os.fspath(self.binary), "--version"],
            capture_output=True,
            text=True,
            timeout=self.timeout,
            check=False,
        )
        return done.stdout.strip()

    def png(self, page: Path, out: Path, size: tuple[int, int] = A4_PIXELS) -> Path:
        """Screenshot ``page`` in a window of ``size`` (width, height) CSS pixels."""
        width, height = size
        return self._render(
            page,
            out,
            f"--screenshot={out}",
            f"--window-size={width},{height}",
            "--force-device-scale-factor=1",
            "--hide-scrollbars",
        )

    def pdf(self, page: Path, out: Path) -> Path:
        """Print ``page`` to PDF as its own ``@page`` rules say, without header or footer."""
        return self._render(page, out, f"--print-to-pdf={out}", "--no-pdf-header-footer")

    def _render(self, page: Path, out: Path, *how: str) -> Path:
        with _ONE_AT_A_TIME:
            profile = self._fresh_profile()
            command = [
                os.fspath(self.binary),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-extensions",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                f"--user-data-dir={profile}",
                *how,
                page.resolve().as_uri(),
            ]
            out.unlink(missing_ok=True)
            stderr = self._run(command, page)
        if not out.is_file() or out.stat().st_size == 0:
            msg = f"Chromium wrote no {out.name} for {page}; its last words:\n{stderr[-1500:]}"
            raise BrowserError(msg)
        return out

    def _fresh_profile(self) -> Path:
        for number in range(1, 10_000):
            profile = self.workdir / f"chromium-profile-{number}"
            if not profile.exists():
                break
        (profile / "Default").mkdir(parents=True)
        (profile / "Default" / "Preferences").write_text(json.dumps(_NO_SCRIPTS), "utf-8")
        return profile

    def _run(self, command: list[str], page: Path) -> str:
        """Run one render in its own process group, ended whole if it outlasts the timeout."""
        with subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            start_new_session=True,
        ) as process:
            try:
                _, stderr = process.communicate(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                msg = f"Chromium took more than {self.timeout:g} s to render {page}"
                raise BrowserError(msg) from None
        if process.returncode != 0:
            msg = (
                f"Chromium exited with {process.returncode} rendering {page}; "
                f"its last words:\n{stderr[-1500:]}"
            )
            raise BrowserError(msg)
        return stderr


def chromium_for_tests(workdir: Path) -> Chromium:
    """The Chromium for a test. None installed: in CI (``CI`` set, where ``.ci/run``
    installs it) a failure saying how to install it; elsewhere a skip naming the
    package, as for LibreOffice; ``COOPEVAL_NO_BROWSER=1`` skips on purpose."""
    import pytest  # here, not above: the rendering half is used without pytest

    if os.environ.get("COOPEVAL_NO_BROWSER") == "1":
        pytest.skip("COOPEVAL_NO_BROWSER=1: the browser tests are switched off on this machine")
    try:
        return Chromium.found(workdir)
    except BrowserError as exc:
        if os.environ.get("CI"):
            pytest.fail(str(exc), pytrace=False)
        pytest.skip(f"{exc} (CI installs it: .ci/run)")


@attrs.frozen
class PdfPage:
    """One page of a PDF: its MediaBox width and height in points."""

    width: Decimal
    height: Decimal

    def is_a4_portrait(self) -> bool:
        """Within a point of 210 × 297 mm, the long side upright (Chromium rounds the
        sheet to its own units: 594.96 × 841.92)."""
        width, height = A4_POINTS
        return abs(self.width - width) < 1 and abs(self.height - height) < 1


_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b(.*?)\bendobj", re.DOTALL)
_STREAM = re.compile(rb"\bstream\r?\n.*?\bendstream", re.DOTALL)
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
_MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*([-\d.\s]+?)\s*\]")


def pdf_pages(path: Path) -> tuple[PdfPage, ...]:
    """The pages of a PDF whose objects are not compressed (as Chromium writes them)."""
    data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        msg = f"{path} is not a PDF: it starts {data[:8]!r}"
        raise BrowserError(msg)
    pages = []
    for found in _OBJECT.finditer(_STREAM.sub(b"stream endstream", data)):
        body = found.group(1)
        if not _PAGE.search(body):
            continue
        box = _MEDIA_BOX.search(body)
        if box is None:
            msg = f"{path}: a page without its own /MediaBox: {body[:200]!r}"
            raise BrowserError(msg)
        left, bottom, right, top = (Decimal(n.decode()) for n in box.group(1).split())
        pages.append(PdfPage(right - left, top - bottom))
    return tuple(pages)


def _png_chunks(path: Path) -> tuple[bytes, bytes]:
    """The IHDR chunk and all IDAT chunks joined, of a PNG file."""
    data = path.read_bytes()
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        msg = f"{path} is not a PNG: it starts {data[:8]!r}"
        raise BrowserError(msg)
    header, image, at = b"", bytearray(), 8
    while at + 8 <= len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            image += body
        at += 12 + length
    return header, bytes(image)


def png_size(path: Path) -> tuple[int, int]:
    """Width and height in pixels, from the PNG's header."""
    header, _ = _png_chunks(path)
    width, height = struct.unpack(">II", header[:8])
    return width, height


_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}
"""Bytes per pixel of each 8-bit PNG colour type: grey, RGB, grey+alpha, RGBA."""


def png_colours(path: Path) -> frozenset[bytes]:
    """The distinct pixel values of an 8-bit, non-interlaced PNG (each as its bytes)."""
    header, image = _png_chunks(path)
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour not in _CHANNELS or interlace:
        msg = f"{path}: only 8-bit, non-interlaced grey/RGB(A) PNGs are read here"
        raise BrowserError(msg)
    step = _CHANNELS[colour]
    stride = width * step
    raw = zlib.decompress(image)
    colours: set[bytes] = set()
    above = bytes(stride)
    for row in range(height):
        start = row * (stride + 1)
        line = _unfilter(raw[start], raw[start + 1 : start + 1 + stride], above, step)
        colours.update(line[i : i + step] for i in range(0, stride, step))
        above = line
    return frozenset(colours)


def _unfilter(kind: int, line: bytes, above: bytes, step: int) -> bytes:
    """One scanline undone from its PNG filter (None, Sub, Up, Average, Paeth)."""
    if kind == 0:
        return line
    if kind == 2:
        return _add_bytes(line, above)
    out = bytearray(line)
    for i in range(len(out)):
        left = out[i - step] if i >= step else 0
        up = above[i]
        if kind == 1:
            guess = left
        elif kind == 2:
            guess = up
        elif kind == 3:
            guess = (left + up) // 2
        else:
            corner = above[i - step] if i >= step else 0
            guess = _paeth(left, up, corner)
        out[i] = (out[i] + guess) & 0xFF
    return bytes(out)


def _add_bytes(line: bytes, above: bytes) -> bytes:
    """Each byte of ``line`` plus the byte above it, modulo 256, in one big-integer sum:
    the low seven bits of each byte add without carrying into the next byte, and the top
    bit is the exclusive-or of the two top bits and that sum's carry into it."""
    low = int.from_bytes(b"\x7f" * len(line), "big")
    a, b = int.from_bytes(line, "big"), int.from_bytes(above, "big")
    total = ((a & low) + (b & low)) ^ ((a ^ b) & ~low)
    return (total & ((1 << 8 * len(line)) - 1)).to_bytes(len(line), "big")


def _paeth(left: int, up: int, corner: int) -> int:
    estimate = left + up - corner
    to_left, to_up, to_corner = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
    if to_left <= to_up and to_left <= to_corner:
        return left
    return up if to_up <= to_corner else corner
