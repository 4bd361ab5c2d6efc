"""The county workspace's end-to-end story, on a real county server on 127.0.0.1 with
three real encrypted profiles, driven through the GUI where a screen exists:

1. a first secretary (village laptop) registers 李四's household in the register dialog
   and syncs, then records a follow-up offline (外出务工) and syncs;
2. a relocation desk (site laptop of the resettlement site in the same village) that has
   not synced since the morning registers the same person (same ID number) as a member of a
   relocated household in the register dialog, syncs, and records a follow-up of the
   original record from its household page (就业帮扶车间): the same field, differently,
   concurrently with the secretary's follow-up;
3. the county profile syncs, sees the conflict on its 冲突 page with both values, who
   entered them and from which form, and the duplicate on its 重复人员 page (same ID
   number); it merges the duplicate there (合并…, keeps the secretary's record, confirms
   合并) and resolves the conflict on the 冲突 page, then syncs;
4. both laptops sync and show the result: one person, the value chosen, no conflict.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bangfu_testdata import PASSPHRASE, TODAY, VILLAGE, make_id
from formfill import Filler
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.background import BackgroundRunner
from desktop.connection import SERVER_URL_KEY, enrol_store
from desktop.county.conflicts import ConflictsPage, ValuesModel
from desktop.county.duplicates import DuplicatesPage, MergeDialog
from desktop.embedded_server import EmbeddedServer
from desktop.forms import FormDialog
from desktop.main_window import MainWindow
from desktop.register_dialog import RegisterDialog
from registry import audit
from registry.county import duplicate_id_numbers
from registry.county_conflicts import conflict_page
from registry.county_duplicates import SAME_ID
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Create, Store

WAIT_MS = 20_000
SYNC_MS = 90_000
#: A site's scope is one 12-digit community (``sync.protocol.ROLE_PREFIX``): this
#: resettlement site lies in the secretary's village (村内安置), so both see its records.
DESK_SCOPE = VILLAGE
COUNTY_SCOPE = "361130"
LI_SI = make_id(birth="19880612", seq="417")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[EmbeddedServer]:
    county = EmbeddedServer(tmp_path / "county-server")
    county.start()
    yield county
    county.stop()


def new_profile(root: Path, *, user: str, scope: str) -> Store:
    return Profile(root, today=lambda: TODAY).create(user=user, passphrase=PASSPHRASE,
                                                     scope=scope, kdf=KdfParams.fast())


def enrol(server: EmbeddedServer, store: Store, role: str) -> None:
    """Enrol the laptop with a one-time code made by the server's own CLI."""
    store.set_meta(SERVER_URL_KEY, server.url)
    code = subprocess.run(
        server._cli("enroll") + ["--name", f"{role}-{store.user}", "--role", role,
                                 "--scope", store.default_scope],
        check=True, capture_output=True, text=True).stdout.strip()
    enrol_store(store, server.url, code)


def open_window(qtbot: Any, store: Store) -> MainWindow:
    window = MainWindow(BackgroundRunner(store))
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def sync(qtbot: Any, window: MainWindow) -> None:
    """立即同步, and wait for it to finish."""
    qtbot.waitUntil(window.sync_action.isEnabled, timeout=WAIT_MS)
    with qtbot.waitSignal(window.sync.finished, timeout=SYNC_MS) as finished:
        window.sync_action.trigger()
    assert not finished.args[0].cancelled


def read(window: MainWindow, work: Any) -> Any:
    """Read the store on the window's DB thread (never the test's thread)."""
    return window.runner.call(work)


def register(qtbot: Any, window: MainWindow, *, address: str = "",
             household_id: str | None = None) -> tuple[str, str]:
    """Register 李四: the head of a new household, or (``household_id``) a member added
    from the household page's 新增成员; (household id, person id)."""
    if household_id is None:
        dialog = window.register_person()
    else:
        open_household(qtbot, window, household_id)
        qtbot.mouseClick(window.household_page.member_button, Qt.MouseButton.LeftButton)
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, RegisterDialog) and w.isVisible())
        dialog.relation.setCurrentText("其他")
    dialog.id_number.setText(LI_SI)
    dialog.name.setText("李四")
    qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.register_button.isEnabled, timeout=WAIT_MS)
    dialog.address.setText(address)
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    page = window.household_page
    qtbot.waitUntil(lambda: page.file is not None and any(
        m.person.props.get("id_number") == LI_SI for m in page.file.members), timeout=WAIT_MS)
    person = next(m.person for m in page.file.members if m.person.props.get("id_number") == LI_SI)
    return page.file.household.id, person.id


def open_household(qtbot: Any, window: MainWindow, household_id: str) -> None:
    window.show_household(household_id)
    page = window.household_page
    qtbot.waitUntil(lambda: page.file is not None and page.file.household.id == household_id,
                    timeout=WAIT_MS)


def follow_up(qtbot: Any, window: MainWindow, household_id: str, *, channel: str,
              place: str, income: str) -> None:
    """Open the household, 走访登记 for its head, fill and submit the follow-up form."""
    open_household(qtbot, window, household_id)
    page = window.household_page
    qtbot.mouseClick(page.followup_button, Qt.MouseButton.LeftButton)

    def shown() -> FormDialog | None:  # opened once the person's drafts were looked up
        return next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, FormDialog) and w.isVisible()), None)

    qtbot.waitUntil(lambda: shown() is not None, timeout=WAIT_MS)
    form = shown()
    qtbot.waitUntil(lambda: bool(form.form_widget.pages), timeout=WAIT_MS)
    qtbot.waitExposed(form)
    form.activateWindow()
    filler = Filler(qtbot, form.form_widget)
    qtbot.waitUntil(lambda: filler.button("employment_status", "就业").isVisible(),
                    timeout=WAIT_MS)
    filler.click("employment_status", "就业")
    filler.choose("work/channel", channel)
    filler.click("work/work_place", place)
    filler.type("work/months_worked", "6")
    filler.type("work/monthly_income", income)
    with qtbot.waitSignal(form.form_widget.submitted, timeout=WAIT_MS):
        assert form.form_widget.submit()
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=WAIT_MS)


def merge_on_the_duplicates_page(qtbot: Any, window: MainWindow, *, keep: str,
                                 drop: str) -> None:
    """重复人员: choose the pair (same ID number), 合并…, keep ``keep``, confirm 合并."""
    window.show_page("duplicates")
    page: DuplicatesPage = window.pages["duplicates"]
    pair = tuple(sorted([keep, drop]))
    qtbot.waitUntil(lambda: any((page.model.row_at(r).candidate.a, page.model.row_at(r)
                                 .candidate.b) == pair for r in range(page.model.rowCount())),
                    timeout=WAIT_MS)
    row = next(r for r in range(page.model.rowCount())
               if (page.model.row_at(r).candidate.a, page.model.row_at(r).candidate.b) == pair)
    assert SAME_ID in page.model.row_at(row).candidate.reasons
    page.view.selectRow(row)
    qtbot.waitUntil(lambda: {s.id for s in page.comparison.sides()} == set(pair),
                    timeout=WAIT_MS)
    assert page.merge_button.isEnabled()
    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(MergeDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    kept = dialog.keep_a if dialog.sides[0].id == keep else dialog.keep_b
    kept.setChecked(True)
    assert dialog.choice() == (keep, drop)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text().startswith("已合并"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: all((page.model.row_at(r).candidate.a, page.model.row_at(r)
                                 .candidate.b) != pair for r in range(page.model.rowCount())),
                    timeout=WAIT_MS)  # the page re-reads: the pair is gone


def test_duplicate_and_conflict_are_merged_and_resolved_at_the_county(
        qtbot: Any, store: Store, server: EmbeddedServer, tmp_path: Path) -> None:
    desk_store = new_profile(tmp_path / "desk", user="desk-wang", scope=DESK_SCOPE)
    county_store = new_profile(tmp_path / "county", user="county-zhao", scope=COUNTY_SCOPE)
    try:
        _story(qtbot, store, desk_store, county_store, server)
    finally:
        BackgroundRunner.stop_all()
        desk_store.close()
        county_store.close()


def _story(qtbot: Any, village: Store, desk_store: Store, county_store: Store,
           server: EmbeddedServer) -> None:
    # the morning: the county has the resettlement community's households on file, and
    # the relocation desk syncs them
    enrol(server, county_store, "county")
    county = open_window(qtbot, county_store)
    assert county.role == "county"

    def on_file(store: Store) -> str:  # on the county window's DB thread: it owns the store
        household = store.create("household", {
            "household_no": VILLAGE + "0907", "village_code": VILLAGE, "head_name": "王五",
            "relocated": True, "relocation_site": "村内集中安置点"}, scope=VILLAGE)
        store.write([Create("person", {"name": "王五", "id_number": make_id(seq="501"),
                                       "relation": "户主", "household_id": household})])
        return household

    site_household = county.runner.call(on_file)
    sync(qtbot, county)
    enrol(server, desk_store, "site")
    desk = open_window(qtbot, desk_store)
    assert desk.role == "site"
    sync(qtbot, desk)

    # 1. the first secretary registers the household and syncs
    enrol(server, village, "village")
    secretary = open_window(qtbot, village)
    household, li_si = register(qtbot, secretary, address="3组12号")
    sync(qtbot, secretary)

    # 2. the desk, not synced since the morning, registers the same person in the relocated
    # household, then syncs
    _site, twin = register(qtbot, desk, household_id=site_household)
    assert twin != li_si
    sync(qtbot, desk)
    assert read(desk, lambda s: s.get(li_si).props["id_number"]) == LI_SI

    # the same field, differently, on the original record, on both laptops, offline (the
    # same income: a follow-up's income is the person's too, and would conflict as well)
    follow_up(qtbot, secretary, household, channel="外出务工", place="省外", income="4200")
    follow_up(qtbot, desk, household, channel="就业帮扶车间", place="县内", income="4200")
    assert read(secretary, lambda s: s.get(li_si).props["work_status"]) == "自主外出务工"
    assert read(desk, lambda s: s.get(li_si).props["work_status"]) == "就业帮扶车间"
    sync(qtbot, secretary)
    sync(qtbot, desk)

    # 3. the county syncs, sees the duplicate and the conflict, merges and resolves
    sync(qtbot, county)
    assert read(county, duplicate_id_numbers) == [sorted([li_si, twin])]

    county.show_page("conflicts")
    page: ConflictsPage = county.pages["conflicts"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT_MS)
    row = page.model.row_at(0)
    assert (row.entity_id, row.prop, row.label) == (li_si, "work_status", "李四")
    values = page.values
    by_value = {values.value_at(c).value: c for c in range(values.columnCount())}
    assert set(by_value) == {"自主外出务工", "就业帮扶车间"}
    ours = by_value["自主外出务工"]
    assert values.index(ValuesModel.ROW_USER, ours).data() == "secretary"
    assert values.index(ValuesModel.ROW_DEVICE, ours).data() == village.device
    assert values.index(ValuesModel.ROW_USER, by_value["就业帮扶车间"]).data() == "desk-wang"
    qtbot.waitUntil(lambda: values.index(ValuesModel.ROW_FORM, ours).data().startswith(
        "月度就业跟踪（版本 "), timeout=WAIT_MS)  # the form's title, not its id

    merge_on_the_duplicates_page(qtbot, county, keep=li_si, drop=twin)
    assert read(county, duplicate_id_numbers) == []
    assert read(county, lambda s: s.get(twin).id) == li_si
    assert read(county, lambda s: audit.entries(s, action="merge")[-1].target) == li_si

    county.show_page("conflicts")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.values.conflict is not None,
                    timeout=WAIT_MS)
    column = next(c for c in range(page.values.columnCount())
                  if page.values.value_at(c).value == "自主外出务工")
    page.values_view.selectColumn(column)
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=WAIT_MS)
    assert page.notice.text() == "已采用所选的值。"
    sync(qtbot, county)

    # 4. both laptops sync and show the result
    sync(qtbot, secretary)
    sync(qtbot, desk)
    for window in (secretary, desk, county):
        assert read(window, lambda s: s.get(li_si).props["work_status"]) == "自主外出务工"
        assert read(window, lambda s: conflict_page(s, today=TODAY).total) == 0
    assert read(desk, lambda s: s.get(twin).id) == li_si  # the twin redirects
    assert read(desk, duplicate_id_numbers) == []
    secretary.show_household(household)
    members = secretary.household_page
    qtbot.waitUntil(lambda: members.file is not None and members.file.members[0].person.props.get(
        "work_status") == "自主外出务工", timeout=WAIT_MS)
    for window in (secretary, desk, county):
        window.runner.wait()
        window.close()
