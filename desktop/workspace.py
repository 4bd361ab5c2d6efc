"""Workspaces by role: which pages the navigation pane lists, in one place.

A page is a QWidget made by ``factory(runner, parent)``. Optional conventions the frame
(``desktop.main_window.MainWindow``) follows when a page has them:

- a signal ``open_household(str)``: the frame shows that household's page;
- a signal ``counted(str)``: the text after the page's title in the navigation ("本月走访 26");
- ``count(runner, parent)``: instead, a ``QueryOp[int | str]`` the frame runs after each
  write (and when a page emits ``counts_changed()``: the dashboard, once it counted alerts);
- a signal ``open_page(str, str)``: the frame shows that page (key) and hands the second
  value to its ``show_filter(str)`` if it has one (the dashboard opens the alerts of a kind);
- ``pages_shown(set[str])``: the frame tells it the keys of the workspace's pages once it is
  made (the dashboard hides its 设备 tile where there is no 设备 page).

To mount another page, add one ``Page(...)`` line to the roles' lists in ``WORKSPACES``.

The role comes from the county server's enrolment (``sync_role`` in the profile) and,
before enrolment, from the profile's scope: a 12-digit village code is a village, a
township code (last 3 digits 000) a township, shorter a county. The site opens on the
desk's lookup page; township and county on their dashboard (概览).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from desktop.alerts_page import AlertsPage
from desktop.background import BackgroundRunner, QueryOp
from desktop.connection import load_connection
from desktop.county.conflicts import ConflictsPage
from desktop.county.conflicts_ops import conflict_count
from desktop.county.dashboard import DashboardPage
from desktop.county.devices import DevicesPage
from desktop.county.duplicates import DuplicatesPage
from desktop.county.ledgers import LedgersPage
from desktop.county.policy_page import PolicyPage
from desktop.county.subsidy_page import SubsidyPage
from desktop.desk import DeskPage
from desktop.households_page import HouseholdsPage
from desktop.village_ops import alert_count
from desktop.worklist_page import WorklistPage
from registry.county_dashboard import earlier_alert_counts, last_alert_counts
from registry.store import Store

VILLAGE, SITE, TOWNSHIP, COUNTY = "village", "site", "township", "county"
ROLES = (VILLAGE, SITE, TOWNSHIP, COUNTY)

PageFactory = Callable[[BackgroundRunner, QWidget], QWidget]
CountOp = Callable[[BackgroundRunner, QWidget], QueryOp[int] | QueryOp[str]]


@dataclass(frozen=True)
class Page:
    """One entry of the navigation pane: ``key``, ``title`` (translated in the
    ``workspace`` context), the page's ``factory`` and an optional ``count``."""

    key: str
    title: str
    factory: PageFactory
    count: CountOp | None = None

    def shown_title(self) -> str:
        """The title in the UI language."""
        return QCoreApplication.translate("workspace", self.title)


WORKLIST = Page("worklist", QT_TRANSLATE_NOOP("workspace", "本月走访"),
                lambda runner, parent: WorklistPage(runner, parent))
DESK = Page("desk", QT_TRANSLATE_NOOP("workspace", "服务台"),
            lambda runner, parent: DeskPage(runner, parent))
HOUSEHOLDS = Page("households", QT_TRANSLATE_NOOP("workspace", "农户"),
                  lambda runner, parent: HouseholdsPage(runner, parent))

DASHBOARD = Page("dashboard", QT_TRANSLATE_NOOP("workspace", "概览"),
                 lambda runner, parent: DashboardPage(runner, parent))
ALERTS = Page("alerts", QT_TRANSLATE_NOOP("workspace", "预警"),
              lambda runner, parent: AlertsPage(runner, parent))
#: The alerts page with its count in the navigation ("预警 12"): counted after each write,
#: which costs a village (2k people) about 0.1 s; larger scopes show the count of their
#: dashboard's last alert run instead (``DASHBOARD_ALERTS``), the site none.
COUNTED_ALERTS = Page(ALERTS.key, ALERTS.title, ALERTS.factory, count=alert_count)


def last_alert_count(runner: BackgroundRunner, parent: QWidget, *,
                     today: Callable[[], date] = date.today) -> QueryOp[str]:
    """The navigation's "预警 n" of a township or county: the total of the dashboard's last
    alert run (cheap: no run here), "≈n" once records changed since or when the last run is
    of an earlier day, "" before any run."""
    scope = runner.identity.scope

    def total(store: Store) -> str:
        last = (last_alert_counts(store, scope=scope, today=today())
                or earlier_alert_counts(store, scope=scope, today=today()))
        if last is None:
            return ""
        count = sum(c.count for c in last.counts)
        return str(count) if last.current else f"≈{count}"

    return QueryOp(runner, parent, total)


#: The alerts page of a township or county, with the dashboard's last count in the navigation.
DASHBOARD_ALERTS = Page(ALERTS.key, ALERTS.title, ALERTS.factory, count=last_alert_count)

CONFLICTS = Page("conflicts", QT_TRANSLATE_NOOP("workspace", "冲突"),
                 lambda runner, parent: ConflictsPage(runner, parent), count=conflict_count)

#: The county's enrolled laptops, longest silent first (desktop/county/devices.py).
DEVICES = Page("devices", QT_TRANSLATE_NOOP("workspace", "设备"),
               lambda runner, parent: DevicesPage(runner, parent))

SUBSIDY = Page("subsidy", QT_TRANSLATE_NOOP("workspace", "补贴名单"),
               lambda runner, parent: SubsidyPage(runner, parent))
POLICY = Page("policy", QT_TRANSLATE_NOOP("workspace", "政策"),
              lambda runner, parent: PolicyPage(runner, parent))

LEDGERS = Page("ledgers", QT_TRANSLATE_NOOP("workspace", "台账"),
               lambda runner, parent: LedgersPage(runner, parent))

DUPLICATES = Page("duplicates", QT_TRANSLATE_NOOP("workspace", "重复人员"),
                  lambda runner, parent: DuplicatesPage(runner, parent))

#: The pages of each role, in navigation order; the first one opens.
WORKSPACES: dict[str, list[Page]] = {
    VILLAGE: [WORKLIST, HOUSEHOLDS, COUNTED_ALERTS],
    SITE: [DESK, HOUSEHOLDS, ALERTS],
    TOWNSHIP: [DASHBOARD, HOUSEHOLDS, WORKLIST, DASHBOARD_ALERTS, LEDGERS],
    COUNTY: [DASHBOARD, HOUSEHOLDS, CONFLICTS, DUPLICATES, DASHBOARD_ALERTS, WORKLIST, SUBSIDY,
             LEDGERS, DEVICES, POLICY],
}

ROLE_TITLES = {
    VILLAGE: QT_TRANSLATE_NOOP("workspace", "村级工作台"),
    SITE: QT_TRANSLATE_NOOP("workspace", "安置点服务站"),
    TOWNSHIP: QT_TRANSLATE_NOOP("workspace", "乡镇工作台"),
    COUNTY: QT_TRANSLATE_NOOP("workspace", "县级工作台"),
}


def role_of(store: Store) -> str:
    """The profile's role: the enrolment's, else read from its scope (module docstring)."""
    connection = load_connection(store)
    if connection is not None and connection.role in ROLES:
        return connection.role
    return role_of_scope(store.default_scope)


def role_of_scope(scope: str) -> str:
    """village for a 12-digit village code, township for xxxxxxxxx000, else county."""
    code = (scope or "").ljust(12, "0")
    if not code.endswith("000"):
        return VILLAGE
    if not code[6:9].strip("0"):
        return COUNTY
    return TOWNSHIP
