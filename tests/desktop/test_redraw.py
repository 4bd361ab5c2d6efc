"""desktop.redraw.Redraw: the stale-on-change redraw the list pages share, driven by real
journaled writes on a real profile (the runner's broadcast of what ``Store.update`` changed)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QWidget

from desktop.background import BackgroundRunner
from desktop.ops import ANY_LIST, DRAFTS
from desktop.redraw import Redraw, concerns
from registry.demo import load_demo
from registry.store import Changes

DELAY_MS = 50


class Page(QWidget):
    """A page that counts its reads."""

    def __init__(self, runner: BackgroundRunner, delay_ms: int = DELAY_MS,
                 **watch: object) -> None:
        super().__init__()
        self.reads = 0
        self.redraw = Redraw(runner, self, self.reload, delay_ms=delay_ms, **watch)

    def reload(self) -> None:
        self.reads += 1


@pytest.fixture
def runner(store):
    load_demo(store, people=4, today=date(2026, 11, 22))
    return BackgroundRunner(store, synchronous=True)


@pytest.fixture
def person(store) -> str:
    return store.find("person")[0].id


def edit(runner: BackgroundRunner, person: str, phone: str) -> Changes:
    """A journaled write of the person list, broadcast as the ops do."""
    changes = runner.call(lambda s: s.update(person, {"phone": phone}))
    runner.broadcast(changes)
    return changes


def page_of(qtbot, runner: BackgroundRunner, **watch: object) -> Page:
    page = Page(runner, **watch)
    qtbot.addWidget(page)
    return page


def test_a_watched_change_while_hidden_reloads_once_on_show(qtbot, runner, person):
    page = page_of(qtbot, runner, lists=("person",))
    for phone in ("13800000001", "13800000002", "13800000003"):
        edit(runner, person, phone)
    qtbot.wait(DELAY_MS * 4)
    assert page.reads == 0 and page.redraw.stale  # hidden: nothing read yet
    page.show()
    qtbot.waitUntil(lambda: page.reads == 1)
    qtbot.wait(DELAY_MS * 4)
    assert page.reads == 1 and not page.redraw.stale
    page.hide()
    page.show()  # shown again with nothing new: no read
    qtbot.wait(DELAY_MS * 4)
    assert page.reads == 1


def test_a_page_shown_again_after_the_burst_reads_at_once(qtbot, runner, person):
    page = page_of(qtbot, runner, delay_ms=500, lists=("person",))
    edit(runner, person, "13800000031")
    qtbot.wait(600)  # the burst is over while the page is hidden
    page.show()
    assert page.redraw.timer.isActive() and page.redraw.timer.interval() == 0  # not 500 ms
    qtbot.waitUntil(lambda: page.reads == 1)


def test_a_page_shown_during_a_burst_waits_for_the_rest_of_the_delay(qtbot, runner, person):
    page = page_of(qtbot, runner, delay_ms=60_000, lists=("person",))
    edit(runner, person, "13800000032")
    page.show()
    assert page.redraw.timer.isActive() and page.redraw.timer.interval() > 50_000
    assert page.reads == 0


def test_an_unwatched_list_does_not_reload(qtbot, runner, person):
    page = page_of(qtbot, runner, lists=("visit", "claim"))
    page.show()
    changes = edit(runner, person, "13800000004")
    assert "person" in changes.lists and changes.change_ids  # a real journaled write
    qtbot.wait(DELAY_MS * 4)
    assert page.reads == 0 and not page.redraw.stale
    page.hide()
    page.show()
    qtbot.wait(DELAY_MS * 4)
    assert page.reads == 0


def test_records_true_counts_any_journaled_write(qtbot, runner, person):
    page = page_of(qtbot, runner, lists=("visit",), records=True)
    page.show()
    edit(runner, person, "13800000005")
    qtbot.waitUntil(lambda: page.reads == 1)


def test_a_burst_while_shown_coalesces_into_one_read(qtbot, runner, person):
    page = page_of(qtbot, runner, lists=("person",))
    page.show()
    qtbot.waitExposed(page)
    for n in range(5):
        edit(runner, person, f"1380000001{n}")
    assert page.reads == 0 and page.redraw.timer.isActive()  # not at once: after the delay
    qtbot.waitUntil(lambda: page.reads == 1)
    qtbot.wait(DELAY_MS * 4)
    assert page.reads == 1


def test_on_change_runs_at_once_with_the_initiator(qtbot, runner, person):
    seen: list[tuple[frozenset[str], object]] = []
    page = Page(runner, lists=("person",),
                on_change=lambda changes, initiator: seen.append((changes.lists, initiator)))
    qtbot.addWidget(page)
    marker = object()
    runner.broadcast(runner.call(lambda s: s.update(person, {"phone": "13800000020"})), marker)
    runner.broadcast(Changes(lists=frozenset({DRAFTS})))  # not watched: no call
    assert seen == [(frozenset({"person"}), marker)]


def test_concerns():
    sync = Changes(lists=frozenset({ANY_LIST}))
    draft = Changes(lists=frozenset({DRAFTS}))
    write = Changes(lists=frozenset({"visit"}), change_ids=("c1",))
    assert concerns(sync, lists=("person",), records=False)  # a sync may touch any list
    assert not concerns(draft, lists=("person",), records=True)  # drafts are not journaled
    assert concerns(draft, lists=None, records=False)  # None: every list
    assert not concerns(write, lists=("person",), records=False)
    assert concerns(write, lists=("person",), records=True)
    assert concerns(write, lists=("visit",), records=False)
