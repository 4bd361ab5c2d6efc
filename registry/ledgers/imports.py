"""Importing an existing ledger: a dry run row by row, then an all-or-nothing commit.

``plan_import(store, path)`` reads the file, maps its columns and decides for every data row
(numbered as Excel shows it, the header row being 1 when it is the first row) whether it
would create a person, update one (same ID number), or is refused and why. Nothing is
written. ``commit_import(store, plan)`` then writes the plan in one ``Store.write`` call
(journaled, so it syncs). Refused rows block the commit unless ``skip_refused=True``.

People with the same 户编号 go to one household, the existing household with that number if
there is one. A new household is written under its village, so that it syncs to that
village's laptops (:func:`household_village`): the village whose 12-digit code begins its
户编号 when that village lies within the profile and exists (a 户编号 naming a village outside
it, or one neither the division edition nor the county's own place names know, is refused,
row and 户编号 column named); a 户编号 without a village code (an old county
numbering such as ``H0101``) goes to the ``village`` chosen for the file, or to a village
profile's own village, and is refused on a county or township profile without one.

A new person whose name and birth date match an existing person, where one of the two has
no ID number, is not merged: a ``merge_candidate`` entity (``person_id``, the new
person; ``candidates``, the existing ones) is written for the county to decide.

Reports name rows by number and columns by header; never a name, an ID or a phone number.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from registry.codes import WORK_REGIONS
from registry.errors import ValidationError
from registry.idnumber import normalise_id_text, upgrade_legacy_id
from registry.ledgers.import_decoding import LedgerFileError
from registry.ledgers.import_fields import FIELDS, CellProblem
from registry.ledgers.import_mapping import (
    checked_columns,
    header_block,
    is_footer_line,
    load_mapping_file,
    remember_mapping,
    remembered_mapping,
    resolve_mapping,
)
from registry.ledgers.import_tables import Cell, Table, column_letter, read_table
from registry.places import places_of
from registry.register import is_village_code
from registry.rules import HEAD_OF_HOUSEHOLD, ContradictsIdNumber, merge_for_update, normalise
from registry.store import Changes, Create, Op, Store, Update
from registry.wording import counted
from sync.protocol import new_id
from sync.protocol.changes import ScopeError, in_scope, scope_prefix

MERGE_CANDIDATE = "merge_candidate"
"""Entity list of the flags left for the county: a new person who may be an existing one."""

CREATE, UPDATE, REFUSED = "create", "update", "refused"


@dataclass(frozen=True)
class Problem:
    """Why a row is refused: its Excel row number, the column header and the reason."""

    row: int
    column: str
    problem: str

    def as_dict(self) -> dict[str, Any]:
        """The JSON form ``{row, column, problem}``."""
        return {"row": self.row, "column": self.column, "problem": self.problem}


@dataclass
class RowPlan:
    """What one data row would do. ``person`` and ``household`` hold converted values."""

    row: int
    person: dict[str, Any] = field(default_factory=dict)
    household: dict[str, Any] = field(default_factory=dict)
    person_id: str | None = None
    existing: dict[str, Any] | None = None
    candidates: tuple[str, ...] = ()
    problems: list[Problem] = field(default_factory=list)
    scope: str = ""
    """The village a new household (or a new person of no household) is written under;
    ``""``: the profile's own scope."""
    region_from_place: bool = False
    """The 务工所在地 column held a 务工地域 word (省外 …), stored as 务工地域."""

    def changed(self) -> dict[str, Any]:
        """The person properties this row would change (all of them for a new person).

        A labour class equal to a *suggested* one still counts: the ledger states it."""
        if self.existing is None:
            return dict(self.person)
        old = self.existing
        return {k: v for k, v in self.person.items()
                if old.get(k) != v or (k == "labour_class" and old.get("labour_class_suggested"))}

    @property
    def action(self) -> str:
        """``create``, ``update`` or ``refused``."""
        if self.problems:
            return REFUSED
        return UPDATE if self.person_id else CREATE

    @property
    def household_no(self) -> str | None:
        """The row's 户编号, if given."""
        return self.household.get("household_no") or None


@dataclass
class ImportPlan:
    """The dry run of one file: what every row would do, and how the file was read."""

    path: Path
    encoding: str
    repaired: int
    sheet: str
    header_row: int
    headers: list[str]
    mapping: dict[int, str]
    rows: list[RowPlan]
    existing_households: dict[str, str]
    ignored: list[int] = field(default_factory=list)
    digest: str = ""
    """SHA-256 (hex) of the file's bytes as read for this plan."""

    def refused(self) -> list[Problem]:
        """Every problem of every refused row, in row order."""
        return [p for r in self.rows for p in r.problems]

    def count(self, action: str) -> int:
        """How many rows would ``create``, ``update`` or are ``refused``."""
        return sum(r.action == action for r in self.rows)

    def notes(self) -> list[str]:
        """How columns were read where that is not the mapping alone, in words (no values):
        a 务工所在地 column whose 务工地域 words (县内, 省外 …) were stored as 务工地域."""
        moved = sum(r.region_from_place for r in self.rows)
        if not moved:
            return []
        column = next(self.headers[i] or column_letter(i)
                      for i, name in self.mapping.items() if name == "work_place")
        kept = sum("work_place" in r.person for r in self.rows)
        rest = f"；其余 {kept} 行（地名）存为“务工所在地”" if kept else ""
        return [f"列“{column}”对应“务工所在地”：其中 {moved} 行填的是务工地域"
                f"（{'、'.join(WORK_REGIONS)}），存为“务工地域”{rest}。如需改为别的字段，请修改列对应"]

    def repair_note(self) -> str | None:
        """What was repaired, in words (``None`` if nothing)."""
        if not self.repaired:
            return None
        return (f"{self.repaired} 个单元格是 GBK 文字被当作 Latin-1/cp1252 读取后的乱码，"
                "已还原为中文，请核对预览")


# -- planning -------------------------------------------------------------------------------


def plan_import(store: Store, path: Path, *, mapping_file: Path | None = None,
                columns: Mapping[int, str] | None = None, village: str | None = None,
                today: date | None = None) -> ImportPlan:
    """Read ``path`` and decide every row against ``store``; write nothing.

    ``columns`` (column index -> field, the import wizard's choice) replaces the remembered
    or guessed mapping and the mapping file. ``village``: where new households whose 户编号
    carries no village code go (see the module docstring). Raises ``LedgerFileError`` when
    the file as a whole is refused (unreadable, damaged text, no 姓名 column, a bad mapping,
    a ``village`` outside the profile)."""
    profile = str(store.default_scope or "")
    if village and not in_profile(village, profile):
        raise LedgerFileError(f"新建农户归入的村“{village}”不是本档案辖区内的村（应为12位村代码）",
                              "the village chosen is not a village of this profile")
    exists = villages_known(store)
    if village and not exists(village):
        raise LedgerFileError(f"新建农户归入的村“{village}”不是已知的村：统计用区划代码中没有此村，"
                              "县里也未添加此村的地名", "the village chosen is not a known village")
    table, digest = _read_sealed(Path(path))
    if not table.rows:
        raise LedgerFileError("文件中没有任何数据", "the file holds no data")
    header_index, data_index, headers = header_block(table.rows)
    header_row = table.rows[header_index][0]
    if columns is not None:
        mapping = checked_columns(headers, columns)
    else:
        override = load_mapping_file(mapping_file) if mapping_file else None
        mapping = resolve_mapping(headers, remembered=remembered_mapping(store, headers),
                                  override=override, rows=table.rows[data_index:])
    known = _Known.load(store)
    rows, ignored = _plan_rows(table.rows[data_index:], headers=headers, mapping=mapping,
                               known=known, today=today or date.today())
    _place_households(rows, _columns(headers, mapping), known=known, profile=profile,
                      village=village or "", exists=exists)
    return ImportPlan(path=Path(path), encoding=table.encoding, repaired=table.repaired,
                      sheet=table.sheet, header_row=header_row, headers=headers,
                      mapping=mapping, rows=rows, existing_households=known.households,
                      ignored=ignored, digest=digest)


def _read_sealed(path: Path) -> tuple[Table, str]:
    """The table of ``path`` and the SHA-256 of the bytes it was read from (hashed before
    and after reading: a file changed meanwhile is refused)."""
    try:
        before = file_digest(path)
    except OSError:
        before = ""  # read_table says what is wrong with the file
    table = read_table(path)
    digest = file_digest(path)
    if digest != before:
        raise LedgerFileError("文件在读取过程中被修改，请关闭正在编辑它的程序后重试",
                              "the file changed while it was read")
    return table, digest


def file_digest(path: Path) -> str:
    """SHA-256 (hex) of the bytes of ``path``."""
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def in_profile(code: str, profile: str) -> bool:
    """Whether ``code`` is a village (12 digits, ``registry.register.is_village_code``)
    within a profile of scope ``profile``."""
    if not is_village_code(code):
        return False
    try:
        return in_scope(code, scope_prefix(profile))
    except ScopeError:
        return False


def villages_known(store: Store) -> Callable[[str], bool]:
    """Whether a village code names a village that exists: the profile's own, or one of
    the division edition or of the county's own place names (``registry.places``)."""
    places = places_of(store)
    return lambda code: code == store.default_scope or places.knows(code)


def household_village(number: str, *, profile: str, village: str = "",
                      exists: Callable[[str], bool] = lambda _code: True) -> tuple[str, str]:
    """The village a new household numbered ``number`` goes to on a profile of scope
    ``profile``, and ``""``; or ``""`` and why it is refused (see the module docstring;
    ``exists``: whether a village code names a village, :func:`villages_known`)."""
    prefix = number[:12]
    if is_village_code(prefix):
        if not in_profile(prefix, profile):
            return "", f"户编号开头的村代码 {prefix} 不在本档案的辖区内，不能导入到本档案"
        if not exists(prefix):
            return "", (f"户编号开头的村代码 {prefix} 不是已知的村：统计用区划代码中没有此村，"
                        "县里也未添加此村的地名；请核对户编号")
        return prefix, ""
    chosen = village or (profile if is_village_code(profile) else "")
    if chosen:
        return chosen, ""
    return "", ("户编号不以12位村代码开头，无法确定该户属于哪个村；"
                "请选择新建农户归入的村（命令行：--village）")


def _place_households(plans: list[RowPlan], columns: dict[str, str], *, known: _Known,
                      profile: str, village: str, exists: Callable[[str], bool]) -> None:
    """Give each row that creates a household (or a person of no household) its village;
    refuse the rows of a household whose village is outside the profile or unknown."""
    column = columns.get("household_no", FIELDS["household_no"].label)
    for plan in plans:
        number = plan.household_no
        if plan.problems or (number and number in known.households):
            continue
        if not number:
            plan.scope = village
            continue
        plan.scope, problem = household_village(number, profile=profile, village=village,
                                                exists=exists)
        if problem:
            plan.problems.append(Problem(plan.row, column, problem))


def _columns(headers: list[str], mapping: Mapping[int, str]) -> dict[str, str]:
    """Field -> the column's header (its letter where blank), for problems."""
    return {name: headers[index] or column_letter(index) for index, name in mapping.items()}


@dataclass
class _Known:
    """What the store already holds that rows are matched against."""

    store: Store
    by_id: dict[str, str] = field(default_factory=dict)
    by_name_birth: dict[tuple[str, str], list[tuple[str, bool]]] = field(
        default_factory=lambda: defaultdict(list))
    households: dict[str, str] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, store: Store) -> _Known:
        """Index the live households by 户编号 and people by ID, name and birth date (only
        those few properties: a county's whole register stays on disk)."""
        known = cls(store)
        live = "deleted = 0 AND merged_into IS NULL"
        for eid, number in store.db.execute(
                f"SELECT id, json_extract(props, '$.household_no') FROM entity"
                f" WHERE list = 'household' AND {live}").fetchall():
            if number:
                known.households.setdefault(str(number), eid)
        for eid, parent, number, name, birth, relation in store.db.execute(
                "SELECT id, parent, json_extract(props, '$.id_number'),"
                " json_extract(props, '$.name'), json_extract(props, '$.birth_date'),"
                f" json_extract(props, '$.relation') FROM entity WHERE list = 'person' AND {live}"):
            number = str(number or "")[:18]
            if number:
                known.by_id.setdefault(number, eid)
            if name and birth:
                known.by_name_birth[(str(name), str(birth))].append((eid, bool(number)))
            if parent and relation == HEAD_OF_HOUSEHOLD:
                known.heads[parent] = eid
        return known

    def props_of(self, entity_id: str) -> dict[str, Any]:
        """The current properties of an existing person."""
        return self.store.get(entity_id).props


def _plan_rows(data: list[tuple[int, list[Cell]]], *, headers: list[str],
               mapping: dict[int, str], known: _Known,
               today: date) -> tuple[list[RowPlan], list[int]]:
    """The plans of the data rows, and the numbers of rows ignored (footers, nothing mapped)."""
    columns = _columns(headers, mapping)
    plans, ignored = [], []
    for number, cells in data:
        plan = _plan_row(number, cells, mapping=mapping, columns=columns, known=known,
                         today=today)
        if plan is None:
            ignored.append(number)
        else:
            plans.append(plan)
    _refuse_duplicate_ids(plans, columns)
    _refuse_extra_heads(plans, columns, known=known)
    return plans, ignored


def _plan_row(number: int, cells: list[Cell], *, mapping: dict[int, str],
              columns: dict[str, str], known: _Known, today: date) -> RowPlan | None:
    """One row's plan, or ``None`` for a row with nothing in any mapped column."""
    plan = RowPlan(number)
    for index, name in mapping.items():
        cell = cells[index] if index < len(cells) else None
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        spec = FIELDS[name]
        try:
            value = _id_value(cell) if name == "id_number" else spec.convert(cell)
        except CellProblem as problem:
            plan.problems.append(Problem(number, columns[name], problem.message_zh))
            continue
        (plan.person if spec.entity == "person" else plan.household)[spec.prop] = value
    if (not plan.person and not plan.household) or _footer(plan, cells):
        return None
    if plan.person.get("work_place") in WORK_REGIONS and "work_region" not in plan.person:
        plan.person["work_region"] = plan.person.pop("work_place")
        plan.region_from_place = True
    _apply_is_head(plan, columns)
    if not plan.person.get("name"):
        plan.problems.append(Problem(number, columns["name"], "姓名不能为空"))
    if plan.problems:
        return plan
    _check_rules(plan, columns, existing=None, today=today)
    if not plan.problems:
        _match(plan, known)
        if plan.existing is not None:
            _check_rules(plan, columns, existing=plan.existing, today=today)
    return plan


def _apply_is_head(plan: RowPlan, columns: dict[str, str]) -> None:
    """A 是否户主 mark is read into 与户主关系 (never stored itself): 是 makes the row the
    户主 where no relation is given; a mark that contradicts the relation refuses the row."""
    head = plan.person.pop("is_head", None)
    relation = plan.person.get("relation")
    if head and not relation:
        plan.person["relation"] = HEAD_OF_HOUSEHOLD
    elif head and relation != HEAD_OF_HOUSEHOLD:
        plan.problems.append(Problem(plan.row, columns["is_head"],
                                     f"是否户主为“是”，但与户主关系为“{relation}”，两者矛盾"))
    elif head is False and relation == HEAD_OF_HOUSEHOLD:
        plan.problems.append(Problem(plan.row, columns["is_head"],
                                     "是否户主为“否”，但与户主关系为“户主”，两者矛盾"))


def _footer(plan: RowPlan, cells: list[Cell]) -> bool:
    """A 合计 or 填表人 line below the data: no name, and one of those words in a cell."""
    return not plan.person.get("name") and is_footer_line(cells)


def _id_value(cell: Cell) -> str:
    """The checked ID number of a cell; ``CellProblem`` says what is wrong without the number."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        digits = len(str(int(abs(cell)))) if abs(cell) < 1e30 else 99
        if digits > 15 or not float(cell).is_integer():
            raise CellProblem(
                "证件号码以数字格式保存，Excel 只保留 15 位有效数字，末尾数字已丢失，无法自动修复；"
                "请将该列设为文本格式后按证件原样重新录入")
    number = normalise_id_text(cell if isinstance(cell, str) else str(int(cell)))  # type: ignore[arg-type]
    if len(number) == 15 and number.isdigit():
        raise CellProblem(_legacy_offer(number))
    return number  # checked by the registry's rules (``_check_rules``) like any other field


def _legacy_offer(number: str) -> str:
    """The 18-digit form of a 15-digit number, offered (never applied) without showing it."""
    try:
        upgraded = upgrade_legacy_id(number)
    except ValidationError as exc:
        return "15位旧身份证号码已停止使用，且无法转换为18位：" + exc.message_zh
    return ("15位旧身份证号码已停止使用，未自动转换。对应的18位号码为：在第6位数字后插入“19”，"
            f"末尾加校验位“{upgraded[-1]}”；请核对证件后在文件中改为18位号码再导入")


def _match(plan: RowPlan, known: _Known) -> None:
    """Find the existing person by ID number, or the merge candidates by name and birth."""
    number = str(plan.person.get("id_number") or "")[:18]
    if number and number in known.by_id:
        plan.person_id = known.by_id[number]
        plan.existing = known.props_of(plan.person_id)
        stored = str(plan.existing.get("id_number") or "")
        if len(stored) > len(plan.person["id_number"]):  # keep a disability card number
            del plan.person["id_number"]
        return
    birth = plan.person.get("birth_date")
    if number:
        birth = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
    if birth:
        matches = known.by_name_birth.get((plan.person["name"], birth), [])
        plan.candidates = tuple(eid for eid, has_id in matches if not (has_id and number))


def _check_rules(plan: RowPlan, columns: dict[str, str], *, existing: dict[str, Any] | None,
                 today: date) -> None:
    """Run the registry's field rules on what the row would store (on its own, or merged
    into the ``existing`` person it updates); refuse on any error."""
    checks: list[tuple[str, dict[str, Any]]] = []
    if existing is not None:
        checks.append(("person", merge_for_update(existing, plan.person)))
    else:
        checks.append(("person", plan.person))
    if plan.household.get("phone") and existing is None:
        checks.append(("household", {"phone": plan.household["phone"]}))
    for entity_list, props in checks:
        try:
            normalised = normalise(entity_list, props, today=today)
        except ContradictsIdNumber as exc:
            plan.problems.append(Problem(plan.row, _column_of(exc.field, columns),
                                         _contradiction(exc.field, plan, columns)))
            continue
        except ValidationError as exc:
            plan.problems.append(Problem(plan.row, _column_of(exc.field, columns), exc.message_zh))
            continue
        if entity_list == "household":
            plan.household["phone"] = normalised["phone"]
            continue
        for key in ("id_number", "phone"):
            if key in plan.person:
                plan.person[key] = normalised[key]


def _contradiction(field_path: str, plan: RowPlan, columns: dict[str, str]) -> str:
    """Why a row whose sex or birth date contradicts its ID number is refused, in words that
    say what the import does: the row is refused, nothing is corrected from the ID number."""
    prop = field_path.partition(".")[2]
    what = FIELDS[prop].label
    where = f"“{columns[prop]}”列的" if prop in plan.person and prop in columns else "系统中已登记的"
    number = columns.get("id_number", FIELDS["id_number"].label)
    return (f"{where}{what}与“{number}”列的证件号码不符，该行被拒绝，不导入"
            f"（不会按证件号码自动改正）；请核对证件后改正{what}或证件号码")


def _column_of(field_path: str, columns: dict[str, str]) -> str:
    entity, _, prop = field_path.partition(".")
    name = "household_phone" if field_path == "household.phone" else prop
    if prop in ("sex", "birth_date") and name not in columns:
        name = "id_number"
    return columns.get(name, FIELDS[name].label if name in FIELDS else field_path)


def _refuse_duplicate_ids(plans: list[RowPlan], columns: dict[str, str]) -> None:
    """Every row of an ID number that occurs more than once in the file is refused."""
    rows_of: dict[str, list[RowPlan]] = defaultdict(list)
    for plan in plans:
        number = str(plan.person.get("id_number") or "")[:18]
        if number and not plan.problems:
            rows_of[number].append(plan)
    for group in rows_of.values():
        if len(group) < 2:
            continue
        for plan in group:
            others = "、".join(str(p.row) for p in group if p is not plan)
            plan.problems.append(Problem(plan.row, columns["id_number"],
                                         f"证件号码与第 {others} 行重复（同一文件中一人只能出现一次）"))


def _refuse_extra_heads(plans: list[RowPlan], columns: dict[str, str], *, known: _Known) -> None:
    """A household keeps one 户主: several in the file, or one beside another existing."""
    heads: dict[str, list[RowPlan]] = defaultdict(list)
    for plan in plans:
        if not plan.problems and plan.household_no and \
                plan.person.get("relation") == HEAD_OF_HOUSEHOLD:
            heads[plan.household_no].append(plan)
    column = columns.get("relation") or columns.get("is_head") or "与户主关系"
    for number, group in heads.items():
        existing = known.heads.get(known.households.get(number, ""))
        for plan in group:
            others = "、".join(str(p.row) for p in group if p is not plan)
            if others:
                plan.problems.append(Problem(plan.row, column,
                                             f"同一户编号下第 {others} 行也是户主，一户只能有一名户主"))
            elif existing and existing != plan.person_id:
                plan.problems.append(Problem(plan.row, column,
                                             "该户编号的家庭在系统中已有户主，一户只能有一名户主"))


# -- committing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What a commit wrote: people created and updated, households created, flags left."""

    created: int
    updated: int
    households_created: int
    merge_candidates: int
    skipped: int
    changes: Changes


class ImportBlocked(LedgerFileError):
    """Refused rows block the commit (unless they are explicitly left out)."""


def commit_import(store: Store, plan: ImportPlan, *, skip_refused: bool = False) -> ImportResult:
    """Write the plan in one transaction through ``Store.write``; all or nothing.

    New households (and people of no household) get the village the plan gave their row
    (``RowPlan.scope``; ``""``: the profile's own); people joining a household take its
    scope. Raises
    ``ImportBlocked`` if rows are refused and ``skip_refused`` is false. The mapping is
    remembered for the template once the write succeeded."""
    refused = plan.count(REFUSED)
    if refused and not skip_refused:
        raise ImportBlocked(f"有 {refused} 行被拒绝，未导入任何数据；请修改文件后重新导入，"
                            "或使用 --skip-refused 明确跳过这些行",
                            f"{counted(refused, 'row')} refused; nothing imported")
    rows = [r for r in plan.rows if r.action != REFUSED]
    households = _household_ids(plan, rows)
    ops = list(_ops(rows, households, existing=plan.existing_households))
    changes = store.write(ops)
    remember_mapping(store, plan.headers, mapping=plan.mapping)
    return ImportResult(
        created=sum(r.action == CREATE for r in rows),
        updated=sum(r.action == UPDATE for r in rows),
        households_created=sum(1 for n in households if n not in plan.existing_households),
        merge_candidates=sum(bool(r.candidates) for r in rows if r.action == CREATE),
        skipped=refused, changes=changes)


def _household_ids(plan: ImportPlan, rows: list[RowPlan]) -> dict[str, str]:
    ids: dict[str, str] = {}
    for row in rows:
        number = row.household_no
        if number and number not in ids:
            ids[number] = plan.existing_households.get(number) or new_id()
    return ids


def _ops(rows: list[RowPlan], households: Mapping[str, str], *,
         existing: Mapping[str, str]) -> Iterator[Op]:
    """Households first (created, or updated with what the file gives), then people."""
    merged: dict[str, dict[str, Any]] = defaultdict(dict)
    scope_of: dict[str, str] = {}
    for row in rows:
        if row.household_no:
            scope_of.setdefault(row.household_no, row.scope)
            target = merged[row.household_no]
            for key, value in row.household.items():
                target.setdefault(key, value)
            if row.person.get("relation") == HEAD_OF_HOUSEHOLD:
                target.setdefault("head_name", row.person["name"])
    for number, props in merged.items():
        if number in existing:
            yield Update(existing[number], props)
        else:
            yield Create("household", props, entity_id=households[number],
                         scope=scope_of[number])
    for row in rows:
        person = row.changed()
        if row.household_no:
            person["household_id"] = households[row.household_no]
        if row.person_id:
            if row.existing and row.existing.get("household_id") == person.get("household_id"):
                person.pop("household_id", None)
            if person:
                yield Update(row.person_id, person)
            continue
        person_id = new_id()
        yield Create("person", person, entity_id=person_id,
                     scope="" if row.household_no else row.scope)
        if row.candidates:
            yield Create(MERGE_CANDIDATE, {
                "person_id": person_id, "candidates": list(row.candidates),
                "reason": "同名且出生日期相同，其中一方没有证件号码，请县级核实是否为同一人",
                "source": "ledger_import", "source_row": row.row})


# -- reporting ------------------------------------------------------------------------------


def unchanged_rows(plan: ImportPlan) -> list[int]:
    """Rows of existing people that would change nothing (a ledger imported again)."""
    number_of = {eid: number for number, eid in plan.existing_households.items()}
    return [r.row for r in plan.rows if r.action == UPDATE and not r.changed() and r.existing
            and r.household_no in (None, number_of.get(r.existing.get("household_id", "")))]


def _unchanged(plan: ImportPlan) -> int:
    return len(unchanged_rows(plan))


def import_report(plan: ImportPlan, *, committed: bool,
                  result: ImportResult | None = None) -> dict[str, Any]:
    """The report as one JSON-ready object (no names, ID or phone numbers)."""
    report: dict[str, Any] = {
        "encoding": plan.encoding,
        "repaired": plan.repair_note(),
        "rows": len(plan.rows),
        "create": plan.count(CREATE),
        "update": plan.count(UPDATE),
        "unchanged": _unchanged(plan),
        "refused": [p.as_dict() for p in plan.refused()],
        "refused_rows": plan.count(REFUSED),
        "committed": committed,
        "header_row": plan.header_row,
        "preview": plan.headers,
        "columns": {plan.headers[i] or column_letter(i): f
                    for i, f in sorted(plan.mapping.items())},
        "not_imported": [h for i, h in enumerate(plan.headers) if h and i not in plan.mapping],
        "merge_candidates": sum(bool(r.candidates) for r in plan.rows if r.action == CREATE),
        "merge_candidate_rows": [r.row for r in plan.rows if r.candidates and r.action == CREATE],
        "ignored_rows": plan.ignored,
        "notes": plan.notes(),
        "create_rows": [r.row for r in plan.rows if r.action == CREATE],
        "update_rows": [r.row for r in plan.rows if r.action == UPDATE],
    }
    if plan.sheet:
        report["sheet"] = plan.sheet
    if result is not None:
        report["households_created"] = result.households_created
        report["skipped"] = result.skipped
    return report
