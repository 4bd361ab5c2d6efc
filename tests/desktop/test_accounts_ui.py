"""Accounts, reveals and the audit viewer in the app, on real encrypted profiles with the
real DB thread: a reviewer reveals an ID (shown, masked again, audited), a clerk cannot
(button off, a forced call refused and audited); a second user is added in the 账户
dialog and unlocks the profile; a passphrase is changed; the idle lock's unlock is
audited as a login; the audit viewer filters and exports."""

from __future__ import annotations

import csv
from typing import Any

import openpyxl
import pytest
from bangfu_testdata import PASSPHRASE, make_id
from PySide6.QtWidgets import QMainWindow, QWidget

from desktop import accounts_ops
from desktop.accounts_dialog import AccountsDialog, AccountsMenu, grantable
from desktop.audit_viewer import (
    ACTION_TEXT,
    DETAIL_TEXT,
    HEADER_TEXT,
    TARGET_TEXT,
    AuditDialog,
    AuditModel,
    date_filters,
)
from desktop.background import BackgroundRunner
from desktop.desk import DeskPage
from desktop.household_page import HouseholdPage
from desktop.idle_lock import IdleLock, audited_check
from desktop.unlock import UnlockDialog
from registry import accounts, audit
from registry.errors import ValidationError, WrongPassphrase
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Store

CLERK_PASS = "Lu-Ru-2026!"
NEW_PASS = "Xin-Mi-2027#"
WAIT_MS = 10_000


@pytest.fixture
def household(store: Store) -> dict[str, str]:
    home = store.create("household", {"household_no": "361130104201001"})
    person = store.create("person", {"household_id": home, "name": "罗海", "relation": "户主",
                                     "id_number": make_id(birth="19820315", seq="611"),
                                     "phone": "13912345678"})
    return {"household": home, "person": person}


_RUNNERS: list[BackgroundRunner] = []


@pytest.fixture(autouse=True)
def _runners() -> Any:
    """Runners live until the test's widgets are gone, their DB thread drained."""
    yield
    while _RUNNERS:
        _RUNNERS.pop().wait()


def runner_for(_qtbot: Any, store: Store) -> BackgroundRunner:
    runner = BackgroundRunner(store)
    _RUNNERS.append(runner)
    return runner


def as_clerk(profile: Profile, store: Store) -> Store:
    """Add the clerk 'luru' as the reviewer, then reopen the profile as luru."""
    accounts.add_user(store, user="luru", passphrase=CLERK_PASS, role=accounts.CLERK,
                      kdf=KdfParams.fast())
    store.close()
    return profile.unlock("luru", CLERK_PASS)


def entries(store: Store, action: str) -> list[audit.Entry]:
    return audit.entries(store, action=action)


# -- reveal -------------------------------------------------------------------------------------

def test_a_reviewer_reveals_an_id_on_the_desk_it_is_masked_again_and_audited(
        qtbot, store, household):
    runner = runner_for(qtbot, store)
    page = DeskPage(runner)
    qtbot.addWidget(page)
    page.open_person(household["person"])
    button, label = page.reveal_button, page.person_fields["id"]
    full = make_id(birth="19820315", seq="611")
    masked = full[:4] + "*" * 10 + full[-4:]
    qtbot.waitUntil(lambda: button.isEnabled() and label.text() == masked, timeout=WAIT_MS)
    button.timer.setInterval(200)
    button.click()
    qtbot.waitUntil(lambda: label.text() == full, timeout=WAIT_MS)
    assert button.text() == "隐藏"
    qtbot.waitUntil(lambda: label.text() == masked, timeout=WAIT_MS)  # the timer masks it
    runner.wait()
    [seen] = entries(store, "reveal")
    assert (seen.user, seen.target, seen.result) == ("secretary", household["person"], "ok")
    assert seen.detail["masked"] == masked and seen.detail["field"] == "id_number"
    assert full not in str(seen.detail)


def test_a_reviewer_reveals_a_phone_on_the_household_page(qtbot, store, household):
    runner = runner_for(qtbot, store)
    page = HouseholdPage(runner)
    qtbot.addWidget(page)
    page.show_household(household["household"])
    qtbot.waitUntil(lambda: page.phone_label.text() == "139****5678", timeout=WAIT_MS)
    qtbot.waitUntil(page.reveal_phone.isEnabled, timeout=WAIT_MS)
    page.reveal_phone.click()
    qtbot.waitUntil(lambda: page.phone_label.text() == "13912345678", timeout=WAIT_MS)
    page.reveal_phone.click()  # 隐藏 masks at once
    assert page.phone_label.text() == "139****5678"
    runner.wait()
    [seen] = entries(store, "reveal")
    assert seen.detail["field"] == "phone" and seen.detail["masked"] == "139****5678"


def test_a_clerk_has_no_reveal_and_a_forced_reveal_is_refused_and_audited(
        qtbot, profile, store, household):
    clerk = as_clerk(profile, store)
    runner = runner_for(qtbot, clerk)
    page = HouseholdPage(runner)
    qtbot.addWidget(page)
    page.show_household(household["household"])
    qtbot.waitUntil(lambda: page.id_label.text().startswith("3611"), timeout=WAIT_MS)
    runner.wait()
    for button in (page.reveal_id, page.reveal_phone):
        assert not button.isEnabled()
        assert "审核员" in button.toolTip()
    failures: list[BaseException] = []
    accounts_ops.reveal(runner, page, household["person"], "id_number").failure(
        failures.append).run()
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
    assert isinstance(failures[0], accounts.NotAllowed)
    [refused] = entries(clerk, "reveal")
    assert (refused.user, refused.result) == ("luru", "denied")
    clerk.close()


# -- accounts -----------------------------------------------------------------------------------

def accounts_dialog(qtbot: Any, runner: BackgroundRunner, role: str) -> AccountsDialog:
    dialog = AccountsDialog(runner, role, kdf=KdfParams.fast())
    qtbot.addWidget(dialog)
    return dialog


def test_a_second_user_is_added_in_the_app_and_unlocks_the_profile(qtbot, profile, store):
    runner = runner_for(qtbot, store)
    dialog = accounts_dialog(qtbot, runner, accounts.REVIEWER)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT_MS)
    form = dialog.open_add_user()
    roles = [form.role.itemData(i) for i in range(form.role.count())]
    assert roles == [accounts.CLERK, accounts.REVIEWER]  # never above one's own
    form.user.setText("luru")
    form.passphrase.setText("short")
    form.again.setText("short")
    form.submit()
    assert form.error.text().startswith("密码：")
    form.passphrase.setText(CLERK_PASS)
    form.submit()
    assert form.error.text().startswith("再次输入密码：")
    form.again.setText(CLERK_PASS)
    form.submit()
    qtbot.waitUntil(lambda: form.result() == form.DialogCode.Accepted, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=WAIT_MS)
    again = dialog.open_add_user()
    again.user.setText("luru")
    again.passphrase.setText(CLERK_PASS)
    again.again.setText(CLERK_PASS)
    again.submit()
    qtbot.waitUntil(lambda: again.error.text() != "", timeout=WAIT_MS)
    assert again.error.text() == "用户名：该用户已存在"
    again.error.clear()
    again.user.setText("13912345678")  # a phone number would end up in the audit
    again.submit()
    qtbot.waitUntil(lambda: again.error.text() != "", timeout=WAIT_MS)
    assert again.error.text() == "用户名：不能含手机号或身份证号（可用姓名拼音或工号）"
    runner.wait()
    [added] = entries(store, "user_add")
    assert (added.user, added.target, added.detail["role"]) == ("secretary", "luru", "clerk")
    assert profile.users() == ["secretary", "luru"]
    store.close()
    second = profile.unlock("luru", CLERK_PASS)
    assert accounts.role_of(second) == accounts.CLERK
    assert entries(second, "login")[-1].user == "luru"
    second.close()


def test_roles_are_changed_and_a_user_removed_in_the_app(qtbot, profile, store):
    accounts.add_user(store, user="luru", passphrase=CLERK_PASS, kdf=KdfParams.fast())
    runner = runner_for(qtbot, store)
    dialog = accounts_dialog(qtbot, runner, accounts.REVIEWER)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=WAIT_MS)
    dialog.role_button.click()  # nothing selected
    assert dialog.message.text() == "用户名：请先在列表中选择一个用户"
    dialog.table.selectRow(1)
    dialog.new_role.setCurrentIndex(dialog.new_role.findData(accounts.REVIEWER))
    dialog.role_button.click()
    qtbot.waitUntil(lambda: dialog.table.item(1, 1).text() == "审核员/第一书记",
                    timeout=WAIT_MS)
    dialog.confirm = lambda user: user == "luru"
    dialog.table.selectRow(1)
    dialog.remove_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT_MS)
    runner.wait()
    assert [(e.target, e.detail.get("role")) for e in entries(store, "role_change")] == [
        ("luru", "reviewer")]
    assert [e.target for e in entries(store, "user_remove")] == ["luru"]
    assert profile.users() == ["secretary"]


def test_a_clerk_manages_no_one_but_changes_their_own_passphrase(qtbot, profile, store):
    clerk = as_clerk(profile, store)
    runner = runner_for(qtbot, clerk)
    assert grantable(accounts.CLERK) == []
    dialog = accounts_dialog(qtbot, runner, accounts.CLERK)
    for button in (dialog.add_button, dialog.remove_button, dialog.role_button):
        assert not button.isEnabled() and "审核员" in button.toolTip()
    assert dialog.passphrase_button.isEnabled()
    form = dialog.open_passphrase()
    form.old.setText("Wrong-Pass-1")
    form.new.setText(NEW_PASS)
    form.again.setText(NEW_PASS)
    form.submit()
    qtbot.waitUntil(lambda: form.error.text() != "", timeout=WAIT_MS)
    assert form.error.text().startswith("当前密码：")
    form.new.setText("weakweak")
    form.submit()
    assert form.error.text().startswith("新密码：")
    form.old.setText(CLERK_PASS)
    form.new.setText(NEW_PASS)
    form.again.setText(NEW_PASS)
    form.submit()
    qtbot.waitUntil(lambda: form.result() == form.DialogCode.Accepted, timeout=WAIT_MS)
    runner.wait()
    [changed] = entries(clerk, "passphrase_change")
    assert (changed.user, changed.target) == ("luru", "luru")
    clerk.close()
    with pytest.raises(WrongPassphrase):
        profile.unlock("luru", CLERK_PASS)
    profile.unlock("luru", NEW_PASS).close()


def test_the_accounts_menu_offers_the_audit_only_to_a_role_that_may_read_it(
        qtbot, profile, store):
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = AccountsMenu(runner_for(qtbot, store), window)
    qtbot.waitUntil(menu.audit_action.isEnabled, timeout=WAIT_MS)
    menu.set_role(accounts.CLERK)
    assert not menu.audit_action.isEnabled()
    assert "审计日志" in menu.audit_action.toolTip()


# -- the idle lock ------------------------------------------------------------------------------

def test_the_idle_lock_unlock_is_audited_as_a_login_with_the_failure_before_it(
        qtbot, profile, store):
    runner = runner_for(qtbot, store)
    window = QMainWindow()
    window.setCentralWidget(QWidget())
    qtbot.addWidget(window)
    lock = IdleLock(window, audited_check(profile, runner, window), "secretary",
                    idle_ms=60_000)
    lock.lock()
    dialog = window.findChild(UnlockDialog)
    dialog.passphrase.setText("Not-The-Pass-1")
    dialog.try_unlock()
    assert lock.locked and dialog.message.text()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_unlock()
    assert not lock.locked
    runner.wait()
    logins = entries(store, "login")
    failed = entries(store, "unlock_failed")
    assert [(e.user, e.result) for e in logins] == [("secretary", "ok")]
    assert [(e.user, e.result) for e in failed] == [("secretary", "failed")]
    assert failed[0].at_ms <= logins[0].at_ms
    assert profile.keyring().unaudited_failures() == []


# -- the audit viewer ---------------------------------------------------------------------------

def test_the_audit_model_passes_the_model_tester(qtmodeltester, store):
    audit.record(store, action="export", target="ledger", detail={"rows": 3})
    audit.record(store, action="print", target="card", result="denied")
    model = AuditModel()
    model.set_entries(audit.entries(store))
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == len(audit.HEADERS)
    assert model.index(0, 3).data() == "打印"  # newest first
    assert (model.index(0, 5).data(), model.index(1, 5).data()) == ("拒绝", "成功")


def test_the_audit_viewer_filters_and_exports_csv_and_xlsx(qtbot, tmp_path, store, household):
    audit.reveal(store, entity_id=household["person"], field="id_number")
    audit.record(store, action="export", target="ledger", detail={"rows": 12, "masked": True})
    audit.record(store, action="export", target="ledger", user="other",
                 detail={"rows": 1, "masked": True})
    runner = runner_for(qtbot, store)
    dialog = AuditDialog(runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=WAIT_MS)
    dialog.action.setCurrentIndex(dialog.action.findData("export"))
    dialog.user.setCurrentIndex(dialog.user.findData("secretary"))
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=WAIT_MS)
    assert dialog.model.index(0, 6).data() == "遮蔽：是；行数：12"
    assert dialog.model.index(0, 4).data() == "台账"
    dialog.first.setText("2026-13-01")
    dialog.reload()
    assert dialog.error.text() == "起始日期：日期格式应为 YYYY-MM-DD"
    dialog.first.setText("2026-01-01")
    dialog.last.setText("2025-12-31")
    dialog.reload()
    assert dialog.error.text() == "截止日期：截止日期不能早于起始日期"
    dialog.first.clear()
    dialog.last.clear()
    dialog.action.setCurrentIndex(0)
    dialog.user.setCurrentIndex(0)
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=WAIT_MS)
    dialog.export_to(tmp_path / "audit.csv")
    qtbot.waitUntil(lambda: "已导出 3 条" in dialog.status.text(), timeout=WAIT_MS)
    dialog.export_to(tmp_path / "audit.xlsx")
    qtbot.waitUntil(lambda: (tmp_path / "audit.xlsx").exists(), timeout=WAIT_MS)
    runner.wait()
    with (tmp_path / "audit.csv").open(encoding="utf-8-sig") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == list(audit.HEADERS)
    assert [line[3] for line in lines[1:]] == ["查看完整号码", "导出", "导出"]
    sheet = openpyxl.load_workbook(tmp_path / "audit.xlsx").active
    assert sheet.max_row == 4
    assert [e.target for e in entries(store, "audit_export")] == ["csv", "xlsx"]


def test_the_audit_viewer_tells_a_clerk_it_may_not_read(qtbot, profile, store):
    clerk = as_clerk(profile, store)
    dialog = AuditDialog(runner_for(qtbot, clerk))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=WAIT_MS)
    assert "无权" in dialog.error.text() and dialog.model.rowCount() == 0
    clerk.close()


def test_date_filters_cover_both_days():
    found = date_filters("2026-11-01", "2026-11-30")
    assert found["until_ms"] - found["since_ms"] == 30 * 24 * 3600 * 1000
    with pytest.raises(ValidationError) as caught:
        date_filters("", "30/11/2026")
    assert caught.value.field == "audit.to"
    assert date_filters(" ", "") == {}



def test_the_viewer_knows_every_audit_word_for_translation():
    assert ACTION_TEXT == audit.ACTIONS
    assert HEADER_TEXT == audit.HEADERS
    assert tuple(audit.TARGETS.values()) == TARGET_TEXT
    assert set(DETAIL_TEXT) == {*audit.DETAIL_KEYS.values(), *audit.DETAIL_VALUES.values(),
                                "；", "："}
