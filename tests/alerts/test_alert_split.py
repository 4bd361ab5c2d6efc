"""The county dashboard's alert count split over two read-only connections: the two groups
of queries (``QUERY_GROUPS``) together count exactly what the whole run counts, kind by kind
and village by village, at several dates; the split on the reader and its second lane
(``ReadStore.helper``) is one run of one journal high-water mark, started again when a
record is written between its halves' snapshots; above ``SPLIT_MAX_PEOPLE`` one connection
counts alone; the second lane is opened at unlock and closed with the store."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from alert_cases import min_wage_of
from bangfu_testdata import open_files
from test_alert_counts import CASE_DATES, DATES, cases, county  # noqa: F401 (fixtures)

from bench.alerts import generate
from bench.store import COUNTY, new_store
from registry import county_dashboard, session
from registry.alerts import KINDS, alert_counts_for_store
from registry.alerts.store import QUERY_GROUPS, query_names
from registry.county_dashboard import (
    AlertCount,
    AlertCounts,
    alert_counts,
    alert_lanes,
    alerts_by_village,
    count_alert_run,
    count_alert_run_split,
    join_halves,
    journal_high_water,
    last_alert_counts,
    save_alert_counts,
)
from registry.db import DatabaseError, open_reader
from registry.errors import ValidationError
from registry.reader import ReadOnlyStore, ReadStore
from registry.store import Create

AFTER_20TH = date(2026, 11, 22)


def by_kind(counts: Counter, kind: str) -> dict:
    return {key: n for key, n in counts.items() if key[1] == kind}


def assert_same(got: Counter, expected: Counter) -> None:
    for kind in KINDS:  # kind by kind first: a drifting kind is named in the failure
        assert by_kind(got, kind) == by_kind(expected, kind), kind
    assert got == expected


def as_counter(counts: list[AlertCount]) -> Counter:
    return Counter({(c.village, c.kind): c.count for c in counts})


def test_the_two_groups_hold_every_query_once():
    names = [name for group in QUERY_GROUPS for name in group]
    assert len(QUERY_GROUPS) == 2 and all(QUERY_GROUPS)
    assert sorted(names) == sorted(query_names()) and len(set(names)) == len(names)


def test_an_unknown_query_is_refused(county):  # noqa: F811
    with pytest.raises(ValidationError) as refused:
        alert_counts_for_store(county, as_of=AFTER_20TH, scope=COUNTY, queries=["nothing"])
    assert "无此预警查询" in str(refused.value) and "nothing" in str(refused.value)


@pytest.mark.parametrize("as_of", DATES, ids=str)
def test_the_groups_together_count_the_whole_run(county, as_of):  # noqa: F811
    whole = Counter(alert_counts_for_store(county, as_of=as_of, scope=COUNTY,
                                           min_wage_of=min_wage_of))
    halves = [Counter(alert_counts_for_store(county, as_of=as_of, scope=COUNTY,
                                             min_wage_of=min_wage_of, queries=group))
              for group in QUERY_GROUPS]
    assert not {kind for _, kind in halves[0]} & {kind for _, kind in halves[1]}
    assert_same(halves[0] + halves[1], whole)
    assert halves[0] and len({village for village, _ in whole}) > 1


@pytest.mark.parametrize("as_of", DATES, ids=str)
def test_the_split_on_two_connections_is_the_single_run(county, as_of):  # noqa: F811
    reader = county.reader()
    helper = reader.helper()
    assert isinstance(helper, ReadStore) and helper.db.conn is not reader.db.conn
    split = count_alert_run_split(reader, helper, scope=COUNTY, today=as_of)
    single = alerts_by_village(county, scope=COUNTY, today=as_of)
    assert_same(as_counter(split.counts), as_counter(single))
    assert split.counts == single  # the same order: by village, then kind
    assert split.high_water == journal_high_water(county) and split.current
    for store in (reader, helper):  # no scratch table left on either connection
        assert not store.db.execute("SELECT name FROM temp.sqlite_master").fetchall()


@pytest.mark.parametrize("as_of", (*CASE_DATES, AFTER_20TH), ids=str)
def test_the_groups_together_count_every_hand_made_case(cases, as_of):  # noqa: F811
    whole = Counter(alert_counts_for_store(cases, as_of=as_of, min_wage_of=min_wage_of))
    halves = [Counter(alert_counts_for_store(cases, as_of=as_of, min_wage_of=min_wage_of,
                                             queries=group)) for group in QUERY_GROUPS]
    assert_same(halves[0] + halves[1], whole)


def test_both_groups_find_alerts_in_the_hand_made_cases(cases):  # noqa: F811
    for group in QUERY_GROUPS:
        found = Counter()
        for as_of in (*CASE_DATES, AFTER_20TH):
            found += Counter(alert_counts_for_store(cases, as_of=as_of, queries=group))
        assert found, group


def test_each_group_builds_only_the_scratch_tables_it_reads(county):  # noqa: F811
    statements: list[str] = []
    conn = county.reader().db.conn
    conn.set_trace_callback(statements.append)
    try:
        for group in (*QUERY_GROUPS, None, ("visits", "claims"), ("posts",), ("claims",)):
            statements.clear()
            alert_counts_for_store(county.reader(), as_of=AFTER_20TH, scope=COUNTY,
                                   queries=group)
            text = "\n".join(statements)
            built = {table for table in ("a_merged", "a_person", "a_income")
                     if f"CREATE TEMP TABLE {table}" in text}
            early = "upper(substr(id_number, 1, 18)) AS number" in text
            if group is None:
                assert built == {"a_merged", "a_person", "a_income"} and early
            elif set(group) <= {"id_numbers", "claims"}:  # none of them reads a scratch table
                assert built == set() and early == ("id_numbers" in group)
            else:
                assert {"a_merged", "a_person"} <= built
                assert ("a_income" in built) == ("income" in group)
                assert early == ("id_numbers" in group)
    finally:
        conn.set_trace_callback(None)


def test_the_extracted_hook_comes_once_the_scratch_tables_are_built(county):  # noqa: F811
    reader = county.reader()
    for group, built in ((QUERY_GROUPS[0], True), (("claims",), False), (None, True)):
        seen: list[bool] = []

        def extracted(seen: list[bool] = seen) -> None:
            tables = {name for (name,) in reader.db.execute(
                "SELECT name FROM temp.sqlite_master WHERE type = 'table'")}
            seen.append("a_person" in tables)

        counted = alert_counts_for_store(reader, as_of=AFTER_20TH, scope=COUNTY,
                                         queries=group, extracted=extracted)
        assert seen == [built], group
        assert counted == alert_counts_for_store(reader, as_of=AFTER_20TH, scope=COUNTY,
                                                 queries=group)


def test_the_reader_counts_on_two_lanes_up_to_the_limit(county, monkeypatch):  # noqa: F811
    reader = county.reader()
    assert alert_lanes(reader, scope=COUNTY) == 2
    assert alert_lanes(county, scope=COUNTY) == 1  # the writer has no second lane
    two = count_alert_run(reader, scope=COUNTY, today=AFTER_20TH)
    people = county.count("person")
    monkeypatch.setattr(county_dashboard, "SPLIT_MAX_PEOPLE", people - 1)
    assert alert_lanes(reader, scope=COUNTY) == 1
    one = count_alert_run(reader, scope=COUNTY, today=AFTER_20TH)
    assert two.counts == one.counts and two.high_water == one.high_water
    monkeypatch.setattr(county_dashboard, "SPLIT_MAX_PEOPLE", people)
    assert alert_lanes(reader, scope=COUNTY) == 2


def test_a_split_run_is_saved_and_remembered_as_a_single_one(county):  # noqa: F811
    county_dashboard.forget_alert_counts(county)
    run = count_alert_run(county.reader(), scope=COUNTY, today=AFTER_20TH)
    save_alert_counts(county, run, scope=COUNTY, today=AFTER_20TH)
    last = last_alert_counts(county, scope=COUNTY, today=AFTER_20TH)
    assert last is not None and last.current and last.counts == run.counts
    assert alert_counts(county, scope=COUNTY, today=AFTER_20TH).counts == run.counts
    county_dashboard.forget_alert_counts(county, keep_saved=True)  # a restart
    saved = last_alert_counts(county, scope=COUNTY, today=AFTER_20TH)
    assert saved is not None and saved.current and saved.counts == run.counts
    county_dashboard.forget_alert_counts(county)


def test_halves_of_two_high_water_marks_are_not_one_run():
    now = county_dashboard.datetime.now()
    first = AlertCounts([AlertCount("1", "visit_overdue", 2)], now, 7)
    second = AlertCounts([AlertCount("0", "duplicate_claim", 1)], now, 7)
    joined = join_halves(first, second)
    assert joined is not None and joined.high_water == 7
    assert [c.village for c in joined.counts] == ["0", "1"]
    assert join_halves(first, AlertCounts(second.counts, now, 8)) is None


# -- a write between the two halves' snapshots ------------------------------------------

class Lane(ReadStore):
    """A real read-only twin that, at the start of each top-level transaction, reads (the
    snapshot is taken then) and says so (``snapped``)."""

    snapped: threading.Event

    @contextmanager
    def transaction(self) -> Iterator[object]:
        top = self._depth == 0
        with super().transaction() as conn:
            if top:
                conn.execute("SELECT count(*) FROM journal").fetchone()
                self.snapped.set()
            yield conn


class LateLane(ReadStore):
    """A real read-only twin whose top-level transaction begins only after ``first`` took
    its snapshot and the writer then wrote a record (``writes`` times in all): a write
    between the two halves' snapshots."""

    first: Lane
    write: object
    writes: int

    @contextmanager
    def transaction(self) -> Iterator[object]:
        if self._depth == 0 and self.writes > 0:
            assert self.first.snapped.wait(30)
            self.first.snapped.clear()
            self.write()  # type: ignore[operator]
            self.writes -= 1
        with super().transaction() as conn:
            yield conn


@pytest.fixture
def small(tmp_path):
    store = new_store(tmp_path / "profile")
    generate(store, 300)
    yield store
    store.close()


def _lanes(store, *, writes: int) -> tuple[Lane, LateLane]:
    key = session.opened(store).data_key
    path = store.db.execute("PRAGMA database_list").fetchone()[2]
    first = Lane.twin_of(store, open_reader(path, key))
    first.snapped = threading.Event()
    late = LateLane.twin_of(store, open_reader(path, key))
    village = store.db.execute("SELECT min(scope) FROM person_fact").fetchone()[0]
    late.first, late.writes = first, writes
    late.write = lambda: store.write([Create("person", {
        "name": "新来的", "relation": "户主", "labour_class": "普通劳动力"}, scope=village)])
    return first, late


def _overdue(counts: list[AlertCount]) -> int:
    return sum(c.count for c in counts if c.kind == "visit_overdue")


def test_a_write_between_the_halves_counts_again_on_one_mark(small):
    before = alerts_by_village(small, scope=COUNTY, today=AFTER_20TH)
    first, late = _lanes(small, writes=1)
    try:
        run = count_alert_run_split(first, late, scope=COUNTY, today=AFTER_20TH)
    finally:
        first.close()
        late.close()
    after = alerts_by_village(small, scope=COUNTY, today=AFTER_20TH)
    assert late.writes == 0 and _overdue(after) == _overdue(before) + 1
    assert run.counts == after and run.high_water == journal_high_water(small)


def test_writes_between_every_split_end_in_one_run_on_one_connection(small):
    first, late = _lanes(small, writes=county_dashboard.SPLIT_RETRIES + 1)
    mark = journal_high_water(small)
    try:
        run = count_alert_run_split(first, late, scope=COUNTY, today=AFTER_20TH)
    finally:
        first.close()
        late.close()
    assert late.writes == 0
    assert journal_high_water(small) > mark and run.high_water == journal_high_water(small)
    assert run.counts == alerts_by_village(small, scope=COUNTY, today=AFTER_20TH)


# -- the second lane ----------------------------------------------------------------------

def test_the_second_lane_is_read_only_and_closed_with_the_store(small):
    reader = small.reader()
    helper = reader.helper()
    assert isinstance(helper, ReadStore) and helper.helper() is None
    assert helper.db.conn not in (small.db.conn, reader.db.conn)
    with pytest.raises(ReadOnlyStore):
        helper.create("person", {"name": "李四"})
    with pytest.raises(ValueError):
        reader.attach_helper(helper)
    folder = small.db.execute("PRAGMA database_list").fetchone()[2].rsplit("/", 1)[0]
    assert len(open_files(folder)) >= 3
    small.close()
    assert reader.helper() is None and open_files(folder) == []
    with pytest.raises(DatabaseError):
        helper.count("person")


def test_without_a_second_lane_one_connection_counts(tmp_path, monkeypatch, caplog):
    store = new_store(tmp_path / "profile")
    generate(store, 100)
    store.close()
    opened: list[int] = []

    def only_once(path, key, **options):
        if opened:
            raise DatabaseError(f"unable to open database file {path}")
        opened.append(1)
        return open_reader(path, key, **options)

    monkeypatch.setattr("registry.profile.open_reader", only_once)
    from registry.profile import Profile

    with caplog.at_level("WARNING", logger="registry.profile"):
        again = Profile(tmp_path / "profile").unlock("bench", "Bench-2026")
    try:
        reader = again.reader()
        assert reader is not None and reader.helper() is None
        assert alert_lanes(reader, scope=COUNTY) == 1
        run = count_alert_run(reader, scope=COUNTY, today=AFTER_20TH)
        assert run.counts == alerts_by_village(again, scope=COUNTY, today=AFTER_20TH)
    finally:
        again.close()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "second read lane not opened (DatabaseError)" in logged
    assert str(tmp_path) not in logged
