"""A workspace makes each page when it is first shown: a county window opens on its
dashboard and the household list, and reads nothing for its hidden pages (issue 14)."""

from __future__ import annotations

import pytest
from bangfu_testdata import PASSPHRASE

from desktop.alerts_page import AlertsPage
from desktop.background import BackgroundRunner
from desktop.county.dashboard import DashboardPage
from desktop.households_page import HouseholdsPage
from desktop.main_window import MainWindow
from desktop.workspace import COUNTY, WORKSPACES
from registry.keyslots import KdfParams

WAIT_MS = 10_000


@pytest.fixture
def county(profile):
    s = profile.create(user="officer", passphrase=PASSPHRASE, scope="361130",
                       kdf=KdfParams.fast())
    yield s
    BackgroundRunner.stop_all()
    s.close()


def test_hidden_pages_are_made_when_first_shown(qtbot, county):
    window = MainWindow(BackgroundRunner(county))
    qtbot.addWidget(window)
    window.show()
    keys = [spec.key for spec in WORKSPACES[COUNTY]]
    assert list(window.pages) == keys and window.nav.count() == len(keys)
    made = {key for key in keys if window.pages.made(key) is not None}
    assert made == {"dashboard", "households"}
    assert isinstance(window.stack.currentWidget(), DashboardPage)
    assert window.current_key() == "dashboard"
    assert isinstance(window.households_page, HouseholdsPage)
    assert not window.findChildren(AlertsPage)  # no alerts read at start

    window.nav.setCurrentRow(keys.index("alerts"))
    alerts = window.pages.made("alerts")
    assert isinstance(alerts, AlertsPage) and window.stack.currentWidget() is alerts
    assert window.current_key() == "alerts"
    assert window.stack.count() == len(keys) + 1  # the placeholder went, the household page
    qtbot.waitUntil(lambda: alerts.kind.count() > 0, timeout=WAIT_MS)

    window.show_page("dashboard")
    window.nav.setCurrentRow(keys.index("alerts"))
    assert window.pages["alerts"] is alerts  # made once
    assert len(window.findChildren(AlertsPage)) == 1


def test_back_from_a_household_returns_to_a_page_made_later(qtbot, county):
    window = MainWindow(BackgroundRunner(county))
    qtbot.addWidget(window)
    window.show()
    window.show_page("worklist")
    worklist = window.stack.currentWidget()
    assert window.current_key() == "worklist"
    window.show_household("h-none")
    assert window.current_key() == "household"
    window.household_page.back.emit()
    assert window.stack.currentWidget() is worklist
