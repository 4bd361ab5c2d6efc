"""The main window's 新建表单 menu lists the built-in forms and opens them."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMenu

from desktop.background import BackgroundRunner
from desktop.forms import FormDialog
from desktop.main_window import MainWindow


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
