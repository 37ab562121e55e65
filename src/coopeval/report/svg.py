"""Charts as inline SVG, drawn from data: a total on its bar, a histogram, stacked bars.

Every text placed in a chart (a rating's label, a district's name) goes
through `markupsafe.escape`, so a chart is as safe to put in a page as an
autoescaped template value; the result is `Markup` for the templates. Sizes are
in SVG user units, computed in `Decimal` like every other number here.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

import attrs
from markupsafe import Markup, escape

from coopeval.report.messages import fmt

__all__ = ["Edge", "Segment", "StackedRow", "histogram", "score_bar", "stacked_bars"]

#: The width every chart is drawn at; pages scale it to the column.
WIDTH = Decimal(680)
_LEFT = Decimal(20)
_TENTH = Decimal("0.1")
#: Colours of ratings, lowest first (weak … good), and of records not rated.
COLOURS = ("#d9534f", "#f0ad4e", "#5b9bd5", "#3c9d5d")
PALE = ("#f6d5d3", "#fbe7c6", "#d6e6f5", "#cfe9d7")
NOT_RATED = "#9e9e9e"


@attrs.frozen
class Edge:
    """The lower edge of a rating: where it starts on the scale, and its label."""

    at: Decimal
    label: str


@attrs.frozen
class Segment:
    """One rating's part of a stacked bar."""

    label: str
    count: int
    colour: str


@attrs.frozen
class StackedRow:
    """One bar of a stacked chart: a group (a district) and its parts."""

    label: str
    segments: tuple[Segment, ...]


def _n(value: Decimal | int) -> str:
    """A coordinate as SVG writes it: at most one decimal."""
    text = f"{Decimal(value).quantize(_TENTH, rounding=ROUND_HALF_UP):f}"
    return text.removesuffix(".0")


def colour(index: int, count: int, *, pale: bool = False) -> str:
    """The colour of the ``index``-th of ``count`` ratings (lowest first)."""
    palette = PALE if pale else COLOURS
    if count <= 1:
        return palette[-1]
    return palette[round(index * (len(palette) - 1) / (count - 1))]


def score_bar(
    total: Decimal | None,
    maximum: Decimal,
    edges: Sequence[Edge],
    bands: Sequence[str],
    lang: str = "vi",
) -> Markup:
    """A horizontal bar from 0 to ``maximum``, filled to ``total``, with the rating edges.

    ``bands``: the ratings' labels, lowest first; ``edges`` are the lower edges of
    all but the lowest, in the same order.
    """
    span = WIDTH - 2 * _LEFT
    scale = span / maximum

    def x(value: Decimal) -> Decimal:
        return _LEFT + max(Decimal(0), min(value, maximum)) * scale

    parts = [
        f'<svg class="score-bar" role="img" viewBox="0 0 {_n(WIDTH)} 86" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="sans-serif">'
    ]
    starts = [Decimal(0), *(e.at for e in edges)]
    ends = [*(e.at for e in edges), maximum]
    for index, (low, high) in enumerate(zip(starts, ends, strict=True)):
        fill = colour(index, len(starts), pale=True)
        parts.append(
            f'<rect class="band" x="{_n(x(low))}" y="22" width="{_n(x(high) - x(low))}" '
            f'height="26" fill="{fill}"/>'
        )
        if index < len(bands):
            middle = (x(low) + x(high)) / 2
            parts.append(
                f'<text x="{_n(middle)}" y="16" text-anchor="middle">{escape(bands[index])}</text>'
            )
    if total is not None:
        parts.append(
            f'<rect class="total" x="{_n(_LEFT)}" y="28" width="{_n(x(total) - _LEFT)}" '
            f'height="14" fill="#2f3e4e"/>'
        )
        parts.append(
            f'<text class="total-label" x="{_n(x(total))}" y="80" text-anchor="middle" '
            f'font-weight="bold">▲ {escape(fmt(total, lang))}</text>'
        )
    for edge in edges:
        parts.append(
            f'<line class="edge" x1="{_n(x(edge.at))}" y1="18" x2="{_n(x(edge.at))}" y2="52" '
            f'stroke="#222" stroke-width="1.5"/>'
            f'<text x="{_n(x(edge.at))}" y="64" text-anchor="middle">{escape(edge.label)}</text>'
        )
    parts.append(
        f'<text x="{_n(_LEFT)}" y="64" text-anchor="middle">0</text>'
        f'<text x="{_n(x(maximum))}" y="64" text-anchor="middle">'
        f"{escape(fmt(maximum, lang))}</text>"
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def histogram(
    counts: Sequence[int],
    width: Decimal,
    maximum: Decimal,
    edges: Sequence[Edge],
    lang: str = "vi",
) -> Markup:
    """One bar per bin (bin ``i`` holds totals in ``[i·width, (i+1)·width)``), edges dashed.

    Each bar carries ``data-lower`` and ``data-count``: a reader (or a test) finds
    the figures the bar was drawn from.
    """
    top = max([*counts, 1])
    height, base = Decimal(160), Decimal(190)
    scale = (WIDTH - 2 * _LEFT) / maximum
    parts = [
        f'<svg class="histogram" role="img" viewBox="0 0 {_n(WIDTH)} 230" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="sans-serif">',
        f'<line x1="{_n(_LEFT)}" y1="{_n(base)}" x2="{_n(WIDTH - _LEFT)}" y2="{_n(base)}" '
        f'stroke="#444"/>',
    ]
    for index, count in enumerate(counts):
        lower = width * index
        bar = height * count / top
        parts.append(
            f'<rect class="bin" data-lower="{_plain(lower)}" data-count="{count}" '
            f'x="{_n(_LEFT + lower * scale + 1)}" y="{_n(base - bar)}" '
            f'width="{_n(width * scale - 2)}" height="{_n(bar)}" fill="#5b9bd5"/>'
        )
        if count:
            parts.append(
                f'<text x="{_n(_LEFT + (lower + width / 2) * scale)}" y="{_n(base - bar - 4)}" '
                f'text-anchor="middle">{count}</text>'
            )
    tick = width * 2
    value = Decimal(0)
    while value <= maximum:
        parts.append(
            f'<text x="{_n(_LEFT + value * scale)}" y="{_n(base + 16)}" '
            f'text-anchor="middle">{escape(fmt(value, lang))}</text>'
        )
        value += tick
    for edge in edges:
        at = _n(_LEFT + edge.at * scale)
        parts.append(
            f'<line class="edge" x1="{at}" y1="14" x2="{at}" y2="{_n(base)}" stroke="#b00020" '
            f'stroke-width="1.5" stroke-dasharray="5,3"/>'
            f'<text x="{at}" y="10" text-anchor="middle" fill="#b00020">'
            f"{escape(edge.label)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_bars(rows: Sequence[StackedRow]) -> Markup:
    """One horizontal bar per row, its segments side by side in proportion to their counts."""
    label_width, row_height = Decimal(170), Decimal(26)
    span = WIDTH - label_width - _LEFT
    top = max([sum(s.count for s in row.segments) for row in rows] + [1])
    legend = rows[0].segments if rows else ()
    height = row_height * (len(rows) + 1) + 10
    parts = [
        f'<svg class="stacked" role="img" viewBox="0 0 {_n(WIDTH)} {_n(height)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="sans-serif">'
    ]
    for number, row in enumerate(rows):
        y = row_height * number + 4
        parts.append(
            f'<text x="{_n(label_width - 6)}" y="{_n(y + 15)}" text-anchor="end">'
            f"{escape(row.label)}</text>"
        )
        x = label_width
        for segment in row.segments:
            if not segment.count:
                continue
            size = span * segment.count / top
            parts.append(
                f'<rect class="segment" data-label="{escape(segment.label)}" '
                f'data-count="{segment.count}" x="{_n(x)}" y="{_n(y)}" width="{_n(size)}" '
                f'height="20" fill="{segment.colour}"/>'
                f'<text x="{_n(x + size / 2)}" y="{_n(y + 14)}" text-anchor="middle" '
                f'fill="#fff">{segment.count}</text>'
            )
            x += size
    x = label_width
    y = row_height * len(rows) + 8
    for segment in legend:
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="12" height="12" fill="{segment.colour}"/>'
            f'<text x="{_n(x + 16)}" y="{_n(y + 10)}">{escape(segment.label)}</text>'
        )
        x += 16 + 7 * len(segment.label) + 14
    parts.append("</svg>")
    return Markup("".join(parts))


def _plain(value: Decimal) -> str:
    """A number as data: no exponent, no trailing zeros."""
    return f"{value.normalize():f}"
