"""Duplicate candidates, the county's dedup rule, "not the same person" and merges, on a
real encrypted county profile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bangfu_testdata import PASSPHRASE, TODAY, make_id

from registry import audit
from registry.claims import duplicate_claims, record_claim
from registry.county_duplicates import (
    FLAGS_KEY,
    SAME_ID,
    SAME_ID_SQL,
    SAME_RULE,
    SERVER_FLAG,
    DedupRule,
    candidate_rows,
    candidates,
    check_rule,
    load_rule,
    mark_not_duplicate,
    merge_people,
    person_side,
    save_rule,
)
from registry.errors import ValidationError
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Create, Store

COUNTY = "361130"
VILLAGE_A, VILLAGE_B = "361130104201", "361130104202"


@pytest.fixture
def county(tmp_path: Path) -> Store:
    s = Profile(tmp_path / "county", today=lambda: TODAY).create(
        user="county", passphrase=PASSPHRASE, scope=COUNTY, kdf=KdfParams.fast())
    yield s
    s.close()


def household(store: Store, village: str, number: str, *people: dict) -> list[str]:
    """A household of ``people`` (the first is 户主); the ids of its members."""
    hid = store.create("household", {"household_no": f"{village}{number}",
                                     "head_name": people[0]["name"]}, scope=village)
    ops = [Create("person", {"relation": "户主" if i == 0 else "子", **p, "household_id": hid},
                  scope=village) for i, p in enumerate(people)]
    return list(store.write(ops).created)


def pairs(found) -> set[tuple[frozenset[str], frozenset[str]]]:
    return {(frozenset((c.a, c.b)), c.reasons) for c in found}


def no_claim_check(_store, _claim):
    return []


def test_people_sharing_an_id_number_are_candidates(county):
    (a,) = household(county, VILLAGE_A, "0001", {"name": "王芳", "id_number": make_id()})
    (b,) = household(county, VILLAGE_B, "0001", {"name": "王 芳", "id_number": make_id()})
    household(county, VILLAGE_B, "0002", {"name": "李四", "id_number": make_id(seq="124")})
    assert pairs(candidates(county)) == {(frozenset((a, b)), frozenset({SAME_ID}))}


def test_same_name_and_birth_date_without_id_number_is_a_candidate(county):
    (a,) = household(county, VILLAGE_A, "0001", {"name": "赵敏", "id_number": make_id(
        birth="19900102", seq="222")})
    (b,) = household(county, VILLAGE_B, "0001", {"name": "赵敏", "birth_date": "1990-01-02",
                                                 "sex": "女"})
    household(county, VILLAGE_B, "0002", {"name": "赵敏", "birth_date": "1990-01-03"})
    assert pairs(candidates(county)) == {(frozenset((a, b)), frozenset({SAME_RULE}))}


def test_the_rule_is_tuned_saved_synced_and_read_back(county, tmp_path):
    (a,) = household(county, VILLAGE_A, "0001", {"name": "陈静", "birth_date": "1988-05-06"})
    household(county, VILLAGE_B, "0001", {"name": "陈静", "birth_date": "1988-05-06"})
    assert len(candidates(county)) == 1
    changes = save_rule(county, ["village", "name", "birth_date"])
    assert load_rule(county) == DedupRule(("name", "birth_date", "village"))
    assert candidates(county) == []  # two villages: not the same person by this rule
    (rule_id,) = changes.created
    assert [c.prop for c in county.journal(entity_id=rule_id)] == ["fields"]
    save_rule(county, ["name", "birth_date"])  # the one record is updated, not a second
    assert county.count("dedup_rule") == 1
    assert len(candidates(county)) == 1
    assert [e.action for e in audit.entries(county, action="dedup_rule")] == ["dedup_rule"] * 2
    assert a in (candidates(county)[0].a, candidates(county)[0].b)


def test_a_rule_without_the_name_or_unknown_fields_is_refused(county):
    with pytest.raises(ValidationError) as caught:
        save_rule(county, ["birth_date", "sex"])
    assert caught.value.field == "dedup_rule.fields"
    with pytest.raises(ValidationError, match="未知字段"):
        check_rule(["name", "height"])
    assert county.count("dedup_rule") == 0
    assert load_rule(county) == DedupRule(("name", "birth_date"))


def test_the_pinyin_rule_meets_names_written_with_other_characters(county):
    (a,) = household(county, VILLAGE_A, "0001", {"name": "张三", "birth_date": "1970-01-01"})
    (b,) = household(county, VILLAGE_B, "0001", {"name": "章三", "birth_date": "1970-01-01"})
    assert candidates(county) == []
    save_rule(county, ["pinyin", "birth_date"])
    assert pairs(candidates(county)) == {(frozenset((a, b)), frozenset({SAME_RULE}))}


def test_not_the_same_person_is_kept_journaled_and_never_proposed_again(county):
    (a,) = household(county, VILLAGE_A, "0001", {"name": "刘洋", "birth_date": "1995-07-07"})
    (b,) = household(county, VILLAGE_B, "0001", {"name": "刘洋", "birth_date": "1995-07-07"})
    (c,) = household(county, VILLAGE_B, "0002", {"name": "刘洋", "birth_date": "1995-07-07"})
    assert len(candidates(county)) == 3
    (mark,) = mark_not_duplicate(county, (b, a)).created
    assert {frozenset((x.a, x.b)) for x in candidates(county)} == {
        frozenset((a, c)), frozenset((b, c))}
    assert county.journal(entity_id=mark)[0].entity_list == "not_duplicate"
    assert audit.entries(county, action="not_duplicate")[0].target == mark


def test_marking_a_gone_person_changes_nothing(county):
    (a,) = household(county, VILLAGE_A, "0001", {"name": "刘洋", "birth_date": "1995-07-07"})
    before = len(county.journal())
    with pytest.raises(ValidationError) as caught:
        mark_not_duplicate(county, (a, "no-such-id"))
    assert caught.value.field == "not_duplicate.person_b"
    assert len(county.journal()) == before


def test_the_servers_flags_are_candidates_while_the_number_is_shared(county):
    number = make_id(seq="555")
    (a,) = household(county, VILLAGE_A, "0001", {"name": "孙丽", "id_number": number})
    (b,) = household(county, VILLAGE_B, "0001", {"name": "孙莉", "id_number": number})
    county.set_meta(FLAGS_KEY, json.dumps([
        {"id": 1, "kind": "duplicate_id_number", "entity_id": b, "detail": {"entities": [a]}},
        {"id": 2, "kind": "clock_ahead", "entity_id": a, "detail": {"ahead_ms": 1}}]))
    assert pairs(candidates(county)) == {(frozenset((a, b)), frozenset({SAME_ID, SERVER_FLAG}))}
    county.update(b, {"id_number": make_id(seq="557")})  # the typing error corrected
    assert candidates(county) == []


def test_merge_keeps_history_redirects_ids_and_rechecks_claims(county):
    number = make_id(birth="19800808", seq="333")
    (keep,) = household(county, VILLAGE_A, "0001", {"name": "周强", "id_number": number})
    (drop,) = household(county, VILLAGE_B, "0001", {"name": "周强", "birth_date": "1980-08-08",
                                                    "phone": "13800138000"})
    visit = county.create("visit", {"person_id": drop, "visit_date": "2026-11-02"},
                          scope=VILLAGE_B)
    first = record_claim(county, rule_id="transport", subject_id=keep, amount=500,
                         period="2026", check=no_claim_check)
    second = record_claim(county, rule_id="transport", subject_id=drop, amount=500,
                          period="2026", check=no_claim_check)
    assert duplicate_claims(county) == []

    result = merge_people(county, keep=keep, drop=drop)

    assert result.double_claims == (tuple(sorted((first, second))),)
    assert county.get(drop).id == keep  # the dropped id redirects
    assert county.get(keep).props["phone"] == "13800138000"  # what keep lacked is copied
    assert county.get(visit).props["person_id"] == drop  # append-only: kept, redirected
    assert [c.id for c in person_side(county, keep).claims] == sorted([first, second])
    assert person_side(county, keep).visits == 1  # the dropped one's follow-up counts
    assert county.journal(entity_id=drop)  # history kept
    assert audit.entries(county, action="merge")[0].target == keep
    assert candidates(county) == []
    assert set(result.changes.updated) >= {keep, drop, second}


def test_merge_of_a_record_already_merged_writes_nothing(county):
    (a,) = household(county, VILLAGE_A, "0001", {"name": "吴刚", "birth_date": "1960-02-02"})
    (b,) = household(county, VILLAGE_B, "0001", {"name": "吴刚", "birth_date": "1960-02-02"})
    merge_people(county, keep=a, drop=b)
    before = len(county.journal())
    with pytest.raises(ValidationError) as caught:
        merge_people(county, keep=a, drop=b)
    assert caught.value.field == "merge.drop"
    assert "刷新" in caught.value.message_zh
    assert len(county.journal()) == before


def test_person_side_shows_household_visits_claims_and_a_masked_id(county):
    number = make_id(seq="777")
    head, child = household(county, VILLAGE_A, "0009", {"name": "郑伟", "id_number": number},
                            {"name": "郑小伟", "birth_date": "2010-01-01"})
    county.create("visit", {"person_id": head, "visit_date": "2026-10-05"}, scope=VILLAGE_A)
    county.create("visit", {"person_id": head, "visit_date": "2026-11-05"}, scope=VILLAGE_A)
    record_claim(county, rule_id="post", subject_id=head, amount=300, period="2026-10",
                 check=no_claim_check)
    side = person_side(county, head)
    assert (side.name, side.village, side.household_no) == ("郑伟", VILLAGE_A, f"{VILLAGE_A}0009")
    assert side.id_number == number[:4] + "*" * 10 + number[-4:]
    assert side.members == (("郑小伟", "子"),)
    assert (side.visits, side.last_visit) == (2, "2026-11-05")
    assert [(c.rule_id, c.period, c.amount) for c in side.claims] == [("post", "2026-10", 300)]
    assert child not in {c.id for c in side.claims}


def test_candidate_rows_name_both_people(county):
    (a,) = household(county, VILLAGE_A, "0001", {"name": "黄蓉", "birth_date": "1992-03-04"})
    (b,) = household(county, VILLAGE_B, "0003", {"name": "黄蓉", "birth_date": "1992-03-04"})
    (row,) = candidate_rows(county)
    first, second = (0, 1) if row.candidate.a == a else (1, 0)
    assert row.names == ("黄蓉", "黄蓉")
    assert row.villages[first] == VILLAGE_A and row.villages[second] == VILLAGE_B
    assert row.household_nos[second] == f"{VILLAGE_B}0003"


def test_candidates_read_the_schema_6_indexes(county):
    by_rule, by_id = (" ".join(r[-1] for r in county.db.execute("EXPLAIN QUERY PLAN " + sql,
                                                                  {"scope": "*"}))
                      for sql in (DedupRule().sql(), SAME_ID_SQL))
    assert "COVERING INDEX person_name_birth" in by_rule and "TEMP B-TREE" not in by_rule
    assert "COVERING INDEX person_id_number" in by_id and "TEMP B-TREE" not in by_id
