"""Labels of record properties in both UI languages, in one place.

The Chinese labels are the ones the county ledgers print (``registry.ledgers.export_changes``
reads them from here); the English ones are the built-in forms' ``label::en`` wording
(``tools/build_forms.py``) where a form asks for the property, plain English otherwise.
Screens that name a property (the county conflict queue's 字段 column) use
:func:`field_label`; an unknown property is shown as its key.
"""

from __future__ import annotations

#: property -> (Chinese label, English label)
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name": ("姓名", "Name"),
    "id_number": ("证件号码", "ID number"),
    "sex": ("性别", "Sex"),
    "birth_date": ("出生日期", "Birth date"),
    "phone": ("联系电话", "Phone"),
    "relation": ("与户主关系", "Relation to head"),
    "ethnicity": ("民族", "Ethnicity"),
    "education": ("文化程度", "Education"),
    "health": ("健康状况", "Health"),
    "disability": ("残疾情况", "Disability"),
    "labour_class": ("劳动技能", "Labour class"),
    "skill": ("职业技能", "Vocational skill"),
    "in_school": ("是否在校生", "In school"),
    "work_status": ("就业状态（渠道）", "Work status (channel)"),
    "work_region": ("务工所在地", "Place of work"),
    "employer": ("务工企业名称", "Employer"),
    "months_worked": ("务工时间（月）", "Months worked"),
    "monthly_income": ("月收入（元）", "Monthly income (yuan)"),
    "household_no": ("户编号", "Household number"),
    "head_name": ("户主姓名", "Head of household"),
    "village_code": ("村（居）代码", "Village code"),
    "address": ("地址", "Address"),
    "household_type": ("户类型", "Household category"),
    "poverty_status": ("脱贫户属性", "Lifted-out attribute"),
    "relocated": ("是否易地搬迁", "Relocated household"),
    "relocation_site": ("安置点", "Relocation site"),
    "monitored": ("是否监测对象", "Monitored household"),
    "risks": ("致贫返贫风险", "Risks"),
    "employment_status": ("就业状态", "Employment status"),
    "channel": ("就业渠道", "Channel"),
    "work_place": ("务工地域", "Work place"),
    "start_date": ("开始日期", "Start date"),
    "end_date": ("结束日期", "End date"),
    "needs": ("就业需求", "Needs"),
    "services": ("服务内容", "Services"),
    "visit_date": ("走访日期", "Visit date"),
    "not_working_reason": ("未就业原因", "Reason not working"),
    "return_reason": ("返乡或未就业原因", "Reason for returning or not working"),
    "wish_work_away": ("外出务工意愿", "Wishes to work away"),
    "organised_export": ("是否有组织劳务输出", "Organised labour export"),
    "job": ("岗位", "Job"),
    "course": ("培训项目", "Course"),
    "training_type": ("培训类型", "Training type"),
    "post_type": ("岗位类型", "Post type"),
    "service_date": ("服务日期", "Service date"),
    "agreement_start": ("协议开始日期", "Agreement start"),
    "agreement_end": ("协议结束日期", "Agreement end"),
    "monthly_subsidy": ("岗位补贴（元/月）", "Monthly subsidy (yuan)"),
}


def field_label(prop: str, *, english: bool = False) -> str:
    """The label of ``prop`` in Chinese (or English); the key itself when unknown."""
    labels = FIELD_LABELS.get(prop)
    if labels is None:
        return prop
    return labels[1] if english else labels[0]
