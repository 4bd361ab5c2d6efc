"""登记新人员: registration starts from a search by ID number and name.

查找 checks the ID number (birth date and sex are read from it) and lists people of the same
name. An ID number already on file stops the registration: only 打开已登记人员 is offered.
Otherwise 登记新户 creates a household (its 户编号 from ``registry.register``) with the person
as 户主, or, when opened for a household, 登记为本户成员 adds the person with a relation.
A new household needs a village-scope profile (its 户编号 starts with the village code): on
a county or township profile the dialog says so before any search and 登记新户 stays off.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
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
from registry.register import Registered, is_village_code
from registry.store import Changes


class RegisterDialog(QDialog):
    """Search, then register. ``open_person(household_id)`` asks to show a household page;
    ``registered(household_id)`` follows a registration."""

    open_household = Signal(str)
    registered = Signal(str)

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None, *,
                 household_id: str | None = None,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.runner, self.household_id, self._today = runner, household_id, today
        self.lookup: village_ops.Lookup | None = None
        self.setWindowTitle(self.tr("登记新人员（先查找）") if household_id is None
                            else self.tr("新增成员（先查找）"))
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText(self.tr("18 位身份证号"))
        self.name = QLineEdit()
        self.search_button = QPushButton(self.tr("查找"))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.same_name = QListWidget()
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("如：3组12号"))
        self.relation = QComboBox()  # shown in the UI's language, stored as the national word
        for relation in RELATIONS:
            if relation != "户主":
                self.relation.addItem(word(relation), relation)
        self.open_button = QPushButton(self.tr("打开已登记人员"))
        self.register_button = QPushButton(self.tr("登记新户") if household_id is None
                                           else self.tr("登记为本户成员"))
        # a new household needs a village scope; members join an existing one anywhere
        self.can_register = household_id is not None or is_village_code(runner.identity.scope)
        self.scope_note = QLabel(self.tr("新建农户需要村级档案：本档案的范围不是一个村，"
                                         "在这里只能查找和打开已登记人员。请在村级档案上登记新户。"))
        self.scope_note.setWordWrap(True)
        self.scope_note.setStyleSheet("color: #b45309")
        self.scope_note.setVisible(not self.can_register)
        if not self.can_register:
            self.register_button.setToolTip(self.tr("新建农户需要村级档案"))
        self._build()
        self._reset()

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("身份证号"), self.id_number)
        form.addRow(self.tr("姓名"), self.name)
        if self.household_id is None:
            form.addRow(self.tr("地址"), self.address)
        else:
            form.addRow(self.tr("与户主关系"), self.relation)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.register_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope_note)
        layout.addLayout(form)
        layout.addWidget(self.search_button)
        layout.addWidget(self.result)
        layout.addWidget(QLabel(self.tr("同名人员：")))
        layout.addWidget(self.same_name)
        layout.addLayout(buttons)
        self.search_button.clicked.connect(self.run_search)
        self.id_number.returnPressed.connect(self.run_search)
        self.name.returnPressed.connect(self.run_search)
        self.id_number.textChanged.connect(self._reset)
        self.name.textChanged.connect(self._reset)
        self.open_button.clicked.connect(self._open_existing)
        self.register_button.clicked.connect(self.register)
        self.resize(520, 420)

    def _reset(self) -> None:
        """Typing again means searching again before anything can be registered."""
        self.lookup = None
        self.result.setText(self.tr("先输入身份证号和姓名，点“查找”。"))
        self.register_button.setEnabled(False)
        self.open_button.setEnabled(False)

    def run_search(self) -> None:
        """Check the ID number and look for the person (on the DB thread)."""
        village_ops.check_person(self.runner, self, id_number=self.id_number.text(),
                                 name=self.name.text(), today=self._today()).success(
            self._found).failure(self._refused).run()

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):  # its words name the field ("身份证号…")
            self.result.setText(exc.message_en if is_english() else exc.message_zh)
            return
        show_error(self, exc)

    def _found(self, lookup: village_ops.Lookup) -> None:
        self.lookup = lookup
        checked = lookup.checked
        self.same_name.clear()
        for person in lookup.same_name:
            self.same_name.addItem(fill("%1  %2", person.props.get("name", ""),
                                        mask_id(person.props.get("id_number"))))
        if checked.existing is not None:
            self.result.setText(fill(self.tr("此身份证号（%1）已登记，不能重复登记。请打开已登记人员。"),
                                     mask_id(checked.id_number)))
            self.open_button.setEnabled(True)
            self.register_button.setEnabled(False)
            return
        sex = {"男": self.tr("男"), "女": self.tr("女")}.get(checked.sex, checked.sex)
        if not self.can_register:
            self.result.setText(fill(self.tr("未找到此身份证号。由身份证号得出：出生日期 %1，性别 %2。"
                                             "新建农户需要村级档案，本档案不能登记。"),
                                     checked.birth_date.isoformat(), sex))
            return
        self.result.setText(fill(self.tr("未找到此身份证号，可以登记。由身份证号得出：出生日期 %1，性别 %2。"),
                                 checked.birth_date.isoformat(), sex))
        self.register_button.setEnabled(True)

    def _open_existing(self) -> None:
        if self.lookup is not None and self.lookup.checked.existing is not None:
            household = self.lookup.checked.existing.parent
            if household:
                self.open_household.emit(household)
            self.accept()

    def register(self) -> None:
        """Write the registration (only after a search that found no one)."""
        if (self.lookup is None or self.lookup.checked.existing is not None
                or not self.can_register):
            return
        checked = self.lookup.checked
        self.register_button.setEnabled(False)
        if self.household_id is None:
            village_ops.register_new_household(self.runner, self, checked,
                                               address=self.address.text()).success(
                self._registered).failure(self._write_refused).run()
        else:
            village_ops.register_member(self.runner, self, checked,
                                        household_id=self.household_id,
                                        relation=self.relation.currentData()).success(
                self._member_added).failure(self._write_refused).run()

    def _write_refused(self, exc: BaseException) -> None:
        self._reset()
        self._refused(exc)

    def _registered(self, made: Registered) -> None:
        confirm(self.parentWidget() or self, fill(self.tr("已登记新户 %1，户主 %2。"),
                                                  made.household_no, self.lookup.checked.name
                                                  if self.lookup else ""))
        self.registered.emit(made.household_id)
        self.accept()

    def _member_added(self, _changes: Changes) -> None:
        confirm(self.parentWidget() or self, fill(self.tr("已登记成员 %1。"),
                                                  self.lookup.checked.name if self.lookup else ""))
        if self.household_id:
            self.registered.emit(self.household_id)
        self.accept()
