"""Saving a form: the draft autosave (800 ms after the last change) and the submission.

``DraftAutosave`` keeps what was typed as a draft; ``Submitter`` stores a submission and
tells the widget how it went. Both go through the widget's ``FormGateway`` (the runner's
DB thread) and report back with signals, so the widget only draws.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from shiboken6 import isValid

from desktop.errors import show_error
from desktop.forms.gateway import FormGateway
from forms.engine import FormSession
from forms.model import Form

DRAFT_DELAY_MS = 800


class DraftAutosave(QObject):
    """Saves ``answers()`` as the draft ``draft_id`` once changes have paused."""

    saved = Signal(str)  # the local time it was saved, HH:MM:SS
    failed = Signal(object)

    def __init__(self, parent: QObject, *, gateway: FormGateway, form: Form, draft_id: str,
                 answers: Callable[[], Mapping[str, Any] | None]) -> None:
        super().__init__(parent)
        self.gateway, self.form, self.draft_id, self._answers = gateway, form, draft_id, answers
        self.dirty = False
        self.paused = False  # while a submission is being saved
        self.timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self.timer.timeout.connect(self.save_now)

    def changed(self) -> None:
        """Something was typed or a repeat added: save after the pause."""
        self.dirty = True
        self.timer.start()

    def save_now(self) -> None:
        """Save now if anything changed since the last save."""
        self.timer.stop()
        answers = self._answers()
        if answers is None or not self.dirty or self.paused:
            return
        self.dirty = False
        self.gateway.save_draft(self.draft_id, self.form, answers, self._saved, self._failed)

    def _saved(self, _result: object) -> None:
        if isValid(self):  # else the form was closed (and deleted) before the save finished
            self.saved.emit(datetime.now().strftime("%H:%M:%S"))

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):  # closed meanwhile: the last draft save failed, say so anyway
            show_error(None, exc)
            return
        self.failed.emit(exc)


class Submitter(QObject):
    """Stores one submission at a time; the draft goes with it."""

    done = Signal(object)  # registry.store.Changes
    failed = Signal(object)

    def __init__(self, parent: QObject, *, gateway: FormGateway, autosave: DraftAutosave
                 ) -> None:
        super().__init__(parent)
        self.gateway, self.autosave = gateway, autosave
        self.busy = False

    def send(self, session: FormSession) -> None:
        """Save ``session``'s submission (already validated) on the DB thread."""
        submission = session.submission(check=False).to_dict()
        self.autosave.timer.stop()
        self.autosave.paused = self.busy = True
        self.gateway.save_submission(submission, draft_id=self.autosave.draft_id,
                                     done=self._done, failed=self._failed)

    def _done(self, changes: object) -> None:
        if not isValid(self):
            return
        self.busy = self.autosave.paused = self.autosave.dirty = False
        self.done.emit(changes)

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            show_error(None, exc)
            return
        self.busy = self.autosave.paused = False
        self.failed.emit(exc)
