"""The background helper owns the store: reads and writes on one DB thread, network work
elsewhere, every write's Changes broadcast once, screens redrawing only what changed."""

from __future__ import annotations

import threading

from bangfu_testdata import TODAY
from PySide6.QtWidgets import QWidget

from desktop import ops
from desktop.background import BackgroundRunner, CollectionOp, NetworkOp, QueryOp
from desktop.main_window import MainWindow
from registry.demo import load_demo
from registry.rules import HEAD_OF_HOUSEHOLD
from registry.store import Changes, Store, Update


def recorder(runner: BackgroundRunner) -> list[tuple[Changes, object]]:
    seen: list[tuple[Changes, object]] = []
    runner.changed.connect(lambda changes, initiator: seen.append((changes, initiator)))
    return seen


def test_a_write_is_broadcast_once_with_its_initiator_a_read_never(qtbot, store):
    runner, widget = BackgroundRunner(store), QWidget()
    qtbot.addWidget(widget)
    seen, results = recorder(runner), []
    QueryOp(runner, widget, lambda s: s.count("person")).success(results.append).run()
    CollectionOp(runner, widget, lambda s: s.write([ops_create_person()])
                 ).success(results.append).run()
    qtbot.waitUntil(lambda: len(results) == 2, timeout=5000)
    assert results[0] == 0 and isinstance(results[1], Changes)
    assert len(seen) == 1
    changes, initiator = seen[0]
    assert changes == results[1] and "person" in changes.lists and initiator is widget
    runner.wait()


def ops_create_person():
    from registry.store import Create

    return Create("person", {"name": "测试人", "sex": "男"})


def test_store_work_runs_in_order_on_one_thread_network_work_elsewhere(qtbot, store):
    runner, widget = BackgroundRunner(store), QWidget()
    qtbot.addWidget(widget)
    threads: list[tuple[str, int]] = []
    gate = threading.Event()

    def slow_read(s: Store) -> int:
        gate.wait(5)
        threads.append(("read", threading.get_ident()))
        return s.count("person")

    def write(s: Store) -> Changes:
        threads.append(("write", threading.get_ident()))
        return s.write([ops_create_person()])

    def network() -> str:
        threads.append(("network", threading.get_ident()))
        gate.set()  # runs although the DB thread is busy: the pools are apart
        return "ok"

    counted: list[int] = []
    QueryOp(runner, widget, slow_read).success(counted.append).run()
    CollectionOp(runner, widget, write).run()
    NetworkOp(runner, widget, network).run()
    runner.wait()
    qtbot.waitUntil(lambda: counted == [0], timeout=5000)  # the read ran before the write
    order = [name for name, _ in threads]
    assert order.index("network") < order.index("read") < order.index("write")
    ids = dict(threads)
    assert ids["read"] == ids["write"] != ids["network"]
    assert threading.get_ident() not in ids.values()


def test_a_failure_goes_to_the_failure_handler_and_nothing_is_broadcast(qtbot, store):
    runner, widget = BackgroundRunner(store), QWidget()
    qtbot.addWidget(widget)
    seen, failures = recorder(runner), []

    def bad(s: Store) -> Changes:
        return s.write([ops_create_person(), Update("no-such-id", {"name": "x"})])

    CollectionOp(runner, widget, bad).failure(failures.append).run()
    qtbot.waitUntil(lambda: len(failures) == 1, timeout=5000)
    assert type(failures[0]).__name__ == "NotFound" and seen == []
    assert store.count("person") == 0


def test_no_widget_of_the_main_window_holds_the_store(qtbot, store):
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    runner.wait()
    holders = [type(obj).__name__ for obj in [window, *window.findChildren(object)]
               if any(isinstance(value, Store) for value in vars(obj).values())]
    assert holders == []
    assert any(isinstance(v, Store) for v in vars(runner).values())  # the check can see one


def demo_window(qtbot, store, people=30):
    load_demo(store, people=people, today=TODAY)
    households = store.count("household")  # read before the runner owns the store
    runner = BackgroundRunner(store)
    window = MainWindow(runner)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.households.rowCount() == households, timeout=5000)
    qtbot.waitUntil(lambda: window.people.rowCount() > 0, timeout=5000)
    runner.wait()
    return window, runner


def head_of(runner, household_id):
    """The household's head, read through the runner (its DB thread owns the store)."""
    return next(p for p in runner.call(lambda s: s.find("person", parent=household_id))
                if p.props.get("relation") == HEAD_OF_HOUSEHOLD)


def test_a_write_redraws_the_touched_household_row_not_the_whole_list(qtbot, store):
    window, runner = demo_window(qtbot, store)
    row = 3
    household = window.households.row_at(row)
    head = head_of(runner, household.id)
    resets, redrawn = [], []
    window.households.modelReset.connect(lambda: resets.append(1))
    window.households.dataChanged.connect(lambda top, bottom: redrawn.append(
        (top.row(), bottom.row())))
    CollectionOp(runner, None, lambda s: s.update(head.id, {"name": "新户主"})).run()
    qtbot.waitUntil(lambda: window.households.row_at(row).head_name == "新户主", timeout=5000)
    runner.wait()
    assert resets == [] and redrawn == [(row, row)]


def test_a_new_member_of_the_shown_household_appears_in_the_members_list(qtbot, store):
    window, runner = demo_window(qtbot, store)
    household = window.households.row_at(0)
    members = {p.id for p in runner.call(lambda s: s.find("person", parent=household.id))}
    qtbot.waitUntil(lambda: {p.id for p in window.people.rows()} == members, timeout=5000)
    before = window.people.rowCount()
    CollectionOp(runner, None, lambda s: s.write([ops_create_member(household.id)])).run()
    qtbot.waitUntil(lambda: window.people.rowCount() == before + 1, timeout=5000)
    qtbot.waitUntil(lambda: window.households.row_at(0).members == before + 1, timeout=5000)
    qtbot.waitUntil(lambda: f"{runner.call(lambda s: s.count('person'))} 人"
                    in window.status.text(), timeout=5000)
    runner.wait()


def ops_create_member(household_id: str):
    from registry.store import Create

    return Create("person", {"name": "新成员", "sex": "女", "household_id": household_id,
                             "relation": "子女"})


def test_a_write_elsewhere_does_not_reread_the_members(qtbot, store):
    window, runner = demo_window(qtbot, store)
    other = window.households.row_at(5)
    head = head_of(runner, other.id)
    resets = []
    window.people.modelReset.connect(lambda: resets.append(1))
    CollectionOp(runner, None, lambda s: s.update(head.id, {"name": "别户"})).run()
    qtbot.waitUntil(lambda: window.households.row_at(5).head_name == "别户", timeout=5000)
    runner.wait()
    qtbot.wait(50)
    assert resets == []


def test_a_synchronous_runner_delivers_before_the_call_returns(store):
    runner, seen = BackgroundRunner(store, synchronous=True), []
    changes = recorder(runner)
    ops.save_draft(runner, None, "d1", form=form_stub(), answers={"values": {}}).success(
        seen.append).run()
    assert seen and ops.touches(seen[0], ops.DRAFTS) and len(changes) == 1
    ops.draft_count(runner, None).success(seen.append).run()
    assert seen[-1] == 1


def form_stub():
    from desktop.forms.catalog import BUILTIN_DIR
    from forms.loader import load_form

    return load_form(BUILTIN_DIR / "employment_followup.xlsx")


def test_call_runs_on_the_db_thread_and_raises_there_errors_here(store):
    runner = BackgroundRunner(store)
    seen = runner.call(lambda s: (threading.get_ident(), s.count("person")))
    assert seen[0] != threading.get_ident() and seen[1] == 0
    try:
        runner.call(lambda s: s.get("no-such-id"))
    except Exception as exc:  # noqa: BLE001 - the store's own error comes back
        assert type(exc).__name__ == "NotFound"
    else:
        raise AssertionError("the error was not raised")


def test_the_demo_server_is_enrolled_through_the_runner(store, tmp_path):
    from desktop.app import start_demo_server
    from desktop.connection import load_connection

    runner = BackgroundRunner(store)
    server = start_demo_server(tmp_path / "demo", runner)
    try:
        assert server is not None
        kept = load_connection(store)
        assert kept is not None and kept.url == server.url and kept.scope == store.default_scope
    finally:
        if server is not None:
            server.stop()


def test_a_busy_dialog_without_a_label_still_says_something(qtbot):
    """A search queued behind a long export showed an empty busy dialog."""
    from PySide6.QtWidgets import QProgressDialog

    from desktop.background import _DelayedProgress

    window = QWidget()
    qtbot.addWidget(window)
    progress = _DelayedProgress(window, "", enabled=False)
    progress._show()
    assert window.findChild(QProgressDialog).labelText() == "正在处理，请稍候…"
    progress.close()
