from __future__ import annotations

import sqlite3

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from bangfu_testdata import PASSPHRASE, TODAY, VILLAGE, make_id

from registry.db import open_encrypted
from registry.errors import NotEncrypted, NotFound, ValidationError, WrongPassphrase
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Create, Delete, Update
from sync.protocol import DELETED, Stamp


def household(store, number="HH001"):
    return store.create("household", {"household_no": number, "village_code": VILLAGE})


def person(store, hh, **props):
    base = {"household_id": hh, "name": "张三", "id_number": make_id(), "relation": "户主"}
    return store.create("person", {**base, **props})


def counts(store):
    row = store.db.execute("SELECT (SELECT count(*) FROM entity), (SELECT count(*) FROM journal),"
                           " (SELECT count(*) FROM search_key)").fetchone()
    return tuple(row)


def test_create_journals_one_change_per_property(store):
    hh = household(store)
    pid = person(store, hh)
    entity = store.get(pid)
    assert entity.props["sex"] == "男" and entity.props["birth_date"] == "1985-03-15"
    assert entity.props["labour_class"] == "普通劳动力"
    journal = store.journal(entity_id=pid)
    assert sorted(c.prop for c in journal) == sorted(entity.props)
    assert all(c.base is None and c.user == "secretary" and c.device == store.device
               for c in journal)
    assert entity.versions == {c.prop: c.change_id for c in journal}
    assert entity.scope == VILLAGE and entity.parent == hh


def test_update_journals_only_what_changed_based_on_current_version(store):
    pid = person(store, household(store))
    before = store.get(pid)
    changes = store.update(pid, {"phone": "138 0013 8000", "name": "张三"})
    assert len(changes.change_ids) == 1 and changes.updated == (pid,)
    (change,) = [c for c in store.journal(entity_id=pid) if c.prop == "phone"]
    assert change.value == "13800138000" and change.base is None
    store.update(pid, {"phone": "13900139000"})
    latest = store.journal(entity_id=pid)[-1]
    assert latest.base == change.change_id
    assert store.update(pid, {"phone": "13900139000"}).change_ids == ()
    assert store.get(pid).versions["name"] == before.versions["name"]


def test_delete_is_a_tombstone_with_what_was_seen(store):
    pid = person(store, household(store))
    seen = store.get(pid).versions
    changes = store.delete(pid)
    tomb = store.journal(entity_id=pid)[-1]
    assert tomb.prop == DELETED and tomb.value is True and dict(tomb.seen) == seen
    assert changes.deleted == (pid,) and store.get(pid).deleted
    assert store.search("张三") == []
    assert store.delete(pid).change_ids == ()
    with pytest.raises(ValidationError, match="已删除"):
        store.update(pid, {"phone": "13800138000"})


@pytest.mark.parametrize("bad", ["", "123", make_id()[:-1] + ("0" if make_id()[-1] != "0" else "1"),
                                 "1.10105E+17", "36113019850315123", "361130850315123"])
def test_invalid_id_number_names_the_field_and_writes_nothing(store, bad):
    hh = household(store)
    before = counts(store)
    with pytest.raises(ValidationError) as err:
        store.write([Create("person", {"household_id": hh, "name": "李四", "relation": "之子"}),
                     Create("person", {"household_id": hh, "name": "王五", "id_number": bad or "x"})])
    assert err.value.field == "person.id_number"
    if len(bad) > 8:
        assert bad not in str(err.value) and bad not in err.value.message_en
    assert counts(store) == before


def test_sex_contradicting_the_id_number_is_refused(store):
    hh = household(store)
    before = counts(store)
    with pytest.raises(ValidationError) as err:
        person(store, hh, sex="女")
    assert err.value.field == "person.sex"
    assert counts(store) == before
    assert "填" not in err.value.message_zh  # refused: nothing is filled in from the ID number
    assert "filled in" not in err.value.message_en


def test_name_is_required(store):
    with pytest.raises(ValidationError) as err:
        store.create("person", {"id_number": make_id()})
    assert err.value.field == "person.name"


def test_one_head_per_household(store):
    hh = household(store)
    person(store, hh)
    with pytest.raises(ValidationError) as err:
        person(store, hh, name="李四", id_number=make_id(seq="456"))
    assert err.value.field == "person.relation"
    other = person(store, hh, name="李四", id_number=make_id(seq="456"), relation="配偶")
    with pytest.raises(ValidationError):
        store.update(other, {"relation": "户主"})
    person(store, household(store, "HH002"), name="赵六", id_number=make_id(seq="789"))


def test_labour_class_suggested_then_overridable(store):
    pid = person(store, household(store), id_number=make_id(birth="19500101"))
    assert store.get(pid).props["labour_class"] == "无劳动力"
    store.update(pid, {"labour_class": "弱劳动力或半劳动力"})
    assert store.get(pid).props["labour_class"] == "弱劳动力或半劳动力"
    with pytest.raises(ValidationError) as err:
        store.update(pid, {"labour_class": "超级劳动力"})
    assert err.value.field == "person.labour_class"


def test_append_only_records_cannot_be_edited(store):
    vid = store.create("visit", {"person_id": "p1", "month": "2026-11", "note": "在家务农"})
    with pytest.raises(ValidationError, match="只能新增"):
        store.update(vid, {"note": "改了"})


def test_write_returns_what_changed_and_is_atomic(store):
    hh = household(store)
    changes = store.write([Create("person", {"household_id": hh, "name": "甲", "relation": "户主"}),
                           Create("person", {"household_id": hh, "name": "乙", "relation": "配偶"})])
    assert len(changes.created) == 2 and changes.lists == {"person"}
    pid = changes.created[0]
    with pytest.raises(NotFound):
        store.write([Update(pid, {"phone": "13800138000"}), Delete("no-such-id")])
    assert "phone" not in store.get(pid).props


def test_clock_is_monotonic_across_reopen(profile):
    store = profile.create(user="a", passphrase=PASSPHRASE, scope=VILLAGE, kdf=KdfParams.fast())
    store.create("household", {"household_no": "1"})
    last = store.journal()[-1].stamp
    store.close()
    reopened = Profile(profile.folder, now_ms=lambda: 1000).unlock("a", PASSPHRASE)
    reopened.create("household", {"household_no": "2"})
    assert reopened.journal()[-1].stamp > last
    assert isinstance(last, Stamp)
    reopened.close()


def test_fails_closed_on_a_driver_without_encryption(tmp_path):
    with pytest.raises(NotEncrypted):
        open_encrypted(tmp_path / "plain.db", bytes(32), driver=sqlite3)
    assert not (tmp_path / "plain.db").exists() or (tmp_path / "plain.db").stat().st_size == 0


def test_wrong_key_is_detected_at_open(profile, store):
    store.close()
    with pytest.raises(WrongPassphrase):
        open_encrypted(profile.db_path, bytes(32))
    with pytest.raises(WrongPassphrase):
        profile.unlock("secretary", "Wrong-pass-1")


def test_sqlite_utils_over_sqlcipher_raises_sqlciphers_errors(store):
    # sqlite-utils catches the sqlite3 module's classes; sqlcipher3's are separate, so
    # errors must surface as sqlcipher3 errors rather than be swallowed or misread.
    assert "entity" in store.db.table_names()
    assert store.db["entity"].count == 0
    with pytest.raises(sqlcipher.OperationalError):
        store.db.execute("SELECT * FROM no_such_table")
    assert not issubclass(sqlcipher.OperationalError, sqlite3.Error)


def test_today_is_injected(store):
    assert store._today() == TODAY


def test_severe_disability_suggests_lost_capacity(store):
    pid = person(store, household(store), disability="肢体一级")
    assert store.get(pid).props["labour_class"] == "丧失劳动力"
    store.update(pid, {"disability": "肢体四级"})
    assert store.get(pid).props["labour_class"] == "弱劳动力或半劳动力"


def test_household_rows_show_labels_and_monitoring(store):
    from registry.views import household_rows

    hh = store.create("household", {"household_no": "H1", "household_type": "100A03002"})
    person(store, hh)
    (row,) = household_rows(store)
    assert row.household_type == "边缘易致贫户" and row.monitored
    assert row.head_name == "张三" and row.members == 1
