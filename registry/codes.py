"""National code lists used by the registry, as ordered tuples.

No official data dictionary of the national monitoring system (全国防返贫监测信息系统,
"国办系统") is public. The lists below were rebuilt from public code and county checkers
(see the team's design notes, docs/research.md, section "National code lists and export") and from the
policy seeds digested in ``DOMAIN.md``. The order is the order in which the national
system and county ledgers list them; user interfaces should keep it.

Where the national system has a numeric code we know, the list holds ``(code, label)``
pairs; otherwise it holds labels. Nothing here is mutable.
"""

from __future__ import annotations

HEALTH: tuple[str, ...] = ("健康", "长期慢性病", "患有大病", "残疾")
"""健康状况. Source: national person export column 健康状况 (docs/research.md).

Combinations occur (e.g. 长期慢性病 and 残疾); records join them with ``HEALTH_SEPARATOR``.
"""

HEALTH_SEPARATOR = "、"
"""How combined health states are written in one text value, e.g. ``"长期慢性病、残疾"``."""

EDUCATION: tuple[str, ...] = ("文盲或半文盲", "小学", "初中", "高中", "大专", "本科及以上")
"""文化程度, lowest to highest. Source: national person export column 文化程度 (docs/research.md)."""

POLITICAL_STATUS: tuple[str, ...] = ("中共党员", "中共预备党员", "共青团员", "群众")
"""政治面貌. Source: national person export column 政治面貌 (docs/research.md)."""

RELATIONS: tuple[str, ...] = (
    "户主",
    "配偶",
    "之子",
    "之女",
    "之儿媳",
    "之女婿",
    "之孙子",
    "之孙女",
    "之父",
    "之母",
    "之兄弟姐妹",
    "其他",
)
"""与户主关系. Source: national person export column 与户主关系 (docs/research.md; the national list
is longer, "其他" covers the rest). Checks: exactly one 户主, at most one 配偶 of the other sex."""

MONITORED_HOUSEHOLD_TYPES: tuple[tuple[str, str], ...] = (
    ("100A03001", "脱贫不稳定户"),
    ("100A03002", "边缘易致贫户"),
    ("100A03003", "突发严重困难户"),
)
"""监测对象类别, national code table 100A03 (code, label). Source: docs/research.md; DOMAIN.md
"Who is served"."""

OTHER_HOUSEHOLD_TYPES: tuple[str, ...] = ("脱贫户", "普通农户", "脱贫不享受政策户")
"""户类型 values that are not monitoring categories; no national code is known for them, so
the label itself is the stored value. Source: docs/research.md (普通农户, 脱贫不享受政策户);
脱贫户 (former 建档立卡贫困户) from DOMAIN.md "Who is served"."""

HOUSEHOLD_TYPES: tuple[str, ...] = (
    *(code for code, _ in MONITORED_HOUSEHOLD_TYPES),
    *OTHER_HOUSEHOLD_TYPES,
)
"""Every stored 户类型 value: the 100A03 codes of monitored households, then the labels of
``OTHER_HOUSEHOLD_TYPES``."""

POVERTY_STATUS: tuple[str, ...] = ("一般脱贫户", "低保脱贫户", "特困供养脱贫户")
"""脱贫户属性. Source: docs/research.md (national code lists)."""

RISKS: tuple[str, ...] = (
    "因病",
    "因残",
    "因学",
    "因安全住房",
    "因安全饮水",
    "因务工就业不稳",
    "因自然灾害",
)
"""致贫/返贫风险, national code table 100A27 (up to five per household; 因自然灾害 has
sub-items not listed here). Source: docs/research.md."""

LOCAL_RISKS: tuple[str, ...] = ("缺劳动力", "因意外事故", "因产业项目失败", "其他")
"""Risk values that local (county, provincial) lists add to 100A27. Source: docs/research.md."""

MAX_RISKS_PER_HOUSEHOLD = 5
"""The national system records at most five risks per household. Source: docs/research.md."""

WORK_REGIONS: tuple[str, ...] = ("县内", "省内县外", "省外", "国外", "其他")
"""务工地域 / 务工所在地. Source: docs/research.md; DOMAIN.md "Ways into work" (省外, 县外省内, 县内)."""

EMPLOYMENT_CHANNELS: tuple[str, ...] = (
    "有组织劳务输出",
    "自主外出务工",
    "本地企业或园区",
    "就业帮扶车间",
    "社区工厂",
    "卫星工厂",
    "以工代赈",
    "乡村公益性岗位",
    "自主创业",
    "灵活就业",
    "种养殖",
    "三支一扶",
)
"""就业渠道: the ways into work a follow-up records. Source: DOMAIN.md "Ways into work"
(work away organised or not; local firms and industrial parks; 就业帮扶车间, 社区工厂,
卫星工厂; 以工代赈; 乡村公益性岗位; self-employment and start-ups incl. 返乡入乡创业;
flexible work; farming and husbandry; 三支一扶). The labels are ours, not national codes."""

WORK_AWAY_CHANNELS: tuple[str, ...] = ("有组织劳务输出", "自主外出务工")
"""The channels that mean work away from the home county (外出务工)."""

NOT_WORKING_REASONS: tuple[str, ...] = ("照顾家庭", "生病", "失业", "返乡创业", "务农", "其他")
"""未就业或返乡原因: why a person of working age is not working or came home. County ledgers
record these reasons (docs/research.md, "reasons for not working or for returning"); no national
code table is public, so the labels (the built-in forms') are the stored values."""

DISABILITY_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("1", "视力"),
    ("2", "听力"),
    ("3", "言语"),
    ("4", "肢体"),
    ("5", "智力"),
    ("6", "精神"),
    ("7", "多重"),
)
"""残疾类别 with the digit used in position 19 of a second-generation disability card number
(残疾人证号). Source: China Disabled Persons' Federation, 第二代残疾人证 numbering."""

DISABILITY_LEVELS: tuple[tuple[str, str], ...] = (
    ("1", "一级"),
    ("2", "二级"),
    ("3", "三级"),
    ("4", "四级"),
)
"""残疾等级 with the digit used in position 20 of a disability card number; 一级 is the most
severe. 一级 and 二级 are commonly called 重度残疾 (severe disability)."""


def household_type_label(value: str) -> str:
    """Return the display label of a stored 户类型 value (a 100A03 code or a label).

    Raises ``KeyError`` for a value that is in neither list.
    """
    for code, label in MONITORED_HOUSEHOLD_TYPES:
        if value == code:
            return label
    if value in OTHER_HOUSEHOLD_TYPES:
        return value
    raise KeyError(value)


def is_monitored_type(value: str | None) -> bool:
    """True if a stored 户类型 value is one of the 100A03 monitoring categories."""
    return any(value == code for code, _ in MONITORED_HOUSEHOLD_TYPES)
