"""The idle lock and dialogs: a dialog run with ``exec()`` when the lock engages is
covered (nothing of it readable on screen) and disabled, not hidden, so its ``exec()``
still returns the user's real answer after the unlock; a window that opens while the
app is locked (an error box or a summary from a background outcome, a form) is kept
out of sight until the unlock and shown after it. Real profile, real Qt windows
(offscreen), screen grabs of what the window system would show."""

from __future__ import annotations

from bangfu_testdata import PASSPHRASE, make_id
from formfill import form_for_person
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop.background import BackgroundRunner
from desktop.form_for import FOLLOWUP
from desktop.idle_lock import IdleLock
from desktop.main_window import MainWindow
from desktop.unlock import UnlockDialog

NAME = "欧阳娜娜"


def on_screen(widget: QWidget) -> QImage:
    """What the window system shows of ``widget``'s window (its backing store)."""
    QApplication.processEvents()
    return widget.screen().grabWindow(widget.winId()).toImage().convertToFormat(
        QImage.Format.Format_RGB32)


def blank(image: QImage) -> bool:
    """Whether every pixel of ``image`` has one colour (no text, no frame, nothing)."""
    data = bytes(image.constBits())
    return data == data[:4] * (len(data) // 4)


def person_dialog(parent: QWidget) -> tuple[QDialog, QLineEdit]:
    """A half-filled dialog naming a person (like 登记 or a confirmation)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("登记")
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel(f"姓名：{NAME}"))
    edit = QLineEdit(f"{NAME} 的电话")
    layout.addWidget(edit)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(320, 200)
    return dialog, edit


def main_window(qtbot) -> QMainWindow:
    window = QMainWindow()
    window.setCentralWidget(QLabel("records"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def idle_lock(window: QMainWindow, profile, store) -> IdleLock:
    return IdleLock(window, lambda u, p: profile.keyring().unlock(u, p), store.user,
                    idle_ms=600_000)


def unlock_with_passphrase(qtbot, window: QMainWindow, lock: IdleLock) -> None:
    unlock = window.findChild(UnlockDialog)
    assert unlock.isVisible() and QApplication.activeModalWidget() is unlock
    unlock.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(lock.unlocked, timeout=3000):
        unlock.try_unlock()


def run_modal(dialog: QDialog, during, failures: list[str]) -> int:
    """``dialog.exec()`` with ``during()`` run inside it; a failure in ``during`` is
    noted and ends the dialog, so the test never hangs."""
    def step() -> None:
        try:
            during()
        except Exception as exc:  # noqa: BLE001 - reported by the test after exec()
            failures.append(repr(exc))
            dialog.done(99)

    QTimer.singleShot(50, dialog, step)
    QTimer.singleShot(20_000, dialog, lambda: dialog.done(98))  # a safety net, gone with it
    return dialog.exec()


def test_a_running_dialog_survives_the_lock_unreadable_and_returns_its_answer(
        qtbot, profile, store):
    window = main_window(qtbot)
    lock = idle_lock(window, profile, store)
    dialog, edit = person_dialog(window)
    failures: list[str] = []

    def during() -> None:
        assert not blank(on_screen(dialog))  # the name is on screen before the lock
        edit.setFocus()
        assert dialog.focusWidget() is edit
        lock.lock()
        assert dialog.isVisible() and not dialog.isEnabled()
        assert blank(on_screen(dialog)) and blank(dialog.grab().toImage().convertToFormat(
            QImage.Format.Format_RGB32))
        edit.setText(f"{NAME} 改过的电话")  # a background update while locked
        late = QLabel(f"{NAME}：已有记录", dialog)  # a child added while locked
        late.show()
        assert blank(on_screen(dialog))
        dialog.resize(480, 360)
        assert blank(on_screen(dialog)) and on_screen(dialog).width() == 480
        unlock_with_passphrase(qtbot, window, lock)
        assert dialog.isVisible() and dialog.isEnabled()
        assert not blank(on_screen(dialog))
        assert edit.text() == f"{NAME} 改过的电话"
        assert dialog.focusWidget() is edit  # typing goes on where it was
        dialog.accept()  # the user finishes the dialog

    assert run_modal(dialog, during, failures) == QDialog.DialogCode.Accepted
    assert failures == []


def test_a_question_box_asked_before_the_lock_gets_its_answer_after_it(qtbot, profile, store):
    window = main_window(qtbot)
    lock = idle_lock(window, profile, store)
    box = QMessageBox(QMessageBox.Icon.Question, "确认", f"删除 {NAME} 的草稿？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    failures: list[str] = []

    def during() -> None:
        lock.lock()
        assert box.isVisible() and blank(on_screen(box))
        unlock_with_passphrase(qtbot, window, lock)
        assert not blank(on_screen(box))
        box.button(QMessageBox.StandardButton.Yes).click()

    assert run_modal(box, during, failures) == QMessageBox.StandardButton.Yes
    assert failures == []


def test_a_window_opened_while_locked_stays_out_of_sight_until_the_unlock(
        qtbot, profile, store):
    window = main_window(qtbot)
    lock = idle_lock(window, profile, store)
    lock.lock()
    summary = QLabel(f"同步完成：{NAME} 等 3 条记录")  # a non-modal notice
    qtbot.addWidget(summary)
    summary.show()
    qtbot.waitUntil(lambda: not summary.isVisible(), timeout=3000)
    shown = {w for w in QApplication.topLevelWidgets() if w.isVisible()}
    assert shown == {window, window.findChild(UnlockDialog)}

    unlock = window.findChild(UnlockDialog)
    unlock.passphrase.setText("half-typed")
    box, _edit = person_dialog(window)  # an error box run with exec() from a queued op
    failures: list[str] = []

    def during() -> None:
        assert box.isVisible() and not box.isEnabled() and blank(on_screen(box))
        assert not summary.isVisible()
        assert unlock.passphrase.text() == "half-typed"  # brought on top, nothing lost
        unlock_with_passphrase(qtbot, window, lock)  # the unlock dialog is not blocked
        assert summary.isVisible() and box.isEnabled() and not blank(on_screen(box))
        box.reject()

    assert run_modal(box, during, failures) == QDialog.DialogCode.Rejected
    assert failures == []
    assert summary.isVisible() and window.centralWidget().isVisible()


def test_the_lock_s_own_windows_are_not_hidden(qtbot, profile, store):
    window = main_window(qtbot)
    lock = idle_lock(window, profile, store)
    lock.lock()
    unlock = window.findChild(UnlockDialog)
    unlock.user.showPopup()  # a pop-up of the unlock dialog itself
    QApplication.processEvents()
    assert unlock.isVisible() and unlock.isEnabled() and not blank(on_screen(unlock))
    unlock.user.hidePopup()
    unlock_with_passphrase(qtbot, window, lock)


def test_a_form_opened_by_a_queued_op_while_locked_waits_for_the_unlock(qtbot, profile, store):
    person = store.create("person", {"name": NAME, "id_number": make_id(seq="515")})
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    runner.wait()
    lock = idle_lock(window, profile, store)
    lock.lock()
    form = form_for_person(qtbot, window, runner, FOLLOWUP, person_id=person, who=NAME)
    qtbot.waitUntil(lambda: bool(form.form_widget.pages), timeout=5000)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=3000)
    shown = {w for w in QApplication.topLevelWidgets() if w.isVisible()}
    assert shown == {window, window.findChild(UnlockDialog)}
    unlock_with_passphrase(qtbot, window, lock)
    assert form.isVisible() and form.isEnabled() and not blank(on_screen(form))
    form.reject()
    runner.wait()
