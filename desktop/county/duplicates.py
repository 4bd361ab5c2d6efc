"""The 重复人员 page: people who may be registered twice in the county, side by side.

``DuplicatesPage(runner, parent)`` lists the candidate pairs of
``registry.county_duplicates`` (same ID number, the county server's flags, the county's
dedup rule) in ``CandidateTableModel``; the pair chosen is compared field by field in
``ComparisonModel`` (household, follow-ups, claims; differing values marked). The officer
merges the pair (``MergeDialog``: which record to keep, confirmed) or marks it "not the
same person"; both are journaled changes that sync. The rule's fields are checkboxes
saved with 保存规则. The page re-reads after writes that touch people or its records.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.background import BackgroundRunner
from desktop.county import duplicates_ops as ops
from desktop.i18n import is_english
from desktop.models import TableModel
from desktop.places import PlaceWatch, tip, village_cell
from desktop.redraw import Redraw
from desktop.text import bracketed, clauses, fill, listed, word
from registry.county_duplicates import (
    MAX_PAIRS,
    NOT_DUPLICATE_LIST,
    RULE_FIELDS,
    RULE_LIST,
    SAME_ID,
    SAME_RULE,
    SERVER_FLAG,
    CandidateRow,
    ClaimLine,
    DedupRule,
    MergeResult,
    PersonSide,
)
from registry.places import PlaceNames
from registry.rules import HEAD_OF_HOUSEHOLD

_CONTEXT = "DuplicatesPage"
RELOAD_DELAY_MS = 1000
Index = QModelIndex | QPersistentModelIndex
DIFFERS = QColor("#fff3cd")

FIELD_LABELS = {
    "name": QT_TRANSLATE_NOOP("DuplicatesPage", "姓名"),
    "birth_date": QT_TRANSLATE_NOOP("DuplicatesPage", "出生日期"),
    "sex": QT_TRANSLATE_NOOP("DuplicatesPage", "性别"),
    "village": QT_TRANSLATE_NOOP("DuplicatesPage", "所在村"),
    "pinyin": QT_TRANSLATE_NOOP("DuplicatesPage", "姓名拼音"),
}
REASON_LABELS = {
    SAME_ID: QT_TRANSLATE_NOOP("DuplicatesPage", "身份证号相同"),
    SERVER_FLAG: QT_TRANSLATE_NOOP("DuplicatesPage", "县服务器标记"),
    SAME_RULE: QT_TRANSLATE_NOOP("DuplicatesPage", "%1相同"),
}
#: Between two reasons of one pair.
SEPARATOR = QT_TRANSLATE_NOOP("DuplicatesPage", "；")


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def rule_words(rule: DedupRule) -> str:
    """The rule's fields in words: "姓名+出生日期"."""
    return "+".join(_tr(FIELD_LABELS[f]) for f in rule.fields)


def reasons(row: CandidateRow, rule: DedupRule) -> str:
    """Why a pair is proposed, in words."""
    order = (SAME_ID, SERVER_FLAG, SAME_RULE)
    return _tr(SEPARATOR).join(fill(_tr(REASON_LABELS[r]), rule_words(rule))
                    for r in order if r in row.candidate.reasons)


class CandidateTableModel(TableModel):
    """Candidate pairs: why, then name, village and 户编号 of each person."""

    CONTEXT = _CONTEXT

    HEADERS = (
        QT_TRANSLATE_NOOP("DuplicatesPage", "原因"),
        QT_TRANSLATE_NOOP("DuplicatesPage", "人员甲"),
        QT_TRANSLATE_NOOP("DuplicatesPage", "甲所在村"),
        QT_TRANSLATE_NOOP("DuplicatesPage", "甲户编号"),
        QT_TRANSLATE_NOOP("DuplicatesPage", "人员乙"),
        QT_TRANSLATE_NOOP("DuplicatesPage", "乙所在村"),
        QT_TRANSLATE_NOOP("DuplicatesPage", "乙户编号"),
    )

    # The columns of the two villages (甲所在村, 乙所在村).
    VILLAGE_COLUMNS = (2, 5)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rule = DedupRule()
        self.places: PlaceNames | None = None

    def set_rows(self, rows: list[CandidateRow], rule: DedupRule) -> None:
        """Replace the pairs (after a reload)."""
        self.rule = rule
        self._replace(rows)

    def set_places(self, places: PlaceNames) -> None:
        """Show the villages by name from now on."""
        self.places = places
        if self._rows:
            self.dataChanged.emit(self.index(0, self.VILLAGE_COLUMNS[0]),
                                  self.index(len(self._rows) - 1, self.VILLAGE_COLUMNS[1]))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        row, column = self._rows[index.row()], index.column()
        if column == 0:
            return reasons(row, self.rule)
        side, part = divmod(column - 1, 3)
        value = (row.names, row.villages, row.household_nos)[part][side]
        if column in self.VILLAGE_COLUMNS:
            shown = tip if role == Qt.ItemDataRole.ToolTipRole else village_cell
            return shown(self.places, value)
        return value


COMPARED = (
    (QT_TRANSLATE_NOOP("DuplicatesPage", "姓名"), lambda p: p.name),
    (QT_TRANSLATE_NOOP("DuplicatesPage", "身份证号"), lambda p: p.id_number),
    (QT_TRANSLATE_NOOP("DuplicatesPage", "性别"), lambda p: word(p.sex) if p.sex else ""),
    (QT_TRANSLATE_NOOP("DuplicatesPage", "出生日期"), lambda p: p.birth_date),
    (QT_TRANSLATE_NOOP("DuplicatesPage", "所在村"), lambda p: p.village),
    (QT_TRANSLATE_NOOP("DuplicatesPage", "户编号"), lambda p: p.household_no),
    (QT_TRANSLATE_NOOP("DuplicatesPage", "户主"), lambda p: p.head_name),
    (QT_TRANSLATE_NOOP("DuplicatesPage", "与户主关系"),
     lambda p: word(p.relation) if p.relation else ""),
    (QT_TRANSLATE_NOOP("DuplicatesPage", "其他家庭成员"),
     lambda p: listed(bracketed(n, word(r)) if r else n for n, r in p.members)),
    (QT_TRANSLATE_NOOP("DuplicatesPage", "走访次数"), lambda p: str(p.visits)),
    (QT_TRANSLATE_NOOP("DuplicatesPage", "最近走访"), lambda p: p.last_visit or ""),
    (QT_TRANSLATE_NOOP("DuplicatesPage", "补贴登记"),
     lambda p: clauses(f"{_rule(c)} {c.period} {_amount(c.amount)}".strip()
                       for c in p.claims)),
)


# The row of the village (a code, shown by name once the names are read).
VILLAGE_ROW = next(i for i, (label, _cell) in enumerate(COMPARED) if label == "所在村")

YUAN = QT_TRANSLATE_NOOP("DuplicatesPage", "%1 元")


def _rule(claim: ClaimLine) -> str:
    """A claim's rule by its name in the UI's language (its id when no pack names it)."""
    return (claim.rule_en if is_english() else claim.rule_zh) or claim.rule_zh or claim.rule_id


def _amount(amount: float | None) -> str:
    return "" if amount is None else fill(_tr(YUAN), f"{amount:g}")


class ComparisonModel(TableModel):
    """Two people field by field (rows) side by side (columns 甲, 乙); differences marked."""

    CONTEXT = _CONTEXT

    HEADERS = (QT_TRANSLATE_NOOP("DuplicatesPage", "人员甲"),
               QT_TRANSLATE_NOOP("DuplicatesPage", "人员乙"))

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._sides: tuple[PersonSide, ...] = ()
        self.places: PlaceNames | None = None

    def set_places(self, places: PlaceNames) -> None:
        """Show the villages by name from now on."""
        self.places = places
        if self._sides:
            self.dataChanged.emit(self.index(VILLAGE_ROW, 0), self.index(VILLAGE_ROW, 1))

    def set_pair(self, sides: tuple[PersonSide, ...]) -> None:
        """Show ``sides`` (two people), or nothing for ``()``."""
        self.beginResetModel()
        self._sides = tuple(sides)
        self.endResetModel()

    def sides(self) -> tuple[PersonSide, ...]:
        """The people compared."""
        return self._sides

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or not self._sides else len(COMPARED)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return _tr(COMPARED[section][0]) if self._sides else None
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not self._sides:
            return None
        cell = COMPARED[index.row()][1]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = cell(self._sides[index.column()])
            if index.row() == VILLAGE_ROW:
                shown = tip if role == Qt.ItemDataRole.ToolTipRole else village_cell
                return shown(self.places, value)
            return value
        if role == Qt.ItemDataRole.BackgroundRole and self.differs(index.row()):
            return QBrush(DIFFERS)
        return None

    def differs(self, row: int) -> bool:
        """True if the two people differ on row ``row``."""
        cell = COMPARED[row][1]
        return len({cell(side) for side in self._sides}) > 1


class MergeDialog(QDialog):
    """Which record to keep: the other is merged into it (confirmed with 合并)."""

    def __init__(self, sides: tuple[PersonSide, PersonSide], parent: QWidget | None = None,
                 *, places: PlaceNames | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("合并重复人员"))
        self.sides, self.places = sides, places
        self.keep_a = QRadioButton(self._label(self.tr("保留甲"), sides[0]))
        self.keep_b = QRadioButton(self._label(self.tr("保留乙"), sides[1]))
        self.keep_a.setChecked(True)
        text = QLabel(self.tr("另一条记录将并入保留的记录：其历史记录保留，编号转向保留的记录，"
                              "走访和补贴登记一并保留，并重新检查补贴是否重复登记。"
                              "合并会同步到各设备，不能撤销。"))
        text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm = buttons.addButton(self.tr("合并"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020")
        self.keep_a.toggled.connect(lambda _on: self._warn())
        layout = QVBoxLayout(self)
        for widget in (text, self.keep_a, self.keep_b, self.warning, buttons):
            layout.addWidget(widget)
        self._warn()

    def _warn(self) -> None:
        """Say when the record merged away is the 户主 of a household with other members
        that the kept one is not in: that household is left without a head."""
        keep, drop = self.sides if self.keep_a.isChecked() else self.sides[::-1]
        same = drop.household_id is not None and keep.household_id == drop.household_id
        others = len(drop.members) - (1 if same else 0)  # the kept person is no "other"
        # the merge copies 户主 onto a kept record of the household without a relation
        headed = same and keep.relation in (HEAD_OF_HOUSEHOLD, "")
        headless = drop.relation == HEAD_OF_HOUSEHOLD and others > 0 and not headed
        self.warning.setText(fill(self.tr(
            "注意：%1 是户 %2 的户主，该户还有 %n 名成员。合并后该户将没有户主，"
            "请在合并后到该户指定新的户主。", "", others),
            drop.name, drop.household_no) if headless else "")
        self.warning.setVisible(headless)

    def _label(self, prefix: str, side: PersonSide) -> str:
        village = village_cell(self.places, side.village)
        return fill(self.tr("%1：%2（%3 %4，%5）"), prefix, side.name, village,
                    side.household_no, side.id_number)

    def choice(self) -> tuple[str, str]:
        """(keep, drop) as chosen."""
        a, b = self.sides[0].id, self.sides[1].id
        return (a, b) if self.keep_a.isChecked() else (b, a)


class DuplicatesPage(QWidget):
    """Candidate pairs of the county, the pair chosen side by side, merge or dismiss."""

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None, *,
                 scope: str = "") -> None:
        super().__init__(parent)
        self.runner, self.scope = runner, scope
        self.model = CandidateTableModel(self)
        self.comparison = ComparisonModel(self)
        self.view = self._table(self.model)
        self.view.selectionModel().currentRowChanged.connect(self._chosen)
        self.compare = self._table(self.comparison)
        self.compare.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.fields = {f: QCheckBox(_tr(FIELD_LABELS[f])) for f in RULE_FIELDS}
        self.save_rule = QPushButton(self.tr("保存规则"))
        self.save_rule.clicked.connect(self._save_rule)
        self.merge_button = QPushButton(self.tr("合并…"))
        self.merge_button.clicked.connect(self._ask_merge)
        self.dismiss_button = QPushButton(self.tr("不是同一人"))
        self.dismiss_button.clicked.connect(self._dismiss)
        self.count, self.status = QLabel(), QLabel()
        self.status.setWordWrap(True)
        self._layout()
        self._set_buttons()
        # records changed: re-read soon if shown, else when the page is shown again
        self.redraw = Redraw(runner, self, self.reload, delay_ms=RELOAD_DELAY_MS, lists=(
            "person", "household", "claim", RULE_LIST, NOT_DUPLICATE_LIST))
        self.places = PlaceWatch(runner, self, self._names)
        self.places.start()
        self.reload()

    def _names(self, places: PlaceNames) -> None:
        self.model.set_places(places)
        self.comparison.set_places(places)
        self.view.resizeColumnsToContents()

    @staticmethod
    def _table(model: QAbstractTableModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        view.setWordWrap(True)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("查重规则（须全部相同）：")))
        for box in self.fields.values():
            top.addWidget(box)
        top.addWidget(self.save_rule)
        top.addStretch(1)
        top.addWidget(self.count)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.dismiss_button)
        actions.addWidget(self.merge_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(self.compare)
        splitter.setSizes([300, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)

    def reload(self) -> None:
        """Read the rule and the candidates again (DB thread), then show them."""
        self.count.setText(self.tr("正在查找…"))
        ops.read_candidates(self.runner, self, scope=self.scope).without_progress(
            ).success(self._show).run()

    def _show(self, listing: ops.Listing) -> None:
        chosen = self._current()
        self.model.set_rows(listing.rows, listing.rule)
        for name, box in self.fields.items():
            box.setChecked(name in listing.rule.fields)
        if listing.more:  # the list stops there: not a total
            self.count.setText(fill(self.tr("只列出前 %1 对疑似重复（还有更多）：请收紧查重规则"),
                                    MAX_PAIRS))
        else:
            self.count.setText(self.tr("共 %n 对疑似重复", "", len(listing.rows)))
        self.view.resizeColumnsToContents()
        pairs = [(r.candidate.a, r.candidate.b) for r in listing.rows]
        again = pairs.index(chosen) if chosen in pairs else (0 if pairs else -1)
        if again >= 0:
            self.view.selectRow(again)
        else:
            self.comparison.set_pair(())
        self._set_buttons()

    def _current(self) -> tuple[str, str] | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        row = self.model.row_at(index.row())
        return row.candidate.a, row.candidate.b

    def _chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.comparison.set_pair(())
        self._set_buttons()
        if not current.isValid():
            return
        a, b = self._current() or ("", "")
        ops.read_pair(self.runner, self, a, b).without_progress().success(self._compare).run()

    def _compare(self, sides: tuple[PersonSide, PersonSide]) -> None:
        if self._current() == (sides[0].id, sides[1].id):
            self.comparison.set_pair(sides)
            self.compare.resizeRowsToContents()
        self._set_buttons()

    def _set_buttons(self) -> None:
        shown = bool(self.comparison.sides())
        self.merge_button.setEnabled(shown)
        self.dismiss_button.setEnabled(shown)

    def _save_rule(self) -> None:
        chosen = [name for name, box in self.fields.items() if box.isChecked()]
        ops.keep_rule(self.runner, self, chosen).success(
            lambda _c: self.status.setText(self.tr("查重规则已保存，将同步到县里其他设备。"))).run()

    def _ask_merge(self) -> None:
        sides = self.comparison.sides()
        if len(sides) != 2:
            return
        dialog = MergeDialog((sides[0], sides[1]), self, places=self.places.places)
        dialog.accepted.connect(lambda: self._merge(*dialog.choice()))
        dialog.open()

    def _merge(self, keep: str, drop: str) -> None:
        ops.merge(self.runner, self, keep=keep, drop=drop).with_progress(
            self.tr("正在合并…")).success(self._merged).run()

    def _merged(self, result: MergeResult) -> None:
        if result.double_claims:
            self.status.setText(self.tr(
                "已合并。合并后发现 %n 组补贴重复登记，已列入预警“补贴重复登记”，请核实。", "",
                len(result.double_claims)))
        else:
            self.status.setText(self.tr("已合并，未发现补贴重复登记。"))

    def _dismiss(self) -> None:
        sides = self.comparison.sides()
        if len(sides) != 2:
            return
        ops.not_same_person(self.runner, self, sides[0].id, sides[1].id).success(
            lambda _c: self.status.setText(self.tr("已标记为不是同一人，不再提示。"))).run()
