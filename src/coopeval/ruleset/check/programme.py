"""Check an eligibility programme: the condition tree, amounts and set rules."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import attrs

from coopeval.errors import RuleSchemaError, UnknownFieldError
from coopeval.expr import CheckedExpression, InputInfo, Kind
from coopeval.messages import said
from coopeval.ruleset.check.base import Checker
from coopeval.ruleset.model import RuleSet
from coopeval.ruleset.programme import Condition, Programme, SetRule
from coopeval.suggest import suggest

__all__ = ["CheckedProgramme", "CheckedSetRule", "check_programme", "children_of", "condition_kind"]


@attrs.frozen
class CheckedSetRule:
    """A set rule's expressions: ``among``, ``where`` (or None) and the ranking keys."""

    among: CheckedExpression
    where: CheckedExpression | None
    keys: tuple[CheckedExpression, ...]


@attrs.frozen
class CheckedProgramme:
    """A programme's expressions, parsed and typed."""

    programme: Programme
    #: Leaf condition id → its checked expression.
    leaves: Mapping[str, CheckedExpression]
    amounts: tuple[CheckedExpression, ...]
    set_rules: tuple[CheckedSetRule, ...]


def check_programme(
    ruleset: RuleSet, known: Collection[str] | None
) -> tuple[CheckedProgramme, Checker]:
    """Check an eligibility rule set; the checker holds every problem found."""
    checker = _ProgrammeChecker(ruleset, known)
    return checker.run(), checker


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


def children_of(condition: Condition) -> tuple[str, ...]:
    """The ids a composite condition combines, in order."""
    return condition.all_of or condition.any_of or condition.none_of or condition.of


class _ProgrammeChecker(Checker):
    def __init__(self, ruleset: RuleSet, known: Collection[str] | None) -> None:
        super().__init__(ruleset, known)
        self.pg = ruleset.programme
        self.ids = {c.id: index for index, c in enumerate(self.pg.conditions)}

    def run(self) -> CheckedProgramme:
        self.envelope()
        pg = self.pg
        self.unique(
            [
                ("conditions", [c.id for c in pg.conditions]),
                ("parameters", [p.id for p in self.ruleset.parameters]),
                ("amounts", [a.id for a in pg.amounts]),
                ("set_rules", [r.id for r in pg.set_rules]),
            ]
        )
        self.not_an_input("parameters", [p.id for p in self.ruleset.parameters])
        self.not_an_input("amounts", [a.id for a in pg.amounts])
        amounts = []
        for index, amount in enumerate(pg.amounts):
            self.citation(f"$.amounts[{index}]", amount.id, amount.citation)
            self.rounding(f"$.amounts[{index}]", amount.rounding)
            amounts.append(self.expr(f"$.amounts[{index}].formula", amount.formula, Kind.NUMBER))
            self.infos[amount.id] = InputInfo(amount.id, Kind.NUMBER)
        leaves = {}
        for index, condition in enumerate(pg.conditions):
            leaf = self._condition(index, condition)
            if leaf is not None:
                leaves[condition.id] = leaf
        self._tree()
        rules = tuple(self._set_rule(i, rule) for i, rule in enumerate(pg.set_rules))
        return CheckedProgramme(pg, leaves, tuple(amounts), rules)

    def _condition(self, index: int, condition: Condition) -> CheckedExpression | None:
        path = f"$.conditions[{index}]"
        self.citation(path, condition.id, condition.citation)
        kinds = condition_kind(condition)
        if len(kinds) != 1:
            self.fail(
                RuleSchemaError,
                path,
                said(
                    "programme.condition_kind",
                    id=repr(condition.id),
                    has=str(kinds) if kinds else said("programme.no_key"),
                ),
            )
            return None
        if condition.when is not None:
            return self.expr(f"{path}.when", condition.when, Kind.BOOL)
        for child in children_of(condition):
            if child not in self.ids:
                self.fail(
                    UnknownFieldError,
                    path,
                    said(
                        "programme.not_a_condition",
                        id=repr(condition.id),
                        child=repr(child),
                        hint=suggest(child, self.ids),
                    ),
                )
        if (condition.at_least is None) != (not condition.of) or (
            condition.at_least is not None and not 1 <= condition.at_least <= len(condition.of)
        ):
            self.fail(
                RuleSchemaError,
                f"{path}.at_least",
                said("programme.at_least_of", least=condition.at_least, ids=len(condition.of)),
            )
        return None

    def _tree(self) -> None:
        root = self.pg.root
        if root is None:
            if self.pg.conditions:
                self.fail(
                    RuleSchemaError,
                    "$.root",
                    said("programme.no_root"),
                )
            return
        if root not in self.ids:
            self.fail(
                UnknownFieldError,
                "$.root",
                said("programme.root_unknown", root=repr(root), hint=suggest(root, self.ids)),
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
                    said("programme.unreached", id=repr(condition.id), root=repr(root)),
                )

    def _walk(
        self, node: str, by_id: Mapping[str, Condition], reached: set[str], trail: Sequence[str]
    ) -> None:
        if node in trail:
            cycle = " → ".join([*trail, node])
            self.fail(
                RuleSchemaError,
                f"$.conditions[{self.ids[node]}]",
                said("programme.cycle", cycle=cycle),
            )
            return
        if node in reached or node not in by_id:
            return
        reached.add(node)
        for child in children_of(by_id[node]):
            self._walk(child, by_id, reached, (*trail, node))

    def _set_rule(self, index: int, rule: SetRule) -> CheckedSetRule:
        path = f"$.set_rules[{index}]"
        self.citation(path, rule.id, rule.citation)
        among = self.expr(f"{path}.among", rule.among, Kind.BOOL)
        if rule.group_by is not None and rule.group_by not in self.infos:
            hint = suggest(rule.group_by, self.infos)
            self.fail(
                UnknownFieldError,
                f"{path}.group_by",
                said("programme.not_an_input", name=repr(rule.group_by), hint=hint),
            )
        needs = {"quota": (), "share": ("where", "at_least"), "ranking": ("keys",)}[rule.kind]
        if rule.kind == "quota" and rule.at_most is None and rule.at_least is None:
            self.fail(RuleSchemaError, path, said("programme.quota"))
        for key in needs:
            if not getattr(rule, key):
                self.fail(
                    RuleSchemaError, path, said("programme.rule_needs", kind=rule.kind, key=key)
                )
        if rule.kind == "share" and rule.at_least is not None and not 0 <= rule.at_least <= 100:
            self.fail(
                RuleSchemaError,
                f"{path}.at_least",
                said("programme.percentage", least=rule.at_least),
            )
        if rule.eligible_only and self.pg.root is None:
            self.fail(RuleSchemaError, f"{path}.eligible_only", said("programme.eligible_only"))
        where = None if rule.where is None else self.expr(f"{path}.where", rule.where, Kind.BOOL)
        keys = tuple(
            self.expr(f"{path}.keys[{n}].measure", key.measure, Kind.NUMBER)
            for n, key in enumerate(rule.keys)
        )
        return CheckedSetRule(among, where, keys)
