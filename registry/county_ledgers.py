"""The 台账 page of the county workspace, its pure part: the import wizard's steps and the
audited exports (no Qt).

Import, step by step (each step runs on the DB thread):

1. :func:`preview_file` reads the file once: the encoding it was read with, the repair of
   GBK mojibake said in words, the header row and a few data rows (full ID and mobile
   numbers masked), and the mapping the wizard starts from (remembered for this template,
   else guessed from the headers). A file refused as a whole raises ``LedgerFileError``
   naming where (row and column of damaged text).
2. :func:`mapping_problems` checks a mapping chosen column by column (known fields, no field
   twice, the required 姓名 column), in words, before any dry run.
3. :func:`dry_run` plans every row with that mapping (``registry.ledgers.imports``), and
   :func:`report_lines` lists what each row would do (新增, 更新, 无变化, 拒绝 with the column
   and the reason, 忽略); :func:`write_report` saves that list as .csv or .xlsx;
   :func:`fingerprint` seals what the user saw: the file's SHA-256 and every report line.
4. :func:`commit_checked` plans again and writes the plan in one ``Store.write`` only if
   its fingerprint is still the dry run's (the file, even edited to the same counts, or the
   register may have changed meanwhile); refused rows block it unless left out explicitly.
   A new household goes to the village its 户编号 begins with when that village is within
   the profile (else its row is refused); a 户编号 without a village code goes to the
   village chosen (:func:`villages` lists those of the profile, :func:`check_village`
   checks a code), so that a county's import reaches each village's laptops.

Export: :func:`export_ledger` is ``registry.ledgers.exports.write_export`` for the GUI: an
unmasked export only for a role allowed to (``registry.accounts``), and every export, done,
denied or refused, recorded in the audit (``registry.audit``) with its kind, area, month and
whether numbers were masked, never the file's name or any personal data. It may read on the
read-only twin (the desktop's read lane) and write its audit entry on the main store, and
be watched and cancelled (``export_sheet.ExportWatch``; a cancelled export wrote nothing
and is not audited).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from registry import accounts, audit
from registry.errors import BangfuError, ValidationError
from registry.ledgers.export_sheet import ExportCancelled, ExportWatch, open_book, watched
from registry.ledgers.exports import ExportResult, write_export
from registry.ledgers.import_decoding import LedgerFileError
from registry.ledgers.import_mapping import (
    REQUIRED_FIELDS,  # noqa: F401  (re-exported for the wizard)
    column_problems,
    guess_mapping,
    header_block,
    remembered_mapping,
)
from registry.ledgers.import_tables import Cell, column_letter, read_table
from registry.ledgers.imports import (
    CREATE,
    REFUSED,
    UPDATE,
    ImportPlan,
    ImportResult,
    commit_import,
    in_profile,
    plan_import,
    unchanged_rows,
)
from registry.masking import mask_id, mask_numbers_in, mask_phone
from registry.register import is_village_code
from registry.store import Store

PREVIEW_ROWS = 5

#: What a row of the dry run would do (report codes), with the Chinese words.
ACTIONS: dict[str, str] = {
    "create": "新增", "flagged": "新增（疑似重复，待县级核实）", "update": "更新",
    "unchanged": "无变化", "refused": "拒绝", "ignored": "忽略（合计、填表人等）",
}
REPORT_HEADERS = ("行号", "处理", "列", "问题")
#: How an export read on the read lane writes its audit entry: ``on_writer(write)`` runs
#: ``write(store)`` on the writing store and waits for it (:func:`export_ledger`).
OnWriter = Callable[[Callable[[Store], Any]], Any]


@dataclass(frozen=True)
class FilePreview:
    """A ledger file as first read: how, its headers, a few rows (masked), a mapping to
    start from. ``repair_note`` says in words what mojibake was repaired (or ``None``)."""

    path: Path
    encoding: str
    repaired: int
    repair_note: str | None
    sheet: str
    header_row: int
    headers: list[str]
    sample: list[list[str]]
    mapping: dict[int, str]

    def column_name(self, index: int) -> str:
        """The header of column ``index``, or its letter where the header is blank."""
        return self.headers[index] or column_letter(index)


def preview_file(store: Store, path: Path, *, rows: int = PREVIEW_ROWS) -> FilePreview:
    """Read ``path`` for the wizard's preview; ``LedgerFileError`` if refused as a whole."""
    table = read_table(Path(path))
    if not table.rows:
        raise LedgerFileError("文件中没有任何数据", "the file holds no data")
    header_index, data_index, headers = header_block(table.rows)
    mapping = remembered_mapping(store, headers) or guess_mapping(headers,
                                                                  table.rows[data_index:])
    sample = [[_masked_cell(c, mapping.get(i)) for i, c in enumerate(cells[:len(headers)])]
              for _number, cells in table.rows[data_index:data_index + rows]]
    note = None
    if table.repaired:
        note = (f"{table.repaired} 个单元格是 GBK 文字被当作 Latin-1/cp1252 读取后的乱码，"
                "已还原为中文，请核对预览")
    return FilePreview(path=Path(path), encoding=table.encoding,
                       repaired=table.repaired, repair_note=note,
                       sheet=table.sheet, header_row=table.rows[header_index][0],
                       headers=headers, sample=sample,
                       mapping={i: f for i, f in mapping.items() if i < len(headers)})


def _masked_cell(cell: Cell, field: str | None) -> str:
    """A preview cell as text: a cell of an ID or phone column masked whole (a legacy
    15-digit number too), any 18-digit ID or mobile number elsewhere masked."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    value = str(cell)
    if field == "id_number":
        return mask_id(value)
    if field in ("phone", "household_phone"):
        return mask_phone(value)
    return mask_numbers_in(value)


def mapping_problems(headers: list[str], columns: Mapping[int, str]) -> list[str]:
    """What is wrong with a mapping chosen column by column, in words (empty: fine); the
    same checks the dry run makes (``import_mapping.column_problems``)."""
    return column_problems(headers, columns)


def dry_run(store: Store, path: Path, *, columns: Mapping[int, str],
            village: str | None = None, today: date | None = None) -> ImportPlan:
    """The dry run of ``path`` with the mapping ``columns``: every row decided, nothing
    written; ``village`` takes the households whose 户编号 has no village code.
    ``LedgerFileError`` for a file or mapping refused as a whole."""
    return plan_import(store, Path(path), columns=dict(columns), village=village or None,
                       today=today)


@dataclass(frozen=True)
class ReportLine:
    """One line of the dry-run report: an Excel row number, what it would do (a key of
    :data:`ACTIONS`), and for a refusal the column and the reason (never a value)."""

    row: int
    action: str
    column: str = ""
    problem: str = ""

    def cells(self, labels: Mapping[str, str] = ACTIONS) -> list[Any]:
        """The report row as written: row, action in words, column, problem."""
        return [self.row, labels.get(self.action, self.action), self.column, self.problem]


def report_lines(plan: ImportPlan) -> list[ReportLine]:
    """Every data row of the dry run in row order, one line per refusal reason."""
    same = set(unchanged_rows(plan))
    lines = [ReportLine(row, "ignored") for row in plan.ignored]
    for row in plan.rows:
        if row.action == REFUSED:
            lines.extend(ReportLine(p.row, "refused", p.column, p.problem) for p in row.problems)
        elif row.action == CREATE:
            lines.append(ReportLine(row.row, "flagged" if row.candidates else "create"))
        elif row.action == UPDATE:
            lines.append(ReportLine(row.row, "unchanged" if row.row in same else "update"))
    return sorted(lines, key=lambda line: line.row)


def fingerprint(plan: ImportPlan) -> str:
    """What the user saw of a dry run, sealed: the SHA-256 of the file's bytes, the mapping
    and every :func:`report_lines` line (row, action, column, problem) with the village
    each new row goes to. Equal fingerprints: the commit writes what the dry run showed."""
    seen = {"file": plan.digest, "mapping": sorted(plan.mapping.items()),
            "lines": [[x.row, x.action, x.column, x.problem] for x in report_lines(plan)],
            "villages": sorted([r.row, r.scope] for r in plan.rows if r.action == CREATE)}
    text = json.dumps(seen, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_villages(plan: ImportPlan) -> list[str]:
    """The villages new households and people of the plan go to, in order (a profile's own
    scope, ``""``, left out)."""
    return sorted({r.scope for r in plan.rows if r.action == CREATE and r.scope})


def summary(plan: ImportPlan) -> dict[str, int]:
    """How many rows would be created, updated (changed), left unchanged, refused, ignored;
    and how many new people would be flagged as possible duplicates."""
    same = len(unchanged_rows(plan))
    return {"create": plan.count(CREATE), "update": plan.count(UPDATE) - same,
            "unchanged": same, "refused": plan.count(REFUSED), "ignored": len(plan.ignored),
            "flagged": sum(bool(r.candidates) for r in plan.rows if r.action == CREATE)}


def write_report(lines: list[ReportLine], out: Path, *, title: str,
                 labels: Mapping[str, str] = ACTIONS,
                 headers: tuple[str, ...] = REPORT_HEADERS) -> int:
    """Save the dry-run report as .xlsx or .csv (atomically); return the lines written.
    ``labels`` and ``headers`` are the words of the UI language."""
    with open_book(Path(out)) as book:
        table = book.table("试运行报告", title=title, headers=headers, widths=(8, 26, 18, 70),
                           text_columns=frozenset(), long_numbers=frozenset())
        for line in lines:
            table.append(line.cells(labels))
    return table.rows


def villages(store: Store) -> list[str]:
    """The village codes (12 digits) of the profile's live households, in order; a village
    profile's own code first if it has none yet."""
    found = [code for (code,) in store.db.execute(
        "SELECT DISTINCT scope FROM entity WHERE list = 'household' AND deleted = 0"
        " AND merged_into IS NULL ORDER BY scope") if is_village_code(code)]
    own = store.default_scope
    return found if found or not is_village_code(own) else [own]


VILLAGE_DIGITS = "村代码应为12位数字（不以000结尾）"
VILLAGE_OUTSIDE = "该村不在本档案的辖区内"


def village_problem(code: str, scope: str) -> str:
    """What is wrong with ``code`` as the village of new households of a profile of
    ``scope``: :data:`VILLAGE_DIGITS`, :data:`VILLAGE_OUTSIDE` or ``""`` (nothing)."""
    if not is_village_code(code):
        return VILLAGE_DIGITS
    return "" if in_profile(code, scope) else VILLAGE_OUTSIDE


def check_village(store: Store, code: str) -> str:
    """``code`` if it is a village (12 digits) within the profile's scope; else
    ``ValidationError`` (the field ``import.village``) saying what is wrong."""
    code = (code or "").strip()
    problem = village_problem(code, store.default_scope)
    if problem:
        raise ValidationError("import.village", problem,
                              "not a village of this profile's area (12 digits)")
    return code


def commit_checked(store: Store, path: Path, *, columns: Mapping[int, str],
                   expected: str, skip_refused: bool = False,
                   village: str | None = None, today: date | None = None) -> ImportResult:
    """Plan again and commit in one ``Store.write``, only if the plan still has the
    ``expected`` :func:`fingerprint` of the dry run the user saw (same file bytes, same
    report); else ``LedgerFileError`` and nothing is written. Refused rows block it unless
    ``skip_refused``. ``village`` (checked by :func:`check_village`) as for :func:`dry_run`."""
    chosen = check_village(store, village) if village is not None else None
    plan = dry_run(store, path, columns=columns, village=chosen, today=today)
    if fingerprint(plan) != expected:
        raise LedgerFileError("自试运行以来文件或系统中的数据已有变化，未导入任何数据；"
                              "请重新试运行后再导入",
                              "the file or the register changed since the dry run; "
                              "nothing imported, run the dry run again")
    return commit_import(store, plan, skip_refused=skip_refused)


def may_export_unmasked(store: Store) -> bool:
    """Whether the acting user's role may export full ID and phone numbers."""
    return accounts.may(accounts.role_of(store), "export_unmasked")


def export_ledger(store: Store, kind: str, *, out: Path, month: str | None, area: str | None,
                  unmasked: bool = False, export_anyway: bool = False,
                  today: date | None = None, watch: ExportWatch | None = None,
                  on_writer: OnWriter | None = None) -> ExportResult:
    """Write the export ``kind`` (``registry.ledgers.exports.KINDS``) to ``out``, audited.

    ``accounts.NotAllowed`` (audited as denied, nothing written) for an unmasked export by
    a role that may not; a refusal of the exporter (``ExportRefused`` of the national
    checks, a bad month or area) is audited as refused and raised; the export is audited
    as done once its file is in place. ``watch`` (``export_sheet.ExportWatch``) follows the
    rows written and may cancel: ``ExportCancelled``, no file and no audit entry.

    ``store`` may be the read lane's reader: the audit entries are then written by
    ``on_writer(write)``, which runs ``write(store)`` on the writing store (the DB thread)
    and waits for it; by default they are written on ``store`` itself."""
    record: OnWriter = on_writer or (lambda write: write(store))
    facts: dict[str, Any] = {"kind": kind, "masked": not unmasked, "month": month or "",
                             "area": area or "", "format": Path(out).suffix.lower()[1:]}

    def audited(result: str, detail: dict[str, Any]) -> None:
        record(lambda writer: audit.record(writer, action="export", target=kind, detail=detail,
                                           result=result))

    if unmasked and not may_export_unmasked(store):
        audited("denied", facts)
        raise accounts.NotAllowed("export_unmasked")
    try:
        with watched(watch):
            result = write_export(store, kind, Path(out), month=month, area=area,
                                  unmasked=unmasked, export_anyway=export_anyway, today=today)
    except ExportCancelled:
        raise
    except BangfuError:
        audited("refused", facts)
        raise
    audited("ok", {**facts, "rows": int(result), "area": result.area,
                   "month": result.month or "", "findings": result.findings,
                   "export_anyway": export_anyway})
    return result
