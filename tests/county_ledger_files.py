"""Synthetic ledger files for the county 台账 page tests (real CSV and .xlsx files).

Importable from any test folder (``tests/`` is on the path): the county page's pure tests and
its pytest-qt tests share these."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from bangfu_testdata import make_id

#: A county ledger's headers; 备注 maps to nothing, 劳动力 (the member's name here; in other
#: ledgers the labour class) is not a known header: the wizard's user maps it.
HEADERS = ["序号", "户编号", "劳动力", "身份证号", "性别", "与户主关系", "劳动技能", "务工所在地",
           "务工时间（月）", "月收入", "联系电话", "备注"]
NAME_COLUMN = 2


def rows(*, rare: bool = True) -> list[list[Any]]:
    """Four people in two households; 刘䶮 is outside GBK (GB18030 only) unless not ``rare``."""
    return [
        [1, "H0101", "张建国", make_id(birth="19700102", seq="111"), "男", "户主", "普通劳动力",
         "省外", 10, 4500, "13800138001", ""],
        [2, "H0101", "李秀英", make_id(birth="19720304", seq="222"), "女", "配偶", "普通劳动力",
         "县内", 6, 2000, "", "新增"],
        [3, "H0102", "刘䶮" if rare else "刘岩", make_id(birth="19980506", seq="331"), "男",
         "户主", "技能劳动力", "省内县外", 12, 5200, "13900139003", ""],
        [4, "H0102", "赵芳", make_id(birth="19680910", seq="552"), "女", "配偶", "普通劳动力",
         "县内", 8, 1800, "", ""],
    ]


def village_rows(first: str, second: str, *, seq: str = "9001") -> list[list[Any]]:
    """:func:`rows` with 户编号 as Bangfu gives them: household H0101 numbered in village
    ``first``, H0102 in village ``second`` (12-digit codes, then ``seq``)."""
    data = rows()
    for row in data:
        row[1] = {"H0101": first, "H0102": second}[row[1]] + seq
    return data


def write_csv(path: Path, data: list[list[Any]], *, encoding: str,
              headers: list[str] | None = None) -> Path:
    """A CSV written by Python's csv module in ``encoding`` (utf-8, utf-8-sig, gbk ...)."""
    with open(path, "w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers or HEADERS)
        writer.writerows(data)
    return path


def write_xlsx(path: Path, data: list[list[Any]], *, title: str | None = None) -> Path:
    """An .xlsx written by openpyxl, with a title row above the headers if ``title``."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    if title:
        sheet.append([title])
    sheet.append(HEADERS)
    for row in data:
        sheet.append(row)
    book.save(path)
    return path


def mojibake(text: str) -> str:
    """GBK text once read as Latin-1 and saved again (``ÕÅ½¨¹ú``)."""
    return text.encode("gbk").decode("latin-1")


def write_damaged(path: Path) -> Path:
    """A UTF-8 CSV whose third person's name lost bytes (``锟斤拷``): row 4, column C."""
    data = rows(rare=False)
    data[2][2] = "刘锟斤拷"
    return write_csv(path, data, encoding="utf-8")


def write_mojibake(path: Path) -> Path:
    """A UTF-8 CSV whose last two names are Latin-1 mojibake of GBK (repairable)."""
    data = rows(rare=False)
    for row in data[2:]:
        row[2] = mojibake(row[2])
    return write_csv(path, data, encoding="utf-8")
