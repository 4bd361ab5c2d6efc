"""A dialog around a ``FormWidget``: accepted when the form is submitted, draft kept on close."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QMenu, QVBoxLayout, QWidget

from desktop.background import BackgroundRunner
from desktop.forms.catalog import FormEntry, builtin_forms, shown_title
from desktop.forms.gateway import FormGateway
from desktop.forms.widget import FormWidget
from desktop.i18n import form_language
from forms.loader import load_form
from forms.model import Form


class FormDialog(QDialog):
    """Shows one form; ``changes`` holds what the submission changed once accepted."""

    def __init__(self, form_widget: FormWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form_widget = form_widget
        self.changes: object = None
        self.setWindowTitle(form_widget.title.text())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(form_widget)
        form_widget.submitted.connect(self._submitted)
        self.resize(900, 680)

    def _submitted(self, changes: object) -> None:
        self.changes = changes
        self.accept()

    def reject(self) -> None:
        """Closing keeps what was typed as a draft."""
        self.form_widget.save_draft_now()
        super().reject()


def new_form_menu(parent: QWidget, *, open_form: Callable[[FormEntry], object]) -> QMenu:
    """A "新建表单" menu listing the built-in forms by title; ``open_form`` opens the one
    chosen (``desktop.form_for.open_from_menu``: for the person selected on the page shown).
    """
    menu = QMenu(QCoreApplication.translate("forms", "新建表单"), parent)
    menu.aboutToShow.connect(lambda: _fill_menu(menu, open_form))
    return menu


def _fill_menu(menu: QMenu, open_form: Callable[[FormEntry], object]) -> None:
    if menu.actions():
        return
    for entry in builtin_forms():
        action = menu.addAction(shown_title(entry.title))
        action.triggered.connect(lambda _checked=False, entry=entry: open_form(entry))


def open_form_dialog(parent: QWidget, path: Path, *, runner: BackgroundRunner,
                     values: dict[str, Any], on_submitted: Callable[[object], None],
                     draft_id: str | None = None, form: Form | None = None) -> FormDialog:
    """Open the form at ``path`` in a non-modal dialog (a draft is kept if it is closed);
    ``form``: the form at ``path`` when the caller loaded it already.

    With ``draft_id`` the saved draft's answers are restored and autosaving goes on into the
    same draft; if that draft is already open in a dialog of ``parent``, that one is raised.
    """
    if draft_id is not None:
        existing = open_draft_dialog(parent, draft_id)
        if existing is not None:
            existing.raise_()
            existing.activateWindow()
            return existing
    if form is None:
        form = load_form(path)
    names = {element.key for element in form.elements()}
    preset = {key: value for key, value in values.items() if key in names}
    widget = FormWidget(form, store_gateway=FormGateway(runner, parent=parent),
                        values=preset, draft_id=draft_id, language=form_language())
    dialog = FormDialog(widget, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: on_submitted(dialog.changes))
    dialog.show()
    return dialog


def open_draft_dialog(parent: QWidget, draft_id: str) -> FormDialog | None:
    """The open (not yet closed) form dialog of ``parent`` that saves into ``draft_id``."""
    for dialog in parent.findChildren(FormDialog):
        if dialog.form_widget.draft_id == draft_id and dialog.isVisible():
            return dialog
    return None
