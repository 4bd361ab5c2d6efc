"""One household, one page: a header with tags, then tabs 成员 (the 户主 first), 务工记录
(each member's spells of work read from their follow-ups, ``registry.work_history``),
走访, 服务与培训 (with the services given during follow-ups), 补贴, 预警 (named as the 预警
page names them); buttons 走访登记, 新增成员, 服务记录 open the form for the selected member,
更正成员信息 its correction (``desktop.member_fix_dialog``).
Money reads as the rest of the app writes it (``desktop.text.yuan``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import village_ops
from desktop.alerts_page import kind_label
from desktop.background import BackgroundRunner
from desktop.form_for import FOLLOWUP, SERVICE, FormPerson, open_for_person, who_text
from desktop.i18n import is_english
from desktop.member_fix_dialog import MemberFixDialog
from desktop.models import IdRole, RowsModel
from desktop.ops import ANY_LIST
from desktop.reveal import RevealButton
from desktop.text import clauses, fill, listed, word, yuan
from registry.alerts import Alert
from registry.codes import household_type_label, is_monitored_type
from registry.household_file import SERVICES_GIVEN, HouseholdFile, record_day
from registry.ledgers.export_labels import label as choice_label
from registry.ledgers.export_labels import labels, split_multiple
from registry.masking import mask_id, mask_phone
from registry.store import Changes, Entity
from registry.work_history import FROM_RECORD, WorkSpell
from registry.worklist import FOLLOWUP_STATUS, followup_channel

Index = QModelIndex | QPersistentModelIndex

def _tr(text: str) -> str:
    return QCoreApplication.translate("household", text)


def _prop(name: str) -> Callable[[Entity], Any]:
    return lambda e: e.props.get(name) if not isinstance(e.props.get(name), list) else listed(
        e.props[name])


def _choice(name: str, choices: str) -> Callable[[Entity], str]:
    """A form answer of one choice (``outside``) as a word of the UI's language (省外 /
    Other province); a typed value as it is."""
    return lambda e: word(choice_label(choices, e.props.get(name))) if e.props.get(name) else ""


def _choices(name: str, choices: str) -> Callable[[Entity], str]:
    """A form answer (one or several choice names, ``employed``, ``referral training``) in
    words of the UI's language (就业 / Employed); a value that is not a choice name (typed,
    or a word already) as it is."""
    return lambda e: listed(word(w) for w in labels(choices, split_multiple(e.props.get(name))))


def _person_word(name: str) -> Callable[[Any], str]:
    """A member's stored word (relation, sex, labour class) in the UI's language."""
    return lambda m: word(m.person.props.get(name) or "") if m.person.props.get(name) else ""


class RecordsModel(RowsModel):
    """A read-only table of records with columns given per instance (header, cell)."""

    CONTEXT = "household"
    def __init__(self, columns: Sequence[tuple[str, Callable[[Any], Any]]],
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.HEADERS = tuple(header for header, _cell in columns)
        self.CELLS = tuple(cell for _header, cell in columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == IdRole and index.isValid():
            row = self._rows[index.row()]
            return getattr(row, "id", None) or getattr(row, "subject", None)
        return super().data(index, role)


def _money(value: Any) -> Any:
    """An amount as a plain number with thousands separators: ``5200.0`` (or the text
    ``"5200.0"``) -> ``5,200``; other text is left as it is."""
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            return value
        return yuan(number) if math.isfinite(number) else value
    return yuan(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def _amount(name: str) -> Callable[[Entity], Any]:
    """A record's amount of money (a monthly income …) as ``_money`` writes it."""
    return lambda e: _money(e.props.get(name)) if e.props.get(name) not in (None, "") else ""


def _view(model: RecordsModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view



class HouseholdPage(QWidget):
    """The page of one household (``show_household``); ``back`` asks to leave it."""

    back = Signal()

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None, *,
                 today: Callable[[], date] = date.today) -> None:
        super().__init__(parent)
        self.runner, self._today = runner, today
        self.household_id: str | None = None
        self.file: HouseholdFile | None = None
        self._alerts_of: str | None = None  #: the household whose alerts are shown
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 17px; font-weight: bold")
        self.tags = QHBoxLayout()
        self.address = QLabel()
        self.members = RecordsModel([
            (QT_TRANSLATE_NOOP("household", "姓名"), lambda m: m.person.props.get("name", "")),
            (QT_TRANSLATE_NOOP("household", "与户主关系"), _person_word("relation")),
            (QT_TRANSLATE_NOOP("household", "性别"), _person_word("sex")),
            (QT_TRANSLATE_NOOP("household", "出生日期"), lambda m: m.person.props.get("birth_date", "")),
            (QT_TRANSLATE_NOOP("household", "证件号码"), lambda m: mask_id(m.person.props.get("id_number"))),
            (QT_TRANSLATE_NOOP("household", "劳动技能"), _person_word("labour_class")),
            (QT_TRANSLATE_NOOP("household", "务工状态"), lambda m: word(
                m.person.props.get("work_status") or _status_word(m.person.props))),
            (QT_TRANSLATE_NOOP("household", "上次走访"), lambda m: m.last_visit),
        ], self)
        self.spells = RecordsModel(self._person_columns([
            (QT_TRANSLATE_NOOP("household", "开始"), lambda s: s.start),
            (QT_TRANSLATE_NOOP("household", "结束"), lambda s: s.end),
            (QT_TRANSLATE_NOOP("household", "务工地"), _spell_place),
            (QT_TRANSLATE_NOOP("household", "就业渠道"), lambda s: word(followup_channel(
                {"channel": s.channel, "organised_export": s.organised_export}))),
            (QT_TRANSLATE_NOOP("household", "单位"), lambda s: s.employer),
            (QT_TRANSLATE_NOOP("household", "月收入"), lambda s: "" if s.monthly_income is None
             else _money(s.monthly_income)),
            (QT_TRANSLATE_NOOP("household", "来源"), _spell_source)]), self)
        self.visits = RecordsModel(self._person_columns([
            (QT_TRANSLATE_NOOP("household", "走访日期"), _prop("visit_date")),
            (QT_TRANSLATE_NOOP("household", "就业状况"), lambda e: word(FOLLOWUP_STATUS.get(
                str(e.props.get("employment_status", "")), e.props.get("employment_status", "")))),
            (QT_TRANSLATE_NOOP("household", "就业渠道"), lambda e: word(followup_channel(e.props))),
            (QT_TRANSLATE_NOOP("household", "务工地"), _choice("work_place", "work_place")),
            (QT_TRANSLATE_NOOP("household", "月收入"), _amount("monthly_income")),
            (QT_TRANSLATE_NOOP("household", "需求"), _choices("needs", "need"))]), self)
        self.services = RecordsModel(self._person_columns([
            (QT_TRANSLATE_NOOP("household", "类别"), lambda e: _tr(_LIST_TEXT.get(e.entity_list, e.entity_list))),
            (QT_TRANSLATE_NOOP("household", "日期"), record_day),
            (QT_TRANSLATE_NOOP("household", "内容"), lambda e: _choices(SERVICES_GIVEN, "service")(e)
             or e.props.get("course") or e.props.get("post_name") or "")]), self)
        self.claims = RecordsModel([
            (QT_TRANSLATE_NOOP("household", "补贴"), lambda e: e.props.get("rule_kind") or e.props.get("rule", "")),
            (QT_TRANSLATE_NOOP("household", "期间"), _prop("period")),
            (QT_TRANSLATE_NOOP("household", "金额"), lambda e: _money(e.props.get(
                "amount", QCoreApplication.translate("household", "未明确")))),
            (QT_TRANSLATE_NOOP("household", "发放日期"), _prop("granted_on"))], self)
        self.alerts = RecordsModel([
            (QT_TRANSLATE_NOOP("household", "预警"), lambda a: kind_label(a.kind)),
            (QT_TRANSLATE_NOOP("household", "对象"), lambda a: self._subject_name(a.subject)),
            (QT_TRANSLATE_NOOP("household", "依据"), lambda a: a.source)], self)
        self.eligibility = RecordsModel([
            (QT_TRANSLATE_NOOP("household", "姓名"), lambda e: self._subject_name(e.person_id)),
            (QT_TRANSLATE_NOOP("household", "补贴"), lambda e: e.rule_en if is_english()
             else e.rule_zh),
            (QT_TRANSLATE_NOOP("household", "可申请"), _verdict),
            (QT_TRANSLATE_NOOP("household", "金额"), lambda e: _money(e.amount) if e.amount_stated
             else QCoreApplication.translate("household", "未明确")),
            (QT_TRANSLATE_NOOP("household", "原因"), lambda e: clauses(
                e.reasons_en if is_english() else e.reasons_zh)),
            (QT_TRANSLATE_NOOP("household", "依据"), lambda e: e.source)], self)
        self.policy_notice = QLabel()
        self.policy_notice.setStyleSheet("color: #8a4b00")
        self.member_view = _view(self.members)
        self.views = [self.member_view]
        self.spell_view, self.alert_view = _view(self.spells), _view(self.alerts)
        self.spell_view.setToolTip(self.tr(
            "由各成员的走访整理：连续几次走访都是就业，且务工地、就业渠道、单位相同，合为一段；"
            "“结束”是这段中最近一次走访的月份。"))
        #: why 务工记录 is empty, and where the members' work status comes from
        self.spells_note = QLabel()
        self.spells_note.setObjectName("spells_note")
        self.spells_note.setWordWrap(True)
        self.spells_note.setStyleSheet("color: #666; padding: 4px")
        self.tabs = QTabWidget()
        self.followup_button = QPushButton(self.tr("走访登记"))
        self.member_button = QPushButton(self.tr("新增成员"))
        self.fix_button = QPushButton(self.tr("更正成员信息"))
        self.service_button = QPushButton(self.tr("服务记录"))
        self.back_button = QPushButton(self.tr("← 返回"))
        self.register: Callable[[str], None] | None = None  #: set by the workspace
        self.id_label, self.phone_label = QLabel("—"), QLabel("—")
        self.reveal_id = RevealButton(runner, self.id_label, "id_number", self)
        self.reveal_phone = RevealButton(runner, self.phone_label, "phone", self)
        self._build()
        self.member_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._member_details())
        for view in self.views[1:]:  # a record chosen on another tab chooses its person
            view.selectionModel().currentRowChanged.connect(
                lambda current, _previous, view=view: self._follow_record(view, current))
        runner.changed.connect(self.redraw)

    def _person_columns(self, columns: list[tuple[str, Callable[[Any], Any]]]
                        ) -> list[tuple[str, Callable[[Any], Any]]]:
        return [(QT_TRANSLATE_NOOP("household", "姓名"), lambda e: self._subject_name(str(e.parent))),
                *columns]

    def _subject_name(self, entity_id: str) -> str:
        if self.file is None:
            return ""
        if entity_id == self.file.household.id:
            return self.tr("本户")
        return self.file.name_of(entity_id)

    def _subsidies(self, claims: QTableView) -> QWidget:
        """补贴: the claims granted, and beside them what the rules say may be claimed."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("已发放的补贴")))
        layout.addWidget(claims, 1)
        layout.addWidget(QLabel(self.tr("按政策规则，成员可申请（及原因）")))
        layout.addWidget(self.policy_notice)
        view = _view(self.eligibility)
        self.views.append(view)
        layout.addWidget(view, 2)
        return box

    def _spells_tab(self, spells: QTableView) -> QWidget:
        """务工记录: the work spells, or a note saying why there are none."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.spells_note)
        layout.addWidget(spells, 1)
        return box

    def _build(self) -> None:
        head = QHBoxLayout()
        head.addWidget(self.back_button)
        head.addWidget(self.title)
        head.addLayout(self.tags)
        head.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.followup_button, self.member_button, self.fix_button,
                       self.service_button):
            button.setMinimumHeight(30)
            buttons.addWidget(button)
        self.tabs.addTab(self.member_view, self.tr("成员"))
        for model, label in ((self.spells, QT_TRANSLATE_NOOP("household", "务工记录")),
                             (self.visits, QT_TRANSLATE_NOOP("household", "走访")),
                             (self.services, QT_TRANSLATE_NOOP("household", "服务与培训")),
                             (self.claims, QT_TRANSLATE_NOOP("household", "补贴")),
                             (self.alerts, QT_TRANSLATE_NOOP("household", "预警"))):
            view = (self.spell_view if model is self.spells
                    else self.alert_view if model is self.alerts else _view(model))
            self.views.append(view)
            tab = (self._subsidies(view) if model is self.claims
                   else self._spells_tab(view) if model is self.spells else view)
            self.tabs.addTab(tab, _tr(label))
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.address)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._details_row())
        layout.addLayout(buttons)
        self.back_button.clicked.connect(self.back)
        self.followup_button.clicked.connect(lambda: self._open_form(FOLLOWUP))
        self.service_button.clicked.connect(lambda: self._open_form(SERVICE))
        self.member_button.clicked.connect(self._add_member)
        self.fix_button.clicked.connect(self.fix_member)

    def _details_row(self) -> QHBoxLayout:
        """The selected member's masked ID and phone, each with its 显示 button."""
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("所选成员 证件号码：")))
        row.addWidget(self.id_label)
        row.addWidget(self.reveal_id)
        row.addSpacing(24)
        row.addWidget(QLabel(self.tr("电话：")))
        row.addWidget(self.phone_label)
        row.addWidget(self.reveal_phone)
        row.addStretch(1)
        return row

    def _member_details(self) -> None:
        person = self.selected_member()
        props = person.props if person is not None else {}
        pid = person.id if person is not None else None
        self.reveal_id.set_target(pid, mask_id(props.get("id_number")))
        self.reveal_phone.set_target(pid, mask_phone(props.get("phone")))

    def _follow_record(self, view: QTableView, current: QModelIndex) -> None:
        """The member a chosen record (visit, spell, service, alert …) is about becomes the
        selected member: the buttons and 所选成员 act for whom the user is looking at."""
        if self.file is None or not current.isValid():
            return
        subject = self.file.member_id(str(_subject_of(view.model().row_at(current.row()))))
        rows = [m.person.id for m in self.file.members]
        if subject in rows:
            self.member_view.selectRow(rows.index(subject))

    # -- reading -------------------------------------------------------------------------
    def show_household(self, household_id: str) -> None:
        """Read and show the page of ``household_id``."""
        self.household_id = household_id
        village_ops.household_page(self.runner, self, household_id, today=self._today()).success(
            self._show).run()
        # then the alerts: the first read of a big village's takes seconds (50k: 2.7 s)
        village_ops.household_alerts(self.runner, self, household_id,
                                     today=self._today()).success(
            self._show_alerts).without_progress().run()

    def _show(self, file: HouseholdFile) -> None:
        if file.household.id != self.household_id:
            return
        selected = self.member_view.currentIndex().data(IdRole)
        self.file = file
        props = file.household.props
        self.title.setText(fill(self.tr("%1 · 户主 %2"), props.get("household_no", ""),
                                props.get("head_name") or self._head(file)))
        self._set_tags(props)
        self.address.setText(fill(self.tr("地址：%1"), props.get("address") or "—"))
        self.members.set_rows(file.members)
        self.spells.set_rows(file.spells)
        self._note_spells(file)
        self.visits.set_rows(file.visits)
        self.services.set_rows(file.services)
        self.claims.set_rows(file.claims)
        self.eligibility.set_rows(file.eligibility)
        notice = file.policy_notice_en if is_english() else file.policy_notice_zh
        self.policy_notice.setText(notice)
        self.policy_notice.setVisible(bool(notice))
        if self._alerts_of != file.household.id:  # not read yet for this household
            self.alerts.set_rows([])
            self.tabs.setTabText(5, self.tr("预警 …"))
        rows = [m.person.id for m in file.members]
        self.member_view.selectRow(rows.index(selected) if selected in rows else 0)
        self._member_details()
        for view in self.views:
            view.resizeColumnsToContents()

    def _note_spells(self, file: HouseholdFile) -> None:
        """With no work spell (no follow-up saying 就业, no spell on file), say so and give
        the members' work status (set by registration and follow-ups) so the empty tab is
        not read as "nobody works"."""
        self.spells_note.setVisible(not file.spells)
        if file.spells:
            return
        statuses = [fill(self.tr("%1：%2"), m.person.props.get("name", ""), word(status))
                    for m in file.members
                    if (status := m.person.props.get("work_status")
                        or m.person.props.get("employment_status"))]
        text = self.tr("尚无务工记录：还没有哪次走访记为“就业”（务工记录由走访整理；"
                       "成员的务工状态来自登记和走访，见“成员”和“走访”）。")
        if statuses:
            text += " " + fill(self.tr("成员务工状态：%1"), clauses(statuses))
        self.spells_note.setText(text)

    @staticmethod
    def _head(file: HouseholdFile) -> str:
        return next((str(m.person.props.get("name", "")) for m in file.members
                     if m.person.props.get("relation") == "户主"), "")

    def _set_tags(self, props: dict[str, Any]) -> None:
        while self.tags.count():
            item = self.tags.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        kind = str(props.get("household_type") or "")
        words = [_type_text(kind)] if kind else []
        if props.get("relocated"):
            words.append(self.tr("易地搬迁"))
        if props.get("monitored") or is_monitored_type(kind):
            words.append(self.tr("监测对象"))
        for text in words:
            tag = QLabel(text)
            tag.setObjectName("tag")
            tag.setStyleSheet("border: 1px solid #888; border-radius: 4px; padding: 1px 6px;"
                              " background: #eef3fb")
            self.tags.addWidget(tag)

    def _show_alerts(self, found: tuple[str, list[Alert]]) -> None:
        household_id, alerts = found
        if household_id != self.household_id:
            return
        self._alerts_of = household_id
        self.alerts.set_rows(alerts)
        self.alert_view.resizeColumnsToContents()  # they arrive after the page was sized
        self.tabs.setTabText(5, fill(self.tr("预警 %1"), len(alerts)))

    def redraw(self, changes: Changes, _initiator: object = None) -> None:
        """Read the page again when a write touched this household or its records."""
        if self.household_id is None or self.file is None:
            return
        mine = {self.file.household.id, *(m.person.id for m in self.file.members)}
        touched = {*changes.created, *changes.updated, *changes.deleted}
        if ANY_LIST in changes.lists or touched & mine or changes.created:
            self.show_household(self.household_id)

    # -- acting --------------------------------------------------------------------------
    def selected_member(self) -> Entity | None:
        """The member selected in 成员 (the first one if none is)."""
        index = self.member_view.currentIndex()
        if self.file is None or not self.file.members:
            return None
        return self.file.members[index.row() if index.isValid() else 0].person

    def form_person(self) -> FormPerson | None:
        """The selected member, as the forms opened on this page (its buttons, 新建表单)
        are for them."""
        person = self.selected_member()
        if person is None or self.file is None:
            return None
        props = self.file.household.props
        return FormPerson(person.id, who_text(str(person.props.get("name", "")),
                                              str(props.get("head_name") or self._head(self.file))))

    def _open_form(self, form: str) -> None:
        person = self.form_person()
        if person is not None:
            open_for_person(self, self.runner, form, person_id=person.person_id, who=person.who)

    def fix_member(self) -> MemberFixDialog | None:
        """更正成员信息 for the selected member (the page redraws from what it writes)."""
        person = self.selected_member()
        if person is None:
            return None
        dialog = MemberFixDialog(self.runner, person, self, today=self._today)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _add_member(self) -> None:
        if self.register is not None and self.household_id:
            self.register(self.household_id)


_LIST_TEXT = {"service": QT_TRANSLATE_NOOP("household", "就业服务"), "training": QT_TRANSLATE_NOOP("household", "培训"),
              "post": QT_TRANSLATE_NOOP("household", "公益性岗位"),
              "visit": QT_TRANSLATE_NOOP("household", "走访时服务")}


def _spell_place(spell: WorkSpell) -> str:
    """A spell's work place as a word of the UI's language (省外 / Other province); a typed
    place as it is."""
    return word(choice_label("work_place", spell.work_place)) if spell.work_place else ""


def _spell_source(spell: WorkSpell) -> str:
    """Where a spell comes from: its follow-ups (走访 3 次) or a 务工记录 on file."""
    if spell.source == FROM_RECORD:
        return QCoreApplication.translate("household", "务工记录")
    return fill(QCoreApplication.translate("household", "走访 %1 次"), spell.followups)


def _status_word(props: dict[str, Any]) -> str:
    """A person's employment status as its word (an older 劳动力信息登记 stored
    ``unemployed``)."""
    status = str(props.get("employment_status") or "")
    return FOLLOWUP_STATUS.get(status, status)


def _subject_of(row: Any) -> str:
    """Whom a record row is about: an alert's subject, an eligibility answer's person, an
    entity's parent (the person of a visit, spell or service)."""
    for attr in ("subject", "person_id", "parent"):
        value = getattr(row, attr, None)
        if value:
            return str(value)
    return ""


def _verdict(answer: Any) -> str:
    if answer.eligible is None:
        return QCoreApplication.translate("household", "待核实")
    return (QCoreApplication.translate("household", "可以") if answer.eligible
            else QCoreApplication.translate("household", "不可以"))


def _type_text(value: str) -> str:
    """The 户类型 label of a code or label in the UI's language (unknown values as they are)."""
    try:
        return word(household_type_label(value))
    except KeyError:
        return value
