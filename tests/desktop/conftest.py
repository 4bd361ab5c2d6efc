"""Desktop tests run offscreen (set before Qt is imported); fixtures open forms on a real store."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from formfill import Filler  # noqa: E402

from desktop.background import BackgroundRunner  # noqa: E402
from desktop.forms import FormGateway, FormWidget  # noqa: E402
from desktop.forms.catalog import BUILTIN_DIR  # noqa: E402
from forms.loader import load_form  # noqa: E402
from forms.model import Form  # noqa: E402
from registry.store import Store  # noqa: E402

NOW = datetime(2026, 11, 22, 10, 0)

# A test that reads the store on the GUI thread while a runner's DB thread works on it
# gets a ConcurrentUse error at once, instead of a rare crash in sqlite (read through
# runner.call(...), or wait until runner.idle()).
BackgroundRunner.check_threads = True


@pytest.fixture(autouse=True)
def user_settings(tmp_path: Path) -> Path:
    """QSettings (the remembered language ...) go to a temp folder, never the user's."""
    from PySide6.QtCore import QSettings

    folder = tmp_path / "settings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    # No automatic sync unless a test asks for it: a sync of its own would race the test's.
    QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Bangfu",
              "bangfu").setValue("sync/automatic", "false")
    return folder


@pytest.fixture(autouse=True)
def quiet_alert_warmer(monkeypatch: pytest.MonkeyPatch) -> None:
    """No background alert count in a township's or county's window unless a test asks
    for it (tests/desktop/test_alert_runs.py): a count of its own would race the test's
    reads (the same reason as the automatic sync above)."""
    from desktop.county.alert_runs import AlertWarmer

    monkeypatch.setattr(AlertWarmer, "FIRST_DELAY_MS", 3_600_000)
    monkeypatch.setattr(AlertWarmer, "QUIET_MS", 3_600_000)


@pytest.fixture
def store(profile):
    """The village profile's store (as tests/conftest.py's); every runner is stopped
    before it closes, so no queued read runs on a closed connection."""
    from bangfu_testdata import PASSPHRASE, VILLAGE

    from registry.keyslots import KdfParams

    s = profile.create(user="secretary", passphrase=PASSPHRASE, scope=VILLAGE,
                       kdf=KdfParams.fast())
    yield s
    BackgroundRunner.stop_all()
    s.close()


@pytest.fixture(autouse=True, scope="session")
def no_modal_error_box():
    """A background failure is logged, not shown in a modal box: offscreen, nobody can
    close one, and a test would wait on it forever. Tests that check a dialog patch it.

    Session-wide: pytest-qt processes events once more after a test's own fixtures are
    torn down, and a failure delivered then must not reach the real box (a CI run aborted
    in ``QMessageBox.warning`` from that teardown)."""
    import logging

    from desktop import background, sync_ui

    def logged(_parent, exc):
        logging.getLogger("tests").warning("error box: %s: %s", type(exc).__name__, exc)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(background, "show_error", logged)
        patch.setattr(sync_ui, "show_error", logged)  # a failed manual sync's box
        yield


@pytest.fixture
def english(qapp):
    """The English UI: the language property (words, punctuation) and the app's translator,
    both taken back after the test."""
    from desktop.i18n import LANGUAGE_PROPERTY, install_translator

    qapp.setProperty(LANGUAGE_PROPERTY, "en")
    translator = install_translator(qapp, "en")
    yield
    qapp.removeTranslator(translator)
    qapp.setProperty(LANGUAGE_PROPERTY, None)


@pytest.fixture
def gateway(store: Store) -> FormGateway:
    """A gateway that runs store work at once, so tests can check the store right after."""
    return FormGateway(BackgroundRunner(store, synchronous=True))


@pytest.fixture
def open_form(qtbot: Any, gateway: FormGateway) -> Callable[..., Filler]:
    """open_form('household_registration' or a Form, draft_id=..., values=...) -> Filler."""

    def open_(form: str | Form, **options: Any) -> Filler:
        loaded = load_form(BUILTIN_DIR / f"{form}.xlsx") if isinstance(form, str) else form
        widget = FormWidget(loaded, store_gateway=gateway, clock=lambda: NOW, **options)
        qtbot.addWidget(widget)
        widget.resize(900, 700)
        widget.show()
        qtbot.waitExposed(widget)
        widget.activateWindow()
        qtbot.waitUntil(widget.isActiveWindow)
        return Filler(qtbot, widget)

    return open_


@pytest.fixture
def write_form(tmp_path: Path) -> Callable[..., Form]:
    """write_form(survey_rows, choices=rows) -> a loaded Form written as a real .xlsx."""
    import openpyxl

    def write(survey: list[list[Any]], choices: list[list[Any]] | None = None) -> Form:
        workbook = openpyxl.Workbook()
        sheets = {"survey": survey, "choices": choices,
                  "settings": [["form_id", "version", "form_title", "default_language"],
                               ["test_form", "1", "测试表单", "zh"]]}
        workbook.active.title = "survey"
        for name, rows in sheets.items():
            sheet = workbook["survey"] if name == "survey" else workbook.create_sheet(name)
            for row in rows or []:
                sheet.append(row)
        path = tmp_path / "test_form.xlsx"
        workbook.save(path)
        return load_form(path)

    return write
