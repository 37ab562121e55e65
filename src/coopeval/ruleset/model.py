"""The rule-set envelope: one type for every rule file, its body tagged by kind.

A rule file is structured into one `RuleSet`: its header (id, version, the
legal document and the dates it is in force), its declared inputs, its
effective-dated parameters, and a body chosen by the header's ``kind``: a
`Scorecard` (``kind = "scorecard"``), a `Programme` (``kind = "eligibility"``)
or a `Classification` (``kind = "classification"``: axes only).
"""

from __future__ import annotations

import datetime as dt

import attrs

from coopeval.errors import UsageError
from coopeval.messages import said
from coopeval.ruleset.base import Document, Header, Input, Parameter, RuleSetKind, Text
from coopeval.ruleset.classification import Classification
from coopeval.ruleset.programme import Programme
from coopeval.ruleset.scorecard import Scorecard

__all__ = ["BODIES", "Body", "RuleSet"]

#: What a rule file holds besides its envelope.
Body = Scorecard | Programme | Classification

#: The body type of each ``kind``: the tags of the tagged union.
BODIES: dict[RuleSetKind, type[Body]] = {
    "scorecard": Scorecard,
    "eligibility": Programme,
    "classification": Classification,
}


@attrs.frozen
class RuleSet:
    """A rule file, structured but not yet checked: the envelope and its body."""

    header: Header
    inputs: tuple[Input, ...]
    body: Body
    parameters: tuple[Parameter, ...] = ()
    #: Where it was read from, its text, and the SHA-256 of its bytes.
    source: str = attrs.field(default="", kw_only=True)
    text: str = attrs.field(default="", kw_only=True, repr=False, eq=False)
    sha256: str = attrs.field(default="", kw_only=True)

    @property
    def id(self) -> str:
        """The rule set's id, such as ``tt01-2020``."""
        return self.header.id

    @property
    def version(self) -> str:
        """The version of this file of the rule set."""
        return self.header.version

    @property
    def kind(self) -> RuleSetKind:
        """``scorecard`` or ``eligibility``."""
        return self.header.kind

    @property
    def title(self) -> Text:
        """The rule set's title in both languages."""
        return self.header.title

    @property
    def document(self) -> Document:
        """The legal document it encodes."""
        return self.header.document

    @property
    def effective_from(self) -> dt.date:
        """The first day this version is in force."""
        return self.header.effective_from or self.header.document.effective_from

    @property
    def effective_to(self) -> dt.date | None:
        """The last day this version is in force; ``None`` while nothing replaces it."""
        return self.header.effective_to or self.header.document.effective_to

    @property
    def scorecard(self) -> Scorecard:
        """The body of a scorecard.

        Raises:
            UsageError: the rule set is an eligibility programme.
        """
        return _body(self, "scorecard")  # type: ignore[return-value]  # checked by kind

    @property
    def programme(self) -> Programme:
        """The body of an eligibility programme.

        Raises:
            UsageError: the rule set is a scorecard.
        """
        return _body(self, "eligibility")  # type: ignore[return-value]  # checked by kind

    @property
    def classification(self) -> Classification:
        """The body of a classification rule file.

        Raises:
            UsageError: the rule set is of another kind.
        """
        return _body(self, "classification")  # type: ignore[return-value]  # checked by kind


def _body(ruleset: RuleSet, kind: RuleSetKind) -> Body:
    if ruleset.kind != kind:
        raise UsageError(said("api.wrong_body", rules=ruleset.id, kind=ruleset.kind, wanted=kind))
    return ruleset.body
