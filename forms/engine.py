"""A form being filled: answers, repeats, computed state, validation, drafts, submission.

:class:`FormSession` keeps the answers in a node tree (one node per field, one per repeat
instance) and the computed state (relevance, required, read-only, constraint and warning,
visible choices) on each node. Setting an answer re-runs only the computations downstream of
it in the form's dependency graph (:mod:`forms.graph`), in topological order, and only for
the repeat instances the change can reach. ``recompute_all`` re-runs everything;
``naive_recompute`` re-parses every expression first (the benchmark's reference).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from heapq import heappop, heappush
from typing import Any

from forms.drafts import session_from_draft, session_to_draft
from forms.errors import FormError
from forms.graph import WILDCARD, Computation, Graph, Signal, build_graph
from forms.model import Choice, Element, Form
from forms.state import FieldState, Issue, Message, NodeState
from forms.submission import build_submission
from forms.tree import Node, document, items_instance
from forms.values import calculated_text, to_text, type_problem, typed
from forms.xpath import Context, compile_expression, to_boolean, to_number

_SEGMENT = re.compile(r"^([^\[\]/]+)(?:\[(\d+)\])?$")
_FIELDLESS_TYPES = {"note"}


class FormSession:
    """The answers to one form and everything computed from them."""

    def __init__(
        self,
        form: Form,
        *,
        entity_lists: Mapping[str, list[Mapping[str, Any]]] | None = None,
        language: str | None = None,
        clock: Callable[[], datetime] | None = None,
        initial_repeats: int = 1,
    ) -> None:
        """Start an empty instance: defaults applied, every expression evaluated once.

        ``entity_lists`` maps a list name (household, person ...) to its rows (dicts with
        ``name`` = entity id, ``label``, ``__version`` and properties) for instance() lookups.
        ``clock`` is the seam for today()/now(). Repeats without repeat_count start with
        ``initial_repeats`` instances.
        """
        self.form = form
        self.graph: Graph = build_graph(form)
        self.language = language or form.settings.default_language or _first(form.languages)
        self._clock = clock or datetime.now
        self._entity_rows = {k: list(v) for k, v in (entity_lists or {}).items()}
        self._instances: dict[str, Node] = {}
        self._choice_items: dict[str, list[tuple[Choice, Node]]] = {}
        self._initial_repeats = initial_repeats
        self._structure_changed = False
        self.entity_ids: dict[str, str] = {}  # container instance path -> created entity id
        self.evaluations = 0  # expression evaluations so far (tests count recomputes)
        root = Node(form.settings.instance_name, definition=form.survey)
        root.state = NodeState()
        self.root = root
        self.document = document(root)
        self._build_children(root, form.survey)
        self._apply_defaults(root)
        self.recompute_all()

    # -- Environment (what expressions call) ------------------------------------------------
    def resolve_field(self, name: str, context: Node) -> list[Node]:
        """Nodes of field ``name``, contextualised to the repeat instances around ``context``."""
        element = self.form.by_name(name)
        if element is None:
            raise FormError(f"未知字段 ${{{name}}}", f"unknown field ${{{name}}}")
        ancestors = {id(n) for n in context.ancestors()}
        ancestors.add(id(context))
        nodes = [self.root]
        for step in element.path:
            nodes = [c for n in nodes for c in n.children if c.name == step]
            if len(nodes) > 1:
                inside = [n for n in nodes if id(n) in ancestors]
                if inside:
                    nodes = inside
        return nodes

    def instance(self, instance_id: str) -> Node | None:
        """A choice list or entity list as a secondary instance (``root/item``)."""
        if instance_id not in self._instances:
            rows = self._instance_rows(instance_id)
            if rows is None:
                return None
            self._instances[instance_id] = items_instance(rows)
        return self._instances[instance_id]

    def choice_label(self, value: str, field_ref: str, context: Node) -> str:
        """jr:choice-name: the label of ``value`` in the select named by ``field_ref``."""
        name = field_ref.strip().strip("${}").split("/")[-1]
        element = self.form.by_name(name)
        if element is None or not element.list_name:
            return ""
        for choice in self.form.choices.get(element.list_name, ()):
            if choice.name == value:
                return choice.label(self.language)
        return ""

    def now(self) -> datetime:
        """The injected clock."""
        return self._clock()

    # -- answers ----------------------------------------------------------------------------
    def set_value(self, path: str, value: Any) -> list[str]:
        """Set the answer at ``path`` ('age', 'members[2]/name'); returns the paths whose value
        or state changed. Values are kept as typed (text), so a draft restores exactly."""
        node = self._field_node(path)
        text = to_text(value)
        if node.value == text:
            return []
        node.value = text
        changed = self._propagate({("v", node.definition.key): [node]})
        changed.setdefault(id(node), node)
        return [self.path_of(n) for n in changed.values()]

    def value(self, path: str) -> Any:
        """The typed answer at ``path`` (None when empty)."""
        node = self._field_node(path)
        return typed(node.definition, node.value)

    def text(self, path: str) -> str:
        """The answer at ``path`` exactly as entered."""
        return self._field_node(path).value

    def state(self, path: str) -> FieldState:
        """The computed state of the field at ``path``."""
        return self._field_state(self._field_node(path))

    def fields(self) -> Iterator[FieldState]:
        """States of every field instance, in document order."""
        for node in self.iter_nodes():
            if node.definition.kind == "field":
                yield self._field_state(node)

    def is_relevant(self, path: str) -> bool:
        """Relevance of any node (field, group or repeat instance)."""
        return self.find(path).state.relevant

    # -- repeats ----------------------------------------------------------------------------
    def repeat_count(self, path: str) -> int:
        """Number of instances of the repeat at ``path`` ('members', 'hh[1]/members')."""
        parent, element = self._repeat_parent(path)
        return sum(1 for c in parent.children if c.definition is element)

    def add_repeat(self, path: str) -> str:
        """Append an instance to the repeat at ``path``; returns the new instance's path."""
        parent, element = self._repeat_parent(path)
        node = self._new_repeat_instance(parent, element)
        self._settle_new_instance(node)
        return self.path_of(node)

    def remove_repeat(self, path: str) -> None:
        """Remove the repeat instance at ``path`` ('members[2]')."""
        node = self.find(path)
        if node.definition.kind != "repeat":
            raise KeyError(f"not a repeat instance: {path}")
        parent = node.parent
        assert parent is not None
        parent.children.remove(node)
        self._propagate(_subtree_signals(node.definition, parent))
        self._settle_structure()

    # -- recompute --------------------------------------------------------------------------
    def recompute_all(self) -> None:
        """Re-run every computation for every instance, in topological order."""
        for _ in range(8):  # repeat_count may add instances; a few passes settle it
            self._structure_changed = False
            for computation in self.graph.order:
                if computation.kind != "trigger":
                    self._run(computation, self._targets_all(computation))
            if not self._structure_changed:
                return

    def naive_recompute(self) -> None:
        """Reference mode: re-parse and re-evaluate every expression from scratch."""
        for computation in self.graph.order:
            if computation.kind == "trigger" or computation.expression is None:
                continue
            fresh = compile_expression(computation.expression.text)
            naive = Computation(
                computation.index, computation.element, computation.kind, fresh,
                computation.reads, computation.writes,
            )
            self._run(naive, self._targets_all(naive))

    def _propagate(self, dirty: dict[Signal, list[Node]]) -> dict[int, Node]:
        """Re-run the computations downstream of ``dirty`` signals; the nodes that changed."""
        queue: list[int] = []
        queued: set[int] = set()
        sources: dict[int, list[Node]] = {}
        changed: dict[int, Node] = {}
        self._structure_changed = False

        def enqueue(signal: Signal, nodes: list[Node]) -> None:
            for computation in self.graph.readers.get(signal, ()):
                sources.setdefault(computation.index, []).extend(nodes)
                if computation.index not in queued:
                    queued.add(computation.index)
                    heappush(queue, computation.index)

        for signal, nodes in dirty.items():
            enqueue(signal, nodes)
        for computation in self.graph.wildcard:
            sources.setdefault(computation.index, []).append(self.root)
            if computation.index not in queued:
                queued.add(computation.index)
                heappush(queue, computation.index)
        while queue:
            computation = self.graph.order[heappop(queue)]
            targets = self._targets_near(computation, sources.pop(computation.index, []))
            touched = self._run(computation, targets)
            changed.update((id(n), n) for n in touched)
            if touched and computation.writes is not None:
                enqueue(computation.writes, touched)
        self._settle_structure()
        return changed

    def _run(self, computation: Computation, nodes: list[Node]) -> list[Node]:
        """Evaluate ``computation`` on each node; returns the nodes whose result changed."""
        runner = _RUNNERS[computation.kind]
        return [node for node in nodes if runner(self, computation, node)]

    def _evaluate(self, computation: Computation, node: Node, fallback: Any, current: Node | None = None) -> Any:
        if computation.expression is None:
            return fallback
        self.evaluations += 1
        holder: NodeState = (current or node).state
        try:
            result = computation.expression.evaluate(Context(self, node, current))
        except FormError as exc:
            holder.errors[computation.kind] = exc.message_en
            return fallback
        except (RecursionError, ValueError, OverflowError) as exc:
            holder.errors[computation.kind] = str(exc)
            return fallback
        if holder.errors:
            holder.errors.pop(computation.kind, None)
        return result

    # -- targets ------------------------------------------------------------------------------
    def _targets_all(self, computation: Computation) -> list[Node]:
        return self._instances_of(_target_path(computation), self.root)

    def _targets_near(self, computation: Computation, sources: list[Node]) -> list[Node]:
        path = _target_path(computation)
        scopes: dict[int, Node] = {}
        for source in sources:
            scope = _scope_for(source, path)
            if scope is self.root:
                return self._instances_of(path, self.root)
            scopes[id(scope)] = scope
        result: list[Node] = []
        for scope in scopes.values():
            result.extend(self._instances_of(path, scope))
        return result

    def _instances_of(self, path: tuple[str, ...], scope: Node) -> list[Node]:
        depth = len(scope.definition.path) if scope is not self.root else 0
        nodes = [scope]
        for step in path[depth:]:
            nodes = [c for n in nodes for c in n.children if c.name == step]
        return nodes

    # -- tree -------------------------------------------------------------------------------
    def iter_nodes(self) -> Iterator[Node]:
        """Every node below the root, in document order."""
        return self.root.iter_descendants()

    def find(self, path: str) -> Node:
        """The node at an instance path; KeyError if there is none."""
        node = self.root
        for segment in [s for s in path.strip("/").split("/") if s]:
            match = _SEGMENT.match(segment)
            if match is None:
                raise KeyError(path)
            name, index = match.group(1), int(match.group(2) or 1)
            same = [c for c in node.children if c.name == name]
            if not 1 <= index <= len(same):
                raise KeyError(path)
            node = same[index - 1]
        return node

    def path_of(self, node: Node) -> str:
        """The instance path of ``node`` ('members[2]/name')."""
        parts = []
        while node is not self.root and node.parent is not None:
            segment = node.name
            if node.definition.kind == "repeat":
                siblings = [c for c in node.parent.children if c.definition is node.definition]
                segment = f"{node.name}[{siblings.index(node) + 1}]"
            parts.append(segment)
            node = node.parent
        return "/".join(reversed(parts))

    def _field_node(self, path: str) -> Node:
        node = self.find(path)
        if node.definition.kind != "field":
            raise KeyError(f"not a field: {path}")
        return node

    def _repeat_parent(self, path: str) -> tuple[Node, Element]:
        head, _, name = path.strip("/").rpartition("/")
        parent = self.find(head) if head else self.root
        element = next((c for c in parent.definition.children if c.name == name), None)
        if element is None or element.kind != "repeat":
            raise KeyError(f"not a repeat: {path}")
        return parent, element

    def _build_children(self, parent: Node, element: Element) -> None:
        for child in element.children:
            if child.kind == "repeat":
                if "repeat_count" not in child.expressions:
                    for _ in range(self._initial_repeats):
                        self._create(parent, child)
            else:
                self._create(parent, child)

    def _create(self, parent: Node, element: Element, *, before: int | None = None) -> Node:
        node = Node(element.name, value=element.default_literal or "", definition=element)
        node.state = NodeState()
        if before is None:
            parent.append(node)
        else:
            node.parent = parent
            parent.children.insert(before, node)
        if element.kind != "field":
            self._build_children(node, element)
        return node

    def _new_repeat_instance(self, parent: Node, element: Element) -> Node:
        positions = [i for i, c in enumerate(parent.children) if c.definition is element]
        if positions:
            insert_at = positions[-1] + 1
        else:
            order = [c.name for c in parent.definition.children]
            mine = order.index(element.name)
            insert_at = sum(1 for c in parent.children if order.index(c.name) < mine)
        node = self._create(parent, element, before=insert_at)
        self._structure_changed = True
        return node

    def _apply_defaults(self, scope: Node) -> None:
        for node in [scope, *scope.iter_descendants()]:
            expression = node.definition.expressions.get("default")
            if expression is not None and node.definition.kind == "field":
                self.evaluations += 1
                try:
                    node.value = calculated_text(expression.evaluate(Context(self, node)))
                except FormError as exc:
                    node.state.errors["default"] = exc.message_en

    def _settle_new_instance(self, node: Node) -> None:
        self._apply_defaults(node)
        for computation in self.graph.order:
            inside = computation.element.path[: len(node.definition.path)] == node.definition.path
            if inside and computation.kind not in ("trigger",):
                self._run(computation, self._instances_of(_target_path(computation), node))
        assert node.parent is not None
        self._propagate(_subtree_signals(node.definition, node))

    def _settle_structure(self) -> None:
        if self._structure_changed:
            self._structure_changed = False
            self.recompute_all()

    # -- state views ------------------------------------------------------------------------
    def _field_state(self, node: Node) -> FieldState:
        element: Element = node.definition
        state: NodeState = node.state
        message = self._problem(node)
        warning = None
        if state.relevant and node.value != "" and not state.warning_ok:
            warning = Message.from_labels(element.messages.get("warning"), "请核实此项", "please check this answer")
        return FieldState(
            path=self.path_of(node),
            key=element.key,
            value=typed(element, node.value),
            text=node.value,
            relevant=state.relevant,
            required=state.required,
            read_only=state.read_only or element.type == "calculate",
            valid=message is None,
            message=message,
            warning=warning,
            choices=self.visible_choices(node) if element.is_select else None,
            errors=tuple(state.errors.values()),
        )

    def _problem(self, node: Node) -> Message | None:
        element: Element = node.definition
        state: NodeState = node.state
        if not state.relevant or element.type in _FIELDLESS_TYPES:
            return None
        if node.value == "":
            if state.required:
                return Message.from_labels(element.messages.get("required"), "此项必填", "this field is required")
            return None
        problem = type_problem(element, node.value)
        if problem is not None:
            return Message(*problem)
        if not state.constraint_ok:
            return Message.from_labels(element.messages.get("constraint"), "答案不符合要求", "the answer is not valid")
        return None

    def visible_choices(self, node: Node) -> tuple[Choice, ...]:
        """The choices a select shows now (after its choice_filter)."""
        choices = self.form.choices.get(node.definition.list_name or "", ())
        if node.state.choices is None:
            return choices
        shown = set(node.state.choices)
        return tuple(c for c in choices if c.name in shown)

    def choice_items(self, list_name: str) -> list[tuple[Choice, Node]]:
        """Choices of ``list_name`` paired with their nodes in the secondary instance."""
        if list_name not in self._choice_items:
            doc = self.instance(list_name)
            nodes = doc.children[0].children if doc is not None else []
            choices = self.form.choices.get(list_name, ())
            self._choice_items[list_name] = list(zip(choices, nodes, strict=False))
        return self._choice_items[list_name]

    def validate(self) -> list[Issue]:
        """Blocking problems on submit (required, type, constraint), with path and message."""
        issues = []
        for node in self.iter_nodes():
            if node.definition.kind == "field":
                message = self._problem(node)
                if message is not None:
                    issues.append(Issue(self.path_of(node), message, _issue_kind(node)))
        return issues

    def warnings(self) -> list[Issue]:
        """Soft checks that failed: shown to the user, submission still allowed."""
        return [
            Issue(state.path, state.warning, "warning")
            for state in self.fields()
            if state.warning is not None
        ]

    def expression_errors(self) -> list[tuple[str, str, str]]:
        """(path, kind, message) for every expression that failed to evaluate."""
        return [
            (self.path_of(node), kind, message)
            for node in self.iter_nodes()
            for kind, message in node.state.errors.items()
        ]

    # -- drafts and submission ---------------------------------------------------------------
    def to_draft(self) -> dict[str, Any]:
        """Everything typed so far as plain JSON data (see :func:`forms.drafts`)."""
        return session_to_draft(self)

    @classmethod
    def from_draft(cls, form: Form, draft: Mapping[str, Any], **options: Any) -> FormSession:
        """Rebuild a session from :meth:`to_draft` data (FormError if it is for another form)."""
        return session_from_draft(cls, form, draft, **options)

    def submission(self, **options: Any) -> Any:
        """The submission (answers and entity operations); see :func:`forms.submission.build_submission`."""
        return build_submission(self, **options)

    # -- restoring (drafts) ------------------------------------------------------------------
    def restore_repeat(self, path: str) -> None:
        """Append an instance to the repeat at ``path`` without recomputing (a draft being
        restored; call :meth:`recompute_all` when done)."""
        self._new_repeat_instance(*self._repeat_parent(path))

    def restore_text(self, path: str, text: str) -> None:
        """Put a field's text back exactly as a draft saved it, without recomputing."""
        self._field_node(path).value = text

    def entity_rows(self, list_name: str) -> list[Mapping[str, Any]]:
        """The rows of an entity list this session was given (``instance('person')``)."""
        return list(self._entity_rows.get(list_name, ()))

    # -- secondary instances ----------------------------------------------------------------
    def _instance_rows(self, instance_id: str) -> list[Mapping[str, Any]] | None:
        if instance_id in self.form.choices:
            return [
                {"name": c.name, "label": c.label(self.language), **c.extras}
                for c in self.form.choices[instance_id]
            ]
        if instance_id in self._entity_rows:
            return [_entity_row(row) for row in self._entity_rows[instance_id]]
        return None


# -- runners: one per computation kind; each returns True when the result changed -------------


def _run_calculation(session: FormSession, computation: Computation, node: Node) -> bool:
    text = calculated_text(session._evaluate(computation, node, ""))
    if node.value == text:
        return False
    node.value = text
    return True


def _run_relevant(session: FormSession, computation: Computation, node: Node) -> bool:
    parent = node.parent
    parent_relevant = parent.state.relevant if parent is not None and parent.state else True
    own = to_boolean(session._evaluate(computation, node, True)) if computation.expression else True
    relevant = own and parent_relevant
    if node.state.relevant == relevant:
        return False
    node.state.relevant = relevant
    return True


def _flag_runner(attribute: str, fallback: bool, *, needs_value: bool = False) -> Callable[..., bool]:
    def run(session: FormSession, computation: Computation, node: Node) -> bool:
        if needs_value and node.value == "":
            result = fallback
        else:
            result = to_boolean(session._evaluate(computation, node, fallback))
        if getattr(node.state, attribute) == result:
            return False
        setattr(node.state, attribute, result)
        return True

    return run


def _run_choice_filter(session: FormSession, computation: Computation, node: Node) -> bool:
    list_name = node.definition.list_name or ""
    visible = tuple(
        choice.name
        for choice, item in session.choice_items(list_name)
        if to_boolean(session._evaluate(computation, item, True, current=node))
    )
    if node.state.choices == visible:
        return False
    node.state.choices = visible
    return True


def _run_repeat_count(session: FormSession, computation: Computation, parent: Node) -> bool:
    element = computation.element
    wanted = to_number(session._evaluate(computation, parent, 0.0))
    wanted_count = 0 if wanted != wanted or wanted < 0 else min(int(wanted), 1000)
    instances = [c for c in parent.children if c.definition is element]
    if len(instances) == wanted_count:
        return False
    for extra in instances[wanted_count:]:
        parent.children.remove(extra)
    for _ in range(wanted_count - len(instances)):
        session._new_repeat_instance(parent, element)
    session._structure_changed = True
    return True


_RUNNERS: dict[str, Callable[[FormSession, Computation, Node], bool]] = {
    "calculation": _run_calculation,
    "trigger": _run_calculation,
    "relevant": _run_relevant,
    "required": _flag_runner("required", False),
    "read_only": _flag_runner("read_only", False),
    "constraint": _flag_runner("constraint_ok", True, needs_value=True),
    "warning": _flag_runner("warning_ok", True, needs_value=True),
    "choice_filter": _run_choice_filter,
    "repeat_count": _run_repeat_count,
}


def _target_path(computation: Computation) -> tuple[str, ...]:
    path = computation.element.path
    return path[:-1] if computation.kind == "repeat_count" else path


def _scope_for(source: Node, target: tuple[str, ...]) -> Node:
    """The innermost repeat instance around ``source`` that also contains ``target``."""
    node: Node | None = source
    while node is not None and node.parent is not None:
        element = node.definition
        if element.kind == "repeat" and target[: len(element.path)] == element.path:
            return node
        node = node.parent
    root = source
    while root.parent is not None and root.parent.parent is not None:
        root = root.parent
    return root


def _subtree_signals(element: Element, source: Node) -> dict[Signal, list[Node]]:
    signals: dict[Signal, list[Node]] = {}
    for child in element.walk():
        signals[("v", child.key)] = [source]
        signals[("r", child.key)] = [source]
    return signals


def _entity_row(row: Mapping[str, Any]) -> Mapping[str, Any]:
    if "name" in row:
        return row
    identifier = row.get("__id") or row.get("id") or ""
    return {"name": identifier, **row}


def _issue_kind(node: Node) -> str:
    if node.value == "":
        return "required"
    return "type" if type_problem(node.definition, node.value) else "constraint"


def _first(values: tuple[str, ...]) -> str | None:
    return values[0] if values else None


__all__ = ["FormSession", "WILDCARD"]
