"""Officer-ready workbooks of eligibility: a sheet per programme, and the set rules.

The same conventions as the scorecard's workbook (`coopeval.formats.workbook`):
labels in the chosen language, codes in code columns at the right, numbers in
officers' formats, a bold frozen header with a filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from coopeval.engine import CompiledRuleSet
from coopeval.engine.population import SetRuleResult
from coopeval.engine.results import ProgrammeResult
from coopeval.errors import UsageError
from coopeval.formats.sheet_words import Words, family_of
from coopeval.formats.workbook import error_cells, error_columns
from coopeval.formats.xlsx import EMPTY, Book, Column, Sheet, number, text
from coopeval.report import message
from coopeval.report.scorecard import field_names

__all__ = ["ProgrammeXlsxSink", "write_programme_xlsx", "write_set_rules_xlsx"]


class ProgrammeXlsxSink:
    """Eligibility under several programmes: an overview, a sheet per programme, errors.

    ``write(row)`` takes one record's results, one `ProgrammeResult` per
    programme in the order of ``programmes``. The overview has a row per record
    (its outcome under each programme); each programme's sheet a row per record
    with the outcome of every condition, what is missing to decide and the
    amounts in VND; the errors sheet a row per problem.
    """

    def __init__(self, path: str, programmes: Sequence[CompiledRuleSet[Any]], lang: str) -> None:
        if not programmes:
            msg = "an eligibility workbook needs at least one programme"
            raise UsageError(msg)
        self.path = path
        self.lang = lang
        self.programmes = list(programmes)
        self.notes: list[str] = []
        self.source = ""
        self.book = Book(path)
        words = self.words = Words(lang, self.book.strings)
        outcomes = ("eligible", "not_eligible", "undetermined")
        self.outcomes = words.cells("eligibility", outcomes)
        self.outcome_codes = words.codes(outcomes)
        conditions = ("met", "not_met", "missing")
        self.verdicts = words.cells("eligibility", conditions)
        self.status = words.cells("status", ("ok", "error"))
        self.status_codes = words.codes(("ok", "error"))
        ids = [p.id for p in self.programmes]
        self.overview = self.book.sheet(
            words.word("sheets", "overview"),
            [words.column("id", 14), words.column("name", 32), words.column("status", 15)]
            + [Column(f"{p.id} {p.title.get(lang)}", 22) for p in self.programmes]
            + [words.column("row", 7), words.code("status")]
            + [words.code(f"{i}.outcome", 14) for i in ids],
        )
        self.sheets: list[Sheet] = []
        self.inputs: list[dict[str, str]] = []
        self.field_names = [field_names(p.ruleset, lang) for p in self.programmes]
        for p in self.programmes:
            body = p.ruleset.programme
            self.inputs.append({i.name: i.label.get(lang) for i in p.ruleset.inputs})
            columns = [words.column("id", 14), words.column("name", 32)]
            columns += [words.column("outcome", 18)]
            columns += [Column(f"{c.id} {c.label.get(lang)}", 16) for c in body.conditions]
            columns += [words.column("not_met", 24), words.column("needs", 30)]
            columns += [Column(f"{a.id} {a.label.get(lang)}", 18) for a in body.amounts]
            columns += [words.column("errors", 8), words.column("row", 7)]
            columns += [words.code("outcome", 14), words.code("not_met", 24)]
            columns += [words.code("missing", 24)]
            self.sheets.append(self.book.sheet(p.id, columns))
        self.families = [
            [family_of(a.unit) for a in p.ruleset.programme.amounts] for p in self.programmes
        ]
        self.errors = self.book.sheet(
            words.word("sheets", "errors"), error_columns(words, programme=True)
        )

    def write(self, row: Sequence[ProgrammeResult]) -> None:
        if len(row) != len(self.programmes):
            msg = f"{len(row)} results for {len(self.programmes)} programmes"
            raise UsageError(msg)
        first = row[0]
        ident = text(first.id)
        name = text(dict(first.meta).get("name"))
        failed = "error" if any(r.errors for r in row) else "ok"
        outcomes = [self._outcome(r.outcome) for r in row]
        codes = [text(r.outcome) for r in row]
        self.overview.write(
            f"<row>{ident}{name}{self.status[failed]}{''.join(outcomes)}{number(first.row)}"
            f"{self.status_codes[failed]}{''.join(codes)}</row>",
            1,
        )
        for n, result in enumerate(row):
            self.sheets[n].write(self._programme(n, result, ident, name), 1)
            for issue in result.errors:
                self.errors.write(
                    f"<row>{text(result.programme.id)}{ident}"
                    f"{error_cells(issue, result.row, self.lang, self.field_names[n])}</row>",
                    1,
                )

    def _outcome(self, outcome: str | None) -> str:
        return EMPTY if outcome is None else self.outcomes.get(outcome) or text(outcome)

    def _programme(self, n: int, result: ProgrammeResult, ident: str, name: str) -> str:
        body = self.programmes[n].ruleset.programme
        verdicts = {c.id: c.outcome for c in result.conditions}
        not_met = [c.id for c in result.conditions if c.outcome == "not_met" and not c.children]
        labels = self.inputs[n]
        amounts = {a.id: a.value for a in result.amounts}
        row = [ident, name, self._outcome(result.outcome)]
        row += [
            EMPTY if c.id not in verdicts else self.verdicts[verdicts[c.id]]
            for c in body.conditions
        ]
        row += [text("; ".join(not_met)), text("; ".join(labels.get(m, m) for m in result.missing))]
        row += [
            number(amounts.get(a.id), family)
            for a, family in zip(body.amounts, self.families[n], strict=True)
        ]
        row += [number(len(result.errors)), number(result.row)]
        row += [text(result.outcome), text(";".join(not_met)), text(";".join(result.missing))]
        return f"<row>{''.join(row)}</row>"

    def columns(self, lines: Sequence[str], source: str) -> None:
        """What the file ``source`` was read as, for the foot of the overview sheet."""
        self.notes = list(lines)
        self.source = source

    def close(self) -> None:
        if self.notes:
            self.overview.end_filter()
            self.overview.append([])
            self.overview.append([message("plan", "title", self.lang, source=self.source)])
            for line in self.notes:
                self.overview.append([line])
        self.book.close()


def write_programme_xlsx(
    path: str,
    programmes: Sequence[CompiledRuleSet[Any]],
    rows: Iterable[Sequence[ProgrammeResult]],
    lang: str,
) -> None:
    """The eligibility workbook of ``rows`` (one record's results per programme each)."""
    sink = ProgrammeXlsxSink(path, programmes, lang)
    try:
        for row in rows:
            sink.write(row)
    except BaseException:
        sink.book.discard()
        raise
    sink.close()


def write_set_rules_xlsx(path: str, results: Sequence[SetRuleResult], lang: str) -> None:
    """Quotas and shares on one sheet (a row per group), rankings on another (a row per record).

    Outcomes and rule statuses are labels in ``lang``, their codes in code columns;
    shares are percentages, limits plain numbers.
    """
    book = Book(path)
    words = Words(lang, book.strings)
    outcomes = ("met", "not_met", "missing", "eligible", "not_eligible", "undetermined")
    shown = words.cells("eligibility", outcomes)
    statuses = ("confirmed", "provisional", "unconfirmed")
    status = words.cells("rule_status", statuses)
    head = [words.column("programme", 14), words.column("rule", 18)]
    tail = [words.column("rule_status", 16), words.column("citation", 40)]
    targets = book.sheet(
        words.word("sheets", "targets"),
        [
            *head,
            *(words.column(k, w) for k, w in (("group", 24), ("outcome", 18), ("count", 10))),
            *(words.column(k, w) for k, w in (("total_count", 10), ("share", 10), ("limit", 12))),
            *(words.column(k, w) for k, w in (("records", 40), ("undecided", 30))),
            *tail,
            words.code("outcome", 14),
            words.code("rule_status", 14),
        ],
    )
    ranking = book.sheet(
        words.word("sheets", "ranking"),
        [
            *head,
            *(words.column(k, w) for k, w in (("rank", 10), ("id", 14), ("keys", 40))),
            words.column("missing", 30),
            *tail,
            words.code("rule_status", 14),
        ],
    )
    everyone = words.word("eligibility", "all")
    try:
        for rule in results:
            common = text(rule.programme) + text(rule.id)
            about = (status.get(rule.status) or text(rule.status)) + text(rule.citation)
            for g in rule.groups:
                targets.write(
                    f"<row>{common}{text(g.group or everyone)}"
                    f"{shown.get(g.outcome) or text(g.outcome)}{number(g.count)}"
                    f"{number(g.total)}{number(g.share, 'share')}{number(g.limit)}"
                    f"{text(', '.join(g.records))}{text(', '.join(g.undecided))}{about}"
                    f"{text(g.outcome)}{text(rule.status)}</row>",
                    1,
                )
            for e in rule.ranking:
                keys = ", ".join("—" if k is None else str(k) for k in e.keys)
                ranking.write(
                    f"<row>{common}{number(e.rank)}{text(e.id)}{text(keys)}"
                    f"{text(', '.join(e.missing))}{about}{text(rule.status)}</row>",
                    1,
                )
    except BaseException:
        book.discard()
        raise
    book.close()
