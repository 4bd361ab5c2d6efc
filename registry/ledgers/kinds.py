"""The ledgers the app exports, by kind, with their titles (light: no spreadsheet library,
so the audit, read at every unlock, can name them)."""

KINDS: dict[str, str] = {
    "village-monthly": "村级劳动力月度台账",
    "township-changes": "乡镇月度变动汇总",
    "national-persons": "全国防返贫监测信息系统人员信息",
    "subsidy-list": "补贴发放名册",
}
