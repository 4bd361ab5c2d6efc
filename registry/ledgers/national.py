"""The national person export (全国防返贫监测信息系统) and the checks run before it (疑点数据).

``NATIONAL_HEADERS`` are the 47 columns of the national person export, in order, as listed
in docs/research.md ("National code lists and export"). Values use the national spellings: the
code lists of ``registry.codes`` (劳动技能, 文化程度, 与户主关系 ...) and 是/否 for the yes/no
columns. Columns Bangfu does not record (insurance, 普通话, 产业分类 ...) are filled from a
person property of the same meaning when one exists (``PROPERTY_OF``), else left empty. The
administrative levels (省 ... 村) are the division codes of each level: Bangfu ships no
names for them.

The checks (``check_households``, ``duplicate_ids``) are the ones county staff are held to:
ID length and check character, no duplicate IDs, one 户主 per household, at most one 配偶 and
of the other sex, 务工所在地 and 务工时间（月） only together with months 0-12, no work away for
无劳动力 / 丧失劳动力, and the risk 因务工就业不稳 only with a member who has work information.
Not checked yet: "a monitored household whose risk is not removed needs an assistance
measure within a month" (Bangfu has no assistance-measure records yet).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from registry.codes import EMPLOYMENT_CHANNELS
from registry.errors import NotFound
from registry.idnumber import id_check_char
from registry.labour import LOST, NONE
from registry.ledgers.export_labels import display
from registry.ledgers.export_source import PersonRow, scope_range
from registry.masking import mask_id, mask_phone
from registry.store import Store

NATIONAL_HEADERS: tuple[str, ...] = (
    "省", "市", "县", "乡", "村", "户编号", "人口编号", "姓名", "性别", "出生日期", "证件类型",
    "证件号码", "民族", "户联系电话", "成员联系电话", "年度", "与户主关系", "文化程度", "在校生状况",
    "劳动技能", "务工时间（月）", "健康状况", "政治面貌", "务工企业名称", "是否享受低保",
    "是否参加城镇职工基本养老保险", "是否参加大病保险",
    "是否参加新型农村合作医疗（城乡居民基本医疗保险）", "是否参加城乡居民基本养老保险",
    "失学或辍学原因", "是否会讲普通话", "是否参加商业补充医疗保险", "是否国外务工", "产业分类",
    "是否接受大病医疗救助", "是否接受其他健康扶贫", "公益性岗位类型", "公益性岗位(月数)", "就业渠道",
    "残疾类别", "务工所在地", "户主姓名", "户主证件号码", "是否参加城镇职工基本医疗保险",
    "是否特困供养人员", "残疾证办证年度", "识别标准",
)  # fmt: skip
"""The 47 headers of the national person export, in order (docs/research.md)."""

TEXT_HEADERS = ("省", "市", "县", "乡", "村", "户联系电话", "成员联系电话")
LONG_NUMBER_HEADERS = ("户编号", "人口编号", "证件号码", "户主证件号码")
TEXT_COLUMNS = frozenset(NATIONAL_HEADERS.index(h) for h in TEXT_HEADERS)
LONG_NUMBERS = frozenset(NATIONAL_HEADERS.index(h) for h in LONG_NUMBER_HEADERS)
WIDTHS = tuple(20 if h in TEXT_HEADERS + LONG_NUMBER_HEADERS else max(8, min(30, 2 * len(h) + 2))
               for h in NATIONAL_HEADERS)

#: National columns filled from a person property of the same meaning, when recorded.
PROPERTY_OF: dict[str, str] = {
    "人口编号": "person_no",
    "政治面貌": "political_status",
    "是否参加城镇职工基本养老保险": "urban_pension",
    "是否参加大病保险": "critical_illness_insurance",
    "是否参加新型农村合作医疗（城乡居民基本医疗保险）": "resident_medical_insurance",
    "是否参加城乡居民基本养老保险": "resident_pension",
    "失学或辍学原因": "dropout_reason",
    "是否会讲普通话": "speaks_mandarin",
    "是否参加商业补充医疗保险": "commercial_medical_insurance",
    "产业分类": "industry",
    "是否接受大病医疗救助": "critical_illness_aid",
    "是否接受其他健康扶贫": "other_health_aid",
    "是否参加城镇职工基本医疗保险": "urban_medical_insurance",
    "残疾证办证年度": "disability_card_year",
    "识别标准": "identification_standard",
}

PUBLIC_WELFARE_POST = "乡村公益性岗位"
ABROAD = "国外"
DIBAO = "低保脱贫户"
TEKUN = "特困供养脱贫户"
WORK_AWAY_REGIONS = ("省内县外", "省外", "国外")
UNSTABLE_WORK_RISK = "因务工就业不稳"


def national_row(person: PersonRow, head: PersonRow | None, *, year: int,
                 masked: bool) -> list[Any]:
    """The 47 values of one person, in the order of ``NATIONAL_HEADERS``."""
    props, household = person.props, person.household
    village = str(household.get("village_code") or person.scope)
    status = str(props.get("work_status") or "")
    poverty = household.get("poverty_status") or ""
    head_props = head.props if head is not None else {}
    values: dict[str, Any] = {
        "省": village[:2], "市": village[:4], "县": village[:6], "乡": village[:9], "村": village,
        "户编号": household.get("household_no", ""),
        "姓名": props.get("name", ""),
        "性别": props.get("sex", ""),
        "出生日期": props.get("birth_date", ""),
        "证件类型": _id_kind(str(props.get("id_number") or "")),
        "证件号码": _id(props.get("id_number"), masked),
        "民族": props.get("ethnicity", ""),
        "户联系电话": _phone(household.get("phone"), masked),
        "成员联系电话": _phone(props.get("phone"), masked),
        "年度": year,
        "与户主关系": props.get("relation", ""),
        "文化程度": props.get("education", ""),
        "在校生状况": _in_school(props.get("in_school")),
        "劳动技能": props.get("labour_class", ""),
        "务工时间（月）": props.get("months_worked", ""),
        "健康状况": props.get("health", ""),
        "务工企业名称": props.get("employer", ""),
        "是否享受低保": _yes_no(poverty == DIBAO or bool(props.get("dibao"))),
        "是否国外务工": _yes_no(props.get("work_region") == ABROAD),
        "公益性岗位类型": PUBLIC_WELFARE_POST if status == PUBLIC_WELFARE_POST else "",
        "公益性岗位(月数)": props.get("months_worked", "") if status == PUBLIC_WELFARE_POST else "",
        "就业渠道": status if status in EMPLOYMENT_CHANNELS else "",
        "残疾类别": _disability_category(props.get("disability")),
        "务工所在地": props.get("work_region", ""),
        "户主姓名": head_props.get("name", ""),
        "户主证件号码": _id(head_props.get("id_number"), masked),
        "是否特困供养人员": _yes_no(poverty == TEKUN),
    }
    for header, prop in PROPERTY_OF.items():
        if header not in values and props.get(prop) not in (None, ""):
            values[header] = display(props[prop])
    return [values.get(header, "") for header in NATIONAL_HEADERS]


def national_rows(groups: Iterator[list[PersonRow]], *, year: int,
                  masked: bool) -> Iterator[list[Any]]:
    """Rows for households of people (as grouped by ``export_source.households``)."""
    for group in groups:
        head = next((p for p in group if p.is_head), None)
        for person in group:
            yield national_row(person, head, year=year, masked=masked)


def _id(value: Any, masked: bool) -> str:
    text = str(value or "")
    return mask_id(text) if masked else text


def _phone(value: Any, masked: bool) -> str:
    text = str(value or "")
    return mask_phone(text) if masked else text


def _id_kind(number: str) -> str:
    if not number:
        return ""
    return "残疾人证" if len(number) in (20, 22) else "居民身份证"


def _in_school(value: Any) -> str:
    if value is None or value == "":
        return ""
    return "在校生" if value else "非在校生"


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def _disability_category(value: Any) -> str:
    """``"肢体三级"`` -> ``"肢体残疾"``."""
    text = str(value or "")
    for level in ("一级", "二级", "三级", "四级"):
        text = text.replace(level, "")
    return f"{text}残疾" if text and not text.endswith("残疾") else text


# --- checks (疑点数据) -------------------------------------------------------------------

FINDING_HEADERS = ("序号", "规则", "户编号", "姓名", "证件号码", "问题")
FINDING_WIDTHS = (6, 16, 20, 10, 21, 60)
FINDING_LONG_NUMBERS = frozenset({2, 4})


@dataclass(frozen=True, slots=True)
class Finding:
    """One 疑点: the rule, the household and person concerned, what is wrong (no values)."""

    rule: str
    household_no: str
    person_id: str | None
    name: str
    id_number: str
    problem: str

    def cells(self, number: int, *, masked: bool) -> list[Any]:
        """The row of the findings sheet."""
        return [number, self.rule, self.household_no, self.name,
                mask_id(self.id_number) if masked else self.id_number, self.problem]


def check_households(groups: Iterator[list[PersonRow]]) -> Iterator[Finding]:
    """Findings of the per-person and per-household rules, household by household."""
    for group in groups:
        for person in group:
            yield from _person_findings(person)
        yield from _household_findings(group)


def duplicate_ids(store: Store, *, prefix: str) -> Iterator[Finding]:
    """One finding per person whose ID number another live person also has.

    One scan groups the numbers in SQL; only the people sharing one are read in full."""
    low, high = scope_range(prefix)
    sql = """
    SELECT group_concat(id, ' ') FROM entity
    WHERE list = 'person' AND deleted = 0 AND merged_into IS NULL AND scope >= ? AND scope < ?
      AND coalesce(json_extract(props, '$.id_number'), '') != ''
    GROUP BY upper(json_extract(props, '$.id_number')) HAVING count(*) > 1
    ORDER BY 1
    """
    for (ids,) in store.db.conn.execute(sql, (low, high)).fetchall():
        for pid in sorted(ids.split()):
            person = store.get(pid)
            household = _props_of(store, person.parent)
            yield Finding("证件号码重复", str(household.get("household_no", "")), pid,
                          str(person.props.get("name", "")), str(person.props["id_number"]),
                          "证件号码与其他人员重复")


def _props_of(store: Store, entity_id: str | None) -> dict[str, Any]:
    try:
        return store.get(entity_id).props if entity_id else {}
    except NotFound:
        return {}


def _finding(person: PersonRow, rule: str, *, problem: str) -> Finding:
    props = person.props
    return Finding(rule, str(person.household.get("household_no", "")), person.id,
                   str(props.get("name", "")), str(props.get("id_number") or ""), problem)


def _person_findings(person: PersonRow) -> Iterator[Finding]:
    props = person.props
    problem = _id_problem(str(props.get("id_number") or ""))
    if problem:
        yield _finding(person, "证件号码", problem=problem)
    region, months = props.get("work_region"), props.get("months_worked")
    if bool(region) != (months not in (None, "")):
        yield _finding(person, "务工信息", problem="务工所在地与务工时间（月）须同时填写")
    if months not in (None, "") and not _months_ok(months):
        yield _finding(person, "务工信息", problem="务工时间（月）应为 0 到 12")
    if props.get("labour_class") in (NONE, LOST) and (region or months not in (None, "", 0)):
        yield _finding(person, "劳动技能", problem=f"劳动技能为“{props['labour_class']}”，不应有务工信息")


def _household_findings(group: list[PersonRow]) -> Iterator[Finding]:
    first = group[0]
    if first.household_id is None:
        yield _finding(first, "户主", problem="人员不属于任何家庭")
        return
    heads = [p for p in group if p.is_head]
    if len(heads) != 1:
        yield _finding(first, "户主", problem=f"一户应有且只有一名户主（现有 {len(heads)} 名）")
    spouses = [p for p in group if p.props.get("relation") == "配偶"]
    if len(spouses) > 1:
        yield _finding(spouses[1], "配偶", problem=f"一户最多一名配偶（现有 {len(spouses)} 名）")
    if len(heads) == 1 and heads[0].props.get("sex"):
        for spouse in spouses:
            if spouse.props.get("sex") == heads[0].props.get("sex"):
                yield _finding(spouse, "配偶", problem="配偶与户主性别相同")
    household = first.household
    risks = household.get("risks") or []
    if UNSTABLE_WORK_RISK in risks and not any(p.props.get("work_region") for p in group):
        yield _finding(first, "致贫风险", problem="风险为“因务工就业不稳”，但家庭成员均无务工信息")


def _id_problem(number: str) -> str:
    """Why an ID (or disability card) number fails the national check, or ``""``."""
    if not number:
        return "证件号码为空"
    if len(number) not in (18, 20, 22):
        return f"证件号码应为 18 位（残疾人证 20 或 22 位），现为 {len(number)} 位"
    first17 = number[:17]
    if not (first17.isascii() and first17.isdigit()):
        return "证件号码前 17 位应为数字"
    if id_check_char(first17) != number[17].upper():
        return "证件号码校验位错误"
    return ""


def _months_ok(value: Any) -> bool:
    try:
        months = float(value)
    except (TypeError, ValueError):
        return False
    return 0 <= months <= 12

