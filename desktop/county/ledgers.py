"""The 台账 page of the county (and township) workspace: import a ledger, export the ledgers.

``LedgersPage(runner, parent)`` has two parts:

- 导入台账 opens :class:`ImportWizard`: 选择文件 (the file, read on the DB thread: its
  encoding, the mojibake repaired said plainly, or the refusal of damaged text naming the
  row and column; the header row and a few rows, full numbers masked) → 列对应 (the mapping
  remembered or guessed, one field per column, editable; required fields marked; problems
  said before any dry run) → 试运行 (what every row would do, refusals by row and column in
  a table, exportable as .xlsx/.csv; notes on how a column was read where the mapping alone
  does not say it, such as 务工地域 words in a 务工所在地 column; refused rows block the import unless explicitly left
  out) → 导入 (one ``CollectionOp``: all or nothing, with a progress bar; the list pages
  redraw from the ``Changes`` it broadcasts).
- 导出台账: one line per ledger of ``registry.ledgers.exports.KINDS``, each opening
  ``desktop.county.ledgers_export.ExportDialog`` with its parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.background import BackgroundRunner
from desktop.county import ledgers_ops
from desktop.county.ledgers_export import KIND_LABELS, KIND_NOTES, ExportDialog
from desktop.errors import error_text
from desktop.i18n import is_english
from desktop.models import TableModel
from desktop.places import PlaceWatch, label
from desktop.text import fill, listed
from registry.county_ledgers import (
    REQUIRED_FIELDS,
    FilePreview,
    ReportLine,
    mapping_problems,
    village_problem,
)
from registry.ledgers.exports import KINDS
from registry.ledgers.import_fields import FIELDS
from registry.ledgers.import_tables import column_letter
from registry.ledgers.imports import ImportResult
from registry.places import PlaceNames

_CONTEXT = "LedgerImport"
Index = QModelIndex | QPersistentModelIndex
ActionRole = Qt.ItemDataRole.UserRole + 7

FIELD_LABELS: dict[str, str] = {
    "name": QT_TRANSLATE_NOOP("LedgerImport", "姓名"),
    "id_number": QT_TRANSLATE_NOOP("LedgerImport", "证件号码"),
    "sex": QT_TRANSLATE_NOOP("LedgerImport", "性别"),
    "birth_date": QT_TRANSLATE_NOOP("LedgerImport", "出生日期"),
    "relation": QT_TRANSLATE_NOOP("LedgerImport", "与户主关系"),
    "is_head": QT_TRANSLATE_NOOP("LedgerImport", "是否户主"),
    "ethnicity": QT_TRANSLATE_NOOP("LedgerImport", "民族"),
    "education": QT_TRANSLATE_NOOP("LedgerImport", "文化程度"),
    "political_status": QT_TRANSLATE_NOOP("LedgerImport", "政治面貌"),
    "health": QT_TRANSLATE_NOOP("LedgerImport", "健康状况"),
    "disability": QT_TRANSLATE_NOOP("LedgerImport", "残疾类别"),
    "labour_class": QT_TRANSLATE_NOOP("LedgerImport", "劳动技能"),
    "skill": QT_TRANSLATE_NOOP("LedgerImport", "技能"),
    "work_status": QT_TRANSLATE_NOOP("LedgerImport", "就业渠道"),
    "work_region": QT_TRANSLATE_NOOP("LedgerImport", "务工地域"),
    "work_place": QT_TRANSLATE_NOOP("LedgerImport", "务工所在地"),
    "employer": QT_TRANSLATE_NOOP("LedgerImport", "务工企业名称"),
    "months_worked": QT_TRANSLATE_NOOP("LedgerImport", "务工时间（月）"),
    "monthly_income": QT_TRANSLATE_NOOP("LedgerImport", "月收入"),
    "phone": QT_TRANSLATE_NOOP("LedgerImport", "联系电话"),
    "household_no": QT_TRANSLATE_NOOP("LedgerImport", "户编号"),
    "household_phone": QT_TRANSLATE_NOOP("LedgerImport", "户联系电话"),
    "head_name": QT_TRANSLATE_NOOP("LedgerImport", "户主姓名"),
    "address": QT_TRANSLATE_NOOP("LedgerImport", "家庭住址"),
}

ACTION_LABELS: dict[str, str] = {
    "create": QT_TRANSLATE_NOOP("LedgerImport", "新增"),
    "flagged": QT_TRANSLATE_NOOP("LedgerImport", "新增（疑似重复，待县级核实）"),
    "update": QT_TRANSLATE_NOOP("LedgerImport", "更新"),
    "unchanged": QT_TRANSLATE_NOOP("LedgerImport", "无变化"),
    "refused": QT_TRANSLATE_NOOP("LedgerImport", "拒绝"),
    "ignored": QT_TRANSLATE_NOOP("LedgerImport", "忽略（合计、填表人等）"),
}
REPORT_HEADERS = (
    QT_TRANSLATE_NOOP("LedgerImport", "行号"),
    QT_TRANSLATE_NOOP("LedgerImport", "处理"),
    QT_TRANSLATE_NOOP("LedgerImport", "列"),
    QT_TRANSLATE_NOOP("LedgerImport", "问题"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def field_label(name: str) -> str:
    """A field's name in the UI language, marked if it is required."""
    label = _tr(FIELD_LABELS.get(name, name))
    required = QCoreApplication.translate("LedgerImport", "%1 *（必填）")
    return fill(required, label) if name in REQUIRED_FIELDS else label


class ReportModel(TableModel):
    """The dry-run report: row number, what it would do, the column and the problem."""

    CONTEXT, HEADERS = _CONTEXT, REPORT_HEADERS
    COL_ROW, COL_ACTION, COL_COLUMN, COL_PROBLEM = range(4)

    def set_lines(self, lines: list[ReportLine]) -> None:
        """Replace all lines."""
        self._replace(lines)

    def lines(self) -> list[ReportLine]:
        """The lines shown."""
        return self.rows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._rows[index.row()]
        if role == ActionRole:
            return line.action
        if role == Qt.ItemDataRole.DisplayRole:
            return (line.row, _tr(ACTION_LABELS[line.action]), line.column,
                    line.problem)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_PROBLEM:
            return line.problem or None
        if role == Qt.ItemDataRole.ForegroundRole and line.action == "refused":
            return QBrush(QColor("#b00020"))
        return None


def _label(text: str = "", *, error: bool = False, hint: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if error:
        label.setStyleSheet("color: #b00020")
    elif hint:
        label.setStyleSheet("color: gray")
    return label


class FilePage(QWizardPage):
    """Step 1: choose the file; its encoding, repair or refusal, and a preview."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("第 1 步：选择台账文件"))
        self.setSubTitle(self.tr("支持 .xlsx、.xls 和 .csv；CSV 的文字编码会自动识别。"))
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setPlaceholderText(self.tr("尚未选择文件"))
        self.browse = QPushButton(self.tr("选择文件…"))
        self.browse.clicked.connect(self._browse)
        self.encoding = _label()
        self.repair = _label()
        self.repair.setStyleSheet("color: #8a5a00")
        self.error = _label(error=True)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.village = QComboBox()
        self.village.setEditable(True)
        self.village.setMinimumContentsLength(28)  # "思口镇思溪村（361130104201）"
        self.village.lineEdit().setPlaceholderText(self.tr("12位村代码"))
        self.village.currentTextChanged.connect(self._village_changed)
        self.village_problem = _label(error=True)
        self.village_name = _label(hint=True)  # the chosen code's full place name
        self._codes: list[str] = []
        self.places: PlaceNames | None = None
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        target = QHBoxLayout()
        target.addWidget(QLabel(self.tr("新建农户归入村：")))
        target.addWidget(self.village)
        target.addWidget(self.village_name)
        target.addWidget(self.village_problem, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(target)
        for widget in (self.encoding, self.repair, self.error):
            layout.addWidget(widget)
        layout.addWidget(self.table, 1)
        layout.addWidget(_label(self.tr("预览只显示前几行，完整的证件号码和手机号已遮蔽。"),
                                hint=True))

    def set_villages(self, codes: list[str]) -> None:
        """The villages new households may go to; a village profile's own is fixed."""
        own = self.wiz.runner.identity.scope
        self._codes = list(codes)
        fixed = village_problem(own, own) == ""
        self._fill_villages(own if fixed else "")
        self.village.setEnabled(not fixed)
        self._village_changed()

    def set_places(self, places: PlaceNames) -> None:
        """Names were read (or changed): list the villages by name and code."""
        self.places = places
        self._fill_villages(self.wiz.village)
        self._village_changed()

    def _fill_villages(self, chosen: str) -> None:
        """One item per village, "思口镇思溪村（361130104201）" (the code as its data);
        ``chosen`` stays chosen (as typed if it is not in the list)."""
        self.village.blockSignals(True)
        self.village.clear()
        for code in self._codes:
            self.village.addItem(label(self.places, code), code)
        index = self.village.findData(chosen) if chosen else -1
        self.village.setCurrentIndex(index)
        if index < 0:
            self.village.setEditText(chosen)
        self.village.blockSignals(False)

    def chosen_village(self) -> str:
        """The code chosen from the list, or typed."""
        text = self.village.currentText().strip()
        index = self.village.findText(text, Qt.MatchFlag.MatchFixedString)
        return self.village.itemData(index) if text and index >= 0 else text

    def village_label(self) -> str:
        """The chosen village by name and code (the code alone when unknown)."""
        return self.label_of(self.wiz.village)

    def label_of(self, code: str) -> str:
        """A village by name and code (the code alone when unknown)."""
        return label(self.places, code)

    def villages_label(self, codes: Sequence[str]) -> str:
        """The villages new households went to, by name; else the chosen one."""
        return listed(self.label_of(c) for c in codes) or self.village_label()

    def _village_changed(self) -> None:
        code = self.chosen_village()
        self.wiz.village = code
        problem = village_problem(code, self.wiz.runner.identity.scope)
        self.village_problem.setText(_tr(problem) if code else "")
        full = self.places.full(code) if self.places is not None and code else code
        self.village_name.setText(full if full != code and not problem else "")
        self.completeChanged.emit()

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, self.tr("选择台账文件"), "", self.tr("台账 (*.xlsx *.xls *.csv *.txt)"))
        if chosen:
            self.load(Path(chosen))

    def load(self, path: Path) -> None:
        """Read ``path`` on the DB thread and show it (or why it is refused)."""
        self.wiz.preview = None
        self.path.setText(str(path))
        self.encoding.setText(self.tr("正在读取文件…"))
        self.repair.clear()
        self.error.clear()
        self.table.clear()
        self.completeChanged.emit()
        ledgers_ops.preview(self.wiz.runner, self, path).without_progress().success(
            self._show).failure(self._refused).run()

    def _show(self, preview: FilePreview) -> None:
        self.wiz.preview = preview
        self.wiz.columns = dict(preview.mapping)
        where = fill(self.tr("，工作表“%1”"), preview.sheet) if preview.sheet else ""
        self.encoding.setText(fill(self.tr("文字编码：%1%2；表头在第 %3 行"),
                                   preview.encoding, where, preview.header_row))
        self.repair.setText(self.tr(
            "已修复乱码：%n 个单元格是 GBK 文字被当作 Latin-1/cp1252 读取后的乱码，已还原为中文，"
            "请核对预览。", "", preview.repaired) if preview.repaired else "")
        self.table.setColumnCount(len(preview.headers))
        self.table.setRowCount(len(preview.sample))
        self.table.setHorizontalHeaderLabels([preview.column_name(i)
                                              for i in range(len(preview.headers))])
        for r, cells in enumerate(preview.sample):
            for c, value in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.completeChanged.emit()

    def _refused(self, exc: BaseException) -> None:
        self.encoding.clear()
        self.error.setText(fill(self.tr("文件被拒绝，未导入任何数据：%1"),
                                error_text(exc, english=is_english())))

    def isComplete(self) -> bool:  # noqa: N802
        village = self.wiz.village
        return self.wiz.preview is not None and village_problem(
            village, self.wiz.runner.identity.scope) == ""


#: The words of ``registry.county_ledgers.village_problem``, for translation.
VILLAGE_PROBLEMS = (
    QT_TRANSLATE_NOOP("LedgerImport", "村代码应为12位数字（不以000结尾）"),
    QT_TRANSLATE_NOOP("LedgerImport", "该村不在本档案的辖区内"),
)


class MappingPage(QWizardPage):
    """Step 2: which field each column fills (remembered or guessed; editable)."""

    COL_HEADER, COL_SAMPLE, COL_FIELD = range(3)

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("第 2 步：列对应"))
        self.setSubTitle(self.tr("每一列对应系统中的一个字段；已按表头自动识别，可逐列修改。"
                                 "带 * 的字段为必填。"))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("文件中的列"), self.tr("示例"),
                                              self.tr("对应字段")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.COL_SAMPLE, QHeaderView.ResizeMode.Stretch)
        self.problems = _label(error=True)
        self.combos: list[QComboBox] = []
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems)

    def initializePage(self) -> None:  # noqa: N802
        preview = self.wiz.preview
        assert preview is not None
        self.table.setRowCount(len(preview.headers))
        self.combos = []
        for index in range(len(preview.headers)):
            name = QTableWidgetItem(fill("%1 · %2", column_letter(index),
                                         preview.headers[index] or self.tr("（无表头）")))
            sample = next((row[index] for row in preview.sample
                           if index < len(row) and row[index]), "")
            self.table.setItem(index, self.COL_HEADER, name)
            self.table.setItem(index, self.COL_SAMPLE, QTableWidgetItem(sample))
            combo = QComboBox()
            combo.addItem(self.tr("（不导入）"), "")
            for field in FIELDS:
                combo.addItem(field_label(field), field)
            combo.setCurrentIndex(max(0, combo.findData(self.wiz.columns.get(index, ""))))
            combo.currentIndexChanged.connect(self._changed)
            self.table.setCellWidget(index, self.COL_FIELD, combo)
            self.combos.append(combo)
        self.table.resizeColumnToContents(self.COL_HEADER)
        self.table.setColumnWidth(self.COL_FIELD, 260)
        self._changed()

    def choose(self, index: int, field: str) -> None:
        """Map column ``index`` to ``field`` ("" for not imported), as the user would."""
        combo = self.combos[index]
        combo.setCurrentIndex(combo.findData(field))

    def columns(self) -> dict[int, str]:
        """The mapping as chosen."""
        return {i: c.currentData() for i, c in enumerate(self.combos) if c.currentData()}

    def _changed(self) -> None:
        preview = self.wiz.preview
        headers = preview.headers if preview else []
        problems = mapping_problems(headers, self.columns())
        self.problems.setText("\n".join(problems))
        bold = QFont()
        bold.setBold(True)
        for index, combo in enumerate(self.combos):
            item = self.table.item(index, self.COL_HEADER)
            item.setFont(bold if combo.currentData() in REQUIRED_FIELDS else QFont())
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        preview = self.wiz.preview
        return bool(self.combos) and preview is not None and not mapping_problems(
            preview.headers, self.columns())

    def validatePage(self) -> bool:  # noqa: N802
        self.wiz.columns = self.columns()
        return True


class DryRunPage(QWizardPage):
    """Step 3: the dry run: what every row would do; refusals by row and column."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("第 3 步：试运行"))
        self.setSubTitle(self.tr("试运行不写入任何数据。有被拒绝的行时，请修改文件后重新导入，"
                                 "或明确跳过这些行。"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("导入"))
        self.summary = _label()
        self.notes = _label()
        self.notes.setStyleSheet("color: #8a5a00")
        self.error = _label(error=True)
        self.model = ReportModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(ActionRole)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.verticalHeader().setVisible(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.only_refused = QCheckBox(self.tr("只看被拒绝的行"))
        self.only_refused.toggled.connect(self._filter)
        self.save = QPushButton(self.tr("导出报告…"))
        self.save.clicked.connect(self._save)
        self.skip = QCheckBox()
        self.skip.toggled.connect(self.completeChanged)
        self.saved = _label(hint=True)
        tools = QHBoxLayout()
        tools.addWidget(self.only_refused)
        tools.addStretch(1)
        tools.addWidget(self.saved)
        tools.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.notes)
        layout.addWidget(self.error)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.skip)

    def initializePage(self) -> None:  # noqa: N802
        self.wiz.dry = None
        self.model.set_lines([])
        self.summary.setText(self.tr("正在试运行…"))
        self.notes.clear()
        self.notes.setVisible(False)
        self.error.clear()
        self.saved.clear()
        self.skip.setChecked(False)
        self.skip.setVisible(False)
        self.save.setEnabled(False)
        preview = self.wiz.preview
        assert preview is not None
        ledgers_ops.dry_run(self.wiz.runner, self, preview.path, self.wiz.columns,
                            self.wiz.village).with_progress(
            self.tr("正在试运行…")).success(self._show).failure(self._refused).run()

    def _show(self, dry: ledgers_ops.DryRun) -> None:
        self.wiz.dry = dry
        self.model.set_lines(dry.lines)
        counts = dry.summary
        rows = sum(counts[k] for k in ("create", "update", "unchanged", "refused", "ignored"))
        self.summary.setText(fill(
            self.tr("共 %n 行：新增 %1，更新 %2，无变化 %3，拒绝 %4，忽略 %5；其中疑似重复 %6 人"
                    "（新增并标记，待县级核实）", "", rows),
            counts["create"], counts["update"], counts["unchanged"], counts["refused"],
            counts["ignored"], counts["flagged"]))
        self.notes.setText("\n".join(dry.notes))
        self.notes.setVisible(bool(dry.notes))  # no empty band when nothing needs saying
        self.skip.setText(self.tr("跳过被拒绝的 %n 行，只导入其余的行", "", counts["refused"]))
        self.skip.setVisible(bool(counts["refused"]))
        self.save.setEnabled(True)
        self.view.resizeColumnsToContents()
        self.completeChanged.emit()

    def _refused(self, exc: BaseException) -> None:
        self.summary.clear()
        self.error.setText(fill(self.tr("试运行被拒绝，未导入任何数据：%1"),
                                error_text(exc, english=is_english())))
        self.completeChanged.emit()

    def _filter(self, only: bool) -> None:
        self.proxy.setFilterFixedString("refused" if only else "")

    def _save(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出试运行报告"), self.tr("试运行报告.xlsx"),
            self.tr("Excel 工作簿 (*.xlsx);;CSV (*.csv)"))
        if chosen:
            self.save_report(Path(chosen))

    def save_report(self, out: Path) -> None:
        """Write the report to ``out`` (DB thread) and say where."""
        preview, dry = self.wiz.preview, self.wiz.dry
        if preview is None or dry is None:
            return
        title = fill(self.tr("试运行报告：%1"), preview.path.name)
        labels = {k: _tr(v) for k, v in ACTION_LABELS.items()}
        headers = tuple(_tr(h) for h in REPORT_HEADERS)
        ledgers_ops.save_report(self.wiz.runner, self, dry.lines, out, title=title,
                                labels=labels, headers=headers).success(
            lambda n: self.saved.setText(self.tr("已导出 %n 行报告", "", n))).run()

    def isComplete(self) -> bool:  # noqa: N802
        dry = self.wiz.dry
        if dry is None:
            return False
        writes = dry.summary["create"] + dry.summary["update"]
        return writes > 0 and (not dry.summary["refused"] or self.skip.isChecked())

    def validatePage(self) -> bool:  # noqa: N802
        self.wiz.skip_refused = self.skip.isChecked()
        return True


class CommitPage(QWizardPage):
    """Step 4: the import in one write, with a progress bar; its result or its refusal."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("第 4 步：导入"))
        self.progress = QProgressBar()
        self.status = _label()
        self.error = _label(error=True)
        self.again = QPushButton(self.tr("重新试运行"))
        self.again.clicked.connect(wizard.dry_run_again)
        self.again.setVisible(False)
        self.done = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addWidget(self.again)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        preview, dry = self.wiz.preview, self.wiz.dry
        assert preview is not None and dry is not None
        self.done = False
        self.error.clear()
        self.again.setVisible(False)
        self.progress.setRange(0, 0)  # busy: one transaction, no steps to count
        self.status.setText(self.tr("正在导入（一次写入，全部成功或全部不写入）…"))
        ledgers_ops.commit(self.wiz.runner, self, preview.path, columns=self.wiz.columns,
                           expected=dry.fingerprint, skip_refused=self.wiz.skip_refused,
                           village=self.wiz.village).without_progress().success(self._done).failure(self._failed).run()

    def _done(self, result: ImportResult) -> None:
        dry = self.wiz.dry
        assert dry is not None
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.status.setText(fill(
            self.tr("已导入：新增 %n 人，更新 %1 人，新建 %2 户，跳过被拒绝的 %3 行；"
                    "疑似重复 %4 人已标记，待县级核实。", "", result.created),
            result.updated, result.households_created, result.skipped,
            result.merge_candidates) + fill(self.tr("新建的户归入 %1。"),
                                            self.wiz.file_page.villages_label(dry.villages)))
        self.done = True
        self.wiz.imported.emit(result)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.clear()
        self.error.setText(fill(self.tr("导入失败，未写入任何数据：%1"),
                                error_text(exc, english=is_english())))
        self.again.setVisible(True)

    def isComplete(self) -> bool:  # noqa: N802
        return self.done


class ImportWizard(QWizard):
    """选择文件 → 列对应 → 试运行 → 导入; emits ``imported(ImportResult)``."""

    imported = Signal(object)

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.preview: FilePreview | None = None
        self.columns: dict[int, str] = {}
        self.dry: ledgers_ops.DryRun | None = None
        self.skip_refused = False
        self.village = ""
        self.setWindowTitle(self.tr("导入台账"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.dry_run_page = DryRunPage(self)
        self.commit_page = CommitPage(self)
        for page in (self.file_page, self.mapping_page, self.dry_run_page, self.commit_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("上一步"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        self.resize(860, 600)
        ledgers_ops.villages(runner, self).without_progress().success(
            self.file_page.set_villages).run()
        self.places = PlaceWatch(runner, self, self.file_page.set_places)
        self.places.start()

    def dry_run_again(self) -> None:
        """Back to a new dry run of the same file with the same mapping (after a commit
        refused because the file or the register changed)."""
        self.restart()
        self.next()
        self.next()


class LedgersPage(QWidget):
    """台账: the import wizard and the exports, each with its parameters."""

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.wizard: ImportWizard | None = None
        self.dialog: ExportDialog | None = None
        self.last_import = _label(hint=True)
        start = QPushButton(self.tr("导入台账…"))
        start.clicked.connect(self.start_import)
        imports = QGroupBox(self.tr("导入已有台账"))
        box = QVBoxLayout(imports)
        box.addWidget(_label(self.tr("把村里、乡镇已有的 Excel 或 CSV 台账导入系统：先预览和核对列的"
                                     "对应，再试运行查看每一行的处理结果，确认无误后一次导入。")))
        row = QHBoxLayout()
        row.addWidget(start)
        row.addWidget(self.last_import, 1)
        box.addLayout(row)
        exports = QGroupBox(self.tr("导出台账"))
        grid = QGridLayout(exports)
        self.export_buttons: dict[str, QPushButton] = {}
        for line, kind in enumerate(KINDS):
            title = QLabel(_tr_kind(KIND_LABELS[kind]))
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            button = QPushButton(self.tr("导出…"))
            button.clicked.connect(lambda _checked=False, k=kind: self.start_export(k))
            self.export_buttons[kind] = button
            grid.addWidget(title, line, 0)
            grid.addWidget(_label(_tr_kind(KIND_NOTES[kind]), hint=True), line, 1)
            grid.addWidget(button, line, 2)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(imports)
        layout.addWidget(exports)
        layout.addWidget(_label(self.tr("导出的证件号码和电话默认遮蔽；审核员/第一书记和县级管理员"
                                        "可确认后导出完整号码，每次导出都记入审计日志。"),
                                hint=True))
        layout.addStretch(1)

    def start_import(self) -> ImportWizard:
        """Open the import wizard (modeless; one at a time: an open one is raised)."""
        if _alive(self.wizard) and self.wizard.isVisible():
            self.wizard.raise_()
            self.wizard.activateWindow()
            return self.wizard
        if _alive(self.wizard):
            self.wizard.deleteLater()
        self.wizard = ImportWizard(self.runner, self)
        self.wizard.imported.connect(self._imported)
        self.wizard.show()
        return self.wizard

    def start_export(self, kind: str) -> ExportDialog:
        """Open the export dialog for ``kind`` (replacing one left open)."""
        if _alive(self.dialog):
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = ExportDialog(self.runner, self, kind=kind)
        self.dialog.show()
        return self.dialog

    def _imported(self, result: ImportResult) -> None:
        self.last_import.setText(fill(self.tr("上次导入：新增 %n 人，更新 %1 人", "", result.created),
                                      result.updated))


def _alive(widget: QWidget | None) -> bool:
    return widget is not None and shiboken6.isValid(widget)


def _tr_kind(text: str) -> str:
    return QCoreApplication.translate("LedgerExport", text)
