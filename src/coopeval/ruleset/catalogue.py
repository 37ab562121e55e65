"""A catalogue of rule sets: bundled and user folders, several versions of one id.

A catalogue folder holds one sub-folder per legal document (or per version of
one), each with its rule files (``*.toml``). A file's own ``[ruleset] id`` is its
id, so several versions of one id sit side by side, each in force from its
``effective_from`` to its ``effective_to`` (both days included; left out, the
document's dates). `Catalogue.find` picks the version in force on a date, and
`Catalogue.problems` refuses versions that overlap, leave a gap or repeat.

The catalogue knows files and dates only: loading, checking and compiling a
file are the pipeline's (`coopeval.pipeline`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

import attrs

from coopeval.errors import RuleSetError, UsageError, VersionError
from coopeval.messages import said
from coopeval.ruleset.base import Header, RuleSetKind, Text, in_force_on
from coopeval.ruleset.convert import rule_converter
from coopeval.ruleset.load import parse_toml, read_rule_file, rule_file
from coopeval.suggest import suggest

__all__ = ["ENVIRONMENT", "Catalogue", "Version", "rules_dir", "version_of", "version_problems"]

#: Folders of the user's own rule sets, separated by ``os.pathsep``.
ENVIRONMENT = "COOPEVAL_RULES_PATH"
_DAY = dt.timedelta(days=1)


def rules_dir() -> Path:
    """The bundled ``rules/`` folder: inside the installed package, else the source tree."""
    packaged = Path(__file__).resolve().parents[1] / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "rules"


@attrs.frozen
class Version:
    """One file of a rule set in a catalogue: which id and version, in force when."""

    id: str
    version: str
    kind: RuleSetKind
    title: Text
    document: str
    effective_from: dt.date
    #: The last day in force; ``None`` while no later version replaces it.
    effective_to: dt.date | None
    path: Path

    def in_force(self, day: dt.date) -> bool:
        """Whether this version applies on ``day``."""
        return in_force_on(day, self.effective_from, self.effective_to)

    @property
    def dates(self) -> str:
        """``2020-04-01 – 2024-10-31``, or ``2020-04-01 – …`` while open."""
        until = self.effective_to.isoformat() if self.effective_to else "…"
        return f"{self.effective_from.isoformat()} – {until}"


class Catalogue:
    """The rule sets of some folders, bundled ones first.

    Args:
        folders: the user's catalogue folders, searched after the bundled one.
        bundled: include the rule sets shipped with coopeval.
    """

    def __init__(
        self, folders: Iterable[str | os.PathLike[str]] = (), *, bundled: bool = True
    ) -> None:
        own = tuple(Path(f) for f in folders)
        self.folders = ((rules_dir(),) if bundled else ()) + own

    @classmethod
    def default(cls) -> Catalogue:
        """The bundled rule sets and the folders named by ``COOPEVAL_RULES_PATH``."""
        folders = [f for f in os.environ.get(ENVIRONMENT, "").split(os.pathsep) if f]
        return cls(folders)

    @cached_property
    def _versions(self) -> tuple[Version, ...]:
        found = [v for folder in self.folders for v in _scan(folder)]
        return tuple(sorted(found, key=lambda v: (v.id, v.effective_from)))

    def versions(self, rule_id: str | None = None) -> tuple[Version, ...]:
        """Every version (of ``rule_id``), by id, then by the day it comes into force."""
        return tuple(v for v in self._versions if rule_id in (None, v.id))

    def ids(self) -> tuple[str, ...]:
        """The ids of the rule sets, sorted."""
        return tuple(sorted({v.id for v in self._versions}))

    def find(self, rule_id: str, *, on: dt.date | None = None) -> Version:
        """The version of ``rule_id`` in force on ``on``.

        Without a date: the latest version that has come into force today (or
        the earliest, if none has yet).

        Raises:
            UsageError: no such id, or no version of it is in force on ``on``.
        """
        versions = self.versions(rule_id)
        if not versions:
            known = self.ids()
            msg = said(
                "catalogue.no_ruleset",
                id=repr(rule_id),
                hint=suggest(rule_id, known),
                known=", ".join(known),
            )
            raise UsageError(msg)
        if on is None:
            today = dt.date.today()
            started = [v for v in versions if v.effective_from <= today]
            return started[-1] if started else versions[0]
        in_force = [v for v in versions if v.in_force(on)]
        if not in_force:
            listed = "; ".join(f"{v.version}: {v.dates}" for v in versions)
            msg = said(
                "catalogue.not_in_force", id=repr(rule_id), day=on.isoformat(), listed=listed
            )
            raise UsageError(msg)
        return in_force[-1]

    def resolve(self, id_or_path: str | os.PathLike[str], *, on: dt.date | None = None) -> Path:
        """The rule file of a path (a file, or a folder holding ``ruleset.toml``) or of an id.

        ``ID@VERSION`` names one version (``tt01-2020@2020.2.0-provisional.1``) and
        ``ID@YYYY-MM-DD`` the version in force that day, as ``coopeval diff`` takes them.

        Raises:
            UsageError: neither an existing path nor a known id (or version).
        """
        path = Path(id_or_path)
        if path.exists():
            return rule_file(path)
        wanted = os.fspath(id_or_path)
        if "@" in wanted:
            rule_id, at = wanted.split("@", 1)
            return self._at(rule_id, at).path
        return self.find(wanted, on=on).path

    def _at(self, rule_id: str, at: str) -> Version:
        """The version of ``rule_id`` named ``at``, or in force on the day ``at``."""
        try:
            day = dt.date.fromisoformat(at)
        except ValueError:
            day = None
        if day is not None:
            return self.find(rule_id, on=day)
        versions = self.versions(rule_id)
        found = [v for v in versions if v.version == at]
        if not found:
            self.find(rule_id)  # an unknown id: its own message
            listed = ", ".join(v.version for v in versions)
            raise UsageError(said("catalogue.no_version", id=repr(rule_id), at=at, listed=listed))
        return found[0]

    def problems(self) -> tuple[RuleSetError, ...]:
        """Versions of one id that repeat a version, overlap in time or leave a gap."""
        return version_problems(self._versions)


def version_problems(versions: Iterable[Version]) -> tuple[RuleSetError, ...]:
    """Among ``versions``: those of one id that repeat a version, overlap or leave a gap."""
    found: list[RuleSetError] = []
    by_id: dict[str, list[Version]] = {}
    for version in sorted(versions, key=lambda v: (v.id, v.effective_from)):
        by_id.setdefault(version.id, []).append(version)
    for same in by_id.values():
        seen: dict[str, Version] = {}
        for version in same:
            if version.version in seen:
                found.append(_repeat(seen[version.version], version))
            seen[version.version] = version
        for earlier, later in itertools.pairwise(same):
            problem = _joint(earlier, later)
            if problem is not None:
                found.append(problem)
    return tuple(found)


def _scan(folder: Path) -> Iterator[Version]:
    """The rule files of a catalogue folder, one level down (and at its top)."""
    if folder.is_file():
        files = [folder]
    else:
        files = sorted(folder.glob("*.toml")) + sorted(folder.glob("*/*.toml"))
    for file in files:
        version = _read_version(file)
        if version is not None:
            yield version


def _read_version(file: Path) -> Version | None:
    """A file's identity and dates, or ``None`` when it is not a readable rule file.

    A file that does not parse is left out here; checking it reports why.
    """
    try:
        raw = read_rule_file(file)  # never a device or a pipe, never past the cap
        data = _header_table(raw, str(file)) or parse_toml(raw, str(file))
        head = rule_converter.structure(data.get("ruleset"), Header)
    except Exception:  # any unreadable file (I/O, TOML, structure): `check` says why
        return None
    return version_of(head, file)


def _header_table(raw: bytes, file: str) -> dict[str, Any] | None:
    """The ``[ruleset]`` tables alone, parsed without the rest of the file (a scan reads
    every file's header, and a scorecard is 800 lines); ``None`` when they cannot be
    cut out cleanly, and the whole file is parsed instead."""
    lines = raw.split(b"\n")
    try:
        start = next(n for n, line in enumerate(lines) if line.strip() == b"[ruleset]")
    except StopIteration:
        return None
    end = next(
        (
            n
            for n in range(start + 1, len(lines))
            if lines[n].lstrip().startswith(b"[") and not lines[n].lstrip().startswith(b"[ruleset.")
        ),
        len(lines),
    )
    try:
        return parse_toml(b"\n".join(lines[start:end]), file)
    except RuleSetError:
        return None


def version_of(head: Header, file: Path) -> Version:
    """The catalogue entry of a rule file with this header."""
    return Version(
        id=head.id,
        version=head.version,
        kind=head.kind,
        title=head.title,
        document=head.document.id,
        effective_from=head.effective_from or head.document.effective_from,
        effective_to=head.effective_to or head.document.effective_to,
        path=file,
    )


def _repeat(first: Version, again: Version) -> VersionError:
    where = "$.ruleset.version"
    msg = said(
        "catalogue.repeat",
        file=str(again.path),
        path=where,
        version=repr(again.version),
        id=repr(again.id),
        other=str(first.path),
    )
    return VersionError(msg, file=str(again.path), path=where)


def _joint(earlier: Version, later: Version) -> VersionError | None:
    """An overlap or a gap between two versions that follow each other."""
    where = "$.ruleset.effective_from"
    start = later.effective_from.isoformat()
    if earlier.effective_to is None or later.effective_from <= earlier.effective_to:
        fix = (later.effective_from - _DAY).isoformat()
        msg = said(
            "catalogue.overlap",
            file=str(later.path),
            path=where,
            version=repr(later.version),
            id=repr(later.id),
            start=start,
            earlier=repr(earlier.version),
            other=str(earlier.path),
            until=said("catalogue.until", day=earlier.effective_to.isoformat())
            if earlier.effective_to
            else said("catalogue.no_end"),
            fix=fix,
        )
        return VersionError(msg, file=str(later.path), path=where)
    if later.effective_from > earlier.effective_to + _DAY:
        first, last = earlier.effective_to + _DAY, later.effective_from - _DAY
        msg = said(
            "catalogue.gap",
            file=str(later.path),
            path=where,
            version=repr(later.version),
            id=repr(later.id),
            start=start,
            earlier=repr(earlier.version),
            other=str(earlier.path),
            end=earlier.effective_to.isoformat(),
            first=first.isoformat(),
            last=last.isoformat(),
        )
        return VersionError(msg, file=str(later.path), path=where)
    return None
