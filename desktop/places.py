"""Place names on screens: each page keeps a ``PlaceNames`` snapshot read on the DB thread.

``PlaceWatch`` reads the edition plus the profile's overrides (``registry.places``) when
the page is first shown (the edition's first load happens on the DB thread, never on the
GUI thread, and never at start-up), and again after a write or a sync touching the
``place_name`` list; it then calls the page back. Until the first read arrives a page shows codes (``cell`` with ``None``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QWidget

from desktop.background import BackgroundRunner, QueryOp
from desktop.ops import touches
from desktop.text import bracketed, fill
from registry.places import PLACE_NAME_LIST, PlaceNames, places_of
from registry.store import Changes


def read_places(runner: BackgroundRunner, parent: QWidget | None) -> QueryOp[PlaceNames]:
    """The edition with this profile's overrides (DB thread)."""
    return QueryOp(runner, parent, places_of)


def cell(places: PlaceNames | None, code: str) -> str:
    """A code's short name for a table cell (the code until names are read)."""
    return places.name(code) if places is not None and code else code


#: A village code without a name, under a named township ("思口镇未命名村"), and alone.
UNNAMED_UNDER = QT_TRANSLATE_NOOP("places", "%1未命名村")
UNNAMED = QT_TRANSLATE_NOOP("places", "未命名村")


def village_cell(places: PlaceNames | None, code: str) -> str:
    """A village's short name (``cell``); a village code that neither the edition nor the
    county's overrides name reads "思口镇未命名村（299）" under a named township ("思口镇
    unnamed village (299)" in English), else "未命名村（104299）" (the digits past the
    county); the code until names are read."""
    name = cell(places, code)
    if places is None or name != code or len(code) != 12 or not code.isdigit():
        return name
    township = places.name(code[:9])
    if township != code[:9]:
        return bracketed(fill(_tr(UNNAMED_UNDER), township), code[9:])
    return bracketed(_tr(UNNAMED), code[6:])


def _tr(text: str) -> str:
    return QCoreApplication.translate("places", text)


def label(places: PlaceNames | None, code: str) -> str:
    """A code's short name with the code in the UI language's brackets ("思口镇思溪村（361130104201）",
    "思口镇思溪村 (361130104201)" in English); the code alone until names are read."""
    name = cell(places, code)
    return code if name == code else bracketed(name, code)


def tip(places: PlaceNames | None, code: str) -> str:
    """A code's tooltip: the full name and the code ("婺源县思口镇思溪村\\n361130104201")."""
    if places is None or not code:
        return code
    full = places.full(code)
    return code if full == code else f"{full}\n{code}"


class PlaceWatch(QObject):
    """Keeps ``page``'s names current: calls ``on_names(places)`` after each read.

    The page calls ``start()`` once it holds the watch (a synchronous runner answers at
    once). The first read waits until the page is first shown, so the pages a workspace
    builds at start-up cost nothing until an officer opens one."""

    def __init__(self, runner: BackgroundRunner, page: QWidget,
                 on_names: Callable[[PlaceNames], None]) -> None:
        super().__init__(page)
        self.runner, self.page, self.on_names = runner, page, on_names
        self.places: PlaceNames | None = None
        self._started = False
        runner.changed.connect(self._changed)

    def start(self) -> None:
        """Read now if the page is shown, else when it is first shown."""
        if self.page.isVisible():
            self.reload()
        else:
            self.page.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """The page's first show: read the names."""
        if watched is self.page and event.type() == QEvent.Type.Show:
            self.page.removeEventFilter(self)
            self.reload()
        return False

    def reload(self) -> None:
        """Read the names again (DB thread)."""
        self._started = True
        read_places(self.runner, self.page).without_progress().success(self._read).run()

    def _read(self, places: PlaceNames) -> None:
        self.places = places
        self.on_names(places)

    def _changed(self, changes: Changes, _initiator: object) -> None:
        if self._started and touches(changes, PLACE_NAME_LIST):
            self.reload()
