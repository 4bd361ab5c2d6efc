"""The UI language reaches the forms; the 语言 menu remembers a choice for the next start."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMenu

from desktop.background import BackgroundRunner
from desktop.forms import FormDialog
from desktop.forms.catalog import BUILTIN_DIR
from desktop.forms.dialog import open_form_dialog
from desktop.forms.rows import FieldRow
from desktop.i18n import (
    choose_language,
    saved_language,
    settings,
)
from desktop.main_window import MainWindow


def open_followup(qtbot, store) -> tuple[FormDialog, BackgroundRunner]:
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    dialog = open_form_dialog(window, BUILTIN_DIR / "employment_followup.xlsx", runner=runner,
                              values={}, on_submitted=lambda _changes: None)
    qtbot.waitUntil(lambda: bool(dialog.form_widget.pages), timeout=5000)
    return dialog, runner


def labels(dialog: FormDialog) -> str:
    return " ".join(row.label.text() for row in dialog.form_widget.findChildren(FieldRow))


def test_the_english_ui_shows_forms_in_english(qtbot, store, english):
    dialog, runner = open_followup(qtbot, store)
    assert dialog.form_widget.language == "en"
    assert dialog.windowTitle() == "Monthly employment follow-up"
    assert "Visit date" in labels(dialog) and "走访日期" not in labels(dialog)
    dialog.reject()
    runner.wait()


def test_the_chinese_ui_shows_forms_in_chinese(qtbot, store):
    dialog, runner = open_followup(qtbot, store)
    assert dialog.form_widget.language == "zh" and dialog.windowTitle() == "月度就业跟踪"
    assert "走访日期" in labels(dialog) and "Visit date" not in labels(dialog)
    dialog.reject()
    runner.wait()


def test_the_new_form_menu_lists_english_titles_in_english(qtbot, store, english):
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "New form")
    assert isinstance(menu, QMenu)
    menu.aboutToShow.emit()
    titles = [a.text() for a in menu.actions()]
    assert "Household registration" in titles and "农户信息登记" not in titles
    runner.wait()


def test_a_language_picked_in_the_menu_is_used_at_the_next_start(qtbot, store, user_settings):
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    menu = window.language_menu
    assert menu.title() == "语言 / Language"
    assert [a.text() for a in menu.actions()] == ["中文", "English"]
    assert menu.choices["zh_CN"].isChecked()
    assert choose_language(None, settings()) in ("zh_CN", "en")  # the system's: nothing saved
    menu.choices["en"].trigger()
    assert menu.choices["en"].isChecked() and not menu.choices["zh_CN"].isChecked()
    assert "重新启动" in window.statusBar().currentMessage()
    assert list(user_settings.rglob("*.ini")), "kept in the settings file"
    assert saved_language(settings()) == "en" and choose_language(None, settings()) == "en"
    assert choose_language("zh_CN", settings()) == "zh_CN"  # --lang still wins
    runner.wait()
    QApplication.processEvents()


def test_the_form_s_own_buttons_are_english_too(qtbot, store, english):
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    dialog = open_form_dialog(window, BUILTIN_DIR / "household_registration.xlsx",
                              runner=runner, values={}, on_submitted=lambda _changes: None)
    qtbot.waitUntil(lambda: bool(dialog.form_widget.pages), timeout=5000)
    builder = dialog.form_widget.builder
    assert builder.repeats["members"].add_button.text().startswith("Add ")
    birth = builder.fields["members[1]/birth_date"].editor.widget
    assert birth.button.text() == "Calendar" and "19811216" in birth.line.placeholderText()
    dialog.reject()
    runner.wait()
