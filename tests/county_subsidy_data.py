"""Synthetic data for the subsidy-list and policy pages: a county pack in force in 2026 and
people whose facts make them eligible, undecided or not (import as ``county_subsidy_data``).

The pack is written with openpyxl the way a county officer fills the sheets (layout in
registry/policy/workbook.py): 婺源县 2026, a transport subsidy of 600 yuan once a year for
the 脱贫人口 / 监测对象 working 省外 for 3+ months, and a work-away reward whose amount the
(synthetic) source does not state (按规定).
"""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from bangfu_testdata import PASSPHRASE, make_id

from registry.keyslots import KdfParams
from registry.policy.workbook import header_of
from registry.profile import Profile
from registry.store import Store

COUNTY = "361130"
VILLAGES = ("361130104201", "361130104202")
AS_OF = date(2026, 11, 22)
TRANSPORT, REWARD = "wy2026_transport", "wy2026_work_away"

RULES: list[dict[str, Any]] = [
    {"id": TRANSPORT, "kind": "one_time_transport_subsidy",
     "name_zh": "2026年跨省务工一次性交通补助", "name_en": "2026 inter-province transport subsidy",
     "subject": "个人", "valid_from": datetime(2026, 1, 1), "valid_to": datetime(2026, 12, 31),
     "groups": "脱贫人口、监测对象", "frequency": "每年一次",
     "seed": "测试县2026年文件（合成）", "clause": "一（一）",
     "quote": "对省外稳定就业3个月以上的脱贫人口（含监测对象）每人每年给予一次性交通补助600元。",
     "conditions": [["work_region", "省外", ""], ["stable_months", 3, ""]],
     "amounts": [["", "定额", 600, "人", ""]]},
    {"id": REWARD, "kind": "one_time_work_away_reward",
     "name_zh": "2026年外出务工一次性奖补", "name_en": "2026 work-away reward",
     "subject": "个人", "valid_from": datetime(2026, 1, 1), "valid_to": datetime(2026, 12, 31),
     "groups": "脱贫人口", "frequency": "每年一次",
     "seed": "测试县2026年文件（合成）", "clause": "一（二）",
     "quote": "对外出务工的脱贫人口按规定给予一次性奖补。",
     "conditions": [["work_region", "省外、省内县外", ""]],
     "amounts": [["", "未明确", None, "人", "原文：按规定"]]},
]


def pack_2026(*, pack_id: str = "wuyuan_2026", issued: datetime = datetime(2026, 1, 5),
              region: str = COUNTY, rules: list[dict[str, Any]] | None = None) -> bytes:
    """The county pack's workbook bytes."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    about = book.create_sheet("说明")
    about.append(header_of("说明"))
    for row in (["编号", pack_id], ["名称", "婺源县2026年就业帮扶补贴（合成）"],
                ["英文名称", "Wuyuan 2026 employment subsidies (synthetic)"],
                ["发文机关", "婺源县人社局"], ["发布日期", issued], ["适用地区", region],
                ["说明", "测试用县级政策包（合成数据）"]):
        about.append(row)
    sheets = {name: book.create_sheet(name) for name in ("规则", "条件", "金额档次", "最低工资")}
    for name, sheet in sheets.items():
        sheet.append(header_of(name))
    for rule in RULES if rules is None else rules:
        sheets["规则"].append([rule.get(k, "") for k in (
            "id", "kind", "name_zh", "name_en", "subject", "region", "valid_from", "valid_to",
            "groups", "tier_by", "frequency", "exclusions", "seed", "clause", "quote")])
        for cond in rule.get("conditions", []):
            sheets["条件"].append([rule["id"], *cond])
        for amount in rule["amounts"]:
            sheets["金额档次"].append([rule["id"], *amount])
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


def county_store(folder: Path, *, user: str = "county-officer", scope: str = COUNTY) -> Store:
    """A fresh encrypted county profile (scope 361130; ``scope`` as an officer typed it,
    e.g. the 12-digit ``361130000000``)."""
    return Profile(folder, today=lambda: AS_OF).create(user=user, passphrase=PASSPHRASE,
                                                       scope=scope, kdf=KdfParams.fast())


def person(store: Store, village: str, *, name: str, household_type: str = "脱贫户",
           work_place: str | None = "outside", start: str | None = "2026-03-01",
           seq: int = 1) -> str:
    """One household of one person in ``village``, with a work spell unless
    ``work_place`` is None (a ``start`` of None leaves the months unknown)."""
    hid = store.create("household", {"household_no": f"{village}{seq:04d}",
                                     "village_code": village, "household_type": household_type,
                                     "head_name": name}, scope=village)
    pid = store.create("person", {"household_id": hid, "name": name, "relation": "户主",
                                  "id_number": make_id(seq=f"{seq:03d}")}, scope=village)
    if work_place is not None:
        spell = {"person_id": pid, "work_place": work_place}
        if start:
            spell["start_date"] = start
        store.create("work_spell", spell)
    return pid


def people(store: Store) -> dict[str, str]:
    """The synthetic people of the tests: name -> person id.

    - 张三, 李四 (two villages): 脱贫户, 省外 since March: eligible for both rules;
    - 王五: 脱贫户, 省外, start unknown: undecided for the transport subsidy;
    - 赵六: 一般户 (no target group): eligible for neither;
    - 孙七: 脱贫户, 县内: eligible for neither.
    """
    a, b = VILLAGES
    return {
        "张三": person(store, a, name="张三", seq=1),
        "李四": person(store, b, name="李四", seq=2),
        "王五": person(store, a, name="王五", start=None, seq=3),
        "赵六": person(store, a, name="赵六", household_type="一般户", seq=4),
        "孙七": person(store, b, name="孙七", work_place="county", seq=5),
    }
