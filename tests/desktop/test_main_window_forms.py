"""The main window's 新建表单 menu lists the built-in forms and opens them, for the person
selected on the page shown."""

from __future__ import annotations

from bangfu_testdata import VILLAGE, make_id
from formfill import Filler
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QMessageBox

from desktop.background import BackgroundRunner
from desktop.forms import FormDialog
from desktop.main_window import MainWindow
from registry.store import Create
from sync.protocol import new_id


def test_new_form_menu_opens_a_builtin_form(store, qtbot):
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "新建表单")
    assert isinstance(menu, QMenu)
    menu.aboutToShow.emit()
    titles = [a.text() for a in menu.actions()]
    assert "农户信息登记" in titles and len(titles) == 8
    menu.actions()[titles.index("农户信息登记")].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, FormDialog))
    qtbot.waitUntil(lambda: bool(dialog.form_widget.pages), timeout=5000)
    assert dialog.windowTitle() == "农户信息登记"
    dialog.reject()
    runner.wait()


# -- whom a form of 新建表单 is for: the person selected on the page shown ------------------


def _village(store) -> dict[str, str]:
    """Two households: 王兰琳 (an adult on the work list, head 王大) and an 11-year-old of
    another household (not on the work list), as the tester's."""
    wang, luo = new_id(), new_id()
    ids = {name: new_id() for name in ("王大", "王兰琳", "罗小")}
    store.write([
        Create("household", {"household_no": VILLAGE + "0001", "head_name": "王大",
                             "address": "1组3号"}, entity_id=wang),
        Create("household", {"household_no": VILLAGE + "0002", "head_name": "罗军",
                             "address": "2组8号"}, entity_id=luo),
        Create("person", {"name": "王大", "id_number": make_id(seq="311"), "relation": "户主",
                          "household_id": wang, "labour_class": "丧失劳动力"},
               entity_id=ids["王大"]),
        Create("person", {"name": "王兰琳", "id_number": make_id(birth="19900212", seq="322"),
                          "relation": "之女", "household_id": wang,
                          "labour_class": "普通劳动力", "work_status": "本地企业或园区",
                          "monthly_income": 7950}, entity_id=ids["王兰琳"]),
        Create("person", {"name": "罗小", "id_number": make_id(birth="20150601", seq="331"),
                          "relation": "之子", "household_id": luo}, entity_id=ids["罗小"])])
    return ids


def _window(store, qtbot) -> tuple[MainWindow, BackgroundRunner]:
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, runner


def _select_on_the_households_page(window: MainWindow, qtbot, household_no: str,
                                   name: str) -> None:
    """On 农户: the household's row, then the member's row (the page is then left)."""
    window.show_page("households")
    page = window.households_page
    qtbot.waitUntil(lambda: household_no in [r.household_no for r in page.households.rows()],
                    timeout=5000)
    page.household_view.selectRow(
        [r.household_no for r in page.households.rows()].index(household_no))
    qtbot.waitUntil(lambda: name in [p.props["name"] for p in page.people.rows()], timeout=5000)
    view = page.people_view
    row = next(r for r in range(view.model().rowCount())
               if view.model().index(r, 0).data() == name)
    view.selectRow(row)


def _select_on_the_work_list(window: MainWindow, qtbot, name: str) -> None:
    window.show_page("worklist")
    worklist = window.pages["worklist"]
    qtbot.waitUntil(lambda: name in [r.name for r in worklist.model.rows()], timeout=5000)
    worklist.view.selectRow([r.name for r in worklist.model.rows()].index(name))


def _open_from_menu(window: MainWindow, title: str) -> None:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "新建表单")
    menu.aboutToShow.emit()
    next(a for a in menu.actions() if a.text() == title).trigger()


def _open_dialog() -> FormDialog | None:
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, FormDialog) and w.isVisible()), None)


def _boxes(name: str) -> list[str]:
    return [w.text() for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()]


def _ready(qtbot, form: FormDialog, first: str, label: str) -> Filler:
    """The form's filler once the first answer's button (``first``: ``label``) shows."""
    qtbot.waitUntil(lambda: bool(form.form_widget.pages), timeout=5000)
    qtbot.waitExposed(form)
    form.activateWindow()
    filler = Filler(qtbot, form.form_widget)
    qtbot.waitUntil(lambda: filler.button(first, label).isVisible(), timeout=5000)
    return filler


def test_a_menu_form_is_for_the_person_selected_on_the_page_shown(store, qtbot):
    """The tester: 王兰琳 selected on 本月走访, 新建表单 → 月度就业跟踪 recorded the visit for
    the 11-year-old still selected on the hidden 农户 page; 劳动力信息登记 the same."""
    ids = _village(store)
    window, runner = _window(store, qtbot)
    _select_on_the_households_page(window, qtbot, VILLAGE + "0002", "罗小")
    _select_on_the_work_list(window, qtbot, "王兰琳")

    _open_from_menu(window, "月度就业跟踪")
    form = _open_dialog()
    assert form is not None and form.windowTitle() == "月度就业跟踪"
    assert form.findChild(QLabel, "form_for").text() == "为 王兰琳（户主 王大） 填写"
    filler = _ready(qtbot, form, "employment_status", "就业")
    filler.click("employment_status", "就业")
    filler.choose("work/channel", "本地企业")
    filler.click("work/work_place", "县内")
    filler.type("work/months_worked", "6")
    filler.type("work/monthly_income", "5000")
    assert filler.session.validate() == [], filler.session.validate()
    with qtbot.waitSignal(form.form_widget.submitted, timeout=10000):
        assert form.form_widget.submit()
    qtbot.waitUntil(lambda: "已保存：月度就业跟踪（王兰琳（户主 王大））" in _boxes("confirmation"),
                    timeout=5000)
    runner.wait()
    assert [v.props["person_id"] for v in runner.call(lambda s: s.find("visit"))] == [
        ids["王兰琳"]]

    _open_from_menu(window, "劳动力信息登记")
    form = _open_dialog()
    assert form.findChild(QLabel, "form_for").text() == "为 王兰琳（户主 王大） 填写"
    filler = _ready(qtbot, form, "labour_class", "普通劳动力")
    filler.click("labour_class", "普通劳动力")
    filler.click("health", "健康")
    filler.click("employment_status", "未就业")
    filler.choose("not_working_reason", "生病")
    filler.click("wish_work_away", "否")
    with qtbot.waitSignal(form.form_widget.submitted, timeout=10000):
        assert form.form_widget.submit()
    qtbot.waitUntil(lambda: "已保存：劳动力信息登记（王兰琳（户主 王大））" in _boxes("confirmation"),
                    timeout=5000)
    runner.wait()
    person = runner.call(lambda s: s.get(ids["王兰琳"])).props
    assert (person["employment_status"], person["not_working_reason"]) == ("未就业", "生病")
    child = runner.call(lambda s: s.get(ids["罗小"])).props
    assert "employment_status" not in child and "not_working_reason" not in child
    window.close()


def test_with_nobody_selected_on_the_page_shown_a_person_form_is_not_opened(store, qtbot):
    """No one is selected on 预警: a form about a person is opened for nobody's choosing,
    never for the person selected on 农户 (hidden); a form about no person opens as it is."""
    _village(store)
    window, runner = _window(store, qtbot)
    _select_on_the_households_page(window, qtbot, VILLAGE + "0002", "罗小")
    window.show_page("alerts")
    _open_from_menu(window, "劳动力信息登记")
    assert _open_dialog() is None
    assert any("劳动力信息登记”要为某一个人填写：请先在列表中" in text for text in _boxes("notice"))
    _open_from_menu(window, "农户信息登记")
    form = _open_dialog()
    assert form is not None and form.findChild(QLabel, "form_for") is None
    form.reject()
    runner.wait()
    window.close()


def test_on_the_households_page_the_member_selected_there_is_whom_the_form_is_for(store, qtbot):
    ids = _village(store)
    window, runner = _window(store, qtbot)
    _select_on_the_households_page(window, qtbot, VILLAGE + "0001", "王兰琳")
    _open_from_menu(window, "培训报名")
    form = _open_dialog()
    assert form.findChild(QLabel, "form_for").text() == "为 王兰琳（户主 王大） 填写"
    qtbot.waitUntil(lambda: bool(form.form_widget.pages), timeout=5000)
    assert form.form_widget.session.value("person_id") == ids["王兰琳"]
    form.reject()
    runner.wait()
    window.close()


def _desk_service_form(store, qtbot, person_id: str):
    """A site's window with ``person_id`` open at the desk and 服务记录 opened from 新建表单
    (it opens once the desk's site is read): the window, its runner and the form."""
    runner = BackgroundRunner(store)
    window = MainWindow(runner, role="site")
    qtbot.addWidget(window)
    window.show()
    desk = window.pages["desk"]
    desk.open_person(person_id)
    qtbot.waitUntil(lambda: desk.form_person() is not None, timeout=5000)
    _open_from_menu(window, "安置点就业服务记录")
    qtbot.waitUntil(lambda: _open_dialog() is not None, timeout=5000)
    return window, runner, _open_dialog()


def test_on_the_desk_the_person_open_in_the_panel_is_whom_the_form_is_for(store, qtbot):
    ids = _village(store)
    window, runner, form = _desk_service_form(store, qtbot, ids["王兰琳"])
    assert form.findChild(QLabel, "form_for").text() == "为 王兰琳（户主 王大） 填写"
    form.reject()
    runner.wait()
    window.close()


# -- 服务记录's 安置点: the desk's site at a relocation-site desk, none in a village ----------


def test_a_village_saves_a_service_without_a_relocation_site(store, qtbot):
    """The tester could not save 服务记录 from a village household's page: 安置点 was
    required, and a village team has no site to name."""
    ids = _village(store)
    window, runner = _window(store, qtbot)
    window.show_household(runner.call(lambda s: s.get(ids["王兰琳"])).parent)
    page = window.household_page
    qtbot.waitUntil(lambda: page.file is not None, timeout=5000)
    page.member_view.selectRow([m.id for m in page.file.members].index(ids["王兰琳"]))
    page.service_button.click()
    qtbot.waitUntil(lambda: _open_dialog() is not None, timeout=5000)
    form = _open_dialog()
    filler = _ready(qtbot, form, "services", "政策宣传")
    assert filler.session.text("site_name") == "" and not filler.session.state("site_name").required
    filler.click("services", "政策宣传")
    assert filler.session.validate() == [], filler.session.validate()
    with qtbot.waitSignal(form.form_widget.submitted, timeout=10000):
        assert form.form_widget.submit()
    runner.wait()
    [service] = runner.call(lambda s: s.find("service"))
    assert service.parent == ids["王兰琳"] and service.props["services"] == ["policy"]
    assert not service.props.get("site_name")
    window.close()


def test_at_a_relocation_site_desk_the_service_names_the_desks_site_and_needs_one(store,
                                                                                  qtbot):
    """On a site's profile 安置点 is filled with the desk's site (服务点) and stays required:
    the county's ledgers name the site of a desk's services."""
    from registry.desk import set_desk_site

    ids = _village(store)
    set_desk_site(store, "城东安置点")
    window, runner, form = _desk_service_form(store, qtbot, ids["王兰琳"])
    filler = _ready(qtbot, form, "services", "职业指导")
    assert filler.input("site_name").text() == "城东安置点"
    filler.click("services", "职业指导")
    line = filler.focus("site_name")
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    assert [i.path for i in filler.session.validate()] == ["site_name"]
    assert not form.form_widget.submit()
    filler.type("site_name", "城东安置点")
    with qtbot.waitSignal(form.form_widget.submitted, timeout=10000):
        assert form.form_widget.submit()
    runner.wait()
    [service] = runner.call(lambda s: s.find("service"))
    assert service.props["site_name"] == "城东安置点" and "desk_site" not in service.props
    window.close()
