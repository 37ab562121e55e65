"""Write results as they come: JSON, JSONL, CSV, or an XLSX workbook.

Every writer takes one item at a time (a scorecard's `Evaluation`, or one
record's results under several programmes) and keeps nothing per row, so a
batch of any size is written in constant memory. The workbooks (`workbook`:
results, explanation, errors and summary of a scorecard; an overview and a
sheet per programme for eligibility) show labels in the chosen language, with
the codes in code columns, and numbers as numbers in officers' formats.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import IO, Any, Protocol

from coopeval.engine import CompiledRuleSet, Evaluation
from coopeval.engine.results import ProgrammeResult
from coopeval.errors import UsageError
from coopeval.formats.eligibility_workbook import ProgrammeXlsxSink
from coopeval.formats.summary_sheet import summary_rows, write_summary_xlsx
from coopeval.formats.workbook import (
    ScorecardRows,
    XlsxSink,
    xlsx_rows,
)
from coopeval.report import to_dict
from coopeval.report.columns import csv_header, csv_line, programme_csv_header, programme_csv_row
from coopeval.report.contract import json_line

__all__ = [
    "BOM",
    "TEXT_FORMATS",
    "CsvSink",
    "JsonListSink",
    "JsonlSink",
    "ProgrammeXlsxSink",
    "ScorecardRows",
    "Sink",
    "TextSink",
    "XlsxSink",
    "programme_csv",
    "scorecard_csv",
    "summary_rows",
    "text_sink",
    "write_summary_xlsx",
    "xlsx_rows",
]

#: What a sink takes: a scorecard result, or one record under several programmes.
Item = Evaluation | Sequence[ProgrammeResult]


class Sink(Protocol):
    """Where results go, one at a time."""

    def write(self, item: Any) -> None: ...

    def close(self) -> None: ...


class TextSink(Sink, Protocol):
    """A sink that writes each item as a piece of text: the item's text may be made elsewhere.

    ``write(item)`` is ``write_text(text(item))``, so a worker process that makes
    the text with the same sink class writes exactly what this process would.
    """

    def text(self, item: Any) -> str: ...

    def write_text(self, text: str) -> None: ...


#: The JSON form of an item: `coopeval.report.to_dict`, or a command's own.
Form = Callable[[Any], dict[str, Any]]


class JsonlSink:
    """One JSON object per line, with the field names of the output contract."""

    def __init__(self, out: IO[str], form: Form = to_dict) -> None:
        self.out = out
        self.form = form

    def text(self, item: Item) -> str:
        if self.form is to_dict:  # the contract's form: the same text, made faster
            return json_line(item) + "\n"
        return json.dumps(self.form(item), ensure_ascii=False) + "\n"

    def write_text(self, text: str) -> None:
        self.out.write(text)

    def write(self, item: Item) -> None:
        self.write_text(self.text(item))

    def close(self) -> None:
        self.out.flush()


class JsonListSink:
    """A JSON list written item by item, so a big batch is never held whole."""

    def __init__(self, out: IO[str], form: Form = to_dict) -> None:
        self.out = out
        self.form = form
        self.first = True
        out.write("[")

    def text(self, item: Item) -> str:
        return json.dumps(self.form(item), ensure_ascii=False, indent=2)

    def write_text(self, text: str) -> None:
        self.out.write(("\n" if self.first else ",\n") + text)
        self.first = False

    def write(self, item: Item) -> None:
        self.write_text(self.text(item))

    def close(self) -> None:
        self.out.write("\n]\n")
        self.out.flush()


#: The byte-order mark Excel needs to read a CSV file as UTF-8 (else it garbles "Khá").
BOM = "\ufeff"


class CsvSink:
    """One flat row per record, under the columns of the output contract.

    ``line`` gives an item's values in the order of ``columns``; ``header=False``
    writes rows only (a part of a file written elsewhere). ``bom``: the file
    starts with U+FEFF, for Excel (with the header, so a part never has one).
    """

    def __init__(
        self,
        out: IO[str],
        columns: list[str],
        line: Callable[[Any], list[str]],
        *,
        header: bool = True,
        bom: bool = False,
    ) -> None:
        if header:
            if bom:
                out.write(BOM)
            csv.writer(out).writerow(columns)
        self.line = line
        self.out = out
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer)

    def text(self, item: Any) -> str:
        """The CSV line of ``item``, quoted as `csv.writer` quotes it."""
        self.writer.writerow(self.line(item))
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text

    def write_text(self, text: str) -> None:
        self.out.write(text)

    def write(self, item: Any) -> None:
        self.write_text(self.text(item))

    def close(self) -> None:
        self.out.flush()


def scorecard_csv(
    out: IO[str], rules: CompiledRuleSet[Any], *, header: bool = True, bom: bool = False
) -> CsvSink:
    """A CSV sink of scorecard results: identity, result, classes, points per item, errors."""
    return CsvSink(out, csv_header(rules), csv_line, header=header, bom=bom)


def programme_csv(
    out: IO[str],
    programmes: Sequence[CompiledRuleSet[Any]],
    *,
    header: bool = True,
    bom: bool = False,
) -> CsvSink:
    """A CSV sink of records under programmes: outcome, missing, not met, amounts, errors."""
    columns = programme_csv_header(programmes)

    def line(item: Sequence[ProgrammeResult]) -> list[str]:
        row = programme_csv_row(item)
        return [row.get(column, "") for column in columns]

    return CsvSink(out, columns, line, header=header, bom=bom)


#: The formats whose rows are pieces of text (`TextSink`): a parallel run can make them.
TEXT_FORMATS = ("csv", "jsonl", "json")


def text_sink(
    fmt: str,
    rule_sets: Sequence[CompiledRuleSet[Any]],
    out: IO[str] | None = None,
    *,
    header: bool = True,
    form: Form = to_dict,
    bom: bool = False,
) -> TextSink:
    """The sink of ``fmt`` (one of `TEXT_FORMATS`) for results under ``rule_sets``.

    CSV has the columns of a scorecard for one scorecard, else those of programmes;
    ``bom`` starts it with a byte-order mark for Excel (JSON never has one).
    ``out`` ``None``: the sink writes nowhere; only its ``text`` is of use.
    """
    target = io.StringIO() if out is None else out
    if fmt == "csv":
        if len(rule_sets) == 1 and rule_sets[0].kind == "scorecard":
            return scorecard_csv(target, rule_sets[0], header=header, bom=bom)
        return programme_csv(target, rule_sets, header=header, bom=bom)
    if fmt == "jsonl":
        return JsonlSink(target, form)
    if fmt == "json":
        return JsonListSink(target, form)
    msg = f"no text sink for {fmt!r}: use one of {', '.join(TEXT_FORMATS)}"
    raise UsageError(msg)
