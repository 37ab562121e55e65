"""Report: takes results, returns what people and other programs read.

`explain.explain` turns a result of either kind into one `Explanation` data
type (filled per kind by `scorecard` and `programme`), which `text.render`
writes as text; `contract.to_dict` and `rows` give the JSON and CSV forms
whose field names are a contract; `summary.Summariser` builds the December
report, led by the targets the scorecard declares. Words come from
``messages.toml``, labels from the rule files. Nothing here prints.
"""

from coopeval.report.contract import Mode, programme_fields, to_dict
from coopeval.report.explain import explain
from coopeval.report.explanation import AmountLine, ConditionLine, Explanation, Line
from coopeval.report.messages import Lang, fmt, message
from coopeval.report.scorecard import issue_text, next_rating
from coopeval.report.summary import Summariser, Summary
from coopeval.report.text import render, render_summary, render_table

__all__ = [
    "AmountLine",
    "ConditionLine",
    "Explanation",
    "Lang",
    "Line",
    "Mode",
    "Summariser",
    "Summary",
    "explain",
    "fmt",
    "issue_text",
    "message",
    "next_rating",
    "programme_fields",
    "render",
    "render_summary",
    "render_table",
    "to_dict",
]
