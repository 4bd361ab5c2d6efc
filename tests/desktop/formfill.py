"""Filling a FormWidget the way a person does: typing, clicking, pressing keys."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QWidget

from desktop.forms.rows import FieldRow
from desktop.forms.widget import FormWidget


def commit(target: QWidget, text: str) -> None:
    """What a pinyin input method sends when the user picks ``text`` (QTest types ASCII only)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(target, event)


class Filler:
    """Drives one FormWidget through qtbot."""

    def __init__(self, qtbot: Any, widget: FormWidget) -> None:
        self.qtbot, self.widget = qtbot, widget

    @property
    def session(self) -> Any:
        return self.widget.session

    def row(self, path: str) -> FieldRow:
        return self.widget.builder.fields[path]

    def input(self, path: str) -> QWidget:
        return self.row(path).editor.widget

    def show_page_of(self, path: str) -> None:
        row = self.row(path)
        page = next(i for i, p in enumerate(self.widget.pages) if p.content.isAncestorOf(row))
        if self.widget.stack.currentIndex() != page:
            self.widget.go_to(page)

    def focus(self, path: str) -> QWidget:
        """Show the field's page and give it the keyboard focus."""
        self.show_page_of(path)
        row = self.row(path)
        row.editor.focus()
        self.qtbot.waitUntil(lambda: row.isAncestorOf(QApplication.focusWidget()))
        return QApplication.focusWidget()

    def type(self, path: str, text: str) -> None:
        """Focus the field and type ``text``: ASCII key by key, Chinese as an input method does."""
        target = self.focus(path)
        for run in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
            if run.isascii():
                self.qtbot.keyClicks(target, run)
            else:
                commit(target, run)

    def button(self, path: str, label: str) -> QAbstractButton:
        return next(b for b in self.row(path).editor.buttons() if b.text() == label)

    def click(self, path: str, label: str) -> None:
        """Click the radio button or check box labelled ``label``."""
        self.show_page_of(path)
        self.qtbot.mouseClick(self.button(path, label), Qt.MouseButton.LeftButton)

    def choose(self, path: str, label: str) -> None:
        """Pick ``label`` in a combo box with the arrow keys."""
        combo = self.input(path)
        assert isinstance(combo, QComboBox)
        self.focus(path)
        wanted = combo.findText(label)
        assert wanted >= 0, label
        while combo.currentIndex() < wanted:
            self.qtbot.keyClick(combo, Qt.Key.Key_Down)

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        """Press a key in whatever has the focus."""
        target = QApplication.focusWidget() or self.widget
        self.qtbot.keyClick(target, key, modifier)

    def message(self, path: str) -> str:
        row = self.row(path)
        return row.message.text() if row.message.isVisibleTo(row) else ""

    def warning(self, path: str) -> str:
        row = self.row(path)
        return row.warning.text() if row.warning.isVisibleTo(row) else ""

    def visible(self, path: str) -> bool:
        row = self.row(path)
        page = next(p for p in self.widget.pages if p.content.isAncestorOf(row))
        return row.isVisibleTo(page.content)


def form_for_person(qtbot: Any, parent: QWidget, runner: Any, form: str, **options: Any) -> Any:
    """``desktop.form_for.open_for_person`` and wait for the form it opens (it looks for the
    person's draft of the form on the DB thread first)."""
    from desktop.form_for import open_for_person

    opened: list[Any] = []
    open_for_person(parent, runner, form, opened=opened.append, **options)
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    return opened[0]


def shown_form(qtbot: Any) -> Any:
    """The form dialog on screen, once it has opened (forms open after a DB-thread look-up)."""
    from desktop.forms.dialog import FormDialog

    def shown() -> list[Any]:
        return [w for w in QApplication.topLevelWidgets()
                if isinstance(w, FormDialog) and w.isVisible()]

    qtbot.waitUntil(lambda: bool(shown()), timeout=5000)
    return shown()[0]
