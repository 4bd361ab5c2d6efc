"""Open a built-in form for one person or household: the form names whom it is for, and a
confirmation follows every submit.

The 新建表单 menu opens a form for the person selected on the page shown (``FormPerson``,
from the page's ``form_person()``), never for a hidden page's selection; a form about a
person (it has a ``person_id`` question, set by the app and never shown) is not opened when
the page shown has no one selected: the user is told to select the person first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from desktop.background import BackgroundRunner
from desktop.forms.catalog import BUILTIN_DIR, shown_title
from desktop.forms.dialog import FormDialog, open_form_dialog
from desktop.text import fill
from forms.loader import load_form
from forms.model import Form
from registry.store import Changes

FOLLOWUP = "employment_followup"
SERVICE = "relocation_service"
LABOUR = "labour_force_registration"
#: The titles of the forms opened from the workspace (settings sheets are Chinese only).
TITLES = {FOLLOWUP: "月度就业跟踪", SERVICE: "安置点就业服务记录", LABOUR: "劳动力信息登记"}
#: The question of a form about a person that holds whom it is for (hidden, set by the app).
PERSON_QUESTION = "person_id"


@dataclass(frozen=True)
class FormPerson:
    """The person a page has selected, as a form opened from there is for them: the id and
    how the form names them ("王兰琳（户主 王大）")."""

    person_id: str
    who: str


def named(name: str, head_name: str) -> str:
    """How a form names its person: "王兰琳（户主 王大）" (the name alone without a head)."""
    if not head_name:
        return name
    return fill(QCoreApplication.translate("workspace", "%1（户主 %2）"), name, head_name)


def open_for_person(parent: QWidget, runner: BackgroundRunner, form: str, *, person_id: str,
                    who: str, on_submitted: Callable[[Changes], None] = lambda _c: None
                    ) -> FormDialog:
    """Open ``form`` (a built-in form id) preset for one person; its banner names ``who``,
    its window title does not (titles show in the taskbar, also while the app is locked)."""
    return _open_for(parent, runner, BUILTIN_DIR / f"{form}.xlsx", shown_title(TITLES[form]),
                     FormPerson(person_id, who), on_submitted)


def open_from_menu(parent: QWidget, runner: BackgroundRunner, path: Path, title: str,
                   person: FormPerson | None,
                   on_submitted: Callable[[Changes], None] = lambda _c: None
                   ) -> FormDialog | None:
    """Open the form at ``path`` (新建表单): for ``person`` (the person selected on the page
    shown) when the form is about a person, named as the work list's forms are, with the
    confirmation after the submit. A form about a person with nobody selected is not opened
    (its person question is not one the user can answer): a notice says to select the person
    first. ``None`` when nothing was opened."""
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
    return _open_for(parent, runner, path, shown, person, on_submitted, form=form)


def _open_for(parent: QWidget, runner: BackgroundRunner, path: Path, title: str,
              person: FormPerson, on_submitted: Callable[[Changes], None], *,
              form: Form | None = None) -> FormDialog:
    dialog = open_form_dialog(parent, path, runner=runner,
                              values={PERSON_QUESTION: person.person_id}, form=form,
                              on_submitted=lambda changes: _confirm(parent, title, person.who,
                                                                    changes, on_submitted))
    dialog.setWindowTitle(title)
    banner = QLabel(fill(QCoreApplication.translate("workspace", "为 %1 填写"), person.who))
    banner.setObjectName("form_for")
    banner.setStyleSheet("font-size: 15px; font-weight: bold; padding: 4px")
    dialog.layout().insertWidget(0, banner)
    return dialog


def _confirm(parent: QWidget, title: str, who: str, changes: object,
             then: Callable[[Changes], None]) -> None:
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
