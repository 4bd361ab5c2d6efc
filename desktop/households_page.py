"""农户: search, the household list and the selected household's members (one page of the
workspace)."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import ops, village_ops
from desktop.background import BackgroundRunner
from desktop.form_for import FormPerson, who_text
from desktop.models import HouseholdTableModel, IdRole, PersonTableModel, SortRole
from desktop.ops import ANY_LIST, touches
from registry.store import Changes, Entity
from registry.views import HouseholdRow

SEARCH_DELAY_MS = 250


def _table(model: QAbstractItemModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _sorted(model: QAbstractItemModel) -> tuple[QTableView, QSortFilterProxyModel]:
    """A view sorting a small in-memory list on the native values (``SortRole``)."""
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    view = _table(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return view, proxy


class HouseholdsPage(QWidget):
    """农户: households on top, members below; the search box finds people and households.

    It holds the runner, never the store; after each write (``runner.changed``) it redraws
    only the household rows and members that the write touched. Every request that fills a
    list carries a generation, checked when its answer arrives: an older request's answer
    (the members of the household selected before the box was cleared ...) never
    replaces a newer one's. A double-click (or Enter)
    on a household or person asks the workspace to open its page (``open_household``).
    """

    open_household = Signal(str)

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.households = HouseholdTableModel(self, fetch=self._fetch_households)
        self.people = PersonTableModel(self)
        self.household_view = _table(self.households)  # paged and sorted in SQL
        self.household_view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.household_view.setSortingEnabled(True)
        self.people_view, _ = _sorted(self.people)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索：姓名、拼音或首字母（如 zs）、身份证后几位、户编号"))
        self.search.setClearButtonEnabled(True)
        self.status = QLabel()
        self._shown_household: str | None = None
        self._query = 0  # generation of the household list: each reload or search
        self._people_asked = 0  # generation of the people list: each members or search
        self._people_shown = 0  # the generation the people list shows
        self._counts = ""
        self._found_nothing = False  # the last search found nobody: the status says so
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.household_view.selectionModel().currentRowChanged.connect(self._household_selected)
        self.household_view.doubleClicked.connect(
            lambda index: self.open_household.emit(index.data(IdRole)))
        self.people_view.doubleClicked.connect(self._person_opened)
        QVBoxLayout(self).addWidget(self._layout())
        self.layout().setContentsMargins(0, 0, 0, 0)
        runner.changed.connect(self.redraw)
        self._read = False  # the first page read (or asked for) since the page was made
        # Made at start-up in every workspace, never the page the window opens on: its first
        # read is queued once the window is built, behind the reads of the page shown first
        # (at a county, 0.4-0.5 s on the DB thread ahead of the dashboard's first paint).
        QTimer.singleShot(0, self, self._first_read)

    def _first_read(self) -> None:
        if not self._read:
            self.reload()
        else:  # a search came first: its results stand, the counts under them are read
            self.refresh_counts()

    def _layout(self) -> QWidget:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("查找")))
        top.addWidget(self.search, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._titled(self.tr("户列表"), self.household_view))
        splitter.addWidget(self._titled(self.tr("家庭成员 / 查找结果"), self.people_view))
        splitter.setSizes([420, 300])
        root = QWidget()
        layout = QVBoxLayout(root)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        return root

    @staticmethod
    def _titled(title: str, view: QTableView) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(title)
        label.setStyleSheet("font-weight: bold")
        layout.addWidget(label)
        layout.addWidget(view)
        return box

    def _person_opened(self, index: QModelIndex) -> None:
        person_id = index.data(IdRole)
        if person_id:
            village_ops.household_of(self.runner, self, person_id).success(
                lambda household: household and self.open_household.emit(household)).run()

    def form_person(self) -> FormPerson | None:
        """The person selected in the lower list (a member or a person found), as a form of
        新建表单 opened on this page is for them; ``None`` when no one is selected."""
        index = self.people_view.currentIndex()
        person_id = index.data(IdRole) if index.isValid() else None
        person = next((p for p in self.people.rows() if p.id == person_id), None)
        if person is None:
            return None
        household = person.props.get("household_id")
        head = next((r.head_name for r in self.households.rows() if r.id == household), "")
        return FormPerson(person.id, who_text(str(person.props.get("name") or ""), head or ""))

    # -- reading -------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the first page of households, then the counts (on the DB thread)."""
        self._read = True
        self._query += 1
        self.households.request(0)
        self.refresh_counts()

    def _fetch_households(self, offset: int, order: str, descending: bool) -> None:
        """Read one page for the household model (its ``fetchMore`` or a header click)."""
        query = self._query
        ops.household_page(self.runner, self, limit=self.households.PAGE, offset=offset,
                           order=order, descending=descending).with_progress(
            self.tr("正在读取…")).success(
                lambda rows: self._show_page(offset, rows, query=query)).run()

    def _show_page(self, offset: int, rows: list[HouseholdRow], *, query: int) -> None:
        self.households.add_page(offset, rows)
        if offset == 0:
            self.household_view.resizeColumnsToContents()
            if rows and query == self._query:  # else a search was asked for since: its
                self.household_view.selectRow(0)  # people, not this row's, are shown

    def refresh_counts(self) -> None:
        """Re-read the numbers of households and people under the lists."""
        ops.counts(self.runner, self).success(self._show_counts).run()

    def _show_counts(self, counts: tuple[int, int]) -> None:
        households, people = counts
        self._counts = self.tr("共 %n 户", "", households) + self.tr("，%n 人", "", people)
        self._show_status()

    def _show_status(self) -> None:
        self.status.setText(self.tr("没有找到符合条件的人或户。") if self._found_nothing
                            else self._counts)

    def _household_selected(self, current, _previous) -> None:  # noqa: ANN001
        household_id = current.data(IdRole) if current.isValid() else None
        if household_id:
            self.show_members(household_id)

    def show_members(self, household_id: str) -> None:
        """Show the people of one household in the lower list."""
        self._shown_household = household_id
        asked = self._ask_people()
        ops.members(self.runner, self, household_id).success(
            lambda people: self._show_people(people, asked=asked)).run()

    def _ask_people(self) -> int:
        """A new generation for the people list: answers to older requests are dropped."""
        self._people_asked += 1
        return self._people_asked

    def run_search(self) -> None:
        """Search people and households by what was typed."""
        text = self.search.text().strip()
        if not text:
            self._found_nothing = False
            self.reload()
            return
        self._shown_household = None
        self._read = True
        self._query += 1
        query, asked = self._query, self._ask_people()
        ops.search(self.runner, self, text).with_progress(self.tr("正在搜索…")).success(
            lambda found: self._show_search(found, query=query, asked=asked)).run()

    def _show_search(self, found: list[Entity], *, query: int, asked: int) -> None:
        if query != self._query:
            return  # the box changed since: a newer search (or the whole list) is coming
        people = [e for e in found if e.entity_list == "person"]
        self._show_people(people, asked=asked, found=True)
        self._found_nothing = not found
        self._show_status()
        # the households found, then those of the people found: the list above shows
        # what the search found, never the households shown before it
        wanted = [e.id for e in found if e.entity_list == "household"]
        wanted += [e.props["household_id"] for e in people if e.props.get("household_id")]
        wanted = list(dict.fromkeys(wanted))
        if not wanted:
            self._show_households([], query=query, select=False)
            return
        ops.households(self.runner, self, wanted).success(
            lambda rows: self._show_households(rows, query=query, select=not people)).run()

    def _show_households(self, rows: list[HouseholdRow], *, query: int, select: bool) -> None:
        """Show exactly ``rows`` (search results: no further pages); ``select``: show the
        first one's members (when the search found no people to show instead)."""
        if query != self._query:
            return
        self.households.set_rows(rows)
        self.people.set_household_numbers({row.id: row.household_no for row in rows})
        self.household_view.resizeColumnsToContents()
        if rows and select:
            self.household_view.selectRow(0)

    def _show_people(self, people: list[Entity], *, asked: int, found: bool = False) -> None:
        """Show ``people`` below: a household's members, or the people a search
        ``found`` (with their 户编号)."""
        if asked != self._people_asked:
            return  # a newer request for the people list was made since
        self._people_shown = asked
        self.people.set_rows(people)
        self.people_view.setColumnHidden(PersonTableModel.COL_HOUSEHOLD, not found)
        self.people_view.resizeColumnsToContents()

    # -- redrawing what changed -------------------------------------------------------------
    def redraw(self, changes: Changes, _initiator: object = None) -> None:
        """Redraw what a write changed: the touched household rows, the shown members
        (nothing before the first read: it reads them as they are then)."""
        if not self._read or not touches(changes, "household", "person"):
            return
        if ANY_LIST in changes.lists:
            self._read_again()
            return
        ids = [*changes.created, *changes.updated, *changes.deleted]
        if "household" in changes.lists and (changes.created or changes.deleted):
            self._read_again()  # the set of households changed: the lists are read again
        else:
            ops.households_touched(self.runner, self, ids).success(
                self.households.update_rows).run()
            if changes.created or changes.deleted:
                self.refresh_counts()
        self._redraw_people(set(ids))

    def _read_again(self) -> None:
        """Read the lists again for what the box holds: the search, or the whole list."""
        if self.search.text().strip():
            self.refresh_counts()
        self.run_search()

    def _redraw_people(self, ids: set[str]) -> None:
        asked = self._people_asked
        if self._people_shown != asked:
            return  # a request for the people list is under way: its answer is newer
        household = self._shown_household
        if household is not None:
            ops.members_if_touched(self.runner, self, household, ids).success(
                lambda people: people is not None and self._show_people(
                    people, asked=asked)).run()
        elif self.people.ids() & ids:
            ops.entities(self.runner, self, [r.id for r in self.people.rows()]).success(
                lambda people: self._show_people(people, asked=asked, found=True)).run()
