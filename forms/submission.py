"""A finished form as plain data: answers and the entity operations its save_to columns imply.

Per the ODK Entities spec a declaration creates an entity (no ``entity_id``, or
``create_if`` true) with a new UUID, or updates the entity named by ``entity_id``
(``update_if`` true or absent) on the base version the caller says the device has seen.
Declarations inside a repeat give one operation per repeat instance.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from forms.errors import FormError
from forms.model import Element, EntityDeclaration, Form
from forms.tree import Node
from forms.values import typed
from forms.xpath import Context, Expression, to_boolean, to_string

if TYPE_CHECKING:
    from forms.engine import FormSession


@dataclass(frozen=True)
class EntityOperation:
    """Create or update one entity of a list with some properties."""

    list_name: str
    action: str  # "create" | "update"
    entity_id: str
    label: str | None
    properties: dict[str, Any]
    base_version: int | None = None  # for updates: the version the edit was based on
    source_path: str = ""  # the repeat instance it came from ("" for the form root)


@dataclass(frozen=True)
class Submission:
    """What the registry stores: immutable answers plus entity operations."""

    form_id: str
    version: str
    instance_id: str
    answers: dict[str, Any]
    entities: tuple[EntityOperation, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data."""
        data = asdict(self)
        data["entities"] = [asdict(op) for op in self.entities]
        return data


def build_submission(
    session: FormSession,
    *,
    base_versions: Mapping[str, int] | None = None,
    instance_id: str | None = None,
    check: bool = True,
) -> Submission:
    """Build the submission; FormError listing the problems if ``check`` and it is not valid.

    ``base_versions`` maps an updated entity's id to the version the device had seen; when
    missing, the ``__version`` of the row in the session's entity list is used.
    """
    if check:
        issues = session.validate()
        if issues:
            listing = "; ".join(str(i) for i in issues[:10])
            raise FormError(f"表单未填写完整：{listing}", f"the form is not complete: {listing}")
    operations: list[EntityOperation] = []
    for declaration in session.form.entities:
        for container in _containers(session, declaration):
            op = _operation(session, declaration, container, base_versions or {})
            if op is not None:
                operations.append(op)
    return Submission(
        form_id=session.form.form_id,
        version=session.form.version,
        instance_id=instance_id or str(uuid.uuid4()),
        answers=answers_of(session, session.root),
        entities=tuple(operations),
    )


_REPEAT_INDEX = re.compile(r"\[\d+\]")


def without_indexes(path: str) -> str:
    """An instance path without its repeat indexes: ``members[2]/id_number`` ->
    ``members/id_number`` (the question's key)."""
    return _REPEAT_INDEX.sub("", path)


def field_path(form: Form, list_name: str, source_path: str, prop: str) -> str | None:
    """The instance path of the question whose answer an entity operation of ``list_name``
    made at ``source_path`` (its repeat instance, ``members[2]``; ``""`` for the form's root)
    saved to ``prop``: ``members[2]/id_number``. None when no question of ``form`` does."""
    container = tuple(step for step in without_indexes(source_path).split("/") if step)
    for declaration in form.entities:
        if declaration.list_name != list_name or declaration.container != container:
            continue
        key = declaration.properties.get(prop)
        if key:
            tail = key.split("/")[len(container):]
            return "/".join([source_path, *tail] if source_path else tail)
    return None


def answers_of(session: FormSession, node: Node) -> dict[str, Any]:
    """Relevant answers below ``node``: groups as dicts, repeats as lists, typed values."""
    result: dict[str, Any] = {}
    for child in node.children:
        element: Element = child.definition
        if not child.state.relevant:
            continue
        if element.kind == "repeat":
            result.setdefault(element.name, []).append(answers_of(session, child))
        elif element.kind == "group":
            result[element.name] = answers_of(session, child)
        elif element.type != "note":
            result[element.name] = typed(element, child.value)
    return result


def _containers(session: FormSession, declaration: EntityDeclaration) -> list[Node]:
    nodes = [session.root]
    for step in declaration.container:
        nodes = [c for n in nodes for c in n.children if c.name == step]
    return [n for n in nodes if n.state.relevant]


def _operation(
    session: FormSession, declaration: EntityDeclaration, container: Node, base_versions: Mapping[str, int]
) -> EntityOperation | None:
    path = session.path_of(container) if container is not session.root else ""
    creating = declaration.can_create and _holds(session, declaration.create_if, container)
    if creating:
        entity_id = session.entity_ids.setdefault(path, str(uuid.uuid4()))
        return _make(session, declaration, container, "create", entity_id, None, path)
    if not declaration.can_update or not _holds(session, declaration.update_if, container):
        return None
    assert declaration.entity_id is not None
    entity_id = _text(session, declaration.entity_id, container)
    if not entity_id:
        return None
    base = base_versions.get(entity_id, _listed_version(session, declaration.list_name, entity_id))
    return _make(session, declaration, container, "update", entity_id, base, path)


def _make(
    session: FormSession,
    declaration: EntityDeclaration,
    container: Node,
    action: str,
    entity_id: str,
    base_version: int | None,
    path: str,
) -> EntityOperation:
    label = _text(session, declaration.label, container) if declaration.label else None
    properties = {}
    for prop, key in declaration.properties.items():
        node = _field_in(session, container, key)
        if node is not None and node.state.relevant:
            properties[prop] = typed(node.definition, node.value)
    return EntityOperation(declaration.list_name, action, entity_id, label, properties, base_version, path)


def _field_in(session: FormSession, container: Node, key: str) -> Node | None:
    depth = len(container.definition.path) if container is not session.root else 0
    nodes = [container]
    for step in key.split("/")[depth:]:
        nodes = [c for n in nodes for c in n.children if c.name == step]
    return nodes[0] if nodes else None


def _holds(session: FormSession, condition: Expression | None, container: Node) -> bool:
    if condition is None:
        return True
    return to_boolean(condition.evaluate(Context(session, _context_node(container))))


def _text(session: FormSession, expression: Expression | None, container: Node) -> str:
    if expression is None:
        return ""
    return to_string(expression.evaluate(Context(session, _context_node(container))))


def _context_node(container: Node) -> Node:
    """Entity expressions are evaluated from the entity node inside the container."""
    return container


def _listed_version(session: FormSession, list_name: str, entity_id: str) -> int | None:
    for row in session.entity_rows(list_name):
        if str(row.get("name", row.get("__id", row.get("id")))) == entity_id:
            version = row.get("__version")
            return int(version) if version not in (None, "") else None
    return None
