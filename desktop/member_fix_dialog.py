"""更正成员信息: put right a member's name, ID number or relation to the head.

Opened from the household page for the selected member. The name and relation start as on
file; the ID number starts empty (the page shows it masked and reveals it only through the
audited 显示): typing a number replaces it, leaving it empty keeps it. 保存 writes on the DB
thread (``registry.member_fix``, only what differs); a refusal names the field under the
form and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import village_ops
from desktop.background import BackgroundRunner
from desktop.errors import show_error
from desktop.form_for import confirm
from desktop.i18n import is_english
from desktop.text import fill, word
from registry.codes import RELATIONS
from registry.errors import ValidationError
from registry.masking import mask_id
from registry.member_fix import MemberFix
from registry.store import Changes, Entity


class MemberFixDialog(QDialog):
    """Correct ``person`` (the record as the page read it); ``saved(Changes)`` follows a
    correction that wrote something."""

    saved = Signal(object)

    def __init__(self, runner: BackgroundRunner, person: Entity, parent: QWidget | None = None,
                 *, today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.runner, self.person_id, self._today = runner, person.id, today
        self.setWindowTitle(self.tr("更正成员信息"))
        self.name = QLineEdit(str(person.props.get("name", "")))
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText(fill(self.tr("不改请留空（现为 %1）"),
                                               mask_id(person.props.get("id_number")) or "—"))
        self.relation = QComboBox()  # shown in the UI's language, stored as the national word
        for relation in RELATIONS:
            self.relation.addItem(word(relation), relation)
        on_file = str(person.props.get("relation") or "")
        if on_file not in RELATIONS:  # a ledger's 长子, or none: kept unless changed
            self.relation.insertItem(0, fill(self.tr("%1（原值）"), on_file) if on_file
                                     else self.tr("（未填）"), on_file)
        self.relation.setCurrentIndex(self.relation.findData(on_file))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b91c1c")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self._build()

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("身份证号"), self.id_number)
        form.addRow(self.tr("与户主关系"), self.relation)
        hint = QLabel(self.tr("出生日期和性别由身份证号得出。换户主：先把原户主改为其他关系，"
                              "再把新户主设为“户主”。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for edit in (self.name, self.id_number):
            edit.textChanged.connect(lambda _text: self.problem.clear())
        self.resize(460, 240)

    def fix(self) -> MemberFix:
        """What the form asks for."""
        return MemberFix(self.name.text(), self.id_number.text(), self.relation.currentData())

    def save(self) -> None:
        """Write the correction on the DB thread (nothing while a save is under way)."""
        self.buttons.setEnabled(False)
        village_ops.fix_member(self.runner, self, self.person_id, self.fix(),
                               today=self._today()).success(self._saved).failure(
            self._refused).run()

    def _saved(self, changes: Changes) -> None:
        if changes:
            confirm(self.parentWidget() or self, fill(self.tr("已更正成员 %1 的信息。"),
                                                      self.name.text().strip()))
            self.saved.emit(changes)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):  # its words name the field (身份证号…)
            self.problem.setText(exc.message_en if is_english() else exc.message_zh)
            return
        show_error(self, exc)
