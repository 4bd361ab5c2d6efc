"""The 重复人员 page on a real encrypted county profile: the models (pytest-qt's model
tester), candidates in words, the pair side by side with differences marked, merging
(which record is kept, confirmed), "not the same person", and the rule saved from the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from bangfu_testdata import PASSPHRASE, TODAY, make_id
from PySide6.QtCore import Qt

from desktop.background import BackgroundRunner
from desktop.county.duplicates import (
    CandidateTableModel,
    ComparisonModel,
    DuplicatesPage,
    MergeDialog,
)
from desktop.workspace import COUNTY, WORKSPACES
from registry import audit
from registry.claims import record_claim
from registry.county_duplicates import candidate_rows, load_rule, person_side
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Create, Store

VILLAGE_A, VILLAGE_B = "361130104201", "361130104202"


@pytest.fixture
def county(tmp_path: Path) -> Store:
    s = Profile(tmp_path / "county", today=lambda: TODAY).create(
        user="county", passphrase=PASSPHRASE, scope="361130", kdf=KdfParams.fast())
    yield s
    BackgroundRunner.stop_all()
    s.close()


def person(store: Store, village: str, number: str, props: dict) -> str:
    hid = store.create("household", {"household_no": f"{village}{number}",
                                     "head_name": props["name"]}, scope=village)
    return store.write([Create("person", {**props, "household_id": hid, "relation": "户主"},
                               scope=village)]).created[0]


def twice_registered(store: Store) -> tuple[str, str, str]:
    """钱进 with an ID number in village A and again without one in village B (with a
    claim each); 孙丽 twice with one ID number."""
    number = make_id(birth="19750506", seq="111")
    a = person(store, VILLAGE_A, "0001", {"name": "钱进", "id_number": number})
    b = person(store, VILLAGE_B, "0007", {"name": "钱进", "birth_date": "1975-05-06",
                                          "sex": "男"})
    for subject in (a, b):
        record_claim(store, rule_id="transport", subject_id=subject, amount=400, period="2026",
                     check=lambda _s, _c: [])
    same = make_id(seq="333")
    c = person(store, VILLAGE_A, "0002", {"name": "孙丽", "id_number": same})
    person(store, VILLAGE_B, "0003", {"name": "孙丽", "id_number": same})
    return a, b, c


def _listed(qtbot, county, rows: int = 2) -> tuple[DuplicatesPage, BackgroundRunner]:
    """The page shown, once it lists ``rows`` pairs (the two of ``twice_registered``)."""
    runner = BackgroundRunner(county)
    page = DuplicatesPage(runner)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == rows, timeout=10_000)
    return page, runner


def test_models_pass_the_model_tester(qtmodeltester, county):
    a, b, _c = twice_registered(county)
    model = CandidateTableModel()
    model.set_rows(candidate_rows(county), load_rule(county))
    assert model.rowCount() == 2
    qtmodeltester.check(model)
    comparison = ComparisonModel()
    comparison.set_pair((person_side(county, a), person_side(county, b)))
    qtmodeltester.check(comparison)
    labels = [comparison.headerData(r, Qt.Orientation.Vertical) for r in range(12)]
    differing = {labels[r] for r in range(comparison.rowCount()) if comparison.differs(r)}
    assert differing == {"身份证号", "所在村", "户编号"}
    assert comparison.index(1, 1).data() == ""  # 乙 has no ID number
    assert comparison.index(1, 0).data().startswith("3611") and "*" in comparison.index(1, 0).data()


def test_page_lists_pairs_compares_and_merges_the_one_chosen(qtbot, county):
    a, b, _c = twice_registered(county)
    runner = BackgroundRunner(county)
    page = DuplicatesPage(runner)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    assert page.count.text() == "共 2 对疑似重复"
    reasons = {page.model.index(r, 0).data() for r in range(2)}
    assert reasons == {"身份证号相同；姓名+出生日期相同", "姓名+出生日期相同"}
    assert [box.isChecked() for box in page.fields.values()] == [True, True, False, False, False]
    row = next(r for r in range(2) if page.model.index(r, 0).data() == "姓名+出生日期相同")
    page.view.selectRow(row)
    qtbot.waitUntil(lambda: page.comparison.rowCount() > 0, timeout=10_000)
    ids = {side.id for side in page.comparison.sides()}
    assert ids == {a, b} and page.merge_button.isEnabled()

    page.merge_button.click()
    dialog = page.findChild(MergeDialog)
    keep_b = dialog.keep_b if dialog.sides[1].id == b else dialog.keep_a
    keep_b.setChecked(True)  # keep the record registered in village B
    dialog.confirm.click()
    qtbot.waitUntil(lambda: page.status.text().startswith("已合并"), timeout=10_000)
    assert "1 组补贴重复登记" in page.status.text()
    # the page's DB thread may still be reading: the checks read through the runner
    assert runner.call(lambda s: s.get(a).id) == b  # a redirects to the kept record
    kept = runner.call(lambda s: s.get(b))
    assert kept.props["id_number"].startswith("3611")  # copied from the dropped one
    assert runner.call(lambda s: audit.entries(s, action="merge"))[-1].target == b
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert page.model.index(0, 0).data() == "身份证号相同；姓名+出生日期相同"


def test_not_the_same_person_is_not_proposed_again(qtbot, county):
    twice_registered(county)
    runner = BackgroundRunner(county)
    page = DuplicatesPage(runner)
    page.show()
    qtbot.waitUntil(lambda: page.comparison.rowCount() > 0, timeout=10_000)
    first = page.comparison.sides()
    page.dismiss_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert page.status.text() == "已标记为不是同一人，不再提示。"
    remaining = page.model.row_at(0).candidate
    assert {remaining.a, remaining.b} != {first[0].id, first[1].id}
    assert runner.call(lambda s: s.count("not_duplicate")) == 1


def test_the_rule_chosen_on_the_page_is_saved_and_used(qtbot, county):
    twice_registered(county)
    runner = BackgroundRunner(county)
    page = DuplicatesPage(runner)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    page.fields["village"].setChecked(True)
    page.save_rule.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    # read through the runner: its DB thread may still be reading (the pair shown)
    assert runner.call(load_rule).fields == ("name", "birth_date", "village")
    page.fields["name"].setChecked(False)
    page.save_rule.click()  # neither name nor pinyin: refused, nothing saved
    qtbot.wait(200)
    assert runner.call(load_rule).fields == ("name", "birth_date", "village")


def test_the_county_workspace_lists_the_page():
    assert "duplicates" in [p.key for p in WORKSPACES[COUNTY]]


def test_villages_read_by_name_in_the_list_the_comparison_and_the_merge_dialog(qtbot, county):
    """A county officer reads village names, not 12-digit codes; the code stays in the
    tooltip (with the full name)."""
    twice_registered(county)
    runner = BackgroundRunner(county)
    page = DuplicatesPage(runner)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.comparison.rowCount() > 0 and page.model.places is not None,
                    timeout=10_000)
    shown = {page.model.index(r, c).data() for r in range(2) for c in (2, 5)}
    assert shown == {"思口镇思溪村", "思口镇高枧村"}
    tip = page.model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert tip in ("婺源县思口镇思溪村\n" + VILLAGE_A, "婺源县思口镇高枧村\n" + VILLAGE_B)
    labels = [page.comparison.headerData(r, Qt.Orientation.Vertical) for r in range(12)]
    row = labels.index("所在村")
    assert {page.comparison.index(row, c).data() for c in (0, 1)} == shown
    assert page.comparison.differs(row)  # the codes differ, whatever the names read
    page.merge_button.click()
    dialog = page.findChild(MergeDialog)
    both = dialog.keep_a.text() + dialog.keep_b.text()
    assert "（思口镇思溪村 3611301042010002，" in both  # the name, then the 户编号
    assert f"（{VILLAGE_A} " not in both
    dialog.reject()
    runner.wait()


def test_the_merge_dialog_reads_with_english_punctuation(qtbot, county, english):
    a, b, _c = twice_registered(county)
    dialog = MergeDialog((person_side(county, a), person_side(county, b)))
    qtbot.addWidget(dialog)
    text = dialog.keep_a.text()
    assert text.startswith("Keep A: 钱进 (") and "，" not in text and "（" not in text
    assert ", 3611" in text  # the masked ID number after the 户编号


def test_the_pair_count_reads_in_english_singular_and_plural(qtbot, county, english):
    twice_registered(county)
    page, runner = _listed(qtbot, county)
    assert page.count.text() == "2 possible duplicate pairs"
    qtbot.waitUntil(lambda: page.comparison.rowCount() > 0, timeout=10_000)
    page.dismiss_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert page.count.text() == "1 possible duplicate pair"
    runner.wait()


def test_a_list_cut_at_its_limit_does_not_read_as_a_total(qtbot, county, monkeypatch):
    """At the county's 100k people a loose rule found more pairs than the list keeps
    (MAX_PAIRS): "共 2000 对疑似重复" read as a total."""
    import desktop.county.duplicates as page_module
    import desktop.county.duplicates_ops as ops_module

    twice_registered(county)
    pairs = len(candidate_rows(county))
    assert pairs >= 2
    for module in (page_module, ops_module):
        monkeypatch.setattr(module, "MAX_PAIRS", pairs - 1)
    page, runner = _listed(qtbot, county, rows=pairs - 1)
    assert page.count.text() == f"只列出前 {pairs - 1} 对疑似重复（还有更多）：请收紧查重规则"
    runner.wait()


def test_a_list_exactly_at_its_limit_reads_as_a_total(qtbot, county, monkeypatch):
    """Exactly MAX_PAIRS pairs said 只列出前 … （可能更多）: there were no more."""
    import desktop.county.duplicates as page_module
    import desktop.county.duplicates_ops as ops_module

    twice_registered(county)
    pairs = len(candidate_rows(county))
    for module in (page_module, ops_module):
        monkeypatch.setattr(module, "MAX_PAIRS", pairs)
    page, runner = _listed(qtbot, county, rows=pairs)
    assert page.count.text() == f"共 {pairs} 对疑似重复"
    runner.wait()


def test_the_merge_dialog_warns_when_a_household_would_lose_its_head(qtbot, county):
    """Keeping 乙 (alone in village B) merged away 甲, the 户主 of a household with others:
    that household had no head afterwards, and nothing said so."""
    a, b, _c = twice_registered(county)
    hid = county.get(a).parent
    county.create("person", {"household_id": hid, "name": "钱小进", "relation": "之子",
                             "id_number": make_id(birth="20050101", seq="777")})
    dialog = MergeDialog((person_side(county, a), person_side(county, b)))
    qtbot.addWidget(dialog)
    assert dialog.warning.isHidden()  # keeping 甲: his household keeps its head
    dialog.keep_b.setChecked(True)
    assert not dialog.warning.isHidden()
    assert dialog.warning.text().startswith("注意：钱进 是户 3611301042010001 的户主，该户还有 1 名成员")
    dialog.keep_a.setChecked(True)
    assert dialog.warning.isHidden()


def test_the_merge_dialog_warns_within_one_household_unless_the_kept_one_becomes_head(
        qtbot, county):
    """Both records in one household: keeping a 之子 record drops the only 户主 (the merge
    does not copy 户主 over a relation the kept record has); keeping one with no relation
    is fine (it takes 户主)."""
    hid = county.create("household", {"household_no": "3611301042010009", "head_name": "周一"})
    head = county.create("person", {"household_id": hid, "name": "周一", "relation": "户主",
                                    "id_number": make_id(birth="19700101", seq="801")})
    son = county.create("person", {"household_id": hid, "name": "周一", "relation": "之子"})
    bare = county.create("person", {"household_id": hid, "name": "周一"})
    county.create("person", {"household_id": hid, "name": "周二", "relation": "配偶"})
    for kept, warned in ((son, True), (bare, False)):
        dialog = MergeDialog((person_side(county, head), person_side(county, kept)))
        qtbot.addWidget(dialog)
        dialog.keep_b.setChecked(True)
        assert dialog.warning.isHidden() is not warned
        if warned:  # the others: the spouse and the record without a relation
            assert "该户还有 2 名成员" in dialog.warning.text()


def test_the_claims_compared_name_their_rule(county):
    """The 补贴登记 row showed the rule's id (wy_transport), a code to a county clerk."""
    a = person(county, VILLAGE_A, "0009", {"name": "周正", "id_number": make_id(seq="555")})
    record_claim(county, rule_id="wy_transport", subject_id=a, amount=500, period="2025",
                 check=lambda _s, _c: [])
    record_claim(county, rule_id="no_such_rule", subject_id=a, amount=None, period="2026",
                 check=lambda _s, _c: [])
    side = person_side(county, a)
    model = ComparisonModel()
    model.set_pair((side, side))
    from desktop.county.duplicates import COMPARED

    row = next(i for i, (label, _cell) in enumerate(COMPARED) if label == "补贴登记")
    assert model.index(row, 0).data() == "跨省就业一次性交通补助 2025 500 元；no_such_rule 2026"
