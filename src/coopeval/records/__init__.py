"""Records: raw values in, typed values and located issues out.

Below both engines and the rule-set checker. Takes a raw record (a mapping
from a file or a caller) and the declared inputs; returns a `ParsedRecord`
whose values are positioned for a compiled rule set, absent ones as
`MissingValue`, and whose problems are `RecordIssue`s, never exceptions.
`numbers` reads Vietnamese and English number notation in spreadsheet cells.
"""

from coopeval.records.issues import RecordIssue
from coopeval.records.numbers import NumberFormatError, parse_number
from coopeval.records.schema import ParsedRecord, RecordSchema, flatten
from coopeval.records.values import record_converter

__all__ = [
    "NumberFormatError",
    "ParsedRecord",
    "RecordIssue",
    "RecordSchema",
    "flatten",
    "parse_number",
    "record_converter",
]
