"""The 政策 page: the policy packs in force in an area on a date, county packs loaded
(checked first, then published to reach every device of the county by sync) or withdrawn,
and the minimum wages confirmed or corrected.

The packs table lists, for the area (default: the profile's) and the date chosen, every
pack covering it with its region, validity, source (built in, or published by whom and
when) and rules (in force / all); when no rule is in force the engine's own words
("婺源县 2027-03-01：没有有效的政策包") are shown above it. 载入县级政策包… checks the
workbook as ``bangfu-policy publish`` does: problems are listed by sheet, row and column
and nothing is written (a rule id a built-in or published rule already has for the same
region and an overlapping window is one); a clean pack is summarised, with the check's
notes (a rule id shared for another window or region, and what will happen) listed the
same way, and 发布 publishes it. 撤回 withdraws the selected county pack, after a
question naming it by title, id, region, validity window and issue date (its version).
The minimum-wage table lists the dated rows of the province and the county, the one the
engine uses marked; 确认 confirms the county's row as it is, 更正… records another amount
or start date (``registry.county_policy.confirm_wage``: who and when are kept).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.background import BackgroundRunner
from desktop.county import policy_ops
from desktop.errors import error_text
from desktop.i18n import is_english
from desktop.redraw import Redraw
from desktop.text import bracketed, fill, listed, word
from registry.county_policy import BUILTIN, PackRow, PacksInForce, WageRow
from registry.policy import Pack, PackError, PackProblem
from registry.policy.distribute import POLICY_PACK_LIST, CheckedPack

RELOAD_DELAY_MS = 500


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    return table


def _fill_row(table: QTableWidget, row: int, cells: tuple[str, ...], *, key: str = "") -> None:
    for col, text in enumerate(cells):
        item = QTableWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setToolTip(text)
        table.setItem(row, col, item)


class WageDialog(QDialog):
    """更正最低工资: the amount, its start date and the source."""

    def __init__(self, row: WageRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("更正最低工资"))
        self.amount = QSpinBox()
        self.amount.setRange(100, 20000)
        self.amount.setSuffix(self.tr(" 元/月"))
        self.valid_from = QDateEdit(QDate(row.wage.valid_from if row else date.today()))
        self.valid_from.setCalendarPopup(True)
        self.valid_from.setDisplayFormat("yyyy-MM-dd")
        self.source = QLineEdit()
        self.source.setPlaceholderText(self.tr("文件名称或文号，如：赣人社发〔2024〕7号"))
        if row:
            self.amount.setValue(row.wage.amount)
        form = QFormLayout(self)
        form.addRow(self.tr("月最低工资"), self.amount)
        form.addRow(self.tr("生效日期"), self.valid_from)
        form.addRow(self.tr("依据"), self.source)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class PolicyPage(QWidget):
    """Policy administration of the county profile."""

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.runner, self.today = runner, today
        self.rows: list[PackRow] = []
        self.wages: list[WageRow] = []
        self.checked: tuple[Path, Pack] | None = None
        self.problems: list[PackProblem] = []
        self.notes: list[PackProblem] = []
        self._widgets()
        self._layout()
        # packs changed: re-read soon if shown, else when the page is shown again
        self.redraw = Redraw(runner, self, self.reload, lists=(POLICY_PACK_LIST,),
                             delay_ms=RELOAD_DELAY_MS)
        self.reload()

    def _widgets(self) -> None:
        self.region = QLineEdit(self.runner.identity.scope)
        self.region.setMaximumWidth(140)
        self.region.editingFinished.connect(self.reload)
        self.as_of = QDateEdit(QDate(self.today()))
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.dateChanged.connect(self.reload)
        self.notice = QLabel()
        self.notice.setStyleSheet("color: #b00020")
        self.packs = _table([self.tr("政策包"), self.tr("适用地区"), self.tr("生效"),
                             self.tr("截止"), self.tr("规则（有效/全部）"), self.tr("来源")])
        self.packs.itemSelectionChanged.connect(self._update_buttons)
        self.load = QPushButton(self.tr("载入县级政策包…"))
        self.load.clicked.connect(self._load_clicked)
        self.withdraw = QPushButton(self.tr("撤回所选县级政策包"))
        self.withdraw.clicked.connect(self._withdraw_clicked)
        self.check_text = QLabel()
        self.check_text.setWordWrap(True)
        self.problem_table = _table([self.tr("工作表"), self.tr("行"), self.tr("列"),
                                     self.tr("列名"), self.tr("问题")])
        self.problem_table.setVisible(False)
        self.publish = QPushButton(self.tr("发布（随同步下发到本县设备）"))
        self.publish.setVisible(False)
        self.publish.clicked.connect(self.publish_checked)
        self.wage_table = _table([self.tr("地区"), self.tr("档次"), self.tr("月最低工资"),
                                  self.tr("生效"), self.tr("截止"), self.tr("确认人"),
                                  self.tr("确认日期"), self.tr("来源")])
        self.wage_table.itemSelectionChanged.connect(self._update_buttons)
        self.confirm = QPushButton(self.tr("确认所选（金额不变）"))
        self.confirm.clicked.connect(self.confirm_selected)
        self.correct = QPushButton(self.tr("更正…"))
        self.correct.clicked.connect(self._correct_clicked)
        self._update_buttons()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("地区代码")))
        top.addWidget(self.region)
        top.addWidget(QLabel(self.tr("日期")))
        top.addWidget(self.as_of)
        top.addStretch(1)
        top.addWidget(self.load)
        top.addWidget(self.withdraw)
        check = QGroupBox(self.tr("载入的政策包"))
        self.check_box = check
        box = QVBoxLayout(check)
        box.addWidget(self.check_text)
        box.addWidget(self.problem_table)
        box.addWidget(self.publish, 0, Qt.AlignmentFlag.AlignLeft)
        check.setVisible(False)
        wages = QGroupBox(self.tr("最低工资（县级确认或更正后随同步下发）"))
        inner = QVBoxLayout(wages)
        inner.addWidget(self.wage_table)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm)
        buttons.addWidget(self.correct)
        buttons.addStretch(1)
        inner.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.packs, 2)
        layout.addWidget(check, 2)
        layout.addWidget(wages, 2)

    # -- reading -----------------------------------------------------------------------

    def chosen_date(self) -> date:
        """The date chosen."""
        return self.as_of.date().toPython()  # type: ignore[no-any-return]

    def reload(self) -> None:
        """Read the packs and wages of the area and date (DB thread)."""
        region = self.region.text().strip() or self.runner.identity.scope
        if not (region.isdigit() and 2 <= len(region) <= 12):
            self.notice.setText(self.tr("地区代码应为 2 至 12 位数字（行政区划代码）"))
            self.notice.setVisible(True)
            return
        policy_ops.packs_in_force(self.runner, self, region=region, as_of=self.chosen_date()
                                  ).success(self._show).without_progress().run()

    def _show(self, found: tuple[PacksInForce, list[WageRow]]) -> None:
        packs, wages = found
        english = is_english()
        self.rows, self.wages, self.in_force = list(packs.packs), wages, packs
        notice = packs.notice_en if english else packs.notice_zh
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self.packs.setRowCount(len(self.rows))
        for row, pack in enumerate(self.rows):
            _fill_row(self.packs, row, self._pack_cells(pack, english=english), key=pack.pack_id)
        self.packs.resizeColumnsToContents()
        self.wage_table.setRowCount(len(wages))
        for row, wage in enumerate(wages):
            _fill_row(self.wage_table, row, self._wage_cells(wage), key=wage.pack_id)
            if wage.applies:
                for col in range(self.wage_table.columnCount()):
                    item = self.wage_table.item(row, col)
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
        self.wage_table.resizeColumnsToContents()
        self._update_buttons()

    def _pack_cells(self, pack: PackRow, *, english: bool) -> tuple[str, ...]:
        name = pack.name_en if english and pack.name_en else pack.name_zh
        if pack.origin == BUILTIN:
            source = fill(self.tr("内置：%1（%2）"), pack.issuer, pack.issued.isoformat())
        else:
            source = fill(self.tr("县级发布：%1，%2"), pack.added_by, pack.added_at[:10])
        return (bracketed(name, pack.pack_id), listed(map(word, pack.region_names)),
                pack.valid_from.isoformat() if pack.valid_from else "—",
                pack.valid_to.isoformat() if pack.valid_to else self.tr("长期"),
                f"{pack.rules_in_force}/{pack.rules}", source)

    def _wage_cells(self, row: WageRow) -> tuple[str, ...]:
        w = row.wage
        mark = self.tr("（现行）") if row.applies else ""
        return (f"{word(w.region_name) if w.region_name else w.region}{mark}",
                word(w.tier) if w.tier else "—", fill(self.tr("%1 元"), w.amount),
                w.valid_from.isoformat(), w.valid_to.isoformat() if w.valid_to else "—",
                w.confirmed_by or self.tr("未确认"),
                w.confirmed_on.isoformat() if w.confirmed_on else "—", w.source)

    def _selected_pack(self) -> PackRow | None:
        rows = self.packs.selectionModel().selectedRows() if self.packs.selectionModel() else []
        return self.rows[rows[0].row()] if rows else None

    def _selected_wage(self) -> WageRow | None:
        model = self.wage_table.selectionModel()
        rows = model.selectedRows() if model else []
        return self.wages[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        pack = self._selected_pack()
        self.withdraw.setEnabled(pack is not None and pack.origin != BUILTIN)
        wage = self._selected_wage()
        county = wage is not None and wage.wage.region == self.county()
        self.confirm.setEnabled(county)
        self.confirm.setToolTip("" if county else self.tr(
            "请选择本县的一行（省级档次和其他县的行仅供参考）"))

    def county(self) -> str:
        """The profile's county code (6 digits): the only region 确认所选 may confirm."""
        return self.runner.identity.scope[:6]


    # -- loading a pack -------------------------------------------------------------------

    def _load_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择县级政策包"), "", self.tr("政策包 (*.xlsx)"))
        if path:
            self.check_file(Path(path))

    def check_file(self, path: Path) -> None:
        """Check the workbook at ``path`` (nothing written); show its problems or summary."""
        self.checked = None
        policy_ops.check_pack(self.runner, self, path).success(
            lambda checked: self._checked_ok(path, checked)).failure(self._check_failed).run()

    def _checked_ok(self, path: Path, checked: CheckedPack) -> None:
        pack = checked.pack
        self.checked = (path, pack)
        self.problems, self.notes = [], list(checked.notes)
        self.check_box.setVisible(True)
        self.check_text.setStyleSheet("")
        text = fill(
            self.tr("%1：检查通过。%2（%3），%4，%5；SHA-256 %6…"),
            path.name, pack.name_zh, pack.id, self.tr("%n 条规则", "", len(pack.rules)),
            self.tr("%n 条最低工资", "", len(pack.minimum_wages)), pack.digest[:12])
        if self.notes:
            text += "\n" + self.tr("另有 %n 条提示（不影响发布），请读后再发布：", "", len(self.notes))
        self.check_text.setText(text)
        self._list_problems(self.notes, last=self.tr("提示"))
        self.publish.setVisible(True)
        self.publish.setEnabled(True)

    def _check_failed(self, exc: BaseException) -> None:
        self.check_box.setVisible(True)
        self.publish.setVisible(False)
        self.check_text.setStyleSheet("color: #b00020")
        if not isinstance(exc, PackError):
            self.problems, self.notes = [], []
            self.problem_table.setVisible(False)
            self.check_text.setText(error_text(exc, english=is_english()))
            return
        self.problems, self.notes = list(exc.problems), []
        self.check_text.setText(self.tr("发现 %n 个问题，未发布。请在 Excel 中改正后重新载入：", "",
                                        len(self.problems)))
        self._list_problems(self.problems, last=self.tr("问题"))

    def _list_problems(self, problems: list[PackProblem], *, last: str) -> None:
        """The problems (or notes) of a check by sheet, row and column; hidden if none."""
        self.problem_table.setVisible(bool(problems))
        self.problem_table.setHorizontalHeaderLabels([
            self.tr("工作表"), self.tr("行"), self.tr("列"), self.tr("列名"), last])
        self.problem_table.setRowCount(len(problems))
        english = is_english()
        for row, p in enumerate(problems):
            _fill_row(self.problem_table, row, (p.sheet, str(p.row), p.column, p.header,
                                                p.message_en if english else p.message_zh))
        self.problem_table.resizeColumnsToContents()

    def publish_checked(self) -> None:
        """Publish the pack that passed the check (it is checked again as it is written)."""
        if self.checked is None:
            return
        path, _pack = self.checked
        self.publish.setEnabled(False)
        policy_ops.publish_pack(self.runner, self, path).success(
            lambda _changes: self._published(path)).failure(self._check_failed).run()

    def _published(self, path: Path) -> None:
        self.checked = None
        self.publish.setVisible(False)
        self.check_text.setText(fill(self.tr("%1 已发布，下次同步时下发到本县设备。"), path.name))
        self.reload()

    def _withdraw_clicked(self) -> None:
        pack = self._selected_pack()
        if pack is None:
            return
        answer = QMessageBox.question(self, self.tr("撤回政策包"), self.withdraw_question(pack))
        if answer == QMessageBox.StandardButton.Yes:
            self.withdraw_pack(pack.pack_id)

    def withdraw_question(self, pack: PackRow) -> str:
        """The question before withdrawing ``pack``: two packs may share a title, so it is
        named by title, id, region, validity window, issue date (its version: a
        replacement needs a later one) and who published it, when."""
        english = is_english()
        name = pack.name_en if english and pack.name_en else pack.name_zh
        return fill(
            self.tr("撤回县级政策包“%1”？\n编号：%2\n适用地区：%3\n有效期：%4 至 %5\n"
                    "发布日期（版本）：%6；%7 于 %8 发布到本县\n下次同步时本县设备随之删除。"),
            name, pack.pack_id, listed(map(word, pack.region_names)),
            pack.valid_from.isoformat() if pack.valid_from else "—",
            pack.valid_to.isoformat() if pack.valid_to else self.tr("长期"),
            pack.issued.isoformat(), pack.added_by or "—", pack.added_at[:10] or "—")

    def withdraw_pack(self, pack_id: str) -> None:
        """Withdraw the published county pack ``pack_id``."""
        policy_ops.withdraw_pack(self.runner, self, pack_id).success(
            lambda _changes: self.reload()).run()

    # -- minimum wages ---------------------------------------------------------------

    def confirm_selected(self) -> None:
        """Confirm the selected county row as it is (amount and start unchanged)."""
        row = self._selected_wage()
        if row is None or row.wage.region != self.county():
            return
        w = row.wage
        source = w.source if len(w.source.strip()) >= 4 else self.tr("县级确认")
        self.record_wage(amount=w.amount, valid_from=w.valid_from, source=source, tier=w.tier,
                         region=w.region)

    def _correct_clicked(self) -> None:
        row = self._selected_wage() or next((w for w in self.wages if w.applies), None)
        dialog = WageDialog(row, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.record_wage(amount=dialog.amount.value(),
                             valid_from=dialog.valid_from.date().toPython(),
                             source=dialog.source.text(), tier=row.wage.tier if row else "")

    def record_wage(self, *, amount: int, valid_from: date, source: str, tier: str = "",
                    region: str | None = None) -> None:
        """Confirm or correct the county's minimum wage (who and when are recorded;
        ``region``: the row confirmed, which must be the county's own)."""
        policy_ops.confirm_wage(self.runner, self, amount=amount, valid_from=valid_from,
                                source=source, tier=tier, today=self.today(),
                                region=region).success(
            lambda _changes: self.reload()).run()

