"""Place names on screens: each page keeps a ``PlaceNames`` snapshot read on the DB thread.

``PlaceWatch`` reads the edition plus the profile's overrides (``registry.places``) when
the page asks, once it is built (the edition's first load happens on the DB thread, never
on the GUI thread), and again after a write or a sync touching the ``place_name`` list;
it then calls the page back. Until the first read arrives a page shows codes (``cell`` with ``None``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from desktop.background import BackgroundRunner, QueryOp
from desktop.ops import touches
from registry.places import PLACE_NAME_LIST, PlaceNames, places_of
from registry.store import Changes


def read_places(runner: BackgroundRunner, parent: QWidget | None) -> QueryOp[PlaceNames]:
    """The edition with this profile's overrides (DB thread)."""
    return QueryOp(runner, parent, places_of)


def cell(places: PlaceNames | None, code: str) -> str:
    """A code's short name for a table cell (the code until names are read)."""
    return places.name(code) if places is not None and code else code


def tip(places: PlaceNames | None, code: str) -> str:
    """A code's tooltip: the full name and the code ("婺源县思口镇思溪村\\n361130104201")."""
    if places is None or not code:
        return code
    full = places.full(code)
    return code if full == code else f"{full}\n{code}"


class PlaceWatch(QObject):
    """Keeps ``page``'s names current: calls ``on_names(places)`` after each read. The
    page calls ``reload()`` once it holds the watch (a synchronous runner answers at once)."""

    def __init__(self, runner: BackgroundRunner, page: QWidget,
                 on_names: Callable[[PlaceNames], None]) -> None:
        super().__init__(page)
        self.runner, self.page, self.on_names = runner, page, on_names
        self.places: PlaceNames | None = None
        runner.changed.connect(self._changed)

    def reload(self) -> None:
        """Read the names again (DB thread)."""
        read_places(self.runner, self.page).without_progress().success(self._read).run()

    def _read(self, places: PlaceNames) -> None:
        self.places = places
        self.on_names(places)

    def _changed(self, changes: Changes, _initiator: object) -> None:
        if touches(changes, PLACE_NAME_LIST):
            self.reload()
