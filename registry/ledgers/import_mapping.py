"""Which column of a ledger fills which Bangfu field.

The header row is found among the first rows (a title row often sits above it); each header
is matched against the national export's headers and the ones county ledgers commonly use.
Two headers mean different fields in different ledgers, and the column's values decide
(:func:`guess_mapping` with the data rows): 务工地点 (务工地, 务工所在地 …) is the place,
free text, unless every value is a 务工地域 (县内, 省内县外, 省外 …); 户主 is the head's
name unless every value is a yes/no mark (是, √ …), then 是否户主.

A mapping confirmed by an import is remembered per template (the exact header row) in the
profile's settings, so the next ledger of the same template maps the same way. A mapping
file (JSON ``{"header": "field" or null}``) overrides both.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from registry.ledgers.import_decoding import LedgerFileError
from registry.ledgers.import_fields import FIELDS, is_mark, is_work_region
from registry.ledgers.import_tables import Cell, column_letter
from registry.store import Store
from registry.text import FULLWIDTH_TO_ASCII

HEADER_SEARCH_ROWS = 10
META_PREFIX = "ledger_mapping."
FOOTER = re.compile(r"^(合计|总计|小计|共计|填表人|填报人|制表人|审核人|负责人|统计人|备注)")
"""A cell that begins a footer line below the data (合计, 填表人 …)."""

SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "成员姓名", "人员姓名", "劳动力姓名", "务工人员姓名", "帮扶对象姓名", "成员名字",
             "家庭成员姓名"),
    "id_number": ("证件号码", "身份证号", "身份证号码", "公民身份号码", "身份证件号码", "证件号",
                  "身份证", "成员证件号码"),
    "sex": ("性别",),
    "birth_date": ("出生日期", "出生年月日", "出生年月"),
    "relation": ("与户主关系", "家庭关系", "与户主的关系"),
    "is_head": ("是否户主", "是否为户主"),
    "ethnicity": ("民族",),
    "education": ("文化程度", "学历"),
    "political_status": ("政治面貌",),
    "health": ("健康状况",),
    "disability": ("残疾类别", "残疾类型"),
    "labour_class": ("劳动技能", "劳动力类型", "劳动能力"),
    "skill": ("技能", "掌握技能", "技能特长", "专业技能"),
    "work_status": ("就业渠道", "就业方式", "就业形式"),
    "work_region": ("务工地域", "务工区域", "外出务工地域"),
    "work_place": ("务工所在地", "务工地点", "务工地址", "就业地点", "务工地"),
    "employer": ("务工企业名称", "务工单位", "就业单位", "工作单位", "务工企业", "用工单位",
                 "务工单位名称", "就业单位名称"),
    "months_worked": ("务工时间(月)", "务工时间", "务工月数", "务工时长(月)", "外出务工时间(月)",
                      "就业时间(月)", "务工时长", "务工月份数", "外出务工月数", "外出务工月份数"),
    "monthly_income": ("月收入", "月均收入", "务工月收入", "月工资", "月均工资", "务工收入(元/月)",
                       "月收入(元)", "月均收入(元)", "月工资(元)"),
    "phone": ("联系电话", "成员联系电话", "手机号", "手机号码", "本人联系电话", "电话", "联系方式"),
    "household_no": ("户编号", "户号", "家庭编号"),
    "household_phone": ("户联系电话",),
    "head_name": ("户主姓名", "户主"),
    "address": ("家庭住址", "住址", "家庭地址"),
}
"""Headers (normalised by ``normalise_header``) that map to each field."""

_BY_HEADER = {header: name for name, headers in SYNONYMS.items() for header in headers}


def normalise_header(cell: Cell) -> str:
    """A header as compared: ASCII parentheses, no spaces, line breaks or ``*`` marks."""
    value = "" if cell is None else str(cell)
    return re.sub(r"[\s*＊]", "", value.translate(FULLWIDTH_TO_ASCII))


def guess_field(header: Cell) -> str | None:
    """The field a header names, if it is a known one."""
    return _BY_HEADER.get(normalise_header(header))


def find_header_row(rows: list[tuple[int, list[Cell]]]) -> int:
    """The index in ``rows`` of the header row: the first of the first rows naming at
    least two known fields, else the first row."""
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if sum(guess_field(c) is not None for c in cells) >= 2:
            return index
    return 0


def header_block(rows: list[tuple[int, list[Cell]]]) -> tuple[int, int, list[str]]:
    """``(header index, first data index, headers)``. A second header row right below the
    first (sub-headers under a merged group title such as 务工情况, with no 姓名 of its own)
    is folded in: its non-empty cells replace the headers above them."""
    index = find_header_row(rows)
    headers = headers_of(rows[index][1])
    if index + 1 >= len(rows):
        return index, index + 1, headers
    below = headers_of(rows[index + 1][1])
    names = [i for i, h in enumerate(headers) if guess_field(h) == "name"]
    known_below = [i for i, h in enumerate(below) if h and guess_field(h) is not None]
    under_known = [i for i, h in enumerate(below) if h and guess_field(headers[i]
                                                                      if i < len(headers) else "")]
    if not known_below or under_known or any(i < len(below) and below[i] for i in names):
        return index, index + 1, headers
    width = max(len(headers), len(below))
    headers += [""] * (width - len(headers))
    merged = [below[i] if i < len(below) and below[i] else headers[i] for i in range(width)]
    return index, index + 2, merged


def headers_of(cells: list[Cell]) -> list[str]:
    """The header texts of a header row (blank headers as ``""``)."""
    return ["" if c is None else str(c).strip() for c in cells]


def template_key(headers: list[str]) -> str:
    """The settings key under which a template's mapping is remembered."""
    digest = hashlib.sha256(json.dumps([normalise_header(h) for h in headers],
                                       ensure_ascii=False).encode()).hexdigest()
    return META_PREFIX + digest[:24]


BY_VALUES: dict[str, tuple[str, Callable[[Cell], bool]]] = {
    "work_place": ("work_region", is_work_region),
    "head_name": ("is_head", is_mark),
}
"""A column guessed as the key's field is the other field when every value fits it."""


def is_footer_line(cells: Sequence[Cell]) -> bool:
    """Whether a row has a cell beginning a footer (合计, 填表人 …)."""
    return any(isinstance(c, str) and FOOTER.match(c.strip()) for c in cells)


def guess_mapping(headers: list[str],
                  rows: Sequence[tuple[int, list[Cell]]] = ()) -> dict[int, str]:
    """Column index -> field for every header that names a known field (first one wins);
    with the data ``rows``, a column whose values all fit the field of :data:`BY_VALUES`
    maps to that field (unless another column has it), also when another column took the
    field its header names (户主姓名 and a 户主 column of 是/否)."""
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        name = guess_field(header)
        if name and name not in mapping.values():
            mapping[index] = name
    for index, header in enumerate(headers):
        name = guess_field(header) or ""
        other, fits = BY_VALUES.get(name, ("", None))
        if fits is None or other in mapping.values() or mapping.get(index, name) != name:
            continue
        values = [cells[index] for _, cells in rows if index < len(cells)
                  and cells[index] is not None and str(cells[index]).strip()
                  and not is_footer_line(cells)]
        if values and all(fits(value) for value in values):
            mapping[index] = other
    return mapping


def remembered_mapping(store: Store, headers: list[str]) -> dict[int, str] | None:
    """The mapping last used for this template in this profile, if any."""
    value = store.meta(template_key(headers))
    if not value:
        return None
    saved = json.loads(value)
    return {int(k): v for k, v in saved["mapping"].items() if v in FIELDS}


def remember_mapping(store: Store, headers: list[str], *, mapping: Mapping[int, str]) -> None:
    """Remember ``mapping`` for this template (the settings table; no personal data)."""
    value = {"headers": headers, "mapping": {str(k): v for k, v in sorted(mapping.items())}}
    store.set_meta(template_key(headers), json.dumps(value, ensure_ascii=False))


def load_mapping_file(path: Path) -> dict[str, str | None]:
    """Read a mapping file: a JSON object from header text to field name (or null: ignore)."""
    try:
        data: Any = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise LedgerFileError(f"映射文件无法读取或不是有效的 JSON（{type(exc).__name__}）",
                              "the mapping file cannot be read as JSON") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise LedgerFileError("映射文件应为 JSON 对象：{\"表头\": \"字段名\" 或 null}",
                              "the mapping file must be a JSON object header -> field")
    for header, name in data.items():
        if name is not None and name not in FIELDS:
            raise LedgerFileError(
                f"映射文件中“{header}”对应的字段“{name}”不存在；可用字段：" + "、".join(FIELDS),
                f"unknown field {name!r} in the mapping file")
    return data


def resolve_mapping(headers: list[str], *, remembered: Mapping[int, str] | None = None,
                    override: Mapping[str, str | None] | None = None,
                    rows: Sequence[tuple[int, list[Cell]]] = ()) -> dict[int, str]:
    """The mapping to use: the remembered one (else the guess from the headers and the data
    ``rows``), then the override file on top.

    Raises ``LedgerFileError`` for an override naming a header the file lacks, two columns
    mapped to one field, or no 姓名 column.
    """
    mapping = dict(remembered) if remembered else guess_mapping(headers, rows)
    wanted = {normalise_header(h): h for h in (override or {})}
    chosen: dict[int, str | None] = {}
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if key in wanted:
            chosen[index] = (override or {})[wanted.pop(key)]
    fields_chosen = {f for f in chosen.values() if f}
    mapping = {i: f for i, f in mapping.items() if i not in chosen and f not in fields_chosen}
    mapping.update({i: f for i, f in chosen.items() if f})
    if wanted:
        missing = "、".join(f"“{h}”" for h in wanted.values())
        raise LedgerFileError(f"映射文件中的列 {missing} 在表头中不存在",
                              "the mapping file names columns the header row lacks")
    _check_unique(headers, mapping)
    if "name" not in mapping.values():
        raise LedgerFileError("表头中没有找到“姓名”列；请检查表头，或用 --mapping 指定列的对应关系",
                              "no name column found; check the header row or give --mapping")
    return mapping


REQUIRED_FIELDS = ("name",)
"""Fields every import must map (the import wizard marks them)."""


def column_problems(headers: list[str], columns: Mapping[int, str]) -> list[str]:
    """What is wrong with a mapping chosen column by column (the import wizard), in words,
    naming the columns: a column the header row lacks, an unknown field, a field mapped
    twice, a required field (姓名) mapped nowhere. Empty: the mapping is fine."""
    problems = []
    taken: dict[str, int] = {}
    for index, name in sorted(columns.items()):
        if not 0 <= index < len(headers):
            problems.append(f"第 {index + 1} 列不在表头范围内")
            continue
        label = headers[index] or column_letter(index)
        if name not in FIELDS:
            problems.append(f"列“{label}”：字段“{name}”不存在")
        elif name in taken:
            problems.append(f"列“{headers[taken[name]] or column_letter(taken[name])}”和"
                            f"列“{label}”都对应字段“{FIELDS[name].label}”，一个字段只能对应一列")
        else:
            taken[name] = index
    problems.extend(f"必填字段“{FIELDS[name].label}”没有对应的列"
                    for name in REQUIRED_FIELDS if name not in taken)
    return problems


def checked_columns(headers: list[str], columns: Mapping[int, str]) -> dict[int, str]:
    """A mapping chosen column by column, checked by :func:`column_problems`;
    ``LedgerFileError`` lists every problem."""
    problems = column_problems(headers, columns)
    if problems:
        raise LedgerFileError("列对应有误：" + "；".join(problems),
                              f"the column mapping is wrong ({len(problems)} problems)")
    return dict(sorted(columns.items()))


def _check_unique(headers: list[str], mapping: Mapping[int, str]) -> None:
    seen: dict[str, int] = {}
    for index, name in sorted(mapping.items()):
        if name in seen:
            raise LedgerFileError(
                f"“{headers[seen[name]]}”和“{headers[index]}”两列都对应字段“{FIELDS[name].label}”，"
                "请用 --mapping 指定其中一列", f"two columns map to field {name}")
        seen[name] = index
