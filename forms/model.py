"""Our own immutable model of a form: survey tree, choices, settings, entity declarations.

Built by :mod:`forms.loader` from pyxform's output; nothing here depends on pyxform. Every
expression is already compiled (:class:`forms.xpath.Expression`), so a form that loaded is a
form whose expressions all parse.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from forms.xpath import Expression

Labels = Mapping[str, str]  # language code ("zh", "en" or "default") -> text

EMPTY: Mapping[str, Any] = MappingProxyType({})


def _empty() -> Mapping[str, Any]:
    return EMPTY

#: Field types with their own behaviour; anything else pyxform accepts is a generic field.
KNOWN_TYPES = frozenset(
    {
        "text",
        "integer",
        "decimal",
        "date",
        "select_one",
        "select_multiple",
        "note",
        "calculate",
        "acknowledge",
        "hidden",
    }
)

#: The expression columns, by our name (the key in ``Element.expressions``).
EXPRESSION_KINDS = (
    "relevant",
    "required",
    "constraint",
    "warning",
    "calculation",
    "default",
    "read_only",
    "choice_filter",
    "repeat_count",
)


def pick_label(labels: Labels, language: str | None, default_language: str | None = None) -> str:
    """The text in ``language``, else the form default, else 'default', else any."""
    for key in (language, default_language, "default"):
        if key and key in labels:
            return labels[key]
    return next(iter(labels.values()), "")


@dataclass(frozen=True)
class Choice:
    """One row of the choices sheet."""

    name: str
    labels: Labels = field(default_factory=_empty)
    extras: Mapping[str, str] = field(default_factory=_empty)  # other columns, used by choice_filter

    def label(self, language: str | None = None) -> str:
        """The label in ``language`` (falls back to any), or the name."""
        return pick_label(self.labels, language) or self.name


@dataclass(frozen=True)
class Element:
    """A question, a group or a repeat (``kind`` says which) at a fixed definition path."""

    kind: str  # "field" | "group" | "repeat"
    name: str
    type: str  # normalised: text, integer, ..., group, repeat; or pyxform's type if generic
    path: tuple[str, ...]  # names from the survey root, e.g. ("members", "name")
    row: int | None = None
    labels: Labels = field(default_factory=_empty)
    hints: Labels = field(default_factory=_empty)
    expressions: Mapping[str, Expression] = field(default_factory=_empty)
    messages: Mapping[str, Labels] = field(default_factory=_empty)  # required / constraint / warning -> labels
    default_literal: str | None = None
    list_name: str | None = None
    or_other: bool = False
    appearance: str = ""
    trigger: tuple[str, ...] = ()
    save_to: str | None = None
    parameters: Mapping[str, Any] = field(default_factory=_empty)
    generic: bool = False
    children: tuple[Element, ...] = ()

    @property
    def is_container(self) -> bool:
        """True for groups and repeats."""
        return self.kind in ("group", "repeat")

    @property
    def is_select(self) -> bool:
        """True for select_one and select_multiple."""
        return self.type in ("select_one", "select_multiple")

    @property
    def key(self) -> str:
        """The definition path as text, e.g. 'members/name' (used as the field path)."""
        return "/".join(self.path)

    def label(self, language: str | None = None) -> str:
        """The label in ``language`` (falls back to another language)."""
        return pick_label(self.labels, language)

    def hint(self, language: str | None = None) -> str:
        """The hint in ``language`` (falls back to another language)."""
        return pick_label(self.hints, language)

    def walk(self) -> Iterator[Element]:
        """This element and every descendant, in survey order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class EntityDeclaration:
    """One row of the entities sheet, placed in the survey root or in a repeat."""

    list_name: str
    row: int | None
    container: tuple[str, ...]  # path of the repeat it lives in; () for the survey root
    label: Expression | None = None
    entity_id: Expression | None = None
    create_if: Expression | None = None
    update_if: Expression | None = None
    properties: Mapping[str, str] = field(default_factory=_empty)  # entity property -> field key

    @property
    def can_create(self) -> bool:
        """True when the form may create entities (no entity_id, or a create_if)."""
        return self.entity_id is None or self.create_if is not None

    @property
    def can_update(self) -> bool:
        """True when the form updates an existing entity (entity_id given)."""
        return self.entity_id is not None


@dataclass(frozen=True)
class Settings:
    """The settings sheet."""

    form_id: str
    version: str = ""
    form_title: str = ""
    default_language: str | None = None
    instance_name: str = "data"


@dataclass(frozen=True)
class Form:
    """A loaded form: settings, survey tree, choice lists, entity declarations."""

    settings: Settings
    survey: Element
    choices: Mapping[str, tuple[Choice, ...]]
    entities: tuple[EntityDeclaration, ...] = ()
    languages: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    source: str = ""
    _by_key: Mapping[str, Element] = field(default_factory=_empty, repr=False, compare=False)
    _by_name: Mapping[str, Element] = field(default_factory=_empty, repr=False, compare=False)

    @property
    def form_id(self) -> str:
        """settings.form_id."""
        return self.settings.form_id

    @property
    def version(self) -> str:
        """settings.version."""
        return self.settings.version

    def elements(self) -> Iterator[Element]:
        """Every element below the survey root, in survey order."""
        for child in self.survey.children:
            yield from child.walk()

    def element(self, key: str) -> Element:
        """The element at definition path ``key`` ('members/name'); KeyError if none."""
        return self._by_key[key]

    def by_name(self, name: str) -> Element | None:
        """The element named ``name`` (names are unique in an XLSForm), or None."""
        return self._by_name.get(name)

    def expressions(self) -> Iterator[tuple[Element, str, Expression]]:
        """Every (element, kind, expression) of the form."""
        for element in self.elements():
            for kind, expression in element.expressions.items():
                yield element, kind, expression
