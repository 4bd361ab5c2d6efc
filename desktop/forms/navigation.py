"""The pages of a form widget: the page list, the stacked pages, 上一页 / 下一页 and Enter.

``PageNavigator`` knows nothing of the session: the widget tells it which pages are
relevant (``hide_pages``); it moves between the visible ones and between their questions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QStringListModel, Qt
from PySide6.QtWidgets import QListView, QPushButton, QScrollArea, QStackedWidget, QWidget

from desktop.forms.rows import FieldRow


@dataclass
class Page:
    """One page of the form: a title, the group it shows (if any) and its scrolling widget."""

    title: str
    path: str | None
    content: QWidget
    scroll: QScrollArea


def nav_button(text: str, action: Callable[[], object]) -> QPushButton:
    """A form button that Enter in a question does not press."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.clicked.connect(lambda: action())
    return button


class PageNavigator(QObject):
    """Pages in a list and a stack; moves to relevant pages and between their questions."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.pages: list[Page] = []
        self.model = QStringListModel(self)
        self.page_list = QListView()
        self.page_list.setModel(self.model)
        self.page_list.setFixedWidth(150)
        self.page_list.setSpacing(3)
        self.page_list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.page_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.page_list.clicked.connect(lambda index: self.go_to(index.row()))
        self.stack = QStackedWidget()
        self.prev_button = nav_button(self.tr("上一页"), lambda: self.step(-1))
        self.next_button = nav_button(self.tr("下一页"), lambda: self.step(1))

    def add(self, page: Page) -> None:
        """Append a page."""
        self.stack.addWidget(page.scroll)
        self.pages.append(page)
        self.model.setStringList([p.title for p in self.pages])

    def hide_pages(self, relevant: Callable[[str], bool]) -> None:
        """Hide the pages whose group is not relevant; stay on (or near) the current one."""
        for index, page in enumerate(self.pages):
            self.page_list.setRowHidden(index, page.path is not None and not relevant(page.path))
        self.go_to(self.stack.currentIndex())

    def go_to(self, index: int) -> None:
        """Show page ``index``."""
        if not 0 <= index < len(self.pages):
            return
        self.stack.setCurrentIndex(index)
        self.page_list.setCurrentIndex(self.model.index(index))
        self.prev_button.setEnabled(self.neighbour(index, -1) is not None)
        self.next_button.setEnabled(self.neighbour(index, 1) is not None)

    def step(self, direction: int) -> None:
        """Go to the next (1) or previous (-1) visible page and focus its first question."""
        target = self.neighbour(self.stack.currentIndex(), direction)
        if target is not None:
            self.go_to(target)
            self.focus_first(target)

    def neighbour(self, index: int, direction: int) -> int | None:
        """The nearest visible page from ``index`` in ``direction``, if any."""
        index += direction
        while 0 <= index < len(self.pages):
            if not self.page_list.isRowHidden(index):
                return index
            index += direction
        return None

    def page_of(self, widget: QWidget) -> int | None:
        """The index of the page holding ``widget``."""
        return next((i for i, p in enumerate(self.pages) if p.content.isAncestorOf(widget)),
                    None)

    def page_rows(self, index: int) -> list[FieldRow]:
        """The visible, editable questions of page ``index``, in form order."""
        content = self.pages[index].content
        return [r for r in content.findChildren(FieldRow)
                if r.editor is not None and r.isVisibleTo(content) and r.editor.widget.isEnabled()]

    def focus_first(self, index: int) -> None:
        """Focus the first question of page ``index``."""
        rows = self.page_rows(index)
        if rows and rows[0].editor is not None:
            rows[0].editor.focus()

    def focus_next(self, row: FieldRow, last: QWidget) -> None:
        """Enter: the next question, else the next page's first, else ``last`` (submit)."""
        index = self.stack.currentIndex()
        rows = self.page_rows(index)
        after = rows[rows.index(row) + 1:] if row in rows else []
        if after and after[0].editor is not None:
            after[0].editor.focus()
        elif self.neighbour(index, 1) is not None:
            self.step(1)
        else:
            last.setFocus()
