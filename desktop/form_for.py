"""Open a built-in form for one person or household: the form names whom it is for, and a
confirmation follows every submit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from desktop.background import BackgroundRunner
from desktop.forms.catalog import BUILTIN_DIR, shown_title
from desktop.forms.dialog import FormDialog, open_form_dialog
from desktop.text import fill
from registry.store import Changes

FOLLOWUP = "employment_followup"
SERVICE = "relocation_service"
LABOUR = "labour_force_registration"
#: The titles of the forms opened from the workspace (settings sheets are Chinese only).
TITLES = {FOLLOWUP: "月度就业跟踪", SERVICE: "安置点就业服务记录", LABOUR: "劳动力信息登记"}


def open_for_person(parent: QWidget, runner: BackgroundRunner, form: str, *, person_id: str,
                    who: str, on_submitted: Callable[[Changes], None] = lambda _c: None
                    ) -> FormDialog:
    """Open ``form`` (a built-in form id) preset for one person; its banner names ``who``,
    its window title does not (titles show in the taskbar, also while the app is locked)."""
    title = shown_title(TITLES[form])
    dialog = open_form_dialog(parent, BUILTIN_DIR / f"{form}.xlsx", runner=runner,
                              values={"person_id": person_id},
                              on_submitted=lambda changes: _confirm(parent, title, who,
                                                                    changes, on_submitted))
    dialog.setWindowTitle(title)
    banner = QLabel(fill(QCoreApplication.translate("workspace", "为 %1 填写"), who))
    banner.setObjectName("form_for")
    banner.setStyleSheet("font-size: 15px; font-weight: bold; padding: 4px")
    dialog.layout().insertWidget(0, banner)
    return dialog


def _confirm(parent: QWidget, title: str, who: str, changes: object,
             then: Callable[[Changes], None]) -> None:
    confirm(parent, fill(QCoreApplication.translate("workspace", "已保存：%1（%2）"), title, who))
    then(changes if isinstance(changes, Changes) else Changes())


def confirm(parent: QWidget, text: str) -> QMessageBox:
    """A confirmation that does not block (the work goes on behind it)."""
    box = QMessageBox(QMessageBox.Icon.Information, QCoreApplication.translate("workspace", "已保存"), text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("confirmation")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
