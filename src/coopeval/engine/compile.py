"""Compile: turn a checked rule set into positional data and generated functions, once.

A record's values sit in one tuple: the declared inputs, then one slot per
parameter, then the slots the kind adds (a programme's amounts), in file order.
Every expression is compiled against those positions. `compile_ruleset` builds
the envelope's part (slots, the record reader, parameters, derived inputs) and
hands the body to its kind's compiler (`scorecard`, `programme`).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cached_property
from typing import Any, Generic, TypeVar

import attrs

from coopeval.engine.axes import CompiledClassification, compile_classification
from coopeval.engine.programme import CompiledProgramme, compile_programme
from coopeval.engine.results import Layout, RuleSetRef
from coopeval.engine.scorecard import CompiledScorecard, compile_scorecard
from coopeval.engine.tables import Table
from coopeval.records import RecordSchema
from coopeval.ruleset.base import Period, RuleSetKind, Text, in_force_on
from coopeval.ruleset.check import (
    CheckedBody,
    CheckedClassification,
    CheckedProgramme,
    CheckedRuleSet,
    CheckedScorecard,
)
from coopeval.ruleset.model import RuleSet

__all__ = [
    "CompiledBody",
    "CompiledParameter",
    "CompiledRuleSet",
    "Derived",
    "Resolver",
    "compile_ruleset",
]

#: A compiled body of any kind.
CompiledBody = CompiledScorecard | CompiledProgramme | CompiledClassification
B = TypeVar("B", CompiledScorecard, CompiledProgramme, CompiledClassification)

#: Loads another rule set by id, for inputs derived from its result: the version in
#: force on a day (``None``: today's), or ``None`` when no version is in force then.
Resolver = Callable[[str, dt.date | None], "CompiledRuleSet[Any] | None"]


@attrs.frozen
class CompiledParameter:
    """An effective-dated table ready for `bisect` on the date."""

    id: str
    slot: int
    by: int
    on: int
    dates: tuple[dt.date, ...]
    periods: tuple[Period, ...]

    def period(self, day: dt.date) -> Period | None:
        """The period in force on ``day``: the latest that starts on or before it."""
        index = bisect_right(self.dates, day)
        return self.periods[index - 1] if index else None


@attrs.frozen
class Derived:
    """An input taken from another rule set's result when the record lacks it."""

    slot: int
    ruleset: str
    field: str


@attrs.frozen
class CompiledRuleSet(Generic[B]):
    """A rule set ready to evaluate many records. Build it with `compile_ruleset`."""

    checked: CheckedRuleSet = attrs.field(repr=False)
    #: Names of the value slots: inputs, parameters, then the body's own.
    names: tuple[str, ...]
    #: Reads raw records into the value tuple the compiled functions index.
    schema: RecordSchema = attrs.field(repr=False)
    parameters: tuple[CompiledParameter, ...]
    derived: tuple[Derived, ...]
    body: B
    layout: Layout = attrs.field(repr=False)
    ref: RuleSetRef
    #: Loads the rule sets derived inputs come from; ``None``: they stay missing.
    resolve: Resolver | None = attrs.field(default=None, eq=False, repr=False)
    #: The version of this id in force on a day, for a rule set loaded by id from a
    #: catalogue holding several (`coopeval.load`); ``None``: this version for every record.
    dated: Callable[[dt.date], CompiledRuleSet[Any] | None] | None = attrs.field(
        default=None, eq=False, repr=False
    )

    def in_force(self, day: dt.date) -> bool:
        """Whether this version is in force on ``day``."""
        return in_force_on(day, self.ruleset.effective_from, self.ruleset.effective_to)

    @property
    def ruleset(self) -> RuleSet:
        """The structured rule set (labels, citations, statuses)."""
        return self.checked.ruleset

    @property
    def id(self) -> str:
        """The rule set's id, such as ``tt01-2020``."""
        return self.checked.ruleset.id

    @property
    def version(self) -> str:
        """The version of the rule file this was compiled from."""
        return self.checked.ruleset.version

    @property
    def kind(self) -> RuleSetKind:
        """``scorecard`` or ``eligibility``."""
        return self.checked.ruleset.kind

    @property
    def title(self) -> Text:
        """The title in Vietnamese and English."""
        return self.checked.ruleset.title

    @property
    def sha256(self) -> str:
        """The SHA-256 of the rule file's bytes."""
        return self.checked.ruleset.sha256

    @cached_property
    def slots(self) -> Mapping[str, int]:
        """Slot of each name in the value tuple."""
        return {name: index for index, name in enumerate(self.names)}


def compile_ruleset(
    checked: CheckedRuleSet, *, resolve: Resolver | None = None
) -> CompiledRuleSet[Any]:
    """Compile every expression and table of a checked rule set once.

    Args:
        resolve: loads another rule set by id, for inputs with a ``source``
            (`coopeval.load` passes its catalogue's); without it they stay missing.
    """
    rs = checked.ruleset
    extra = tuple(a.id for a in rs.programme.amounts) if rs.kind == "eligibility" else ()
    names = tuple(i.name for i in rs.inputs) + tuple(p.id for p in rs.parameters) + extra
    positions = {name: index for index, name in enumerate(names)}
    body, reads, tables, scored = _BODIES[rs.kind](checked.body, positions, rs.id)
    stripped = attrs.evolve(rs, text="")  # results keep the rules, not the file's text
    return CompiledRuleSet(
        checked=checked,
        names=names,
        schema=RecordSchema(rs.inputs, scored),
        parameters=tuple(
            CompiledParameter(
                p.id,
                positions[p.id],
                positions[p.by],
                positions[p.on],
                tuple(period.effective_from for period in p.periods),
                p.periods,
            )
            for p in rs.parameters
        ),
        derived=tuple(
            Derived(positions[i.name], i.source.ruleset, i.source.field)
            for i in rs.inputs
            if i.source is not None
        ),
        body=body,
        layout=Layout(stripped, names, reads, tables),
        ref=RuleSetRef(rs.id, rs.version, rs.sha256),
        resolve=resolve,
    )


#: A body's compiled form, with what results need of it: per scored item the
#: slots its measure reads and its band table, and the items' maxima.
_Parts = tuple[CompiledBody, tuple[tuple[int, ...], ...], tuple[Table, ...], Mapping[str, Decimal]]


def _scorecard(checked: CheckedBody, positions: Mapping[str, int], name: str) -> _Parts:
    body = compile_scorecard(_of(checked, CheckedScorecard), positions, name)
    scored = {item.id: item.max for item in body.items}
    return body, tuple(i.reads for i in body.items), tuple(i.table for i in body.items), scored


def _programme(checked: CheckedBody, positions: Mapping[str, int], _name: str) -> _Parts:
    return compile_programme(_of(checked, CheckedProgramme), positions), (), (), {}


def _classification(checked: CheckedBody, positions: Mapping[str, int], _name: str) -> _Parts:
    return compile_classification(_of(checked, CheckedClassification), positions), (), (), {}


_BODIES: Mapping[RuleSetKind, Callable[[CheckedBody, Mapping[str, int], str], _Parts]] = {
    "scorecard": _scorecard,
    "eligibility": _programme,
    "classification": _classification,
}

T = TypeVar("T")


def _of(checked: CheckedBody, kind: type[T]) -> T:
    """The checked body as its kind's type (the kind chose the compiler)."""
    if not isinstance(checked, kind):
        msg = f"a {type(checked).__name__} is not a {kind.__name__}"
        raise TypeError(msg)
    return checked
