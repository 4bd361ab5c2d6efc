"""The export dialog of the 台账 page: one ledger, its parameters, the file, the result.

``ExportDialog(runner, parent, kind=...)``: the ledger (``registry.ledgers.exports.KINDS``),
the area (a division code, the profile's own by default), the month (the subsidy list may
take every period), and 导出完整号码 — off by default, on only for a role allowed to
(``registry.accounts``, read on the DB thread), and confirmed in a dialog naming the audit.
Before the national export the checks (疑点数据) run and their findings are listed with an
explicit 仍然导出; nothing is written until then. The checks and the export read on the
runner's read lane (the DB thread stays free); while the file is written the dialog says
which ledger and how many rows so far, and 取消导出 stops it leaving no file (as closing the
dialog does). Every export is audited by ``registry.county_ledgers.export_ledger``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.background import BackgroundRunner
from desktop.county import ledgers_ops
from desktop.errors import error_text
from desktop.i18n import is_english
from desktop.models import TableModel
from desktop.places import PlaceWatch
from desktop.text import fill, listed
from registry.ledgers.export_sheet import ExportCancelled, ExportWatch
from registry.ledgers.exports import KINDS, ExportResult
from registry.ledgers.national import Finding

_CONTEXT = "LedgerExport"
Index = QModelIndex | QPersistentModelIndex
NATIONAL = "national-persons"
SUBSIDY = "subsidy-list"
#: How often (ms) the rows written so far are shown while an export runs.
PROGRESS_MS = 200

KIND_LABELS: dict[str, str] = {
    "village-monthly": QT_TRANSLATE_NOOP("LedgerExport", "村级劳动力月度台账"),
    "township-changes": QT_TRANSLATE_NOOP("LedgerExport", "乡镇月度变动汇总"),
    "national-persons": QT_TRANSLATE_NOOP("LedgerExport", "全国防返贫监测信息系统人员信息"),
    "subsidy-list": QT_TRANSLATE_NOOP("LedgerExport", "补贴发放名册"),
}
KIND_NOTES: dict[str, str] = {
    "village-monthly": QT_TRANSLATE_NOOP(
        "LedgerExport", "每名劳动力一行：当月务工、当年务工月数、月收入、当月服务和上次走访"),
    "township-changes": QT_TRANSLATE_NOOP(
        "LedgerExport", "上月21日至本月20日的新增、删除和修改，25日前录入省级系统"),
    "national-persons": QT_TRANSLATE_NOOP(
        "LedgerExport", "国家系统的47列人员信息；先检查疑点数据，有疑点须明确“仍然导出”"),
    "subsidy-list": QT_TRANSLATE_NOOP(
        "LedgerExport", "补贴认领台账中每条发放记录，按政策、期间和户排列"),
}
#: The national checks' rules (``registry.ledgers.national``), for the findings table.
RULE_LABELS: dict[str, str] = {
    "证件号码重复": QT_TRANSLATE_NOOP("LedgerExport", "证件号码重复"),
    "证件号码": QT_TRANSLATE_NOOP("LedgerExport", "证件号码"),
    "务工信息": QT_TRANSLATE_NOOP("LedgerExport", "务工信息"),
    "劳动技能": QT_TRANSLATE_NOOP("LedgerExport", "劳动技能"),
    "户主": QT_TRANSLATE_NOOP("LedgerExport", "户主"),
    "配偶": QT_TRANSLATE_NOOP("LedgerExport", "配偶"),
    "致贫风险": QT_TRANSLATE_NOOP("LedgerExport", "致贫风险"),
}
FINDING_HEADERS = (
    QT_TRANSLATE_NOOP("LedgerExport", "规则"),
    QT_TRANSLATE_NOOP("LedgerExport", "户编号"),
    QT_TRANSLATE_NOOP("LedgerExport", "姓名"),
    QT_TRANSLATE_NOOP("LedgerExport", "证件号码"),
    QT_TRANSLATE_NOOP("LedgerExport", "问题"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class FindingsModel(TableModel):
    """The national checks' findings, ID numbers masked: rule, 户编号, name, ID, problem."""

    CONTEXT, HEADERS = _CONTEXT, FINDING_HEADERS

    def set_findings(self, findings: list[Finding]) -> None:
        """Replace all findings."""
        self._replace(findings)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        cells = self._rows[index.row()].cells(index.row() + 1, masked=True)
        if index.column() == 0:
            return _tr(RULE_LABELS.get(cells[1], cells[1]))
        return cells[index.column() + 1]


@dataclass(frozen=True)
class ExportParams:
    """What one export was asked for, fixed when 导出… was clicked (and the unmasked export
    confirmed): 仍然导出 exports exactly this, whatever the fields show meanwhile."""

    kind: str
    out: Path
    month: str | None
    area: str | None
    unmasked: bool


class ExportDialog(QDialog):
    """Export one ledger: parameters, file, findings (national), progress, result."""

    exported = Signal(object)

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None, *,
                 kind: str = "village-monthly", today: date | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.allowed = False
        self.out: Path | None = None
        self.pending: ExportParams | None = None
        self.watch: ExportWatch | None = None  # the export running, if any
        self._exporting = ""  # the name of the ledger being exported
        self.setWindowTitle(self.tr("导出台账"))
        self.kind = QComboBox()
        for key in KINDS:
            self.kind.addItem(_tr(KIND_LABELS[key]), key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: gray")
        self.area = QLineEdit(runner.identity.scope)
        self.area.setPlaceholderText(self.tr("行政区划代码，如 361130"))
        self.area_name = QLabel()  # the typed code's place name
        self.area_name.setStyleSheet("color: gray")
        self.places = PlaceWatch(runner, self, lambda _places: self._show_area_name())
        self.places.start()
        self.area.textChanged.connect(self._show_area_name)
        day = today or date.today()
        self.month = QDateEdit(QDate(day.year, day.month, 1))
        self.month.setDisplayFormat("yyyy-MM")
        self.all_periods = QCheckBox(self.tr("全部期间"))
        self.all_periods.toggled.connect(lambda on: self.month.setEnabled(not on))
        self.unmasked = QCheckBox(self.tr("导出完整证件号码和电话（不遮蔽）"))
        self.unmasked.setEnabled(False)
        self.findings_label = QLabel()
        self.findings_label.setWordWrap(True)
        self.findings_label.setStyleSheet("color: #b00020")
        self.findings = FindingsModel(self)
        self.findings_view = QTableView()
        self.findings_view.setModel(self.findings)
        self.findings_view.verticalHeader().setVisible(False)
        self.findings_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.findings_view.horizontalHeader().setStretchLastSection(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self._ticker = QTimer(self, interval=PROGRESS_MS)
        self._ticker.timeout.connect(self._show_rows)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self._choose_file)
        self.anyway = QPushButton(self.tr("仍然导出"))
        self.anyway.clicked.connect(self._export_anyway)
        self.cancel_button = QPushButton(self.tr("取消导出"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_export)
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.clicked.connect(self.reject)
        self._layout()
        for changed in (self.area.textChanged, self.month.dateChanged,
                        self.all_periods.toggled, self.unmasked.toggled):
            changed.connect(self._params_changed)
        self._kind_changed()
        self._show_findings(None)
        self.resize(720, 300)
        ledgers_ops.may_export_unmasked(runner, self).without_progress().success(
            self._set_allowed).run()

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("台账"), self.kind)
        form.addRow("", self.note)
        area = QHBoxLayout()
        area.addWidget(self.area)
        area.addWidget(self.area_name, 1)
        form.addRow(self.tr("地区"), area)
        month = QHBoxLayout()
        month.addWidget(self.month)
        month.addWidget(self.all_periods)
        month.addStretch(1)
        form.addRow(self.tr("月份"), month)
        form.addRow(self.tr("号码"), self.unmasked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.anyway)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.findings_label)
        layout.addWidget(self.findings_view, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def _show_area_name(self) -> None:
        code = self.area.text().strip()
        places = self.places.places
        full = places.full(code) if places is not None and code else code
        self.area_name.setText(full if full != code else "")

    def _set_allowed(self, allowed: bool) -> None:
        self.allowed = allowed
        self.unmasked.setEnabled(allowed)
        self.unmasked.setToolTip(
            self.tr("每次导出完整号码都记入审计日志") if allowed else
            self.tr("只有审核员/第一书记或县级管理员可以导出完整号码"))

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        self.note.setText(_tr(KIND_NOTES[kind]))
        self.all_periods.setVisible(kind == SUBSIDY)
        if kind != SUBSIDY:
            self.all_periods.setChecked(False)
        self._show_findings(None)

    def _params_changed(self) -> None:
        """Any parameter changed: findings checked for the old ones no longer apply."""
        self._show_findings(None)

    def current_kind(self) -> str:
        """The ledger chosen."""
        return str(self.kind.currentData())

    def month_text(self) -> str | None:
        """``YYYY-MM``, or ``None`` for every period (subsidy list only)."""
        if self.all_periods.isChecked():
            return None
        return self.month.date().toString("yyyy-MM")

    def _choose_file(self) -> None:
        kind = self.current_kind()
        name = fill("%1_%2_%3.xlsx", _tr(KIND_LABELS[kind]), self.area.text().strip() or "",
                    self.month_text() or self.tr("全部期间"))
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出到文件"), name, self.tr("Excel 工作簿 (*.xlsx);;CSV (*.csv)"))
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, out: Path) -> None:
        """Export to ``out``: confirm an unmasked export, check the national one first."""
        self.out = out
        self._show_findings(None)
        params = ExportParams(kind=self.current_kind(), out=out, month=self.month_text(),
                              area=self._area(), unmasked=self.unmasked.isChecked())
        if params.unmasked and not self.confirm_unmasked():
            self.status.setText(self.tr("已取消，未导出。"))
            return
        if params.kind == NATIONAL:
            self._busy(self.tr("正在检查疑点数据…"))
            ledgers_ops.national_findings(self.runner, self, params.area).without_progress(
                ).success(lambda found: self._checked(params, found)).failure(
                self._failed).run()
            return
        self._run(params, export_anyway=False)

    def confirm_unmasked(self) -> bool:
        """Ask before an unmasked export (a real, modal message box)."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("导出完整号码"),
                          self.tr("将导出完整的证件号码和电话号码。文件须妥善保管，不得外传；"
                                  "此次导出将记入审计日志（导出人、时间、台账、地区）。"
                                  "确定导出完整号码？"), QMessageBox.StandardButton.NoButton, self)
        yes = box.addButton(self.tr("导出完整号码"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes

    def _checked(self, params: ExportParams, findings: list[Finding]) -> None:
        if not findings:
            self._run(params, export_anyway=False)
            return
        self._idle()
        self._show_findings(findings)
        self.pending = params

    def _show_findings(self, findings: list[Finding] | None) -> None:
        self.pending = None  # 仍然导出 only for the parameters these findings were found for
        shown = bool(findings)
        self.findings.set_findings(findings or [])
        for widget in (self.findings_label, self.findings_view, self.anyway):
            widget.setVisible(shown)
        if findings:
            self.findings_label.setText(
                self.tr("发现 %n 条疑点数据，尚未导出。请先核实更正；确需导出请点“仍然导出”，"
                        "疑点将另列一表（疑点数据）。", "", len(findings)))
            view = self.findings_view
            for column in range(self.findings.columnCount() - 1):  # CJK needs a margin
                view.setColumnWidth(column, view.sizeHintForColumn(column) + 16)
            self.resize(max(self.width(), 820), max(self.height(), 520))

    def _export_anyway(self) -> None:
        params = self.pending
        self._show_findings(None)
        if params is not None:
            self._run(params, export_anyway=True)

    def _run(self, params: ExportParams, *, export_anyway: bool) -> None:
        self.watch = ExportWatch()
        self._exporting = _tr(KIND_LABELS[params.kind])
        self._busy(fill(self.tr("正在导出“%1”：正在读取数据…"), self._exporting))
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(True)
        self._ticker.start()
        ledgers_ops.export(self.runner, self, params.kind, params.out,
                           month=params.month, area=params.area, unmasked=params.unmasked,
                           export_anyway=export_anyway, watch=self.watch).without_progress(
            ).success(self._done).failure(self._export_failed).run()

    def _show_rows(self) -> None:
        """The rows written so far (the export's thread counts them in its watch)."""
        watch = self.watch
        if watch is None or watch.cancelled or not (watch.rows or watch.saving):
            return
        text = (self.tr("正在导出“%1”：已写入 %n 行，正在保存文件…", "", watch.rows) if watch.saving
                else self.tr("正在导出“%1”：已写入 %n 行…", "", watch.rows))
        self.status.setText(fill(text, self._exporting))

    def _export_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, ExportCancelled):
            self._failed(exc)
            return
        self._idle()
        self.status.setText(self.tr("已取消，未导出。"))

    def cancel_export(self) -> None:
        """Stop the export running (its file is not written); nothing if none runs."""
        if self.watch is None:
            return
        self.watch.cancel()
        self.cancel_button.setEnabled(False)
        self.status.setText(self.tr("正在取消导出…"))

    def done(self, result: int) -> None:
        """Closing the dialog cancels the export running: no one would see its result."""
        self.cancel_export()
        super().done(result)

    def _area(self) -> str | None:
        return self.area.text().strip() or None

    def _busy(self, text: str) -> None:
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.status.setStyleSheet("")
        self.status.setText(text)
        self.export_button.setEnabled(False)

    def _idle(self) -> None:
        self._ticker.stop()
        self.watch = None
        self.cancel_button.setVisible(False)
        self.progress.setVisible(False)
        self.export_button.setEnabled(True)
        self.status.clear()

    def _done(self, result: ExportResult) -> None:
        self._idle()
        masked = self.tr("号码已遮蔽") if result.masked else self.tr("含完整号码，已记入审计日志")
        files = listed(p.name for p in result.paths)
        self.status.setText(fill(self.tr("已导出 %n 行（%1）：%2", "", int(result)), masked, files))
        self.exported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self._idle()
        self.status.setStyleSheet("color: #b00020")
        self.status.setText(fill(self.tr("未导出：%1"), error_text(exc, english=is_english())))
