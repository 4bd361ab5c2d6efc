"""The relocation-site desk (安置点就业服务站): one page for a queue of walk-ins.

The lookup box takes an ID number, a name, its pinyin or initials, or a scanned service
code (a USB scanner types the code and Enter like a keyboard): the person opens at once.
Left: the hits (人 / 户, the household beside each person) and the person panel (masked
ID number, household, relocation, work, wished place, the graduates' 1311 checklist, the
service card). Right: today's service as big toggle buttons and 保存服务记录, the open job
postings ranked for the person with 推荐, training sign-up and the organised export batch.
After each record the lookup box is cleared and focused for the next walk-in.

The page holds the ``BackgroundRunner`` only; every read and write is an op
(``desktop.desk.ops``), redrawn from the runner's ``changed`` broadcast.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QKeyEvent, QResizeEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.background import BackgroundRunner, CollectionOp
from desktop.desk import ops
from desktop.desk.card import Card, print_card, write_card_pdf
from desktop.desk.models import FoundModel, JobsModel
from desktop.errors import show_error
from desktop.form_for import FormPerson, who_text
from desktop.i18n import is_english
from desktop.ops import desk_site, touches
from desktop.reveal import RevealButton
from desktop.text import fill, listed
from desktop.text import word as shown_word
from registry.desk import Lookup, PersonPanel
from registry.errors import ValidationError
from registry.store import Changes, Entity

DEBOUNCE_MS = 250
TRAINING_TYPES = ("skill", "startup", "farming", "craft")
DESK_LISTS = ("person", "household", "service", "training", "job", "export_batch")
#: The confirmation line under the desk: green for a record saved, red for one refused.
RECORDED_STYLE = "color: #1b6e20; font-size: 15px; padding: 4px;"
REFUSED_STYLE = "color: #b3261e; font-size: 15px; padding: 4px;"
#: The left column's share of the page's width (the hits and the person), the rest the
#: records': fixed, so the panes keep their width whatever they show.
LEFT_SHARE = 0.45
#: The width of the lookup's count or problem beside the box (in average characters; a
#: longer one wraps to a second line), so the box keeps its width whatever is said.
HITS_CHARS = 44


class DeskPage(QWidget):
    """The desk page; mount it in any window: ``DeskPage(runner, parent)``."""

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None, *,
                 site: str = "", today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self._runner, self._site, self._today = runner, site, today
        self._person: PersonPanel | None = None
        self._batch: dict[str, str] = {}
        self._lookup_seq = 0
        #: bumped by each lookup and each person opened: an answer for an older one is dropped
        self._person_seq = 0
        self._writing = False  #: a record is being written: the record buttons wait
        self._wanted_id: str | None = None  #: the person last asked for (shown or coming)
        self._recording_for: str | None = None  #: the person of the write under way
        self._splitter_moved = False
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(lambda: self.run_lookup(open_single=False))
        self.found_model, self.jobs_model = FoundModel(self), JobsModel(self)
        self._build()
        runner.changed.connect(self.redraw)
        self._load_jobs()
        self.show_person(None)
        if not site:  # the site set on this laptop (服务点), if any
            desk_site(runner, self).without_progress().success(self._show_site).run()
        else:
            self._show_site(site)

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._lookup_row())
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._left_column())
        self.splitter.addWidget(self._right_column())
        self.splitter.splitterMoved.connect(self._user_moved_splitter)
        layout.addWidget(self.splitter, 1)
        self.confirmation = QLabel(self)
        self.confirmation.setObjectName("deskConfirmation")
        self.confirmation.setWordWrap(True)
        _wraps(self.confirmation)
        self.confirmation.setStyleSheet(RECORDED_STYLE)
        layout.addWidget(self.confirmation)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """The panes keep their shares of the width (until the user drags the divider)."""
        super().resizeEvent(event)
        if not self._splitter_moved:
            width = self.splitter.width() - self.splitter.handleWidth()
            left = round(width * LEFT_SHARE)
            self.splitter.setSizes([left, width - left])

    def _user_moved_splitter(self, _position: int, _index: int) -> None:
        self._splitter_moved = True

    def _lookup_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        prompt = QLabel(self.tr("扫码或输入身份证号、姓名、拼音："), self)
        self.lookup_box = QLineEdit(self)
        self.lookup_box.setObjectName("deskLookup")
        self.lookup_box.setClearButtonEnabled(True)
        self.lookup_box.setPlaceholderText(
            self.tr("例如 证件号后几位 306246、罗海、luohai、lh 或扫服务卡"))
        font = QFont(self.lookup_box.font())
        font.setPixelSize(20)
        self.lookup_box.setFont(font)
        self.lookup_box.setMinimumHeight(40)
        self.lookup_box.textChanged.connect(lambda _text: self._debounce.start())
        self.lookup_box.returnPressed.connect(lambda: self.run_lookup(open_single=True))
        self.lookup_box.installEventFilter(self)  # Down: into the hits
        self.hits = QLabel(self)
        self.hits.setWordWrap(True)  # a long problem wraps instead of narrowing the box
        self.hits.setFixedWidth(self.hits.fontMetrics().averageCharWidth() * HITS_CHARS)
        row.addWidget(prompt)
        row.addWidget(self.lookup_box, 1)
        row.addWidget(self.hits)
        return row

    def _show_site(self, name: str) -> None:
        self._site = name
        self.site_button.setText(fill(self.tr("服务点：%1"), name) if name
                                 else self.tr("设置服务点…"))

    def _ask_site(self) -> None:
        name, ok = QInputDialog.getText(
            self, self.tr("服务点"), self.tr("本服务台所在的安置点或就业服务站："), text=self._site)
        if ok:
            self.set_site(name)

    def set_site(self, name: str) -> None:
        """Keep ``name`` as the site this desk serves (the profile's setting)."""
        ops.set_site_name(self._runner, self, name).success(self._show_site).failure(
            self._refused).run()

    def _left_column(self) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.found_view = _table(self.found_model, box, stretch=3)
        self.found_view.activated.connect(self._hit_activated)
        self.found_view.clicked.connect(self._hit_activated)
        column.addWidget(self.found_view, 1)
        column.addWidget(self._person_group(), 1)
        return box

    def _person_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("人员"), self)
        form = QFormLayout(group)
        self.person_fields: dict[str, QLabel] = {}
        rows = (("name", self.tr("姓名")), ("basics", self.tr("性别 · 年龄 · 劳动技能")),
                ("id", self.tr("身份证号")), ("household", self.tr("户")),
                ("work", self.tr("务工状态")), ("wish", self.tr("意向地 · 技能")),
                ("code", self.tr("服务码")), ("1311", self.tr("“1311”服务")))
        for key, label in rows:
            field = QLabel(group)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if key != "id":  # a long line wraps rather than widen the column
                field.setWordWrap(True)
                _wraps(field)
            self.person_fields[key] = field
            if key == "id":
                line = QHBoxLayout()
                line.addWidget(field)
                self.reveal_button = RevealButton(self._runner, field, "id_number", group)
                line.addWidget(self.reveal_button)
                line.addStretch(1)
                form.addRow(label, line)
            else:
                form.addRow(label, field)
        self.person_fields["name"].setStyleSheet("font-size: 18px; font-weight: bold;")
        buttons = QHBoxLayout()
        self.print_button = QPushButton(self.tr("打印服务卡"), group)
        self.print_button.clicked.connect(self.print_card)
        self.pdf_button = QPushButton(self.tr("服务卡存为 PDF…"), group)
        self.pdf_button.clicked.connect(self._ask_card_pdf)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        return group

    def _right_column(self) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.site_button = QPushButton(self)
        self.site_button.setFlat(True)
        self.site_button.setStyleSheet("text-align: left; color: #1f5f99;")
        self.site_button.setToolTip(self.tr("服务记录、输出批次和服务卡记下的服务点（本机设置），点击更改"))
        self.site_button.clicked.connect(self._ask_site)
        column.addWidget(self.site_button)
        column.addWidget(self._service_group())
        column.addWidget(self._jobs_group(), 1)
        column.addWidget(self._training_group())
        column.addWidget(self._batch_group())
        return box

    def _service_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("今日服务"), self)
        grid = QGridLayout(group)
        words = {"policy": self.tr("政策咨询"), "guidance": self.tr("职业指导"),
                 "referral": self.tr("岗位推荐"), "training": self.tr("培训报名"),
                 "internship": self.tr("见习推荐"), "subsidy": self.tr("补贴申领")}
        self.kind_buttons: dict[str, QPushButton] = {}
        for index, (kind, word) in enumerate(words.items()):
            button = QPushButton(word, group)
            button.setCheckable(True)
            button.setMinimumHeight(44)
            button.setStyleSheet("QPushButton { font-size: 15px; }"
                                 " QPushButton:checked { background: #1f5f99; color: white; }")
            button.toggled.connect(lambda _on: self._update_actions())
            self.kind_buttons[kind] = button
            grid.addWidget(button, index // 3, index % 3)
        self.save_button = QPushButton(self.tr("保存服务记录"), group)
        self.save_button.setMinimumHeight(44)
        self.save_button.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.save_button.clicked.connect(self.save_service)
        grid.addWidget(self.save_button, 2, 0, 1, 3)
        return group

    def _jobs_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("推荐岗位（按技能、意向地、工资匹配）"), self)
        column = QVBoxLayout(group)
        self.jobs_view = _table(self.jobs_model, group, stretch=1)
        self.jobs_view.selectionModel().selectionChanged.connect(
            lambda *_args: self._update_actions())
        self.jobs_model.modelReset.connect(self._update_actions)
        column.addWidget(self.jobs_view)
        self.refer_button = QPushButton(self.tr("推荐所选岗位"), group)
        self.refer_button.clicked.connect(self.refer_selected)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.refer_button)
        column.addLayout(row)
        return group

    def _training_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("培训报名"), self)
        row = QHBoxLayout(group)
        self.course_box = QLineEdit(group)
        self.course_box.setPlaceholderText(self.tr("培训项目，例如 电工上岗培训"))
        self.course_box.textChanged.connect(lambda _text: self._update_actions())
        self.training_type = QComboBox(group)
        for code, word in zip(TRAINING_TYPES, (self.tr("职业技能培训"), self.tr("创业培训"),
                                               self.tr("农业技术"), self.tr("手工技艺")),
                              strict=True):
            self.training_type.addItem(word, code)
        self.train_button = QPushButton(self.tr("报名"), group)
        self.train_button.clicked.connect(self.sign_up_training)
        row.addWidget(self.course_box, 1)
        row.addWidget(self.training_type)
        row.addWidget(self.train_button)
        return group

    def _batch_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("有组织劳务输出（点对点）"), self)
        form = QFormLayout(group)
        self.batch_people = QLabel(group)
        self.batch_people.setWordWrap(True)
        _wraps(self.batch_people)
        self.add_to_batch = QPushButton(self.tr("加入本批"), group)
        self.add_to_batch.clicked.connect(self.add_person_to_batch)
        line = QHBoxLayout()
        line.addWidget(self.batch_people, 1)
        line.addWidget(self.add_to_batch)
        form.addRow(self.tr("本批人员"), line)
        self.employer_box = QLineEdit(group)
        form.addRow(self.tr("用工单位"), self.employer_box)
        self.depart_box = QDateEdit(group)
        self.depart_box.setCalendarPopup(True)
        self.depart_box.setDisplayFormat("yyyy-MM-dd")
        self.depart_box.setDate(_qdate(self._today()))
        self.transport_box = QComboBox(group)
        self.transport_box.setEditable(True)  # a word typed in is kept, not added as an item
        self.transport_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # shown in the UI's language, stored in Chinese (the ledgers' word) unless typed
        for stored, shown in (("包车", self.tr("包车")), ("火车", self.tr("火车")),
                              ("飞机", self.tr("飞机"))):
            self.transport_box.addItem(shown, stored)
        when = QHBoxLayout()
        when.addWidget(self.depart_box)
        when.addWidget(QLabel(self.tr("交通方式"), group))
        when.addWidget(self.transport_box, 1)
        form.addRow(self.tr("出发日期"), when)
        self.batch_button = QPushButton(self.tr("登记输出批次"), group)
        self.batch_button.clicked.connect(self.save_batch)
        form.addRow(self.batch_button)
        self._show_batch()
        return group

    # -- lookup ---------------------------------------------------------------------------

    def run_lookup(self, *, open_single: bool) -> None:
        """Look up the box's text; with ``open_single`` (Enter, a scan) a single person
        found opens at once. A lookup is a new walk-in: the person open is put away at once
        (nothing recorded for them while the answer comes) unless the box was emptied."""
        self._debounce.stop()
        text = self.lookup_box.text().strip()
        self._lookup_seq += 1
        seq = self._lookup_seq
        if not text:  # the box emptied (after a record, or by hand): the person stays
            self._show_hits(Lookup())
            return
        self._close_person()
        ops.lookup(self._runner, self, text).success(
            lambda found: self._lookup_done(seq, found, open_single)).without_progress().run()

    def _lookup_done(self, seq: int, found: Lookup, open_single: bool) -> None:
        if seq == self._lookup_seq:
            self._show_lookup(found, open_single=open_single)

    def _show_lookup(self, found: Lookup, *, open_single: bool) -> None:
        """Show what a lookup found, and open the person it names; a lookup that opens no
        one (several hits, a household's members, a bad code, nothing) leaves no one open."""
        self._show_hits(found)
        people, _households = self.found_model.counts()
        target = found.opened or (found.people[0].id if open_single and people == 1 else None)
        if target:
            self.open_person(target)
        else:
            self._close_person()

    def _show_hits(self, found: Lookup) -> None:
        self.found_model.set_lookup(found)
        people, households = self.found_model.counts()
        problems = {"bad_code": self.tr("服务码无法识别（校验位不符），请重新扫码或手工输入"),
                    "unknown_code": self.tr("本机没有持此服务码的人员")}
        counted = self.tr("人 %n", "", people) + " · " + self.tr("户 %n", "", households)
        if found.more:
            counted = fill(self.tr("只列出前 %1 条，请输入更多"), people + households)
        self.hits.setText(problems.get(found.problem) or (
            counted if self.lookup_box.text() else ""))

    def _hit_activated(self, index) -> None:  # noqa: ANN001
        hit = self.found_model.found_at(index.row())
        self._lookup_seq += 1  # the hit chosen wins over a lookup still on its way
        seq = self._lookup_seq
        if hit.kind == "person":
            self.open_person(hit.id)
        else:  # a household: its members take the list, each one click from the desk
            ops.members(self._runner, self, hit.id).success(
                lambda found: self._lookup_done(seq, found, False)).without_progress().run()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Down in the lookup box moves into the hits (the first one current; Enter opens
        it)."""
        if (watched is self.lookup_box and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down
                and self.found_model.rowCount()):
            self.found_view.setFocus(Qt.FocusReason.TabFocusReason)
            self.found_view.setCurrentIndex(self.found_model.index(0, 1))
            return True
        return super().eventFilter(watched, event)

    # -- the person -------------------------------------------------------------------------

    def open_person(self, person_id: str) -> None:
        """Open one person's panel and the postings ranked for them (the last person asked
        for is the one shown, whatever order the answers come in). Another person's panel
        is emptied at once: nothing may be recorded for them while this one loads."""
        if self._person is not None and self._person.id != person_id:
            self.show_person(None)
        self._wanted_id = person_id
        self._person_seq += 1
        seq = self._person_seq
        ops.open_person(self._runner, self, person_id, today=self._today()).success(
            lambda opened: self._opened(seq, opened)).without_progress().run()

    def _opened(self, seq: int, opened: ops.Opened) -> None:
        if seq != self._person_seq:  # another lookup or person was asked for since
            return
        self.show_person(opened.panel)
        self.jobs_model.set_jobs(opened.jobs)

    def _close_person(self) -> None:
        """No one open: the panel emptied, its buttons disabled, an answer still coming for
        a person dropped, and the postings listed without a match."""
        self._person_seq += 1
        self._wanted_id = None
        if self._person is not None:
            self.show_person(None)
            self._load_jobs()

    def form_person(self) -> FormPerson | None:
        """The person open in the panel, as a form of 新建表单 opened on the desk is for them."""
        person = self._person
        return FormPerson(person.id, who_text(person.name, person.household_head)) if person else None

    def show_person(self, panel: PersonPanel | None) -> None:
        """Fill the person panel (or empty it)."""
        if panel is None or self._person is None or self._person.id != panel.id:
            for button in self.kind_buttons.values():  # kinds chosen for someone else
                button.setChecked(False)
        self._person = panel
        self._update_actions()
        fields = self.person_fields
        if panel is None:
            for field in fields.values():
                field.setText("—")
            self.reveal_button.set_target(None, "")
            return
        fields["name"].setText(panel.name)
        age = fill(self.tr("%1岁"), panel.age) if panel.age is not None else ""
        fields["basics"].setText(" · ".join(p for p in (shown_word(panel.sex), age,
                                                        shown_word(panel.labour_class)) if p))
        self.reveal_button.set_target(panel.id, panel.masked_id or "")
        tags = [self.tr("易地搬迁")] if panel.relocated else []
        home = " · ".join(p for p in (panel.household_no, panel.household_head, *tags,
                                      panel.site) if p)
        fields["household"].setText(home or "—")
        fields["work"].setText(self._status_word(panel.work_status) or self.tr("未登记"))
        fields["wish"].setText(" · ".join(p for p in (self._place_word(panel.wished_place),
                                                      panel.skill) if p) or "—")
        fields["code"].setText(panel.service_code or self.tr("未发卡"))
        fields["1311"].setText(self._checklist(panel) if panel.graduate else self.tr("不适用"))

    def _status_word(self, value: str) -> str:
        words = {"employed": self.tr("就业"), "unemployed": self.tr("未就业"),
                 "returned": self.tr("返乡"), "at_home": self.tr("在家")}
        return words.get(value) or shown_word(value)  # a stored word (未就业, a channel)

    def _place_word(self, value: str) -> str:
        words = {"county": self.tr("县内"), "province": self.tr("省内县外"),
                 "outside": self.tr("省外"), "abroad": self.tr("国外")}
        return words.get(value, value)

    def _checklist(self, panel: PersonPanel) -> str:
        need = {"guidance": 1, "referral": 3, "training": 1, "internship": 1}
        words = {"guidance": self.tr("指导"), "referral": self.tr("推荐"),
                 "training": self.tr("培训"), "internship": self.tr("见习")}
        parts = []
        for key, count in need.items():
            done = panel.services_1311.get(key, 0)
            mark = "✓" if done >= count else "✗"
            parts.append(f"{words[key]} {done}/{count}{mark}")
        return "  ".join(parts)

    # -- records --------------------------------------------------------------------------

    def site(self) -> str:
        """Where the service is given: the desk's site (服务点), else the person's
        relocation site."""
        return self._site or (self._person.site if self._person else "")

    def save_service(self) -> None:
        """Save today's service record with the kinds toggled on."""
        person = self._person
        if person is None or self._writing:
            return
        kinds = [kind for kind, button in self.kind_buttons.items() if button.isChecked()]
        words = listed(b.text() for b in self.kind_buttons.values() if b.isChecked())
        text = fill(self.tr("已保存服务记录：%1 · %2"), person.name, words)
        self._write(ops.record_service(self._runner, self, person_id=person.id, kinds=kinds,
                                       site=self.site(), today=self._today()),
                    lambda: self._recorded(text, reset_kinds=True))

    def refer_selected(self) -> None:
        """Refer the open person to the posting selected in the jobs list (once: the same
        posting again is refused, naming the day it was referred)."""
        person = self._person
        if person is None or self._writing:
            return
        rows = self.jobs_view.selectionModel().selectedRows()
        if not rows:
            self._say_refused(self.tr("请先在列表中选择一个岗位"))
            return
        job = self.jobs_model.job_at(rows[0].row())
        text = fill(self.tr("已推荐 %1 到 %2 %3"), person.name,
                    job.props.get("employer", ""), job.props.get("job_title", ""))
        self._write(ops.record_referral(self._runner, self, person_id=person.id, job_id=job.id,
                                        site=self.site(), today=self._today()),
                    lambda: self._recorded(text), then=self.jobs_view.clearSelection)

    def sign_up_training(self) -> None:
        """Sign the open person up for the course typed."""
        person = self._person
        if person is None or self._writing:
            return
        course = self.course_box.text().strip()
        text = fill(self.tr("已报名培训：%1 · %2"), person.name, course)
        self._write(ops.record_training(self._runner, self, person_id=person.id, course=course,
                                        training_type=str(self.training_type.currentData()),
                                        today=self._today()),
                    lambda: self._recorded(text, clear=(self.course_box,)))

    def add_person_to_batch(self) -> None:
        """Put the open person on the export batch being gathered."""
        if self._person is not None:
            self._batch[self._person.id] = self._person.name
            self._show_batch()
            self.focus_search()

    def save_batch(self) -> None:
        """Record the gathered workers as one export batch."""
        if self._writing:
            return
        people = list(self._batch)
        employer = self.employer_box.text().strip()
        text = fill(self.tr("已登记输出批次：%n 人到 %1", "", len(people)), employer)
        self._write(ops.record_export_batch(
            self._runner, self, person_ids=people, employer=employer,
            depart_date=self.depart_box.date().toString("yyyy-MM-dd"),
            transport=self._transport(), site=self.site()), lambda: self._batch_saved(text))

    def _write(self, op: CollectionOp[Any], done: Callable[[], None], *,
               then: Callable[[], None] = lambda: None) -> None:
        """Run a record's write with the record buttons disabled until its outcome is
        shown (``done`` when written, the refusal otherwise; ``then`` after either): the
        second click of a double-click finds them disabled, and after a record the button
        stays disabled until there is something new to record."""
        self._writing = True
        self._recording_for = self._person.id if self._person else None
        self._update_actions()

        def finished(show: Callable[[], None]) -> None:
            try:
                show()
                if self._still_open():
                    then()
            finally:
                self._writing = False
                self._update_actions()

        op.success(lambda _changes: finished(done)).failure(
            lambda exc: finished(lambda: self._refused(exc))).run()

    def _update_actions(self) -> None:
        """Each button enabled when it has something to act on: a person open (the
        lookup box's person, never an earlier one), a kind toggled, a posting selected, a
        course typed, someone gathered; the record buttons wait while a record is written."""
        person = self._person is not None
        ready = person and not self._writing
        for widget in (self.print_button, self.pdf_button, self.add_to_batch,
                       *self.kind_buttons.values()):
            widget.setEnabled(person)
        self.save_button.setEnabled(ready and any(
            b.isChecked() for b in self.kind_buttons.values()))
        self.refer_button.setEnabled(ready and self.jobs_view.selectionModel().hasSelection())
        self.train_button.setEnabled(ready and bool(self.course_box.text().strip()))
        self.batch_button.setEnabled(bool(self._batch) and not self._writing)

    def _transport(self) -> str:
        """The transport as stored: a listed one's Chinese word, else what was typed."""
        text = self.transport_box.currentText().strip()
        stored = self.transport_box.itemData(self.transport_box.findText(text))
        return stored if isinstance(stored, str) else text

    def _batch_saved(self, text: str) -> None:
        self._batch.clear()
        self._show_batch()
        self._recorded(text, clear=(self.employer_box,))

    def _show_batch(self) -> None:
        names = listed(self._batch.values())
        self.batch_people.setText(fill(self.tr("%1（%2 人）"), names, len(self._batch))
                                  if self._batch else self.tr("（尚无人员）"))
        self._update_actions()

    def _still_open(self) -> bool:
        """Whether the person a write was for is still the one open (else the operator
        has moved on to the next walk-in: what they typed or toggled is theirs)."""
        return (self._person.id if self._person else None) == self._recording_for

    def _recorded(self, text: str, *, reset_kinds: bool = False,
                  clear: tuple[QLineEdit, ...] = ()) -> None:
        self.confirmation.setStyleSheet(RECORDED_STYLE)
        self.confirmation.setText("✓ " + text)
        if not self._still_open():
            return
        if reset_kinds:
            for button in self.kind_buttons.values():
                button.setChecked(False)
        for box in clear:
            box.clear()
        self.focus_search()

    def _say_refused(self, text: str) -> None:
        self.confirmation.setStyleSheet(REFUSED_STYLE)
        self.confirmation.setText("✗ " + text)

    def _refused(self, exc: BaseException) -> None:
        """A record refused (a field left empty): say what is missing on the confirmation
        line, in red, instead of a box over the desk; anything else goes to the box."""
        if not isinstance(exc, ValidationError):
            show_error(self, exc)
            return
        self._say_refused(exc.message_en if is_english() else exc.message_zh)

    def focus_search(self) -> None:
        """Ready for the next walk-in: the lookup box emptied and focused (Ctrl+F)."""
        self.lookup_box.clear()
        self.lookup_box.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the service card -------------------------------------------------------------------

    def print_card(self) -> None:
        """Issue the person's code if needed, then print the card (print dialog)."""
        self._with_card(self._print)

    def save_card_pdf(self, path: Path, *, then: Callable[[Path], None] = lambda _p: None
                      ) -> None:
        """Issue the person's code if needed, then write the card as a PDF to ``path``."""
        self._with_card(lambda card: then(write_card_pdf(card, path)))

    def _ask_card_pdf(self) -> None:
        if self._person is None:
            return
        name, _filter = QFileDialog.getSaveFileName(self, self.tr("服务卡存为 PDF"),
                                                    self.tr("服务卡.pdf"), "PDF (*.pdf)")
        if name:
            self.save_card_pdf(Path(name), then=lambda path: self.confirmation.setText(
                "✓ " + fill(self.tr("服务卡已存为 %1"), path.name)))

    def _with_card(self, use: Callable[[Card], None]) -> None:
        person = self._person
        if person is None:
            return

        def issued(result: ops.CodeIssued) -> None:
            use(Card(person.name, result.code, self.site()))

        ops.issue_code(self._runner, self, person.id).success(issued).run()

    def _print(self, card: Card) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            print_card(card, printer)
            self.confirmation.setText("✓ " + self.tr("服务卡已送打印机"))

    # -- redraw -----------------------------------------------------------------------------

    def redraw(self, changes: Changes, _initiator: object = None) -> None:
        """Redraw what a write changed: the open person, the postings."""
        wanted = self._wanted_id  # the newest asked for, shown or still on its way
        if wanted is not None and (
                touches(changes, "service", "training", "job", "household")
                or wanted in changes.updated):
            self.open_person(wanted)
        elif touches(changes, "job"):
            self._load_jobs()

    def _load_jobs(self) -> None:
        ops.jobs(self._runner, self, today=self._today()).success(
            self._show_all_jobs).without_progress().run()

    def _show_all_jobs(self, jobs: list[Entity]) -> None:
        if self._person is None:  # a person opened meanwhile has their ranked postings
            self.jobs_model.set_jobs([(job, None) for job in jobs])


def _table(model, parent: QWidget, *, stretch: int) -> QTableView:  # noqa: ANN001
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)



def _wraps(label: QLabel) -> None:
    """A wrapping label takes the width it is given instead of asking for its text's."""
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
