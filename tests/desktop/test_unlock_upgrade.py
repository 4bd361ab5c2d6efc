"""The unlock window on a profile still at schema 4: the upgrade runs off the GUI thread,
which keeps handling events (a QTimer ticks) while the window says which step runs and
every control is off; a failed step shows a Chinese message and the next try finishes."""

from __future__ import annotations

import threading

from bangfu_testdata import PASSPHRASE
from PySide6.QtCore import QTimer
from upgrade_profile import file_schema, old_profile

from desktop.unlock import UnlockDialog
from registry import migrations
from registry.migrations import LATEST


def gate_step(monkeypatch, number: int, gate: threading.Event, waited: list[bool]) -> None:
    """Upgrade step ``number`` first waits (at most 5 s) for ``gate``, then runs for real."""
    steps = list(migrations.MIGRATIONS)
    real = steps[number - 1]

    def gated(conn):
        waited.append(gate.wait(5))
        real(conn)

    steps[number - 1] = gated
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)


def test_the_window_keeps_working_while_an_old_profile_upgrades(qtbot, tmp_path, monkeypatch):
    profile, key = old_profile(tmp_path / "p")
    seen_during_step: threading.Event = threading.Event()
    waited: list[bool] = []
    gate_step(monkeypatch, 5, seen_during_step, waited)
    dialog = UnlockDialog(profile.users(), profile.unlock, profile=profile)
    qtbot.addWidget(dialog)
    dialog.show()
    seen: list[tuple[str, bool]] = []

    def tick():
        text = dialog.message.text()
        seen.append((text, dialog.unlock_button.isEnabled() or dialog.passphrase.isEnabled()))
        if "正在升级数据库（第 5 版）…" in text:
            seen_during_step.set()  # the GUI thread ran this while step 5 waits

    timer = QTimer(interval=10)
    timer.timeout.connect(tick)
    timer.start()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_unlock()
    timer.stop()
    assert waited == [True]  # fails if unlocking blocks the GUI thread
    upgrading = [enabled for text, enabled in seen if "正在升级数据库" in text]
    assert upgrading and not any(upgrading)  # controls off meanwhile
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
    dialog.unlocked.close()
    assert file_schema(profile, key) == LATEST
    assert dialog.unlock_button.isEnabled() and not dialog.progress.isVisible()


def test_a_failed_upgrade_is_shown_and_the_next_try_finishes(qtbot, tmp_path, monkeypatch):
    profile, key = old_profile(tmp_path / "p")
    steps = list(migrations.MIGRATIONS)

    def broken(conn):
        raise RuntimeError("boom")

    steps[6] = broken  # step 7
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    dialog = UnlockDialog(profile.users(), profile.unlock, profile=profile)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_unlock()
    assert dialog.unlocked is None and dialog.result() != UnlockDialog.DialogCode.Accepted
    assert "数据库升级到第 7 版失败" in dialog.message.text()
    assert "仍为第 6 版" in dialog.message.text()
    assert dialog.unlock_button.isEnabled() and dialog.quit_button.isEnabled()
    assert file_schema(profile, key) == 6
    monkeypatch.undo()
    dialog.try_unlock()
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
    dialog.unlocked.close()
    assert file_schema(profile, key) == LATEST


def test_escape_does_nothing_while_unlocking(qtbot, tmp_path, monkeypatch):
    profile, _ = old_profile(tmp_path / "p")
    gate, waited = threading.Event(), []
    gate_step(monkeypatch, 5, gate, waited)
    dialog = UnlockDialog(profile.users(), profile.unlock, profile=profile)
    qtbot.addWidget(dialog)
    dialog.show()
    rejected = []
    dialog.rejected.connect(lambda: rejected.append(True))

    def press_escape():
        dialog.reject()
        dialog.try_unlock()  # a second click while busy starts nothing
        gate.set()

    QTimer.singleShot(50, press_escape)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_unlock()
    assert waited == [True] and not rejected
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
    dialog.unlocked.close()
