"""Policy packs as Excel workbooks: the layout, reading, and checking with sheet/row/column.

A pack is one ``.xlsx`` a county policy officer can read and edit. Sheets (header in row 1):

- 说明: two columns 项目 | 内容 with the rows 编号 (pack id), 名称, 英文名称, 发文机关,
  发布日期, 适用地区 (division-code prefixes, or 全国), 说明.
- 规则: one rule per row (编号, 类型, 名称, 英文名称, 对象, 地区, 生效日期, 截止日期, 帮扶对象,
  档次依据, 频次, 不得同时享受, 来源文件, 条款, 原文). 地区 blank means the pack's region;
  ``名单:NAME`` refers to a list of the 地区 sheet.
- 条件: 规则 | 条件 | 取值 | 说明, one condition per row.
- 金额档次: 规则 | 档次 | 方式 | 金额 | 单位 | 说明. 方式 is 定额, 不超过, 工资比例 (金额 is a
  percentage: 15 or 15%), 最低工资 (the local minimum wage is the cap) or 未明确 (the source
  says 按规定 and states no amount). 单位 is 次, 人, 户, 天 or 月.
- 最低工资: 地区 | 地区名称 | 档次 | 月最低工资 | 生效日期 | 截止日期 | 来源 | 确认人 | 确认日期.
- 地区: 名单 | 代码 | 名称 | 来源 (named lists of divisions, and the names of codes).
- 标签: 标签 | 显示名称 | 英文 (a pack may rename a group, e.g. 监测对象 → 防止返贫致贫对象).

``check_pack(data)`` returns every problem with its sheet, row and column;
``load_pack(data)`` returns a :class:`Pack` or raises :class:`PackError` with them.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from registry.errors import BangfuError
from registry.labour import LABOUR_CLASSES
from registry.policy.model import (
    GROUP_ALIASES,
    GROUPS,
    RULE_KINDS,
    SHEET_CONDITIONS,
    WORK_REGIONS,
    Condition,
    MinimumWage,
    Pack,
    Rule,
    Source,
    Tier,
)

#: Sheet name -> its columns (key, header). The headers are what the officer sees.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "说明": (("item", "项目"), ("value", "内容")),
    "规则": (("id", "编号"), ("kind", "类型"), ("name_zh", "名称"), ("name_en", "英文名称"),
           ("subject", "对象"), ("region", "地区"), ("valid_from", "生效日期"),
           ("valid_to", "截止日期"), ("groups", "帮扶对象"), ("tier_by", "档次依据"),
           ("frequency", "频次"), ("exclusions", "不得同时享受"), ("seed", "来源文件"),
           ("clause", "条款"), ("quote", "原文")),
    "条件": (("rule", "规则"), ("condition", "条件"), ("value", "取值"), ("note", "说明")),
    "金额档次": (("rule", "规则"), ("tier", "档次"), ("basis", "方式"), ("value", "金额"),
             ("per", "单位"), ("note", "说明")),
    "最低工资": (("region", "地区"), ("region_name", "地区名称"), ("tier", "档次"),
             ("amount", "月最低工资"), ("valid_from", "生效日期"), ("valid_to", "截止日期"),
             ("source", "来源"), ("confirmed_by", "确认人"), ("confirmed_on", "确认日期")),
    "地区": (("list", "名单"), ("code", "代码"), ("name", "名称"), ("source", "来源")),
    "标签": (("key", "标签"), ("zh", "显示名称"), ("en", "英文")),
}
REQUIRED_SHEETS = ("说明", "规则", "金额档次")
ABOUT_ITEMS = {"编号": "id", "名称": "name_zh", "英文名称": "name_en", "发文机关": "issuer",
               "发布日期": "issued", "适用地区": "region", "说明": "note"}

SUBJECT_WORDS = {"个人": "person", "户": "household", "用人单位": "employer",
                 "服务机构": "agency", "公益性岗位": "post"}
TIER_BY_WORDS = {"": "", "务工地域": "work_region", "务工目的地": "destination",
                 "单位类型": "subject_kind"}
FREQUENCY_WORDS = {"": "", "每年一次": "once_a_year", "一次性": "once"}
BASIS_WORDS = {"定额": "fixed", "不超过": "cap", "工资比例": "share_of_wages",
               "最低工资": "minimum_wage", "未明确": "not_stated"}
PER_WORDS = {"次": "once", "人": "person", "户": "household", "天": "day", "月": "month"}
YES_WORDS = {"是": True, "否": False, "": True, True: True, False: False}
INT_CONDITIONS = ("stable_months", "min_people", "min_months", "max_agreement_months")
LIST_CONDITIONS = {"labour": LABOUR_CLASSES, "work_region": WORK_REGIONS,
                   "subject_kind": None, "training_kind": None}
NATIONAL = "全国"
_SPLIT = re.compile(r"[、,，;；\s]+")
_ID = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
_CODE = re.compile(r"^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$")
_EXCLUSION = re.compile(r"^([a-z_]+)(?:[（(](\d{4})年?[)）])?$")


@dataclass(frozen=True, slots=True)
class PackProblem:
    """One problem of a pack workbook, where it is and what is wrong (Chinese and English)."""

    sheet: str
    row: int
    column: str
    header: str
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        where = f"{self.sheet} 第{self.row}行" + (f" {self.column}列（{self.header}）"
                                                  if self.column else "")
        return f"{where}：{self.message_zh}"


class PackError(BangfuError):
    """A pack workbook has problems; ``problems`` names each one's sheet, row and column."""

    def __init__(self, problems: list[PackProblem]) -> None:
        super().__init__(problems)
        self.problems = problems
        self.message_zh = "政策包有错误：" + "；".join(str(p) for p in problems[:5])
        self.message_en = f"The policy pack has {len(problems)} problem(s)"


@dataclass
class _Cell:
    sheet: str
    row: int
    column: str
    header: str
    value: Any


@dataclass
class _Reader:
    """Collects problems while reading one workbook."""

    problems: list[PackProblem] = field(default_factory=list)

    def fail(self, cell: _Cell, zh: str, *, en: str) -> None:
        self.problems.append(PackProblem(cell.sheet, cell.row, cell.column, cell.header, zh, en))

    def text(self, cell: _Cell, *, required: bool = False) -> str:
        value = cell.value
        text = "" if value is None else str(value).strip()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if required and not text:
            self.fail(cell, "不能为空", en="must not be empty")
        return text

    def day(self, cell: _Cell, *, required: bool = False) -> date | None:
        value = cell.value
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = self.text(cell, required=required)
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.fail(cell, "日期格式应为 YYYY-MM-DD", en="a date must be YYYY-MM-DD")
            return None

    def number(self, cell: _Cell, *, required: bool = False) -> float | None:
        value = cell.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            if value < 0:
                self.fail(cell, "不能为负数", en="must not be negative")
            return float(value)
        text = self.text(cell, required=required)
        if not text:
            return None
        try:
            number = float(text.rstrip("%％")) / (100 if text[-1] in "%％" else 1)
        except ValueError:
            self.fail(cell, "应为数字", en="must be a number")
            return None
        if number < 0:
            self.fail(cell, "不能为负数", en="must not be negative")
        return number

    def word(self, cell: _Cell, words: dict[Any, Any]) -> Any:
        text = self.text(cell)
        if text in words:
            return words[text]
        if text in words.values() and text:
            return text
        allowed = "、".join(str(w) for w in words if w != "" and isinstance(w, str))
        self.fail(cell, f"应为：{allowed}", en=f"must be one of: {allowed}")
        return None


def _rows(book: Any, sheet: str, *, reader: _Reader) -> Iterator[dict[str, _Cell]]:
    """Each non-empty data row of ``sheet`` as {key: cell}; missing columns are problems."""
    if sheet not in book.sheetnames:
        if sheet in REQUIRED_SHEETS:
            reader.problems.append(PackProblem(sheet, 1, "", "", "缺少此工作表",
                                               "the sheet is missing"))
        return
    ws = book[sheet]
    header = [str(c.value).strip() if c.value is not None else "" for c in ws[1]]
    where = {}
    for key, title in COLUMNS[sheet]:
        if title in header:
            where[key] = header.index(title)
        else:
            column = get_column_letter(len(header) + 1)
            reader.problems.append(PackProblem(sheet, 1, column, title, f"缺少列“{title}”",
                                               f"the column {title!r} is missing"))
    for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        yield {key: _Cell(sheet, number, get_column_letter(i + 1), header[i],
                          values[i] if i < len(values) else None)
               for key, i in where.items()}


def check_pack(data: bytes) -> list[PackProblem]:
    """Every problem of the pack workbook ``data`` (empty if it loads cleanly)."""
    try:
        load_pack(data)
    except PackError as exc:
        return exc.problems
    return []


def load_pack(data: bytes) -> Pack:
    """The pack in the workbook bytes ``data``; raise :class:`PackError` naming each problem."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise PackError([PackProblem("", 0, "", "", "不是有效的 Excel 工作簿（.xlsx）",
                                     f"not an Excel workbook: {type(exc).__name__}")]) from None
    reader = _Reader()
    about = _about(book, reader)
    lists, names = _regions(book, reader)
    labels = _labels(book, reader)
    rules = _rules(book, reader, about=about, lists=lists, labels=labels)
    wages = _minimum_wages(book, reader)
    book.close()
    if reader.problems:
        raise PackError(reader.problems)
    return Pack(about["id"], about["name_zh"], about.get("name_en", ""), about["issuer"],
                about["issued"], about["region"], rules, wages, names, labels,
                about.get("note", ""), hashlib.sha256(data).hexdigest())


def _about(book: Any, reader: _Reader) -> dict[str, Any]:
    found: dict[str, _Cell] = {}
    for row in _rows(book, "说明", reader=reader):
        item = reader.text(row["item"]) if "item" in row else ""
        if item in ABOUT_ITEMS and "value" in row:
            found[ABOUT_ITEMS[item]] = row["value"]
    about: dict[str, Any] = {"id": "", "name_zh": "", "issuer": "", "issued": date.min,
                             "region": ()}
    for item, key in ABOUT_ITEMS.items():
        if key in ("name_en", "note"):
            about[key] = reader.text(found[key]) if key in found else ""
        elif key not in found:
            reader.problems.append(PackProblem("说明", 1, "A", "项目", f"缺少“{item}”一行",
                                               f"the row {item!r} is missing"))
    if "id" in found:
        about["id"] = reader.text(found["id"], required=True)
        if about["id"] and not _ID.match(about["id"]):
            reader.fail(found["id"], "编号只能用小写英文字母、数字和下划线",
                        en="the id uses lower-case letters, digits and _ only")
    for key in ("name_zh", "issuer"):
        if key in found:
            about[key] = reader.text(found[key], required=True)
    if "issued" in found:
        about["issued"] = reader.day(found["issued"], required=True) or date.min
    if "region" in found:
        about["region"] = _codes(reader, found["region"], lists={}) or ()
    return about


def _codes(reader: _Reader, cell: _Cell, *, lists: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Division-code prefixes of a region cell (``全国``, codes, or ``名单:NAME``)."""
    out: list[str] = []
    for token in _SPLIT.split(reader.text(cell, required=True)):
        if not token:
            continue
        if token == NATIONAL:
            out.append("")
        elif token.startswith(("名单:", "名单：")):
            name = token[3:]
            if name not in lists:
                reader.fail(cell, f"地区工作表中没有名单“{name}”", en=f"no list {name!r} in 地区")
            out.extend(lists.get(name, ()))
        elif _CODE.match(token):
            out.append(token)
        else:
            reader.fail(cell, f"“{token}”不是行政区划代码（2、4、6、9或12位数字）、全国或“名单:名称”",
                        en="not a division code, 全国 or 名单:NAME")
    return tuple(out)


def _regions(book: Any, reader: _Reader) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Named lists of division codes (each row of a list needs its source) and code names."""
    lists: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for row in _rows(book, "地区", reader=reader):
        if len(row) < len(COLUMNS["地区"]):
            continue
        code = reader.text(row["code"], required=True)
        if code and not _CODE.match(code):
            reader.fail(row["code"], "应为2、4、6、9或12位数字的行政区划代码",
                        en="must be a division code of 2, 4, 6, 9 or 12 digits")
        name = reader.text(row["name"], required=True)
        if list_name := reader.text(row["list"]):
            lists.setdefault(list_name, []).append(code)
            reader.text(row["source"], required=True)
        names[code] = name
    return {k: tuple(v) for k, v in lists.items()}, names


def _labels(book: Any, reader: _Reader) -> dict[str, tuple[str, str]]:
    labels: dict[str, tuple[str, str]] = {}
    for row in _rows(book, "标签", reader=reader):
        if len(row) < len(COLUMNS["标签"]):
            continue
        key = reader.text(row["key"], required=True)
        if key and key not in GROUPS:
            reader.fail(row["key"], "可改名的标签为：" + "、".join(GROUPS),
                        en="labels that can be renamed: the groups")
        labels[key] = (reader.text(row["zh"], required=True), reader.text(row["en"]))
    return labels


def _rules(book: Any, reader: _Reader, *, about: dict[str, Any],
           lists: dict[str, tuple[str, ...]], labels: dict[str, tuple[str, str]]
           ) -> tuple[Rule, ...]:
    heads: dict[str, dict[str, Any]] = {}
    for row in _rows(book, "规则", reader=reader):
        if len(row) < len(COLUMNS["规则"]):
            continue
        head = _rule_head(reader, row, about=about, lists=lists, labels=labels)
        if head["id"] in heads:
            reader.fail(row["id"], "规则编号重复", en="duplicate rule id")
        heads[head["id"]] = head
    conditions = _conditions(book, reader, heads=heads)
    tiers = _tiers(book, reader, heads=heads)
    rules = []
    for rid, head in heads.items():
        if not tiers.get(rid):
            reader.fail(head["_cell"], "此规则在“金额档次”中没有金额行（未写明金额的填“未明确”）",
                        en="the rule has no row in 金额档次 (use 未明确 if no amount is stated)")
        head.pop("_cell")
        rules.append(Rule(**head, conditions=tuple(conditions.get(rid, ())),
                          tiers=tuple(tiers.get(rid, ())), pack_id=about["id"],
                          issued=about["issued"]))
    return tuple(rules)


def _rule_head(reader: _Reader, row: dict[str, _Cell], *, about: dict[str, Any],
               lists: dict[str, tuple[str, ...]], labels: dict[str, tuple[str, str]]
               ) -> dict[str, Any]:
    rid = reader.text(row["id"], required=True)
    if rid and not _ID.match(rid):
        reader.fail(row["id"], "编号只能用小写英文字母、数字和下划线", en="lower-case letters, digits, _")
    kind = reader.text(row["kind"], required=True)
    if kind and kind not in RULE_KINDS:
        reader.fail(row["kind"], "未知的规则类型，应为：" + "、".join(RULE_KINDS), en="unknown rule kind")
    region = (_codes(reader, row["region"], lists=lists) if reader.text(row["region"])
              else about["region"])
    outside = [c for c in region if not any(c.startswith(p) for p in about["region"])]
    if outside and about["region"]:
        reader.fail(row["region"], f"地区 {outside[0]} 不在政策包的适用地区内（说明工作表）",
                    en="the rule's region lies outside the pack's region")
    valid_from = reader.day(row["valid_from"], required=True) or date.min
    valid_to = reader.day(row["valid_to"])
    if valid_to and valid_to < valid_from:
        reader.fail(row["valid_to"], "截止日期早于生效日期", en="ends before it starts")
    return {
        "id": rid, "kind": kind, "name_zh": reader.text(row["name_zh"], required=True),
        "name_en": reader.text(row["name_en"]), "subject": reader.word(row["subject"], SUBJECT_WORDS),
        "region": region, "valid_from": valid_from, "valid_to": valid_to,
        "groups": _groups(reader, row["groups"], labels=labels), "tier_by": reader.word(row["tier_by"], TIER_BY_WORDS),
        "frequency": reader.word(row["frequency"], FREQUENCY_WORDS),
        "exclusions": _exclusions(reader, row["exclusions"]),
        "source": Source(reader.text(row["seed"], required=True),
                         reader.text(row["clause"], required=True),
                         reader.text(row["quote"], required=True)),
        "_cell": row["id"],
    }


def _groups(reader: _Reader, cell: _Cell, *, labels: dict[str, tuple[str, str]]) -> tuple[str, ...]:
    renamed = {zh: key for key, (zh, _en) in labels.items()}
    out: list[str] = []
    for token in filter(None, _SPLIT.split(reader.text(cell))):
        token = renamed.get(token, token)
        if token in GROUP_ALIASES:
            out.extend(GROUP_ALIASES[token])
        elif token in GROUPS:
            out.append(token)
        else:
            reader.fail(cell, f"未知的帮扶对象“{token}”，应为：" + "、".join(GROUPS) + "、三类人员",
                        en="unknown target group")
    return tuple(dict.fromkeys(out))


def _exclusions(reader: _Reader, cell: _Cell) -> tuple[tuple[str, int | None], ...]:
    out = []
    for token in filter(None, _SPLIT.split(reader.text(cell))):
        match = _EXCLUSION.match(token)
        if not match or match.group(1) not in RULE_KINDS:
            reader.fail(cell, f"“{token}”应为规则类型，可加年份，如 one_time_work_away_reward（2021年）",
                        en="must be a rule kind, optionally with a year")
            continue
        out.append((match.group(1), int(match.group(2)) if match.group(2) else None))
    return tuple(out)


def _conditions(book: Any, reader: _Reader, *, heads: dict[str, dict[str, Any]]
                ) -> dict[str, list[Condition]]:
    out: dict[str, list[Condition]] = {}
    for row in _rows(book, "条件", reader=reader):
        if len(row) < len(COLUMNS["条件"]):
            continue
        rid = reader.text(row["rule"], required=True)
        if rid and rid not in heads:
            reader.fail(row["rule"], f"规则工作表中没有编号为“{rid}”的规则", en="no such rule")
        kind = reader.text(row["condition"], required=True)
        if kind and kind not in SHEET_CONDITIONS:
            reader.fail(row["condition"], "条件应为：" + "、".join(SHEET_CONDITIONS),
                        en="unknown condition kind")
            continue
        value = _condition_value(reader, row["value"], kind=kind)
        out.setdefault(rid, []).append(Condition(kind, value))
    return out


def _condition_value(reader: _Reader, cell: _Cell, *, kind: str) -> object:
    if kind in INT_CONDITIONS:
        number = reader.number(cell, required=True)
        if number is not None and (not number.is_integer() or number < 1):
            reader.fail(cell, "应为正整数", en="must be a positive whole number")
        return int(number or 0)
    if kind in LIST_CONDITIONS:
        values = tuple(filter(None, _SPLIT.split(reader.text(cell, required=True))))
        allowed = LIST_CONDITIONS[kind]
        for value in values:
            if allowed is not None and value not in allowed:
                reader.fail(cell, f"“{value}”应为：" + "、".join(allowed), en="not an allowed value")
        return values
    return reader.word(cell, YES_WORDS)


def _tiers(book: Any, reader: _Reader, *, heads: dict[str, dict[str, Any]]) -> dict[str, list[Tier]]:
    out: dict[str, list[Tier]] = {}
    for row in _rows(book, "金额档次", reader=reader):
        if len(row) < len(COLUMNS["金额档次"]):
            continue
        rid = reader.text(row["rule"], required=True)
        head = heads.get(rid)
        if rid and head is None:
            reader.fail(row["rule"], f"规则工作表中没有编号为“{rid}”的规则", en="no such rule")
        tier = _tier(reader, row, head=head)
        if tier is not None:
            out.setdefault(rid, []).append(tier)
    return out


def _tier(reader: _Reader, row: dict[str, _Cell], *, head: dict[str, Any] | None) -> Tier | None:
    basis = reader.word(row["basis"], BASIS_WORDS)
    per = reader.word(row["per"], PER_WORDS)
    value = reader.number(row["value"])
    if basis in ("fixed", "cap", "share_of_wages") and value is None:
        reader.fail(row["value"], "定额、不超过和工资比例须填写金额或比例", en="an amount is required")
    if basis in ("minimum_wage", "not_stated") and value is not None:
        reader.fail(row["value"], "“最低工资”和“未明确”不填金额（不得自行编造金额）",
                    en="no amount for minimum_wage or not_stated")
    if basis == "share_of_wages" and value is not None:
        value = value / 100 if value > 1 else value
    tier = reader.text(row["tier"])
    tier_by = head.get("tier_by") if head else ""
    if tier and not tier_by:
        reader.fail(row["tier"], "规则未填写“档次依据”，档次应留空", en="the rule has no tier_by")
    if tier_by and not tier:
        reader.fail(row["tier"], "规则按档次计算，须填写档次", en="the tier is required")
    elif tier_by == "work_region" and tier not in WORK_REGIONS:
        reader.fail(row["tier"], "档次应为务工地域：" + "、".join(WORK_REGIONS), en="a work region")
    if basis is None or per is None:
        return None
    return Tier(tier, basis, value, per)


def _minimum_wages(book: Any, reader: _Reader) -> tuple[MinimumWage, ...]:
    out = []
    for row in _rows(book, "最低工资", reader=reader):
        if len(row) < len(COLUMNS["最低工资"]):
            continue
        code = reader.text(row["region"], required=True)
        if code and not _CODE.match(code):
            reader.fail(row["region"], "应为行政区划代码", en="must be a division code")
        amount = reader.number(row["amount"], required=True)
        if amount is not None and (amount < 100 or not amount.is_integer()):
            reader.fail(row["amount"], "月最低工资应为整数元（不少于100）", en="whole yuan, at least 100")
        start, end = reader.day(row["valid_from"], required=True), reader.day(row["valid_to"])
        if start and end and end < start:
            reader.fail(row["valid_to"], "截止日期早于生效日期", en="ends before it starts")
        who, when = reader.text(row["confirmed_by"]), reader.day(row["confirmed_on"])
        if bool(who) != bool(when):
            reader.fail(row["confirmed_by"] if not who else row["confirmed_on"],
                        "确认人和确认日期须同时填写", en="who confirmed and when go together")
        out.append(MinimumWage(code, reader.text(row["region_name"]), reader.text(row["tier"]),
                               int(amount or 0), start or date.min, end,
                               reader.text(row["source"], required=True), who, when))
    return tuple(out)


def header_of(sheet: str) -> list[str]:
    """The header row of ``sheet`` as an officer sees it."""
    return [title for _key, title in COLUMNS[sheet]]

