"""Input widgets per field type, behind one small adaptor interface.

An editor owns one Qt widget (``widget``), reports what the user typed or picked as instance
text through ``on_edit`` and shows text coming from the session with ``show`` without
reporting it back. ``make_editor`` picks the editor for an element (type and appearance).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QRegularExpression
from PySide6.QtGui import QFocusEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from forms.model import Choice, Element

OnEdit = Callable[[str], None]
RADIO_MAX = 5
INPUT_WIDTH = 480  # one-line inputs: wide enough for an 18-digit ID or an address, no wider
INPUT_HEIGHT = 28  # room for CJK glyphs  # select_one with more choices (or appearance minimal) is a combo box
CHECK_COLUMNS = 4
ACKNOWLEDGED = "OK"
EMPTY_DATE = QDate(1900, 1, 1)
_INTEGER = QRegularExpression(r"[-+]?\d{0,15}")
_DECIMAL = QRegularExpression(r"[-+]?\d{0,15}(\.\d{0,6})?")


def _tr(text: str) -> str:
    return QCoreApplication.translate("forms", text)


def _size(widget: QWidget, width: int = INPUT_WIDTH) -> None:
    widget.setMaximumWidth(width)
    widget.setMinimumHeight(INPUT_HEIGHT)


class Editor:
    """Base adaptor: a widget, the text it shows, choices for selects."""

    multiline = False

    def __init__(self, widget: QWidget, on_edit: OnEdit) -> None:
        self.widget = widget
        self._on_edit = on_edit
        self._loading = False

    def show(self, text: str) -> None:
        """Show the session's text (does not report an edit)."""
        self._loading = True
        try:
            self._show(text)
        finally:
            self._loading = False

    def _show(self, text: str) -> None:
        raise NotImplementedError

    def _edited(self, text: str) -> None:
        if not self._loading:
            self._on_edit(text)

    def set_choices(self, choices: Sequence[Choice], language: str, text: str) -> None:
        """Replace the visible choices (selects only)."""

    def set_read_only(self, read_only: bool) -> None:
        """Disable input for read-only fields."""
        self.widget.setEnabled(not read_only)

    def focus(self) -> None:
        """Give keyboard focus to the input."""
        self.widget.setFocus()

    def key_targets(self) -> list[QWidget]:
        """Widgets that receive key presses (for Enter and Ctrl+S handling)."""
        return [self.widget]


class LineEditor(Editor):
    """One line of text; integer and decimal fields get a validator."""

    def __init__(self, on_edit: OnEdit, pattern: QRegularExpression | None = None) -> None:
        line = QLineEdit()
        _size(line)
        if pattern is not None:
            line.setValidator(QRegularExpressionValidator(pattern, line))
        super().__init__(line, on_edit)
        line.textEdited.connect(self._edited)

    def _show(self, text: str) -> None:
        if self.widget.text() != text:
            self.widget.setText(text)


class TextAreaEditor(Editor):
    """Several lines of text (appearance multiline); Enter makes a new line."""

    multiline = True

    def __init__(self, on_edit: OnEdit) -> None:
        area = QPlainTextEdit()
        area.setTabChangesFocus(True)
        area.setFixedHeight(72)
        area.setMaximumWidth(INPUT_WIDTH * 3 // 2)
        super().__init__(area, on_edit)
        area.textChanged.connect(lambda: self._edited(area.toPlainText()))

    def _show(self, text: str) -> None:
        if self.widget.toPlainText() != text:
            self.widget.setPlainText(text)


class DateBox(QDateEdit):
    """A QDateEdit that can be empty: blank until focused, then typing fills year-month-day."""

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        _size(self, INPUT_WIDTH // 2)
        self._today = today
        self.empty = True
        self.setDisplayFormat("yyyy-MM-dd")
        self.setCalendarPopup(True)
        self.setMinimumDate(EMPTY_DATE)
        self.set_text("")

    def set_text(self, text: str) -> None:
        """Show an ISO date, or blank for ''."""
        parsed = QDate.fromString(text, "yyyy-MM-dd")
        self.empty = not parsed.isValid()
        self.blockSignals(True)
        self.setSpecialValueText(" " if self.empty else "")
        self.setDate(EMPTY_DATE if self.empty else parsed)
        self.blockSignals(False)

    def iso(self) -> str:
        """The date shown as ISO text ('' when blank)."""
        return "" if self.empty else self.date().toString("yyyy-MM-dd")

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        if self.empty:
            today = self._today()
            self.blockSignals(True)
            self.setSpecialValueText("")
            self.setDate(QDate(today.year, today.month, today.day))
            self.blockSignals(False)
        super().focusInEvent(event)
        self.setCurrentSection(QDateEdit.Section.YearSection)
        self.lineEdit().setSelection(0, 4)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        if self.empty:
            self.set_text("")
        super().focusOutEvent(event)


class DateEditor(Editor):
    """A date with a calendar popup; typing 20240315 fills it from the keyboard."""

    def __init__(self, on_edit: OnEdit, today: Callable[[], date]) -> None:
        box = DateBox(today)
        super().__init__(box, on_edit)
        box.dateChanged.connect(self._date_changed)

    def _date_changed(self, _date: QDate) -> None:
        self.widget.empty = False
        self._edited(self.widget.iso())

    def _show(self, text: str) -> None:
        if self.widget.iso() != text:
            self.widget.set_text(text)


class ButtonsEditor(Editor):
    """Radio buttons (select_one) or check boxes (select_multiple), rebuilt on choice_filter."""

    def __init__(self, on_edit: OnEdit, *, multiple: bool) -> None:
        super().__init__(QWidget(), on_edit)
        self.multiple = multiple
        self.group = QButtonGroup(self.widget)
        self.group.setExclusive(not multiple)
        self.group.buttonClicked.connect(self._clicked)
        self._grid = QGridLayout(self.widget)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(18)
        self._names: list[str] = []

    def set_choices(self, choices: Sequence[Choice], language: str, text: str) -> None:
        for button in self.group.buttons():
            self.group.removeButton(button)
            button.deleteLater()
        self._names = [c.name for c in choices]
        columns = len(choices) if not self.multiple and len(choices) <= RADIO_MAX else CHECK_COLUMNS
        for index, choice in enumerate(choices):
            button = QCheckBox(choice.label(language)) if self.multiple else QRadioButton(
                choice.label(language))
            self.group.addButton(button, index)
            self._grid.addWidget(button, index // columns, index % columns)
        self._grid.setColumnStretch(columns, 1)
        self.show(text)

    def _clicked(self, _button: QAbstractButton) -> None:
        picked = [self._names[self.group.id(b)] for b in self.group.buttons() if b.isChecked()]
        self._edited(" ".join(picked))

    def _show(self, text: str) -> None:
        wanted = set(text.split())
        self.group.setExclusive(False)
        for button in self.group.buttons():
            button.setChecked(self._names[self.group.id(button)] in wanted)
        self.group.setExclusive(not self.multiple)

    def buttons(self) -> list[QAbstractButton]:
        """The buttons in choice order."""
        return sorted(self.group.buttons(), key=self.group.id)

    def focus(self) -> None:
        buttons = self.buttons()
        checked = [b for b in buttons if b.isChecked()]
        target = (checked or buttons or [self.widget])[0]
        target.setFocus()

    def key_targets(self) -> list[QWidget]:
        return list(self.buttons())


class ComboEditor(Editor):
    """select_one as a drop-down list (many choices, or appearance minimal)."""

    def __init__(self, on_edit: OnEdit) -> None:
        combo = QComboBox()
        combo.setMinimumContentsLength(12)
        _size(combo, INPUT_WIDTH // 2)
        super().__init__(combo, on_edit)
        combo.currentIndexChanged.connect(self._picked)

    def set_choices(self, choices: Sequence[Choice], language: str, text: str) -> None:
        self._loading = True
        try:
            self.widget.clear()
            self.widget.addItem(_tr("（请选择）"), "")
            for choice in choices:
                self.widget.addItem(choice.label(language), choice.name)
        finally:
            self._loading = False
        self.show(text)

    def _picked(self, index: int) -> None:
        self._edited(str(self.widget.itemData(index) or ""))

    def _show(self, text: str) -> None:
        index = self.widget.findData(text) if text else 0
        self.widget.setCurrentIndex(max(index, 0))


class AcknowledgeEditor(Editor):
    """acknowledge: a check box that stores 'OK'."""

    def __init__(self, on_edit: OnEdit) -> None:
        box = QCheckBox(_tr("确认"))
        super().__init__(box, on_edit)
        box.clicked.connect(lambda checked: self._edited(ACKNOWLEDGED if checked else ""))

    def _show(self, text: str) -> None:
        self.widget.setChecked(text == ACKNOWLEDGED)


def make_editor(element: Element, on_edit: OnEdit, *, today: Callable[[], date],
                choice_count: int = 0) -> Editor | None:
    """The editor for ``element``; None for notes (label only)."""
    kind, appearance = element.type, element.appearance.split()
    if kind == "note":
        return None
    if kind == "integer":
        return LineEditor(on_edit, _INTEGER)
    if kind == "decimal":
        return LineEditor(on_edit, _DECIMAL)
    if kind == "date":
        return DateEditor(on_edit, today)
    if kind == "select_multiple":
        return ButtonsEditor(on_edit, multiple=True)
    if kind == "select_one":
        combo = "minimal" in appearance or choice_count > RADIO_MAX
        return ComboEditor(on_edit) if combo else ButtonsEditor(on_edit, multiple=False)
    if kind == "acknowledge":
        return AcknowledgeEditor(on_edit)
    if "multiline" in appearance:
        return TextAreaEditor(on_edit)
    return LineEditor(on_edit)
