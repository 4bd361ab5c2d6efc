"""The relocation-site desk on a real encrypted profile, with the real DB thread:
a printed service card is scanned (typed as a USB scanner types it), a service and a
referral are recorded, a training sign-up and an export batch too; and a card issued on a
village laptop is scanned at a desk on a second profile after both sync with a real county
server on 127.0.0.1, the desk's records reaching the village laptop."""

from __future__ import annotations

import re
import threading
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
        qtbot.waitUntil(lambda n=made: len(runner.call(desk.export_batches)) == n,
                        timeout=WAIT_MS)
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
