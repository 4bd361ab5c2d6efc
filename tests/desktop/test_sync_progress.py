"""The sync progress dialog: phases and throttling, a real sync against a real county
server on 127.0.0.1, and 取消 mid-push followed by a sync that sends the rest."""

from __future__ import annotations

import dataclasses
import re
import threading
import time

import pytest
import requests
from bangfu_testdata import TODAY
from PySide6.QtCore import Qt
from slow_server import SlowServer

import desktop.sync_ui as sync_ui
from desktop import ops
from desktop.background import BackgroundRunner, CollectionOp
from desktop.connection import load_connection, save_connection
from desktop.embedded_server import TOKEN_KEY, EmbeddedServer
from desktop.main_window import MainWindow
from desktop.sync_ui import SyncProgressDialog
from registry.demo import load_demo
from registry.replica import StoreReplica
from registry.store import Changes, new_id
from registry.submissions import save_submission
from sync.client import SyncClient, SyncResult


@pytest.fixture
def county(tmp_path):
    server = EmbeddedServer(tmp_path / "county")
    server.start()
    yield server
    server.stop()


def enrolled_window(qtbot, store, county, people):
    county.connect(store)
    load_demo(store, people=people, today=TODAY)
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.households.rowCount() > 0, timeout=5000)
    # the connection is read on the runner after the lists: 立即同步 waits for it
    qtbot.waitUntil(window.sync_action.isEnabled, timeout=10000)
    return window, runner


def server_change_ids(county, store):
    """Every change id the county server holds for this device's scope, via its pull API."""
    ids, cursor, more = set(), 0, True
    while more:
        page = requests.get(county.url + "/v1/pull", params={"cursor": cursor}, timeout=30,
                            headers={"Authorization": f"Bearer {store.meta(TOKEN_KEY)}"}).json()
        ids |= {c["id"] for c in page["changes"]}
        cursor, more = page["cursor"], page["more"]
    return ids


def test_dialog_names_phases_shows_counts_and_throttles(qtbot):
    dialog = SyncProgressDialog()
    qtbot.addWidget(dialog)
    dialog.start("正在与县服务器同步…")
    assert dialog.isVisible() and dialog.bar.maximum() == 0  # busy until the first report
    dialog.report("push", 1200, 5000)
    assert "上传" in dialog.phase.text() and dialog.count.text() == "已上传 1200 / 5000 条记录"
    assert (dialog.bar.minimum(), dialog.bar.maximum(), dialog.bar.value()) == (0, 5000, 1200)
    dialog.report("push", 2400, 5000)
    dialog.report("pull", 300, None)
    assert dialog.count.text() == "已上传 1200 / 5000 条记录"  # within the interval: not redrawn
    qtbot.waitUntil(lambda: dialog.count.text() == "已下载 300 项修改", timeout=2000)
    assert "下载" in dialog.phase.text() and dialog.bar.maximum() == 0  # total unknown: busy
    dialog.report("check", 1, 1)
    qtbot.waitUntil(lambda: "核对" in dialog.phase.text(), timeout=2000)
    dialog.report("repair", 0, 80)
    qtbot.waitUntil(lambda: "修复" in dialog.phase.text(), timeout=2000)
    assert dialog.count.text() == "共 80 条记录" and dialog.bar.maximum() == 0

    with qtbot.waitSignal(dialog.cancel_requested, timeout=1000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc cancels like the button
    assert dialog.isVisible() and not dialog.cancel_button.isEnabled()
    assert "正在取消" in dialog.phase.text()
    dialog.report("pull", 400, None)
    qtbot.waitUntil(lambda: dialog.count.text() == "已下载 400 项修改", timeout=2000)
    assert "正在取消" in dialog.phase.text()  # the phase stays "cancelling" until the end
    dialog.finish()
    assert not dialog.isVisible()


def test_real_sync_shows_the_dialog_then_closes_with_the_summary(qtbot, store, county,
                                                                 monkeypatch):
    on_gui_thread = []
    report = SyncProgressDialog.report

    def spy(self, phase, done, total):
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        report(self, phase, done, total)

    monkeypatch.setattr(SyncProgressDialog, "report", spy)
    window, runner = enrolled_window(qtbot, store, county, people=10)
    dialog = window.sync.dialog
    total = len(runner.call(lambda s: s.journal()))  # the runner owns the store
    records = runner.call(lambda s: StoreReplica(s).pending_records())
    seen = []
    window.sync.progressed.connect(lambda *args: seen.append(args))
    with qtbot.waitSignal(window.sync.finished, timeout=60000) as signal:
        window.sync_action.trigger()
        assert dialog.isVisible() and dialog.isModal() and dialog.cancel_button.isEnabled()
    result = signal.args[0]
    assert not result.cancelled and result.pushed == total and result.checked
    assert 0 < result.records == records < total  # records, not their changes
    assert ("push", records, records) in seen and ("check", 1, 1) in seen
    assert on_gui_thread and all(on_gui_thread)  # widgets only touched on the GUI thread
    assert not dialog.isVisible()
    assert window.statusBar().currentMessage().startswith(f"同步完成：上传 {records} 条记录")
    runner.wait()


def test_cancel_mid_push_keeps_everything_and_the_next_sync_sends_the_rest(
        qtbot, store, county, monkeypatch):
    window, runner = enrolled_window(qtbot, store, county, people=40)
    dialog = window.sync.dialog
    total = len(runner.call(lambda s: s.journal()))  # the runner owns the store
    records = runner.call(lambda s: StoreReplica(s).pending_records())
    first_batch: list[int] = []
    cancel_pressed = threading.Event()

    def held_client(*args, progress, **options):
        """Small batches; the first push report waits (on the store thread) for 取消."""
        def report(phase, done, of):
            progress(phase, done, of)
            if phase == "push" and not first_batch:
                first_batch.append(done)
                cancel_pressed.wait(10)  # no assert here: a failure must not hang a dialog
        return SyncClient(*args, batch_size=50, progress=report, **options)

    monkeypatch.setattr(ops, "SyncClient", held_client)
    with qtbot.waitSignal(window.sync.finished, timeout=60000) as signal:
        window.sync_action.trigger()
        qtbot.waitUntil(lambda: bool(first_batch)
                        and dialog.count.text() == f"已上传 {first_batch[0]} / {records} 条记录",
                        timeout=30000)
        assert dialog.bar.maximum() == records and dialog.bar.value() == first_batch[0]
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        assert not dialog.cancel_button.isEnabled() and "正在取消" in dialog.phase.text()
        cancel_pressed.set()
    cancelled = signal.args[0]
    # the batch already on its way when 取消 was pressed is finished, nothing after it
    assert cancelled.cancelled and 0 < cancelled.pushed <= 100  # two batches of 50 at most
    assert cancelled.pushed < total and not cancelled.checked and not dialog.isVisible()
    assert first_batch[0] < cancelled.records < records
    assert window.statusBar().currentMessage() == (
        f"同步已取消：已上传 {cancelled.records} 条记录，下载 0 项修改；未完成的部分下次继续")
    runner.wait()
    assert len(StoreReplica(store).pending_changes(10**6)) == total - cancelled.pushed

    monkeypatch.setattr(ops, "SyncClient", SyncClient)
    with qtbot.waitSignal(window.sync.finished, timeout=60000) as signal:
        window.sync_action.trigger()
    resumed = signal.args[0]
    assert not resumed.cancelled and resumed.pushed == total - cancelled.pushed
    assert resumed.checked and not resumed.repaired  # same count and hash as the server
    assert window.statusBar().currentMessage().startswith("同步完成")
    runner.wait()
    assert StoreReplica(store).pending_changes(1) == []
    assert server_change_ids(county, store) == {c.change_id for c in store.journal()}


def test_summary_says_when_changes_were_sent_again_and_when_the_device_was_rebuilt(qtbot):
    plain = sync_ui.summary(SyncResult(pushed=38, records=3, pulled=2, checked=True))
    assert plain == "同步完成：上传 3 条记录，下载 2 项修改，冲突 0 条，待核查 0 条"
    both = sync_ui.summary(SyncResult(pushed=400, records=40, checked=True, resent=370,
                                      resent_records=37, repaired=True))
    assert both.startswith("同步完成：上传 40 条记录") and "重新上传（37 条记录）" in both
    assert both.endswith("已按县服务器数据重建本机记录")
    audit_only = sync_ui.summary(SyncResult(pushed=20, checked=True, resent=20))
    assert "县服务器与本机不一致" in audit_only  # review: said nothing when no record was resent


def test_cancel_against_a_server_that_never_answers_takes_effect_within_two_seconds(
        qtbot, store, county):
    """取消 took about 25 s against a hung server: the push waited for its request's
    30-second timeout. The timeout stays (a big batch on a slow link needs it)."""
    window, runner = enrolled_window(qtbot, store, county, people=10)
    hung = SlowServer(delay_s=None)  # accepts every connection, never answers
    kept = runner.call(load_connection)
    runner.call(lambda s: save_connection(s, dataclasses.replace(kept, url=hung.url,
                                                                 ca_pem=None)))
    dialog = window.sync.dialog
    try:
        with qtbot.waitSignal(window.sync.finished, timeout=60000) as signal:
            window.sync_action.trigger()
            qtbot.waitUntil(lambda: len(hung.open) >= 1, timeout=10000)
            qtbot.wait(500)  # the batch is on its way, unanswered
            pressed = time.monotonic()
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        took = time.monotonic() - pressed
        assert signal.args[0].cancelled and signal.args[0].pushed == 0
        assert took < 2.5, f"取消 took {took:.1f} s"
        assert not dialog.isVisible()
        runner.wait()
        assert StoreReplica(store).pending_count() > 0  # nothing acknowledged
    finally:
        hung.close()


def test_a_lost_network_drops_the_last_sync_summary_beside_the_indicator(
        qtbot, store, county, monkeypatch):
    """同步完成… stayed beside 未联网 once the network was gone: the line said two
    contradicting things. The indicator says when the last sync was."""
    window, runner = enrolled_window(qtbot, store, county, people=4)
    with qtbot.waitSignal(window.sync.finished, timeout=60000):
        window.sync_action.trigger()
    assert window.statusBar().currentMessage().startswith("同步完成")
    status = window.sync_status
    qtbot.waitUntil(lambda: status.state is not None and status.state.last_sync_ms is not None,
                    timeout=10000)
    county.stop()
    monkeypatch.setattr(ops, "SyncClient", lambda *args, **options: SyncClient(
        *args, retries=0, **options))  # no backoff: the failure comes at once
    with qtbot.waitSignal(window.sync.failed, timeout=30000):
        window.sync.sync_now(quiet=True)  # the automatic sync, the network gone
    qtbot.waitUntil(lambda: status.label.text().startswith("未联网"), timeout=10000)
    assert window.statusBar().currentMessage() == ""
    assert re.fullmatch(r"未联网 · 上次同步 \d\d-\d\d \d\d:\d\d · 待上传 \d+",
                        status.label.text())
    runner.wait()


def test_a_failed_sync_drops_the_summary_but_not_a_newer_message(qtbot, store, county,
                                                                 monkeypatch):
    window, runner = enrolled_window(qtbot, store, county, people=4)
    with qtbot.waitSignal(window.sync.finished, timeout=60000):
        window.sync_action.trigger()
    window.statusBar().showMessage("界面语言：中文")  # something said since
    county.stop()
    monkeypatch.setattr(ops, "SyncClient", lambda *args, **options: SyncClient(
        *args, retries=0, **options))
    with qtbot.waitSignal(window.sync.failed, timeout=30000):
        window.sync.sync_now(quiet=True)
    assert window.statusBar().currentMessage() == "界面语言：中文"
    runner.wait()


def _followup(store, person_id: str) -> Changes:
    """A 月度就业跟踪 submitted for ``person_id``: its 走访 record, the person's status."""
    return save_submission(store, {
        "form_id": "employment_followup", "version": "1", "instance_id": "uuid:" + new_id(),
        "answers": {"visit_date": "2026-11-05"}, "entities": [{
            "list_name": "visit", "action": "create", "entity_id": new_id(),
            "properties": {"visit_date": "2026-11-05", "person_id": person_id,
                           "employment_status": "employed", "channel": "away",
                           "income": 4200, "months": 6}}]})


def test_the_upload_count_is_of_records_in_the_indicator_the_dialog_and_the_summary(
        qtbot, store, county):
    """Three follow-ups showed 待上传 dozens (their property changes). They are three 走访
    records and the three people whose status they updated (the forms' own answers ride
    along uncounted), everywhere the count is shown."""
    window, runner = enrolled_window(qtbot, store, county, people=6)
    window.auto_sync.stop()  # the user's own syncs only
    with qtbot.waitSignal(window.sync.finished, timeout=60000):
        window.sync_action.trigger()
    status = window.sync_status
    qtbot.waitUntil(lambda: status.state is not None and status.state.pending == 0,
                    timeout=10000)
    people = [p.id for p in runner.call(lambda s: s.find("person"))[:3]]
    for person in people:
        CollectionOp(runner, window, lambda s, person=person: _followup(s, person)).run()
    qtbot.waitUntil(lambda: status.text().endswith("待上传 6"), timeout=10000)
    assert runner.call(lambda s: StoreReplica(s).pending_count()) > 30  # the changes

    seen = []
    window.sync.progressed.connect(lambda *args: seen.append(args))
    with qtbot.waitSignal(window.sync.finished, timeout=60000) as signal:
        window.sync_action.trigger()
    assert signal.args[0].records == 6 and signal.args[0].pushed > 30
    assert ("push", 6, 6) in seen
    assert window.statusBar().currentMessage().startswith("同步完成：上传 6 条记录，")
    qtbot.waitUntil(lambda: status.text().endswith("待上传 0"), timeout=10000)
    runner.wait()
