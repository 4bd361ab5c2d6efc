from __future__ import annotations

from bangfu_testdata import make_id

from registry.store import Create


def seed(store):
    hh = store.create("household", {"household_no": "3611300001"})
    people = [("张三", make_id(seq="111")), ("曾小红", make_id(birth="19900101", seq="222")),
              ("欧阳娜娜", make_id(birth="19950505", seq="342")), ("李四", make_id(seq="411"))]
    ops = [Create("person", {"household_id": hh, "name": n, "id_number": i}) for n, i in people]
    ids = store.write(ops).created
    return hh, dict(zip([n for n, _ in people], ids, strict=True)), dict(people)


def names(results):
    return sorted(e.props.get("name", e.props.get("household_no")) for e in results)


def test_search_by_name_prefix_and_given_name(store):
    seed(store)
    assert names(store.search("张")) == ["张三"]
    assert names(store.search("张三")) == ["张三"]
    assert names(store.search("小红")) == ["曾小红"]


def test_search_by_pinyin_full_and_initials(store):
    seed(store)
    assert names(store.search("zs")) == ["张三"]
    assert names(store.search("zhangsan")) == ["张三"]
    assert names(store.search("ZhangS")) == ["张三"]
    assert names(store.search("oyn")) == ["欧阳娜娜"]


def test_polyphonic_surname_found_by_either_reading(store):
    seed(store)
    assert names(store.search("zengxiaohong")) == ["曾小红"]
    assert names(store.search("cxh")) == ["曾小红"]


def test_search_by_id_tail_and_household_number(store):
    hh, _, ids = seed(store)
    assert names(store.search(ids["李四"][-6:])) == ["李四"]
    assert names(store.search("3611300001")) == ["3611300001"]


def test_search_follows_updates(store):
    _, by_name, _ = seed(store)
    store.update(by_name["李四"], {"name": "李思思"})
    assert names(store.search("李四")) == []
    assert names(store.search("李思")) == ["李思思"]
    assert names(store.search("lss")) == ["李思思"]


def test_empty_query_finds_nothing(store):
    seed(store)
    assert store.search("  ") == []


def test_full_width_digits_and_letters_typed_with_an_input_method(store):
    """３０６２４６ (a Chinese input method's digits) found nobody."""
    _, _, ids = seed(store)
    wide = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
    assert names(store.search(ids["李四"][-6:].translate(wide))) == ["李四"]
    assert names(store.search("３６１１３００００１")) == ["3611300001"]
    assert names(store.search("ｚｓ")) == ["张三"]
    assert names(store.search("张　三")) == ["张三"]  # an ideographic space
