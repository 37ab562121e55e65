"""Rule coverage for people and for programs: the output contract and the text.

The contract (`coverage_dict`) has stable names: ``ruleset`` (``id``,
``version``, ``sha256``), ``records`` read, ``errors`` (records with errors,
which reach nothing), ``parts`` and ``covered`` (how many parts there are and
how many are reached), ``percent`` (covered share, 0–100, two decimals rounded
down, as text), ``rules`` (every part: ``rule``, ``kind``, ``part``,
``records``, ``label`` and ``rule_label`` in ``vi``/``en``, ``lower``,
``upper``, ``points``) and ``unreached`` (the entries of ``rules`` no record
reaches). The text leads with what no record reaches: "Không hợp tác xã nào
trong tệp đạt tới: c03a khung 5 [5.000.000.000; +∞): 4 điểm".
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

from coopeval.engine.coverage import Coverage, Part, Reach
from coopeval.report.messages import LANGS, fmt, has_message, interval, message
from coopeval.report.text import render_table, wrapped

__all__ = ["coverage_dict", "part_label", "percent_text", "render_coverage"]

_CENT = Decimal("0.01")

#: The word of each part that is not a band, by ``(kind, part)``; a kind's other
#: parts (a class value, a rating id) are said with their label.
_WORDS = {
    ("item", "self_assessed"): "self_assessed",
    ("item", "missing"): "missing",
    ("exclusion", "applied"): "excluded",
    ("override", "applied"): "overridden",
    ("rating", "undetermined"): "undetermined",
    ("classification", "missing"): "not_determinable",
    ("condition", "met"): "met",
    ("condition", "not_met"): "not_met",
    ("condition", "missing"): "missing",
    ("outcome", "eligible"): "eligible",
    ("outcome", "not_eligible"): "not_eligible",
    ("outcome", "undetermined"): "undetermined",
    ("amount", "computed"): "computed",
    ("amount", "not_computed"): "not_computed",
}


def percent_text(cov: Coverage) -> str:
    """The share of parts reached with two decimals, rounded down: 100.00 only when all are."""
    return str(cov.percent.quantize(_CENT, rounding=ROUND_DOWN))


def coverage_dict(cov: Coverage) -> dict[str, Any]:
    """The coverage as the output contract has it (JSON-ready: decimals are text)."""
    entries = [_entry(r) for r in cov.parts]
    return {
        "ruleset": {
            "id": cov.ruleset.id,
            "version": cov.ruleset.version,
            "sha256": cov.ruleset.sha256,
        },
        "records": cov.records,
        "errors": cov.errors,
        "parts": len(cov.parts),
        "covered": cov.covered,
        "percent": percent_text(cov),
        "rules": entries,
        "unreached": [e for e in entries if not e["records"]],
    }


def _entry(reach: Reach) -> dict[str, Any]:
    p = reach.part
    return {
        "rule": p.rule,
        "kind": p.kind,
        "part": p.part,
        "records": reach.records,
        "label": {lang: part_label(p, lang) for lang in LANGS},
        "rule_label": None if p.label is None else {"vi": p.label.vi, "en": p.label.en},
        "lower": _text(p.lower),
        "upper": _text(p.upper),
        "points": _text(p.points),
    }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def part_label(part: Part, lang: str) -> str:
    """One part in words: ``c03a khung 5 [5.000.000.000; +∞): 4 điểm``, ``members: nhỏ [50; 301)``.

    Bands are numbered from 1 here, as the diff says them (``part`` counts from 0).
    """
    if part.kind == "band" and isinstance(part.part, int):
        return message(
            "coverage",
            "band",
            lang,
            rule=part.rule,
            band=part.part + 1,
            edges=interval(part.lower, part.upper, lang),
            count=part.points,
        )
    word = _WORDS.get((part.kind, str(part.part)))
    if word is not None:
        what = message("coverage", word, lang)
    elif part.part_label is not None:
        what = part.part_label.get(lang)
        if part.lower is not None or part.upper is not None:
            what += " " + interval(part.lower, part.upper, lang)
    else:
        what = f"{part.kind} {part.part}"
    return message("coverage", "part", lang, rule=part.rule, what=what)


def render_coverage(cov: Coverage, lang: str = "vi", width: int | None = None) -> str:
    """The coverage as text: the headline, what no record reaches, then what is reached."""
    headline = message(
        "coverage",
        "title",
        lang,
        ruleset=cov.ruleset.id,
        version=cov.ruleset.version,
        records=cov.records,
        covered=cov.covered,
        parts=len(cov.parts),
        percent=fmt(Decimal(percent_text(cov)), lang),
    )
    lines = [wrapped(headline, width)]
    if cov.errors:
        lines.append(wrapped(message("coverage", "errors", lang, count=cov.errors), width))
    unreached, reached = cov.unreached, [r for r in cov.parts if r.records]
    lines.append("")
    if unreached:
        lines.append(wrapped(message("coverage", "unreached", lang, count=len(unreached)), width))
        lines.append(_table(unreached, lang, width, counts=False))
    else:
        lines.append(message("coverage", "all_reached", lang) + "\n")
    if reached:
        lines.append(wrapped(message("coverage", "reached", lang, count=len(reached)), width))
        lines.append(_table(reached, lang, width, counts=True))
    return "\n".join(lines).rstrip("\n") + "\n"


def _table(
    reaches: tuple[Reach, ...] | list[Reach], lang: str, width: int | None, *, counts: bool
) -> str:
    headers = [message("coverage", key, lang) for key in ("kind", "part_column", "rule_column")]
    rows = [
        [_kind(r.part.kind, lang), part_label(r.part, lang), _rule_label(r.part, lang)]
        + ([str(r.records)] if counts else [])
        for r in reaches
    ]
    if counts:
        headers.append(message("coverage", "records", lang))
    widths: list[int | None] = [None, 56, 40, None][: len(headers)]
    colalign = ("left", "left", "left", "right")[: len(headers)]
    return render_table(headers, rows, widths=widths, width=width, colalign=colalign)


def _kind(kind: str, lang: str) -> str:
    key = f"kind_{kind}"
    return message("coverage", key, lang) if has_message("coverage", key) else kind


def _rule_label(part: Part, lang: str) -> str:
    return "" if part.label is None else part.label.get(lang)
