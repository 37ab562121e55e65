"""Formats: files in, files out, for both kinds of rule set.

Reading takes a path (or standard input) and yields one `RawRecord` or
`Unreadable` per row (`readers` for JSON and JSONL, `sheets` for CSV and XLSX
as officers keep them, `headers` for Vietnamese column names); `batch` scores
every row under one or several rule sets, one result per row; `sinks` write
results as they come (JSON, JSONL, CSV, XLSX) in constant memory.
"""

from coopeval.formats.batch import evaluate_file
from coopeval.formats.headers import HeaderMap, load_header_map
from coopeval.formats.readers import detect_format, read_records
from coopeval.formats.rows import FORMATS, Format, RawRecord, Unreadable

__all__ = [
    "FORMATS",
    "Format",
    "HeaderMap",
    "RawRecord",
    "Unreadable",
    "detect_format",
    "evaluate_file",
    "load_header_map",
    "read_records",
]
