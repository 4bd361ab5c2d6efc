"""Build the policy packs in resources/policies/ (``python tools/build_policies.py``).

The reviewable source of each pack is a YAML file in tools/policies/ (one rule per entry,
each with its seed file, clause and quoted words); this script writes it as the Excel
workbook a county policy officer reads and edits (sheets 说明, 规则, 条件, 金额档次, 最低工资,
地区, 标签; layout in registry/policy/workbook.py) and checks the result loads cleanly.
The workbooks are written with fixed document dates, so a rebuild of an unchanged source
gives the same bytes (and pack digest) with the same openpyxl setup; whether openpyxl
serialises with lxml changes the bytes, not the cells (the test compares cells).
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import yaml
from openpyxl.styles import Alignment, Font

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from registry.policy.workbook import COLUMNS, header_of, load_pack  # noqa: E402

SOURCES = ROOT / "tools" / "policies"
OUT = ROOT / "resources" / "policies"
FIXED = datetime(2026, 11, 30)
ABOUT = (("编号", "id"), ("名称", "name_zh"), ("英文名称", "name_en"), ("发文机关", "issuer"),
         ("发布日期", "issued"), ("适用地区", "region"), ("说明", "note"))
WIDTHS = {"原文": 60, "说明": 40, "名称": 28, "来源": 40, "内容": 80}


def cell(value: Any) -> Any:
    """A YAML value as a workbook cell: lists joined by 、, dates as dates."""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return value


def rows_of(spec: dict[str, Any]) -> dict[str, list[list[Any]]]:
    """Every sheet's data rows of one pack source."""
    pack = spec["pack"]
    sheets: dict[str, list[list[Any]]] = {
        "说明": [[zh, cell(pack.get(key, ""))] for zh, key in ABOUT],
        "规则": [], "条件": [], "金额档次": [], "最低工资": [], "地区": [], "标签": []}
    for rule in spec["rules"]:
        sheets["规则"].append([cell(rule.get(k, "")) for k, _ in COLUMNS["规则"]])
        for cond in rule.get("conditions", []):
            sheets["条件"].append([rule["id"], cond["condition"], cell(cond.get("value", "是")),
                                 cond.get("note", "")])
        for tier in rule["amounts"]:
            sheets["金额档次"].append([rule["id"], tier.get("tier", ""), tier["basis"],
                                   tier.get("value"), tier["per"], tier.get("note", "")])
    for key, sheet in (("minimum_wages", "最低工资"), ("regions", "地区"), ("labels", "标签")):
        for item in spec.get(key, []):
            sheets[sheet].append([cell(item.get(k, "")) for k, _ in COLUMNS[sheet]])
    return sheets


def workbook_bytes(spec: dict[str, Any]) -> bytes:
    """The pack workbook of one source, as reproducible bytes."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet, rows in rows_of(spec).items():
        ws = book.create_sheet(sheet)
        ws.append(header_of(sheet))
        for c in ws[1]:
            c.font = Font(bold=True)
        for row in rows:
            ws.append(row)
        for i, title in enumerate(header_of(sheet), start=1):
            letter = openpyxl.utils.get_column_letter(i)
            ws.column_dimensions[letter].width = WIDTHS.get(title, 14)
            for c in ws[letter][1:]:
                c.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(c.value, datetime):
                    c.number_format = "yyyy-mm-dd"
        ws.freeze_panes = "A2"
    book.properties.created = book.properties.modified = FIXED
    raw = io.BytesIO()
    book.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with fixed member dates, so unchanged sources give identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                              rb"\g<1>2026-11-30T00:00:00Z", body)
            dst.writestr(fixed, body)
    return out.getvalue()


def build(source: Path, folder: Path) -> Path:
    """Write the workbook of one source into ``folder`` and check it loads."""
    spec = yaml.safe_load(source.read_text(encoding="utf-8"))
    data = workbook_bytes(spec)
    pack = load_pack(data)
    path = folder / f"{pack.id}.xlsx"
    path.write_bytes(data)
    return path


def main() -> int:
    """Build every pack of tools/policies/ into resources/policies/."""
    OUT.mkdir(parents=True, exist_ok=True)
    for source in sorted(SOURCES.glob("*.yaml")):
        print(build(source, OUT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
