"""A tiny XML-like node tree that expressions are evaluated over.

The form session keeps its answers in such a tree (one node per field, one per repeat
instance) and builds the secondary instances (choice lists, entity lists) as trees of
``root/item/<property>`` nodes, the shape XForms gives them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any


class Node:
    """An element: a name, a text value for leaves, children, and an optional definition."""

    __slots__ = ("children", "definition", "name", "parent", "state", "value")

    def __init__(
        self,
        name: str,
        *,
        value: str = "",
        parent: Node | None = None,
        definition: Any = None,
    ) -> None:
        self.name = name
        self.value = value
        self.parent = parent
        self.children: list[Node] = []
        self.definition = definition
        self.state: Any = None  # the session's per-node state (relevance, validity ...)

    def append(self, child: Node) -> Node:
        """Add ``child`` as the last child and return it."""
        child.parent = self
        self.children.append(child)
        return child

    def child(self, name: str) -> Node | None:
        """The first child called ``name``, or None."""
        for node in self.children:
            if node.name == name:
                return node
        return None

    def string_value(self) -> str:
        """The XPath string-value: the text of a leaf, the concatenated text of an element."""
        if not self.children:
            return self.value
        return "".join(node.string_value() for node in self.iter_descendants() if not node.children)

    def iter_descendants(self) -> Iterator[Node]:
        """Every descendant, depth first, in document order (not including self)."""
        for node in self.children:
            yield node
            yield from node.iter_descendants()

    def ancestors(self) -> Iterator[Node]:
        """Parent, grandparent ... up to the document node."""
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def __repr__(self) -> str:
        return f"Node({self.name!r}, value={self.value!r}, children={len(self.children)})"


def document(root: Node) -> Node:
    """Wrap ``root`` in a document node (what ``/`` denotes)."""
    doc = Node("#document")
    doc.append(root)
    return doc


def items_instance(rows: Iterable[Mapping[str, Any]]) -> Node:
    """A secondary instance ``root/item/<key>`` from rows of plain data."""
    root = Node("root")
    for row in rows:
        item = root.append(Node("item"))
        for key, value in row.items():
            item.append(Node(str(key), value=_text(value)))
    return document(root)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
