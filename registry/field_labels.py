"""Labels of record properties in both UI languages, in one place.

The Chinese labels are the ones the county ledgers print (``registry.ledgers.export_changes``
reads them from here); the English ones are the built-in forms' ``label::en`` wording
(``tools/build_forms.py``) where a form asks for the property, plain English otherwise.
Screens that name a property (the county conflict queue's 字段 column) use
:func:`field_label`; an unknown property is shown as its key.

Records and policy packs store some values as Chinese words (a work region 省外, a wage
tier 三类, a group 脱贫人口, a relation 之子, an employer kind 村委会). :func:`value_label`
gives such a word's English label for display in the English UI (the built-in forms'
``label::en`` where a form offers the word); the stored value never changes, and a word
without a label is shown as it is.
"""

from __future__ import annotations

#: property -> (Chinese label, English label)
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "name": ("姓名", "Name"),
    "id_number": ("证件号码", "ID number"),
    "sex": ("性别", "Sex"),
    "birth_date": ("出生日期", "Date of birth"),
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


#: stored word -> English display label (the forms' choice labels where they offer it)
VALUE_LABELS: dict[str, str] = {
    # sex, relation (registry.codes.RELATIONS)
    "男": "Male", "女": "Female",
    "户主": "Head", "配偶": "Spouse", "之子": "Son", "之女": "Daughter",
    "之儿媳": "Daughter-in-law", "之女婿": "Son-in-law", "之孙子": "Grandson",
    "之孙女": "Granddaughter", "之父": "Father", "之母": "Mother", "之兄弟姐妹": "Sibling",
    "其他": "Other",
    # household type (registry.codes.HOUSEHOLD_TYPES, as lists show them)
    "脱贫不稳定户": "Unstable lifted-out household", "边缘易致贫户": "Marginal household at risk",
    "突发严重困难户": "Sudden severe hardship", "脱贫户": "Lifted-out household",
    "普通农户": "Ordinary rural household", "脱贫不享受政策户": "Lifted out, no policy",
    # labour class (registry.labour)
    "普通劳动力": "Ordinary labour", "技能劳动力": "Skilled labour",
    "弱劳动力或半劳动力": "Weak or half labour", "丧失劳动力": "Lost capacity",
    "无劳动力": "No labour capacity",
    # work region (registry.codes.WORK_REGIONS) and a pack's region
    "县内": "Within county", "省内县外": "Province, other county", "省外": "Other province",
    "国外": "Abroad", "全国": "Nationwide", "江西省": "Jiangxi", "贵州省": "Guizhou",
    "云南省": "Yunnan", "婺源县": "Wuyuan County", "德钦县": "Deqin County",
    # minimum-wage tier
    "一类": "Class 1", "二类": "Class 2", "三类": "Class 3", "四类": "Class 4",
    # groups a rule is for (registry.policy.model.GROUPS)
    "脱贫人口": "Lifted out of poverty", "监测对象": "Monitored", "农村低收入人口": "Rural low-income",
    "易地搬迁人口": "Relocated", "三类人员": "Any of the three groups",
    # employment status and channel (registry.codes.EMPLOYMENT_CHANNELS; as the 概览 names them)
    "就业": "Employed", "未就业": "Not employed", "返乡": "Returned home", "在家": "At home",
    "有组织劳务输出": "Organised labour export", "自主外出务工": "Work away, self-arranged",
    "本地企业或园区": "Local firm or industrial park", "就业帮扶车间": "Assistance workshop",
    "社区工厂": "Community factory", "卫星工厂": "Satellite factory",
    "以工代赈": "Work-for-relief", "乡村公益性岗位": "Public-welfare post",
    "自主创业": "Self-employment", "灵活就业": "Flexible work", "种养殖": "Farming",
    "三支一扶": "Three Supports and One Assistance",
    # employer and agency kinds, training kinds of the packs' conditions and tiers
    "人力资源服务机构": "HR service agency", "劳务经纪人": "Labour broker",
    "村委会": "Village committee", "企业": "Enterprise", "农民合作社": "Farmers' cooperative",
    "家庭农场": "Family farm", "小微企业": "Small or micro firm", "种养大户": "Large grower",
    "就业帮扶基地": "Assistance base", "就业扶贫车间": "Poverty-alleviation workshop",
    "就业援助基地": "Employment-aid base", "就业援助车间": "Employment-aid workshop",
    "就业援助小作坊": "Employment-aid workshop (small)",
    "省级就业援助示范基地": "Provincial model employment-aid base",
    "农业种植养殖培训": "Farming training", "未参加培训": "Not in training",
    # the built-in forms' needs, services and choices as ``registry.ledgers.export_labels``
    # labels them (tools/build_forms.py holds the forms' English)
    "职业介绍": "Job referral", "技能培训": "Training", "创业扶持": "Start-up support",
    "政策咨询": "Policy advice", "生活帮扶": "Living help", "无": "None",
    "政策宣传": "Policy briefing", "职业指导": "Career guidance", "培训推荐": "Training offer",
    "见习推荐": "Internship offer", "公益性岗位": "Public-welfare post",
    "补贴申领": "Subsidy claim", "本地企业": "Local firm", "外出务工": "Work away",
}


def value_label(value: str, *, english: bool = False) -> str:
    """A stored word as shown: its English label when ``english`` and one is known, else
    the word itself (the stored value is never changed)."""
    return VALUE_LABELS.get(value, value) if english else value

