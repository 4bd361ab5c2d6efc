"""The policy rule model: packs, rules, conditions, amounts, minimum wages, as frozen data.

Everything here is plain data read from a pack workbook (``registry.policy.workbook``);
nothing in it is code a county has to change. Vocabularies (rule kinds, condition kinds,
amount bases) are the words of issue 11; a pack may only use these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: Rule kinds (issue 11), plus what a seed names beyond them.
RULE_KINDS: tuple[str, ...] = (
    "one_time_transport_subsidy", "one_time_jobseeking_subsidy", "one_time_work_away_reward",
    "labour_export_service_subsidy", "employment_base_reward", "base_workshop_one_time_reward",
    "absorption_subsidy_per_household", "startup_absorption_subsidy",
    "workshop_absorption_reward", "work_for_training_subsidy", "training_living_allowance",
    "public_welfare_post_subsidy",
)  # fmt: skip

#: Chinese names of the rule kinds, for reasons and reports.
KIND_NAMES_ZH: dict[str, str] = {
    "one_time_transport_subsidy": "一次性交通补助", "one_time_jobseeking_subsidy": "一次性求职创业补贴",
    "one_time_work_away_reward": "一次性外出务工奖补",
    "labour_export_service_subsidy": "劳务输出就业创业服务补助",
    "employment_base_reward": "就业帮扶基地奖补", "base_workshop_one_time_reward": "基地、车间一次性奖励",
    "absorption_subsidy_per_household": "一次性吸纳就业补贴（按户）",
    "startup_absorption_subsidy": "创业吸纳就业补贴", "workshop_absorption_reward": "车间吸纳就业奖补",
    "work_for_training_subsidy": "以工代训职业培训补贴", "training_living_allowance": "培训生活费补贴",
    "public_welfare_post_subsidy": "公益性岗位补贴",
}

#: Condition kinds. The first group is from issue 11; the rest are named by a seed.
CONDITION_KINDS: tuple[str, ...] = (
    "validity", "region", "group", "labour", "work_region", "stable_months", "once_a_year",
    "first_time", "organised", "exclusion", "min_people", "min_months", "operating",
    "not_already_subsidised", "subject_kind", "training_kind", "on_post",
    "max_agreement_months", "in_training",
)  # fmt: skip

#: Conditions a workbook writes in the 条件 sheet (the others come from rule columns).
SHEET_CONDITIONS: tuple[str, ...] = (
    "labour", "work_region", "stable_months", "first_time", "organised", "min_people",
    "min_months", "operating", "not_already_subsidised", "subject_kind", "training_kind",
    "on_post", "max_agreement_months", "in_training",
)  # fmt: skip

#: Conditions checked on each person an employer absorbed or an agency organised.
PER_PERSON_CONDITIONS: frozenset[str] = frozenset(
    {"group", "stable_months", "min_months", "once_a_year", "not_already_subsidised",
     "work_region"})

SUBJECTS: tuple[str, ...] = ("person", "household", "employer", "agency", "post")

GROUPS: tuple[str, ...] = ("脱贫人口", "监测对象", "农村低收入人口", "易地搬迁人口")
#: Guizhou's 三类人员 is any of the groups.
GROUP_ALIASES: dict[str, tuple[str, ...]] = {"三类人员": GROUPS}

WORK_REGIONS: tuple[str, ...] = ("县内", "省内县外", "省外")

#: Amount bases: fixed amount, a cap (不超过), a share of wages paid, the local minimum
#: wage as the cap, or an amount the source does not state (按规定).
BASES: tuple[str, ...] = ("fixed", "cap", "share_of_wages", "minimum_wage", "not_stated")
#: What an amount is counted per.
PERS: tuple[str, ...] = ("once", "person", "household", "day", "month")

#: What a rule's amount tiers are chosen by. ``destination`` tiers name a province (广东)
#: or a work region (省外): a named province's tier wins over its region's.
TIER_BY: tuple[str, ...] = ("", "work_region", "destination", "subject_kind")

FREQUENCIES: tuple[str, ...] = ("", "once_a_year", "once")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a rule comes from: seed file, clause and the quoted words."""

    seed: str
    clause: str
    quote: str


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition of a rule: its kind and the value it is checked against."""

    kind: str
    value: object = True


@dataclass(frozen=True, slots=True)
class Tier:
    """One amount row: for ``tier`` (a work region, an employer kind, or "" for all)."""

    tier: str
    basis: str
    value: float | None
    per: str


@dataclass(frozen=True, slots=True)
class Rule:
    """One subsidy rule as data."""

    id: str
    kind: str
    name_zh: str
    name_en: str
    subject: str
    region: tuple[str, ...]
    valid_from: date
    valid_to: date | None
    groups: tuple[str, ...]
    conditions: tuple[Condition, ...]
    tiers: tuple[Tier, ...]
    tier_by: str
    frequency: str
    exclusions: tuple[tuple[str, int | None], ...]
    source: Source
    pack_id: str = ""
    issued: date | None = None

    def in_force(self, day: date) -> bool:
        """True if ``day`` lies within the rule's validity window."""
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def covers(self, region: str) -> bool:
        """True if the division code ``region`` lies in the rule's region."""
        return any(region.startswith(prefix) for prefix in self.region)

    def narrowness(self, region: str) -> int:
        """Length of the longest prefix of the rule's region matching ``region`` (-1: none)."""
        return max((len(p) for p in self.region if region.startswith(p)), default=-1)


@dataclass(frozen=True, slots=True)
class MinimumWage:
    """One dated minimum monthly wage, for a province tier or a county, with its source and
    who confirmed or corrected it and when (empty until a county administrator does)."""

    region: str
    region_name: str
    tier: str
    amount: int
    valid_from: date
    valid_to: date | None
    source: str
    confirmed_by: str = ""
    confirmed_on: date | None = None


@dataclass(frozen=True, slots=True)
class Pack:
    """A policy pack: rules, minimum wages, named region lists and labels of one issuer.

    ``digest`` is the SHA-256 of the workbook bytes, so a pack can travel as data
    (bytes + hash) and a device can tell which version it answers from.
    """

    id: str
    name_zh: str
    name_en: str
    issuer: str
    issued: date
    region: tuple[str, ...]
    rules: tuple[Rule, ...]
    minimum_wages: tuple[MinimumWage, ...] = ()
    region_names: dict[str, str] = field(default_factory=dict)
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    note: str = ""
    digest: str = ""

    def covers(self, region: str) -> bool:
        """True if the pack's region contains ``region``."""
        return any(region.startswith(prefix) for prefix in self.region)
