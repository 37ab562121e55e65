"""The expression language of rule files: check, then compile.

Takes expression text and the declared inputs; `check` returns a
`CheckedExpression` (whitelisted, typed, the inputs it reads), and
`compile_expression` turns its tree into a function over a record's value
tuple. Functions are listed once, signature with implementation
(`functions.FUNCTIONS`); absent inputs are `missing.MissingValue`, which refuses
every use; all generated code goes through `codegen`.
"""

from coopeval.expr.check import CheckedExpression, ExprProblem, check, position
from coopeval.expr.compile import Function, compile_expression, reads, rewrite
from coopeval.expr.functions import FUNCTIONS, ROUNDING, quantum
from coopeval.expr.kinds import InputInfo, Kind
from coopeval.expr.missing import (
    EvaluationProblem,
    MissingInput,
    MissingValue,
    arithmetic_reason,
    shown,
)

__all__ = [
    "FUNCTIONS",
    "ROUNDING",
    "CheckedExpression",
    "EvaluationProblem",
    "ExprProblem",
    "Function",
    "InputInfo",
    "Kind",
    "MissingInput",
    "MissingValue",
    "arithmetic_reason",
    "check",
    "compile_expression",
    "position",
    "quantum",
    "reads",
    "rewrite",
    "shown",
]
