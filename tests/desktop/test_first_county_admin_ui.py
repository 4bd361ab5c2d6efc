"""A county profile made before 县级管理员 existed, in the app: its reviewer is offered the
role once in 账户管理 (a hint says so), grants it to themself (audited), and the 设备 page
then lets them manage devices; a village profile's reviewer is never offered it."""

from __future__ import annotations

from typing import Any

import pytest
from bangfu_testdata import PASSPHRASE, TODAY, VILLAGE

from desktop.accounts_dialog import AccountsDialog
from desktop.background import BackgroundRunner
from desktop.county.devices import DevicesPage
from registry import accounts, audit
from registry.keyslots import KdfParams
from registry.profile import Profile

WAIT_MS = 10_000


@pytest.fixture
def runners() -> Any:
    made: list[BackgroundRunner] = []
    yield made
    for runner in made:
        runner.wait()


def old_profile(tmp_path: Any, scope: str) -> Any:
    profile = Profile(tmp_path / "p", today=lambda: TODAY)
    return profile, profile.create(user="chief", passphrase=PASSPHRASE, scope=scope,
                                   kdf=KdfParams.fast(), role=accounts.REVIEWER)


def roles_offered(dialog: AccountsDialog) -> list[str]:
    return [dialog.new_role.itemData(i) for i in range(dialog.new_role.count())]


def test_the_reviewer_of_an_old_county_profile_grants_themself_county_admin(
        qtbot, tmp_path, runners):
    profile, store = old_profile(tmp_path, "361130")
    runner = BackgroundRunner(store)
    runners.append(runner)
    page = DevicesPage(runner)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.role == accounts.REVIEWER and page.setup is not None,
                    timeout=WAIT_MS)
    assert not page.enrol_button.isEnabled()
    assert "账户管理" in page.enrol_button.toolTip()  # where the role can be granted
    dialog = AccountsDialog(runner, accounts.REVIEWER, kdf=KdfParams.fast())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: accounts.COUNTY_ADMIN in roles_offered(dialog), timeout=WAIT_MS)
    assert dialog.first_admin.isVisible() and "仅此一次" in dialog.first_admin.text()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT_MS)
    dialog.table.selectRow(0)
    dialog.new_role.setCurrentIndex(dialog.new_role.findData(accounts.COUNTY_ADMIN))
    dialog.role_button.click()
    qtbot.waitUntil(lambda: dialog.table.item(0, 1).text() == "县级管理员", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: dialog.role == accounts.COUNTY_ADMIN, timeout=WAIT_MS)
    assert not dialog.first_admin.isVisible()
    assert "县级管理员" in dialog.who.text()
    changes = runner.call(lambda s: audit.entries(s, action="role_change"))
    assert [(e.user, e.target, e.detail) for e in changes] == [
        ("chief", "chief", {"role": accounts.COUNTY_ADMIN, "first_county_admin": True})]
    page.enrol()  # the devices page reads the role again at the click
    qtbot.waitUntil(lambda: page.role == accounts.COUNTY_ADMIN, timeout=WAIT_MS)
    assert page.enrol_button.isEnabled() and page.may_manage()
    assert page.enrol_button.toolTip() == ""
    assert runner.call(lambda s: audit.entries(s, action="device_admin")) == []
    runner.wait()
    store.close()


def test_a_village_reviewer_is_never_offered_county_admin(qtbot, tmp_path, runners):
    _profile, store = old_profile(tmp_path, VILLAGE)
    runner = BackgroundRunner(store)
    runners.append(runner)
    dialog = AccountsDialog(runner, accounts.REVIEWER, kdf=KdfParams.fast())
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT_MS)
    runner.wait()
    qtbot.wait(100)
    assert roles_offered(dialog) == [accounts.CLERK, accounts.REVIEWER]
    assert not dialog.first_admin.isVisible() and dialog.first_admin.text() == ""
    form = dialog.open_add_user()
    assert [form.role.itemData(i) for i in range(form.role.count())] == [
        accounts.CLERK, accounts.REVIEWER]
    runner.wait()
    store.close()
