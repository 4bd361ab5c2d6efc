"""Background work, as Anki's QueryOp / CollectionOp: the runner owns the store.

``BackgroundRunner(store)`` owns the open store and its one DB thread; no widget holds
the store. Widgets hand it work as functions of the store:

- ``QueryOp(runner, parent, lambda store: ...)`` reads; ``.on_reader()`` moves a long
  read to the read lane: a second DB thread on the store's read-only twin
  (``store.reader()``), so it neither waits behind the DB thread nor holds it up;
  ``.on_export_lane()`` moves a ledger export (minutes at a county) to a lane of its own
  (``store.reader(EXPORT_LANE)``), so it holds up neither the writes nor the other long
  reads (the alert counts, the work list);
- ``CollectionOp(runner, parent, lambda store: changes)`` writes and returns a
  ``registry.store.Changes`` (or a value with a ``changes`` attribute), which the runner
  broadcasts on the GUI thread with its ``changed`` signal, so each screen redraws what
  changed;
- ``NetworkOp(runner, parent, lambda: ...)`` talks to the network without the store, on a
  separate pool, so a slow server never holds up reads and writes.

Every op: ``.success(cb)``, ``.failure(cb)`` (default: the one error presenter),
``.with_progress(label)`` / ``.without_progress()``, then ``.run()``. Store work runs on
one thread in the order it was queued (reads serialised with writes); a busy dialog
appears only if the work outlasts ``PROGRESS_DELAY_MS``. Read-lane work runs in order on
its own thread, in parallel with the DB thread: it sees the last committed state when it
starts (a write queued meanwhile commits without waiting for it), so screens keep
re-reading when ``changed`` arrives. A store without a reader runs lane work on the DB
thread, and export-lane work on the read lane. Workers never touch widgets:
outcomes are delivered on the GUI thread, and dropped if the widget that asked is gone.
``desktop/ops.py`` has the one-line verb factories built on these.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

import shiboken6
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.errors import show_error
from desktop.memory import release_free_memory
from registry.store import EXPORT_LANE, READ_LANE, Changes, ConcurrentUse, Store

PROGRESS_DELAY_MS = 600
# What a busy dialog says for work that gave no label (translated where it is shown).
BUSY_LABEL = QT_TRANSLATE_NOOP("Background", "正在处理，请稍候…")
#: Work that ran this long (seconds) gives the memory it freed back to the system after.
LONG_WORK_S = 0.25
NETWORK_THREADS = 2

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Identity:
    """Who works on this laptop (plain values copied from the store when it opened)."""

    user: str
    device: str
    scope: str


Outcome = Callable[[bool, Any], None]  # (succeeded, result or exception)


#: The lane whose work the calling thread is running, if any (for the thread check).
_running = threading.local()


class _Lane:
    """The work queued or running on one single-thread pool (the DB thread or the read
    lane) and the thread running it; with the thread check on, it says whether a thread
    may use that pool's connection now."""

    def __init__(self, runner: BackgroundRunner, name: str) -> None:
        self._runner = weakref.ref(runner)
        self.name = name
        self.gui = threading.get_ident()  # runners are made on the GUI thread
        self.queued = 0  # queued or running
        self.thread: int | None = None  # the thread running this lane's work
        self._count = threading.Lock()

    def queue(self, work: Callable[[], Any]) -> Callable[[], Any]:
        """Count ``work`` in; the returned callable runs it as this lane's (counted out
        when it ends, before its outcome is reported)."""
        with self._count:
            self.queued += 1

        def run() -> Any:
            self.thread, _running.lane = threading.get_ident(), self
            try:
                return work()
            finally:
                self.thread, _running.lane = None, None
                with self._count:
                    self.queued -= 1

        return run

    def check(self) -> None:
        """Raise ``ConcurrentUse`` unless the calling thread may use the connection now:
        the lane's own thread while it runs work; the GUI thread while the lane is idle
        (nothing can start before the GUI thread queues it); any thread once the runner
        is stopped and idle. Another runner's worker is refused while this runner takes
        work: two runners on one store are two threads on one connection."""
        runner = self._runner()
        me = threading.get_ident()
        if runner is None or self.thread == me:
            return
        if self.queued == 0 and (me == self.gui or not runner.accepting):
            return
        other = getattr(_running, "lane", None)
        if other is not None and other._runner() is not runner:
            raise ConcurrentUse(
                f"the {other.name} of another runner used this store while its own runner "
                "takes work: two runners on one store use one connection from two threads;"
                " share one runner, or stop() the first")
        where = "the GUI thread" if me == self.gui else f"thread {me}"
        raise ConcurrentUse(
            f"the store's connection was used on {where} while the runner's {self.name} "
            f"has {self.queued} piece(s) of work queued or running (or, off the GUI thread,"
            " may have at any time): read through runner.call(...), or wait until "
            "runner.idle() on the GUI thread")


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], report: Outcome) -> None:
        super().__init__()
        self._work = work
        self._report = report

    def run(self) -> None:
        started = time.perf_counter()
        try:
            result = self._work()
        except BaseException as exc:  # handed to the GUI thread, shown there
            self._report(False, exc)
        else:
            self._report(True, result)
        finally:
            if time.perf_counter() - started > LONG_WORK_S:
                release_free_memory()  # long work's scratch memory back to the system


class BackgroundRunner(QObject):
    """Owns the store, its DB thread, its read lane and a network pool; broadcasts every
    write.

    Outcomes travel back through one queued signal of the runner, so a runner that is gone
    takes its undelivered outcomes with it. With ``synchronous=True`` (tests, benchmarks)
    work runs at once on the calling thread and its outcome is delivered before ``run``
    returns.
    """

    #: Tests turn this on: every statement of a runner's store then checks that no other
    #: thread is using the connection (see ``_Lane.check``); the app runs without it.
    check_threads: ClassVar[bool] = False
    #: Every runner alive, so tests can stop them all before their store closes.
    _live: ClassVar[weakref.WeakSet[BackgroundRunner]] = weakref.WeakSet()

    #: (Changes, the widget whose op made them or None), on the GUI thread after each write
    changed = Signal(object, object)
    _finished = Signal(int, bool, object)  # (token, succeeded, value), from the workers

    def __init__(self, store: Store, parent: QObject | None = None, *,
                 synchronous: bool = False) -> None:
        super().__init__(parent)
        self._store = store
        self.synchronous = synchronous
        self.identity = Identity(store.user, store.device, store.default_scope)
        self.db_pool = QThreadPool(self)
        self.db_pool.setMaxThreadCount(1)
        self.read_pool = QThreadPool(self)
        self.read_pool.setMaxThreadCount(1)  # one thread: the reader is one connection
        self.export_pool = QThreadPool(self)
        self.export_pool.setMaxThreadCount(1)
        self.network_pool = QThreadPool(self)
        self.network_pool.setMaxThreadCount(NETWORK_THREADS)
        self._pending: dict[int, Outcome] = {}
        self._tokens = itertools.count()
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._closed = False
        self._accepting = True
        self._lanes = {id(self.db_pool): _Lane(self, "DB thread"),
                       id(self.read_pool): _Lane(self, "read lane"),
                       id(self.export_pool): _Lane(self, "export lane")}
        if self.check_threads and not synchronous:
            self._check(store)
        BackgroundRunner._live.add(self)

    def _check(self, store: Store) -> None:
        """Check every statement on the store (and its reader) for use from another
        thread (``check_threads``)."""
        store.check_threads(self._lanes[id(self.db_pool)].check)
        for lane, pool in ((READ_LANE, self.read_pool), (EXPORT_LANE, self.export_pool)):
            reader = store.reader(lane)
            if reader is not None and reader is not store:
                reader.check_threads(self._lanes[id(pool)].check)

    @property
    def accepting(self) -> bool:
        """Whether the runner still takes work (False once stopping)."""
        return self._accepting

    @property
    def has_read_lane(self) -> bool:
        """Whether read-lane work runs beside the DB thread (else it queues on it)."""
        return self._store.reader() is not None

    def idle(self) -> bool:
        """No store work queued or running (on the DB thread or the read lane): until
        the GUI thread queues some, it may use the store itself (tests)."""
        return all(lane.queued == 0 for lane in self._lanes.values())

    def _queued(self, pool: QThreadPool, work: Callable[[], Any]) -> Callable[[], Any]:
        """``work`` counted on ``pool``'s lane (network work is not counted)."""
        lane = self._lanes.get(id(pool))
        return work if lane is None else lane.queue(work)

    def submit_store_work(self, work: Callable[[Store], Any], outcome: Outcome) -> None:
        """Queue ``work(store)`` on the DB thread (ops call this; widgets use ops)."""
        self._start(self.db_pool, lambda: work(self._store), outcome)

    def submit_read_work(self, work: Callable[[Store], Any], outcome: Outcome) -> None:
        """Queue ``work(reader)`` on the read lane (the DB thread if the store has no
        reader). ``work`` must only read: the reader refuses writes."""
        reader = self._store.reader()
        if reader is None:
            self.submit_store_work(work, outcome)
            return
        self._start(self.read_pool, lambda: work(reader), outcome)

    def submit_export_work(self, work: Callable[[Store], Any], outcome: Outcome) -> None:
        """Queue ``work(reader)`` on the export lane (the read lane if the store has no
        export reader). ``work`` must only read (its audit entry goes through
        :meth:`call_from_lane`)."""
        reader = self._store.reader(EXPORT_LANE)
        if reader is None:
            self.submit_read_work(work, outcome)
            return
        self._start(self.export_pool, lambda: work(reader), outcome)

    def submit_network_work(self, work: Callable[[], Any], outcome: Outcome) -> None:
        """Queue ``work()`` on the network pool: it must not touch the store."""
        self._start(self.network_pool, work, outcome)

    def _start(self, pool: QThreadPool, work: Callable[[], Any], outcome: Outcome) -> None:
        if not self._accepting:  # closing: the store may be gone; nobody waits for this
            return
        if self.synchronous:
            _Task(work, outcome).run()
            return
        token = next(self._tokens)
        self._pending[token] = outcome
        pool.start(_Task(self._queued(pool, work),
                         lambda ok, value: self._finished.emit(token, ok, value)))

    def _deliver(self, token: int, ok: bool, value: Any) -> None:
        outcome = self._pending.pop(token, None)
        if outcome is not None:
            outcome(ok, value)

    def call(self, work: Callable[[Store], T]) -> T:
        """Run ``work(store)`` on the DB thread and wait for it (start-up only, before the
        window shows: it blocks the GUI thread). Its error is raised here."""
        box: list[tuple[bool, Any]] = []
        done = threading.Event()

        def keep(ok: bool, value: Any) -> None:
            box.append((ok, value))
            done.set()

        if self.synchronous:
            _Task(lambda: work(self._store), keep).run()
        else:
            self.db_pool.start(_Task(self._queued(self.db_pool, lambda: work(self._store)),
                                     keep))
            done.wait()
        ok, value = box[0]
        if not ok:
            raise value
        return value

    def call_from_lane(self, work: Callable[[Store], T]) -> T:
        """From read-lane or export-lane work: run ``work(store)`` on the DB thread and wait
        for it (the write a long read ends with, e.g. an export's audit entry); at once
        when this is the DB thread already (a store without a reader runs lane work there).
        A lane waits for the DB thread, never the other way round. Its error is raised
        here."""
        if getattr(_running, "lane", None) is self._lanes[id(self.db_pool)]:
            return work(self._store)
        return self.call(work)

    def broadcast(self, changes: Changes, initiator: object = None) -> None:
        """Tell every screen what a write changed (GUI thread)."""
        if changes.lists or changes.change_ids:
            self.changed.emit(changes, initiator)

    def wait(self) -> None:
        """Block until queued work is done (tests and shutdown)."""
        self.network_pool.waitForDone()
        self.export_pool.waitForDone()
        self.read_pool.waitForDone()
        self.db_pool.waitForDone()

    def stop(self) -> None:
        """Take no more work and finish what is queued (the store stays open)."""
        self._accepting = False
        self.wait()

    @classmethod
    def stop_all(cls) -> None:
        """:meth:`stop` every runner alive (tests, before their store closes)."""
        for runner in list(cls._live):
            runner.stop()

    def close(self) -> None:
        """Finish the queued work, then close the store (and its reader) on the DB thread."""
        if self._closed:
            return
        self.stop()
        self._closed = True
        self.db_pool.start(_Task(self._queued(self.db_pool, self._store.close),
                                 lambda _ok, _value: None))
        self.db_pool.waitForDone()


class QueryOp(Generic[T]):
    """A read of the store on the DB thread; ``success`` gets its result on the GUI thread."""

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None,
                 op: Callable[[Store], T]) -> None:
        self._runner, self._parent, self._op = runner, parent, op
        self._label, self._progress, self._lane = "", True, ""
        self._on_success: Callable[[T], None] = lambda _result: None
        self._on_failure: Callable[[BaseException], None] = lambda exc: show_error(parent, exc)

    def success(self, callback: Callable[[T], None]) -> QueryOp[T]:
        """Call ``callback(result)`` on the GUI thread when the work is done."""
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> QueryOp[T]:
        """Call ``callback(error)`` instead of the error presenter when the work fails."""
        self._on_failure = callback
        return self

    def with_progress(self, label: str) -> QueryOp[T]:
        """The busy dialog's text (shown only after ``PROGRESS_DELAY_MS``)."""
        self._label, self._progress = label, True
        return self

    def without_progress(self) -> QueryOp[T]:
        """No busy dialog (the caller shows its own, or the work is quick)."""
        self._progress = False
        return self

    def on_reader(self) -> QueryOp[T]:
        """Run on the read lane (the store's read-only twin, its own thread): for reads
        that take seconds. The result is the last committed state when the read began."""
        self._lane = READ_LANE
        return self

    def on_export_lane(self) -> QueryOp[T]:
        """Run on the export lane (a read-only twin of its own, its own thread): for a
        ledger export, which may read for minutes; as :meth:`on_reader` otherwise."""
        self._lane = EXPORT_LANE
        return self

    def run(self) -> None:
        """Queue the work; outcomes arrive on the GUI thread."""
        progress = _DelayedProgress(self._parent, self._label,
                                    enabled=self._progress and not self._runner.synchronous)

        def outcome(ok: bool, value: Any) -> None:
            progress.close()
            (self._done if ok else self._failed)(value)

        self._submit(outcome)

    def _submit(self, outcome: Outcome) -> None:
        if self._lane == EXPORT_LANE:
            self._runner.submit_export_work(self._op, outcome)
        elif self._lane == READ_LANE:
            self._runner.submit_read_work(self._op, outcome)
        else:
            self._runner.submit_store_work(self._op, outcome)

    def _done(self, result: T) -> None:
        self._deliver(self._on_success, result)

    def _failed(self, exc: BaseException) -> None:
        self._deliver(self._on_failure, exc)

    def _deliver(self, handler: Callable[[Any], None], value: Any) -> None:
        """Hand the outcome over, unless the widget that asked is gone (closed window):
        then no one can see it; a failure is logged by type only."""
        if self._parent is None or shiboken6.isValid(self._parent):
            handler(value)
        elif isinstance(value, BaseException):
            log.warning("%s after its window was closed", type(value).__name__)


class CollectionOp(QueryOp[T]):
    """A write: ``op(store)`` returns ``Changes`` (or a value with ``.changes``), which the
    runner broadcasts before ``success`` is called (even if the asking widget is gone)."""

    def on_reader(self) -> CollectionOp[T]:
        """Refused: a write runs on the DB thread."""
        raise TypeError("a CollectionOp writes: it cannot run on the read lane")

    def on_export_lane(self) -> CollectionOp[T]:
        """Refused: a write runs on the DB thread."""
        raise TypeError("a CollectionOp writes: it cannot run on the export lane")

    def _done(self, result: T) -> None:
        self._runner.broadcast(changes_of(result), self._parent)
        super()._done(result)


class NetworkOp(QueryOp[T]):
    """Network work that needs no store, on the network pool: ``op()`` takes no argument."""

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None,
                 op: Callable[[], T]) -> None:
        super().__init__(runner, parent, lambda _store: op())
        self._network = op

    def on_reader(self) -> NetworkOp[T]:
        """Refused: network work has its own pool."""
        raise TypeError("a NetworkOp does not touch the store: it has no read lane")

    def on_export_lane(self) -> NetworkOp[T]:
        """Refused: network work has its own pool."""
        raise TypeError("a NetworkOp does not touch the store: it has no export lane")

    def _submit(self, outcome: Outcome) -> None:
        self._runner.submit_network_work(self._network, outcome)


class Progress(QObject):
    """``advanced(done, total)`` on the GUI thread while work runs on a worker thread:
    hand ``report`` to the work."""

    advanced = Signal(int, int)

    def report(self, done: int, total: int) -> None:
        """Called by the work (any thread)."""
        self.advanced.emit(done, total)


def changes_of(result: object) -> Changes:
    """The ``Changes`` a write returned: the value itself, its ``changes``, or nothing."""
    if isinstance(result, Changes):
        return result
    changes = getattr(result, "changes", None)
    return changes if isinstance(changes, Changes) else Changes()


class _DelayedProgress:
    """A busy dialog shown only if the work outlasts ``PROGRESS_DELAY_MS``, saying what is
    being done (or, for work that gave no label, that it is waiting for the work)."""

    def __init__(self, parent: QWidget | None, label: str, *, enabled: bool = True) -> None:
        self._dialog: QProgressDialog | None = None
        self._parent = parent
        self._label = label or QCoreApplication.translate("Background", BUSY_LABEL)
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show)
        if enabled:
            self._timer.start(PROGRESS_DELAY_MS)

    def _show(self) -> None:
        if self._parent is not None and not shiboken6.isValid(self._parent):
            return
        self._dialog = QProgressDialog(self._label, "", 0, 0, self._parent)
        self._dialog.setCancelButton(None)
        self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._dialog.show()

    def close(self) -> None:
        self._timer.stop()
        if self._dialog is not None and shiboken6.isValid(self._dialog):
            self._dialog.close()
            self._dialog.deleteLater()  # never shown again (the idle lock skips it)
        self._dialog = None
