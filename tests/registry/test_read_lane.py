"""The read lane's connection: a second, read-only SQLCipher connection opened at unlock,
reading a snapshot of the last commit while the first writes, refusing every write,
closed with the store, keeping no key."""

from __future__ import annotations

import pytest
from bangfu_testdata import PASSPHRASE, TODAY, make_id, open_files

from registry import session
from registry.alerts import alert_counts_for_store
from registry.db import READER_CACHE_KIB, DatabaseError
from registry.profile import Profile
from registry.reader import ReadOnlyStore, ReadStore
from registry.store import Create, Store, Update


def _person(n: int) -> Create:
    return Create("person", {"name": f"测试{n}", "id_number": make_id(seq=f"{n + 100:03d}")})


def test_an_unlocked_store_has_a_read_only_twin_on_a_second_connection(store):
    reader = store.reader()
    assert isinstance(reader, ReadStore) and reader is not store
    assert reader.reader() is reader
    assert (reader.user, reader.device, reader.default_scope) == (
        store.user, store.device, store.default_scope)
    pid = store.create("person", {"name": "王五"})
    assert reader.get(pid).props["name"] == "王五"  # the last commit, at once
    assert reader.count("person") == 1
    conn = reader.db.conn
    assert conn is not store.db.conn
    assert conn.execute("PRAGMA cache_size").fetchone()[0] == -READER_CACHE_KIB
    assert conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # memory: no temp file
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_twin_refuses_every_write(store):
    pid = store.create("person", {"name": "王五"})
    reader = store.reader()
    with pytest.raises(ReadOnlyStore) as refused:
        reader.write([Update(pid, {"name": "李四"})])
    assert "只读" in str(refused.value)
    with pytest.raises(ReadOnlyStore):
        reader.create("person", {"name": "李四"})
    with pytest.raises(ReadOnlyStore):
        reader.set_meta("x", "1")
    # the connection itself refuses
    with pytest.raises(DatabaseError, match="readonly"), reader.transaction() as conn:
        conn.execute("UPDATE entity SET props = '{}' WHERE id = ?", (pid,))
    with pytest.raises(DatabaseError, match="readonly"):
        reader.db.conn.execute("DELETE FROM journal")
    assert store.get(pid).props["name"] == "王五" and len(store.journal()) == 1
    # scratch tables in memory still work (the alert run builds its own)
    reader.db.conn.execute("CREATE TEMP TABLE scratch (a)")
    reader.db.conn.execute("INSERT INTO temp.scratch VALUES (1)")
    reader.db.conn.execute("DROP TABLE temp.scratch")


def test_the_twin_reads_a_snapshot_while_the_writer_commits(store):
    store.write([_person(1)])
    reader = store.reader()
    with reader.transaction():
        assert reader.count("person") == 1
        # the writer neither waits for the open read transaction nor is seen by it
        store.write([_person(2), _person(3)])
        assert store.count("person") == 3
        assert reader.count("person") == 1
    assert reader.count("person") == 3  # the next read transaction sees the commit


def test_the_alert_count_on_the_twin_is_the_writers(store):
    ids = store.write([_person(n) for n in range(4)]).created
    store.write([Create("visit", {"person_id": ids[0], "visit_date": "2026-10-02",
                                  "employment_status": "unemployed"})])
    on_writer = alert_counts_for_store(store, as_of=TODAY)
    assert on_writer
    assert alert_counts_for_store(store.reader(), as_of=TODAY) == on_writer


def test_closing_the_store_closes_both_connections_and_the_profile_moves(store, profile,
                                                                         tmp_path):
    from registry.store import EXPORT_LANE

    reader, exporter = store.reader(), store.reader(EXPORT_LANE)
    assert isinstance(exporter, ReadStore) and exporter is not reader
    assert len(open_files(profile.folder)) >= 3
    store.close()
    assert store.reader() is None and store.reader(EXPORT_LANE) is None
    with pytest.raises(DatabaseError):
        exporter.count("person")
    assert open_files(profile.folder) == []
    with pytest.raises(DatabaseError):
        reader.count("person")
    moved = tmp_path / "moved"
    profile.folder.rename(moved)
    again = Profile(moved, today=lambda: TODAY).unlock("secretary", PASSPHRASE)
    try:
        assert again.reader() is not None and again.reader().count("person") == 0
    finally:
        again.close()
    assert open_files(moved) == []


def test_no_store_object_keeps_the_key(store):
    key = session.opened(store).data_key  # kept there before the lane, for key slots
    reader = store.reader()
    for holder in (store, reader, reader.clock, store.clock):
        held = [v for v in vars(holder).values()
                if isinstance(v, (bytes, bytearray, str)) and (key in bytes(
                    v, "latin-1") if isinstance(v, str) else key in bytes(v))]
        assert held == [], type(holder).__name__
    with pytest.raises(LookupError):
        session.opened(reader)  # the twin is opened with no key of its own to hand out


def test_every_way_of_opening_a_profile_opens_the_twin(store, profile):
    key = session.opened(store).data_key
    store.close()
    opened = profile.open_with_key(key, user="secretary")
    try:
        assert isinstance(opened.reader(), ReadStore)
    finally:
        opened.close()
    unlocked = profile.unlock("secretary", PASSPHRASE)
    try:
        assert isinstance(unlocked.reader(), ReadStore)
    finally:
        unlocked.close()
    assert open_files(profile.folder) == []


def test_the_county_recovery_opens_the_twin_and_closes_it(tmp_path):
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from registry.keyslots import KdfParams

    private = X25519PrivateKey.generate()
    profile = Profile(tmp_path / "village", today=lambda: TODAY)
    profile.create(user="secretary", passphrase=PASSPHRASE, scope="361130104201",
                   kdf=KdfParams.fast(), recovery_key=private.public_key()).close()
    recovered = profile.recover(private, user="secretary", actor="county recovery")
    try:
        assert isinstance(recovered.reader(), ReadStore)
        assert recovered.reader().count("audit") == recovered.count("audit") >= 1
    finally:
        recovered.close()
    assert open_files(profile.folder) == []


def test_the_twin_opens_under_a_folder_name_a_uri_would_mangle(tmp_path):
    from registry.keyslots import KdfParams

    profile = Profile(tmp_path / "县 档案 #1?%20", today=lambda: TODAY)
    store = profile.create(user="secretary", passphrase=PASSPHRASE, scope="361130104201",
                           kdf=KdfParams.fast())
    try:
        store.create("person", {"name": "王五"})
        assert store.reader().count("person") == 1
    finally:
        store.close()
    assert open_files(profile.folder) == []


def test_the_work_list_pages_from_its_tables_on_the_twin_until_the_writer_commits(store):
    from registry import worklist
    from sync.protocol import new_id

    household = new_id()
    store.write([Create("household", {"household_no": "3611301042010001",
                                      "head_name": "罗军浩"}, entity_id=household)]
                + [Create("person", {"name": f"测试{n}", "id_number": make_id(seq=f"{n + 100}"),
                                     "household_id": household, "labour_class": "普通劳动力"})
                   for n in range(5)])
    reader = store.reader()
    first = worklist.work_view(reader, today=TODAY, scope=store.default_scope, limit=2)
    assert first.total == 5 and len(first.rows) == 2
    built = worklist._BUILT[reader]
    second = worklist.work_view(reader, today=TODAY, scope=store.default_scope, limit=2,
                                offset=2)
    assert worklist._BUILT[reader] is built  # paged from the kept scratch tables
    assert {r.id for r in second.rows}.isdisjoint(r.id for r in first.rows)
    store.write([Create("person", {"name": "新人", "id_number": make_id(seq="199"),
                                   "household_id": household, "labour_class": "普通劳动力"})])
    again = worklist.work_view(reader, today=TODAY, scope=store.default_scope, limit=2)
    assert again.total == 6 and worklist._BUILT[reader] is not built  # rebuilt after it


def test_the_reader_uri_has_an_empty_authority_for_every_kind_of_path():
    from pathlib import PurePosixPath, PureWindowsPath

    from registry.db import reader_uri

    unc = PureWindowsPath(r"\\server\share\县 档案\bangfu.db")
    assert unc.as_uri().startswith("file://server/")  # the old form: SQLite refuses it
    assert reader_uri(unc) == ("file:////server/share/%E5%8E%BF%20%E6%A1%A3%E6%A1%88"
                               "/bangfu.db?mode=ro")
    assert reader_uri(PureWindowsPath(r"C:\村\b.db")) == "file:///C:/%E6%9D%91/b.db?mode=ro"
    assert reader_uri(PurePosixPath("/a/#1?%20/b.db")) == "file:///a/%231%3F%2520/b.db?mode=ro"


def test_the_reader_uri_drops_the_windows_extended_length_prefix():
    """``Path.resolve`` on Windows may return ``\\\\?\\C:\\...`` (long paths): SQLite is
    given the plain drive or share path, never a ``?`` folder of an empty server."""
    from pathlib import PurePosixPath, PureWindowsPath

    from registry.db import reader_uri

    drive = PureWindowsPath(r"\\?\C:\村\b.db")
    assert reader_uri(drive) == reader_uri(PureWindowsPath(r"C:\村\b.db"))
    assert reader_uri(drive) == "file:///C:/%E6%9D%91/b.db?mode=ro"
    share = PureWindowsPath(r"\\?\UNC\server\share\b.db")
    assert reader_uri(share) == "file:////server/share/b.db?mode=ro"
    assert reader_uri(PureWindowsPath(r"\\?\unc\server\share\b.db")) == reader_uri(share)
    # a POSIX folder really named "?" is kept
    assert reader_uri(PurePosixPath("//?/a.db")) == "file:////%3F/a.db?mode=ro"


def test_sqlite_opens_the_unc_shaped_uri_and_refuses_a_server_authority(store, profile):
    """On this system ``//x`` is ``/x``: the four-slash form SQLite is given for a UNC
    share opens the real file read-only; the form ``as_uri`` made is refused."""
    from pathlib import PurePosixPath

    import sqlcipher3.dbapi2 as sqlcipher

    from registry.db import reader_uri

    store.write([_person(1)])
    key = session.opened(store).data_key
    doubled = PurePosixPath("/" + str(profile.db_path.resolve()))
    uri = reader_uri(doubled)
    assert uri.startswith("file:////")
    conn = sqlcipher.connect(uri, uri=True)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        assert conn.execute("SELECT count(*) FROM entity WHERE list = 'person'"
                            ).fetchone()[0] == 1
        with pytest.raises(DatabaseError, match="readonly"):
            conn.execute("CREATE TABLE t (x)")
    finally:
        conn.close()
    with pytest.raises(DatabaseError):
        sqlcipher.connect("file://server" + str(profile.db_path.resolve()) + "?mode=ro",
                          uri=True)


def test_a_read_lane_that_cannot_open_leaves_the_unlock_working(store, profile, monkeypatch,
                                                                caplog):
    store.write([_person(1)])
    store.close()
    secret = str(profile.db_path)

    def refuse(path, key, **_options):
        raise DatabaseError(f"unable to open database file {secret}")

    monkeypatch.setattr("registry.profile.open_reader", refuse)
    with caplog.at_level("WARNING", logger="registry.profile"):
        opened = profile.unlock("secretary", PASSPHRASE)
    try:
        assert opened.reader() is None
        assert opened.count("person") == 1
        assert alert_counts_for_store(opened, as_of=TODAY, scope=opened.default_scope) \
            is not None
        opened.write([_person(2)])
        assert opened.count("person") == 2
    finally:
        opened.close()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "DatabaseError" in logged and secret not in logged and "profile" not in logged
    assert open_files(profile.folder) == []


def test_a_lane_that_opens_but_cannot_be_attached_leaves_the_unlock_working(
        store, profile, monkeypatch, caplog):
    """An ordinary error after the lane's connection opened (attaching its twin) closes
    that connection and unlocks without the lane, as when it cannot open."""
    store.write([_person(1)])
    store.close()

    def refuse(*_args, **_kwargs):
        raise RuntimeError("no lane")

    monkeypatch.setattr(Store, "attach_reader", refuse)
    with caplog.at_level("WARNING", logger="registry.profile"):
        opened = profile.unlock("secretary", PASSPHRASE)
    try:
        assert opened.reader() is None
        opened.write([_person(2)])
        assert opened.count("person") == 2
    finally:
        opened.close()
    assert "RuntimeError" in "\n".join(r.getMessage() for r in caplog.records)
    assert open_files(profile.folder) == []


def test_closing_without_a_checkpoint_leaves_the_log_to_the_last_connection(store, profile):
    """``close(checkpoint=False)`` (the idle lock's county recovery, while the app's own
    connections stay open) does not checkpoint: the -wal file keeps its frames until the
    last connection closes with one, which empties it."""
    store.write([_person(1)])
    second = profile.unlock("secretary", PASSPHRASE)
    second.write([_person(2)])
    wal = profile.db_path.with_name(profile.db_path.name + "-wal")
    second.close(checkpoint=False)
    assert wal.stat().st_size > 0
    assert store.count("person") == 2
    store.close()
    assert not wal.exists() or wal.stat().st_size == 0
