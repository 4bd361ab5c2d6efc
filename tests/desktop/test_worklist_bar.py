"""本月走访's progress bar reads as progress near 0 %: a grey track, a green fill, the share
inside (it looked like an empty input box). Drawn for real (offscreen) and looked at."""

from __future__ import annotations

from bangfu_testdata import TODAY, VILLAGE, make_id
from PySide6.QtGui import QColor

from desktop.background import BackgroundRunner
from desktop.worklist_page import WorklistPage
from registry.store import Create, Update
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


def test_every_state_button_says_how_many_including_not_required(store, qtbot):
    """全部 = 逾期 + 待走访 + 已走访 + 不需走访: each button but 全部 carries its count (不需走访
    had none, so the list's 共 N 人 did not add up to the buttons)."""
    ids = _people(store, 3)
    runner = BackgroundRunner(store)
    runner.broadcast(runner.call(lambda s: s.write([Update(ids[2], {"labour_class": "丧失劳动力"})])))
    page = WorklistPage(runner, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.progress_label.text() == "已走访 0 / 2", timeout=10_000)
    texts = [b.text() for b in page.state_buttons.buttons()]
    assert texts[1:] == ["逾期 2", "待走访 0", "已走访 0", "不需走访 1"]  # TODAY is after the 20th
    assert page.total.text() == "共 3 人"
    runner.wait()
