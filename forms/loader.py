"""Load an XLSForm (.xlsx / .xls) into the immutable :class:`forms.model.Form`.

pyxform reads and checks the workbook (see :mod:`forms._pyxform`); this module turns its
JSON tree into our model, compiles every expression (naming sheet, row and column when one
does not parse) and builds the dependency graph (refusing cycles).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from forms import _pyxform
from forms.errors import FormError
from forms.graph import build_graph
from forms.model import (
    EMPTY,
    KNOWN_TYPES,
    Choice,
    Element,
    EntityDeclaration,
    Form,
    Labels,
    Settings,
)
from forms.xpath import Expression, compile_expression

_LANGUAGE_CODE = re.compile(r"\(\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)\s*\)\s*$")
_TYPE_NAMES = {
    "select one": "select_one",
    "select all that apply": "select_multiple",
    "trigger": "acknowledge",
}
_BOOLEAN_WORDS = {"yes": "true()", "true": "true()", "true()": "true()", "1": "true()"}
_FALSE_WORDS = {"no", "false", "false()", "0", ""}
_CHOICE_KEYS = {"name", "label", "media"}
#: our expression kind -> (where pyxform keeps it, its key, the XLSForm column)
_EXPRESSION_SOURCES = {
    "relevant": ("bind", "relevant", "relevant"),
    "required": ("bind", "required", "required"),
    "constraint": ("bind", "constraint", "constraint"),
    "warning": ("top", "warning", "warning"),
    "calculation": ("bind", "calculate", "calculation"),
    "read_only": ("bind", "readonly", "read_only"),
    "choice_filter": ("top", "choice_filter", "choice_filter"),
    "repeat_count": ("control", "jr:count", "repeat_count"),
}


def load_form(source: str | Path | bytes, *, file_type: str | None = None) -> Form:
    """Load and check an XLSForm; raises FormError (with sheet/row/column) if it is malformed."""
    raw = _pyxform.convert(source, file_type=file_type)
    builder = _Builder(raw)
    form = builder.build(source_name=str(source) if not isinstance(source, bytes) else "")
    build_graph(form)  # the graph refuses calculation cycles
    return form


def language_code(key: str) -> str:
    """'中文 (zh)' -> 'zh', 'English (en)' -> 'en', 'zh' -> 'zh', anything else unchanged."""
    match = _LANGUAGE_CODE.search(key)
    return match.group(1).lower() if match else key.strip()


def labels_of(value: Any) -> Labels:
    """pyxform's label value (text or language -> text) as our language-code mapping."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, Mapping):
        return MappingProxyType({language_code(str(k)): str(v) for k, v in value.items() if v})
    return MappingProxyType({"default": str(value)})


class _RowLocator:
    """Find the sheet row of each survey element, walking rows in order."""

    def __init__(self, rows: tuple[tuple[int, str], ...]) -> None:
        self.rows = rows
        self.position = 0

    def find(self, name: str) -> int | None:
        for index in range(self.position, len(self.rows)):
            if self.rows[index][1] == name:
                self.position = index + 1
                return self.rows[index][0]
        return None


class _Builder:
    """Turn pyxform's JSON tree into our model."""

    def __init__(self, raw: _pyxform.RawForm) -> None:
        self.tree = raw.tree
        self.raw = raw
        self.rows = _RowLocator(raw.survey_rows)
        self.entities: list[EntityDeclaration] = []
        self.languages: set[str] = set()

    def build(self, *, source_name: str) -> Form:
        survey = Element(
            kind="group",
            name=self.tree.get("name", "data"),
            type="survey",
            path=(),
            children=self._children(self.tree.get("children", []), ()),
        )
        entities = _attach_properties(tuple(self.entities), survey)
        by_key = {e.key: e for e in _walk(survey)}
        by_name = {}
        for element in _walk(survey):
            by_name.setdefault(element.name, element)
        return Form(
            settings=self._settings(),
            survey=survey,
            choices=self._choices(),
            entities=entities,
            languages=tuple(sorted(self.languages - {"default"})),
            warnings=self.raw.warnings,
            source=source_name,
            _by_key=MappingProxyType(by_key),
            _by_name=MappingProxyType(by_name),
        )

    def _settings(self) -> Settings:
        default = self.tree.get("default_language")
        default_code = language_code(default) if default and default != "default" else None
        return Settings(
            form_id=str(self.tree.get("id_string") or self.tree.get("name") or ""),
            version=str(self.tree.get("version") or ""),
            form_title=str(self.tree.get("title") or ""),
            default_language=default_code,
            instance_name=str(self.tree.get("name") or "data"),
        )

    def _choices(self) -> Mapping[str, tuple[Choice, ...]]:
        lists = {}
        for list_name, rows in (self.tree.get("choices") or {}).items():
            lists[list_name] = tuple(self._choice(row) for row in rows)
        return MappingProxyType(lists)

    def _choice(self, row: Mapping[str, Any]) -> Choice:
        labels = labels_of(row.get("label"))
        self.languages.update(labels)
        extras = {str(k): _plain(v) for k, v in row.items() if k not in _CHOICE_KEYS}
        return Choice(name=str(row.get("name", "")), labels=labels, extras=MappingProxyType(extras))

    def _children(self, items: list[dict[str, Any]], parent: tuple[str, ...]) -> tuple[Element, ...]:
        elements: list[Element] = []
        for index, item in enumerate(items):
            if _is_meta(item):
                self._collect_entities(item, parent)
                continue
            element = self._element(item, parent)
            if element.is_select and _has_other_sibling(items, index):
                element = _with(element, or_other=True)
            elements.append(element)
        return tuple(elements)

    def _element(self, item: dict[str, Any], parent: tuple[str, ...]) -> Element:
        name = str(item.get("name", ""))
        path = (*parent, name)
        row = self.rows.find(name)
        raw_type = str(item.get("type", ""))
        kind = raw_type if raw_type in ("group", "repeat") else "field"
        our_type = _TYPE_NAMES.get(raw_type, raw_type)
        generic = kind == "field" and (our_type not in KNOWN_TYPES or _external_itemset(item))
        labels = labels_of(item.get("label"))
        hints = labels_of(item.get("hint"))
        self.languages.update(labels, hints)
        bind = item.get("bind") or {}
        control = item.get("control") or {}
        return Element(
            kind=kind,
            name=name,
            type=our_type,
            path=path,
            row=row,
            labels=labels,
            hints=hints,
            expressions=self._expressions(item, row),
            messages=_messages(item, bind),
            default_literal=_default_literal(item.get("default")),
            list_name=item.get("list_name") or item.get("itemset") if our_type.startswith("select") else None,
            appearance=str(control.get("appearance") or ""),
            trigger=tuple(item.get("trigger") or ()),
            save_to=bind.get("entities:saveto"),
            parameters=_parameters(item.get("parameters")),
            generic=generic,
            children=self._children(item.get("children", []), path) if kind != "field" else (),
        )

    def _expressions(self, item: dict[str, Any], row: int | None) -> Mapping[str, Expression]:
        sources = {"bind": item.get("bind") or {}, "control": item.get("control") or {}, "top": item}
        compiled: dict[str, Expression] = {}
        for kind, (where, key, column) in _EXPRESSION_SOURCES.items():
            text = sources[where].get(key)
            if kind in ("required", "read_only"):
                text = _boolean_column(text)
            if text is None or str(text).strip() == "":
                continue
            compiled[kind] = _compile(str(text), sheet="survey", row=row, column=column)
        default = item.get("default")
        if default is not None and _default_literal(default) is None:
            compiled["default"] = _compile(str(default), sheet="survey", row=row, column="default")
        return MappingProxyType(compiled)

    def _collect_entities(self, meta: dict[str, Any], container: tuple[str, ...]) -> None:
        for child in meta.get("children", []):
            if child.get("type") == "entity":
                self.entities.append(_entity(child, container))


def _compile(text: str, *, sheet: str, row: int | None, column: str) -> Expression:
    try:
        return compile_expression(text)
    except FormError as exc:
        raise exc.located(sheet=sheet, row=row, column=column) from exc


def _entity(item: dict[str, Any], container: tuple[str, ...]) -> EntityDeclaration:
    parts = {child.get("name"): child for child in item.get("children", [])}
    row = item.get("__row_number")

    def calculated(name: str, column: str) -> Expression | None:
        text = ((parts.get(name) or {}).get("bind") or {}).get("calculate")
        return _compile(text, sheet="entities", row=row, column=column) if text else None

    return EntityDeclaration(
        list_name=str(parts["dataset"]["value"]),
        row=row,
        container=container,
        label=calculated("label", "label"),
        entity_id=calculated("id", "entity_id"),
        create_if=calculated("create", "create_if"),
        update_if=calculated("update", "update_if"),
    )


def _attach_properties(
    entities: tuple[EntityDeclaration, ...], survey: Element
) -> tuple[EntityDeclaration, ...]:
    properties: dict[int, dict[str, str]] = {i: {} for i in range(len(entities))}
    for element in _walk(survey):
        if not element.save_to or not entities:
            continue
        owner = max(
            (i for i, e in enumerate(entities) if element.path[: len(e.container)] == e.container),
            key=lambda i: len(entities[i].container),
            default=0,
        )
        properties[owner][element.save_to] = element.key
    return tuple(
        _with(entity, properties=MappingProxyType(properties[i])) for i, entity in enumerate(entities)
    )


def _walk(element: Element) -> list[Element]:
    return [child for top in element.children for child in top.walk()]


def _with(obj: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(obj, **changes)


def _is_meta(item: dict[str, Any]) -> bool:
    return item.get("name") == "meta" and item.get("type") == "group" and bool(
        (item.get("control") or {}).get("bodyless")
    )


def _has_other_sibling(items: list[dict[str, Any]], index: int) -> bool:
    if index + 1 >= len(items):
        return False
    nxt = items[index + 1]
    relevant = str((nxt.get("bind") or {}).get("relevant", ""))
    return nxt.get("name") == f"{items[index].get('name')}_other" and "'other'" in relevant


def _external_itemset(item: dict[str, Any]) -> bool:
    itemset = str(item.get("itemset") or "")
    return itemset.endswith((".csv", ".xml", ".geojson"))


def _boolean_column(text: Any) -> str | None:
    if text is None:
        return None
    word = str(text).strip()
    if word.lower() in _FALSE_WORDS:
        return None
    return _BOOLEAN_WORDS.get(word.lower(), word)


def _default_literal(value: Any) -> str | None:
    """A default that is plain text (not an expression), or None."""
    if value is None:
        return None
    text = _plain(value)
    return None if "${" in text or "(" in text else text


def _messages(item: dict[str, Any], bind: Mapping[str, Any]) -> Mapping[str, Labels]:
    found = {
        "required": labels_of(bind.get("jr:requiredMsg")),
        "constraint": labels_of(bind.get("jr:constraintMsg")),
        "warning": labels_of(item.get("warning_message")),
    }
    return MappingProxyType({k: v for k, v in found.items() if v})


def _parameters(value: Any) -> Mapping[str, Any]:
    if isinstance(value, Mapping):
        return MappingProxyType(dict(value))
    return EMPTY


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Mapping):
        return str(next(iter(value.values()), ""))
    return str(value)
