"""A page parsed with the standard library's `html.parser`: elements, attributes, text.

Tests read a page the way a browser builds it (elements nested, entities
decoded), so they see what a reader sees, not the page's source text.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

from attrs import define, field

#: Elements that never have content (no end tag).
VOID = frozenset({"meta", "link", "br", "hr", "img", "input", "col", "source", "wbr"})


@define
class Element:
    """One element: its tag, attributes, children (elements or text) in order."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(factory=list)

    @property
    def classes(self) -> set[str]:
        """The element's classes."""
        return set(self.attrs.get("class", "").split())

    def walk(self) -> Iterator[Element]:
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.walk()

    def all(self, tag: str, cls: str | None = None, **wanted: str) -> list[Element]:
        """Every element inside with this tag (and class, and attribute values)."""
        return [
            e
            for e in self.walk()
            if e.tag == tag
            and (cls is None or cls in e.classes)
            and all(e.attrs.get(k.replace("_", "-")) == v for k, v in wanted.items())
        ]

    def one(self, tag: str, cls: str | None = None, **wanted: str) -> Element:
        """The one element inside with this tag (and class, and attributes)."""
        found = self.all(tag, cls, **wanted)
        if len(found) != 1:
            msg = f"{len(found)} <{tag} class={cls!r} {wanted}> elements, not one"
            raise AssertionError(msg)
        return found[0]

    @property
    def text(self) -> str:
        """The text inside, spaces collapsed."""
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text)
        return " ".join("".join(parts).split())


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse(page: str) -> Element:
    """The page's document element tree."""
    builder = _Builder()
    builder.feed(page)
    builder.close()
    return builder.root
