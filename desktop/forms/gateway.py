"""The one door between a form widget and the store: drafts, submissions, entity lists.

``FormGateway`` wraps :mod:`registry.submissions` and the entity lists a form looks up with
``instance('person')``. Work runs on the store thread through :class:`StoreOp`; with
``synchronous=True`` (tests, benchmarks) it runs at once on the calling thread, so a test
can check the store right after a call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.background import BackgroundRunner, StoreOp
from forms.model import Form
from registry import submissions
from registry.store import Entity, Store

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


class FormGateway:
    """Store access for form widgets; every call takes a success callback."""

    def __init__(self, store: Store, runner: BackgroundRunner | None = None, *,
                 synchronous: bool = False, parent: QWidget | None = None) -> None:
        if runner is None and not synchronous:
            raise ValueError("a BackgroundRunner is needed unless synchronous=True")
        self.store, self.runner, self.synchronous, self.parent = store, runner, synchronous, parent

    def entity_lists(self, form: Form, done: Callback, failed: Failure) -> None:
        """The rows of each entity list ``form`` needs: ``{"person": [row, ...]}``."""
        names = entity_lists_of(form)
        self._run(lambda: {n: [entity_row(e) for e in self.store.find(n)] for n in names},
                  done, failed)

    def load_draft(self, draft_id: str, done: Callback, failed: Failure) -> None:
        """The saved draft data (or None)."""
        self._run(lambda: submissions.load_draft(self.store, draft_id), done, failed)

    def save_draft(self, draft_id: str, form: Form, answers: Mapping[str, Any],
                   done: Callback, failed: Failure) -> None:
        """Save (replace) the draft ``draft_id``."""
        self._run(lambda: submissions.save_draft(
            self.store, draft_id=draft_id, form_id=form.form_id, form_version=form.version,
            answers=answers), done, failed)

    def save_submission(self, submission: Mapping[str, Any], *, draft_id: str | None,
                        done: Callback, failed: Failure) -> None:
        """Store the submission and its entity changes; the draft goes with it."""
        self._run(lambda: submissions.save_submission(self.store, submission, draft_id=draft_id),
                  done, failed)

    def wait(self) -> None:
        """Block until queued store work is done (tests, closing)."""
        if self.runner is not None:
            self.runner.wait()

    def _run(self, work: Callable[[], Any], done: Callback, failed: Failure) -> None:
        if self.synchronous:
            try:
                result = work()
            except Exception as exc:  # handed to the caller's failure handler
                failed(exc)
                return
            done(result)
            return
        assert self.runner is not None
        StoreOp(self.runner, self.parent, work).success(done).failure(failed).run()
