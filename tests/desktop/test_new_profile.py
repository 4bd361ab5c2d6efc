"""新建档案 on a first start: each problem named under its field with nothing written;
a good one creates a real encrypted profile that the passphrase then unlocks."""

from __future__ import annotations

import pytest
from bangfu_testdata import PASSPHRASE, VILLAGE
from PySide6.QtCore import Qt

from desktop.new_profile import NewProfileDialog
from registry import accounts
from registry.keyslots import KdfParams
from registry.profile import Profile


@pytest.fixture
def dialog(qtbot, tmp_path):
    box = NewProfileDialog(tmp_path / "profile", kdf=KdfParams.fast())
    qtbot.addWidget(box)
    box.show()
    return box


def fill(dialog, user="secretary", passphrase=PASSPHRASE, again=None, scope=VILLAGE):
    dialog.user.setText(user)
    dialog.passphrase.setText(passphrase)
    dialog.again.setText(passphrase if again is None else again)
    dialog.scope.setText(scope)


@pytest.mark.parametrize(("values", "field"), [
    ({"user": ""}, "用户名："), ({"user": " 张三"}, "用户名："), ({"user": "x" * 33}, "用户名："),
    ({"passphrase": "short1A"}, "密码："), ({"passphrase": "alllowercase"}, "密码："),
    ({"again": "Another-pass-2"}, "再次输入密码："), ({"scope": "36113010420"}, "辖区代码："),
    ({"scope": "婺源县"}, "辖区代码："), ({"scope": ""}, "辖区代码："),
])
def test_a_problem_names_its_field_and_writes_nothing(qtbot, dialog, tmp_path, values, field):
    fill(dialog, **values)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text().startswith(field), dialog.error.text()
    assert dialog.isVisible() and dialog.created is None
    assert not (tmp_path / "profile").exists()


def test_a_good_profile_is_created_encrypted_and_unlocks(qtbot, dialog, tmp_path):
    fill(dialog, scope=" 361130 ")
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    store = dialog.created
    assert store.user == "secretary" and store.default_scope == "361130"
    assert accounts.role_of(store) == accounts.COUNTY_ADMIN  # a county's first user
    store.close()
    profile = Profile(tmp_path / "profile")
    assert profile.exists() and profile.users() == ["secretary"]
    reopened = profile.unlock("secretary", PASSPHRASE)
    assert reopened.default_scope == "361130"
    reopened.close()


def test_a_village_profile_s_first_user_is_a_reviewer(qtbot, dialog):
    fill(dialog, scope=VILLAGE)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert accounts.role_of(dialog.created) == accounts.REVIEWER
    dialog.created.close()
