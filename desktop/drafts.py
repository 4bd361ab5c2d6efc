"""Saved form drafts in the main window: the 草稿 list, reopening a draft, discarding one.

Forms autosave what was typed into the store's ``draft`` table. ``DraftsController`` gives
the main window a 草稿 action that opens ``DraftsDialog`` (form title; whom it is for: the
registry's name of the person the form was opened for, their head of household and 户编号,
never an ID or phone number nor anything typed; when it was last saved; how many questions
are answered), and a status-bar hint after unlocking when drafts are waiting. A reopened
draft names whom it is for and confirms its submit as a new form does
(``desktop.form_for.open_draft_for``). Every store read and write is a verb of
``desktop.ops`` run on the runner's DB thread; both redraw when a write reports the drafts
list.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import ops
from desktop.background import BackgroundRunner
from desktop.form_for import open_draft_for, who_text
from desktop.forms.catalog import shown_title
from desktop.forms.dialog import FormDialog, open_draft_dialog
from desktop.models import RowsModel, SortRole
from desktop.ops import DRAFTS, DraftRow, touches
from desktop.text import fill
from registry.store import Changes

__all__ = ["DraftRow", "DraftTableModel", "DraftsController", "DraftsDialog", "saved_at"]


def saved_at(updated_ms: int) -> str:
    """When a draft was last saved, in local time: ``2026-11-22 14:05``."""
    return datetime.fromtimestamp(updated_ms / 1000).strftime("%Y-%m-%d %H:%M")


class DraftTableModel(RowsModel):
    """Drafts: form title, whom it is for (name, head of household), 户编号, last saved
    (local time), number of answered questions."""

    COL_FORM, COL_WHOM, COL_HOUSEHOLD, COL_SAVED, COL_ANSWERED = range(5)
    HEADERS = (
        QT_TRANSLATE_NOOP("models", "表单"),
        QT_TRANSLATE_NOOP("models", "填写对象"),
        QT_TRANSLATE_NOOP("models", "户编号"),
        QT_TRANSLATE_NOOP("models", "最后保存"),
        QT_TRANSLATE_NOOP("models", "已填写项数"),
    )
    CELLS: ClassVar[tuple[Callable[[DraftRow], Any], ...]] = (
        lambda r: shown_title(r.title),
        lambda r: who_text(r.name, r.head_name),
        lambda r: r.household_no,
        lambda r: saved_at(r.updated_ms),
        lambda r: r.answered,
    )

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.TextAlignmentRole and index.isValid()
                and index.column() == self.COL_ANSWERED):
            return int(Qt.AlignmentFlag.AlignCenter)
        return super().data(index, role)


class DraftsDialog(QDialog):
    """The list of saved drafts: continue one (double-click or 继续填写) or delete one."""

    def __init__(self, controller: DraftsController, parent: QWidget) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(self.tr("草稿"))
        self.model = DraftTableModel(self)
        self.view = self._table()
        self.empty = QLabel(self.tr("没有未完成的草稿。"))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #666; padding: 24px;")
        self.empty.hide()
        note = QLabel(self.tr("未提交的表单会自动保存为草稿，只保存在本机。双击一行继续填写。"))
        note.setWordWrap(True)
        self.open_button = QPushButton(self.tr("继续填写"))
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QPushButton(self.tr("删除…"))
        self.delete_button.clicked.connect(self.delete_selected)
        close_button = QPushButton(self.tr("关闭"))
        close_button.setAutoDefault(False)
        close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(buttons)
        self._update_buttons()
        self.resize(760, 360)

    def _table(self) -> QTableView:
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        proxy.setSortRole(SortRole)
        view = QTableView()
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(DraftTableModel.COL_SAVED, Qt.SortOrder.DescendingOrder)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DraftTableModel.COL_FORM, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(90)
        view.doubleClicked.connect(lambda _index: self.open_selected())
        view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        return view

    # -- loading -----------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Reload when the list becomes the active window again (a form may have been closed)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.refresh()

    def refresh(self) -> None:
        """Reload the list from the store (off the GUI thread)."""
        self.controller.load(self.show_rows)

    def show_rows(self, rows: list[DraftRow]) -> None:
        """Show ``rows``, keeping the selected draft selected when it is still there."""
        selected = self.selected()
        self.model.set_rows(rows)
        self.view.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        ids = [row.id for row in rows]
        if rows:
            wanted = ids.index(selected.id) if selected and selected.id in ids else 0
            proxy = self.view.model()
            row = proxy.mapFromSource(self.model.index(wanted, 0)).row()
            self.view.selectRow(row)
        self._update_buttons()

    def selected(self) -> DraftRow | None:
        """The draft of the selected row, if any."""
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        proxy = self.view.model()
        return self.model.row_at(proxy.mapToSource(rows[0]).row())

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.open_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    # -- actions -----------------------------------------------------------------------------
    def open_selected(self) -> FormDialog | None:
        """Reopen the selected draft in its form."""
        row = self.selected()
        if row is None:
            return None
        if row.path is None:
            QMessageBox.information(self, self.tr("草稿"), fill(self.tr(
                "本机没有这份草稿所用的表单（%1），暂时无法打开。"), row.form_id))
            return None
        return self.controller.open_draft(row)

    def delete_selected(self) -> None:
        """Delete the selected draft after the user confirms (what was typed is lost)."""
        row = self.selected()
        if row is None:
            return
        if open_draft_dialog(self.controller.window, row.id) is not None:
            QMessageBox.information(self, self.tr("草稿"),
                                    self.tr("这份草稿正在填写中，请先关闭该表单再删除。"))
            return
        if self.confirm_delete(row):
            self.controller.delete(row.id)

    def confirm_delete(self, row: DraftRow) -> bool:
        """Ask 确认删除？; True only when the user picks 删除 (取消 is the default)."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("删除草稿"), self.tr("确认删除？"),
                          QMessageBox.StandardButton.NoButton, self)
        saved = fill(self.tr("%1（最后保存于 %2）"), shown_title(row.title), saved_at(row.updated_ms))
        box.setInformativeText(saved + "\n" + self.tr("删除后，已填写的内容无法恢复。"))
        delete = box.addButton(self.tr("删除"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.setObjectName("confirm_delete_draft")
        box.exec()
        return box.clickedButton() is delete


class DraftsController(QObject):
    """The main window's drafts: the 草稿 action, its dialog and the status-bar hint.

    Both redraw when a write reports the drafts list (``ops.DRAFTS``): a draft saved,
    submitted or deleted anywhere.
    """

    def __init__(self, runner: BackgroundRunner, window: QMainWindow) -> None:
        super().__init__(window)
        self.runner, self.window = runner, window
        self.dialog: DraftsDialog | None = None
        self.action = QAction(self.tr("草稿"), window)
        self.action.setShortcut(QKeySequence("Ctrl+D"))
        self.action.triggered.connect(self.show_dialog)
        # A permanent status-bar widget, not a temporary message: hovering a menu does not
        # wipe it, and a message (a sync's summary) is drawn beside it, never over it.
        self.hint = QLabel()
        self.hint.hide()
        window.statusBar().addPermanentWidget(self.hint)
        runner.changed.connect(self._changed)

    def show_dialog(self) -> DraftsDialog:
        """Show the drafts list (one per window), freshly loaded."""
        if self.dialog is None:
            self.dialog = DraftsDialog(self, self.window)
        self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def load(self, done: Callable[[list[DraftRow]], None]) -> None:
        """Read the drafts on the DB thread; ``done`` gets the rows on the GUI thread."""
        def shown(rows: list[DraftRow]) -> None:
            self._update_hint(len(rows))
            done(rows)

        ops.draft_rows(self.runner, self.window).with_progress(
            self.tr("正在读取草稿…")).success(shown).run()

    def open_draft(self, row: DraftRow) -> FormDialog:
        """Reopen ``row``'s form with its answers, naming whom it is for; it keeps
        autosaving into the same draft and its submit is confirmed."""
        return open_draft_for(self.window, self.runner, row)

    def delete(self, draft_id: str) -> None:
        """Delete a draft on the DB thread (the lists redraw from the broadcast)."""
        ops.delete_draft(self.runner, self.window, draft_id).run()

    def announce(self) -> None:
        """After unlocking: say in the status bar how many drafts wait (nothing if none)."""
        ops.draft_count(self.runner, self.window).success(self._update_hint).run()

    def hint_text(self, count: int) -> str:
        """The status-bar hint for ``count`` waiting drafts."""
        return self.tr("有 %n 份未完成的草稿，可在“草稿”中继续填写", "", count)

    def _update_hint(self, count: int) -> None:
        """Show the hint while drafts wait; hide it when there are none."""
        self.hint.setText(self.hint_text(count) if count else "")
        self.hint.setVisible(count > 0)

    def _changed(self, changes: Changes, _initiator: object) -> None:
        if not touches(changes, DRAFTS):
            return
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.refresh()
        else:
            self.announce()
