"""The main window: the role's workspace — a navigation pane on the left (with counts), its
pages on the right (``desktop.workspace.WORKSPACES``), and the household page."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.accounts_dialog import AccountsMenu
from desktop.autosync import automatic_enabled, save_automatic
from desktop.background import BackgroundRunner
from desktop.county.alert_runs import AlertWarmer
from desktop.drafts import DraftsController
from desktop.form_for import FormPerson, open_from_menu
from desktop.forms.dialog import new_form_menu
from desktop.household_page import HouseholdPage
from desktop.households_page import HouseholdsPage
from desktop.i18n import settings as app_settings
from desktop.language_menu import LanguageMenu
from desktop.register_dialog import RegisterDialog
from desktop.sync_menu import SyncMenu
from desktop.sync_status import install_sync_status
from desktop.sync_ui import summary
from desktop.text import fill
from desktop.workspace import (
    COUNTY,
    HOUSEHOLDS,
    ROLE_TITLES,
    TOWNSHIP,
    WORKSPACES,
    Page,
    role_of,
)
from registry.store import Changes
from sync.client import SyncResult

KeyRole = Qt.ItemDataRole.UserRole + 10


class LazyPages(Mapping[str, QWidget]):
    """The role's pages by key. A page is made (and so runs its first read) the first time
    it is asked for: when it is first shown, not when the window opens. A county's hidden
    pages (预警, 本月走访 …) would otherwise read the whole county at start, one after
    another on the database thread, with the user's first action queued behind them."""

    def __init__(self, make: Callable[[str], QWidget]) -> None:
        self._make = make
        self._keys: list[str] = []
        self._made: dict[str, QWidget] = {}

    def add(self, key: str) -> None:
        """List ``key`` (its page is made on first use)."""
        self._keys.append(key)

    def made(self, key: str) -> QWidget | None:
        """The page ``key`` if it was made already (never makes it)."""
        return self._made.get(key)

    def __getitem__(self, key: str) -> QWidget:
        if key not in self._keys:
            raise KeyError(key)
        if key not in self._made:
            self._made[key] = self._make(key)
        return self._made[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class MainWindow(QMainWindow):
    """The workspace of the profile's role. It holds the runner, never the store.

    ``pages[key]`` are the role's pages, each made when first shown (``LazyPages``; until
    then an empty placeholder holds its place in the stack); ``household_page`` shows one
    household; the
    household list (``households_page``) is in every workspace, and its parts stay
    reachable as ``households``, ``people``, ``search`` and ``status``.
    """

    def __init__(self, runner: BackgroundRunner, *, settings: QSettings | None = None,
                 role: str | None = None) -> None:
        super().__init__()
        self.runner = runner
        self.role = role or runner.call(role_of)  # start-up, before the window shows
        self.setWindowTitle(fill(self.tr("就业帮扶通 — %1"), _role_title(self.role)))
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(220)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setStyleSheet("QListWidget { font-size: 15px; } QListWidget::item"
                               " { padding: 8px 6px; }")
        self.stack = QStackedWidget()
        self.pages = LazyPages(self._make)
        self.specs: dict[str, Page] = {}
        self._slots: dict[str, QWidget] = {}
        for spec in WORKSPACES[self.role]:
            self._mount(spec)
        if HOUSEHOLDS.key not in self.specs:
            self._mount(HOUSEHOLDS)
        self.households_page: HouseholdsPage = self.pages[HOUSEHOLDS.key]  # type: ignore[assignment]
        self.household_page = HouseholdPage(runner, self)
        self.household_page.back.connect(self._back)
        self.household_page.register = self.register_member
        self.stack.addWidget(self.household_page)
        self.register_button = QPushButton(self.tr("登记新人员"))
        self.register_button.clicked.connect(lambda: self.register_person())
        self.setCentralWidget(self._layout())
        self._menus(runner, settings)
        self.nav.currentItemChanged.connect(self._nav_changed)
        runner.changed.connect(self._changed)
        QShortcut(QKeySequence.StandardKey.Find, self, self._find)
        self._previous = 0
        self.nav.setCurrentRow(0)
        self.refresh_counts()
        if self.role in (TOWNSHIP, COUNTY):  # their alerts count is a full run: kept warm
            self.alert_warmer = AlertWarmer(runner, self)
            self.alert_warmer.refreshed.connect(self.refresh_counts)
        self.resize(1180, 740)
        self.drafts.announce()

    def _automatic_sync(self, runner: BackgroundRunner, store: QSettings) -> None:
        """The status indicator, the automatic sync (on unless the user turned it off) and
        the 同步 menu's 联网时自动同步 switch, remembered."""
        on = automatic_enabled(store)
        self.auto_sync, self.sync_status = install_sync_status(self, runner, self.sync_menu,
                                                               automatic=on)
        self.sync_status.open_household.connect(self.show_household)
        self.automatic_action = self.sync_menu.addAction(self.tr("联网时自动同步"))
        self.automatic_action.setCheckable(True)
        self.automatic_action.setChecked(on)
        self.automatic_action.toggled.connect(lambda checked: self._set_automatic(store, checked))

    def _set_automatic(self, store: QSettings, on: bool) -> None:
        save_automatic(store, on)
        if on:
            self.auto_sync.start()
        else:
            self.auto_sync.stop()

    # -- frame ---------------------------------------------------------------------------
    def _mount(self, spec: Page) -> None:
        """List ``spec`` in the navigation, with a placeholder in the stack for its page."""
        self.specs[spec.key] = spec
        self.pages.add(spec.key)
        self._slots[spec.key] = QWidget()
        self.stack.addWidget(self._slots[spec.key])
        item = QListWidgetItem(spec.shown_title())
        item.setData(KeyRole, spec.key)
        self.nav.addItem(item)

    def _make(self, key: str) -> QWidget:
        """Make page ``key`` in its placeholder's place and connect its signals."""
        spec, placeholder = self.specs[key], self._slots[key]
        page = spec.factory(self.runner, self)
        index = self.stack.indexOf(placeholder)
        self.stack.insertWidget(index, page)
        if self.stack.currentWidget() is placeholder:
            self.stack.setCurrentWidget(page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self._slots[key] = page
        if hasattr(page, "open_household"):
            page.open_household.connect(self.show_household)
        if hasattr(page, "counted"):
            page.counted.connect(lambda text, key=spec.key: self._show_count(key, text))
        if hasattr(page, "open_page"):
            page.open_page.connect(self.open_page)
        if hasattr(page, "pages_shown"):  # a page pointing to others hears which there are
            page.pages_shown(set(self.specs))
        if hasattr(page, "counts_changed"):
            page.counts_changed.connect(self.refresh_counts)
        return page

    def _layout(self) -> QWidget:
        side = QVBoxLayout()
        brand = QLabel(self.tr("就业帮扶通"))
        brand.setStyleSheet("font-size: 17px; font-weight: bold")
        side.addWidget(brand)
        side.addWidget(QLabel(_role_title(self.role)))
        side.addWidget(self.nav, 1)
        side.addWidget(self.register_button)
        root = QWidget()
        layout = QHBoxLayout(root)
        layout.addLayout(side)
        layout.addWidget(self.stack, 1)
        return root

    def _menus(self, runner: BackgroundRunner, settings: QSettings | None) -> None:
        self.menuBar().addMenu(new_form_menu(self, open_form=lambda entry: open_from_menu(
            self, runner, entry.path, entry.title, self.form_person())))
        self.drafts = DraftsController(runner, self)
        self.menuBar().addAction(self.drafts.action)
        self.sync_menu = SyncMenu(runner, self)
        self.menuBar().addMenu(self.sync_menu)
        self.sync = self.sync_menu.controller
        self._automatic_sync(runner, settings if settings is not None else app_settings())
        self.sync.finished.connect(self._synced)
        self._sync_summary = ""  # the last sync's summary while the status bar shows it
        self.sync.failed.connect(lambda _exc, _quiet: self._drop_sync_summary())
        self.auto_sync.reachability.connect(
            lambda reachable: None if reachable else self._drop_sync_summary())
        self.sync_action = self.sync_menu.sync_action
        self.accounts_menu = AccountsMenu(runner, self)
        self.menuBar().addMenu(self.accounts_menu)
        self.language_menu = LanguageMenu(self, settings)
        self.menuBar().addMenu(self.language_menu)

    def current_key(self) -> str:
        """The key of the page shown ("household" for the household page)."""
        widget = self.stack.currentWidget()
        if widget is self.household_page:
            return "household"
        return next(key for key, page in self._slots.items() if page is widget)

    def form_person(self) -> FormPerson | None:
        """Whom a form of 新建表单 is for: the person selected on the page shown (its
        ``form_person()``), else nobody; a hidden page's selection is never used."""
        chooser = getattr(self.stack.currentWidget(), "form_person", None)
        return chooser() if callable(chooser) else None

    def show_page(self, key: str) -> None:
        """Show the role's page ``key`` (selects it in the navigation)."""
        for row in range(self.nav.count()):
            if self.nav.item(row).data(KeyRole) == key:
                self.nav.setCurrentRow(row)
                self.stack.setCurrentWidget(self.pages[key])

    def open_page(self, key: str, wanted: str = "") -> None:
        """Show page ``key`` narrowed to ``wanted`` (the alerts page: a kind), if the role
        has that page; a page's ``show_filter(wanted)`` applies it."""
        if key in self.pages:
            self.show_page(key)
            if hasattr(self.pages[key], "show_filter"):
                self.pages[key].show_filter(wanted)

    def _nav_changed(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.stack.setCurrentWidget(self.pages[item.data(KeyRole)])

    def show_household(self, household_id: str) -> None:
        """Open the household page of ``household_id``."""
        if household_id:
            if self.stack.currentWidget() is not self.household_page:
                self._previous = self.stack.currentIndex()
            self.household_page.show_household(household_id)
            self.stack.setCurrentWidget(self.household_page)

    def _back(self) -> None:
        self.stack.setCurrentIndex(self._previous)

    def _find(self) -> None:
        page = self.stack.currentWidget()
        if hasattr(page, "focus_search"):  # a page with its own search (the desk's lookup)
            page.focus_search()
            return
        self.show_page(HOUSEHOLDS.key)
        self.households_page.search.setFocus()

    # -- counts --------------------------------------------------------------------------
    def refresh_counts(self) -> None:
        """Re-read the counts shown in the navigation (pages with a ``count``)."""
        for key, spec in self.specs.items():
            if spec.count is not None:
                spec.count(self.runner, self).success(
                    lambda n, key=key: self._show_count(key, str(n))).run()

    def _show_count(self, key: str, text: str) -> None:
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if item.data(KeyRole) == key:
                title = self.specs[key].shown_title()
                item.setText(f"{title}  {text}" if text else title)

    def _changed(self, changes: Changes, _initiator: object = None) -> None:
        if changes.lists or changes.change_ids:
            self.refresh_counts()

    # -- registration --------------------------------------------------------------------
    def register_person(self, household_id: str | None = None) -> RegisterDialog:
        """登记新人员: the search-first registration (for ``household_id``: a new member)."""
        dialog = RegisterDialog(self.runner, self, household_id=household_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_household.connect(self.show_household)
        dialog.registered.connect(self.show_household)
        dialog.open()
        return dialog

    def register_member(self, household_id: str) -> None:
        """新增成员 of the household page."""
        self.register_person(household_id)

    # -- the household list's parts (kept for the screens and tests that use them) ---------
    @property
    def households(self):  # noqa: ANN201
        return self.households_page.households

    @property
    def people(self):  # noqa: ANN201
        return self.households_page.people

    @property
    def household_view(self):  # noqa: ANN201
        return self.households_page.household_view

    @property
    def people_view(self):  # noqa: ANN201
        return self.households_page.people_view

    @property
    def search(self):  # noqa: ANN201
        return self.households_page.search

    @property
    def status(self):  # noqa: ANN201
        return self.households_page.status

    def run_search(self) -> None:
        """Search the household list (``HouseholdsPage.run_search``)."""
        self.households_page.run_search()

    def reload(self) -> None:
        """Read the household list again."""
        self.households_page.reload()

    def _synced(self, result: SyncResult) -> None:
        self._sync_summary = summary(result)
        self.statusBar().showMessage(self._sync_summary)

    def _drop_sync_summary(self) -> None:
        """The network went away or a sync failed: a summary of the sync before (同步完成…)
        no longer says what is true; the indicator beside it says 未联网 and when the last
        sync was."""
        if self._sync_summary and self.statusBar().currentMessage() == self._sync_summary:
            self.statusBar().clearMessage()
        self._sync_summary = ""


def _role_title(role: str) -> str:
    return QCoreApplication.translate("workspace", ROLE_TITLES[role])
