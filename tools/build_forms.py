"""Build the built-in XLSForms in forms/builtin/ (``python tools/build_forms.py``).

The .xlsx files are the source form authors edit; this script only makes them reproducible.
Labels are Chinese (label::zh) with English (label::en); code lists follow the national
monitoring system (docs/research.md). Entity lists: household, person, visit, service, training,
post, job. pyxform reserves the property names ``name`` and ``label``: a person's name is the
entity label and the property ``full_name``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import openpyxl

OUT = Path(__file__).resolve().parents[1] / "forms" / "builtin"
VERSION = "2024110101"
COLUMNS = [
    "type", "name", "label::zh", "label::en", "hint::zh", "hint::en", "required", "relevant",
    "constraint", "constraint_message::zh", "constraint_message::en", "warning", "warning_message::zh",
    "warning_message::en", "calculation", "trigger", "default", "choice_filter", "appearance", "save_to",
    "repeat_count",
]
ID_RULE = "regex(., '^[1-9][0-9]{16}[0-9Xx]$')"
PHONE_RULE = "regex(., '^1[3-9][0-9]{9}$')"
PHONE_MESSAGES = {"constraint_message::zh": "手机号应为以1开头的11位数字",
                  "constraint_message::en": "an 11-digit mobile number starting with 1"}
#: What a constraint with no message of its own says (else the form says only "答案不符合要求").
CONSTRAINT_MESSAGES = {
    ". <= today()": ("不能晚于今天", "cannot be after today"),
    ". >= today()": ("不能早于今天", "cannot be before today"),
    ". >= 0": ("不能为负数", "cannot be negative"),
    ". > 0": ("应大于0", "must be more than 0"),
    ". <= ${visit_date}": ("不能晚于走访日期", "cannot be after the visit date"),
    ". >= ${salary_min}": ("不能低于月薪下限", "cannot be below the lower salary"),
    "regex(., '^[0-9A-HJ-NPQRTUWXY]{18}$')": ("应为18位统一社会信用代码",
                                              "an 18-character unified social credit code"),
}

CHOICES: dict[str, list[tuple[str, str, str]]] = {
    "yn": [("1", "是", "Yes"), ("0", "否", "No")],
    "sex": [("1", "男", "Male"), ("2", "女", "Female")],
    "relation": [(c, z, e) for c, z, e in [
        ("01", "户主", "Head"), ("02", "配偶", "Spouse"), ("03", "之子", "Son"), ("04", "之女", "Daughter"),
        ("05", "之儿媳", "Daughter-in-law"), ("06", "之女婿", "Son-in-law"), ("07", "之孙子", "Grandson"),
        ("08", "之孙女", "Granddaughter"), ("09", "之父", "Father"), ("10", "之母", "Mother"),
        ("11", "之兄弟姐妹", "Sibling"), ("99", "其他", "Other")]],
    "household_category": [
        ("100A03001", "脱贫不稳定户", "Unstable lifted-out household"),
        ("100A03002", "边缘易致贫户", "Marginal household at risk"),
        ("100A03003", "突发严重困难户", "Sudden severe hardship"),
        ("ordinary", "普通农户", "Ordinary rural household"),
        ("lifted_no_policy", "脱贫不享受政策户", "Lifted out, no policy")],
    "poverty_attribute": [("general", "一般脱贫户", "General"), ("dibao", "低保脱贫户", "Dibao"),
                          ("tekun", "特困供养脱贫户", "Extreme-poverty support")],
    "risk": [("illness", "因病", "Illness"), ("disability", "因残", "Disability"), ("study", "因学", "Schooling"),
             ("housing", "因安全住房", "Housing"), ("water", "因安全饮水", "Drinking water"),
             ("unstable_work", "因务工就业不稳", "Unstable employment"), ("disaster", "因自然灾害", "Natural disaster"),
             ("no_labour", "缺劳动力", "Lack of labour"), ("accident", "因意外事故", "Accident"),
             ("industry", "因产业项目失败", "Failed industry project"), ("other", "其他", "Other")],
    "labour_class": [("ordinary", "普通劳动力", "Ordinary labour"), ("skilled", "技能劳动力", "Skilled labour"),
                     ("weak", "弱劳动力或半劳动力", "Weak or half labour"), ("lost", "丧失劳动力", "Lost capacity"),
                     ("none", "无劳动力", "No labour capacity")],
    "health": [("healthy", "健康", "Healthy"), ("chronic", "长期慢性病", "Chronic illness"),
               ("serious", "患有大病", "Serious illness"), ("disabled", "残疾", "Disability")],
    "education": [("illiterate", "文盲或半文盲", "Illiterate"), ("primary", "小学", "Primary"),
                  ("junior", "初中", "Junior secondary"), ("senior", "高中", "Senior secondary"),
                  ("college", "大专", "College"), ("bachelor", "本科及以上", "Bachelor or above")],
    "work_place": [("county", "县内", "Within county"), ("province", "省内县外", "Province, other county"),
                   ("outside", "省外", "Other province"), ("abroad", "国外", "Abroad")],
    "employment_status": [("employed", "就业", "Employed"), ("unemployed", "未就业", "Not employed"),
                          ("returned", "返乡", "Returned home"), ("at_home", "在家", "At home")],
    "return_reason": [("care", "照顾家庭", "Family care"), ("illness", "生病", "Illness"),
                      ("job_loss", "失业", "Lost the job"), ("startup", "返乡创业", "Start-up at home"),
                      ("farming", "务农", "Farming"), ("other", "其他", "Other")],
    "need": [("referral", "职业介绍", "Job referral"), ("training", "技能培训", "Training"),
             ("startup", "创业扶持", "Start-up support"), ("policy", "政策咨询", "Policy advice"),
             ("help", "生活帮扶", "Living help"), ("none", "无", "None")],
    "service": [("policy", "政策宣传", "Policy briefing"), ("guidance", "职业指导", "Career guidance"),
                ("referral", "职业介绍", "Job referral"), ("training", "培训推荐", "Training offer"),
                ("internship", "见习推荐", "Internship offer"), ("post", "公益性岗位", "Public-welfare post"),
                ("subsidy", "补贴申领", "Subsidy claim")],
    "channel": [("workshop", "就业帮扶车间", "Assistance workshop"), ("firm", "本地企业", "Local firm"),
                ("post", "乡村公益性岗位", "Public-welfare post"), ("relief", "以工代赈", "Work-for-relief"),
                ("self", "自主创业", "Self-employment"), ("flexible", "灵活就业", "Flexible work"),
                ("farming", "种养殖", "Farming"), ("away", "外出务工", "Work away")],
    "training_type": [("skill", "职业技能培训", "Vocational skills"), ("startup", "创业培训", "Start-up"),
                      ("farming", "农业技术", "Farming techniques"), ("craft", "手工技艺", "Crafts")],
    "post_type": [("cleaning", "保洁", "Cleaning"), ("forest", "护林", "Forest ranger"),
                  ("road", "护路", "Road care"), ("water", "管水", "Water care"), ("care", "养老服务", "Elderly care"),
                  ("other", "其他", "Other")],
    "post_action": [("appoint", "上岗", "Appointment"), ("exit", "退出", "Exit")],
    "exit_reason": [("term_end", "协议到期", "Term ended"), ("found_job", "实现其他就业", "Found other work"),
                    ("unfit", "不能胜任", "Unfit for the post"), ("voluntary", "本人申请", "Own request")],
}


def q(type_: str, name: str, zh: str = "", en: str = "", **extra: Any) -> dict[str, Any]:
    """One survey row (a constraint without a message gets ``CONSTRAINT_MESSAGES``')."""
    rule = extra.get("constraint")
    if rule and "constraint_message::zh" not in extra and rule in CONSTRAINT_MESSAGES:
        extra["constraint_message::zh"], extra["constraint_message::en"] = CONSTRAINT_MESSAGES[rule]
    return {"type": type_, "name": name, "label::zh": zh, "label::en": en, **extra}


def end(kind: str) -> dict[str, Any]:
    """An end group / end repeat row."""
    return {"type": f"end_{kind}"}


def person_context() -> list[dict[str, Any]]:
    """The hidden person id every person-level form starts with (set by the app)."""
    return [q("hidden", "person_id", "人员编号", "Person id")]


def household_registration() -> dict[str, Any]:
    survey = [
        q("text", "village_code", "村（居）代码", "Village code", required="yes", save_to="household#village_code",
          constraint="regex(., '^[0-9]{12}$')", **{"constraint_message::zh": "应为12位行政区划代码",
                                                  "constraint_message::en": "12-digit division code"}),
        q("text", "village_group", "村民小组", "Village group", save_to="household#village_group",
          **{"hint::zh": "如：3组（本村工作清单按村民小组筛选）",
             "hint::en": "e.g. 3组 (the work list filters by village group)"}),
        q("text", "head_name", "户主姓名", "Head of household", required="yes", save_to="household#head_name"),
        q("text", "phone", "户联系电话", "Household phone", constraint=PHONE_RULE, save_to="household#phone",
          **PHONE_MESSAGES),
        q("select_one household_category", "category", "户类型", "Household category", required="yes",
          save_to="household#category"),
        q("select_one poverty_attribute", "poverty_attribute", "脱贫户属性", "Lifted-out attribute",
          save_to="household#poverty_attribute"),
        q("select_multiple risk", "risks", "致贫返贫风险", "Risks", save_to="household#risks",
          constraint="count-selected(.) <= 5", **{"constraint_message::zh": "最多选5项",
                                                  "constraint_message::en": "at most five"}),
        q("select_one yn", "relocated", "是否易地扶贫搬迁", "Relocated household", required="yes",
          save_to="household#relocated"),
        q("text", "site_name", "安置点", "Relocation site", relevant="${relocated} = '1'", save_to="household#site_name"),
        q("begin_repeat", "members", "家庭成员", "Members"),
        q("text", "full_name", "姓名", "Name", required="yes", save_to="person#full_name"),
        q("text", "id_number", "证件号码", "ID number", required="yes", constraint=ID_RULE,
          save_to="person#id_number", **{"constraint_message::zh": "身份证号码应为18位",
                                         "constraint_message::en": "an ID number has 18 characters"}),
        q("select_one sex", "sex", "性别", "Sex", required="yes", save_to="person#sex"),
        q("date", "birth_date", "出生日期", "Birth date", required="yes", constraint=". <= today()",
          save_to="person#birth_date"),
        q("calculate", "age", calculation="int((decimal-date-time(today()) - decimal-date-time(${birth_date})) div 365.25)"),
        q("select_one relation", "relation", "与户主关系", "Relation to head", required="yes", save_to="person#relation"),
        q("text", "member_phone", "成员联系电话", "Member phone", constraint=PHONE_RULE, save_to="person#phone",
          **PHONE_MESSAGES),
        q("select_one education", "education", "文化程度", "Education", save_to="person#education"),
        q("select_multiple health", "health", "健康状况", "Health", required="yes", save_to="person#health"),
        q("select_one labour_class", "labour_class", "劳动技能", "Labour class", required="yes",
          save_to="person#labour_class", warning="not(${age} >= 60 and (. = 'ordinary' or . = 'skilled'))",
          **{"warning_message::zh": "60岁以上一般为弱劳动力或半劳动力，请核实",
             "warning_message::en": "people over 60 are usually weak or half labour: please check"}),
        q("select_one yn", "in_school", "是否在校生", "In school", relevant="${age} < 25", save_to="person#in_school"),
        q("calculate", "household_village", calculation="${village_code}", save_to="person#village_code"),
        end("repeat"),
        q("calculate", "member_count", calculation="count(${members})", save_to="household#member_count"),
        q("note", "heads_note", "每户只能有一名户主", "One head per household",
          relevant="count(${members}[relation = '01']) != 1"),
    ]
    return {
        "form_id": "household_registration", "title": "农户信息登记", "survey": survey,
        "entities": [{"list_name": "household", "label": "concat(${head_name}, '户')"},
                     {"list_name": "person", "label": "${full_name}", "repeat": "members"}],
    }


def labour_force_registration() -> dict[str, Any]:
    survey = [
        *person_context(),
        q("select_one labour_class", "labour_class", "劳动技能", "Labour class", required="yes", save_to="labour_class"),
        q("text", "skill", "职业技能", "Vocational skill", relevant="${labour_class} = 'skilled'", save_to="skill"),
        q("select_multiple health", "health", "健康状况", "Health", required="yes", save_to="health"),
        q("select_one employment_status", "employment_status", "就业状态", "Employment status", required="yes",
          save_to="employment_status"),
        q("select_one return_reason", "not_working_reason", "未就业或返乡原因", "Reason not working",
          relevant="${employment_status} != 'employed'", save_to="not_working_reason"),
        q("select_one yn", "wish_work_away", "是否有外出务工意愿", "Wishes to work away", required="yes",
          save_to="wish_work_away"),
        q("select_multiple need", "needs", "就业需求", "Needs", save_to="needs",
          constraint="not(selected(., 'none') and count-selected(.) > 1)",
          **{"constraint_message::zh": "选了“无”就不能再选其他", "constraint_message::en": "'None' excludes the others"}),
    ]
    return {"form_id": "labour_force_registration", "title": "劳动力信息登记", "survey": survey,
            "entities": [{"list_name": "person", "entity_id": "${person_id}", "label": ""}]}


def employment_followup() -> dict[str, Any]:
    away = "${work_place} = 'province' or ${work_place} = 'outside' or ${work_place} = 'abroad'"
    survey = [
        *person_context(),
        q("calculate", "last_income", calculation="instance('person')/root/item[name=${person_id}]/monthly_income"),
        q("date", "visit_date", "走访日期", "Visit date", required="yes", default="today()", save_to="visit_date",
          constraint=". <= today()"),
        q("calculate", "person_ref", calculation="${person_id}", save_to="person_id"),
        q("select_one employment_status", "employment_status", "就业状态", "Employment status", required="yes",
          save_to="employment_status"),
        q("begin_group", "work", "务工信息", "Work", relevant="${employment_status} = 'employed'"),
        q("select_one channel", "channel", "就业渠道", "Channel", required="yes", save_to="channel"),
        q("select_one work_place", "work_place", "务工地域", "Work place", required="yes", save_to="work_place"),
        q("text", "employer", "务工企业名称", "Employer", save_to="employer"),
        q("date", "start_date", "开始日期", "Start date", constraint=". <= ${visit_date}", save_to="start_date"),
        q("integer", "months_worked", "务工时间（月）", "Months worked", required="yes",
          constraint=". >= 0 and . <= 12", save_to="months_worked",
          **{"constraint_message::zh": "务工月数应为0到12", "constraint_message::en": "months must be 0 to 12"}),
        q("decimal", "monthly_income", "月收入（元）", "Monthly income (yuan)", required="yes", constraint=". >= 0",
          save_to="monthly_income", warning="${last_income} = '' or . >= ${last_income} div 2",
          **{"warning_message::zh": "收入比上月下降超过一半，请核实并关注返贫风险",
             "warning_message::en": "income fell by more than half since last month: check the risk"}),
        q("select_one yn", "organised_export", "是否有组织劳务输出", "Organised labour export", relevant=away,
          save_to="organised_export"),
        end("group"),
        q("select_one return_reason", "return_reason", "返乡或未就业原因", "Reason for returning or not working",
          relevant="${employment_status} != 'employed'", required="yes", save_to="return_reason"),
        q("select_multiple need", "needs", "需求", "Needs", save_to="needs"),
        q("select_multiple service", "services", "本次提供的服务", "Services given", save_to="services"),
    ]
    return {"form_id": "employment_followup", "title": "月度就业跟踪", "survey": survey,
            "entities": [{"list_name": "visit", "label": "concat('走访 ', ${visit_date})"}]}


def relocation_service() -> dict[str, Any]:
    """服务记录: asked for the site only where the desk's site is set (the app fills the hidden
    ``desk_site`` with it on a relocation-site profile, and the answer starts as that site);
    a village team's service has no site to name, so there it may stay blank."""
    at_desk = "${desk_site} != ''"
    survey = [
        *person_context(),
        q("hidden", "desk_site", "本服务站", "This desk's site"),
        q("text", "site_name", "安置点", "Relocation site", required=at_desk, save_to="site_name",
          trigger="${desk_site}", calculation="${desk_site}",
          **{"hint::zh": "安置点服务站记录时必填（已填入本服务站）；村里记录可不填",
             "hint::en": "required at a relocation-site desk (its site is filled in); "
                         "optional in a village"}),
        q("date", "service_date", "服务日期", "Service date", required="yes", default="today()", save_to="service_date"),
        q("calculate", "person_ref", calculation="${person_id}", save_to="person_id"),
        q("select_multiple service", "services", "服务内容", "Services", required="yes", save_to="services"),
        q("text", "referred_employer", "推荐单位", "Employer referred to", relevant="selected(${services}, 'referral')",
          save_to="referred_employer"),
        q("select_one yn", "employed_after", "是否实现就业", "Found work", save_to="employed_after"),
        q("text", "note", "备注", "Note", save_to="note"),
    ]
    return {"form_id": "relocation_service", "title": "安置点就业服务记录", "survey": survey,
            "entities": [{"list_name": "service", "label": "if(${site_name} != '', concat(${site_name}, ' ', "
                                                            "${service_date}), concat('就业服务 ', ${service_date}))"}]}


def training_enrolment() -> dict[str, Any]:
    survey = [
        *person_context(),
        q("calculate", "person_ref", calculation="${person_id}", save_to="person_id"),
        q("select_one training_type", "training_type", "培训类型", "Training type", required="yes", save_to="training_type"),
        q("text", "course", "培训项目", "Course", required="yes", save_to="course"),
        q("date", "start_date", "开始日期", "Start date", required="yes", save_to="start_date"),
        q("date", "end_date", "结束日期", "End date", required="yes", constraint=". >= ${start_date}", save_to="end_date",
          **{"constraint_message::zh": "结束日期不能早于开始日期", "constraint_message::en": "ends before it starts"}),
        q("calculate", "days", calculation="${end_date} - ${start_date} + 1", save_to="days"),
        q("calculate", "living_allowance", calculation="if(${days} > 0, ${days} * 40, 0)", save_to="living_allowance"),
        q("select_one yn", "certificate", "是否取得证书", "Certificate obtained", save_to="certificate"),
    ]
    return {"form_id": "training_enrolment", "title": "培训报名", "survey": survey,
            "entities": [{"list_name": "training", "label": "${course}"}]}


def public_welfare_post() -> dict[str, Any]:
    appoint, leave = "${action} = 'appoint'", "${action} = 'exit'"
    survey = [
        *person_context(),
        q("hidden", "post_id", "岗位记录编号", "Post record id"),
        q("select_one post_action", "action", "办理事项", "Action", required="yes"),
        q("begin_group", "appointment", "上岗", "Appointment", relevant=appoint),
        q("calculate", "person_ref", calculation="${person_id}", save_to="person_id"),
        q("select_one post_type", "post_type", "岗位类型", "Post type", required="yes", save_to="post_type"),
        q("date", "agreement_start", "协议开始日期", "Agreement start", required="yes", save_to="agreement_start"),
        q("date", "agreement_end", "协议结束日期", "Agreement end", required="yes", save_to="agreement_end",
          constraint=". > ${agreement_start} and . - ${agreement_start} <= 365",
          **{"constraint_message::zh": "协议期限每次不超过1年", "constraint_message::en": "an agreement lasts at most one year"}),
        q("decimal", "monthly_subsidy", "月岗位补贴（元）", "Monthly subsidy (yuan)", required="yes",
          constraint=". > 0 and . <= ${minimum_wage}", save_to="monthly_subsidy",
          **{"constraint_message::zh": "补贴不得高于当地最低工资", "constraint_message::en": "not above the local minimum wage"}),
        q("decimal", "minimum_wage", "当地最低工资（元）", "Local minimum wage", default="1610", required="yes"),
        q("select_one yn", "accident_insurance", "是否购买意外险", "Accident insurance", required="yes",
          save_to="accident_insurance"),
        end("group"),
        q("begin_group", "exit", "退出", "Exit", relevant=leave),
        q("date", "exit_date", "退出日期", "Exit date", required="yes", save_to="exit_date"),
        q("select_one exit_reason", "exit_reason", "退出原因", "Exit reason", required="yes", save_to="exit_reason"),
        end("group"),
    ]
    return {"form_id": "public_welfare_post", "title": "公益性岗位上岗与退出", "survey": survey,
            "entities": [{"list_name": "post", "entity_id": "${post_id}", "create_if": appoint, "update_if": leave,
                          "label": "concat('公益性岗位 ', ${agreement_start})"}]}


def job_posting() -> dict[str, Any]:
    survey = [
        q("text", "employer", "用工单位", "Employer", required="yes", save_to="employer"),
        q("text", "credit_code", "统一社会信用代码", "Credit code", constraint="regex(., '^[0-9A-HJ-NPQRTUWXY]{18}$')",
          save_to="credit_code"),
        q("text", "job_title", "岗位名称", "Job title", required="yes", save_to="job_title"),
        q("select_one work_place", "work_place", "工作地域", "Work place", required="yes", save_to="work_place"),
        q("integer", "openings", "招聘人数", "Openings", required="yes", constraint=". > 0", save_to="openings"),
        q("decimal", "salary_min", "月薪下限（元）", "Salary from", required="yes", constraint=". >= 0", save_to="salary_min"),
        q("decimal", "salary_max", "月薪上限（元）", "Salary to", constraint=". >= ${salary_min}", save_to="salary_max"),
        q("text", "contact_phone", "联系电话", "Contact phone", required="yes", save_to="contact_phone"),
        q("date", "valid_until", "有效期至", "Valid until", required="yes", constraint=". >= today()", save_to="valid_until"),
    ]
    return {"form_id": "job_posting", "title": "岗位信息发布", "survey": survey,
            "entities": [{"list_name": "job", "label": "concat(${employer}, ' ', ${job_title})"}]}


def graduate_followup() -> dict[str, Any]:
    survey = [
        *person_context(),
        q("calculate", "person_ref", calculation="${person_id}", save_to="person_id"),
        q("date", "service_date", "服务日期", "Service date", required="yes", default="today()", save_to="service_date"),
        q("text", "school", "毕业院校", "School", save_to="school"),
        q("select_one yn", "wants_work", "是否有就业意愿", "Wants work", required="yes", save_to="wants_work"),
        q("begin_group", "services_1311", "“1311”服务", "1311 services", relevant="${wants_work} = '1'"),
        q("integer", "career_guidance", "职业指导次数", "Career guidance", required="yes", constraint=". >= 0",
          default="0", save_to="career_guidance"),
        q("integer", "job_referrals", "岗位推荐次数", "Job referrals", required="yes", constraint=". >= 0",
          default="0", save_to="job_referrals"),
        q("integer", "training_offers", "培训推荐次数", "Training offers", required="yes", constraint=". >= 0",
          default="0", save_to="training_offers"),
        q("integer", "internship_offers", "见习推荐次数", "Internship offers", required="yes", constraint=". >= 0",
          default="0", save_to="internship_offers"),
        q("calculate", "met_1311", calculation="if(${career_guidance} >= 1 and ${job_referrals} >= 3 and "
          "${training_offers} >= 1 and ${internship_offers} >= 1, 1, 0)", save_to="met_1311"),
        q("note", "gap_note", "尚未达到“1311”服务要求", "The 1311 services are not complete yet",
          relevant="${met_1311} = 0"),
        end("group"),
        q("select_one yn", "one_person_plan", "是否制定一人一策", "One-person plan",
          save_to="one_person_plan"),
    ]
    return {"form_id": "graduate_followup", "title": "离校未就业高校毕业生跟踪服务", "survey": survey,
            "entities": [{"list_name": "service", "label": "concat('1311服务 ', ${service_date})"}]}


FORMS = [household_registration, labour_force_registration, employment_followup, relocation_service,
         training_enrolment, public_welfare_post, job_posting, graduate_followup]


def write(spec: dict[str, Any], folder: Path) -> Path:
    """Write one form spec as an .xlsx XLSForm."""
    workbook = openpyxl.Workbook()
    survey = workbook.active
    survey.title = "survey"
    used = [c for c in COLUMNS if any(row.get(c) for row in spec["survey"])]
    survey.append(used)
    for row in spec["survey"]:
        survey.append([row.get(c, "") for c in used])
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", "label::zh", "label::en"])
    wanted = {row["type"].split()[1] for row in spec["survey"] if row["type"].startswith("select_")}
    for list_name in sorted(wanted):
        for name, zh, en in CHOICES[list_name]:
            choices.append([list_name, name, zh, en])
    settings = workbook.create_sheet("settings")
    settings.append(["form_id", "version", "form_title", "default_language"])
    settings.append([spec["form_id"], VERSION, spec["title"], "zh"])
    entity_columns = ["list_name", "label", "entity_id", "create_if", "update_if", "repeat"]
    entities = workbook.create_sheet("entities")
    used_entity = [c for c in entity_columns if any(e.get(c) for e in spec["entities"]) or c == "label"]
    entities.append(used_entity)
    for entity in spec["entities"]:
        entities.append([entity.get(c, "") for c in used_entity])
    path = folder / f"{spec['form_id']}.xlsx"
    workbook.save(path)
    return path


def main() -> int:
    """Write every built-in form into forms/builtin/."""
    OUT.mkdir(parents=True, exist_ok=True)
    for build in FORMS:
        print(write(build(), OUT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
