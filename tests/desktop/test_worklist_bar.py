"""本月走访's progress bar reads as progress near 0 %: a grey track, a green fill, the share
inside (it looked like an empty input box). Drawn for real (offscreen) and looked at."""

from __future__ import annotations

from bangfu_testdata import TODAY, VILLAGE, make_id
from PySide6.QtGui import QColor

from desktop.background import BackgroundRunner
from desktop.worklist_page import WorklistPage
from registry.store import Create
from sync.protocol import new_id


def _people(store, count: int) -> list[str]:
    household, ids = new_id(), [new_id() for _ in range(count)]
    store.write([Create("household", {"household_no": VILLAGE + "0001", "address": "1组5号",
                                      "head_name": "罗军浩"}, scope=VILLAGE, entity_id=household),
                 *(Create("person", {"name": f"成员{n}", "id_number": make_id(seq=f"1{n:02d}"),
                                     "relation": "户主" if n == 0 else "之子",
                                     "household_id": household, "labour_class": "普通劳动力"},
                          scope=VILLAGE, entity_id=pid) for n, pid in enumerate(ids))])
    return ids


def _pixel(page: WorklistPage, x: int) -> QColor:
    """The colour at ``x`` on the bar's middle line, as drawn."""
    image = page.bar.grab().toImage()
    return image.pixelColor(x, image.height() // 2)


def _green(colour: QColor) -> bool:
    return colour.green() > colour.red() + 40 and colour.green() > colour.blue() + 40


def test_the_bar_shows_its_share_on_a_grey_track_and_a_green_fill(store, qtbot):
    ids = _people(store, 20)
    runner = BackgroundRunner(store)
    page = WorklistPage(runner, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitUntil(lambda: page.progress_label.text() == "已走访 0 / 20", timeout=10_000)
    assert page.bar.isTextVisible() and page.bar.text() == "0%"
    track = _pixel(page, 4)
    assert track.lightness() < 240 and not _green(track)  # grey, not an input box's white

    visit = {"visit_date": TODAY.isoformat(), "person_id": ids[0],
             "employment_status": "employed", "channel": "away"}
    runner.broadcast(runner.call(lambda s: s.write([Create("visit", visit, scope=VILLAGE)])))
    qtbot.waitUntil(lambda: page.progress_label.text() == "已走访 1 / 20", timeout=10_000)
    assert page.bar.text() == "5%"
    assert _green(_pixel(page, 3))  # 1 of 20 is a visible sliver of green
    assert not _green(_pixel(page, page.bar.width() - 5))
    runner.wait()
