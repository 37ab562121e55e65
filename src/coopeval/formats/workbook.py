"""Officer-ready workbooks: scorecard results and eligibility, in the chosen language.

Every sheet shows labels (the rating "Khá", the status, where points came
from, the rule's status "tạm tính", class names from the rule file), with the
machine codes in code columns at the right end, headed ``mã: status`` (``code:
status`` in English). Numbers are numbers, shown as officers read them: VND
``#,##0``, points ``0`` (``0.00`` when not whole), percentages ``0.0%``; a
number never shows fewer decimals than it has, so a measure next to a band
edge is never rounded onto it. Headers are bold and frozen, with a filter.

A scorecard result's rows are one piece of text made from per-rule-set
constants (`ScorecardRows`), in this process or in a worker (`xlsx_rows`), and
written by `XlsxSink` as they come: memory does not grow with the rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from coopeval.engine import CompiledRuleSet, Evaluation
from coopeval.engine.results import RuleSetRef
from coopeval.errors import UsageError
from coopeval.formats.sheet_words import Words, family_of
from coopeval.formats.summary_sheet import summary_columns, summary_sheet
from coopeval.formats.xlsx import (
    EMPTY,
    WRAP,
    Book,
    Column,
    Family,
    Strings,
    number,
    text,
)
from coopeval.records import RecordIssue
from coopeval.report import Summariser, message
from coopeval.report.messages import has_message
from coopeval.report.scorecard import field_names
from coopeval.ruleset.axes import classes_of

__all__ = [
    "ScorecardRows",
    "XlsxSink",
    "error_cells",
    "error_columns",
    "issue_message",
    "xlsx_rows",
]

#: Separates the parts of one result's text: results row, explanation rows,
#: error rows, the summary's facts. XML text never holds it (it is escaped).
_PARTS = "\x00"


def issue_message(issue: RecordIssue, lang: str) -> str:
    """A record issue's problem in ``lang``: the Vietnamese wording of its code, or the engine's."""
    if lang != "en" and has_message("issues", issue.code):
        return message("issues", issue.code, "vi")
    return issue.message


class ScorecardRows:
    """One scorecard's result as workbook rows, from constants made once per rule set.

    The same rule set and language give the same strings table in every
    process, so a worker's rows (`text`) refer to the strings of the book the
    main process writes. Also a `coopeval.formats.sinks.TextSink` that writes
    nowhere: ``write_text`` belongs to `XlsxSink`.
    """

    def __init__(self, rules: CompiledRuleSet[Any], lang: str) -> None:
        self.rules = rules
        self.lang = lang
        self.field_name = field_names(rules.ruleset, lang)
        self.strings = Strings()
        words = self.words = Words(lang, self.strings)
        sc = self.scorecard = rules.ruleset.scorecard
        cell = self.strings.cell
        statuses = ("ok", "not_rated", "error")
        self.status = words.cells("status", statuses)
        self.status_codes = words.codes(statuses)
        self.ratings = {r.id: cell(r.label.get(lang)) for r in sc.ratings.bands}
        self.ratings["not_rated"] = cell(words.word("words", "not_rated"))
        self.rating_codes = words.codes([*self.ratings])
        self.classes: list[dict[str, str]] = []
        for axis in sc.classifications:
            self.classes.append({v.value: cell(v.label.get(lang)) for v in classes_of(axis)})
        self.class_codes = [words.codes([*found]) for found in self.classes]
        self.reasons = {e.id: cell(e.reason.get(lang)) for e in sc.exclusions}
        self.reason_codes = words.codes([*self.reasons])
        sources = ("computed", "self_assessed", "missing", "lenient_zero", "error")
        source_cells = words.cells("source", sources)
        source_codes = words.codes(sources)
        compiled = rules.body.items
        #: Per item: id and label cells; per band: unit, edges; per source: max to codes.
        self.heads: list[str] = []
        self.bands: list[list[str]] = []
        self.band_points: list[tuple[Decimal, ...]] = []
        self.point_cells: list[list[str]] = []
        self.tails: list[dict[str, str]] = []
        self.families: list[Family] = []
        for item, run in zip(sc.items, compiled, strict=True):
            family = family_of(item.unit)
            self.families.append(family)
            self.heads.append(cell(item.id) + cell(item.label.get(lang), WRAP))
            unit = cell(item.unit)
            edges = [run.table.edges(b) for b in range(len(run.points))]
            self.bands.append(
                [unit + number(low, family) + number(high, family) for low, high in edges]
                + [unit + EMPTY + EMPTY]
            )
            self.band_points.append(run.points)
            self.point_cells.append([number(p, "points") for p in run.points])
            status = cell(words.word("rule_status", item.status))
            constant = number(item.max, "points")
            citation = cell(item.citation)
            self.tails.append(
                {
                    s: constant
                    + source_cells[s]
                    + status
                    + citation
                    + source_codes[s]
                    + cell(item.status)
                    for s in sources
                }
            )
        #: Per item, band and source: the cells after the measure to the row's end,
        #: when the points are the band's (they are, unless a rule overrides them).
        self.afters: list[list[dict[str, str]]] = [
            [
                {s: band + point + end + "</row>" for s, end in tails.items()}
                for band, point in zip(bands, points, strict=False)
            ]
            for bands, points, tails in zip(self.bands, self.point_cells, self.tails, strict=True)
        ]

    # --- columns -----------------------------------------------------------------

    def results_columns(self) -> list[Column]:
        w, sc, lang = self.words, self.scorecard, self.lang
        head = [w.column("id", 14), w.column("name", 32), w.column("province", 14)]
        head += [w.column("district", 14), w.column("year", 7), w.column("status", 15)]
        head += [Column(f"{i.id} {i.label.get(lang)}", 12) for i in sc.items]
        head += [Column(f"{w.word('columns', 'group')} {g.id}", 9) for g in sc.groups]
        head += [w.column("total", 9), w.column("rating", 12)]
        head += [Column(a.label.get(lang), 16) for a in sc.classifications]
        head += [w.column("missing", 18), w.column("at_stake", 10)]
        head += [w.column("discrepancies", 18), w.column("not_rated_reason", 30)]
        head += [w.column("row", 7), w.code("status"), w.code("rating")]
        head += [w.code(f"classification.{a.id}", 16) for a in sc.classifications]
        return [*head, w.code("not_rated_reason", 16)]

    def explanation_columns(self) -> list[Column]:
        w = self.words
        return [
            w.column("id", 14),
            w.column("item", 7),
            w.column("label", 40),
            w.column("measure", 16),
            w.column("unit", 8),
            w.column("band_lower", 16),
            w.column("band_upper", 16),
            w.column("points", 8),
            w.column("max", 8),
            w.column("source", 16),
            w.column("rule_status", 16),
            w.column("citation", 44),
            w.code("source"),
            w.code("rule_status"),
        ]

    def errors_columns(self) -> list[Column]:
        return error_columns(self.words, programme=False)

    # --- rows --------------------------------------------------------------------

    def parts(self, ev: Evaluation) -> tuple[str, str, str]:
        """The results row, the explanation rows and the error rows of one result.

        All ASCII: other characters are written as XML character references
        (``&#7843;``), the same text to any reader. A worker's rows then travel
        to the main process and are written out as they are, without a
        conversion on either side (`text`).
        """
        ident = _ascii(text(ev.id))
        meta = dict(ev.meta) if ev.meta else {}
        row = [
            ident,
            text(meta.get("name")),
            text(meta.get("province")),
            text(meta.get("district")),
            _year(meta.get("year")),
            self.status.get(ev.status) or text(ev.status),
        ]
        scores = ev.scores
        explained = ""
        if scores is not None and len(scores.points) == len(self.heads):
            points = [
                self.point_cells[n][band]
                if band is not None and p is self.band_points[n][band]
                else number(p, "points")
                for n, (p, band) in enumerate(zip(scores.points, scores.bands, strict=True))
            ]
            row += points
            explained = self._explanation(ev, ident, points)
        else:
            row += [EMPTY] * len(self.heads)
        groups = {g.id: g.points for g in ev.groups}
        row += [number(groups.get(g.id), "points") for g in self.scorecard.groups]
        rating = ev.rating
        row += [number(ev.total, "points"), self._label(self.ratings, rating)]
        classes = dict(ev.classification)
        axes = self.scorecard.classifications
        row += [self._label(self.classes[n], classes.get(a.id)) for n, a in enumerate(axes)]
        row += [
            text(";".join(m.item for m in ev.missing)),
            number(ev.points_at_stake, "points") if ev.missing else EMPTY,
            text(";".join(f"{d.item}:{d.difference}" for d in ev.discrepancies)),
            self._label(self.reasons, ev.not_rated_reason),
            number(ev.row),
            self._label(self.status_codes, ev.status),
            self._label(self.rating_codes, rating),
        ]
        row += [self._label(self.class_codes[n], classes.get(a.id)) for n, a in enumerate(axes)]
        row.append(self._label(self.reason_codes, ev.not_rated_reason))
        errors = "".join(
            f"<row>{ident}{error_cells(issue, ev.row, self.lang, self.field_name)}</row>"
            for issue in ev.errors
        )
        return _ascii(f"<row>{''.join(row)}</row>"), explained, _ascii(errors)

    def _explanation(self, ev: Evaluation, ident: str, points: list[str]) -> str:
        scores = ev.scores
        assert scores is not None  # checked by the caller
        start = "<row>" + ident
        heads, families, afters = self.heads, self.families, self.afters
        rows = []
        for n, (measure, band, source) in enumerate(
            zip(scores.measures, scores.bands, scores.sources, strict=True)
        ):
            after = None
            if band is not None and points[n] is self.point_cells[n][band]:
                after = afters[n][band].get(source)
            if after is None:
                after = (
                    self.bands[n][-1 if band is None else band]
                    + points[n]
                    + self.tails[n][source]
                    + "</row>"
                )
            rows.append(f"{start}{heads[n]}{number(measure, families[n])}{after}")
        return "".join(rows)

    @staticmethod
    def _label(found: dict[str, str], code: str | None) -> str:
        if code is None:
            return EMPTY
        return found.get(code) or text(code)

    def text(self, ev: Evaluation) -> str:
        """One result as one piece of text: its rows, and what the summary needs of it."""
        facts = json.dumps(
            [
                ev.id,
                ev.status,
                None if ev.total is None else str(ev.total),
                ev.rating,
                ev.classification,
                ev.meta,
            ]
        )  # ASCII (\u escapes), as the rows are: see `parts`
        return _PARTS.join((*self.parts(ev), facts))

    def write_text(self, text: str) -> None:
        msg = "ScorecardRows makes rows' text; XlsxSink writes them"
        raise UsageError(msg)

    def write(self, item: Any) -> None:
        self.write_text(self.text(item))

    def close(self) -> None:
        """Nothing to close: the rows are written by `XlsxSink`."""


def _ascii(xml: str) -> str:
    """``xml`` with every character outside ASCII as a character reference."""
    return xml if xml.isascii() else xml.encode("ascii", "xmlcharrefreplace").decode("ascii")


def _year(value: str | None) -> str:
    if value is None:
        return EMPTY
    return number(int(value)) if value.isdigit() else text(value)


def error_columns(words: Words, *, programme: bool) -> list[Column]:
    head = [words.column("programme", 14)] if programme else []
    head += [
        words.column("id", 14),
        words.column("row", 7),
        words.column("column", 18),
        words.column("field", 24),
        words.column("value", 18),
        words.column("message", 40),
        words.column("allowed", 24),
    ]
    return [*head, words.code("code"), words.code("message", 40)]


def error_cells(
    issue: RecordIssue, row: int | None, lang: str, name: Callable[[str], str] = str
) -> str:
    """The cells of one record issue after its id: row, column, ... the code and the message.

    ``name`` says the field: its label with the code in brackets.
    """
    return (
        number(row)
        + text(issue.column)
        + text(name(issue.field) if issue.field else issue.field)
        + text(issue.value)
        + text(issue_message(issue, lang))
        + text(issue.allowed)
        + text(issue.code)
        + text(issue.message)
    )


def xlsx_rows(rule_sets: Sequence[CompiledRuleSet[Any]], *, lang: str = "vi") -> ScorecardRows:
    """The rows maker of one scorecard, for `coopeval.formats.parallel.Work` (``sink``).

    ``functools.partial(xlsx_rows, lang=lang)`` is picklable, so worker processes
    make the same rows as the main process's `XlsxSink`.

    Raises:
        UsageError: not exactly one scorecard.
    """
    if len(rule_sets) != 1 or rule_sets[0].kind != "scorecard":
        msg = "an XLSX workbook of results is made for one scorecard"
        raise UsageError(msg)
    return ScorecardRows(rule_sets[0], lang)


class XlsxSink:
    """A workbook with results, explanation, errors and summary sheets, written as rows come.

    ``write(ev)`` takes a result; ``write_text(text)`` the text `ScorecardRows`
    made of one (in a worker process, say). The book is written to ``path`` on
    ``close()``; until then rows wait in unnamed temporary files in its folder.
    """

    def __init__(
        self, path: str, rules: CompiledRuleSet[Any], lang: str, summariser: Summariser
    ) -> None:
        self.path = path
        self.rules = rules
        self.lang = lang
        self.summariser = summariser
        self.notes: list[str] = []
        self.source = ""
        self.maker = ScorecardRows(rules, lang)
        self.scorecard = rules.ruleset.scorecard
        self.book = Book(path, self.maker.strings)
        sheet, word = self.book.sheet, self.maker.words.word
        self.results = sheet(word("sheets", "results"), self.maker.results_columns())
        self.explanation = sheet(word("sheets", "explanation"), self.maker.explanation_columns())
        self.errors = sheet(word("sheets", "errors"), self.maker.errors_columns())
        self.summary = sheet(word("sheets", "summary"), summary_columns(lang))
        self.items = len(self.scorecard.items)

    def write(self, ev: Evaluation) -> None:
        results, explained, errors = self.maker.parts(ev)
        self._rows(results, explained, errors, len(ev.errors))
        self.summariser.add(ev)

    def text(self, ev: Evaluation) -> str:
        return self.maker.text(ev)

    def write_text(self, text: str) -> None:
        results, explained, errors, facts = text.split(_PARTS)
        self._rows(results, explained, errors, errors.count("<row>"))
        self.summariser.add(_facts(facts, self.rules.ref))

    def _rows(self, results: str, explained: str, errors: str, count: int) -> None:
        self.results.write(results, 1)
        if explained:
            self.explanation.write(explained, self.items)
        if errors:
            self.errors.write(errors, count)

    def columns(self, lines: Sequence[str], source: str) -> None:
        """What the file ``source`` was read as (columns, rows skipped), for the summary sheet."""
        self.notes = list(lines)
        self.source = source

    def close(self) -> None:
        summaries = self.summariser.results()
        notes, source = self.notes, self.source
        summary_sheet(self.summary, summaries, self.scorecard, self.lang, notes, source)
        self.book.close()


def _facts(facts: str, ref: RuleSetRef) -> Evaluation:
    """A result as the summary counts it, from the facts `ScorecardRows.text` wrote."""
    ident, status, total, rating, classes, meta = json.loads(facts)
    return Evaluation(
        ident,
        status,
        None if total is None else Decimal(total),
        rating,
        None,
        (),
        tuple((a, v) for a, v in classes),
        ref,
        meta=tuple((k, v) for k, v in meta),
    )
