"""The app shell: unlocking, the lists, sync with a real embedded server, idle lock."""

from __future__ import annotations

import shiboken6
from bangfu_testdata import PASSPHRASE, TODAY
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.background import BackgroundRunner, QueryOp
from desktop.embedded_server import EmbeddedServer
from desktop.idle_lock import IdleLock
from desktop.main_window import MainWindow
from desktop.unlock import UnlockDialog
from registry.demo import load_demo
from registry.masking import mask_id


def test_unlock_dialog_shows_the_error_and_stays_open(qtbot, profile, store):
    store.close()
    dialog = UnlockDialog(profile.users(), profile.unlock)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.passphrase, "wrong-Pass-1")
    dialog.try_unlock()
    assert "密码错误" in dialog.message.text() and dialog.unlocked is None
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_unlock()
    assert dialog.unlocked is not None and dialog.result() == UnlockDialog.DialogCode.Accepted
    dialog.unlocked.close()


def window_with_demo(qtbot, store, people=40):
    load_demo(store, people=people, today=TODAY)
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.households.rowCount() > 0, timeout=5000)
    return window, runner


def test_main_window_lists_households_and_masked_members(qtbot, store):
    window, runner = window_with_demo(qtbot, store)
    assert window.households.rowCount() == runner.call(lambda s: s.count("household"))
    qtbot.waitUntil(lambda: window.people.rowCount() > 0, timeout=5000)
    person = window.people.row_at(0)
    shown = window.people.index(0, window.people.COL_ID).data(Qt.ItemDataRole.DisplayRole)
    assert shown == mask_id(person.props["id_number"]) and "*" in shown
    runner.wait()


def test_search_box_finds_by_pinyin_initials(qtbot, store):
    window, runner = window_with_demo(qtbot, store)
    target = runner.call(lambda s: s.find("person", limit=1))[0]  # the runner owns it
    qtbot.keyClicks(window.search, target.props["id_number"][-6:])
    qtbot.waitUntil(lambda: window.people.rowCount() == 1
                    and window.people.row_at(0).id == target.id, timeout=5000)
    runner.wait()


def test_sync_action_pushes_to_a_real_embedded_server(qtbot, store, tmp_path):
    server = EmbeddedServer(tmp_path / "county")
    server.start()
    try:
        server.connect(store)
        window, runner = window_with_demo(qtbot, store, people=10)
        # the connection is read on the runner after the lists: 立即同步 waits for it
        qtbot.waitUntil(window.sync_action.isEnabled, timeout=10000)
        with qtbot.waitSignal(window.sync.finished, timeout=60000) as signal:
            window.sync_action.trigger()
        result = signal.args[0]
        journal = runner.call(lambda s: s.journal())
        assert result.pushed == len(journal) and result.checked and not result.repaired
        assert "上传" in window.statusBar().currentMessage()
        runner.wait()
    finally:
        server.stop()


def test_idle_lock_hides_data_until_the_passphrase(qtbot, profile, store):
    window, runner = window_with_demo(qtbot, store, people=5)
    window.show()
    qtbot.waitExposed(window)
    lock = IdleLock(window, lambda u, p: profile.keyring().unlock(u, p), store.user, idle_ms=50)
    qtbot.waitUntil(lambda: lock.locked, timeout=3000)
    assert not window.centralWidget().isVisible()
    dialog = window.findChild(UnlockDialog)
    dialog.passphrase.setText("wrong-Pass-9")
    dialog.try_unlock()
    assert lock.locked and "密码错误" in dialog.message.text()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_unlock()
    qtbot.waitUntil(lambda: not lock.locked, timeout=3000)
    assert window.centralWidget().isVisible()
    runner.wait()


def test_an_outcome_for_a_closed_window_is_dropped_not_shown(qtbot, store):
    runner, widget, seen = BackgroundRunner(store), QWidget(), []

    def fail(_store) -> None:
        raise RuntimeError("the store is closed")

    QueryOp(runner, widget, fail).failure(seen.append).run()
    QueryOp(runner, widget, lambda _store: 1).success(seen.append).run()
    runner.wait()
    shiboken6.delete(widget)
    qtbot.wait(50)
    assert seen == []
    other = QWidget()
    qtbot.addWidget(other)
    QueryOp(runner, other, fail).failure(seen.append).run()
    runner.wait()
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=2000)
