"""An officer's uploaded workbook read as the command line reads a file, in a folder removed after.

`read_upload` writes the bytes to a fresh temporary folder and reads them with
`coopeval.formats.evaluate_file` twice: under the scorecard alone, as
``coopeval score`` does (its results and column plan make the workbook), and
under the scorecard and the programmes at once (their outcomes, and the column
plan of everything the page shows). It keeps the results in memory and removes
the folder before it returns, whatever happens. `officer_workbook` writes the workbook of
``coopeval score -o x.xlsx`` of those results, again in a folder removed after,
and returns its bytes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any, TypeVar, cast

import attrs

from coopeval.engine import CompiledRuleSet, Evaluation, ProgrammeResult
from coopeval.errors import CoopevalError, UsageError
from coopeval.formats import ColumnPlan, Skipped, evaluate_file
from coopeval.formats.plan import describe
from coopeval.formats.sinks import XlsxSink
from coopeval.messages import in_lang, said
from coopeval.report import Summariser

__all__ = ["SUFFIXES", "Reading", "Row", "UploadError", "officer_workbook", "read_upload"]

#: The kinds of file the page reads, by suffix (what ``coopeval score`` reads).
SUFFIXES = (".xlsx", ".csv", ".json", ".jsonl")

T = TypeVar("T", Evaluation, ProgrammeResult)

#: The longest file name shown back; a longer one is cut.
NAME_LENGTH = 120


@attrs.frozen
class Row:
    """One data row of the upload: its scorecard result and its result under each programme."""

    index: int
    evaluation: Evaluation
    programmes: tuple[ProgrammeResult, ...]


@attrs.frozen
class Reading:
    """What an upload was read as: its columns, its rows' results, the rows skipped."""

    #: The file's name as the officer's browser sent it, without folders.
    name: str
    scorecard: CompiledRuleSet[Any]
    programmes: tuple[CompiledRuleSet[Any], ...]
    #: The columns as the page reads them: for the scorecard and every programme.
    plan: ColumnPlan | None
    skipped: tuple[Skipped, ...]
    rows: tuple[Row, ...]
    #: The columns as ``coopeval score`` reads them: for the scorecard alone.
    score_plan: ColumnPlan | None = None

    def evaluations(self) -> list[Evaluation]:
        """The scorecard results, in the file's order."""
        return [row.evaluation for row in self.rows]

    def notes(self, lang: str) -> list[str]:
        """The scorecard's column plan and the rows skipped, as ``coopeval score`` tells them."""
        return describe(self.score_plan, self.skipped, lang)


class UploadError(UsageError):
    """An upload that cannot be read: not a spreadsheet, or a file coopeval refuses.

    Its words name the file as the officer knows it, never the temporary folder.
    """

    def __init__(self, cause: object, path: str, name: str) -> None:
        self.cause, self.path, self.name = cause, path, name
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """The reason in ``lang`` (``vi`` or ``en``), the file called by the officer's name."""
        words = in_lang(self.cause, lang)
        return words.replace(self.path, self.name) if self.path else words


def shown_name(name: str | None) -> str:
    """The name of an uploaded file without any folder the browser sent, cut if very long."""
    base = PureWindowsPath(PurePath(name or "").name).name.strip()
    return base[:NAME_LENGTH] or "upload"


def read_upload(
    name: str | None,
    data: bytes,
    scorecard: CompiledRuleSet[Any],
    programmes: Sequence[CompiledRuleSet[Any]],
) -> Reading:
    """Every row of the uploaded file ``name`` under ``scorecard`` and ``programmes``.

    Raises:
        UploadError: the name has no suffix of `SUFFIXES`, or the file cannot be
            read as one (the reason as the command line gives it).
    """
    shown = shown_name(name)
    suffix = PurePath(shown).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadError(
            said("page.not_a_workbook", name=shown, allowed=", ".join(SUFFIXES)), "", shown
        )
    with tempfile.TemporaryDirectory(prefix="coopeval-upload-") as folder:
        # the officer's name stays out of the path: only its suffix is used
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        try:
            alone = evaluate_file(scorecard, path)
            scored = list(alone)
            both = evaluate_file([scorecard, *programmes], path)
            judged = [cast("list[ProgrammeResult]", found[1:]) for found in both]
        except CoopevalError as exc:
            raise UploadError(exc, str(path), shown) from exc
    # the same file read twice: one row of each read per data row, in the same order
    rows = tuple(
        Row(index, _shown(ev, shown), tuple(_shown(r, shown) for r in results))
        for index, (ev, results) in enumerate(zip(scored, judged, strict=True))
    )
    skipped = tuple(alone.skipped)
    return Reading(shown, scorecard, tuple(programmes), both.plan, skipped, rows, alone.plan)


def _shown(result: T, name: str) -> T:
    """A result whose source is the file's name, not its path in the folder now removed."""
    return attrs.evolve(result, source=name)


def officer_workbook(reading: Reading, lang: str) -> bytes:
    """The XLSX workbook ``coopeval score FILE -o x.xlsx --lang LANG`` writes for the upload:
    results, explanation, errors and summary sheets, the column plan on the summary."""
    with tempfile.TemporaryDirectory(prefix="coopeval-xlsx-") as folder:
        path = Path(folder) / "coopeval.xlsx"
        rules = reading.scorecard
        book = XlsxSink(str(path), rules, lang, Summariser(None, rules.ruleset.scorecard))
        for evaluation in reading.evaluations():
            book.write(evaluation)
        book.columns(reading.notes(lang), reading.name)
        book.close()
        return path.read_bytes()
