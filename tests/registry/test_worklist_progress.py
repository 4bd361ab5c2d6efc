"""本月走访's progress "已走访 x / y" counts what the filters show (a village, a group …),
not the whole scope, and is not narrowed by the state tabs whose counts it gives."""

from __future__ import annotations

from bangfu_testdata import TODAY, make_id

from registry import submissions
from registry.store import Create
from registry.worklist import OVERDUE, Progress, WorkFilter, progress, work_view
from sync.protocol import new_id

TOWNSHIP, V1, V2 = "361130104", "361130104201", "361130104202"


def _people(store) -> dict[str, str]:
    """V1: two working-age people in 1组 and 2组; V2: one in 1组. Ids by name."""
    ids: dict[str, str] = {}
    for n, (village, group, name) in enumerate(((V1, "1组", "罗军浩"), (V1, "2组", "罗海"),
                                                (V2, "1组", "李四"))):
        household, ids[name] = new_id(), new_id()
        store.write([
            Create("household", {"household_no": f"{village}{n:04d}", "address": f"{group}5号",
                                 "head_name": name}, scope=village, entity_id=household),
            Create("person", {"name": name, "id_number": make_id(seq=f"1{n}1"),
                              "relation": "户主", "household_id": household,
                              "labour_class": "普通劳动力"}, scope=village, entity_id=ids[name])])
    return ids


def _visit(store, person_id: str) -> None:
    submissions.save_submission(store, {
        "form_id": "employment_followup", "version": "1", "instance_id": "uuid:" + new_id(),
        "answers": {}, "entities": [{
            "list_name": "visit", "action": "create", "entity_id": new_id(),
            "properties": {"visit_date": "2026-11-05", "person_id": person_id,
                           "employment_status": "employed", "channel": "away"}}]})


def _progress(store, wanted: WorkFilter) -> Progress:
    return work_view(store, today=TODAY, scope=TOWNSHIP, wanted=wanted, limit=0).progress


def test_the_progress_counts_the_village_shown(store):
    ids = _people(store)
    _visit(store, ids["李四"])
    assert progress(store, today=TODAY, scope=TOWNSHIP) == Progress(1, 3, 2, 0, 0)
    assert _progress(store, WorkFilter()) == Progress(1, 3, 2, 0, 0)
    assert _progress(store, WorkFilter(village=V1)) == Progress(0, 2, 2, 0, 0)
    assert _progress(store, WorkFilter(village=V2)) == Progress(1, 1, 0, 0, 0)
    assert _progress(store, WorkFilter(village=V1, group="2组")) == Progress(0, 1, 1, 0, 0)


def test_the_state_tab_and_the_search_do_not_narrow_the_progress(store):
    ids = _people(store)
    _visit(store, ids["李四"])
    tab = _progress(store, WorkFilter(village=V1, state=OVERDUE))
    assert tab == _progress(store, WorkFilter(village=V1)) == Progress(0, 2, 2, 0, 0)
    assert _progress(store, WorkFilter(text="罗海")) == Progress(1, 3, 2, 0, 0)
