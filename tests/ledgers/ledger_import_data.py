"""Synthetic county ledgers for the import tests: real files written by csv and openpyxl."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bangfu_testdata import PASSPHRASE, make_id

from registry.store import Store

HEADERS = ["序号", "户编号", "姓名", "身份证号", "性别", "与户主关系", "劳动技能", "务工所在地",
           "务工时间（月）", "务工企业名称", "月收入", "联系电话"]

ROOT = Path(__file__).resolve().parents[2]

RARE_NAMES = ("刘䶮", "王𠀀明")
"""Names with characters outside GBK (GB18030 only)."""


def person_rows(*, rare: bool = True) -> list[list[Any]]:
    """Five people in two households (H1: three, H2: two); rows without the header."""
    first, second = RARE_NAMES if rare else ("刘岩", "王小明")
    return [
        [1, "H0001", "张建国", make_id(birth="19700102", seq="111"), "男", "户主", "普通劳动力",
         "省外", 10, "深圳某电子厂", 4500, "13800138001"],
        [2, "H0001", "李秀英", make_id(birth="19720304", seq="222"), "女", "配偶", "普通劳动力",
         "县内", 6, "", 2000, ""],
        [3, "H0001", first, make_id(birth="19980506", seq="331"), "男", "之子", "技能劳动力",
         "省内县外", 12, "南昌某物流公司", 5200, "13900139003"],
        [4, "H0002", second, make_id(birth="19650708", seq="441"), "男", "户主", "弱劳动力或半劳动力",
         "", "", "", "", ""],
        [5, "H0002", "赵芳", make_id(birth="19680910", seq="552"), "女", "配偶", "普通劳动力",
         "县内", 8, "婺源某茶厂", 1800, ""],
    ]


def write_csv(path: Path, rows: list[list[Any]], *, encoding: str,
              headers: list[str] | None = None) -> Path:
    """Write a CSV with Python's csv module in ``encoding``."""
    with open(path, "w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers or HEADERS)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[Any]], *, title: str | None = None,
               headers: list[str] | None = None) -> Path:
    """Write an .xlsx with openpyxl (a title row above the header if ``title``)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    if title:
        sheet.append([title])
    sheet.append(headers or HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def counts(store: Store) -> tuple[int, int, int]:
    """Entity, journal and search-key row counts: what a refused import must not change
    (the audit entries every unlock adds, registry.audit, aside)."""
    return tuple(store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                 for table in ("entity WHERE list != 'audit'", "journal WHERE list != 'audit'",
                               "search_key"))  # type: ignore[return-value]


def run(*args: str, passphrase: str = PASSPHRASE) -> subprocess.CompletedProcess[str]:
    """``python -m registry.ledgers ARGS`` from the repository root, passphrase in the env."""
    env = {**os.environ, "BANGFU_PASSPHRASE": passphrase}
    return subprocess.run([sys.executable, "-m", "registry.ledgers", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
