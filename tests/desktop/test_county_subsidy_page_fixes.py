"""The review fixes of the 补贴名单 and 政策 pages (issue 15) on a real encrypted county
profile: the grant confirmation names the listed rule and a changed rule, period or date
drops the list; a sync marks the list stale (重新生成) and keeps the selection; a cap-only
rule asks for the amount; 确认所选 only for the county's own minimum-wage row."""

from __future__ import annotations

from dataclasses import replace

import pytest
from county_subsidy_data import AS_OF, COUNTY, county_store

from desktop.background import BackgroundRunner
from desktop.county.policy_page import PolicyPage


@pytest.fixture
def county(tmp_path):
    store = county_store(tmp_path / "county")
    yield store
    BackgroundRunner.stop_all()
    store.close()


def open_policy(qtbot, county):
    page = PolicyPage(BackgroundRunner(county), today=lambda: AS_OF)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.wage_table.rowCount() > 0, timeout=10_000)
    return page


def test_confirm_is_offered_only_for_the_countys_own_wage_row(qtbot, county):
    page = open_policy(qtbot, county)
    own = next(w for w in page.wages if w.wage.region == COUNTY)
    others = [replace(own, wage=replace(own.wage, region=code, region_name=name), applies=False)
              for code, name in (("361102", "南昌县"), ("361130104", "某镇"))]
    page._show((page.in_force, [own, *others]))
    before = len(county.journal())
    for row in (1, 2):
        page.wage_table.selectRow(row)
        assert not page.confirm.isEnabled()
        page.confirm_selected()
    page.runner.wait()
    assert len(county.journal()) == before
    page.wage_table.selectRow(0)
    assert page.confirm.isEnabled()
