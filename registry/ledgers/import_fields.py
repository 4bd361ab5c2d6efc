"""Bangfu's fields an imported ledger column can fill, and how a cell becomes a value.

Each converter takes one cell (text, number or date as the reader gave it) and returns the
value to store, or raises ``CellProblem`` with a Chinese message that never repeats the value
(it may be a name, an ID or a phone number). Empty cells never reach a converter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from registry.codes import WORK_REGIONS
from registry.text import FULLWIDTH_TO_ASCII


class CellProblem(ValueError):
    """A cell value cannot be used; ``message_zh`` says why (without repeating the value)."""

    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh


@dataclass(frozen=True)
class Field:
    """A field of ``entity`` (``"person"`` or ``"household"``) stored as ``prop``."""

    name: str
    entity: str
    prop: str
    label: str
    convert: Callable[[Any], Any]


def text(cell: Any) -> str:
    """A cell as stripped text (an integral number without ``.0``)."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def sex(cell: Any) -> str:
    """男/女 from 男, 女, 男性, 女性, 1 or 2."""
    value = {"1": "男", "2": "女", "男性": "男", "女性": "女"}.get(text(cell), text(cell))
    if value not in ("男", "女"):
        raise CellProblem("性别应为“男”或“女”")
    return value


_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def birth_date(cell: Any) -> str:
    """An ISO date from a date cell, ``1985-03-15``, ``1985/3/15``, ``1985.3.15``,
    ``1985年3月15日`` or ``19850315``."""
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    raw = text(cell).translate(FULLWIDTH_TO_ASCII)
    match = _DATE.match(raw) or re.match(r"^(\d{4})(\d{2})(\d{2})$", raw)
    try:
        if not match:
            raise ValueError(raw)
        return date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        raise CellProblem("出生日期格式应为 YYYY-MM-DD（如 1985-03-15），或不是真实日期") from None


def _number(cell: Any, what: str) -> float:
    if isinstance(cell, bool):
        raise CellProblem(f"{what}应为数字")
    if isinstance(cell, int | float):
        return float(cell)
    raw = text(cell).translate(FULLWIDTH_TO_ASCII).replace(",", "")
    raw = re.sub(r"(元/月|元|个月|月)$", "", raw).strip()
    try:
        return float(raw)
    except ValueError:
        raise CellProblem(f"{what}应为数字") from None


def months(cell: Any) -> int:
    """Months worked this year: a whole number 0-12."""
    value = _number(cell, "务工时间（月）")
    if not value.is_integer():
        raise CellProblem("务工时间（月）应为整数")
    if not 0 <= value <= 12:
        raise CellProblem("务工时间（月）应在 0 到 12 之间（一年最多 12 个月）")
    return int(value)


def income(cell: Any) -> int | float:
    """Monthly income in yuan, not negative."""
    value = _number(cell, "月收入")
    if value < 0:
        raise CellProblem("月收入不能为负数")
    if value > 1_000_000:
        raise CellProblem("月收入超过 100 万元，疑似填错（是否填成了年收入或多写了位数？）")
    return int(value) if value.is_integer() else round(value, 2)


def work_region(cell: Any) -> str:
    """One of the national 务工地域 values."""
    value = text(cell)
    if value not in WORK_REGIONS:
        raise CellProblem("务工地域应为：" + "、".join(WORK_REGIONS))
    return value


YES_MARKS = frozenset({"是", "√", "✓", "✔", "Y", "y", "1", "户主"})
NO_MARKS = frozenset({"否", "×", "✗", "✘", "N", "n", "0"})


def is_mark(value: Any) -> bool:
    """Whether a cell is a yes/no mark (是, 否, √, × …) rather than a word or a name."""
    return text(value) in YES_MARKS | NO_MARKS


def yes_no(cell: Any) -> bool:
    """是 (√, Y, 1, or 户主 itself) or 否 (×, N, 0)."""
    value = text(cell)
    if value not in YES_MARKS | NO_MARKS:
        raise CellProblem("是否户主应为“是”或“否”（也可填 √ 或 ×）")
    return value in YES_MARKS


def head_name(cell: Any) -> str:
    """The 户主's name; a yes/no mark (a 户主 column that says whether the row is the head)
    is refused, pointing to the field 是否户主."""
    value = text(cell)
    if is_mark(value):
        raise CellProblem("户主姓名应为户主的姓名，这里填的是“是/否”一类的标记；如果该列表示"
                          "本人是否户主，请在列对应中把该列改为“是否户主”（命令行：--mapping 的 is_head）")
    return value


def is_work_region(value: Any) -> bool:
    """Whether a cell is one of the national 务工地域 values."""
    return text(value) in WORK_REGIONS


def raw(cell: Any) -> Any:
    """Kept as the reader gave it (ID numbers and phones are checked by the registry rules)."""
    return cell.strip() if isinstance(cell, str) else cell


_TABLE: tuple[tuple[str, str, str, str, Callable[[Any], Any]], ...] = (
    # name, entity, prop, label, convert
    ("name", "person", "name", "姓名", text),
    ("id_number", "person", "id_number", "证件号码", raw),
    ("sex", "person", "sex", "性别", sex),
    ("birth_date", "person", "birth_date", "出生日期", birth_date),
    ("relation", "person", "relation", "与户主关系", text),
    ("is_head", "person", "is_head", "是否户主", yes_no),  # read into relation, not stored
    ("ethnicity", "person", "ethnicity", "民族", text),
    ("education", "person", "education", "文化程度", text),
    ("political_status", "person", "political_status", "政治面貌", text),
    ("health", "person", "health", "健康状况", text),
    ("disability", "person", "disability", "残疾类别", text),
    ("labour_class", "person", "labour_class", "劳动技能", text),
    ("skill", "person", "skill", "技能", text),
    ("work_status", "person", "work_status", "就业渠道", text),
    ("work_region", "person", "work_region", "务工地域", work_region),
    ("work_place", "person", "work_place", "务工所在地", text),
    ("employer", "person", "employer", "务工企业名称", text),
    ("months_worked", "person", "months_worked", "务工时间（月）", months),
    ("monthly_income", "person", "monthly_income", "月收入", income),
    ("phone", "person", "phone", "联系电话", raw),
    ("household_no", "household", "household_no", "户编号", text),
    ("household_phone", "household", "phone", "户联系电话", raw),
    ("head_name", "household", "head_name", "户主姓名", head_name),
    ("address", "household", "address", "家庭住址", text),
)

FIELDS: dict[str, Field] = {
    name: Field(name=name, entity=entity, prop=prop, label=label, convert=convert)
    for name, entity, prop, label, convert in _TABLE
}
"""Every field a column can be mapped to, by the name a mapping file uses."""
