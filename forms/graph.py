"""The dependency graph of a form's expressions (JavaRosa's DAG idea).

A *computation* is one expression of one element: its calculation, relevance, constraint ...
It reads *signals* -- the value (``"v"``) or relevance (``"r"``) of definitions -- and may
write one (a calculation writes its element's value, a relevant its relevance). Computations
are put in topological order once per form; a change then re-runs only the computations
downstream of the signals it touched, in that order. A cycle of calculations is a FormError.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from heapq import heapify, heappop, heappush

from forms.errors import FormError
from forms.model import Element, Form
from forms.xpath import Expression, PathRef

Signal = tuple[str, str]  # ("v" | "r", element key)
WILDCARD: Signal = ("*", "*")


@dataclass(frozen=True)
class Computation:
    """One expression of one element, with what it reads and writes."""

    index: int  # position in topological order
    element: Element
    kind: str  # relevant, required, constraint, warning, calculation, read_only,
    #            choice_filter, repeat_count, trigger
    expression: Expression | None
    reads: frozenset[Signal]
    writes: Signal | None


@dataclass(frozen=True)
class Graph:
    """Computations in topological order and, per signal, who reads it."""

    order: tuple[Computation, ...]
    readers: dict[Signal, tuple[Computation, ...]]
    wildcard: tuple[Computation, ...]  # computations whose reads could not be resolved


def build_graph(form: Form) -> Graph:
    """Build (and cache on the form) the dependency graph; FormError on a cycle."""
    cached = form.__dict__.get("_graph")
    if cached is not None:
        return cached
    pending = [c for element in form.elements() for c in _computations(form, element)]
    ordered = _topological(pending)
    readers: dict[Signal, list[Computation]] = defaultdict(list)
    for computation in ordered:
        for signal in computation.reads:
            readers[signal].append(computation)
    graph = Graph(
        order=tuple(ordered),
        readers={k: tuple(v) for k, v in readers.items()},
        wildcard=tuple(c for c in ordered if WILDCARD in c.reads),
    )
    form.__dict__["_graph"] = graph  # derived data cached on the frozen form
    return graph


def _computations(form: Form, element: Element) -> list[Computation]:
    result = []
    for kind, expression in element.expressions.items():
        if kind == "default":
            continue
        if kind == "calculation" and element.trigger:
            continue
        reads = set(reads_of(form, element, expression, item_context=kind == "choice_filter"))
        if kind == "relevant":
            reads.add(("r", "/".join(element.path[:-1])))
        if kind in ("constraint", "warning"):
            reads.add(("v", element.key))
        result.append(_computation(element, kind, expression, reads))
    if "relevant" not in element.expressions and len(element.path) > 1:
        parent = ("r", "/".join(element.path[:-1]))
        result.append(_computation(element, "relevant", None, {parent}))
    if element.trigger:
        reads = {("v", form.by_name(name).key) for name in element.trigger if form.by_name(name)}
        result.append(_computation(element, "trigger", element.expressions.get("calculation"), reads))
    return result


def _computation(element: Element, kind: str, expression: Expression | None, reads: set[Signal]) -> Computation:
    writes: Signal | None = None
    if kind in ("calculation", "trigger", "repeat_count"):
        writes = ("v", element.key)
    elif kind == "relevant":
        writes = ("r", element.key)
    reads.discard(("r", ""))
    if writes is not None:
        reads.discard(writes)
    return Computation(-1, element, kind, expression, frozenset(reads), writes)


def reads_of(form: Form, element: Element, expression: Expression, *, item_context: bool = False) -> set[Signal]:
    """The value signals an expression of ``element`` reads."""
    signals: set[Signal] = set()
    for name in expression.field_refs:
        target = form.by_name(name)
        if target is not None:
            signals.update(_value_signals(target))
    for path in expression.paths:
        if item_context and path.start == "ctx":
            continue
        target = _resolve(form, element, path)
        if target is None:
            return {WILDCARD}
        signals.update(_value_signals(target))
    return signals


def _value_signals(target: Element) -> set[Signal]:
    return {("v", e.key) for e in target.walk()}


def _resolve(form: Form, element: Element, path: PathRef) -> Element | None:
    if path.start == "root":
        if not path.steps:
            return form.survey
        if path.steps[0] != form.settings.instance_name:
            return None
        return _walk_steps(form, form.survey, path.steps[1:])
    if path.start.startswith("ref:"):
        start = form.by_name(path.start[4:])
        return None if start is None else _walk_steps(form, start, path.steps)
    return _walk_steps(form, element, path.steps)


def _walk_steps(form: Form, start: Element, steps: tuple[str, ...]) -> Element | None:
    current: Element | None = start
    for step in steps:
        if current is None or step == "//" or step == "*":
            return None
        if step == ".":
            continue
        if step == "..":
            current = form.survey if len(current.path) <= 1 else form.element("/".join(current.path[:-1]))
            continue
        current = next((c for c in current.children if c.name == step), None)
    return current


def _topological(pending: list[Computation]) -> list[Computation]:
    """Kahn's algorithm, ties broken by survey order; a cycle raises FormError."""
    writers: dict[Signal, list[int]] = defaultdict(list)
    for i, computation in enumerate(pending):
        if computation.writes is not None:
            writers[computation.writes].append(i)
    edges: dict[int, set[int]] = defaultdict(set)
    indegree = [0] * len(pending)
    for i, computation in enumerate(pending):
        sources = _sources(computation, writers, pending)
        for j in sources - {i}:
            if i not in edges[j]:
                edges[j].add(i)
                indegree[i] += 1
    ready = [i for i, degree in enumerate(indegree) if degree == 0]
    heapify(ready)
    ordered: list[Computation] = []
    while ready:
        i = heappop(ready)
        ordered.append(_renumber(pending[i], len(ordered)))
        for j in edges[i]:
            indegree[j] -= 1
            if indegree[j] == 0:
                heappush(ready, j)
    if len(ordered) < len(pending):
        raise _cycle_error([pending[i] for i, degree in enumerate(indegree) if degree > 0])
    return ordered


def _sources(computation: Computation, writers: dict[Signal, list[int]], pending: list[Computation]) -> set[int]:
    if WILDCARD in computation.reads:  # reads everything written by resolvable computations
        return {j for js in writers.values() for j in js if WILDCARD not in pending[j].reads}
    return {j for signal in computation.reads for j in writers.get(signal, ())}


def _renumber(computation: Computation, index: int) -> Computation:
    return Computation(
        index, computation.element, computation.kind, computation.expression, computation.reads, computation.writes
    )


def _cycle_error(stuck: list[Computation]) -> FormError:
    first = stuck[0]
    names = ", ".join(sorted({c.element.name for c in stuck}))
    column = "calculation" if first.kind in ("calculation", "trigger") else first.kind
    return FormError(
        f"表达式之间存在循环依赖：{names}",
        f"expressions depend on each other in a cycle: {names}",
        sheet="survey",
        row=first.element.row,
        column=column,
    )
