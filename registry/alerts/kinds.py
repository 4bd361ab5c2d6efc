"""Alert kinds, their source clauses and the value every alert is.

An :class:`Alert` says who needs attention (``subject``: an entity id, or the
subject of a case file), why (``facts``: the values that raised it, with personal
data masked) and on what authority (``source``: the clause of a policy seed or
the national checker rule). Kinds are stable strings that screens, case files
and reports use as keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

#: Household income "fell a lot" when it fell by more than this share. Seed 001 七(三)
#: says only "收入降幅较大" and states no figure; the built-in follow-up form already warns
#: at a fall of more than half since last month, so the alerts use the same default.
DEFAULT_DROP_SHARE = 0.5

#: Day of the month after which a labour-force member not visited this month is overdue
#: (seed 001 七(二): villages finish the monthly follow-up by the 20th).
VISIT_DEADLINE_DAY = 20

#: An agreement ending within this many days raises ``post_agreement_ending``.
ENDING_WITHIN_DAYS = 30

#: A public-welfare post agreement lasts at most one year each time (the built-in post
#: form checks the same: end - start <= 365 days).
MAX_AGREEMENT_DAYS = 365

#: A monitored household whose risk is not removed needs an assistance measure within a
#: month of being identified (docs/research.md 疑点数据); a month is counted as 30 days.
MEASURE_WITHIN_DAYS = 30

#: The "1311" services every unemployed graduate who wants work gets (seed 003 (七)).
GRADUATE_SERVICES: MappingProxyType[str, int] = MappingProxyType(
    {"guidance": 1, "referral": 3, "training": 1, "internship": 1})

#: The groups served (DOMAIN.md); public-welfare posts go to them first.
PRIORITY_GROUPS = frozenset({"脱贫人口", "监测对象", "农村低收入人口", "易地搬迁人口"})

_CHECKER = "疑点数据（全国防返贫监测信息系统县级核查规则）："

#: Every alert kind and its source clause.
SOURCES: MappingProxyType[str, str] = MappingProxyType({
    "zero_employment_household":
        "001 六(一)：确保有劳动能力和就业意愿的贫困户家庭每户至少实现一人就业",
    "income_drop_month_on_month":
        "001 七(三)：本月与上月的就业和家庭其他收入逐项比对，对收入降幅较大的要重点预警",
    "income_drop_year_on_year":
        "001 七(三)：当年与上年的就业和家庭其他收入逐项比对，对收入降幅较大的要重点预警",
    "returned_without_plan":
        "001 六(三)：对返乡劳动力核实返乡原因，因人施策，重点对接，确保全部实现就业、创业和发展产业",
    "visit_overdue":
        "001 七(二)：行政村每月20日前完成贫困劳动力就业信息台账的动态回访与审核",
    "post_agreement_over_1_year":
        "004 (十二)、003 (四)、000 (十一)2：依法签订劳动合同或劳务协议，每次签订期限不超过1年",
    "post_agreement_ending":
        "004 (十二)：“按需设岗、以岗聘任、在岗领补、有序退岗”；协议每次不超过1年（30日内到期）",
    "post_subsidy_above_minimum_wage":
        "001 四(五)：按照不高于当地最低工资标准发放公益性岗位补贴",
    "post_holder_not_priority":
        "003 (四)、004 (十二)：优先安置符合条件的脱贫人口、易地搬迁人口、农村低收入人口",
    "relocated_household_none_employed":
        "003 (九)：促进有劳动力的搬迁脱贫户至少一人实现就业",
    "graduate_services_missing":
        "003 (七)：至少提供1次职业指导、3次岗位推介、1次职业培训机会、1次就业见习机会",
    "national_check_id_number": _CHECKER + "证件号码18位（残疾人证20或22位）且校验码正确",
    "national_check_duplicate_id": _CHECKER + "证件号码不得重复",
    "national_check_one_head": _CHECKER + "每户有且只有一名户主",
    "national_check_spouse": _CHECKER + "配偶至多一人，且与户主性别不同",
    "national_check_work_place_months":
        _CHECKER + "务工所在地与务工时间（月）须同时填写，务工时间为0–12个月",
    "national_check_work_without_capacity": _CHECKER + "无劳动力、丧失劳动力人员不应有外出务工信息",
    "national_check_unstable_work_risk": _CHECKER + "风险为“因务工就业不稳”的户须有成员有务工信息",
    "national_check_monitored_measure":
        _CHECKER + "风险未消除的监测户须在识别后一个月内落实帮扶措施",
    "duplicate_claim":
        "003 (一)：按每名符合条件的人员每年可享受一次补贴计算，不得重复申请（同一补贴、同一对象、同一期间登记了两次）",
})

#: The national checker rules (docs/research.md), each with its own stable id.
NATIONAL_CHECKS: tuple[str, ...] = tuple(k for k in SOURCES if k.startswith("national_check_"))

KINDS: tuple[str, ...] = tuple(SOURCES)


@dataclass(frozen=True, slots=True)
class Alert:
    """One reason for attention: ``kind``, ``subject``, the ``facts`` behind it, ``source``."""

    kind: str
    subject: str
    facts: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    source: str = ""


def alert(kind: str, subject: str, **facts: Any) -> Alert:
    """An alert of ``kind`` about ``subject`` with its source clause filled in."""
    return Alert(kind, subject, dict(facts), SOURCES[kind])
