"""The village workspace: a first secretary searches, registers a household, records a
follow-up offline, sees the work list move and syncs to a real county server on 127.0.0.1;
an ID number on file stops a registration.

Real encrypted profiles, real runner (DB thread), real forms, the real ``bangfu-server`` in a
child process; models tested without widgets.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from bangfu_testdata import PASSPHRASE, VILLAGE, make_id
from formfill import Filler, shown_form
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import ops as app_ops
from desktop.background import BackgroundRunner
from desktop.connection import enrol_store
from desktop.embedded_server import EmbeddedServer
from desktop.household_page import RecordsModel
from desktop.main_window import MainWindow
from desktop.register_dialog import RegisterDialog
from desktop.worklist_page import WorkListModel, WorklistPage
from desktop.workspace import COUNTY, TOWNSHIP, role_of_scope
from desktop.workspace import VILLAGE as VILLAGE_ROLE
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.replica import StoreReplica
from registry.store import Create, Store
from registry.worklist import DUE, OVERDUE, VISITED, WorkRow
from sync.protocol import new_id

ON_FILE = make_id(seq="211")
NEW_HEAD = make_id(birth="19800704", seq="233")


def _one_household(store) -> tuple[str, str]:
    household, person = new_id(), new_id()
    store.write([
        Create("household", {"household_no": VILLAGE + "0001", "head_name": "罗军浩",
                             "address": "1组5号"}, entity_id=household),
        Create("person", {"name": "罗军浩", "id_number": ON_FILE, "relation": "户主",
                          "household_id": household}, entity_id=person)])
    return household, person


def _rows(window: MainWindow) -> dict[str, WorkRow]:
    return {r.name: r for r in window.pages["worklist"].model.rows()}


def _confirmations() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "confirmation" and w.isVisible()]


def _search(qtbot, dialog: RegisterDialog, number: str, name: str) -> None:
    dialog.id_number.setText(number)
    dialog.name.setText(name)
    qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.lookup is not None or (
        "身份证号" in dialog.result.text() and "查找" not in dialog.result.text()), timeout=5000)


def _sync(store: Store) -> None:
    """One sync as the app does it (the sync op), on a runner of the test's thread."""
    runner = BackgroundRunner(store, synchronous=True)
    done: list[Any] = []
    failed: list[BaseException] = []
    app_ops.sync(runner, None, progress=lambda *_args: None, cancel=threading.Event()).success(
        done.append).failure(failed.append).run()
    assert not failed and done[0].result.checked


def _county_profile(server: EmbeddedServer, folder: Path) -> Store:
    """A county officer's profile (scope 361130), enrolled with a county-role code."""
    county = Profile(folder).create(user="officer", passphrase=PASSPHRASE, scope=VILLAGE[:6],
                                    kdf=KdfParams.fast())
    code = subprocess.run(
        [sys.executable, "-m", "sync.server.cli", "enroll", "--name", "county-officer",
         "--role", "county", "--scope", VILLAGE[:6], "--data", str(server.data)],
        check=True, capture_output=True, text=True).stdout.strip()
    enrol_store(county, server.url, code)
    return county


def test_a_first_secretary_registers_follows_up_and_sees_the_list_move(store, qtbot, tmp_path):
    household, _person = _one_household(store)
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    assert window.role == VILLAGE_ROLE and window.current_key() == "worklist"
    worklist: WorklistPage = window.pages["worklist"]
    qtbot.waitUntil(lambda: "罗军浩" in _rows(window), timeout=5000)
    qtbot.waitUntil(lambda: worklist.progress_label.text() == "已走访 0 / 1", timeout=5000)
    assert "本月走访" in window.nav.item(0).text() and window.nav.item(0).text().endswith("1")

    # an ID number on file stops the registration and opens the existing household
    dialog = window.register_person()
    _search(qtbot, dialog, ON_FILE, "罗俊浩")
    assert "已登记" in dialog.result.text() and ON_FILE not in dialog.result.text()
    assert not dialog.register_button.isEnabled() and dialog.open_button.isEnabled()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.household_page.file is not None, timeout=5000)
    assert window.current_key() == "household"
    assert window.household_page.file.household.id == household
    assert runner.call(lambda s: s.count("person")) == 1

    # a bad ID number is named, nothing registered
    dialog = window.register_person()
    _search(qtbot, dialog, NEW_HEAD[:17] + ("1" if NEW_HEAD[17] != "1" else "2"), "李四")
    assert dialog.result.text().startswith("身份证号") and dialog.lookup is None
    assert not dialog.register_button.isEnabled()

    # a new ID number: birth date and sex from it, a new household with the next number
    _search(qtbot, dialog, NEW_HEAD, "李四")
    assert "1980-07-04" in dialog.result.text() and "男" in dialog.result.text()
    dialog.address.setText("2组8号")
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    page = window.household_page
    qtbot.waitUntil(lambda: page.file is not None and page.file.household.id != household,
                    timeout=5000)
    assert page.title.text() == f"{VILLAGE}0002 · 户主 李四"
    assert page.address.text() == "地址：2组8号"
    assert any("已登记新户" in box.text() for box in _confirmations())
    (head,) = [m.person for m in page.file.members]
    assert head.props["birth_date"] == "1980-07-04" and head.props["labour_class"] == "普通劳动力"

    # the work list has the new person, not yet visited; Enter opens the follow-up form
    window.show_page("worklist")
    qtbot.waitUntil(lambda: "李四" in _rows(window), timeout=5000)
    assert _rows(window)["李四"].state in (DUE, OVERDUE)
    assert worklist.progress_label.text() == "已走访 0 / 2"
    row = [r.name for r in worklist.model.rows()].index("李四")
    worklist.view.setFocus()
    worklist.view.selectRow(row)
    qtbot.keyClick(worklist.view, Qt.Key.Key_Return)
    form = shown_form(qtbot)
    assert form.windowTitle() == "月度就业跟踪"  # no name in the taskbar
    assert form.findChild(type(page.title), "form_for").text() == "为 李四（户主 李四） 填写"
    qtbot.waitUntil(lambda: bool(form.form_widget.pages), timeout=5000)
    qtbot.waitExposed(form)
    form.activateWindow()
    filler = Filler(qtbot, form.form_widget)
    qtbot.waitUntil(lambda: filler.button("employment_status", "就业").isVisible(), timeout=5000)
    filler.click("employment_status", "就业")
    filler.choose("work/channel", "外出务工")
    filler.click("work/work_place", "省外")
    filler.type("work/months_worked", "6")
    filler.type("work/monthly_income", "4200")
    with qtbot.waitSignal(form.form_widget.submitted, timeout=10000):
        assert form.form_widget.submit()

    # the list moves: visited, progress 1 / 2, the status shown everywhere
    qtbot.waitUntil(lambda: _rows(window).get("李四") is not None
                    and _rows(window)["李四"].state == VISITED, timeout=5000)
    qtbot.waitUntil(lambda: worklist.progress_label.text() == "已走访 1 / 2", timeout=5000)
    assert _rows(window)["李四"].work_status == "自主外出务工"
    assert any("已保存：月度就业跟踪" in box.text() for box in _confirmations())
    assert runner.call(lambda s: s.get(head.id)).props["employment_status"] == "就业"
    assert window.nav.item(0).text().endswith("1")  # one still to visit
    runner.wait()
    window.close()

    # all of it was recorded offline; the county server is reachable now: sync
    (visit,) = store.find("visit", parent=head.id)
    assert StoreReplica(store).pending_count() > 0
    server = EmbeddedServer(tmp_path / "county-server")
    server.start()
    try:
        server.connect(store)
        _sync(store)
        assert StoreReplica(store).pending_count() == 0
        county = _county_profile(server, tmp_path / "county-profile")
        try:
            _sync(county)
            new_home = county.get(page.file.household.id)
            assert new_home is not None
            assert new_home.props["household_no"] == f"{VILLAGE}0002"
            person = county.get(head.id)
            assert person.props["id_number"] == NEW_HEAD and person.props["name"] == "李四"
            assert person.props["household_id"] == new_home.id
            assert person.props["employment_status"] == "就业"
            (followup,) = county.find("visit", parent=head.id)
            assert followup.id == visit.id
            assert followup.props == visit.props
        finally:
            county.close()
    finally:
        server.stop()


def test_the_household_page_shows_the_records_and_opens_forms_for_a_member(store, qtbot):
    household, person = _one_household(store)
    store.write([Create("visit", {"person_id": person, "visit_date": "2026-10-03",
                                  "employment_status": "returned"}),
                 Create("visit", {"person_id": person, "visit_date": "2026-11-04",
                                  "employment_status": "employed"}),
                 Create("service", {"person_id": person, "service_date": "2026-11-05",
                                    "services": ["policy"]})])
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    window.show_household(household)
    page = window.household_page
    qtbot.waitUntil(lambda: page.file is not None, timeout=5000)
    assert [v.props["visit_date"] for v in page.visits.rows()] == ["2026-11-04", "2026-10-03"]
    assert page.members.rows()[0].last_visit == "2026-11-04"
    assert page.services.rowCount() == 1
    # 补贴: what the rules say, or (no pack in force today) the notice saying so
    assert page.eligibility.rowCount() > 0 or "没有有效的政策包" in page.policy_notice.text()
    assert page.members.index(0, 4).data() == ON_FILE[:4] + "*" * 10 + ON_FILE[-4:]
    qtbot.mouseClick(page.service_button, Qt.MouseButton.LeftButton)
    form = shown_form(qtbot)
    assert form.windowTitle() == "安置点就业服务记录"
    form.reject()
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert window.current_key() == "worklist"
    runner.wait()
    window.close()


def test_roles_from_the_scope():
    assert role_of_scope(VILLAGE) == VILLAGE_ROLE
    assert role_of_scope("361130104000") == TOWNSHIP
    assert role_of_scope("361130") == COUNTY


def test_the_work_list_model_passes_the_model_tester(qtmodeltester):
    model = WorkListModel()
    model.set_rows([WorkRow(f"p{n}", "h", f"人{n}", "户主", "0001", "1组", "普通劳动力", "",
                            f"2026-11-0{n}", state) for n, state in
                    enumerate((VISITED, DUE, OVERDUE), start=1)])
    qtmodeltester.check(model)
    assert model.index(2, WorkListModel.COL_STATE).data() == "逾期"
    assert model.index(0, WorkListModel.COL_LAST_VISIT).data() == "2026-11-01"


def test_the_household_page_models_pass_the_model_tester(store, qtmodeltester):
    _one_household(store)
    model = RecordsModel([("姓名", lambda e: e.props.get("name")),
                          ("关系", lambda e: e.props.get("relation"))])
    model.set_rows(store.find("person"))
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "罗军浩"


def test_a_new_member_is_registered_from_the_household_page_after_a_search(store, qtbot):
    household, _person = _one_household(store)
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    window.show_page("households")
    view = window.household_view
    qtbot.waitUntil(lambda: window.households.rowCount() == 1, timeout=5000)
    where = view.visualRect(window.households.index(0, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    page = window.household_page
    qtbot.waitUntil(lambda: page.file is not None, timeout=5000)
    assert window.current_key() == "household" and page.file.household.id == household
    qtbot.mouseClick(page.member_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, RegisterDialog) and w.isVisible())
    assert dialog.household_id == household
    _search(qtbot, dialog, ON_FILE, "罗军浩")  # the head himself: stopped
    assert not dialog.register_button.isEnabled()
    _search(qtbot, dialog, make_id(birth="19850101", seq="242"), "王芳")
    dialog.relation.setCurrentText("配偶")
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.members.rowCount() == 2, timeout=5000)
    spouse = page.members.rows()[1].person
    assert spouse.props["relation"] == "配偶" and spouse.props["sex"] == "女"
    assert any("已登记成员 王芳" in box.text() for box in _confirmations())
    runner.wait()
    window.close()


def test_the_navigation_counts_a_page_with_a_count_op(store, qtbot, monkeypatch):
    """A page mounted with ``count=`` (e.g. 预警 with ``village_ops.alert_count``) shows its
    number after each write."""
    from datetime import date

    from desktop import village_ops, workspace
    from desktop.workspace import HOUSEHOLDS, Page

    alerts = Page("alerts", "预警", HOUSEHOLDS.factory, count=lambda runner, parent:
                  village_ops.alert_count(runner, parent, today=lambda: date(2026, 11, 25)))
    monkeypatch.setitem(workspace.WORKSPACES, "village", [*workspace.WORKSPACES["village"],
                                                          alerts])
    _one_household(store)
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    item = window.nav.item(2)
    qtbot.waitUntil(lambda: item.text() == "预警  1", timeout=5000)  # visit_overdue
    runner.wait()
    window.close()


def test_the_household_page_shows_an_organised_export_and_an_older_status_as_words(store,
                                                                                    qtbot):
    """A follow-up of 外出务工 answered 是否有组织劳务输出 = 是 shows 有组织劳务输出 in 走访;
    a status an older 劳动力信息登记 stored as ``unemployed`` shows 未就业 in 成员."""
    household, person = _one_household(store)
    store.update(person, {"employment_status": "unemployed"})
    store.write([Create("visit", {"person_id": person, "visit_date": "2026-11-04",
                                  "employment_status": "employed", "channel": "away",
                                  "work_place": "outside", "organised_export": "1"})])
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show_household(household)
    page = window.household_page
    qtbot.waitUntil(lambda: page.file is not None, timeout=5000)
    headers = [page.members.headerData(c, Qt.Orientation.Horizontal)
               for c in range(page.members.columnCount())]
    assert page.members.index(0, headers.index("务工状态")).data() == "未就业"
    channel = [page.visits.headerData(c, Qt.Orientation.Horizontal)
               for c in range(page.visits.columnCount())].index("就业渠道")
    assert page.visits.index(0, channel).data() == "有组织劳务输出"
    runner.wait()
    window.close()
