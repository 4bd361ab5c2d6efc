"""What a first secretary and a desk clerk hit when driving the app (drive-fix session):
each test failed before its fix."""

from __future__ import annotations

import pytest

from desktop.i18n import LANGUAGE_PROPERTY, install_translator
from desktop.unlock import UnlockDialog


@pytest.fixture
def english(qapp):
    qapp.setProperty(LANGUAGE_PROPERTY, "en")
    translator = install_translator(qapp, "en")
    yield
    qapp.removeTranslator(translator)
    qapp.setProperty(LANGUAGE_PROPERTY, None)


def test_a_wrong_passphrase_is_told_in_english_in_the_english_ui(qtbot, profile, store, english):
    store.close()
    dialog = UnlockDialog(profile.users(), profile.unlock)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("wrong-Pass-1")
    dialog.try_unlock()
    assert "Wrong passphrase (1 failed attempts in a row)" in dialog.message.text()
    assert "密码错误" not in dialog.message.text()
