"""Every error coopeval raises on purpose.

```text
CoopevalError
├── RuleSetError (ValueError)      a rule file is wrong; raised by load and validate
│   ├── RuleFileError              no rule file to read: a folder, a device, over the size cap
│   ├── RuleSyntaxError            the TOML does not parse, or nests too deep
│   ├── RuleSchemaError            missing key, extra key, wrong type
│   ├── UnknownFieldError          an expression names an undeclared input
│   ├── ExpressionError            an expression is not allowed or ill-typed
│   ├── BandError                  bands unsorted, overlapping, leaving a gap, bad points
│   ├── TotalsError                maxima that do not add up
│   ├── VersionError               versions of one rule set overlap, leave a gap or repeat
│   └── RuleSetProblems            several of the above, all found in one pass
├── RecordError (ValueError)       a record cannot be read; raised by record readers
└── UsageError (ValueError)        a command or API call was given bad arguments
    └── OutputError                a result cannot be written where asked (nothing is replaced)
```

A problem found in one record during evaluation is not raised: it becomes a
`RecordIssue` in the record's result, so every other record is still scored.
"""

from __future__ import annotations

from collections.abc import Sequence

from coopeval.messages import Lines, said

__all__ = [
    "BandError",
    "CoopevalError",
    "ExpressionError",
    "OutputError",
    "RecordError",
    "RuleFileError",
    "RuleSchemaError",
    "RuleSetError",
    "RuleSetProblems",
    "RuleSyntaxError",
    "TotalsError",
    "UnknownFieldError",
    "UsageError",
    "VersionError",
]


class CoopevalError(Exception):
    """Root of every error coopeval raises on purpose."""


class RuleSetError(CoopevalError, ValueError):
    """A rule file is wrong.

    Attributes:
        file: the rule file, as given.
        path: the key path inside it, such as ``$.items[3].bands[1]``.
        line: 1-based line number where it could be found, else ``None``.
    """

    def __init__(
        self, msg: str, *, file: str = "", path: str = "", line: int | None = None
    ) -> None:
        super().__init__(msg)
        self.file = file
        self.path = path
        self.line = line


class RuleFileError(RuleSetError):
    """The rule file cannot be read: missing, a folder or a device, or larger than its cap."""


class RuleSyntaxError(RuleSetError):
    """The TOML text does not parse, or nests deeper than a rule file may."""


class RuleSchemaError(RuleSetError):
    """A key is missing, unknown or of the wrong type."""


class UnknownFieldError(RuleSetError):
    """An expression names an input the rule set does not declare."""


class ExpressionError(RuleSetError):
    """An expression uses a construct outside the whitelist or is ill-typed."""


class BandError(RuleSetError):
    """A band table has a gap, an overlap, unsorted edges or points out of range."""


class TotalsError(RuleSetError):
    """Maxima do not add up to their criterion, group or the scorecard total."""


class VersionError(RuleSetError):
    """Versions of one rule-set id overlap in time, leave a gap, or repeat a version."""


class RuleSetProblems(RuleSetError):
    """Several problems in one or more rule files, all reported together."""

    def __init__(self, problems: Sequence[RuleSetError]) -> None:
        first = problems[0] if problems else None
        super().__init__(
            said("rules.problems", count=len(problems), problems=Lines(problems, "\n  - ")),
            file=first.file if first else "",
            path=first.path if first else "",
            line=first.line if first else None,
        )
        self.problems = tuple(problems)


class RecordError(CoopevalError, ValueError):
    """A records file cannot be read at all (bad encoding, not JSON, no header)."""


class UsageError(CoopevalError, ValueError):
    """A command or API call was given arguments it cannot use."""


class OutputError(UsageError):
    """A result cannot be written where asked: the target is kept as it was."""
