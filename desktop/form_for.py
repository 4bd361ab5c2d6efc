"""Open a built-in form for one person or household: the form names whom it is for, and a
confirmation follows every submit.

One person, one draft of a form: opening a form for a person who already has a draft of it
(this user's, not submitted) continues that draft, and a form already open for them is
raised, never a second one started beside it (a stale draft could later be submitted over
newer answers). A draft reopened from the 草稿 list names whom it is for and confirms its
submit in the same way (``open_draft_for``).

The 新建表单 menu opens a form for the person selected on the page shown (``FormPerson``,
from the page's ``form_person()``), never for a hidden page's selection; a form about a
person (it has a ``person_id`` question, set by the app and never shown) is not opened when
the page shown has no one selected: the user is told to select the person first
(``open_from_menu``).

A form with a ``desk_site`` question (服务记录) gets the site this profile's desk serves
(``registry.desk.desk_site``, read on the DB thread before it opens; '' in a village): its
安置点 starts as that site and is required only then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from desktop import ops
from desktop.background import BackgroundRunner
from desktop.forms.catalog import BUILTIN_DIR, shown_title
from desktop.forms.dialog import FormDialog, open_draft_dialog, open_form_dialog
from desktop.ops import DraftRow
from desktop.text import fill
from forms.loader import load_form
from forms.model import Form
from registry.store import Changes

FOLLOWUP = "employment_followup"
SERVICE = "relocation_service"
LABOUR = "labour_force_registration"
# The titles of the forms opened from the workspace (settings sheets are Chinese only).
TITLES = {FOLLOWUP: "月度就业跟踪", SERVICE: "安置点就业服务记录", LABOUR: "劳动力信息登记"}

#: The question of a form about a person that holds whom it is for (hidden, set by the app).
PERSON_QUESTION = "person_id"
#: The hidden question the app fills with the site a relocation-site desk serves (服务记录
#: asks for the site, and requires it, only there; a village has none).
DESK_SITE_QUESTION = "desk_site"
# The dialog properties saying which form it shows and for whom.
_FORM, _PERSON = "form_for_form", "form_for_person"


@dataclass(frozen=True)
class FormPerson:
    """The person a page has selected, as a form opened from there is for them: the id and
    how the form names them ("王兰琳（户主 王大）")."""

    person_id: str
    who: str

Submitted = Callable[[Changes], None]


def who_text(name: str, head_name: str) -> str:
    """How a form names whom it is for: ``罗海（户主 罗军浩）`` (the name alone without a
    head)."""
    return (fill(QCoreApplication.translate("workspace", "%1（户主 %2）"), name, head_name)
            if head_name else name)



def open_from_menu(parent: QWidget, runner: BackgroundRunner, path: Path, title: str,
                   person: FormPerson | None, on_submitted: Submitted = lambda _c: None
                   ) -> FormDialog | None:
    """Open the form at ``path`` (新建表单): for ``person`` (the person selected on the page
    shown) when the form is about a person, named and confirmed as the work list's forms
    are (the form already open for them is raised instead). A form about a person with
    nobody selected is not opened (its person question is not one the user can answer): a
    notice says to select the person first. ``None`` when nothing was opened, or when the
    form asks for the desk's site (服务记录): it opens once that is read on the DB thread."""
    shown = shown_title(title)
    form = load_form(path)
    if form.by_name(PERSON_QUESTION) is None:
        return open_form_dialog(parent, path, runner=runner, values={}, form=form,
                                on_submitted=lambda changes: _confirm(parent, shown, "", changes,
                                                                      on_submitted))
    if person is None:
        notice(parent, fill(QCoreApplication.translate(
            "workspace", "“%1”要为某一个人填写：请先在列表中（如本月走访、农户）选中此人，"
                         "再从“新建表单”打开。"), shown))
        return None
    showing = dialog_for(parent, form.form_id, person.person_id)
    if showing is not None:
        _raise(showing)
        return showing
    if form.by_name(DESK_SITE_QUESTION) is None:
        return _open(parent, runner, path, form=form.form_id, title=shown,
                     person_id=person.person_id, who=person.who, draft=None,
                     on_submitted=on_submitted, loaded=form)

    def read(site: str) -> None:  # the desk's site, read on the DB thread
        if dialog_for(parent, form.form_id, person.person_id) is None:  # not opened meanwhile
            _open(parent, runner, path, form=form.form_id, title=shown,
                  person_id=person.person_id, who=person.who, draft=None,
                  on_submitted=on_submitted, loaded=form, desk_site=site)

    ops.desk_site(runner, parent).success(read).without_progress().run()
    return None


def open_for_person(parent: QWidget, runner: BackgroundRunner, form: str, *, person_id: str,
                    who: str, on_submitted: Submitted = lambda _c: None,
                    opened: Callable[[FormDialog], None] = lambda _d: None) -> None:
    """Open ``form`` (a built-in form id) preset for one person; its banner names ``who``,
    its window title does not (titles show in the taskbar, also while the app is locked).

    The form already open for this person is raised; else this user's draft of ``form``
    for the person is continued (looked up on the DB thread), else a new one is started.
    ``opened`` gets the dialog shown."""
    showing = dialog_for(parent, form, person_id)
    if showing is not None:
        _raise(showing)
        opened(showing)
        return

    def found(start: ops.FormStart) -> None:
        again = dialog_for(parent, form, person_id)  # opened meanwhile (a double click)
        if again is not None:
            _raise(again)
            opened(again)
            return
        opened(_open(parent, runner, BUILTIN_DIR / f"{form}.xlsx", form=form,
                     title=shown_title(TITLES.get(form, form)), person_id=person_id, who=who,
                     draft=start.draft, on_submitted=on_submitted, desk_site=start.desk_site))

    ops.form_start(runner, parent, form, person_id).success(found).without_progress().run()


def open_draft_for(parent: QWidget, runner: BackgroundRunner, draft: DraftRow, *,
                   on_submitted: Submitted = lambda _c: None) -> FormDialog:
    """Reopen ``draft`` (from the 草稿 list) in its form: the banner names whom it is for
    (when it is for a person) and a confirmation follows its submit, as for a new form."""
    assert draft.path is not None
    showing = open_draft_dialog(parent.window(), draft.id) or (
        dialog_for(parent, draft.form_id, draft.person_id) if draft.person_id else None)
    if showing is not None:
        _raise(showing)
        return showing
    who = who_text(draft.name, draft.head_name) if draft.name else ""
    return _open(parent, runner, draft.path, form=draft.form_id, title=shown_title(draft.title),
                 person_id=draft.person_id, who=who, draft=draft, on_submitted=on_submitted)


def dialog_for(parent: QWidget, form: str, person_id: str) -> FormDialog | None:
    """The open form dialog of ``parent``'s window showing ``form`` for ``person_id``."""
    for dialog in parent.window().findChildren(FormDialog):
        if (dialog.isVisible() and dialog.property(_FORM) == form
                and dialog.property(_PERSON) == person_id):
            return dialog
    return None


def _open(parent: QWidget, runner: BackgroundRunner, path: Path, *, form: str, title: str,
          person_id: str, who: str, draft: DraftRow | None,
          on_submitted: Submitted, loaded: Form | None = None, desk_site: str = "") -> FormDialog:
    values = {PERSON_QUESTION: person_id} if person_id else {}
    if desk_site:  # a form without the question ignores it
        values[DESK_SITE_QUESTION] = desk_site
    dialog = open_form_dialog(parent, path, runner=runner, values=values,
                              on_submitted=lambda changes: _confirm(parent, title, who,
                                                                    changes, on_submitted),
                              draft_id=draft.id if draft is not None else None, form=loaded)
    dialog.setProperty(_FORM, form)
    dialog.setProperty(_PERSON, person_id)
    dialog.setWindowTitle(title)
    if who or draft is not None:
        banner = QLabel(_banner_text(who, draft))
        banner.setObjectName("form_for")
        banner.setStyleSheet("font-size: 15px; font-weight: bold; padding: 4px")
        dialog.layout().insertWidget(0, banner)
    return dialog


def _banner_text(who: str, draft: DraftRow | None) -> str:
    """为 罗海（户主 罗军浩） 填写, saying so when it goes on with a draft, and the day the
    draft was last saved (last month's unsent follow-up is not this month's)."""
    if draft is None:
        return fill(QCoreApplication.translate("workspace", "为 %1 填写"), who)
    saved = datetime.fromtimestamp(draft.updated_ms / 1000).strftime("%Y-%m-%d")
    if not who:
        return fill(QCoreApplication.translate("workspace", "继续填写 %1 保存的未提交草稿"), saved)
    return fill(QCoreApplication.translate("workspace", "为 %1 填写（继续 %2 保存的未提交草稿）"),
                who, saved)


def _raise(dialog: FormDialog) -> None:
    dialog.raise_()
    dialog.activateWindow()


def _confirm(parent: QWidget, title: str, who: str, changes: object, then: Submitted) -> None:
    text = (fill(QCoreApplication.translate("workspace", "已保存：%1（%2）"), title, who) if who
            else fill(QCoreApplication.translate("workspace", "已保存：%1"), title))
    confirm(parent, text)
    then(changes if isinstance(changes, Changes) else Changes())


def confirm(parent: QWidget, text: str) -> QMessageBox:
    """A confirmation that does not block (the work goes on behind it)."""
    box = QMessageBox(QMessageBox.Icon.Information, QCoreApplication.translate("workspace", "已保存"), text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("confirmation")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def notice(parent: QWidget, text: str) -> QMessageBox:
    """A notice that does not block: why nothing was opened."""
    box = QMessageBox(QMessageBox.Icon.Information,
                      QCoreApplication.translate("workspace", "新建表单"), text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("notice")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
