"""The relocation-site desk on a real encrypted profile, with the real DB thread:
a printed service card is scanned (typed as a USB scanner types it), a service and a
referral are recorded, a training sign-up and an export batch too; and a card issued on a
village laptop is scanned at a desk on a second profile after both sync with a real county
server on 127.0.0.1, the desk's records reaching the village laptop."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest
from bangfu_testdata import PASSPHRASE, TODAY, VILLAGE, make_id
from PySide6.QtCore import Qt, QThread
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop import ops as app_ops
from desktop.background import BackgroundRunner
from desktop.desk import DeskPage
from desktop.desk.card import Card, write_card_pdf
from desktop.desk.models import FoundModel, JobsModel
from desktop.embedded_server import EmbeddedServer
from registry import desk
from registry.idnumber import id_check_char
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Store

SITE = "城东安置点"
WAIT_MS = 10_000


@pytest.fixture
def people(store: Store) -> dict[str, str]:
    household = store.create("household", {"household_no": "361130104201001", "relocated": True,
                                           "relocation_site": SITE})
    luo = store.create("person", {"household_id": household, "name": "罗海", "relation": "户主",
                                  "id_number": make_id(birth="19820315", seq="611"),
                                  "skill": "电工", "wished_place": "county",
                                  "work_status": "未就业"})
    zhang = store.create("person", {"household_id": household, "name": "张三丰",
                                    "relation": "子", "id_number": make_id(birth="20030101",
                                                                          seq="613")})
    best = store.create("job", {"employer": "婺源县某电器厂", "job_title": "维修电工",
                                "work_place": "county", "openings": 3, "salary_min": 3200,
                                "salary_max": 4500, "valid_until": "2026-12-31"})
    store.create("job", {"employer": "某电子厂", "job_title": "包装工", "work_place": "outside",
                         "openings": 20, "salary_min": 2800, "valid_until": "2026-12-31"})
    store.create("job", {"employer": "过期公司", "job_title": "电工", "work_place": "county",
                         "openings": 1, "salary_min": 9000, "valid_until": "2026-01-31"})
    return {"luo": luo, "zhang": zhang, "best_job": best}


@pytest.fixture
def page(qtbot: Any, store: Store) -> DeskPage:
    runner = BackgroundRunner(store)
    widget = DeskPage(runner, site=SITE, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    yield widget
    runner.wait()


def _type(qtbot: Any, page: DeskPage, text: str) -> None:
    page.lookup_box.clear()
    page.lookup_box.setFocus()
    if text.isascii():  # as a keyboard or a USB scanner types it
        QTest.keyClicks(page.lookup_box, text)
    else:  # QTest types ASCII only; Chinese comes through the input method
        page.lookup_box.insert(text)
    QTest.keyClick(page.lookup_box, Qt.Key.Key_Return)


def _opened(qtbot: Any, page: DeskPage, person_id: str) -> None:
    qtbot.waitUntil(lambda: page._person is not None and page._person.id == person_id,
                    timeout=WAIT_MS)


def test_scan_a_printed_card_record_service_and_referral(
        qtbot: Any, page: DeskPage, store: Store, people: dict[str, str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[bool] = []
    shown = DeskPage.show_person
    monkeypatch.setattr(DeskPage, "show_person", lambda self, panel: (
        threads.append(QThread.currentThread() is QApplication.instance().thread()),
        shown(self, panel))[1])

    _type(qtbot, page, "luohai")
    _opened(qtbot, page, people["luo"])
    assert page.person_fields["id"].text().startswith("3611")
    assert "*" in page.person_fields["id"].text()
    qtbot.waitUntil(page.reveal_button.isEnabled, timeout=WAIT_MS)  # a reviewer may reveal
    assert "审计" in page.reveal_button.toolTip()
    assert page.jobs_model.job_at(0).id == people["best_job"]
    assert page.jobs_model.rowCount() == 2  # the expired posting is not offered

    card = tmp_path / "card.pdf"
    page.save_card_pdf(card)
    qtbot.waitUntil(card.exists, timeout=WAIT_MS)
    text = pypdf.PdfReader(card).pages[0].extract_text()
    (code,) = re.findall(r"BF[0-9A-Z]{10}", text)
    page._runner.wait()
    stored = page._runner.call(lambda s: s.get(people["luo"]).props["service_code"])
    assert code == stored and "罗海" in text and SITE in text
    assert store.get(people["luo"]).props["id_number"] not in text

    _type(qtbot, page, "张三丰")
    _opened(qtbot, page, people["zhang"])
    qtbot.mouseClick(page.kind_buttons["subsidy"], Qt.MouseButton.LeftButton)  # not saved
    _type(qtbot, page, code.lower())  # the scanner types the token and Enter
    _opened(qtbot, page, people["luo"])
    assert not page.kind_buttons["subsidy"].isChecked()  # the kinds start afresh per person

    qtbot.mouseClick(page.kind_buttons["policy"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.kind_buttons["guidance"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已保存服务记录" in page.confirmation.text(), timeout=WAIT_MS)
    assert page.lookup_box.text() == ""
    qtbot.waitUntil(page.lookup_box.hasFocus)
    assert not any(b.isChecked() for b in page.kind_buttons.values())
    page._runner.wait()
    (service,) = page._runner.call(lambda s: s.find("service", parent=people["luo"]))
    assert service.props["services"] == ["policy", "guidance"]
    assert service.props["site_name"] == SITE and service.props["service_date"] == "2026-11-22"

    qtbot.waitUntil(lambda: page.jobs_model.rowCount() == 2, timeout=WAIT_MS)
    page.jobs_view.selectRow(0)
    qtbot.mouseClick(page.refer_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已推荐" in page.confirmation.text(), timeout=WAIT_MS)
    page._runner.wait()
    services = page._runner.call(lambda s: s.find("service", parent=people["luo"]))
    referral = services[-1].props
    assert referral["services"] == ["referral"] and referral["job_id"] == people["best_job"]
    assert referral["referred_job"] == "维修电工"
    assert threads and all(threads)


def test_training_sign_up_and_export_batch(qtbot: Any, page: DeskPage,
                                           people: dict[str, str]) -> None:
    page.course_box.setFocus()
    page.focus_search()  # what Ctrl+F calls, in the main window or the desk's own
    assert page.lookup_box.hasFocus()  # back to the lookup box
    _type(qtbot, page, "luohai")
    _opened(qtbot, page, people["luo"])
    page.course_box.setText("电工上岗培训")
    qtbot.mouseClick(page.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已报名培训" in page.confirmation.text(), timeout=WAIT_MS)
    qtbot.mouseClick(page.add_to_batch, Qt.MouseButton.LeftButton)
    _type(qtbot, page, "张三丰")
    _opened(qtbot, page, people["zhang"])
    qtbot.mouseClick(page.add_to_batch, Qt.MouseButton.LeftButton)
    assert "2 人" in page.batch_people.text()
    page.employer_box.setText("某电子厂")
    qtbot.mouseClick(page.batch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已登记输出批次" in page.confirmation.text(), timeout=WAIT_MS)
    page._runner.wait()
    (training,) = page._runner.call(lambda s: s.find("training", parent=people["luo"]))
    assert training.props["course"] == "电工上岗培训" and training.props["training_type"] == "skill"
    (batch,) = page._runner.call(desk.export_batches)
    assert batch.props["person_ids"] == [people["luo"], people["zhang"]]
    assert batch.props["employer"] == "某电子厂" and batch.props["transport"] == "包车"
    assert batch.props["depart_date"] == "2026-11-22"
    assert not page.batch_button.isEnabled()


def test_a_misread_or_unknown_code_opens_nobody(qtbot: Any, page: DeskPage,
                                                people: dict[str, str]) -> None:
    code = page._runner.call(lambda s: desk.ensure_service_code(s, people["luo"])[0])
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    _type(qtbot, page, wrong)
    qtbot.waitUntil(lambda: "校验位" in page.hits.text(), timeout=WAIT_MS)
    assert page._person is None
    _type(qtbot, page, desk.new_service_code())
    qtbot.waitUntil(lambda: "没有持此服务码" in page.hits.text(), timeout=WAIT_MS)
    assert page._person is None


def test_models_pass_the_model_tester(qtmodeltester: Any, store: Store,
                                      people: dict[str, str]) -> None:
    found = FoundModel()
    found.set_lookup(desk.lookup(store, "361130104201001"))
    found.set_lookup(desk.lookup(store, "luohai"))
    assert found.rowCount() == 1
    qtmodeltester.check(found)
    jobs = JobsModel()
    jobs.set_jobs(desk.open_jobs(store, people["luo"], today=TODAY))
    assert jobs.rowCount() == 2
    qtmodeltester.check(jobs)


@pytest.fixture
def county(tmp_path: Path):
    server = EmbeddedServer(tmp_path / "county")
    server.start()
    yield server
    server.stop()


def _sync(store: Store) -> None:
    runner = BackgroundRunner(store, synchronous=True)
    done: list[Any] = []
    failed: list[BaseException] = []
    app_ops.sync(runner, None, progress=lambda *_args: None, cancel=threading.Event()).success(
        done.append).failure(failed.append).run()
    assert not failed and done[0].result.checked


def test_a_card_printed_in_the_village_is_scanned_at_the_desk_on_another_laptop(
        qtbot: Any, store: Store, people: dict[str, str], county: EmbeddedServer,
        tmp_path: Path) -> None:
    county.connect(store)
    code, _ = desk.ensure_service_code(store, people["luo"])
    card = write_card_pdf(Card("罗海", code, SITE), tmp_path / "card.pdf")
    _sync(store)

    site = Profile(tmp_path / "desk-profile", today=lambda: TODAY).create(
        user="desk", passphrase=PASSPHRASE, scope=VILLAGE, kdf=KdfParams.fast())
    try:
        county.connect(site)
        _sync(site)
        runner = BackgroundRunner(site)
        page = DeskPage(runner, site=SITE, today=lambda: TODAY)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitExposed(page)
        scanned = re.findall(r"BF[0-9A-Z]{10}", pypdf.PdfReader(card).pages[0].extract_text())
        _type(qtbot, page, scanned[0])
        _opened(qtbot, page, people["luo"])
        qtbot.mouseClick(page.kind_buttons["policy"], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "已保存服务记录" in page.confirmation.text(), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: page.jobs_model.rowCount() == 2, timeout=WAIT_MS)
        page.jobs_view.selectRow(0)
        qtbot.mouseClick(page.refer_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "已推荐" in page.confirmation.text(), timeout=WAIT_MS)
        runner.wait()
        page.close()
        _sync(site)
    finally:
        site.close()
    _sync(store)
    kinds = [s.props["services"] for s in store.find("service", parent=people["luo"])]
    assert kinds == [["policy"], ["referral"]]
    assert store.find("service", parent=people["luo"])[1].props["job_id"] == people["best_job"]


def test_a_household_found_lists_its_members_to_open(qtbot: Any, page: DeskPage,
                                                     people: dict[str, str]) -> None:
    _type(qtbot, page, "361130104201001")
    qtbot.waitUntil(lambda: page.found_model.rowCount() == 1, timeout=WAIT_MS)
    assert page._person is None  # a household number opens no one
    qtbot.mouseClick(page.found_view.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.found_view.visualRect(page.found_model.index(0, 1)).center())
    qtbot.waitUntil(lambda: page.found_model.rowCount() == 2, timeout=WAIT_MS)
    assert {page.found_model.found_at(r).name for r in range(2)} == {"罗海", "张三丰"}
    qtbot.mouseClick(page.found_view.viewport(), Qt.MouseButton.LeftButton,
                     pos=page.found_view.visualRect(page.found_model.index(1, 1)).center())
    _opened(qtbot, page, people["zhang"])


def test_the_card_prints_through_qprinter_at_its_real_size(qapp: Any, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from desktop.desk.card import print_card, qr_matrix

    code = desk.new_service_code()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    print_card(Card("罗海", code, SITE), printer)
    page = pypdf.PdfReader(tmp_path / "printed.pdf").pages[0]
    assert code in page.extract_text()
    matrix = qr_matrix(code)
    assert len(matrix) == 21 and any(any(row) for row in matrix)  # version 1 holds 12 chars


def test_the_qr_drawn_on_the_card_is_the_code(qapp: Any) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    from desktop.desk.card import QUIET_MODULES, paint_card, qr_matrix

    code = desk.new_service_code()
    image = QImage(1011, 638, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    qr = paint_card(painter, QRectF(0, 0, 1011, 638), Card("罗海", code, SITE))
    painter.end()
    matrix = qr_matrix(code)
    cell = qr.width() / (len(matrix) + 2 * QUIET_MODULES)
    read = [[image.pixelColor(int(qr.left() + (x + QUIET_MODULES + 0.5) * cell),
                              int(qr.top() + (y + QUIET_MODULES + 0.5) * cell)).lightness() < 128
             for x in range(len(matrix))] for y in range(len(matrix))]
    assert read == matrix


def test_the_transport_is_stored_in_chinese_whatever_the_ui_language(
        qtbot: Any, english: Any, store: Store, people: dict[str, str]) -> None:
    """The English UI lists "Chartered bus"; the batch keeps 包车, the ledgers' word (a word
    typed in is kept as typed)."""
    runner = BackgroundRunner(store)
    page = DeskPage(runner, site=SITE, today=lambda: TODAY)
    qtbot.addWidget(page)
    assert page.transport_box.itemText(0) != "包车"  # shown in English
    for made, (typed, stored) in enumerate((("", "包车"), ("拖拉机", "拖拉机")), start=1):
        page._batch = {people["luo"]: "罗海"}
        page.employer_box.setText("某电子厂")
        if typed:  # typed, then Enter, as a clerk would
            page.transport_box.lineEdit().clear()
            page.transport_box.lineEdit().insert(typed)
            QTest.keyClick(page.transport_box.lineEdit(), Qt.Key.Key_Return)
        page.save_batch()
        qtbot.waitUntil(lambda: page.employer_box.text() == "", timeout=WAIT_MS)  # recorded
        assert len(runner.call(desk.export_batches)) == made
        assert stored in {b.props["transport"] for b in runner.call(desk.export_batches)}
    assert {b.props["transport"] for b in runner.call(desk.export_batches)} == {"包车", "拖拉机"}
    runner.wait()


def test_the_services_saved_are_listed_with_the_languages_separator(
        qtbot: Any, english: Any, store: Store, people: dict[str, str]) -> None:
    """The confirmation read "Policy advice、Career guidance" in the English UI."""
    runner = BackgroundRunner(store)
    page = DeskPage(runner, site=SITE, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    _type(qtbot, page, "luohai")
    _opened(qtbot, page, people["luo"])
    page.kind_buttons["policy"].click()
    page.kind_buttons["guidance"].click()
    page.save_button.click()
    qtbot.waitUntil(lambda: "Career guidance" in page.confirmation.text(), timeout=WAIT_MS)
    assert "、" not in page.confirmation.text() and ", Career guidance" in page.confirmation.text()
    runner.wait()


@contextmanager
def db_thread_held(runner: BackgroundRunner) -> Iterator[None]:
    """The DB thread busy (a 50k-person profile, a slow disk): work asked meanwhile waits
    behind it, its answer comes after the block ends."""
    started, release = threading.Event(), threading.Event()
    runner.submit_store_work(lambda _store: (started.set(), release.wait(WAIT_MS / 1000)),
                             lambda _ok, _value: None)
    assert started.wait(5)
    try:
        yield
    finally:
        release.set()


def _nobody_open(page: DeskPage) -> bool:
    buttons = (page.save_button, page.refer_button, page.train_button, page.add_to_batch,
               page.print_button, page.pdf_button, *page.kind_buttons.values())
    return (page._person is None and page.person_fields["name"].text() == "—"
            and not any(b.isEnabled() or b.isChecked() for b in buttons))


def test_a_lookup_that_opens_no_one_leaves_no_one_open(qtbot: Any, page: DeskPage,
                                                       people: dict[str, str]) -> None:
    """The last person's panel stayed up, every button live, after a lookup that opened no
    one: a service toggled and saved then went to that earlier person."""
    code = page._runner.call(lambda s: desk.ensure_service_code(s, people["luo"])[0])
    bad = code[:-1] + ("A" if code[-1] != "A" else "B")
    shown = {"361130104201001": lambda: page.found_model.rowCount() == 1
             and page.found_model.found_at(0).kind == "household",
             bad: lambda: "校验位" in page.hits.text(),
             desk.new_service_code(): lambda: "没有持此服务码" in page.hits.text(),
             "wangwu": lambda: page.hits.text() == "人 0 · 户 0",
             "zhangsanfeng": lambda: page.found_model.rowCount() == 1
             and page.found_model.found_at(0).name == "张三丰"}
    for text, answered in shown.items():
        _type(qtbot, page, "luohai")
        _opened(qtbot, page, people["luo"])
        page.kind_buttons["policy"].click()
        if text == "zhangsanfeng":  # typed, no Enter: one person listed, not opened
            page.lookup_box.clear()
            QTest.keyClicks(page.lookup_box, text)
        else:
            _type(qtbot, page, text)
        qtbot.waitUntil(answered, timeout=WAIT_MS)
        assert _nobody_open(page), text
        page.save_service()  # asked all the same: nothing to save it for
    page._runner.wait()
    assert page._runner.call(lambda s: s.find("service")) == []


def test_nothing_acts_for_the_last_person_while_a_lookup_is_answered(
        qtbot: Any, page: DeskPage, people: dict[str, str]) -> None:
    """A card scanned and 加入本批 clicked at once added the person open before; an
    answer for an earlier person arriving after a later lookup opened that person."""
    code = page._runner.call(lambda s: desk.ensure_service_code(s, people["zhang"])[0])
    _type(qtbot, page, "luohai")
    _opened(qtbot, page, people["luo"])
    with db_thread_held(page._runner):
        _type(qtbot, page, code)  # scanned: the lookup waits behind the DB thread
        qtbot.mouseClick(page.add_to_batch, Qt.MouseButton.LeftButton)
        assert _nobody_open(page)
    _opened(qtbot, page, people["zhang"])
    assert page._batch == {}
    with db_thread_held(page._runner):
        page.open_person(people["luo"])  # asked first, answered first...
        _type(qtbot, page, "wangwu")  # ...but a lookup was asked since
    qtbot.waitUntil(lambda: page.hits.text() == "人 0 · 户 0", timeout=WAIT_MS)
    page._runner.wait()
    assert _nobody_open(page)


def test_a_double_click_records_once(qtbot: Any, page: DeskPage,
                                     people: dict[str, str]) -> None:
    """A double-click on 保存服务记录 saved a record, then said "✗ 请至少选择一项服务内容";
    with a slow DB thread it saved two (登记输出批次 likewise two batches)."""
    runner = page._runner
    _type(qtbot, page, "luohai")
    _opened(qtbot, page, people["luo"])
    page.kind_buttons["policy"].click()
    with db_thread_held(runner):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        assert not page.save_button.isEnabled()
    qtbot.waitUntil(lambda: "已保存服务记录" in page.confirmation.text(), timeout=WAIT_MS)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)  # after a quick write
    assert page.confirmation.text().startswith("✓ 已保存服务记录")
    runner.wait()
    assert len(runner.call(lambda s: s.find("service", parent=people["luo"]))) == 1

    qtbot.mouseClick(page.add_to_batch, Qt.MouseButton.LeftButton)
    page.employer_box.setText("某电子厂")
    with db_thread_held(runner):
        qtbot.mouseClick(page.batch_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.batch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已登记输出批次" in page.confirmation.text(), timeout=WAIT_MS)
    qtbot.mouseClick(page.batch_button, Qt.MouseButton.LeftButton)
    runner.wait()
    assert len(runner.call(desk.export_batches)) == 1
    assert page.confirmation.text().startswith("✓ 已登记输出批次")


def test_a_posting_is_referred_once_and_a_sign_up_is_a_training(
        qtbot: Any, page: DeskPage, people: dict[str, str]) -> None:
    """The job row stayed selected after 推荐所选岗位 and each click recorded one more
    referral to it (推荐 3/3 ✓ from one posting); a sign-up left 培训 0/1 ✗."""
    runner = page._runner
    runner.call(lambda s: s.update(people["luo"], {"graduate_unemployed": True}))
    _type(qtbot, page, "luohai")
    _opened(qtbot, page, people["luo"])
    qtbot.waitUntil(lambda: page.jobs_model.rowCount() == 2, timeout=WAIT_MS)
    assert not page.refer_button.isEnabled()  # no posting chosen
    page.jobs_view.selectRow(0)
    qtbot.mouseClick(page.refer_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已推荐" in page.confirmation.text(), timeout=WAIT_MS)
    assert not page.refer_button.isEnabled() and not page.jobs_view.selectedIndexes()
    checklist = page.person_fields["1311"]
    qtbot.waitUntil(lambda: "推荐 1/3" in checklist.text(), timeout=WAIT_MS)
    assert page.jobs_model.job_at(0).id == people["best_job"]
    page.jobs_view.selectRow(0)  # the same posting again
    qtbot.mouseClick(page.refer_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "推荐过" in page.confirmation.text(), timeout=WAIT_MS)
    assert page.confirmation.text().startswith("✗ 已于 2026-11-22")
    runner.wait()
    assert len(runner.call(lambda s: s.find("service", parent=people["luo"]))) == 1
    assert "推荐 1/3" in checklist.text()

    page.course_box.setText("电工上岗培训")
    qtbot.mouseClick(page.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已报名培训" in page.confirmation.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "培训 1/1✓" in checklist.text(), timeout=WAIT_MS)


def test_down_in_the_lookup_box_moves_into_the_hits(qtbot: Any, page: DeskPage,
                                                    people: dict[str, str]) -> None:
    page.lookup_box.setFocus()
    QTest.keyClicks(page.lookup_box, "zhangsanfeng")
    qtbot.waitUntil(lambda: page.hits.text() == "人 1 · 户 0", timeout=WAIT_MS)
    QTest.keyClick(page.lookup_box, Qt.Key.Key_Down)
    assert page.found_view.hasFocus() and page.found_view.currentIndex().row() == 0
    QTest.keyClick(page.found_view, Qt.Key.Key_Return)
    _opened(qtbot, page, people["zhang"])


def _id_ending(tail: str) -> str:
    """A valid ID number whose last digits are ``tail`` (an ID's tail is what is indexed)."""
    assert tail.isdigit() and 3 <= len(tail) <= 6, tail
    for year in range(1960, 2006):
        for month in range(1, 13):
            first17 = f"361130{year}{month:02d}15123"[:18 - len(tail)] + tail[:-1]
            number = first17 + id_check_char(first17)
            try:
                date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
            except ValueError:
                continue
            if number.endswith(tail):
                return number
    raise AssertionError(tail)


def test_the_placeholders_example_number_finds_its_person(qtbot: Any, page: DeskPage,
                                                          people: dict[str, str]) -> None:
    """The placeholder said 例如 3611301985…, an ID's start: only the last digits are
    indexed, so it found no one."""
    (example,) = re.findall(r"\d{3,}", page.lookup_box.placeholderText())
    number = _id_ending(example)
    household = page._runner.call(lambda s: s.get(people["luo"]).parent)
    person = page._runner.call(lambda s: s.create("person", {
        "household_id": household, "name": "王五", "relation": "子", "id_number": number}))
    wide = example.translate({ord(d): chr(ord(d) + 0xFEE0) for d in "0123456789"})
    _type(qtbot, page, "")
    page.lookup_box.insert(wide)  # as a Chinese input method types it
    QTest.keyClick(page.lookup_box, Qt.Key.Key_Return)
    _opened(qtbot, page, person)


def test_the_panes_keep_their_widths_in_english(qtbot: Any, english: Any, store: Store,
                                                people: dict[str, str]) -> None:
    """English at 1366×768, no one open: the hits squeezed to ~380 px with their household
    column cut; a long problem beside the box shrank it to ~370 px; the panes changed width
    once a person opened."""
    runner = BackgroundRunner(store)
    page = DeskPage(runner, site=SITE, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1120, 700)  # what a 1366×768 window leaves it beside the navigation
    page.show()
    qtbot.waitExposed(page)
    _type(qtbot, page, "361130104201001")
    qtbot.waitUntil(lambda: page.found_model.rowCount() == 1, timeout=WAIT_MS)
    hits, box = page.found_view.width(), page.lookup_box.width()
    assert hits >= 0.4 * page.width()
    assert page.found_view.columnWidth(3) >= page.found_view.sizeHintForColumn(3)
    _type(qtbot, page, desk.new_service_code()[:-1] + "2")
    qtbot.waitUntil(lambda: page.found_model.rowCount() == 0 and len(page.hits.text()) > 40,
                    timeout=WAIT_MS)
    assert page.lookup_box.width() >= 0.85 * box
    assert page.found_view.width() == hits
    _type(qtbot, page, "luohai")
    _opened(qtbot, page, people["luo"])
    assert page.found_view.width() == hits
    runner.wait()


def test_the_desk_keeps_its_site_for_every_record(qtbot: Any, store: Store,
                                                  people: dict[str, str]) -> None:
    """The workspace made the desk with no site: a walk-in not relocated got records and a
    card with no 服务点. The site is set once on the page and kept in the profile."""
    walk_in = store.create("person", {"name": "赵敏", "id_number": make_id(seq="771")})
    runner = BackgroundRunner(store)
    first = DeskPage(runner, today=lambda: TODAY)
    qtbot.addWidget(first)
    qtbot.waitUntil(lambda: first.site_button.text() == "设置服务点…", timeout=WAIT_MS)
    first.set_site("  紫阳镇 安置点服务站 ")
    qtbot.waitUntil(lambda: first.site_button.text() == "服务点：紫阳镇 安置点服务站",
                    timeout=WAIT_MS)
    first.set_site("站" * 61)  # refused on the confirmation line, nothing changed
    qtbot.waitUntil(lambda: "服务点名称不能超过 60 个字" in first.confirmation.text(),
                    timeout=WAIT_MS)
    assert desk.desk_site(store) == "紫阳镇 安置点服务站"
    again = DeskPage(runner, today=lambda: TODAY)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.site() == "紫阳镇 安置点服务站", timeout=WAIT_MS)
    again.open_person(walk_in)
    _opened(qtbot, again, walk_in)
    again.kind_buttons["policy"].setChecked(True)
    again.save_service()
    runner.wait()
    qtbot.waitUntil(lambda: bool(store.find("service", parent=walk_in)), timeout=WAIT_MS)
    (record,) = store.find("service", parent=walk_in)
    assert record.props["site_name"] == "紫阳镇 安置点服务站"


def test_choosing_another_member_or_a_write_meanwhile_acts_for_no_one_else(
        qtbot: Any, page: DeskPage, people: dict[str, str]) -> None:
    """A household's members served one after another: clicking the next member left the
    previous one open and usable while the next loaded (a service saved then went to the
    previous one), and a write's broadcast meanwhile reopened the previous one over the
    member asked for."""
    from registry.store import Changes

    _type(qtbot, page, "luohai")
    _opened(qtbot, page, people["luo"])
    with db_thread_held(page._runner):
        page.open_person(people["zhang"])  # as a click on the next member does
        assert _nobody_open(page)
        page.kind_buttons["policy"].click()
        page.save_service()
    _opened(qtbot, page, people["zhang"])
    page._runner.wait()
    assert page._runner.call(lambda s: s.find("service")) == []
    with db_thread_held(page._runner):
        page.open_person(people["luo"])
        page.redraw(Changes(lists=frozenset({"service"})))  # a sync's or a record's
    page._runner.wait()
    qtbot.wait(50)
    assert page._person is not None and page._person.id == people["luo"]


def test_a_late_record_leaves_the_next_walk_ins_input_alone(
        qtbot: Any, page: DeskPage, people: dict[str, str]) -> None:
    """A record's answer cleared the lookup box and the kinds even when the operator had
    already started on the next walk-in."""
    _type(qtbot, page, "luohai")
    _opened(qtbot, page, people["luo"])
    page.kind_buttons["policy"].click()
    with db_thread_held(page._runner):
        page.save_service()
        page.lookup_box.clear()
        QTest.keyClicks(page.lookup_box, "zhang")  # the next walk-in, typed meanwhile
        page.run_lookup(open_single=False)
    qtbot.waitUntil(lambda: "✓" in page.confirmation.text(), timeout=WAIT_MS)
    page._runner.wait()
    assert page.lookup_box.text() == "zhang"
    assert len(page._runner.call(lambda s: s.find("service"))) == 1
