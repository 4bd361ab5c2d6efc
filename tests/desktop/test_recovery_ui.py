"""忘记口令？县级恢复…: a profile whose only user forgot the passphrase, recovered in the app
with a real county recovery key file (``bangfu-server recovery-key init``), its unsynced
changes intact and the recovery audited; bad key files, passphrases and profiles change
nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bangfu_testdata import PASSPHRASE, VILLAGE, make_id
from PySide6.QtCore import Qt

from desktop.recovery_dialog import RecoveryDialog
from desktop.unlock import UnlockDialog
from registry import audit
from registry.errors import WrongPassphrase
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.recovery import ACTOR, PassphraseChangedNotAudited
from registry.replica import StoreReplica
from sync.protocol.recoverykey import parse_public_hex

ROOT = Path(__file__).resolve().parents[2]
FAST = KdfParams.fast()
KEY_PASS = "Xian-Ji-Hui-Fu-2026"
NEW_PASS = "Xin-Mi-Ma-2027"
WAIT_MS = 30_000


@pytest.fixture(scope="module")
def county_key(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A real county recovery key, made by the server's CLI: (key file, public hex)."""
    folder = tmp_path_factory.mktemp("county")
    out = folder / "county-recovery.json"
    made = subprocess.run(
        [sys.executable, "-m", "sync.server.cli", "recovery-key", "init", "--data",
         str(folder / "data"), "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "BANGFU_RECOVERY_PASSPHRASE": KEY_PASS}, timeout=120, check=False)
    assert made.returncode == 0, made.stderr
    return out, made.stdout.strip()


def forgotten_profile(folder: Path, public: str | None) -> tuple[Profile, dict[str, Any]]:
    """A village profile (one user, a recovery slot if ``public``) with unsynced work."""
    profile = Profile(folder)
    store = profile.create(user="secretary", passphrase=PASSPHRASE, scope=VILLAGE, kdf=FAST,
                           recovery_key=parse_public_hex(public) if public else None)
    home = store.create("household", {"household_no": VILLAGE + "001"})
    person = store.create("person", {"household_id": home, "name": "罗海", "relation": "户主",
                                     "id_number": make_id(seq="771")})
    store.update(person, {"phone": "13600001111"})
    facts = {"home": home, "person": person, "pending": pending(store)}
    store.close()
    return profile, facts


def pending(store: Any) -> dict[str, str]:
    """The unsynced changes: change id -> the list of its entity."""
    return {c.change_id: c.entity_list for c in StoreReplica(store).pending_changes(10_000)}


def fill(dialog: RecoveryDialog, key: Path, key_pass: str, new: str, again: str) -> None:
    dialog.key_file.setText(str(key))
    dialog.key_passphrase.setText(key_pass)
    dialog.new_passphrase.setText(new)
    dialog.again.setText(again)


def failed(qtbot: Any, dialog: RecoveryDialog, words: str) -> None:
    """Press 恢复并解锁 and wait for a failure naming ``words``; the dialog stays open."""
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.worker is None and words in dialog.message.text(),
                    timeout=WAIT_MS)
    assert "未做任何更改" in dialog.message.text() and dialog.isVisible()
    assert dialog.ok_button.isEnabled()


def test_only_user_forgot_recover_in_the_app_then_unlock_with_the_new_passphrase(
        qtbot: Any, tmp_path: Path, county_key: tuple[Path, str]) -> None:
    key_file, public = county_key
    profile, facts = forgotten_profile(tmp_path / "village", public)
    slots_before = profile.slots_path.read_bytes()
    unlock = UnlockDialog(profile.users(), profile.unlock, profile=profile, recovery_kdf=FAST)
    qtbot.addWidget(unlock)
    unlock.show()
    qtbot.waitExposed(unlock)
    assert unlock.recover_button.isVisible()
    qtbot.mouseClick(unlock.recover_button, Qt.MouseButton.LeftButton)
    dialog = unlock.recovery
    assert dialog is not None and dialog.isVisible()
    assert dialog.user.currentText() == "secretary" and not dialog.user.isEnabled()

    fill(dialog, key_file, "Wrong-Key-Pass-1", NEW_PASS, NEW_PASS)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.worker is not None and not dialog.ok_button.isEnabled()  # KDF off the GUI
    dialog.reject()  # not while it runs
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=WAIT_MS)
    assert "恢复密钥口令：口令错误" in dialog.message.text()

    not_a_key = tmp_path / "notes.json"
    not_a_key.write_text('{"hello": 1}', encoding="utf-8")
    fill(dialog, not_a_key, KEY_PASS, NEW_PASS, NEW_PASS)
    failed(qtbot, dialog, "恢复密钥文件：所选文件不是县级恢复密钥文件")
    damaged = tmp_path / "damaged.json"
    damaged.write_text(key_file.read_text(encoding="utf-8")[:200], encoding="utf-8")
    fill(dialog, damaged, KEY_PASS, NEW_PASS, NEW_PASS)
    failed(qtbot, dialog, "恢复密钥文件：文件已损坏")

    fill(dialog, key_file, KEY_PASS, "short", "short")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.worker is None and dialog.message.text().startswith("新密码：密码至少 8 位")
    fill(dialog, key_file, KEY_PASS, NEW_PASS, NEW_PASS + "x")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "再次输入新密码：两次输入的新密码不一致" in dialog.message.text()
    assert profile.slots_path.read_bytes() == slots_before  # nothing changed so far
    with pytest.raises(WrongPassphrase):
        profile.keyring().unlock("secretary", NEW_PASS)

    fill(dialog, key_file, KEY_PASS, NEW_PASS, NEW_PASS)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: unlock.result() == UnlockDialog.DialogCode.Accepted,
                    timeout=WAIT_MS)
    store = unlock.unlocked
    assert store is not None and store.user == "secretary"
    assert dialog.new_passphrase.text() == "" and dialog.key_passphrase.text() == ""
    store.close()

    with pytest.raises(WrongPassphrase):
        profile.unlock("secretary", PASSPHRASE)
    store = profile.unlock("secretary", NEW_PASS)
    try:
        assert store.get(facts["person"]).props["phone"] == "13600001111"
        assert store.get(facts["home"]).props["household_no"] == VILLAGE + "001"
        entries = audit.entries(store)
        mine = [(e.action, e.user, e.target) for e in entries if e.user == ACTOR]
        assert mine == [("recovery", ACTOR, "secretary"),
                        ("passphrase_change", ACTOR, "secretary")]
        change = next(e for e in entries if e.action == "passphrase_change")
        assert change.device == store.device and change.at_ms > 0
        assert change.detail["key"] == public[:16]
        # nothing unsynced was lost: the same changes, plus the audit entries of the
        # recovery, the failed unlock with the old passphrase and the login
        now = pending(store)
        assert facts["pending"].items() <= now.items()
        assert {now[c] for c in now.keys() - facts["pending"].keys()} == {"audit"}
    finally:
        store.close()


def test_a_profile_without_a_recovery_slot_says_so_and_changes_nothing(
        qtbot: Any, tmp_path: Path, county_key: tuple[Path, str]) -> None:
    key_file, _public = county_key
    profile, _facts = forgotten_profile(tmp_path / "never-synced", None)
    before = profile.slots_path.read_bytes()
    dialog = RecoveryDialog(profile, kdf=FAST)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, key_file, KEY_PASS, NEW_PASS, NEW_PASS)
    failed(qtbot, dialog, "此档案没有该恢复密钥的恢复槽")
    assert profile.slots_path.read_bytes() == before
    assert dialog.recovered is None
    profile.unlock("secretary", PASSPHRASE).close()


def test_several_users_choose_whose_passphrase_is_reset(
        qtbot: Any, tmp_path: Path, county_key: tuple[Path, str]) -> None:
    from registry import accounts

    key_file, public = county_key
    profile = Profile(tmp_path / "two")
    store = profile.create(user="secretary", passphrase=PASSPHRASE, scope=VILLAGE, kdf=FAST,
                           recovery_key=parse_public_hex(public))
    accounts.add_user(store, user="luru", passphrase="Lu-Ru-2026!", kdf=FAST)
    store.close()
    dialog = RecoveryDialog(profile, kdf=FAST)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.user.isEnabled() and dialog.user.count() == 2
    dialog.user.setCurrentText("luru")
    fill(dialog, key_file, KEY_PASS, NEW_PASS, NEW_PASS)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == RecoveryDialog.DialogCode.Accepted,
                    timeout=WAIT_MS)
    assert dialog.recovered.user == "luru"
    dialog.recovered.close()
    profile.unlock("luru", NEW_PASS).close()
    profile.unlock("secretary", PASSPHRASE).close()  # the other user's slot untouched


def test_an_unlock_dialog_without_a_profile_offers_no_recovery(
        qtbot: Any, profile: Profile, store: Any) -> None:
    dialog = UnlockDialog(profile.users(), profile.unlock, ask_before_quit=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.recover_button.isVisible()


def test_the_idle_lock_offers_the_county_recovery_and_it_unlocks_the_window(
        qtbot: Any, tmp_path: Path, county_key: tuple[Path, str]) -> None:
    """The user forgot the passphrase while the app was open and locked: the county
    recovery sets a new one and unlocks; the app's store stays the one open (the
    recovery's own connection is closed) and keeps working."""
    from PySide6.QtWidgets import QLabel, QMainWindow

    from desktop.background import BackgroundRunner
    from desktop.idle_lock import IdleLock, audited_check
    from registry import accounts

    key_file, public = county_key
    profile, facts = forgotten_profile(tmp_path / "village", public)
    store = profile.unlock("secretary", PASSPHRASE)
    accounts.add_user(store, user="luru", passphrase="Lu-Ru-2026!", kdf=FAST)
    runner = BackgroundRunner(store)
    window = QMainWindow()
    window.setCentralWidget(QLabel("罗海"))
    qtbot.addWidget(window)
    window.show()
    try:
        lock = IdleLock(window, audited_check(profile, runner, window), "secretary",
                        idle_ms=60_000, profile=profile, recovery_kdf=FAST)
        lock.lock()
        unlock = window.findChild(UnlockDialog)
        qtbot.waitExposed(unlock)
        assert unlock.recover_button.isVisible() and not window.centralWidget().isVisible()
        assert unlock.recover_button.isEnabled()
        qtbot.mouseClick(unlock.recover_button, Qt.MouseButton.LeftButton)
        dialog = unlock.recovery
        # the locked user's passphrase, not another's (the profile has two users)
        assert dialog is not None and dialog.user.currentText() == "secretary"
        assert dialog.user.count() == 1 and not dialog.user.isEnabled()
        fill(dialog, key_file, KEY_PASS, NEW_PASS, NEW_PASS)
        with qtbot.waitSignal(lock.unlocked, timeout=WAIT_MS):
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert window.centralWidget().isVisible() and not lock.locked
        assert dialog.recovered is None and unlock.unlocked is None  # closed, not kept
        made = runner.call(lambda s: s.create("household", {"household_no": VILLAGE + "002"}))
        assert runner.call(lambda s: s.get(made).props["household_no"]) == VILLAGE + "002"
    finally:
        runner.close()
        store.close()
    with pytest.raises(WrongPassphrase):
        profile.keyring().unlock("secretary", PASSPHRASE)
    again = profile.unlock("secretary", NEW_PASS)
    try:
        assert again.get(facts["person"]).props["phone"] == "13600001111"
        assert ("passphrase_change", ACTOR, "secretary") in [
            (e.action, e.user, e.target) for e in audit.entries(again)]
    finally:
        again.close()


def test_only_failures_before_the_rewrap_say_nothing_changed(
        qtbot: Any, tmp_path: Path) -> None:
    profile, _facts = forgotten_profile(tmp_path / "village", None)
    dialog = RecoveryDialog(profile, kdf=FAST)
    qtbot.addWidget(dialog)
    assert "未做任何更改" in dialog.failure_text(OSError("disk full"))
    text = dialog.failure_text(PassphraseChangedNotAudited())
    assert "新密码已生效" in text and "未做任何更改" not in text


def test_the_recovery_worker_makes_no_qt_call(qtbot: Any, tmp_path: Path,
                                              county_key: tuple[Path, str]) -> None:
    """A signal emitted from a plain thread crashed the app start once (the unlock's
    worker): the recovery's worker only leaves its outcome for the GUI thread to poll."""
    import threading

    key_file, public = county_key
    profile, _facts = forgotten_profile(tmp_path / "village", public)
    dialog = RecoveryDialog(profile, kdf=FAST)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qt_calls: list[str] = []

    def watch(_frame: Any, event: str, arg: Any) -> None:
        if event == "c_call" and threading.current_thread().name == "county-recovery":
            owner = getattr(arg, "__self__", None)
            module = type(owner).__module__ if owner is not None else ""
            if module.startswith(("PySide6", "shiboken6")):
                qt_calls.append(f"{type(owner).__name__}.{arg.__name__}")

    threading.setprofile(watch)  # threads started from now on
    try:
        fill(dialog, key_file, "Wrong-Key-Pass-1", NEW_PASS, NEW_PASS)
        failed(qtbot, dialog, "恢复密钥口令：口令错误")
    finally:
        threading.setprofile(None)
    assert qt_calls == []
