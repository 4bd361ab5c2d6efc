"""The one door between a form widget and the store: drafts, submissions, entity lists.

``FormGateway`` wraps :mod:`registry.submissions` and the entity lists a form looks up with
``instance('person')``, each through a verb of :mod:`desktop.ops` on the runner's DB
thread; a synchronous runner (tests, benchmarks) runs it at once, so a test can check
the store right after a call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop import ops
from desktop.background import BackgroundRunner
from forms.model import Form
from registry.store import Entity

Callback = Callable[[Any], None]
Failure = Callable[[BaseException], None]

_INSTANCE = re.compile(r"instance\(\s*['\"]([^'\"]+)['\"]\s*\)")


def entity_lists_of(form: Form) -> list[str]:
    """Names of the entity lists the form's expressions read with ``instance(...)``."""
    names: set[str] = set()
    for _element, _kind, expression in form.expressions():
        names.update(_INSTANCE.findall(expression.text))
    return sorted(names - set(form.choices))


def entity_row(entity: Entity) -> dict[str, Any]:
    """An entity as an instance() row: ``name`` is the entity id, then its properties."""
    label = entity.props.get("label") or entity.props.get("name") or entity.id
    return {**entity.props, "name": entity.id, "label": str(label)}


def wanted_ids(names: list[str], values: Mapping[str, Any]) -> dict[str, list[str]]:
    """The entities a form needs from each list it reads: the one its ``<list>_id`` field
    names (``person_id`` for ``instance('person')``), never a whole list."""
    return {name: [str(values[f"{name}_id"])] for name in names if values.get(f"{name}_id")}


class FormGateway:
    """Store access for form widgets, through ``desktop.ops``; every call takes callbacks.

    Holds the runner, not the store; with a ``synchronous`` runner (tests) the callbacks
    run before the call returns.
    """

    def __init__(self, runner: BackgroundRunner, *, parent: QWidget | None = None) -> None:
        self.runner, self.parent = runner, parent

    def entity_lists(self, form: Form, values: Mapping[str, Any], done: Callback,
                     failed: Failure) -> None:
        """The rows each entity list of ``form`` needs: ``{"person": [row]}`` for the person
        named by ``values["person_id"]`` (empty when none is named)."""
        names = entity_lists_of(form)
        ops.form_lists(self.runner, self.parent, names, wanted_ids(names, values)).success(
            lambda lists: done({n: [entity_row(e) for e in rows] for n, rows in lists.items()})
        ).failure(failed).without_progress().run()

    def load_draft(self, draft_id: str, done: Callback, failed: Failure) -> None:
        """The saved draft data (or None)."""
        ops.load_draft(self.runner, self.parent, draft_id).success(done).failure(failed).run()

    def save_draft(self, draft_id: str, form: Form, answers: Mapping[str, Any],
                   done: Callback, failed: Failure) -> None:
        """Save (replace) the draft ``draft_id``."""
        ops.save_draft(self.runner, self.parent, draft_id, form=form, answers=answers
                       ).success(done).failure(failed).without_progress().run()

    def save_submission(self, submission: Mapping[str, Any], *, draft_id: str | None,
                        done: Callback, failed: Failure) -> None:
        """Store the submission and its entity changes; the draft goes with it."""
        ops.save_submission(self.runner, self.parent, submission, draft_id=draft_id
                            ).success(done).failure(failed).run()

    def wait(self) -> None:
        """Block until queued store work is done (tests, closing)."""
        self.runner.wait()
