"""本月走访 on a township profile: under a 村（居） filter the progress line counts that
village; the navigation count stays the township's."""

from __future__ import annotations

import pytest
from bangfu_testdata import PASSPHRASE, TODAY, make_id
from PySide6.QtCore import QCoreApplication, QEvent

from desktop.background import BackgroundRunner
from desktop.worklist_page import WorklistPage
from registry.keyslots import KdfParams
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


def _villages(store) -> None:
    """V1: two working-age people (two households), V2: one."""
    ops = []
    for n, (village, name) in enumerate(((V1, "罗军浩"), (V1, "罗海"), (V2, "李四"))):
        household = new_id()
        ops += [Create("household", {"household_no": f"{village}{n:04d}", "address": "1组5号",
                                     "head_name": name}, scope=village, entity_id=household),
                Create("person", {"name": name, "id_number": make_id(seq=f"1{n}1"),
                                  "relation": "户主", "household_id": household,
                                  "labour_class": "普通劳动力"}, scope=village)]
    store.write(ops)


def _choose(qtbot, page, index: int, rows: int) -> None:
    page.village_box.setCurrentIndex(index)
    page.village_box.activated.emit(index)
    qtbot.waitUntil(lambda: page.model.rowCount() == rows, timeout=10_000)


def test_the_progress_line_counts_the_village_filtered(township, qtbot):
    _villages(township)
    runner = BackgroundRunner(township)
    page = WorklistPage(runner, today=lambda: TODAY)
    counts: list[str] = []
    page.counted.connect(counts.append)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)
    assert page.progress_label.text() == "已走访 0 / 3"
    assert counts[-1] == "3"
    _choose(qtbot, page, page.village_box.findData(V2), 1)
    qtbot.waitUntil(lambda: page.progress_label.text() == "已走访 0 / 1", timeout=10_000)
    assert page.bar.maximum() == 1
    _choose(qtbot, page, page.village_box.findData(V1), 2)
    qtbot.waitUntil(lambda: page.progress_label.text() == "已走访 0 / 2", timeout=10_000)
    assert counts[-1] == "3"  # the navigation still counts the whole township
    _choose(qtbot, page, 0, 3)
    qtbot.waitUntil(lambda: page.progress_label.text() == "已走访 0 / 3", timeout=10_000)
    page.close()
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    runner.wait()
