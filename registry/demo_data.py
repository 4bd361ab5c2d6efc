"""Synthetic villages for demos, tests and benchmarks. Pure: no I/O, no storage.

``generate_village(seed=..., people=..., village_code=..., today=...)`` returns households
with exactly ``people`` members in total. Everything is made up but plausible and passes the
checks county staff run (docs/research.md, 疑点数据): valid, unique 18-digit ID numbers whose
region is the first 6 digits of the village code and whose birth date and sex digit match the
person; exactly one 户主 per household and at most one 配偶, of the other sex; work place and
months only together, months 1-12, and only for people with labour capacity; the risk
因务工就业不稳 only where a member has work information.

Output is deterministic for (seed, people, village_code, today): the random generator is
seeded with a string built from them (``random.Random`` with a str seed is stable across
runs and platforms), and no set or dict iteration order is relied on.

Property values are JSON-friendly: str, int, bool, None, and lists of str. ``health``
joins combined states with ``、``; ``disability`` is ``None`` or category + level, e.g.
``"肢体三级"``; ``household_type`` is a 100A03 code for monitored households and a label
otherwise (``registry.codes.HOUSEHOLD_TYPES``); ``work_status`` is ``None`` for people without
labour capacity or in school, ``"未就业"`` for people not working, else the
employment channel (``registry.codes.EMPLOYMENT_CHANNELS``).
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from types import MappingProxyType
from typing import Any

from registry.codes import (
    DISABILITY_CATEGORIES,
    DISABILITY_LEVELS,
    EDUCATION,
    HEALTH,
    HEALTH_SEPARATOR,
    POVERTY_STATUS,
    WORK_AWAY_CHANNELS,
)
from registry.idnumber import id_check_char
from registry.labour import WEAK_OR_HALF, WITH_CAPACITY, suggest_labour_class

NOT_WORKING = "未就业"


@dataclass
class PersonRecord:
    """One synthetic person; ``props['household_id']`` is ``None`` until the caller sets it."""

    props: dict[str, Any]


@dataclass
class HouseholdRecord:
    """One synthetic household and its members (the 户主 first)."""

    props: dict[str, Any]
    members: list[PersonRecord] = field(default_factory=list)


# --- weighted tables: (value, weight) -------------------------------------------------------

_SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 7.1), ("李", 7.0), ("张", 6.7), ("刘", 5.4), ("陈", 4.5), ("杨", 3.1), ("黄", 2.2),
    ("赵", 2.2), ("吴", 2.0), ("周", 1.9), ("徐", 1.5), ("孙", 1.5), ("马", 1.4), ("朱", 1.3),
    ("胡", 1.3), ("郭", 1.1), ("何", 1.1), ("高", 1.0), ("林", 1.0), ("罗", 1.0), ("郑", 0.9),
    ("梁", 0.9), ("谢", 0.8), ("宋", 0.7), ("唐", 0.7), ("许", 0.7), ("韩", 0.6), ("冯", 0.6),
    ("邓", 0.6), ("曹", 0.6), ("彭", 0.6), ("曾", 0.5), ("肖", 0.5), ("田", 0.5), ("董", 0.5),
    ("袁", 0.5), ("潘", 0.5), ("于", 0.5), ("蒋", 0.5), ("蔡", 0.5), ("余", 0.5), ("杜", 0.5),
    ("叶", 0.4), ("程", 0.4), ("苏", 0.4), ("魏", 0.4), ("吕", 0.4), ("丁", 0.4), ("任", 0.4),
    ("沈", 0.4), ("姚", 0.4), ("卢", 0.4), ("姜", 0.3), ("崔", 0.3), ("钟", 0.3), ("谭", 0.3),
    ("陆", 0.3), ("汪", 0.3), ("范", 0.3), ("金", 0.3), ("石", 0.3), ("廖", 0.3), ("贾", 0.3),
    ("夏", 0.3), ("韦", 0.3), ("付", 0.3), ("方", 0.3), ("白", 0.3), ("邹", 0.3), ("孟", 0.3),
    ("熊", 0.3), ("秦", 0.3), ("邱", 0.3), ("江", 0.3), ("尹", 0.3), ("薛", 0.2), ("闫", 0.2),
    ("段", 0.2), ("雷", 0.2), ("侯", 0.2), ("龙", 0.2), ("史", 0.2), ("陶", 0.2), ("黎", 0.2),
    ("贺", 0.2), ("顾", 0.2), ("毛", 0.2), ("郝", 0.2), ("龚", 0.2), ("邵", 0.2), ("万", 0.2),
    ("钱", 0.2), ("严", 0.2), ("覃", 0.2), ("武", 0.2), ("戴", 0.2), ("莫", 0.2), ("孔", 0.2),
    ("向", 0.2), ("汤", 0.2), ("欧阳", 0.05), ("诸葛", 0.01),
)  # fmt: skip
"""Common surnames with approximate national frequency in percent (public statistics)."""

_MALE_CHARS = "伟强磊军勇杰涛明超斌刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建国志文斌海峰亮成东晨"
_FEMALE_CHARS = "芳娜敏静丽艳娟霞秀英华慧巧美玲燕红梅琳兰凤洁琴云莲真雪萍倩婷颖欣怡佳悦"
_TIBETAN_NAMES = (
    "扎西", "卓玛", "次仁", "格桑", "拉姆", "央金", "达瓦", "尼玛", "旺堆", "多吉",
    "德吉", "白玛", "措姆", "阿旺", "益西", "平措", "曲珍", "洛桑", "边巴", "桑珠",
)  # fmt: skip

_ETHNICITY_BY_PROVINCE: Mapping[str, tuple[tuple[str, float], ...]] = MappingProxyType({
    "52": (("汉族", 62), ("苗族", 12), ("布依族", 8), ("侗族", 6), ("土家族", 5),
           ("彝族", 3), ("水族", 2), ("仡佬族", 2)),
    "53": (("汉族", 62), ("彝族", 11), ("哈尼族", 4), ("白族", 4), ("傣族", 3),
           ("壮族", 3), ("苗族", 3), ("傈僳族", 3), ("藏族", 4), ("纳西族", 3)),
    "54": (("藏族", 90), ("汉族", 10)),
    "45": (("汉族", 62), ("壮族", 32), ("瑶族", 4), ("苗族", 2)),
})  # fmt: skip
_DEFAULT_ETHNICITY: tuple[tuple[str, float], ...] = (("汉族", 97), ("回族", 1), ("畲族", 1),
                                                       ("土家族", 1))  # fmt: skip

_HOUSEHOLD_SIZES: tuple[tuple[int, float], ...] = (
    (1, 10), (2, 20), (3, 22), (4, 24), (5, 15), (6, 7), (7, 2),
)  # fmt: skip
_MONITORED_TYPES: tuple[tuple[str, float], ...] = (
    ("100A03001", 45), ("100A03002", 40), ("100A03003", 15),
)  # fmt: skip
_OTHER_TYPES: tuple[tuple[str, float], ...] = (
    ("脱贫户", 55), ("普通农户", 35), ("脱贫不享受政策户", 10),
)  # fmt: skip
_POVERTY_STATUS_WEIGHTS = (70, 22, 8)
_DISABILITY_CATEGORY_WEIGHTS = (12, 15, 3, 45, 8, 10, 7)
_DISABILITY_LEVEL_WEIGHTS = (10, 20, 30, 40)

_SKILLS: tuple[str, ...] = (
    "电工", "焊工", "砌筑工", "钢筋工", "厨师", "面点师", "育婴员", "养老护理员", "家政服务员",
    "挖掘机操作", "汽车驾驶", "电子装配", "缝纫工", "刺绣", "蜡染", "银饰加工", "茶叶加工",
    "果树种植", "畜禽养殖", "电商运营",
)  # fmt: skip

_CHANNEL_WEIGHTS_FULL: tuple[tuple[str, float], ...] = (
    ("有组织劳务输出", 18), ("自主外出务工", 34), ("本地企业或园区", 14), ("就业帮扶车间", 6),
    ("社区工厂", 2), ("卫星工厂", 1), ("以工代赈", 2), ("乡村公益性岗位", 3), ("自主创业", 4),
    ("灵活就业", 9), ("种养殖", 6), ("三支一扶", 1),
)  # fmt: skip
_CHANNEL_WEIGHTS_WEAK: tuple[tuple[str, float], ...] = (
    ("就业帮扶车间", 18), ("社区工厂", 6), ("卫星工厂", 4), ("以工代赈", 6),
    ("乡村公益性岗位", 34), ("灵活就业", 14), ("种养殖", 14), ("自主外出务工", 4),
)  # fmt: skip
_INCOME_RANGE: Mapping[str, tuple[int, int]] = MappingProxyType({
    "有组织劳务输出": (3500, 7500), "自主外出务工": (3000, 8000), "本地企业或园区": (2200, 4500),
    "就业帮扶车间": (1500, 3200), "社区工厂": (1500, 3000), "卫星工厂": (1200, 2800),
    "以工代赈": (2000, 3500), "乡村公益性岗位": (500, 1600), "自主创业": (2000, 9000),
    "灵活就业": (1000, 4000), "种养殖": (600, 3000), "三支一扶": (2500, 3800),
})  # fmt: skip
_AWAY_PLACES = ("东莞市", "深圳市", "广州市", "佛山市", "宁波市", "温州市", "杭州市", "苏州市",
                "厦门市", "泉州市", "上海市", "昆山市", "中山市", "惠州市")  # fmt: skip
_HOME_PLACES = ("县城", "工业园区", "镇上")
_FIRM_WORDS = ("华达", "宏远", "鑫盛", "永安", "恒通", "金源", "瑞丰", "明辉", "新兴", "佳美",
               "长城", "东方", "立信", "万家", "福润", "嘉禾")  # fmt: skip
_FIRM_TRADES = ("电子", "服装", "制鞋", "五金", "塑胶", "家具", "食品", "物流", "建筑", "玩具",
                "包装", "纺织")  # fmt: skip
_FIRM_FORMS = ("有限公司", "厂", "制品有限公司", "科技有限公司")
_SITE_NAMES = ("幸福家园安置点", "阳光社区安置区", "新民社区", "和谐家园安置点", "同心社区",
               "易地扶贫搬迁集中安置区", "振兴社区", "安居苑")  # fmt: skip
_MOBILE_PREFIXES = ("130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
                    "150", "151", "152", "155", "156", "157", "158", "159", "166", "173",
                    "177", "180", "181", "182", "183", "186", "187", "188", "189", "191",
                    "198", "199")  # fmt: skip


class _FastRandom(random.Random):
    """``random.Random`` whose small choices use one ``random()`` call each.

    The stock ``choice``/``randint``/``randrange`` draw bits in a rejection loop; for a
    synthetic data set the bias of ``int(random() * n)`` (under 2**-40 here) does not matter,
    and this is several times faster. Still deterministic for a seed.
    """

    def choice(self, seq):  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def randrange(self, start, stop=None, step=1):  # type: ignore[override]
        if stop is None:
            start, stop = 0, start
        return start + step * int(self.random() * ((stop - start + step - 1) // step))


class _Picker:
    """Weighted choice over a fixed table, O(log n) per pick."""

    __slots__ = ("values", "cum", "total")

    def __init__(self, table: tuple[tuple[Any, float], ...]) -> None:
        self.values = tuple(value for value, _ in table)
        self.cum = tuple(accumulate(weight for _, weight in table))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.total)]


@dataclass
class _Draft:
    """A member before attributes are filled in."""

    relation: str
    sex: str
    age: int
    surname: str


class _VillageGenerator:
    """Holds the random state and per-village tables of one ``generate_village`` call."""

    def __init__(
        self, seed: int, people: int, village_code: str, today: date, used_ids: set[str]
    ) -> None:
        self.rng = _FastRandom(f"bangfu-demo:{seed}:{people}:{village_code}:{today}")
        self.today = today
        self.village_code = village_code
        self.region = village_code[:6]
        self.used_ids = used_ids
        self.age_ranges = [self._age_range(age) for age in range(101)]
        national = dict(_SURNAMES)
        clans = [self._weighted_surname_pick() for _ in range(3)]
        for rank, clan in enumerate(clans):
            national[clan] = national[clan] + (18, 10, 6)[rank]
        self.surnames = _Picker(tuple(national.items()))
        self.ethnicity = _Picker(_ETHNICITY_BY_PROVINCE.get(village_code[:2], _DEFAULT_ETHNICITY))
        self.sizes = _Picker(_HOUSEHOLD_SIZES)
        self.monitored_types = _Picker(_MONITORED_TYPES)
        self.other_types = _Picker(_OTHER_TYPES)
        self.channels_full = _Picker(_CHANNEL_WEIGHTS_FULL)
        self.channels_weak = _Picker(_CHANNEL_WEIGHTS_WEAK)
        self.disability_categories = _Picker(
            tuple(zip((label for _, label in DISABILITY_CATEGORIES), _DISABILITY_CATEGORY_WEIGHTS,
                      strict=True))
        )  # fmt: skip
        self.disability_levels = _Picker(
            tuple(zip(range(1, 5), _DISABILITY_LEVEL_WEIGHTS, strict=True))
        )
        self.poverty_status = _Picker(
            tuple(zip(POVERTY_STATUS, _POVERTY_STATUS_WEIGHTS, strict=True))
        )
        self.sites = tuple(self.rng.sample(_SITE_NAMES, 2))
        self.groups = self.rng.randint(4, 12)

    # --- small helpers ------------------------------------------------------------------

    def _weighted_surname_pick(self) -> str:
        return _Picker(_SURNAMES[:40]).pick(self.rng)

    def _age_range(self, age: int) -> tuple[int, int]:
        """Ordinal range of birth dates giving exactly ``age`` on ``today``."""
        latest = _years_before(self.today, age)
        earliest = _years_before(self.today, age + 1) + timedelta(days=1)
        return earliest.toordinal(), latest.toordinal()

    def birth_date(self, age: int) -> date:
        low, high = self.age_ranges[age]
        return date.fromordinal(self.rng.randint(low, high))

    def id_number(self, born: date, sex: str) -> str | None:
        """A fresh ID number for this birth date and sex, or None if none is left."""
        base = f"{self.region}{born.year:04d}{born.month:02d}{born.day:02d}"
        parity = 1 if sex == "男" else 0
        for _ in range(40):
            first17 = f"{base}{self.rng.randrange(500) * 2 + parity:03d}"
            if first17 not in self.used_ids:
                self.used_ids.add(first17)
                return first17 + id_check_char(first17)
        return None

    def born_with_id(self, age: int, sex: str) -> tuple[date, str]:
        """A birth date giving ``age`` today and an unused ID number for it."""
        while True:
            born = self.birth_date(age)
            number = self.id_number(born, sex)
            if number is not None:
                return born, number

    def given_name(self, sex: str) -> str:
        chars = _MALE_CHARS if sex == "男" else _FEMALE_CHARS
        rng = self.rng
        if rng.random() < 0.12:
            return rng.choice(chars)
        return rng.choice(chars) + rng.choice(chars)

    def full_name(self, surname: str, sex: str, ethnicity: str) -> str:
        if ethnicity == "藏族":
            return self.rng.choice(_TIBETAN_NAMES) + self.rng.choice(_TIBETAN_NAMES)
        return surname + self.given_name(sex)

    def mobile(self) -> str:
        return self.rng.choice(_MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    # --- household structure ------------------------------------------------------------

    def drafts(self, size: int) -> list[_Draft]:
        """Relations, sexes and ages of the members; the 户主 first."""
        rng = self.rng
        head_sex = "男" if rng.random() < 0.82 else "女"
        head_age = _clamp(int(rng.triangular(24, 88, 52)), 20, 95)
        if size == 1:
            head_age = _clamp(head_age + rng.randint(0, 15), 20, 95)
        other = _other_sex(head_sex)
        head_surname = self.surnames.pick(rng)
        members = [_Draft("户主", head_sex, head_age, head_surname)]
        spouse: _Draft | None = None
        if size >= 2 and rng.random() < 0.85:
            gap = rng.randint(-1, 5) if head_sex == "男" else -rng.randint(-1, 5)
            spouse = _Draft("配偶", other, _clamp(head_age - gap, 20, 95), self.surnames.pick(rng))
            members.append(spouse)
        father = head_surname if head_sex == "男" or spouse is None else spouse.surname
        mother_age = head_age if head_sex == "女" or spouse is None else spouse.age
        self._add_children(members, size, mother_age, father)
        self._add_parents(members, size, head_age, head_surname)
        self._add_grandchildren(members, size)
        while len(members) < size:
            members.append(
                _Draft("之兄弟姐妹", rng.choice("男女"), _clamp(head_age + rng.randint(-8, 8),
                                                           6, 95), head_surname)
            )  # fmt: skip
        return members

    def _add_children(
        self, members: list[_Draft], size: int, mother_age: int, surname: str
    ) -> None:
        rng = self.rng
        wanted = min(size - len(members), rng.choice((1, 2, 2, 3, 3, 4)))
        age = mother_age - rng.randint(20, 32)
        for _ in range(wanted):
            if age < 0:
                break
            sex = rng.choice("男女")
            members.append(_Draft("之子" if sex == "男" else "之女", sex, age, surname))
            age -= rng.randint(1, 5)

    def _add_parents(self, members: list[_Draft], size: int, head_age: int, surname: str) -> None:
        rng = self.rng
        if head_age > 62 or len(members) >= size or rng.random() < 0.35:
            return
        mother = head_age + rng.randint(22, 34)
        if mother <= 95:
            members.append(_Draft("之母", "女", mother, self.surnames.pick(rng)))
        father = mother + rng.randint(0, 5)
        if len(members) < size and father <= 95 and rng.random() < 0.7:
            members.append(_Draft("之父", "男", father, surname))

    def _add_grandchildren(self, members: list[_Draft], size: int) -> None:
        rng = self.rng
        sons = [m for m in members if m.relation == "之子" and m.age >= 22]
        if not sons or len(members) >= size:
            return
        son = sons[0]
        members.append(_Draft("之儿媳", "女", _clamp(son.age + rng.randint(-4, 2), 18, 95),
                              self.surnames.pick(rng)))  # fmt: skip
        age = son.age - rng.randint(22, 30)
        while len(members) < size and age >= 0:
            sex = rng.choice("男女")
            members.append(_Draft("之孙子" if sex == "男" else "之孙女", sex, age, son.surname))
            age -= rng.randint(1, 4)

    # --- person attributes --------------------------------------------------------------

    def education(self, age: int) -> tuple[str | None, bool]:
        """Return (文化程度, in school)."""
        rng = self.rng
        if age < 6:
            return None, False
        if age < 12:
            return "小学", rng.random() < 0.99
        if age < 16:
            return "初中", rng.random() < 0.96
        if age < 19 and rng.random() < 0.6:
            return "高中", True
        if 18 <= age < 23 and rng.random() < 0.3:
            return rng.choice(("大专", "本科及以上")), True
        roll = rng.random()
        if age < 21:  # left school: 两后生 (after junior or senior high)
            return ("初中" if roll < 0.75 else "高中"), False
        if age >= 60:
            steps = (0.35, 0.80, 0.96, 0.99, 1.0)
        elif age >= 40:
            steps = (0.08, 0.40, 0.85, 0.96, 0.99)
        else:
            steps = (0.01, 0.08, 0.55, 0.80, 0.93)
        return EDUCATION[bisect.bisect_right(steps, roll)], False

    def health(self, age: int) -> tuple[str, int | None, str | None]:
        """Return (健康状况 text, disability level or None, disability label or None)."""
        rng = self.rng
        states = []
        chronic = 0.02 if age < 40 else 0.12 if age < 60 else 0.30
        if rng.random() < chronic:
            states.append("长期慢性病")
        if rng.random() < (0.01 if age < 50 else 0.04):
            states.append("患有大病")
        level = None
        label = None
        if rng.random() < 0.06:
            states.append("残疾")
            category = self.disability_categories.pick(rng)
            level = self.disability_levels.pick(rng)
            label = category + dict(DISABILITY_LEVELS)[str(level)]
        if not states:
            return HEALTH[0], None, None
        return HEALTH_SEPARATOR.join(states), level, label

    def work(self, labour_class: str, education: str | None, idle: bool) -> dict[str, Any]:
        """Work fields of one person with labour capacity."""
        rng = self.rng
        if idle or rng.random() > (0.5 if labour_class == WEAK_OR_HALF else 0.82):
            return _no_work(NOT_WORKING)
        picker = self.channels_weak if labour_class == WEAK_OR_HALF else self.channels_full
        channel = picker.pick(rng)
        if channel == "三支一扶" and education not in ("大专", "本科及以上"):
            channel = "灵活就业"
        low, high = _INCOME_RANGE[channel]
        return {
            "work_status": channel,
            "work_region": self.work_region(channel),
            "employer": self.employer(channel),
            "months_worked": rng.choice((3, 4, 5, 6, 6, 7, 8, 9, 10, 10, 11, 12, 12, 12, 12)),
            "monthly_income": rng.randrange(low, high + 1, 50),
        }

    def work_region(self, channel: str) -> str:
        roll = self.rng.random()
        if channel in WORK_AWAY_CHANNELS:
            return "省外" if roll < 0.66 else "省内县外" if roll < 0.99 else "国外"
        if channel == "本地企业或园区":
            return "县内" if roll < 0.85 else "省内县外"
        return "县内"

    def employer(self, channel: str) -> str | None:
        rng = self.rng
        if channel == "种养殖":
            return None
        if channel == "乡村公益性岗位":
            return "村民委员会"
        if channel in ("就业帮扶车间", "社区工厂", "卫星工厂"):
            return rng.choice(_FIRM_WORDS) + rng.choice(_FIRM_TRADES) + channel
        if channel == "三支一扶":
            return rng.choice(("乡镇卫生院", "乡镇农业服务中心", "乡镇中心小学"))
        if channel == "自主创业":
            return rng.choice(_FIRM_WORDS) + rng.choice(("农家乐", "小卖部", "养殖场", "电商店"))
        place = rng.choice(_AWAY_PLACES if channel in WORK_AWAY_CHANNELS else _HOME_PLACES)
        return (place + rng.choice(_FIRM_WORDS) + rng.choice(_FIRM_TRADES)
                + rng.choice(_FIRM_FORMS))  # fmt: skip

    def person(self, draft: _Draft, ethnicity: str, idle: bool) -> dict[str, Any]:
        rng = self.rng
        born, id_number = self.born_with_id(draft.age, draft.sex)
        education, in_school = self.education(draft.age)
        health, level, disability = self.health(draft.age)
        skill = rng.choice(_SKILLS) if 18 <= draft.age < 60 and rng.random() < 0.3 else None
        labour_class = suggest_labour_class(
            birth_date=born,
            today=self.today,
            health=health.split(HEALTH_SEPARATOR),
            disabled=level,
            has_skill=skill is not None,
            in_school=in_school,
        )
        if labour_class in WITH_CAPACITY:
            work = self.work(labour_class, education, idle)
        else:
            work = _no_work(None)
        has_phone = 16 <= draft.age <= 80 and (draft.relation == "户主" or rng.random() < 0.8)
        return {
            "household_id": None,
            "name": self.full_name(draft.surname, draft.sex, ethnicity),
            "id_number": id_number,
            "sex": draft.sex,
            "birth_date": born.isoformat(),
            "phone": self.mobile() if has_phone else None,
            "relation": draft.relation,
            "ethnicity": ethnicity,
            "education": education,
            "health": health,
            "disability": disability,
            "labour_class": labour_class,
            "skill": skill,
            "in_school": in_school,
            **work,
        }

    # --- households -----------------------------------------------------------------------

    def household(self, number: int, size: int) -> HouseholdRecord:
        rng = self.rng
        monitored = rng.random() < 0.12
        household_type = (self.monitored_types if monitored else self.other_types).pick(rng)
        poverty_status = None
        if household_type in ("100A03001", "脱贫户", "脱贫不享受政策户") or (
            household_type == "100A03003" and rng.random() < 0.5
        ):
            poverty_status = self.poverty_status.pick(rng)
        ethnicity = self.ethnicity.pick(rng)
        idle = rng.random() < 0.07
        members = []
        for draft in self.drafts(size):
            own = ethnicity
            if draft.relation in ("配偶", "之儿媳", "之母") and rng.random() < 0.1:
                own = self.ethnicity.pick(rng)
            members.append(PersonRecord(self.person(draft, own, idle)))
        relocated = rng.random() < 0.12
        site = rng.choice(self.sites) if relocated else None
        phones = [m.props["phone"] for m in members if m.props["phone"]]
        props = {
            "household_no": f"{self.village_code}{number:04d}",
            "head_name": members[0].props["name"],
            "village_code": self.village_code,
            "address": self.address(site),
            "household_type": household_type,
            "poverty_status": poverty_status,
            "relocated": relocated,
            "relocation_site": site,
            "monitored": monitored,
            "risks": self.risks(household_type, members) if monitored else [],
            "phone": phones[0] if phones else None,
        }
        return HouseholdRecord(props, members)

    def address(self, site: str | None) -> str:
        rng = self.rng
        if site:
            return (f"{site}{rng.randint(1, 24)}栋{rng.randint(1, 3)}单元"
                    f"{rng.randint(1, 6)}0{rng.randint(1, 4)}室")  # fmt: skip
        return f"{rng.randint(1, self.groups)}组{rng.randint(1, 80)}号"

    def risks(self, household_type: str, members: list[PersonRecord]) -> list[str]:
        """1-3 risks a monitored household plausibly has, consistent with its members."""
        people = [m.props for m in members]
        derived = []
        if any("患有大病" in p["health"] or "长期慢性病" in p["health"] for p in people):
            derived.append("因病")
        if any(p["disability"] for p in people):
            derived.append("因残")
        if any(p["in_school"] for p in people):
            derived.append("因学")
        if any(p["work_region"] for p in people):
            derived.append("因务工就业不稳")
        if not any(p["labour_class"] in WITH_CAPACITY for p in people):
            derived.append("缺劳动力")
        if household_type == "100A03003":
            pool = ["因自然灾害", "因意外事故", *derived]
        else:
            pool = derived or ["因安全住房", "因安全饮水", "因自然灾害", "因病"]
        count = min(len(pool), self.rng.choice((1, 1, 2, 2, 3)))
        return sorted(self.rng.sample(pool, count), key=pool.index)

    def generate(self, people: int) -> list[HouseholdRecord]:
        households = []
        remaining = people
        number = 1
        while remaining > 0:
            size = min(self.sizes.pick(self.rng), remaining)
            households.append(self.household(number, size))
            remaining -= size
            number += 1
        return households


def _years_before(day: date, years: int) -> date:
    """``day`` moved back ``years`` years; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _other_sex(sex: str) -> str:
    return "女" if sex == "男" else "男"


def _no_work(status: str | None) -> dict[str, Any]:
    return {
        "work_status": status,
        "work_region": None,
        "employer": None,
        "months_worked": None,
        "monthly_income": None,
    }


def generate_village(
    *,
    seed: int,
    people: int,
    village_code: str,
    today: date,
    used_ids: set[str] | None = None,
) -> list[HouseholdRecord]:
    """Generate synthetic households with exactly ``people`` members for one village.

    ``village_code`` is the 12-digit administrative code; its first 6 digits become the
    region code of every ID number. ``today`` fixes ages (nobody is older than 95). The
    result is deterministic for the arguments. Raises ``ValueError`` for a village code that
    is not 12 digits or a negative ``people``.

    ID numbers are unique within one call. Villages of one county share a region code, so
    to keep them unique across calls pass the same ``used_ids`` set (first 17 characters of
    every number handed out; it is updated in place) to each call; the output then also
    depends on the order of the calls.
    """
    if len(village_code) != 12 or not village_code.isascii() or not village_code.isdigit():
        raise ValueError("village_code must be 12 digits")
    if people < 0:
        raise ValueError("people must not be negative")
    taken = set() if used_ids is None else used_ids
    return _VillageGenerator(seed, people, village_code, today, taken).generate(people)
