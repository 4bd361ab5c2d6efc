"""Drafts: a session's typed-so-far answers as plain JSON data, and back.

A draft holds the form id and version, the number of instances of every repeat, the text of
every field exactly as entered (empty ones too, so a cleared default stays cleared) and the
ids already given to entities the form creates. ``from_draft(to_draft())`` restores the
same answers, and its ``to_draft()`` is equal to the original.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from forms.errors import FormError
from forms.model import Form

if TYPE_CHECKING:
    from forms.engine import FormSession

DRAFT_FORMAT = 1


def session_to_draft(session: FormSession) -> dict[str, Any]:
    """The plain-data draft of ``session``."""
    repeats: dict[str, int] = {}
    values: dict[str, str] = {}
    for node in session.iter_nodes():
        element = node.definition
        if element.kind == "field":
            values[session.path_of(node)] = node.value
        for child in element.children:
            if child.kind == "repeat":
                key = f"{session.path_of(node)}/{child.name}"
                repeats[key] = sum(1 for c in node.children if c.definition is child)
    for child in session.form.survey.children:
        if child.kind == "repeat":
            repeats = {child.name: session.repeat_count(child.name), **repeats}
    return {
        "format": DRAFT_FORMAT,
        "form_id": session.form.form_id,
        "version": session.form.version,
        "language": session.language,
        "repeats": repeats,
        "values": values,
        "entity_ids": dict(session.entity_ids),
    }


def session_from_draft(
    cls: type[FormSession], form: Form, draft: Mapping[str, Any], **options: Any
) -> FormSession:
    """A new session of ``form`` holding the answers of ``draft``."""
    _check_draft(form, draft)
    options.setdefault("language", draft.get("language"))
    session = cls(form, initial_repeats=0, **options)
    try:
        for path, count in (draft.get("repeats") or {}).items():
            while session.repeat_count(path) < int(count):
                session.restore_repeat(path)
        for path, text in (draft.get("values") or {}).items():
            session.restore_text(path, str(text))
    except (KeyError, ValueError) as exc:
        raise FormError(
            f"草稿与表单 {form.form_id} 的结构不符：{exc}",
            f"the draft does not fit form {form.form_id}: {exc}",
        ) from exc
    session.entity_ids.update(draft.get("entity_ids") or {})
    session.recompute_all()
    return session


def _check_draft(form: Form, draft: Mapping[str, Any]) -> None:
    if draft.get("format") != DRAFT_FORMAT or draft.get("form_id") != form.form_id:
        raise FormError(
            f"草稿不属于表单 {form.form_id}",
            f"the draft is not for form {form.form_id}",
        )
