"""Input widgets per field type, behind one small adaptor interface.

An editor owns one Qt widget (``widget``), reports what the user typed or picked as instance
text through ``on_edit`` and shows text coming from the session with ``show`` without
reporting it back. ``make_editor`` picks the editor for an element (type and appearance).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, QRegularExpression, QTimer
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QRadioButton,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from forms.model import Choice, Element

OnEdit = Callable[[str], None]
RADIO_MAX = 5
INPUT_WIDTH = 480  # one-line inputs: wide enough for an 18-digit ID or an address, no wider
INPUT_HEIGHT = 28  # room for CJK glyphs  # select_one with more choices (or appearance minimal) is a combo box
CHECK_COLUMNS = 4
#: The widest a row of radio buttons or check boxes may be (a 900-pixel form window, its
#: labels beside them): longer labels (English ones) take fewer columns.
BUTTONS_ROW_WIDTH = 600
ACKNOWLEDGED = "OK"
_TYPED_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_DATE_KEYS = QRegularExpression(r"[0-9]{0,4}-?[0-9]{0,2}-?[0-9]{0,2}")
_INTEGER = QRegularExpression(r"[-+]?\d{0,15}")
_DECIMAL = QRegularExpression(r"[-+]?\d{0,15}(\.\d{0,6})?")



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


def typed_date(text: str) -> str:
    """ISO text for a date typed as ``19811216`` or ``1981-12-16``; anything else as typed
    (the session then says what is wrong with it)."""
    text = text.strip()
    match = _TYPED_DATE.fullmatch(text)
    if match is None:
        return text
    try:
        return date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return text


class DateBox(QWidget):
    """A date typed as digits (19811216 or 1981-12-16) or picked in a calendar.

    Empty until set: focusing it does not fill in today; a partial date stays as typed.
    """

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self._today = today
        self.line = QLineEdit()
        _size(self.line, INPUT_WIDTH // 2)
        self.line.setPlaceholderText(QCoreApplication.translate("forms", "年月日，如 19811216"))
        self.line.setValidator(QRegularExpressionValidator(_DATE_KEYS, self.line))
        self.button = QToolButton()
        self.button.setText(QCoreApplication.translate("forms", "日历"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setMinimumSize(56, INPUT_HEIGHT)
        self.button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
        self.button.setMenu(self._calendar_menu())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.setFocusProxy(self.line)
        self.line.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """A click into a complete date selects it, so digits typed replace it (as Tab
        does); the arrow keys then edit it in place."""
        if (watched is self.line and event.type() == QEvent.Type.FocusIn
                and _TYPED_DATE.fullmatch(self.line.text())):
            QTimer.singleShot(0, self._select_date)  # after the click placed the cursor
        return False

    def _select_date(self) -> None:
        if self.line.hasFocus() and _TYPED_DATE.fullmatch(self.line.text()):
            self.line.selectAll()

    def _calendar_menu(self) -> QMenu:
        menu = QMenu(self.button)
        self.calendar = QCalendarWidget()
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._show_calendar)
        self.calendar.clicked.connect(lambda _day: menu.close())
        return menu

    def _show_calendar(self) -> None:
        shown = QDate.fromString(self.iso(), "yyyy-MM-dd")
        today = self._today()
        self.calendar.setSelectedDate(shown if shown.isValid()
                                      else QDate(today.year, today.month, today.day))

    def set_text(self, text: str) -> None:
        """Show ``text`` (ISO, partial or empty)."""
        if self.line.text() != text:
            self.line.setText(text)

    def text(self) -> str:
        """What the box shows."""
        return self.line.text()

    def iso(self) -> str:
        """The date shown as ISO text ('' when empty or not a whole date)."""
        text = typed_date(self.line.text())
        return text if QDate.fromString(text, "yyyy-MM-dd").isValid() else ""


class DateEditor(Editor):
    """A date: typing 19811216 fills it from the keyboard; 日历 picks one."""

    def __init__(self, on_edit: OnEdit, today: Callable[[], date]) -> None:
        box = DateBox(today)
        super().__init__(box, on_edit)
        box.line.textEdited.connect(lambda text: self._edited(typed_date(text)))
        box.calendar.clicked.connect(
            lambda day: self._picked(day.toString("yyyy-MM-dd")))

    def _picked(self, iso: str) -> None:
        self.widget.set_text(iso)
        self._edited(iso)

    def _show(self, text: str) -> None:
        self.widget.set_text(text)

    def focus(self) -> None:
        """Give keyboard focus to the typed date."""
        self.widget.line.setFocus()

    def key_targets(self) -> list[QWidget]:
        """The typed date receives the keys."""
        return [self.widget.line]


def columns_that_fit(widths: Sequence[int], *, most: int, spacing: int) -> int:
    """How many columns (at most ``most``) buttons of ``widths``, laid out row by row,
    may take within ``BUTTONS_ROW_WIDTH`` (one when even two do not fit)."""
    for columns in range(max(1, most), 1, -1):
        widest = [max(widths[column::columns], default=0) for column in range(columns)]
        if sum(widest) + spacing * (columns - 1) <= BUTTONS_ROW_WIDTH:
            return columns
    return 1


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
        most = len(choices) if not self.multiple and len(choices) <= RADIO_MAX else CHECK_COLUMNS
        buttons = [QCheckBox(c.label(language)) if self.multiple else QRadioButton(
            c.label(language)) for c in choices]
        columns = columns_that_fit([b.sizeHint().width() for b in buttons], most=most,
                                   spacing=self._grid.horizontalSpacing())
        for column in range(self._grid.columnCount()):  # a rebuild may have fewer columns
            self._grid.setColumnStretch(column, 0)
        for index, button in enumerate(buttons):
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
            self.widget.addItem(QCoreApplication.translate("forms", "（请选择）"), "")
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
        box = QCheckBox(QCoreApplication.translate("forms", "确认"))
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
