"""Formats: files in, files out, for both kinds of rule set.

Reading takes a path (or standard input) and yields a spreadsheet's column
plan (`plan`: each column's field and unit, what is not used, what is absent),
then one `RawRecord`, `Unreadable` or `Skipped` (a totals row) per row
(`readers` for JSON and JSONL, `sheets` for CSV and XLSX as officers keep them,
`headers` for Vietnamese column names); `batch` scores every data row under
one or several rule sets, one result per row; `impact` compares each row
under two versions of a rule set; `sinks` write results as they
come (JSON, JSONL, CSV, XLSX) in constant memory.
"""

from coopeval.formats.batch import FileResults, evaluate_file
from coopeval.formats.headers import HeaderMap, load_header_map
from coopeval.formats.impact import FileImpacts, impact_file
from coopeval.formats.plan import Column, ColumnPlan, Planner
from coopeval.formats.readers import detect_format, read_records
from coopeval.formats.rows import FORMATS, Format, RawRecord, Skipped, Unreadable

__all__ = [
    "FORMATS",
    "Column",
    "ColumnPlan",
    "FileImpacts",
    "FileResults",
    "Format",
    "HeaderMap",
    "Planner",
    "RawRecord",
    "Skipped",
    "Unreadable",
    "detect_format",
    "evaluate_file",
    "impact_file",
    "load_header_map",
    "read_records",
]
