"""A township profile's 本月走访 and 预警 pages: a 村（居） filter over its villages, by name."""

from __future__ import annotations

import pytest
from bangfu_testdata import PASSPHRASE, TODAY, make_id
from PySide6.QtCore import QCoreApplication, QEvent

from desktop.background import BackgroundRunner
from desktop.worklist_page import WorklistPage
from registry.keyslots import KdfParams
from registry.places import places_of
from registry.store import Create
from sync.protocol import new_id

TOWNSHIP, V1, V2 = "361130104", "361130104201", "361130104202"


@pytest.fixture
def township(profile):
    s = profile.create(user="township", passphrase=PASSPHRASE, scope=TOWNSHIP,
                       kdf=KdfParams.fast())
    yield s
    BackgroundRunner.stop_all()
    s.close()


def _two_villages(store, villages: tuple[str, ...] = (V1, V2)) -> None:
    """Each village has a 1组 household with one working-age person."""
    ops = []
    for n, (village, name) in enumerate(((V1, "罗军浩"), (V2, "李四"))):
        if village not in villages:
            continue
        household = new_id()
        ops += [Create("household", {"household_no": village + "0001", "address": "1组5号",
                                     "head_name": name}, scope=village, entity_id=household),
                Create("person", {"name": name, "id_number": make_id(seq=f"1{n}1"),
                                  "relation": "户主", "household_id": household,
                                  "labour_class": "普通劳动力"}, scope=village)]
    store.write(ops)


def _close(page, runner) -> None:
    page.close()
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    runner.wait()


def test_the_worklist_filters_a_township_by_village(township, qtbot):
    _two_villages(township)
    runner = BackgroundRunner(township)
    page = WorklistPage(runner, today=lambda: TODAY)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    box = page.village_box
    assert not box.isHidden()
    assert [box.itemData(i) for i in range(box.count())] == ["", V1, V2]
    places = places_of(township)
    qtbot.waitUntil(lambda: box.itemText(2) == places.name(V2), timeout=10_000)
    assert box.itemText(0) == "村（居）：全部"

    box.setCurrentIndex(2)
    box.activated.emit(2)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert [r.name for r in page.model.rows()] == ["李四"]
    assert page.total.text() == "共 1 人"
    box.setCurrentIndex(0)
    box.activated.emit(0)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    _close(page, runner)



def test_the_progress_line_counts_the_village_filtered(township, qtbot):
    """已走访 x / y counts the village chosen; the navigation count stays the township's."""
    _two_villages(township)
    runner = BackgroundRunner(township)
    page = WorklistPage(runner, today=lambda: TODAY)
    counts: list[str] = []
    page.counted.connect(counts.append)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    assert page.progress_label.text() == "已走访 0 / 2" and counts[-1] == "2"
    box = page.village_box
    box.setCurrentIndex(box.findData(V2))
    box.activated.emit(box.currentIndex())
    qtbot.waitUntil(lambda: page.progress_label.text() == "已走访 0 / 1", timeout=10_000)
    assert page.bar.maximum() == 1 and counts[-1] == "2"
    box.setCurrentIndex(0)
    box.activated.emit(0)
    qtbot.waitUntil(lambda: page.progress_label.text() == "已走访 0 / 2", timeout=10_000)
    _close(page, runner)

def test_a_village_profile_has_no_village_filter(store, qtbot):
    _two_villages(store)  # rows of one scope only are read: the profile's own village
    runner = BackgroundRunner(store)
    page = WorklistPage(runner, today=lambda: TODAY)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert page.village_box.isHidden()
    _close(page, runner)


def test_the_alerts_page_filters_a_township_by_village(township, qtbot):
    from desktop.alerts_page import AlertsPage, AlertTableModel

    _two_villages(township)
    runner = BackgroundRunner(township)
    page = AlertsPage(runner, today=lambda: TODAY)
    page.show()
    qtbot.waitUntil(lambda: page.village.count() == 3, timeout=10_000)
    places = places_of(township)
    qtbot.waitUntil(lambda: page.village.itemText(1).startswith(places.name(V1)),
                    timeout=10_000)
    assert not page.village.isHidden()
    assert not page.view.isColumnHidden(AlertTableModel.COL_VILLAGE)
    everyone = page.proxy.rowCount()
    shown = {page.proxy.index(r, AlertTableModel.COL_VILLAGE).data() for r in range(everyone)}
    assert shown == {places.name(V1), places.name(V2)}

    page.show_village(V2)
    assert 0 < page.proxy.rowCount() < everyone
    names = {page.proxy.index(r, AlertTableModel.COL_SUBJECT).data()
             for r in range(page.proxy.rowCount())}
    assert names == {"李四"}
    assert page.count.text() == f"共 {page.proxy.rowCount()} 条预警"
    page.show_kind("visit_overdue")  # both filters hold together
    assert page.proxy.rowCount() == 1
    page.show_village("")
    assert page.proxy.rowCount() == 2
    _close(page, runner)


def test_a_village_profile_has_no_village_column(store, qtbot):
    from desktop.alerts_page import AlertsPage, AlertTableModel

    _two_villages(store, (V1,))
    runner = BackgroundRunner(store)
    page = AlertsPage(runner, today=lambda: TODAY)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    assert page.village.isHidden() and page.view.isColumnHidden(AlertTableModel.COL_VILLAGE)
    _close(page, runner)
