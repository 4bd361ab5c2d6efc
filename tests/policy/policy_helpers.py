"""Helpers for the policy tests: run the CLI, copy and edit pack workbooks, make county packs."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl

from registry.policy import BUILTIN_DIR
from registry.policy.workbook import header_of

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "cases"
SEEDS = Path(__file__).resolve().parent / "seeds"


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m registry.policy ARGS`` from the repository root."""
    return subprocess.run([sys.executable, "-m", "registry.policy", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def edited_pack(name: str, edits: dict[tuple[str, str], Any]) -> bytes:
    """The built-in pack ``name`` with cells changed: {(sheet, "G3"): value}; a value of
    ``DELETE_SHEET`` removes the sheet."""
    book = openpyxl.load_workbook(BUILTIN_DIR / f"{name}.xlsx")
    for (sheet, ref), value in edits.items():
        if value is DELETE_SHEET:
            del book[sheet]
        else:
            book[sheet][ref] = value
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


DELETE_SHEET = object()


def county_pack(*, pack_id: str, region: str, issued: datetime,
                rules: list[dict[str, Any]], wages: list[list[Any]] | None = None,
                labels: list[list[str]] | None = None) -> bytes:
    """A county-made pack written with openpyxl the way an officer would fill the sheets."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    about = book.create_sheet("说明")
    about.append(header_of("说明"))
    for row in (["编号", pack_id], ["名称", "县级测试政策"], ["发文机关", "测试县人社局"],
                ["发布日期", issued], ["适用地区", region], ["说明", "测试用县级政策包（合成数据）"]):
        about.append(row)
    sheets = {name: book.create_sheet(name) for name in ("规则", "条件", "金额档次", "最低工资")}
    for name, sheet in sheets.items():
        sheet.append(header_of(name))
    for rule in rules:
        sheets["规则"].append([rule.get(k, "") for k in (
            "id", "kind", "name_zh", "name_en", "subject", "region", "valid_from", "valid_to",
            "groups", "tier_by", "frequency", "exclusions", "seed", "clause", "quote")])
        for cond in rule.get("conditions", []):
            sheets["条件"].append([rule["id"], *cond])
        for amount in rule["amounts"]:
            sheets["金额档次"].append([rule["id"], *amount])
    for row in wages or []:
        sheets["最低工资"].append(row)
    if labels:
        sheet = book.create_sheet("标签")
        sheet.append(header_of("标签"))
        for row in labels:
            sheet.append(row)
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


WUYUAN_2026_TRANSPORT = {
    "id": "wy2026_transport", "kind": "one_time_transport_subsidy",
    "name_zh": "2026年跨省务工一次性交通补助", "subject": "个人",
    "valid_from": datetime(2026, 1, 1), "valid_to": datetime(2026, 12, 31),
    "groups": "脱贫人口、监测对象", "frequency": "每年一次",
    "seed": "测试县2026年文件（合成）", "clause": "一（一）",
    "quote": "对省外稳定就业3个月以上的脱贫人口（含监测对象）每人每年给予一次性交通补助600元。",
    "conditions": [["work_region", "省外", ""], ["stable_months", 3, ""]],
    "amounts": [["", "定额", 600, "人", ""]],
}
