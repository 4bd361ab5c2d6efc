"""Widgets for the parts of a form: a field row, a group box, a repeat with its instances.

``FormBuilder`` walks the form's elements for one instance path and creates these widgets,
registering each under its instance path ('members[2]/age') so the form widget can update
exactly the paths ``FormSession.set_value`` reports.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.forms.editors import Editor, make_editor
from forms.engine import FormSession
from forms.model import Element
from forms.state import FieldState, Message

HIDDEN_TYPES = frozenset({"calculate", "hidden"})
ROLE_COLOURS = {  # label role -> (text, background or "")
    "error": ("#c62828", ""),
    "warning": ("#7a4300", "#fff1d6"),
    "hint": ("#666666", ""),
    "note": ("#1a4f8b", "#eef4fb"),
}


@cache
def role_palette(role: str) -> QPalette:
    """The palette of a message, hint or note label (palettes are cheap; style sheets are not)."""
    text, background = ROLE_COLOURS[role]
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    if background:
        palette.setColor(QPalette.ColorRole.Window, QColor(background))
    return palette



def join_path(parent: str, name: str) -> str:
    """'members[2]' + 'age' -> 'members[2]/age'."""
    return f"{parent}/{name}" if parent else name


def message_text(message: Message | None, language: str) -> str:
    """A session message in the form's language."""
    if message is None:
        return ""
    return message.en if language == "en" else message.zh


class FieldRow(QWidget):
    """One question: label (with * when required), hint, input, inline error and warning."""

    def __init__(self, element: Element, path: str, editor: Editor | None, language: str) -> None:
        super().__init__()
        self.element, self.path, self.editor, self.language = element, path, editor, language
        self.touched = False
        self._required: bool | None = None
        self._choices: tuple[str, ...] | None = None
        self._relevant = True
        self._read_only = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 4, 0, 6)
        self._layout.setSpacing(3)
        self.label = _label("", "" if editor is not None else "note")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self._layout.addWidget(self.label)
        hint = element.hint(language)
        if hint:
            self._layout.addWidget(_label(hint, "hint"))
        if editor is not None:
            self.label.setBuddy(editor.widget)
            self._layout.addWidget(editor.widget)
        self.message = self._message_label("error")
        self.warning = self._message_label("warning")

    def _message_label(self, role: str) -> QLabel:
        label = _label("", role)
        label.hide()
        self._layout.addWidget(label)
        return label

    def apply(self, state: FieldState, *, show_errors: bool) -> None:
        """Show the session's state: relevance, required mark, choices, value, messages."""
        if state.relevant != self._relevant:
            self._relevant = state.relevant
            self.setHidden(not state.relevant)
        if state.required != self._required:
            self._required = state.required
            self.label.setText(self._label_html(state.required))
        if self.editor is not None:
            self._apply_editor(state)
        error = message_text(state.message, self.language) if (self.touched or show_errors) else ""
        _set_message(self.message, error)
        _set_message(self.warning, message_text(state.warning, self.language))

    def _apply_editor(self, state: FieldState) -> None:
        assert self.editor is not None
        if state.choices is not None:
            names = tuple(c.name for c in state.choices)
            if names != self._choices:
                self._choices = names
                self.editor.set_choices(state.choices, self.language, state.text)
        self.editor.show(state.text)
        if state.read_only != self._read_only:
            self._read_only = state.read_only
            self.editor.set_read_only(state.read_only)

    def _label_html(self, required: bool) -> str:
        text = escape(self.element.label(self.language) or self.element.name)
        mark = ' <span style="color:#c62828">*</span>' if required else ""
        return f"<b>{text}</b>{mark}" if self.editor is not None else text + mark

    @property
    def required_marked(self) -> bool:
        """True when the label shows the required mark."""
        return bool(self._required)


def _label(text: str, role: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if role:
        label.setPalette(role_palette(role))
        if ROLE_COLOURS[role][1]:
            label.setAutoFillBackground(True)
            label.setMargin(4)
    return label


def _set_message(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)
        label.setVisible(bool(text))


class RepeatBox(QWidget):
    """A repeat: one box per instance, with 添加 / 删除 unless repeat_count drives it."""

    def __init__(self, element: Element, path: str, builder: FormBuilder) -> None:
        super().__init__()
        self.element, self.path, self.builder = element, path, builder
        self.counted = "repeat_count" in element.expressions
        self.count = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        title = QLabel(f"<b>{escape(element.label(builder.language) or element.name)}</b>")
        layout.addWidget(title)
        self.instances = QVBoxLayout()
        layout.addLayout(self.instances)
        self.add_button: QPushButton | None = None
        if not self.counted:
            self.add_button = QPushButton(QCoreApplication.translate("forms", "添加") + " " + (element.label(builder.language) or ""))
            self.add_button.setAutoDefault(False)
            self.add_button.clicked.connect(lambda: builder.on_add(self.path))
            layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def rebuild(self) -> None:
        """Recreate the instance boxes from the session (after add, remove or repeat_count)."""
        self.builder.forget(f"{self.path}[")
        while self.instances.count():
            item = self.instances.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.count = self.builder.session.repeat_count(self.path)
        for index in range(1, self.count + 1):
            self.instances.addWidget(self._instance(index))

    def _instance(self, index: int) -> QGroupBox:
        path = f"{self.path}[{index}]"
        box = QGroupBox()
        layout = QVBoxLayout(box)
        header = QHBoxLayout()
        header.addWidget(QLabel(f"<b>{escape(self.element.label(self.builder.language))} {index}</b>"))
        header.addStretch(1)
        if not self.counted:
            remove = QPushButton(QCoreApplication.translate("forms", "删除"))
            remove.setAutoDefault(False)
            remove.setToolTip(QCoreApplication.translate("forms", "删除这一项"))
            remove.clicked.connect(lambda: self.builder.on_remove(path))
            header.addWidget(remove)
        layout.addLayout(header)
        self.builder.containers[path] = box
        self.builder.build_children(layout, self.element, path)
        return box


class FormBuilder:
    """Creates the widgets of a form's elements and keeps them by instance path."""

    def __init__(self, session: FormSession, *, language: str, today: Callable[[], date],
                 on_edit: Callable[[str, str], None], on_add: Callable[[str], None],
                 on_remove: Callable[[str], None]) -> None:
        self.session, self.language, self.today = session, language, today
        self.on_edit, self.on_add, self.on_remove = on_edit, on_add, on_remove
        self.fields: dict[str, FieldRow] = {}
        self.containers: dict[str, QWidget] = {}
        self.repeats: dict[str, RepeatBox] = {}

    def build_children(self, layout: QVBoxLayout, element: Element, parent_path: str) -> None:
        """Add widgets for ``element``'s children at ``parent_path`` to ``layout``."""
        for child in element.children:
            widget = self.build(child, join_path(parent_path, child.name))
            if widget is not None:
                layout.addWidget(widget)

    def build(self, element: Element, path: str) -> QWidget | None:
        """The widget of one element at ``path`` (None for calculate and hidden)."""
        if element.kind == "repeat":
            return self._repeat(element, path)
        if element.kind == "group":
            return self._group(element, path)
        if element.type in HIDDEN_TYPES:
            return None
        return self._field(element, path)

    def _field(self, element: Element, path: str) -> FieldRow:
        count = len(self.session.form.choices.get(element.list_name or "", ()))
        editor = make_editor(element, lambda text: self.on_edit(path, text), today=self.today,
                             choice_count=count)
        row = FieldRow(element, path, editor, self.language)
        self.fields[path] = row
        return row

    def _group(self, element: Element, path: str) -> QWidget:
        box = QGroupBox(element.label(self.language))
        layout = QVBoxLayout(box)
        self.containers[path] = box
        self.build_children(layout, element, path)
        return box

    def _repeat(self, element: Element, path: str) -> RepeatBox:
        box = RepeatBox(element, path, self)
        self.repeats[path] = box
        box.rebuild()
        return box

    def forget(self, prefix: str) -> None:
        """Drop the registered widgets whose paths start with ``prefix``."""
        for registry in (self.fields, self.containers, self.repeats):
            for path in [p for p in registry if p.startswith(prefix)]:
                del registry[path]
