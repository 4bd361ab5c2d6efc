"""One table-model base (``desktop.models.TableModel``) for every list: counts and headers
translated in the model's own translation context (``CONTEXT``), checked with qtmodeltester."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from desktop.alerts_page import AlertTableModel
from desktop.county.conflicts import ConflictTableModel
from desktop.county.devices import DeviceTableModel
from desktop.county.duplicates import CandidateTableModel, ComparisonModel
from desktop.county.ledgers import ReportModel
from desktop.county.ledgers_export import FindingsModel
from desktop.county.subsidy_page import SubsidyTableModel
from desktop.desk.models import FoundModel, JobsModel
from desktop.drafts import DraftTableModel
from desktop.flags_dialog import FlagTableModel
from desktop.household_page import RecordsModel
from desktop.models import HouseholdTableModel, PersonTableModel, TableModel
from desktop.worklist_page import WorkListModel

MODELS = (AlertTableModel, ConflictTableModel, DeviceTableModel, CandidateTableModel,
          ComparisonModel, ReportModel, FindingsModel, SubsidyTableModel, FoundModel, JobsModel,
          DraftTableModel, FlagTableModel, HouseholdTableModel, PersonTableModel, WorkListModel)


@pytest.mark.parametrize("kind", MODELS, ids=lambda k: k.__name__)
def test_headers_are_translated_in_the_models_context(kind, english):
    model = kind()
    assert isinstance(model, TableModel) and model.columnCount() == len(kind.HEADERS) > 0
    for section, header in enumerate(kind.HEADERS):
        shown = model.headerData(section, Qt.Orientation.Horizontal)
        assert shown == QCoreApplication.translate(kind.CONTEXT, header)
        assert shown != header, f"{kind.__name__}: {header} has no English in {kind.CONTEXT}"
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None


def test_records_model_takes_its_columns_per_instance(english):
    model = RecordsModel([("姓名", lambda r: r.name), ("性别", lambda r: r.sex)])
    assert model.CONTEXT == "household"
    assert [model.headerData(s, Qt.Orientation.Horizontal) for s in (0, 1)] == ["Name", "Sex"]


def test_the_base_counts_its_rows_and_passes_the_model_tester(qtmodeltester):
    class Words(TableModel):
        HEADERS = ("姓名", "户编号")

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
                return self._rows[index.row()][index.column()]
            return None

    model = Words()
    assert (model.rowCount(), model.columnCount()) == (0, 2)
    model._replace([("罗军浩", "0001"), ("李四", "0002")])
    assert (model.rowCount(), model.columnCount(), model.row_at(1)) == (2, 2, ("李四", "0002"))
    assert model.rows() == [("罗军浩", "0001"), ("李四", "0002")]
    assert model.rowCount(model.index(0, 0)) == 0 and model.columnCount(model.index(0, 0)) == 0
    qtmodeltester.check(model)
