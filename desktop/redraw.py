"""Stale-on-change redraw, shared by the pages that show lists read on the DB thread.

``Redraw(runner, page, reload, lists=(...), delay_ms=...)`` hooks the runner's ``changed``
broadcast. A broadcast that concerns the page (it touches one of ``lists``; with
``records=True`` also any journaled write; with ``lists=None`` any list at all) marks the
page stale; a shown page then re-reads after ``delay_ms``, a hidden one when it is next
shown. The delay is restarted by each broadcast, so a burst (a sync pulling many batches,
a bulk grant) costs one read; a page shown again after the burst is over (its last
broadcast ``delay_ms`` ago or more) re-reads at once, as there is nothing left to wait for.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from desktop.background import BackgroundRunner
from desktop.ops import touches
from registry.store import Changes


def concerns(changes: Changes, *, lists: Collection[str] | None, records: bool) -> bool:
    """True if ``changes`` may change what a page watching ``lists`` shows.

    ``lists=None`` watches every list; ``records=True`` also counts any journaled write."""
    if records and changes.change_ids:
        return True
    if lists is None:
        return bool(changes.lists)
    return touches(changes, *lists)


class Redraw(QObject):
    """Re-reads ``page`` (``reload()``) after broadcasts that concern it, once per burst.

    ``on_change(changes, initiator)``, when given, runs at once for each broadcast that
    concerns the page (before the delayed read), for what a page does besides re-reading.
    """

    def __init__(self, runner: BackgroundRunner, page: QWidget, reload: Callable[[], None], *,
                 lists: Collection[str] | None, records: bool = False, delay_ms: int,
                 on_change: Callable[[Changes, object], None] | None = None) -> None:
        super().__init__(page)
        self.page, self.reload = page, reload
        self.lists = None if lists is None else frozenset(lists)
        self.records, self.on_change = records, on_change
        #: a broadcast concerned the page since its last read by this helper
        self.stale = False
        self.delay_ms = delay_ms
        self.timer = QTimer(self, singleShot=True, interval=delay_ms)
        self.timer.timeout.connect(self._fire)
        self._since_change = QElapsedTimer()  #: since the last broadcast that concerned it
        runner.changed.connect(self._changed)
        page.installEventFilter(self)

    def _changed(self, changes: Changes, initiator: object) -> None:
        if not concerns(changes, lists=self.lists, records=self.records):
            return
        if self.on_change is not None:
            self.on_change(changes, initiator)
        self.stale = True
        self._since_change.start()
        if self.page.isVisible():
            self.timer.start(self.delay_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """The page shown again while stale: re-read once the delay since the last
        broadcast is over (at once if it is: the burst ended while the page was hidden).

        The event's type is looked at first: a page being destroyed still passes its last
        events here after Python has let go of this helper's attributes (never a Show)."""
        if (event.type() == QEvent.Type.Show and watched is self.page and self.stale
                and not self.timer.isActive()):
            self.timer.start(max(0, self.delay_ms - self._since_change.elapsed()))
        return False

    def _fire(self) -> None:
        self.stale = False
        self.reload()
