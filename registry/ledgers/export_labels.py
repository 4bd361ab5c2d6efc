"""Display values for the ledgers: the built-in forms' choice names as national labels.

Visits, services and other records saved by the built-in forms keep the forms' choice names
(``employed``, ``province``); the ledgers show the labels (``就业``, ``省内县外``). The lists
are copied from ``tools/build_forms.py`` (the forms' source). A value that is not a known
choice name (already a label, or typed by hand) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORM_CHOICES: dict[str, dict[str, str]] = {
    "work_place": {"county": "县内", "province": "省内县外", "outside": "省外", "abroad": "国外"},
    "employment_status": {"employed": "就业", "unemployed": "未就业", "returned": "返乡",
                          "at_home": "在家"},
    "return_reason": {"care": "照顾家庭", "illness": "生病", "job_loss": "失业",
                      "startup": "返乡创业", "farming": "务农", "other": "其他"},
    "need": {"referral": "职业介绍", "training": "技能培训", "startup": "创业扶持",
             "policy": "政策咨询", "help": "生活帮扶", "none": "无"},
    "service": {"policy": "政策宣传", "guidance": "职业指导", "referral": "职业介绍",
                "training": "培训推荐", "internship": "见习推荐", "post": "公益性岗位",
                "subsidy": "补贴申领"},
    "channel": {"workshop": "就业帮扶车间", "firm": "本地企业", "post": "乡村公益性岗位",
                "relief": "以工代赈", "self": "自主创业", "flexible": "灵活就业",
                "farming": "种养殖", "away": "外出务工"},
    "training_type": {"skill": "职业技能培训", "startup": "创业培训", "farming": "农业技术",
                      "craft": "手工技艺"},
    "post_type": {"cleaning": "保洁", "forest": "护林", "road": "护路", "water": "管水",
                  "care": "养老服务", "other": "其他"},
}

JOIN = "、"


def label(choices: str, value: Any) -> str:
    """The label of one choice name of list ``choices`` (the value itself if unknown)."""
    if value is None or value == "":
        return ""
    text = str(value)
    return FORM_CHOICES.get(choices, {}).get(text, text)


def split_multiple(value: Any) -> list[str]:
    """The values of a multiple choice: a list, or a text separated by spaces or 、."""
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v not in (None, "")]
    return [part for part in str(value).replace(JOIN, " ").split() if part]


def labels(choices: str, values: Iterable[str]) -> list[str]:
    """Labels of several choice names, in order, without repeats."""
    out: list[str] = []
    for value in values:
        text = label(choices, value)
        if text and text not in out:
            out.append(text)
    return out


def display(value: Any) -> Any:
    """A stored value as a cell shows it: lists joined with 、, booleans as 是/否."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return JOIN.join(str(v) for v in value)
    if isinstance(value, dict):
        return JOIN.join(f"{k}:{v}" for k, v in value.items())
    return value
