"""An unexpected error during the unlock (a bug, an OSError, a SQLCipher error) is shown
in the dialog in plain words, logged by type only (no passphrase, no user name), leaves
the dialog usable for another try, and leaves nothing open: the store or connection the
unlock opened is closed. Real profile; one internal step is made to raise."""

from __future__ import annotations

import logging

import pytest
from bangfu_testdata import PASSPHRASE

from desktop.i18n import LANGUAGE_PROPERTY, install_translator
from desktop.unlock import UnlockDialog
from registry import profile as profile_module
from registry.profile import Profile
from registry.store import Store

USER = "secretary"


def assert_usable(dialog: UnlockDialog) -> None:
    assert not dialog.busy and not dialog.progress.isVisible()
    for widget in (dialog.user, dialog.passphrase, dialog.unlock_button, dialog.quit_button):
        assert widget.isEnabled()
    assert dialog.result() != UnlockDialog.DialogCode.Accepted and dialog.unlocked is None


def assert_logged_safely(caplog, kind: str) -> None:
    assert kind in caplog.text
    assert PASSPHRASE not in caplog.text and USER not in caplog.text


@pytest.mark.parametrize("in_background", [True, False])
def test_a_failing_step_after_the_database_opened_closes_it(qtbot, profile, store,
                                                            monkeypatch, caplog,
                                                            in_background):
    store.close()
    opened = []

    def broken_store(self, conn, user):
        opened.append(conn)
        raise RuntimeError(f"bug while reading meta for {user}")

    monkeypatch.setattr(Profile, "_store", broken_store)
    dialog = UnlockDialog(profile.users(), profile.unlock, in_background=in_background)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText(PASSPHRASE)
    with caplog.at_level(logging.ERROR):
        dialog.try_unlock()
    assert "意外错误" in dialog.message.text() and "RuntimeError" in dialog.message.text()
    assert dialog.isVisible()
    assert_usable(dialog)
    assert_logged_safely(caplog, "RuntimeError")
    assert len(opened) == 1
    with pytest.raises(Exception, match="closed"):
        opened[0].execute("SELECT 1")

    monkeypatch.undo()  # the fault is gone: the same dialog unlocks
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_unlock()
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
    assert isinstance(dialog.unlocked, Store)
    dialog.unlocked.close()


def test_a_failure_after_the_store_was_made_closes_the_store(qtbot, profile, store,
                                                             monkeypatch, caplog):
    store.close()
    made = []
    real_store = Profile._store

    def recorded(self, conn, user):
        made.append(real_store(self, conn, user))
        return made[-1]

    def broken_remember(*_args, **_kwargs):
        raise OSError("the session folder is not writable")

    monkeypatch.setattr(Profile, "_store", recorded)
    monkeypatch.setattr(profile_module.session, "remember", broken_remember)
    dialog = UnlockDialog(profile.users(), profile.unlock)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASSPHRASE)
    with caplog.at_level(logging.ERROR):
        dialog.try_unlock()
    assert "意外错误" in dialog.message.text()
    assert_usable(dialog)
    assert_logged_safely(caplog, "OSError")
    assert len(made) == 1 and made[0]._closed


def test_the_message_has_its_english_translation(qtbot, qapp, profile, store):
    store.close()
    qapp.setProperty(LANGUAGE_PROPERTY, "en")
    translator = install_translator(qapp, "en")
    try:
        def broken(_user, _passphrase):
            raise ValueError("no such table")

        dialog = UnlockDialog(profile.users(), broken)
        qtbot.addWidget(dialog)
        dialog.passphrase.setText(PASSPHRASE)
        dialog.try_unlock()
        assert "An unexpected error" in dialog.message.text()
        assert "ValueError" in dialog.message.text() and "意外" not in dialog.message.text()
        assert_usable(dialog)
    finally:
        qapp.removeTranslator(translator)
        qapp.setProperty(LANGUAGE_PROPERTY, None)


def test_a_failed_upgrade_whose_version_cannot_be_read_closes_the_connection(
        qtbot, profile, store, monkeypatch):
    store.close()
    opened = []
    real_open = profile_module.open_encrypted

    def recorded(path, key):
        opened.append(real_open(path, key))
        return opened[-1]

    def broken(*_args, **_kwargs):
        raise RuntimeError("upgrade step failed")

    monkeypatch.setattr(profile_module, "open_encrypted", recorded)
    monkeypatch.setattr(profile_module, "migrate", broken)
    monkeypatch.setattr(profile_module, "schema_version", broken)
    dialog = UnlockDialog(profile.users(), profile.unlock)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_unlock()
    assert "意外错误" in dialog.message.text()
    assert_usable(dialog)
    assert len(opened) == 1
    with pytest.raises(Exception, match="closed"):
        opened[0].execute("SELECT 1")
