"""What a new user hit at the unlock and idle-lock dialogs, and Qt's own dialogs in Chinese."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from desktop.i18n import install_qt_translator
from desktop.unlock import UnlockDialog


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def counted(unlock):
    calls = []

    def wrapper(user, passphrase):
        calls.append(user)
        return unlock(user, passphrase)

    return wrapper, calls


def test_the_fourth_failure_warns_and_the_fifth_counts_down(qtbot, profile, store):
    store.close()
    clock = Clock()
    unlock, calls = counted(profile.unlock)
    dialog = UnlockDialog(profile.users(), unlock, clock=clock)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("wrong-Pass-1")
    for _ in range(3):
        dialog.try_unlock()
    assert "再输错一次" not in dialog.message.text()
    dialog.try_unlock()
    assert "已连续失败 4 次" in dialog.message.text() and "再输错一次，须等待 30 秒" in dialog.message.text()
    dialog.try_unlock()
    assert "30 秒后再试" in dialog.message.text() and not dialog.unlock_button.isEnabled()
    clock.now += 10.2
    dialog.tick()
    assert "20 秒后再试" in dialog.message.text()
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    dialog.try_unlock()
    assert len(calls) == 5  # nothing tried while the wait runs
    clock.now += 20
    dialog.tick()
    assert dialog.unlock_button.isEnabled() and not dialog.countdown.isActive()
    assert "现在可以再试" in dialog.message.text()


def test_the_countdown_ticks_by_itself(qtbot, profile, store):
    store.close()
    clock = Clock()
    dialog = UnlockDialog(profile.users(), profile.unlock, clock=clock)
    qtbot.addWidget(dialog)
    dialog.wait(3)
    assert "3 秒后再试" in dialog.message.text()
    clock.now += 1.5
    qtbot.waitUntil(lambda: "2 秒后再试" in dialog.message.text(), timeout=3000)


def answer(button: str, seen: list[str]) -> None:
    """Click ``button`` of the message box about to open (modal), noting its text."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button).click()

    QTimer.singleShot(0, click)


def test_escape_in_the_idle_lock_asks_before_quitting(qtbot, profile, store):
    dialog = UnlockDialog([store.user], profile.keyring().unlock, ask_before_quit=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    seen: list[str] = []
    answer("取消", seen)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen == ["退出就业帮扶通？"] and dialog.isVisible() and dialog.result() == 0
    answer("退出", seen)
    dialog.reject()
    assert len(seen) == 2 and not dialog.isVisible()
    assert dialog.result() == UnlockDialog.DialogCode.Rejected


def test_the_first_unlock_quits_on_escape_without_asking(qtbot, profile, store):
    dialog = UnlockDialog([store.user], profile.keyring().unlock)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_qt_s_own_buttons_are_chinese_in_the_chinese_ui(qapp):
    assert install_qt_translator(qapp, "en") is None
    translator = install_qt_translator(qapp, "zh_CN")
    assert translator is not None
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
        assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消"])
    finally:
        qapp.removeTranslator(translator)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    assert box.buttons()[0].text() in ("OK", "&OK")
