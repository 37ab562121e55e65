"""What checking every rule file shares: located problems, header, inputs, parameters.

A checker collects every problem of a file in one pass, each located at its key
path and line, so ``coopeval check`` reports them all; the kind's own checker
(`scorecard`, `programme`) adds its tables on top of this base.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence

from coopeval.errors import (
    BandError,
    ExpressionError,
    RuleSchemaError,
    RuleSetError,
    RuleSetProblems,
    UnknownFieldError,
)
from coopeval.expr import CheckedExpression, ExprProblem, InputInfo, Kind, check
from coopeval.expr.functions import MAX_PLACES
from coopeval.messages import said
from coopeval.records import RecordSchema
from coopeval.records.values import fold
from coopeval.ruleset import locate
from coopeval.ruleset.base import Input, Parameter, Rounding
from coopeval.ruleset.check.codes import code_problems
from coopeval.ruleset.model import RuleSet
from coopeval.ruleset.scorecard import Edged
from coopeval.suggest import suggest

__all__ = ["RESULT_FIELDS", "Checker", "default_problem"]

#: Fields of another rule set's result an input may take its value from.
RESULT_FIELDS = ("rating", "total", "status", "outcome")

_KINDS = {
    "decimal": Kind.NUMBER,
    "int": Kind.NUMBER,
    "bool": Kind.BOOL,
    "date": Kind.DATE,
    "text": Kind.TEXT,
    "enum": Kind.TEXT,
}


class Checker:
    """Checks the envelope of one rule file and collects located problems.

    Args:
        known: the rule-set ids a derived input may name; ``None`` leaves them unchecked.
    """

    def __init__(self, ruleset: RuleSet, known: Collection[str] | None) -> None:
        self.ruleset = ruleset
        self.known = known
        self.problems: list[RuleSetError] = []
        #: What expressions may read: the inputs, then the parameters (and a kind's own).
        self.infos = {i.name: InputInfo(i.name, _KINDS[i.type], i.values) for i in ruleset.inputs}

    def fail(self, kind: type[RuleSetError], path: str, msg: str) -> None:
        """Record a problem at ``path``, with its line when it can be found.

        ``msg`` is said in the user's language when it is a catalogue `Message`.
        """
        source = self.ruleset.source
        line = locate.line_of(self.ruleset.text, path)
        place = f"{source}:{line}" if line else source
        located = said("rules.at", place=place, path=path, problem=msg)
        self.problems.append(kind(located, file=source, path=path, line=line))

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
            self.fail(error, path, said("expr.in", problem=exc.message, text=repr(text)))
            return CheckedExpression(text, None, kind, (), {})  # type: ignore[arg-type]  # never compiled: checking fails

    def envelope(self) -> None:
        """The header, the inputs and the parameters; the codes of the whole file."""
        self._header()
        for spec in self.ruleset.inputs:
            self._input(spec)
        self._sources()
        for index, parameter in enumerate(self.ruleset.parameters):
            self._parameter(index, parameter)
        for parameter in self.ruleset.parameters:
            self.infos[parameter.id] = InputInfo(parameter.id, Kind.NUMBER)
        for path, problem in code_problems(self.ruleset):
            self.fail(RuleSchemaError, path, problem)

    def citation(self, path: str, rule_id: str, citation: str, *, said_as: str = "") -> None:
        """Every rule cites the article it encodes.

        ``said_as`` names the rule in the message when its id alone does not.
        """
        if not citation.strip():
            self.fail(
                RuleSchemaError,
                f"{path}.citation",
                said("schema.empty_citation", rule=said_as or repr(rule_id)),
            )

    def rounding(self, path: str, rounding: Rounding | None) -> None:
        """A rounding to a sensible number of places."""
        if rounding is not None and not 0 <= rounding.places <= MAX_PLACES:
            self.fail(
                RuleSchemaError,
                f"{path}.rounding.places",
                said("schema.places", places=rounding.places, most=MAX_PLACES),
            )

    def unique(self, tables: Sequence[tuple[str, Sequence[str]]]) -> None:
        """Ids used once across ``(table, ids)`` pairs; a repeat is reported at its second use."""
        counts = Counter(rule_id for _, ids in tables for rule_id in ids)
        seen: set[str] = set()
        for table, ids in tables:
            for index, rule_id in enumerate(ids):
                if rule_id in seen and counts[rule_id]:
                    self.fail(
                        RuleSchemaError,
                        f"$.{table}[{index}].id",
                        said("schema.id_repeated", id=repr(rule_id), count=counts[rule_id]),
                    )
                    counts[rule_id] = 0  # once per id
                seen.add(rule_id)

    def not_an_input(self, table: str, ids: Sequence[str]) -> None:
        """Names an expression reads must not be both an input and a ``table`` id."""
        inputs = {i.name for i in self.ruleset.inputs}
        for index, rule_id in enumerate(ids):
            if rule_id in inputs:
                self.fail(
                    RuleSchemaError,
                    f"$.{table}[{index}].id",
                    said("schema.id_is_input", id=repr(rule_id)),
                )

    def edges(self, path: str, bands: Sequence[Edged]) -> None:
        """A band table: not empty, no empty band, no gap, no overlap, open only at the ends."""
        if not bands:
            self.fail(BandError, path, said("bands.empty"))
        for index, band in enumerate(bands):
            here = f"{path}[{index}]"
            if band.lower is not None and band.upper is not None and band.lower >= band.upper:
                self.fail(
                    BandError,
                    here,
                    said("bands.reversed", lower=band.lower, upper=band.upper),
                )
            if index:
                self._joint(path, index, bands[index - 1], band)

    def _joint(self, path: str, index: int, prev: Edged, band: Edged) -> None:
        here = f"{path}[{index}]"
        if prev.upper is None:
            self.fail(BandError, f"{path}[{index - 1}]", said("bands.upper_open"))
        elif band.lower is None:
            self.fail(
                BandError,
                here,
                said("bands.lower_open", fix=prev.upper),
            )
        elif band.lower > prev.upper:
            self.fail(
                BandError,
                f"{here}.lower",
                said("bands.gap", upper=prev.upper, lower=band.lower),
            )
        elif band.lower < prev.upper:
            self.fail(
                BandError,
                f"{here}.lower",
                said("bands.overlap", lower=band.lower, upper=prev.upper),
            )

    def _header(self) -> None:
        """The id's spelling and the dates of the document and of this version."""
        head = self.ruleset.header
        if not head.id or not head.id.replace("-", "").replace(".", "").isalnum():
            self.fail(
                RuleSchemaError,
                "$.ruleset.id",
                said("schema.bad_id", id=repr(head.id)),
            )
        spans = [("$.ruleset.document", head.document.effective_from, head.document.effective_to)]
        if head.effective_from is not None or head.effective_to is not None:  # the version's own
            spans.append(("$.ruleset", self.ruleset.effective_from, self.ruleset.effective_to))
        for where, start, end in spans:
            if end is not None and end < start:
                self.fail(
                    RuleSchemaError,
                    f"{where}.effective_to",
                    said("schema.dates_reversed", end=end, start=start),
                )

    def _input(self, spec: Input) -> None:
        path = f"$.inputs.{spec.name}"
        if not spec.name.isidentifier() or spec.name.startswith("_"):
            self.fail(RuleSchemaError, path, said("inputs.bad_name", name=repr(spec.name)))
        if (spec.type == "enum") != bool(spec.values):
            self.fail(
                RuleSchemaError,
                f"{path}.values",
                said("inputs.enum_values"),
            )
        bounded = spec.at_least is not None or spec.at_most is not None
        if bounded and spec.type not in ("decimal", "int"):
            self.fail(RuleSchemaError, path, said("inputs.bounds_type", type=repr(spec.type)))
        if spec.at_least is not None and spec.at_most is not None and spec.at_least > spec.at_most:
            self.fail(
                RuleSchemaError,
                f"{path}.at_most",
                said("inputs.bounds_reversed", most=spec.at_most, least=spec.at_least),
            )
        if spec.default is not None and spec.required:
            self.fail(
                RuleSchemaError,
                f"{path}.default",
                said("inputs.required_default"),
            )
        if spec.default is not None:
            problem = default_problem(spec)
            if problem:
                self.fail(RuleSchemaError, f"{path}.default", problem)
        self._choices(path, spec)

    def _choices(self, path: str, spec: Input) -> None:
        """Words for the values of an enum: of declared values only, none meaning two."""
        if spec.choices and spec.type != "enum":
            self.fail(RuleSchemaError, f"{path}.choices", said("inputs.choices_not_enum"))
            return
        meaning: dict[str, str] = {fold(v): v for v in spec.values}
        for value, choice in spec.choices.items():
            if value not in spec.values:
                self.fail(
                    RuleSchemaError,
                    f"{path}.choices.{value}",
                    said(
                        "inputs.not_a_value",
                        value=repr(value),
                        name=repr(spec.name),
                        hint=suggest(value, spec.values),
                        values=", ".join(spec.values),
                    ),
                )
                continue
            for word in choice.words():
                other = meaning.setdefault(fold(word), value)
                if other != value:
                    self.fail(
                        RuleSchemaError,
                        f"{path}.choices.{value}",
                        said(
                            "inputs.word_twice",
                            word=repr(word),
                            first=repr(other),
                            second=repr(value),
                        ),
                    )

    def _sources(self) -> None:
        for spec in self.ruleset.inputs:
            if spec.source is None:
                continue
            path = f"$.inputs.{spec.name}.source"
            other = spec.source.ruleset
            if self.known is not None and other not in self.known:
                self.fail(
                    UnknownFieldError,
                    f"{path}.ruleset",
                    said(
                        "inputs.unknown_ruleset",
                        id=repr(other),
                        hint=suggest(other, self.known),
                        known=", ".join(sorted(self.known)),
                    ),
                )
            if spec.default is not None or spec.required:
                self.fail(
                    RuleSchemaError,
                    path,
                    said("inputs.source_default"),
                )
            field = spec.source.field
            if field not in RESULT_FIELDS and not field.startswith("classification."):
                self.fail(
                    RuleSchemaError,
                    f"{path}.field",
                    said(
                        "inputs.source_field",
                        field=repr(field),
                        hint=suggest(field, RESULT_FIELDS),
                        fields=", ".join(RESULT_FIELDS),
                    ),
                )

    def _parameter(self, index: int, parameter: Parameter) -> None:
        path = f"$.parameters[{index}]"
        by = self.infos.get(parameter.by)
        if by is None or by.kind is not Kind.TEXT:
            hint = suggest(parameter.by, self.infos)
            self.fail(
                UnknownFieldError,
                f"{path}.by",
                said("inputs.not_text", name=repr(parameter.by), hint=hint),
            )
        on = self.infos.get(parameter.on)
        if on is None or on.kind is not Kind.DATE:
            hint = suggest(parameter.on, self.infos)
            self.fail(
                UnknownFieldError,
                f"{path}.on",
                said("inputs.not_date", name=repr(parameter.on), hint=hint),
            )
        if not parameter.periods:
            self.fail(RuleSchemaError, f"{path}.periods", said("inputs.no_period"))
        dates = [p.effective_from for p in parameter.periods]
        if dates != sorted(set(dates)):
            self.fail(
                RuleSchemaError,
                f"{path}.periods",
                said("inputs.periods_order", dates=str(dates)),
            )
        columns = set(by.values) if by is not None and by.values else None
        for number, period in enumerate(parameter.periods):
            here = f"{path}.periods[{number}]"
            self.citation(
                here,
                f"{parameter.id} from {period.effective_from}",
                period.citation,
                said_as=_period_rule(parameter.id, period.effective_from),
            )
            if columns is not None and set(period.values) != columns:
                self.fail(
                    RuleSchemaError,
                    f"{here}.values",
                    said(
                        "inputs.columns",
                        columns=str(sorted(period.values)),
                        by=repr(parameter.by),
                        values=str(sorted(columns)),
                    ),
                )


def default_problem(spec: Input) -> str | None:
    """Why an input's ``default`` is not a valid value of it, if it is not."""
    parsed = RecordSchema((spec,), {}).parse({"id": "-", spec.name: spec.default})
    issues = [i for i in parsed.issues if i.field == spec.name]
    if not issues:
        return None
    return said("inputs.bad_default", value=repr(spec.default), reason=issues[0].message)


def _period_rule(rule_id: str, start: object) -> str:
    """A parameter's period as a rule's name, quoted as ``repr`` would quote it."""
    name = f"{rule_id} from {start}"
    # repr quotes otherwise (or escapes) for an id with a quote or an odd character.
    return said("schema.period_rule", id=rule_id, date=start) if repr(name) == f"'{name}'" else ""
