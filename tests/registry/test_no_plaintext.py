"""Invariant 4: nothing readable without the key, in any file the app wrote."""

from __future__ import annotations

from pathlib import Path

from bangfu_testdata import make_id

from registry.store import Create

PEOPLE = [("覃秀英", make_id("522701", "19780809", "246"), "13912345678"),
          ("欧阳建国", make_id("522701", "19620101", "135"), "18687654321"),
          ("王小明", make_id("522701", "20010203", "117"), "15011112222")]


def secrets() -> list[bytes]:
    out = []
    for name, id_number, phone in PEOPLE:
        out += [name.encode(), name.encode("utf-16-le"), name.encode("gb18030"),
                id_number.encode(), id_number[-8:].encode(), phone.encode(),
                b"qinxiuying", b"ouyangjianguo"]
    return out


def leaks(folder: Path) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.name}: {s!r}" for s in secrets() if s in data]
    return found


def write_people(store):
    hh = store.create("household", {"household_no": "5227010001", "address": "覃家寨"})
    ops = [Create("person", {"household_id": hh, "name": n, "id_number": i, "phone": p,
                             "relation": r})
           for (n, i, p), r in zip(PEOPLE, ["户主", "配偶", "之子"], strict=True)]
    store.write(ops)
    for _, id_number, _ in PEOPLE:  # updates and a delete leave old pages behind too
        (hit,) = store.search(id_number[-6:])
        store.update(hit.id, {"employer": "贵州某服装厂"})
    store.delete(store.search("王小明")[0].id)


def test_no_plaintext_while_open_and_after_close(profile, store):
    write_people(store)
    assert (profile.folder / "bangfu.db-wal").stat().st_size > 0
    assert leaks(profile.folder) == []
    store.close()
    assert leaks(profile.folder) == []
    assert {p.name for p in profile.folder.iterdir()} <= {"bangfu.db", "bangfu.db-wal",
                                                           "bangfu.db-shm", "keyslots.json"}


def test_the_check_would_see_plaintext(tmp_path):
    # The detector itself must be able to fail: a plaintext SQLite file is caught.
    import sqlite3

    conn = sqlite3.connect(tmp_path / "plain.db")
    conn.execute("CREATE TABLE t (name TEXT)")
    conn.execute("INSERT INTO t VALUES (?)", (PEOPLE[0][0],))
    conn.commit()
    conn.close()
    assert leaks(tmp_path)


def test_profile_folder_is_owner_only(profile, store):
    assert profile.folder.stat().st_mode & 0o077 == 0
    assert (profile.folder / "keyslots.json").stat().st_mode & 0o077 == 0
