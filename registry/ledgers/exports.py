"""Ledger exports: ``write_export(store, kind, out, month=..., area=..., unmasked=...)``.

Kinds (``KINDS``):

* ``village-monthly``: the village monthly ledger, one row per labour-force member
  (``export_village``);
* ``township-changes``: the month's changes per person for the provincial system
  (``export_changes``);
* ``national-persons``: the national person export, 47 columns (``national``), after the
  checks county staff are held to (疑点数据); with findings it is refused
  (:class:`ExportRefused`, nothing written) unless ``export_anyway=True``, and the findings
  are then written on a sheet of their own (.xlsx) or a sibling file ``<stem>_疑点数据.csv``;
* ``subsidy-list``: the county's subsidy list from the claims ledger (``export_subsidy``),
  of a month ``YYYY-MM``, a year ``YYYY`` or (no month) every period; the kind
  ``subsidy-list:<rule id>`` (:func:`subsidy_kind`) lists that rule's claims only.

The file type follows the suffix of ``out`` (.xlsx or .csv, see ``export_sheet``). ID and
phone numbers are masked unless ``unmasked=True``; the caller decides who may ask for that
and records it: the returned :class:`ExportResult` is the number of data rows written and
also carries ``kind``, ``masked``, ``month``, ``area`` and the ``paths`` written, for the
audit of unmasked exports. Bad arguments raise ``ValidationError`` naming the argument, and
nothing is written; so does an ``area`` outside the profile's own (:func:`export_area`): a
profile holds only its own area's records, so such an export would be an empty file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from registry.errors import BangfuError, ValidationError
from registry.ledgers import export_changes, export_subsidy, export_village, national
from registry.ledgers.export_sheet import Book, check_target, open_book
from registry.ledgers.export_source import Month, area_prefix, households, parse_month, people
from registry.ledgers.kinds import KINDS
from registry.store import Store

FINDINGS_SHEET = "疑点数据"
SUBSIDY = "subsidy-list"
_YEAR = re.compile(r"^\d{4}$")


class ExportResult(int):
    """The number of data rows written, with what the audit of an export needs."""

    kind: str
    masked: bool
    month: str | None
    area: str
    paths: tuple[Path, ...]
    findings: int

    def __new__(cls, rows: int, **facts: Any) -> ExportResult:
        """``ExportResult(rows, kind=..., masked=..., month=..., area=..., paths=...,
        findings=...)``."""
        result = super().__new__(cls, rows)
        for name, value in facts.items():
            setattr(result, name, value)
        return result


class ExportRefused(BangfuError):
    """The checks found 疑点数据: the national export is refused unless exported anyway."""

    def __init__(self, findings: list[national.Finding]) -> None:
        super().__init__(len(findings))
        self.findings = findings
        counts: dict[str, int] = {}
        for finding in findings:
            counts[finding.rule] = counts.get(finding.rule, 0) + 1
        summary = "，".join(f"{rule} {n} 条" for rule, n in counts.items())
        self.message_zh = (f"发现 {len(findings)} 条疑点数据（{summary}），未导出。"
                           "请先核实更正；确需导出请选择“仍要导出”，疑点将另列一表")
        self.message_en = (f"{len(findings)} findings of the national checks; nothing exported. "
                           "Fix them, or export anyway (the findings get a sheet of their own)")


def write_export(store: Store, kind: str, out: Path, *, month: str | None, area: str | None,
                 unmasked: bool, export_anyway: bool = False,
                 today: date | None = None) -> ExportResult:
    """Write the export ``kind`` to ``out`` (.xlsx or .csv); return the rows written.

    ``month`` (``YYYY-MM``) defaults to the month of ``today`` (default: the system date),
    except for the subsidy list, which then lists every period (or, given ``YYYY``, that
    year's; of one rule for the kind ``subsidy-list:<rule id>``). ``area`` (a division code)
    defaults to the profile's own area."""
    out = Path(out)
    kind, rule_id = split_kind(kind)
    check_target(out)
    today = today or date.today()
    year = kind == SUBSIDY and month is not None and bool(_YEAR.match(month.strip()))
    parsed = None if kind == SUBSIDY and (month is None or year) else parse_month(month,
                                                                                  today=today)
    writer = _WRITERS[kind] if kind != SUBSIDY else _subsidy_of(
        rule_id, year=int(str(month).strip()) if year else None)
    period = str(month).strip() if year else None
    prefix = export_area(store, area)
    masked = not unmasked
    title = _title(kind, prefix, month=parsed, masked=masked, period=period)
    rows, findings, paths = writer(store, out, title=title, month=parsed, prefix=prefix,
                                   masked=masked, export_anyway=export_anyway)
    return ExportResult(rows, kind=kind, masked=masked, month=period or (
        parsed.text if parsed else None), area=prefix, paths=tuple(paths), findings=findings)


def export_area(store: Store, area: str | None) -> str:
    """The division-code prefix an export of ``area`` covers (default: the profile's own
    area). ``ValidationError`` (``export.area``) for a code that is not a division code, or
    for an area outside the profile's: the profile holds none of its records. An area
    around the profile's (the province of a county profile) is its own records."""
    prefix = area_prefix(area, default=store.default_scope)
    own = area_prefix(None, default=store.default_scope)
    if prefix.startswith(own) or own.startswith(prefix):
        return prefix
    code = str(area).strip()
    raise ValidationError(
        "export.area",
        f"地区代码 {code} 不在本档案的辖区（{own}）内，本档案没有该地区的数据，未导出；"
        "请填写本辖区或其下的行政区划代码",
        f"area {code} is outside this profile's area ({own}); nothing exported")


def subsidy_kind(rule_id: str | None = None) -> str:
    """The export kind of the subsidy list, of one rule when ``rule_id`` is given."""
    return f"{SUBSIDY}:{rule_id}" if rule_id else SUBSIDY


def split_kind(kind: str) -> tuple[str, str]:
    """``(kind, rule id)`` of an export kind (``subsidy-list:<rule id>`` names a rule);
    ValidationError for an unknown kind, or a rule given to another kind."""
    base, _colon, rule_id = str(kind).partition(":")
    if base not in KINDS or (_colon and (base != SUBSIDY or not rule_id.strip())):
        raise ValidationError("export.kind", f"未知的导出类型“{kind}”，可选："
                              + "、".join(KINDS), "unknown export kind")
    return base, rule_id.strip()


def _title(kind: str, prefix: str, *, month: Month | None, masked: bool,
           period: str | None = None) -> str:
    area = prefix or "全部"
    period = period or (month.text if month else "全部期间")
    if kind == "township-changes" and month is not None:
        start, end = export_changes.window(month)
        last = end - timedelta(days=1)
        period += (f"（{start:%Y-%m-%d}至{last:%Y-%m-%d}的变动，"
                   f"{month.text}-{export_changes.DEADLINE_DAY}前录入省级系统）")
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    note = "" if masked else "　（含完整证件号码和电话，注意保密）"
    what = "月份" if month is not None else "期间"  # a year or every period is not a month
    return f"{KINDS[kind]}　地区：{area}　{what}：{period}　导出时间：{stamp}{note}"


Written = tuple[int, int, list[Path]]


def _write_table(out: Path, rows: Iterable[list[Any]], *, name: str, title: str,
                 module: Any) -> Written:
    """Write one table whose columns ``module`` describes (HEADERS, WIDTHS, TEXT_COLUMNS,
    LONG_NUMBERS)."""
    with open_book(out) as book:
        table = book.table(name, title=title, headers=module.HEADERS, widths=module.WIDTHS,
                           text_columns=module.TEXT_COLUMNS, long_numbers=module.LONG_NUMBERS)
        for row in rows:
            table.append(row)
    return table.rows, 0, book.paths()


def _village(store: Store, out: Path, *, title: str, month: Month, prefix: str, masked: bool,
             export_anyway: bool) -> Written:
    source = people(store, prefix=prefix, labour_force_only=True, with_children=True)
    return _write_table(out, export_village.village_rows(source, month, masked=masked),
                        name="月度台账", title=title, module=export_village)


def _changes(store: Store, out: Path, *, title: str, month: Month, prefix: str, masked: bool,
             export_anyway: bool) -> Written:
    rows = export_changes.change_rows(store, month, prefix=prefix, masked=masked)
    return _write_table(out, rows, name="变动汇总", title=title, module=export_changes)


def _subsidy_of(rule_id: str, *, year: int | None = None) -> Callable[..., Written]:
    """The subsidy list's writer limited to ``rule_id`` (if any) and ``year`` (if any)."""
    def write(store: Store, out: Path, *, title: str, month: Month | None, prefix: str,
              masked: bool, export_anyway: bool) -> Written:
        rows = export_subsidy.subsidy_rows(store, month, prefix=prefix, masked=masked,
                                           year=year, rule_id=rule_id)
        return _write_table(out, rows, name="补贴名册", title=title, module=export_subsidy)
    return write


def check_national(store: Store, *, area: str | None = None) -> list[national.Finding]:
    """Run the national checks (疑点数据) over the people under ``area`` (default: the
    profile's own area); the findings, household by household, then duplicate IDs."""
    return _findings(store, export_area(store, area))


def _findings(store: Store, prefix: str) -> list[national.Finding]:
    found = list(national.check_households(households(people(store, prefix=prefix))))
    found.extend(national.duplicate_ids(store, prefix=prefix))
    return found


def _national(store: Store, out: Path, *, title: str, month: Month, prefix: str, masked: bool,
              export_anyway: bool) -> Written:
    findings = _findings(store, prefix)
    if findings and not export_anyway:
        raise ExportRefused(findings)
    with open_book(out) as book:
        table = book.table("人员信息", title=title, headers=national.NATIONAL_HEADERS,
                           widths=national.WIDTHS, text_columns=national.TEXT_COLUMNS,
                           long_numbers=national.LONG_NUMBERS)
        groups = households(people(store, prefix=prefix))
        for row in national.national_rows(groups, year=month.year, masked=masked):
            table.append(row)
        if book.xlsx or findings:
            _write_findings(book, findings, title=title, masked=masked)
    return table.rows, len(findings), book.paths()


def _write_findings(book: Book, findings: list[national.Finding], *, title: str,
                    masked: bool) -> None:
    sheet = book.table(FINDINGS_SHEET, title=f"{title}　疑点数据 {len(findings)} 条",
                       headers=national.FINDING_HEADERS, widths=national.FINDING_WIDTHS,
                       long_numbers=national.FINDING_LONG_NUMBERS)
    for number, finding in enumerate(findings, start=1):
        sheet.append(finding.cells(number, masked=masked))


_WRITERS: dict[str, Callable[..., Written]] = {
    "village-monthly": _village,
    "township-changes": _changes,
    "national-persons": _national,
    "subsidy-list": _subsidy_of(""),
}
