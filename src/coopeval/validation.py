"""Validate: prove a structured rule set sound, and check every expression.

All problems are collected in one pass, so ``coopeval check`` can report them
all; `validate_ruleset` raises the single problem, or `RuleSetProblems`.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

import attrs

from coopeval import locate
from coopeval.errors import (
    BandError,
    ExpressionError,
    RuleSchemaError,
    RuleSetError,
    RuleSetProblems,
    TotalsError,
    UnknownFieldError,
)
from coopeval.expressions import CheckedExpression, ExprProblem, InputInfo, Kind, check
from coopeval.loader import suggest
from coopeval.model import EnumAxis, Header, Input, Item, RuleSet, ThresholdAxis

if TYPE_CHECKING:
    from coopeval.support_model import Programme

__all__ = [
    "CheckedRuleSet",
    "FileValidator",
    "default_problem",
    "provisional_rules",
    "validate_ruleset",
]

_KINDS = {
    "decimal": Kind.NUMBER,
    "int": Kind.NUMBER,
    "bool": Kind.BOOL,
    "date": Kind.DATE,
    "text": Kind.TEXT,
    "enum": Kind.TEXT,
}


@attrs.frozen
class CheckedRuleSet:
    """A rule set proven sound, with its expressions parsed and typed."""

    ruleset: RuleSet
    measures: tuple[CheckedExpression, ...]
    axis_measures: tuple[CheckedExpression | None, ...]
    exclusions: tuple[CheckedExpression, ...]
    overrides: tuple[CheckedExpression, ...]


def validate_ruleset(ruleset: RuleSet) -> CheckedRuleSet:
    """Check bands, totals, references, citations and expressions.

    Raises:
        RuleSetError: the one problem found, or `RuleSetProblems` listing all of them.
    """
    validator = _Validator(ruleset)
    checked = validator.run()
    validator.raise_problems()
    return checked


def provisional_rules(ruleset: RuleSet | Programme) -> list[tuple[str, str]]:
    """``(key path, rule id)`` of every rule whose status is not ``confirmed``."""
    found: list[tuple[str, str]] = []
    for index, parameter in enumerate(getattr(ruleset, "parameters", ())):
        for number, period in enumerate(parameter.periods):
            if period.status != "confirmed":
                where = f"$.parameters[{index}].periods[{number}]"
                found.append(
                    (where, f"{parameter.id} from {period.effective_from} ({period.status})")
                )
    tables = (
        "groups",
        "criteria",
        "items",
        "classifications",
        "exclusions",
        "overrides",
        "conditions",
        "amounts",
        "set_rules",
    )
    for name in tables:
        for index, rule in enumerate(getattr(ruleset, name, ())):
            if rule.status != "confirmed":
                found.append((f"$.{name}[{index}]", f"{rule.id} ({rule.status})"))
            if getattr(rule, "max_status", "confirmed") != "confirmed":
                found.append((f"$.{name}[{index}].max", f"{rule.id} max ({rule.max_status})"))
    if isinstance(ruleset, RuleSet) and ruleset.ratings.status != "confirmed":
        found.append(("$.ratings", f"ratings ({ruleset.ratings.status})"))
    return found


class _Edged(Protocol):
    @property
    def lower(self) -> Decimal | None: ...

    @property
    def upper(self) -> Decimal | None: ...


class FileValidator:
    """What every rule file shares: located problems, header, inputs, expressions."""

    def __init__(self, source: str, text: str, inputs: Sequence[Input]) -> None:
        self.source = source
        self.text = text
        self.declared = tuple(inputs)
        self.problems: list[RuleSetError] = []
        self.infos = {i.name: _info(i) for i in inputs}

    def fail(self, kind: type[RuleSetError], path: str, msg: str) -> None:
        """Record a problem at ``path``, with its line when it can be found."""
        line = locate.line_of(self.text, path)
        place = f"{self.source}:{line}" if line else self.source
        self.problems.append(
            kind(f"{place}: {path}: {msg}", file=self.source, path=path, line=line)
        )

    def raise_problems(self) -> None:
        """Raise the one problem found, or `RuleSetProblems` listing them all."""
        if self.problems:
            problems = self.problems
            raise problems[0] if len(problems) == 1 else RuleSetProblems(problems)

    def expr(self, path: str, text: str, kind: Kind) -> CheckedExpression:
        """Check one expression; on a problem, record it and return a placeholder."""
        try:
            return check(text, self.infos, kind)
        except ExprProblem as exc:
            error = UnknownFieldError if exc.unknown_name else ExpressionError
            self.fail(error, path, f"{exc} in {text!r}")
            return CheckedExpression(text, None, kind, (), {})  # type: ignore[arg-type]  # never compiled: validation fails

    def header(self, head: Header) -> None:
        """The id's spelling and the document's dates."""
        if not head.id or not head.id.replace("-", "").replace(".", "").isalnum():
            self.fail(
                RuleSchemaError,
                "$.ruleset.id",
                f"id {head.id!r} must be letters, digits, '-' or '.'",
            )
        doc = head.document
        if doc.effective_to is not None and doc.effective_to < doc.effective_from:
            self.fail(
                RuleSchemaError,
                "$.ruleset.document.effective_to",
                f"effective_to {doc.effective_to} is before effective_from {doc.effective_from}",
            )

    def citation(self, path: str, rule_id: str, citation: str) -> None:
        """Every rule cites the article it encodes."""
        if not citation.strip():
            self.fail(
                RuleSchemaError,
                f"{path}.citation",
                f"rule {rule_id!r} has an empty citation; cite the article it encodes",
            )

    def inputs(self) -> None:
        """Names, enum values, bounds and defaults of the declared inputs."""
        for spec in self.declared:
            self._input(spec)

    def _input(self, spec: Input) -> None:
        path = f"$.inputs.{spec.name}"
        if not spec.name.isidentifier() or spec.name.startswith("_"):
            self.fail(RuleSchemaError, path, f"input name {spec.name!r} must be a plain identifier")
        if (spec.type == "enum") != bool(spec.values):
            self.fail(
                RuleSchemaError,
                f"{path}.values",
                "'values' is required for type 'enum' and only for it",
            )
        bounded = spec.at_least is not None or spec.at_most is not None
        if bounded and spec.type not in ("decimal", "int"):
            self.fail(
                RuleSchemaError,
                path,
                f"bounds apply to numbers only, not to type {spec.type!r}",
            )
        if spec.at_least is not None and spec.at_most is not None and spec.at_least > spec.at_most:
            self.fail(
                RuleSchemaError,
                f"{path}.at_most",
                f"at_most {spec.at_most} is below at_least {spec.at_least}",
            )
        if spec.default is not None and spec.required:
            self.fail(
                RuleSchemaError,
                f"{path}.default",
                "a required input takes no default: drop one of them",
            )
        if spec.default is not None:
            problem = default_problem(spec)
            if problem:
                self.fail(RuleSchemaError, f"{path}.default", problem)


def default_problem(spec: Input) -> str | None:
    """Why an input's ``default`` is not a valid value of it, if it is not."""
    from coopeval.records import RecordSchema

    parsed = RecordSchema((spec,), {}).parse({"id": "-", spec.name: spec.default})
    issues = [i for i in parsed.issues if i.field == spec.name]
    return f"default {spec.default!r}: {issues[0].message}" if issues else None


class _Validator(FileValidator):
    def __init__(self, ruleset: RuleSet) -> None:
        super().__init__(ruleset.source, ruleset.text, ruleset.inputs)
        self.rs = ruleset

    def run(self) -> CheckedRuleSet:
        self.header(self.rs.ruleset)
        self.inputs()
        for spec in self.declared:
            if spec.source is not None:
                self.fail(
                    RuleSchemaError,
                    f"$.inputs.{spec.name}.source",
                    "'source' is for eligibility rule sets; a scorecard reads its record only",
                )
        self._citations()
        self._unique_ids()
        self._structure()
        self._totals()
        for index, item in enumerate(self.rs.items):
            self._item(index, item)
        self._ratings()
        axes = [self._axis(i, axis) for i, axis in enumerate(self.rs.classifications)]
        return CheckedRuleSet(
            self.rs,
            tuple(
                self.expr(f"$.items[{i}].measure", it.measure, Kind.NUMBER)
                for i, it in enumerate(self.rs.items)
            ),
            tuple(axes),
            tuple(
                self.expr(f"$.exclusions[{i}].when", ex.when, Kind.BOOL)
                for i, ex in enumerate(self.rs.exclusions)
            ),
            tuple(self._override(i) for i in range(len(self.rs.overrides))),
        )

    def _citations(self) -> None:
        for name in ("groups", "criteria", "items", "classifications", "exclusions", "overrides"):
            for index, rule in enumerate(getattr(self.rs, name)):
                self.citation(f"$.{name}[{index}]", rule.id, rule.citation)
        if not self.rs.ratings.citation.strip():
            self.fail(
                RuleSchemaError, "$.ratings.citation", "the rating table has an empty citation"
            )

    def _unique_ids(self) -> None:
        scored = [(f"groups[{n}]", g.id) for n, g in enumerate(self.rs.groups)]
        scored += [(f"criteria[{n}]", c.id) for n, c in enumerate(self.rs.criteria)]
        scored += [(f"items[{n}]", i.id) for n, i in enumerate(self.rs.items)]
        for name, ids in (
            ("", [i for _, i in scored]),
            ("ratings.bands", [r.id for r in self.rs.ratings.bands]),
            ("classifications", [a.id for a in self.rs.classifications]),
            ("exclusions", [e.id for e in self.rs.exclusions]),
            ("overrides", [o.id for o in self.rs.overrides]),
        ):
            for dup, count in Counter(ids).items():
                if count > 1:
                    # Point at the second use: the first is where the id belongs.
                    second = [n for n, i in enumerate(ids) if i == dup][1]
                    where = scored[second][0] if not name else f"{name}[{second}]"
                    self.fail(
                        RuleSchemaError,
                        f"$.{where}.id",
                        f"id {dup!r} is used {count} times; ids must be unique",
                    )

    def _structure(self) -> None:
        groups = {g.id for g in self.rs.groups}
        criteria = {c.id: c for c in self.rs.criteria}
        for index, crit in enumerate(self.rs.criteria):
            if crit.group not in groups:
                self.fail(
                    RuleSchemaError,
                    f"$.criteria[{index}].group",
                    f"unknown group {crit.group!r}{suggest(crit.group, groups)}",
                )
        for index, item in enumerate(self.rs.items):
            if item.group not in groups:
                self.fail(
                    RuleSchemaError,
                    f"$.items[{index}].group",
                    f"unknown group {item.group!r}{suggest(item.group, groups)}",
                )
            if item.criterion is not None:
                found = criteria.get(item.criterion)
                if found is None:
                    self.fail(
                        RuleSchemaError,
                        f"$.items[{index}].criterion",
                        f"unknown criterion {item.criterion!r}{suggest(item.criterion, criteria)}",
                    )
                elif found.group in groups and found.group != item.group:
                    self.fail(
                        RuleSchemaError,
                        f"$.items[{index}].group",
                        f"item {item.id!r} is in group {item.group!r} but its criterion "
                        f"{found.id!r} is in {found.group!r}",
                    )

    def _totals(self) -> None:
        by_group: dict[str, Decimal] = defaultdict(Decimal)
        by_criterion: dict[str, Decimal] = defaultdict(Decimal)
        for item in self.rs.items:
            by_group[item.group] += item.max
            if item.criterion:
                by_criterion[item.criterion] += item.max
        for index, crit in enumerate(self.rs.criteria):
            if by_criterion[crit.id] != crit.max:
                self.fail(
                    TotalsError,
                    f"$.criteria[{index}].max",
                    f"criterion {crit.id!r} has max {crit.max} but its items add up to "
                    f"{by_criterion[crit.id]}",
                )
        for index, group in enumerate(self.rs.groups):
            if by_group[group.id] != group.max:
                self.fail(
                    TotalsError,
                    f"$.groups[{index}].max",
                    f"group {group.id!r} has max {group.max} but its items add up to "
                    f"{by_group[group.id]}",
                )
        total = sum((g.max for g in self.rs.groups), Decimal(0))
        if total != self.rs.ruleset.total:
            self.fail(
                TotalsError,
                "$.groups",
                f"group maxima add up to {total}, not to the rule set's total "
                f"{self.rs.ruleset.total}",
            )

    def _item(self, index: int, item: Item) -> None:
        path = f"$.items[{index}]"
        if item.max <= 0:
            self.fail(TotalsError, f"{path}.max", f"max {item.max} must be above 0")
        self.edges(f"{path}.bands", item.bands)
        for b, band in enumerate(item.bands):
            if not Decimal(0) <= band.points <= item.max:
                self.fail(
                    BandError,
                    f"{path}.bands[{b}].points",
                    f"points {band.points} outside 0…{item.max} (the max of {item.id!r})",
                )
        points = [b.points for b in item.bands]
        ordered = points if item.better == "higher" else points[::-1]
        if any(a > b for a, b in itertools.pairwise(ordered)):
            better = "higher" if item.better == "higher" else "lower"
            self.fail(
                BandError,
                f"{path}.bands",
                f"points {[str(p) for p in points]} fall as the measure gets better ({better} is "
                "better); a better measure must never score less",
            )
        if points and max(points) < item.max:
            self.fail(
                BandError,
                f"{path}.bands",
                f"no band awards the max {item.max} of {item.id!r}; the highest is {max(points)}",
            )
        if item.rounding is not None and not 0 <= item.rounding.places <= 10:
            self.fail(
                RuleSchemaError,
                f"{path}.rounding.places",
                f"places {item.rounding.places} must be 0…10",
            )

    def edges(self, path: str, bands: Sequence[_Edged]) -> None:
        if not bands:
            self.fail(BandError, path, "band table is empty")
        for index, band in enumerate(bands):
            here = f"{path}[{index}]"
            if band.lower is not None and band.upper is not None and band.lower >= band.upper:
                self.fail(
                    BandError,
                    here,
                    f"band [{band.lower}, {band.upper}) is empty: lower must be below upper",
                )
            if index == 0:
                continue
            prev = bands[index - 1]
            if prev.upper is None:
                self.fail(
                    BandError, f"{path}[{index - 1}]", "only the last band may leave 'upper' open"
                )
            elif band.lower is None:
                self.fail(
                    BandError,
                    here,
                    f"only the first band may leave 'lower' open; set lower = {prev.upper}",
                )
            elif band.lower > prev.upper:
                self.fail(
                    BandError,
                    f"{here}.lower",
                    f"gap: values in [{prev.upper}, {band.lower}) fall in no band; set lower = "
                    f"{prev.upper}",
                )
            elif band.lower < prev.upper:
                self.fail(
                    BandError,
                    f"{here}.lower",
                    f"overlap: lower {band.lower} is below the previous band's upper "
                    f"{prev.upper}; set lower = {prev.upper}",
                )

    def _ratings(self) -> None:
        bands = self.rs.ratings.bands
        self.edges("$.ratings.bands", bands)
        if not bands:
            return
        total = self.rs.ruleset.total
        if bands[0].lower is not None and bands[0].lower > 0:
            self.fail(
                BandError,
                "$.ratings.bands[0].lower",
                f"ratings start at {bands[0].lower}; totals from 0 are not rated: set lower = 0 "
                "or leave it open",
            )
        if bands[-1].upper is not None and bands[-1].upper <= total:
            self.fail(
                BandError,
                f"$.ratings.bands[{len(bands) - 1}].upper",
                f"ratings stop below {bands[-1].upper}, so a total of {total} gets no rating: "
                "leave 'upper' open",
            )

    def _axis(self, index: int, axis: ThresholdAxis | EnumAxis) -> CheckedExpression | None:
        path = f"$.classifications[{index}]"
        if isinstance(axis, ThresholdAxis):
            self.edges(f"{path}.bands", axis.bands)
            return self.expr(f"{path}.measure", axis.measure, Kind.NUMBER)
        info = self.infos.get(axis.input)
        if info is None or not info.values:
            self.fail(
                UnknownFieldError,
                f"{path}.input",
                f"{axis.input!r} is not a declared enum input{suggest(axis.input, self.infos)}",
            )
            return None
        extra = [v.value for v in axis.values if v.value not in info.values]
        if extra:
            self.fail(
                RuleSchemaError,
                f"{path}.values",
                f"values {extra} are not values of input {axis.input!r}: {', '.join(info.values)}",
            )
        return None

    def _override(self, index: int) -> CheckedExpression:
        override = self.rs.overrides[index]
        ratings = [r.id for r in self.rs.ratings.bands]
        if override.rating not in ratings:
            self.fail(
                RuleSchemaError,
                f"$.overrides[{index}].rating",
                f"unknown rating {override.rating!r}{suggest(override.rating, ratings)}; ratings: "
                f"{', '.join(ratings)}",
            )
        return self.expr(f"$.overrides[{index}].when", override.when, Kind.BOOL)


def _info(spec: Input) -> InputInfo:
    return InputInfo(spec.name, _KINDS[spec.type], spec.values)


def _ids(rules: Iterable[object]) -> list[str]:
    return [str(getattr(r, "id", "")) for r in rules]
