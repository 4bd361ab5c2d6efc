"""Sorting a county-sized list in its model, one key per row.

A ``QSortFilterProxyModel`` sorts by comparing rows two at a time, reading ``data()`` twice
per comparison: ~28 Python calls a row, seconds frozen for a list of 25,000. A model that
sorts itself reads one key per row; ``SourceSortProxy`` hands the view's sort to it and
only filters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt


def sort_order(keys: Sequence[Any], order: Qt.SortOrder) -> list[int]:
    """The row numbers ordered by ``keys`` (stable; reversed for descending)."""
    return sorted(range(len(keys)), key=keys.__getitem__,
                  reverse=order == Qt.SortOrder.DescendingOrder)


class SortsRows:
    """For a table model keeping its rows in ``self._rows`` (put it before the Qt base):
    ``sort`` reads ``sort_key`` once per row and moves the persistent indexes (selection,
    proxy) with their rows; ``in_order`` orders new rows as last sorted."""

    _rows: list[Any]
    _order: tuple[int, Qt.SortOrder] | None = None

    def sort_key(self, row: Any, column: int) -> Any:
        """The value ``row`` is ordered by in ``column``."""
        raise NotImplementedError

    def in_order(self, rows: list[Any]) -> list[Any]:
        """``rows`` in the order last asked by ``sort`` (as given if never sorted)."""
        if self._order is None:
            return rows
        column, order = self._order
        return [rows[i] for i in sort_order([self.sort_key(r, column) for r in rows], order)]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by ``column`` (a layout change, the selection kept)."""
        self._order = (column, order)
        if not self._rows:
            return
        model: Any = self
        model.layoutAboutToBeChanged.emit()
        permutation = sort_order([self.sort_key(r, column) for r in self._rows], order)
        moved_to = [0] * len(permutation)
        for new, old in enumerate(permutation):
            moved_to[old] = new
        self._rows = [self._rows[i] for i in permutation]
        for index in model.persistentIndexList():
            model.changePersistentIndex(index, model.index(moved_to[index.row()], index.column()))
        model.layoutChanged.emit()


class SourceSortProxy(QSortFilterProxyModel):
    """A filter proxy whose sorting is its source model's (which sorts one key per row)."""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask the source model to sort; the proxy keeps the source's order."""
        self.sourceModel().sort(column, order)
