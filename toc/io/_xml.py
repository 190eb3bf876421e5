"""Parse XML safely, keeping the line and column of every element and attribute kept.

defusedxml's parser refuses what makes XML dangerous to read: a DTD, entity declarations (the
"billion laughs" bomb) and external references (`file:///etc/passwd`). ElementTree keeps no
positions, so the parse builds its own small tree, taking each start tag's place from expat while
the tag is being read, and finds an attribute's place by reading the start tag's bytes again.

Only the elements a reader asks for are kept (`keep`), and no more than `max_elements` at once,
so a file of a million irrelevant elements costs parsing time but not memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from toc.io.tree import Mark, cell

__all__ = ["Node", "XmlRefused", "parse_xml"]

XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
LANG = f"{{{XML_NAMESPACE}}}lang"


@dataclass(eq=False, slots=True)
class Node:
    """One element: its tag (`{namespace}name` when namespaced), attributes, text and place."""

    tag: str
    attrs: dict[str, str]
    line: int
    col: int
    offset: int = field(repr=False)
    children: list[Node] = field(default_factory=list, repr=False)
    text: str = ""
    _source: Source | None = field(default=None, repr=False)

    @property
    def mark(self) -> Mark:
        """Where the element's start tag begins."""
        return cell(self.line, self.col)

    def find(self, tag: str) -> Node | None:
        """The first child with this tag."""
        return next((child for child in self.children if child.tag == tag), None)

    def findall(self, tag: str) -> list[Node]:
        """Every child with this tag, in order."""
        return [child for child in self.children if child.tag == tag]

    def attr_mark(self, name: str) -> Mark:
        """Where attribute `name` is written in the start tag (the element's place if unknown)."""
        if self._source is None:
            return self.mark
        return self._source.attribute_mark(self, name)


class XmlRefused(Exception):
    """The file cannot be read: unsafe (`unsafe` is true) or not well-formed XML."""

    def __init__(self, message: str, line: int, col: int, *, unsafe: bool) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.unsafe = unsafe


class Source:
    """The bytes of the document, to find attributes inside start tags."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def place(self, offset: int) -> tuple[int, int]:
        """Line and column (1-based) of a byte offset, counting line breaks as expat does."""
        before = self.data[:offset].decode("utf-8", "replace")
        lines = _LINE_BREAK.split(before)
        return len(lines), len(lines[-1]) + 1

    def attribute_mark(self, node: Node, name: str) -> Mark:
        local = name.rsplit("}", 1)[-1].encode("utf-8")
        tag_end = _TAG_END.match(self.data, node.offset)
        if tag_end is None:
            return node.mark
        start_tag = self.data[node.offset : tag_end.end()]
        found = next(
            (
                token
                for token in _ATTRIBUTE.finditer(start_tag)
                if token["name"].rsplit(b":", 1)[-1] == local
            ),
            None,
        )  # token by token, so that a value containing `type=` is never taken for the attribute
        if found is None:  # an encoding other than UTF-8, or a default from a schema
            return node.mark
        before = start_tag[: found.start("name")].decode("utf-8", "replace")
        breaks = _LINE_BREAK.findall(before)
        if not breaks:
            return cell(node.line, node.col + len(before))
        last_line = _LINE_BREAK.split(before)[-1]
        return cell(node.line + len(breaks), len(last_line) + 1)


_ATTRIBUTE = re.compile(rb"""\s+(?P<name>[^\s=/>]+)\s*=\s*(?:"[^"]*"|'[^']*')""")
_TAG_END = re.compile(rb"<[^\"'>]*(?:(?:\"[^\"]*\"|'[^']*')[^\"'>]*)*>")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Builder:
    """An ElementTree parser target that builds `Node`s with expat's positions."""

    def __init__(
        self,
        source: Source,
        keep: Callable[[tuple[str, ...]], bool],
        on_end: Callable[[Node, tuple[str, ...]], bool] | None,
        max_elements: int,
    ) -> None:
        self.expat: Any = None
        self.source = source
        self.keep = keep
        self.on_end = on_end
        self.max_elements = max_elements
        self.live = 0
        self.path: list[str] = []
        self.stack: list[Node | None] = []
        self.root: Node | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.path.append(tag)
        parent = self.stack[-1] if self.stack else None
        if (parent is None and self.stack) or not self.keep(tuple(self.path)):
            self.stack.append(None)
            return
        self.live += 1
        if self.live > self.max_elements:
            raise XmlRefused(
                f"the file holds over {self.max_elements:,} elements of the kinds this format "
                "reads; that is far more than any real file, so it is not read",
                self.expat.CurrentLineNumber,
                self.expat.CurrentColumnNumber + 1,
                unsafe=True,
            )
        node = Node(
            tag,
            dict(attrs),
            self.expat.CurrentLineNumber,
            self.expat.CurrentColumnNumber + 1,
            self.expat.CurrentByteIndex,
            _source=self.source,
        )
        if parent is not None:
            parent.children.append(node)
        elif self.root is None:
            self.root = node
        self.stack.append(node)

    def end(self, tag: str) -> None:
        node = self.stack.pop()
        path = tuple(self.path)
        self.path.pop()
        if node is not None and self.on_end is not None and not self.on_end(node, path):
            self.live -= _size(node) - 1
            node.children.clear()

    def data(self, text: str) -> None:
        node = self.stack[-1] if self.stack else None
        if node is not None:
            node.text += text

    def close(self) -> Node | None:
        return self.root


def _size(node: Node) -> int:
    count, pending = 0, [node]
    while pending:
        current = pending.pop()
        count += 1
        pending.extend(current.children)
    return count


def parse_xml(
    data: bytes,
    *,
    keep: Callable[[tuple[str, ...]], bool] = lambda _: True,
    on_end: Callable[[Node, tuple[str, ...]], bool] | None = None,
    max_elements: int = 250_000,
) -> Node:
    """The root element of `data`, keeping the elements whose path (root first) `keep` accepts.

    `on_end(node, path)` is called as each kept element closes; returning False drops its
    children (a reader keeps one record of many). Raises `XmlRefused` for a DTD, an entity,
    an external reference or XML that is not well-formed, with the place in the file.
    """
    source = Source(data)
    builder = _Builder(source, keep, on_end, max_elements)
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.expat = getattr(parser, "parser")  # noqa: B009  # the pure-Python parser's expat object; not in the stubs
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as error:
        line, col = builder.expat.CurrentLineNumber, builder.expat.CurrentColumnNumber + 1
        doctype = data.find(b"<!DOCTYPE")
        if isinstance(error, DTDForbidden) and doctype >= 0:
            line, col = source.place(doctype)
        raise XmlRefused(_unsafe_message(error), line, col, unsafe=True) from None
    except ParseError as error:
        line, col = error.position
        reason = str(error).split(":", 1)[0]
        raise XmlRefused(
            f"this is not well-formed XML: {reason}", line, col + 1, unsafe=False
        ) from None
    if not isinstance(root, Node):
        raise XmlRefused("the file holds no XML element", 1, 1, unsafe=False)
    return root


def _unsafe_message(error: DefusedXmlException) -> str:
    if isinstance(error, DTDForbidden):
        return (
            "the file declares a DTD (`<!DOCTYPE`); it is refused, since a DTD can define "
            "entities that expand without limit (an XML bomb) or read other files"
        )
    if isinstance(error, EntitiesForbidden):
        return (
            f"the file declares the entity `{error.name}`; entities are refused, since they can "
            "expand without limit (an XML bomb) or read other files"
        )
    return "the file refers to an external resource; external references are refused"
