"""Table models for lists: model/view, native values under ``SortRole``, masked display."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from desktop.text import word
from registry.masking import mask_id, mask_phone
from registry.store import Entity
from registry.views import HouseholdRow

SortRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class TableModel(QAbstractTableModel):
    """A read-only table over the list ``self._rows``: its row and column counts, and the
    horizontal headers ``HEADERS`` (marked ``QT_TRANSLATE_NOOP(CONTEXT, …)``) translated in
    the translation context ``CONTEXT``. Subclasses give ``data`` (and may count otherwise)."""

    CONTEXT: ClassVar[str] = "models"
    HEADERS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def _replace(self, rows: Sequence[Any]) -> None:
        """Show ``rows`` instead of the rows shown (a model reset)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        """The rows shown, in model order."""
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        """The row shown at ``row``."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self.CONTEXT, self.HEADERS[section])
        return None


class RowsModel(TableModel):
    """A read-only table over a list of rows; subclasses name columns and cell functions.
    The columns in ``WORDS`` hold stored words (a relation, a labour class …), shown by
    their English label in the English UI (``desktop.text.word``)."""

    CELLS: ClassVar[tuple[Callable[[Any], Any], ...]] = ()
    WORDS: ClassVar[frozenset[int]] = frozenset()

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace all rows (after a reload from the store)."""
        self._replace(rows)

    def update_rows(self, rows: Sequence[Any]) -> int:
        """Replace the shown rows that have the ids of ``rows`` (after a write changed
        them), redrawing only those; rows not shown are ignored. Returns how many changed."""
        where = {row.id: index for index, row in enumerate(self._rows)}
        updated = 0
        for row in rows:
            index = where.get(row.id)
            if index is not None:
                self._rows[index] = row
                self.dataChanged.emit(self.index(index, 0),
                                      self.index(index, self.columnCount() - 1))
                updated += 1
        return updated

    def ids(self) -> set[str]:
        """The ids of the rows shown."""
        return {row.id for row in self._rows}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        value = self.CELLS[index.column()](row)
        if role == SortRole:
            return value
        if role == IdRole:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() in self.WORDS and isinstance(value, str) and value:
                return word(value)
            return _display(value)
        return None


def _display(value: Any) -> str:
    if isinstance(value, bool):
        return QCoreApplication.translate("models", "是") if value else ""
    return "" if value is None else str(value)


#: Asks for one page of households: (offset, order, descending); the answer comes later.
PageRequest = Callable[[int, str, bool], None]


class HouseholdTableModel(RowsModel):
    """Households: number, head, size, type, relocated, monitored; paged and sorted in SQL.

    With a ``fetch`` callback the model holds only the pages read so far: the view's
    ``fetchMore`` asks for the next page, a header click (``sort``) for the first page in
    the new order, and ``add_page`` takes the answer (from the DB thread, via an op).
    """

    PAGE = 200
    COL_NUMBER, COL_HEAD, COL_MEMBERS, COL_TYPE, COL_RELOCATED, COL_MONITORED = range(6)
    HEADERS = (
        QT_TRANSLATE_NOOP("models", "户编号"),
        QT_TRANSLATE_NOOP("models", "户主"),
        QT_TRANSLATE_NOOP("models", "人数"),
        QT_TRANSLATE_NOOP("models", "户类型"),
        QT_TRANSLATE_NOOP("models", "易地搬迁"),
        QT_TRANSLATE_NOOP("models", "监测对象"),
    )
    CELLS: ClassVar[tuple[Callable[[HouseholdRow], Any], ...]] = (
        lambda r: r.household_no,
        lambda r: r.head_name,
        lambda r: r.members,
        lambda r: r.household_type,
        lambda r: r.relocated,
        lambda r: r.monitored,
    )
    WORDS = frozenset({COL_TYPE})
    #: The SQL order of each column (registry.views.HOUSEHOLD_ORDERS).
    ORDERS = ("household_no", "head", "members", "household_type", "relocated", "monitored")

    def __init__(self, parent: Any = None, *, fetch: PageRequest | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self.order: tuple[str, bool] = ("household_no", False)
        self._more = False
        self._waiting = False

    def set_rows(self, rows: Sequence[Any], *, more: bool = False) -> None:
        """Show ``rows`` as the whole list (``more``: further pages may follow)."""
        super().set_rows(rows)
        self._more, self._waiting = more, False

    def add_page(self, offset: int, rows: Sequence[HouseholdRow]) -> None:
        """Take one page read for ``offset`` (a stale answer is dropped)."""
        more = len(rows) == self.PAGE
        if offset == 0:
            self.set_rows(rows, more=more)
            return
        if offset != self.rowCount() or not self._waiting:
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()
        self._more, self._waiting = more, False

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return (not parent.isValid() and self._fetch is not None and self._more
                and not self._waiting)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if self.canFetchMore(parent):
            self.request(self.rowCount())

    def request(self, offset: int) -> None:
        """Ask for the page at ``offset`` in the current order."""
        if self._fetch is not None:
            self._waiting = True
            self._fetch(offset, *self.order)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Read the first page again in the clicked column's order (in SQL)."""
        wanted = (self.ORDERS[column], order == Qt.SortOrder.DescendingOrder)
        if wanted == self.order:
            return
        self.order = wanted
        if self._more or self._waiting:
            self.request(0)
            return
        self.layoutAboutToBeChanged.emit()  # every row is here: sort them in place
        cell = self.CELLS[column]
        self._rows.sort(key=lambda row: (cell(row), row.household_no), reverse=wanted[1])
        self.layoutChanged.emit()


class PersonTableModel(RowsModel):
    """People: name, sex, birth date, masked ID and phone, relation, labour, work."""

    (COL_NAME, COL_SEX, COL_BIRTH, COL_ID, COL_RELATION, COL_LABOUR, COL_WORK, COL_PHONE,
     COL_HOUSEHOLD) = range(9)
    WORDS = frozenset({COL_SEX, COL_RELATION, COL_LABOUR, COL_WORK})
    HEADERS = (
        QT_TRANSLATE_NOOP("models", "姓名"),
        QT_TRANSLATE_NOOP("models", "性别"),
        QT_TRANSLATE_NOOP("models", "出生日期"),
        QT_TRANSLATE_NOOP("models", "证件号码"),
        QT_TRANSLATE_NOOP("models", "与户主关系"),
        QT_TRANSLATE_NOOP("models", "劳动技能"),
        QT_TRANSLATE_NOOP("models", "务工状态"),
        QT_TRANSLATE_NOOP("models", "联系电话"),
        QT_TRANSLATE_NOOP("models", "户编号"),
    )
    CELLS: ClassVar[tuple[Callable[[Entity], Any], ...]] = (
        lambda e: e.props.get("name", ""),
        lambda e: e.props.get("sex", ""),
        lambda e: e.props.get("birth_date", ""),
        lambda e: mask_id(e.props.get("id_number")),
        lambda e: e.props.get("relation", ""),
        lambda e: e.props.get("labour_class", ""),
        lambda e: e.props.get("work_status") or "",
        lambda e: mask_phone(e.props.get("phone")),
        lambda e: e.props.get("household_id") or "",  # shown as its 户编号 (``data``)
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._numbers: dict[str, str] = {}

    def set_household_numbers(self, numbers: dict[str, str]) -> None:
        """The 户编号 of households by id, for the people's 户编号 column."""
        self._numbers = dict(numbers)
        if self._rows:
            self.dataChanged.emit(self.index(0, self.COL_HOUSEHOLD),
                                  self.index(len(self._rows) - 1, self.COL_HOUSEHOLD))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (index.isValid() and index.column() == self.COL_HOUSEHOLD
                and role in (Qt.ItemDataRole.DisplayRole, SortRole)):
            household = self._rows[index.row()].props.get("household_id") or ""
            return self._numbers.get(household, "")
        return super().data(index, role)
