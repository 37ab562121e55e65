"""Validate an eligibility rule file: conditions, parameters, amounts and set rules.

Like `validation`, every problem is collected in one pass and raised together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import attrs

from coopeval.errors import RuleSchemaError, UnknownFieldError
from coopeval.expressions import CheckedExpression, InputInfo, Kind
from coopeval.loader import suggest
from coopeval.support_model import Condition, Parameter, Programme, SetRule
from coopeval.validation import FileValidator

__all__ = ["RESULT_FIELDS", "CheckedProgramme", "validate_programme"]

#: Fields of another rule set's result an input may take its value from.
RESULT_FIELDS = ("rating", "total", "status", "outcome")


@attrs.frozen
class CheckedProgramme:
    """An eligibility rule set proven sound, with its expressions parsed and typed."""

    programme: Programme
    #: Leaf condition id → its checked expression.
    leaves: Mapping[str, CheckedExpression]
    amounts: tuple[CheckedExpression, ...]
    #: Per set rule: ``among``, ``where`` (or None) and the ranking keys.
    set_rules: tuple[
        tuple[CheckedExpression, CheckedExpression | None, tuple[CheckedExpression, ...]], ...
    ]


def validate_programme(programme: Programme) -> CheckedProgramme:
    """Check references, the condition tree, parameters, amounts and set rules.

    Raises:
        RuleSetError: the one problem found, or `RuleSetProblems` listing all of them.
    """
    validator = _ProgrammeValidator(programme)
    checked = validator.run()
    validator.raise_problems()
    return checked


def condition_kind(condition: Condition) -> list[str]:
    """The keys that say what a condition is; a sound one has exactly one."""
    return [
        key
        for key, present in (
            ("when", condition.when is not None),
            ("all_of", bool(condition.all_of)),
            ("any_of", bool(condition.any_of)),
            ("none_of", bool(condition.none_of)),
            ("at_least", condition.at_least is not None or bool(condition.of)),
        )
        if present
    ]


class _ProgrammeValidator(FileValidator):
    def __init__(self, programme: Programme) -> None:
        super().__init__(programme.source, programme.text, programme.inputs)
        self.pg = programme
        self.ids = {c.id: index for index, c in enumerate(programme.conditions)}

    def run(self) -> CheckedProgramme:
        self.header(self.pg.ruleset)
        self.inputs()
        self._sources()
        self._unique()
        for index, parameter in enumerate(self.pg.parameters):
            self._parameter(index, parameter)
            self.infos[parameter.id] = InputInfo(parameter.id, Kind.NUMBER)
        amounts = []
        for index, amount in enumerate(self.pg.amounts):
            self.citation(f"$.amounts[{index}]", amount.id, amount.citation)
            if amount.rounding is not None and not 0 <= amount.rounding.places <= 10:
                self.fail(
                    RuleSchemaError,
                    f"$.amounts[{index}].rounding.places",
                    f"places {amount.rounding.places} must be 0…10",
                )
            amounts.append(self.expr(f"$.amounts[{index}].formula", amount.formula, Kind.NUMBER))
            self.infos[amount.id] = InputInfo(amount.id, Kind.NUMBER)
        leaves = {}
        for index, condition in enumerate(self.pg.conditions):
            leaf = self._condition(index, condition)
            if leaf is not None:
                leaves[condition.id] = leaf
        self._tree()
        rules = tuple(self._set_rule(i, rule) for i, rule in enumerate(self.pg.set_rules))
        return CheckedProgramme(self.pg, leaves, tuple(amounts), rules)

    def _sources(self) -> None:
        from coopeval.bundled import bundled_rulesets

        known = bundled_rulesets()
        for spec in self.declared:
            if spec.source is None:
                continue
            path = f"$.inputs.{spec.name}.source"
            if spec.source.ruleset not in known:
                hint = suggest(spec.source.ruleset, known)
                self.fail(
                    UnknownFieldError,
                    f"{path}.ruleset",
                    f"no bundled rule set {spec.source.ruleset!r}{hint}; known: {', '.join(known)}",
                )
            if spec.default is not None or spec.required:
                self.fail(
                    RuleSchemaError,
                    path,
                    "an input with a source takes no default and is not required: "
                    "its value comes from the other rule set when the record lacks it",
                )
            field = spec.source.field
            if field not in RESULT_FIELDS and not field.startswith("classification."):
                self.fail(
                    RuleSchemaError,
                    f"{path}.field",
                    f"field {field!r}{suggest(field, RESULT_FIELDS)} is not a result field; "
                    f"use one of {', '.join(RESULT_FIELDS)} or classification.<axis>",
                )

    def _unique(self) -> None:
        names = [i.name for i in self.declared]
        named = (
            [("conditions", c.id) for c in self.pg.conditions]
            + [("parameters", p.id) for p in self.pg.parameters]
            + [("amounts", a.id) for a in self.pg.amounts]
            + [("set_rules", r.id) for r in self.pg.set_rules]
        )
        seen: Counter[str] = Counter()
        counters: Counter[str] = Counter()
        for table, rule_id in named:
            index = counters[table]
            counters[table] += 1
            seen[rule_id] += 1
            if seen[rule_id] == 2:
                self.fail(
                    RuleSchemaError, f"$.{table}[{index}].id", f"id {rule_id!r} is used twice"
                )
            if table in ("parameters", "amounts") and rule_id in names:
                self.fail(
                    RuleSchemaError,
                    f"$.{table}[{index}].id",
                    f"id {rule_id!r} is also an input name; expressions could not tell them apart",
                )

    def _parameter(self, index: int, parameter: Parameter) -> None:
        path = f"$.parameters[{index}]"
        by = self.infos.get(parameter.by)
        if by is None or by.kind is not Kind.TEXT:
            hint = suggest(parameter.by, self.infos)
            self.fail(
                UnknownFieldError,
                f"{path}.by",
                f"{parameter.by!r} is not a text or enum input{hint}",
            )
        on = self.infos.get(parameter.on)
        if on is None or on.kind is not Kind.DATE:
            hint = suggest(parameter.on, self.infos)
            self.fail(
                UnknownFieldError, f"{path}.on", f"{parameter.on!r} is not a date input{hint}"
            )
        if not parameter.periods:
            self.fail(RuleSchemaError, f"{path}.periods", "a parameter needs at least one period")
        dates = [p.effective_from for p in parameter.periods]
        if dates != sorted(set(dates)):
            self.fail(
                RuleSchemaError,
                f"{path}.periods",
                f"periods must be in order of effective_from, each date once: {dates}",
            )
        columns = set(by.values) if by is not None and by.values else None
        for number, period in enumerate(parameter.periods):
            here = f"{path}.periods[{number}]"
            self.citation(here, f"{parameter.id} from {period.effective_from}", period.citation)
            if columns is not None and set(period.values) != columns:
                self.fail(
                    RuleSchemaError,
                    f"{here}.values",
                    f"columns {sorted(period.values)} must be exactly the values of "
                    f"{parameter.by!r}: {sorted(columns)}",
                )

    def _condition(self, index: int, condition: Condition) -> CheckedExpression | None:
        path = f"$.conditions[{index}]"
        self.citation(path, condition.id, condition.citation)
        kinds = condition_kind(condition)
        if len(kinds) != 1:
            self.fail(
                RuleSchemaError,
                path,
                f"condition {condition.id!r} must have exactly one of when, all_of, any_of, "
                f"none_of, at_least+of; it has {kinds or 'none'}",
            )
            return None
        if condition.when is not None:
            return self.expr(f"{path}.when", condition.when, Kind.BOOL)
        children = children_of(condition)
        for child in children:
            if child not in self.ids:
                self.fail(
                    UnknownFieldError,
                    path,
                    f"condition {condition.id!r} names {child!r}, which is not a condition"
                    f"{suggest(child, self.ids)}",
                )
        if (condition.at_least is None) != (not condition.of) or (
            condition.at_least is not None and not 1 <= condition.at_least <= len(condition.of)
        ):
            self.fail(
                RuleSchemaError,
                f"{path}.at_least",
                f"at_least ({condition.at_least}) and of ({len(condition.of)} ids) go together; "
                "at_least must be from 1 to the number of ids in 'of'",
            )
        return None

    def _tree(self) -> None:
        root = self.pg.root
        if root is None:
            if self.pg.conditions:
                self.fail(
                    RuleSchemaError,
                    "$.root",
                    "conditions are given but no 'root' names the one that decides",
                )
            return
        if root not in self.ids:
            self.fail(
                UnknownFieldError,
                "$.root",
                f"root {root!r} is not a condition{suggest(root, self.ids)}",
            )
            return
        by_id = {c.id: c for c in self.pg.conditions}
        reached: set[str] = set()
        self._walk(root, by_id, reached, ())
        for index, condition in enumerate(self.pg.conditions):
            if condition.id not in reached:
                self.fail(
                    RuleSchemaError,
                    f"$.conditions[{index}]",
                    f"condition {condition.id!r} is not reached from root {root!r}; "
                    "use it or remove it",
                )

    def _walk(
        self, node: str, by_id: Mapping[str, Condition], reached: set[str], trail: Sequence[str]
    ) -> None:
        if node in trail:
            cycle = " → ".join([*trail, node])
            self.fail(
                RuleSchemaError,
                f"$.conditions[{self.ids[node]}]",
                f"conditions form a cycle: {cycle}",
            )
            return
        if node in reached or node not in by_id:
            return
        reached.add(node)
        for child in children_of(by_id[node]):
            self._walk(child, by_id, reached, (*trail, node))

    def _set_rule(
        self, index: int, rule: SetRule
    ) -> tuple[CheckedExpression, CheckedExpression | None, tuple[CheckedExpression, ...]]:
        path = f"$.set_rules[{index}]"
        self.citation(path, rule.id, rule.citation)
        among = self.expr(f"{path}.among", rule.among, Kind.BOOL)
        if rule.group_by is not None and rule.group_by not in self.infos:
            hint = suggest(rule.group_by, self.infos)
            self.fail(
                UnknownFieldError,
                f"{path}.group_by",
                f"{rule.group_by!r} is not a declared input{hint}",
            )
        needs = {"quota": (), "share": ("where", "at_least"), "ranking": ("keys",)}[rule.kind]
        if rule.kind == "quota" and rule.at_most is None and rule.at_least is None:
            self.fail(RuleSchemaError, path, "a quota rule needs 'at_most', 'at_least' or both")
        for key in needs:
            if not getattr(rule, key):
                self.fail(RuleSchemaError, path, f"a {rule.kind} rule needs '{key}'")
        if rule.kind == "share" and rule.at_least is not None and not 0 <= rule.at_least <= 100:
            self.fail(
                RuleSchemaError,
                f"{path}.at_least",
                f"at_least {rule.at_least} is a percentage: 0…100",
            )
        if rule.eligible_only and self.pg.root is None:
            self.fail(
                RuleSchemaError, f"{path}.eligible_only", "eligible_only needs a 'root' condition"
            )
        where = None if rule.where is None else self.expr(f"{path}.where", rule.where, Kind.BOOL)
        keys = tuple(
            self.expr(f"{path}.keys[{n}].measure", key.measure, Kind.NUMBER)
            for n, key in enumerate(rule.keys)
        )
        return among, where, keys


def children_of(condition: Condition) -> tuple[str, ...]:
    """The ids a composite condition combines, in order."""
    return condition.all_of or condition.any_of or condition.none_of or condition.of
