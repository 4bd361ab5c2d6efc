"""Policy administration on a county profile (政策): packs in force, county packs, minimum
wages. No Qt; the publishing itself is ``registry.policy.distribute``'s.

- :func:`packs_in_force` — the packs covering an area on a date (built-in and the county's
  own), each with its region, validity, source and rules (in force that day), and the
  engine's notice, word for word, when no rule is in force there.
- :func:`check_file` — a pack workbook checked as ``bangfu-policy publish`` will check it
  (``bangfu-policy check``'s problems by sheet/row/column, every region inside the county,
  no rule id shared with a built-in or published rule for the same region and an
  overlapping window), writing nothing, with notes on rule ids shared harmlessly;
  :func:`publish_file` / ``withdraw`` then publish or withdraw it, to reach the county's
  devices at their next sync.
- :func:`wage_rows` — the dated minimum-wage rows for an area (province tiers and county
  rows), the one that applies marked, with who confirmed or corrected it, when.
- :func:`confirm_wage` — confirm or correct the county's minimum wage: the county's wage
  pack ``wages_<county>`` (a county pack of minimum-wage rows only) gets a county row
  with the amount, its start date, its source and who confirmed it today. The lookup
  (``registry.policy.minimum_wage_row``) prefers it: a county row over a province tier,
  then the later start, then a confirmed row, the latest confirmation. It travels by sync
  like any county pack.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl

from registry.errors import ValidationError
from registry.policy import Pack, minimum_wage_row, rules_in_force
from registry.policy.distribute import (
    CheckedPack,
    CountyPack,
    add_county_pack,
    check_county_pack,
    county_packs,
    withdraw_county_pack,
)
from registry.policy.evaluate import region_name
from registry.policy.model import MinimumWage
from registry.policy.workbook import header_of
from registry.store import Store

BUILTIN = "builtin"
WAGE_PACK_PREFIX = "wages_"


@dataclass(frozen=True, slots=True)
class PackRow:
    """One pack covering the area: who issued it, for where, when, and how many rules."""

    pack_id: str
    name_zh: str
    name_en: str
    issuer: str
    issued: date
    region: tuple[str, ...]
    region_names: tuple[str, ...]
    valid_from: date | None
    valid_to: date | None
    rules: int
    rules_in_force: int
    origin: str
    added_by: str = ""
    added_at: str = ""


@dataclass(frozen=True, slots=True)
class PacksInForce:
    """The packs covering an area on a date, and the engine's notice when none is in force."""

    region: str
    region_name: str
    as_of: date
    packs: tuple[PackRow, ...]
    notice_zh: str = ""
    notice_en: str = ""


@dataclass(frozen=True, slots=True)
class WageRow:
    """One dated minimum-wage row; ``applies`` marks the row the lookup uses on the date."""

    wage: MinimumWage
    pack_id: str
    applies: bool


def packs_in_force(packs: Iterable[Pack], county: Iterable[CountyPack] = (), *, region: str,
                   as_of: date) -> PacksInForce:
    """The packs whose region covers ``region`` (or lies inside it), in the given order."""
    chosen = tuple(packs)
    mine = {c.pack.digest: c for c in county}
    found = rules_in_force(chosen, region=region, as_of=as_of)
    names = {code: name for p in chosen for code, name in p.region_names.items()}
    rows = tuple(_pack_row(p, mine.get(p.digest), as_of=as_of, names=names)
                 for p in chosen if _touches(p, region))
    return PacksInForce(region, region_name(chosen, region), as_of, rows, found.notice_zh,
                        found.notice_en)


def _touches(pack: Pack, region: str) -> bool:
    return pack.covers(region) or any(code.startswith(region) for code in pack.region)


def _pack_row(pack: Pack, county: CountyPack | None, *, as_of: date,
              names: dict[str, str]) -> PackRow:
    starts = [r.valid_from for r in pack.rules]
    ends = [r.valid_to for r in pack.rules]
    end = max(ends) if ends and None not in ends else None  # type: ignore[type-var]
    return PackRow(
        pack.id, pack.name_zh, pack.name_en, pack.issuer, pack.issued, pack.region,
        tuple(names.get(code, code or "全国") for code in pack.region),
        min(starts) if starts else None, end, len(pack.rules),
        sum(1 for r in pack.rules if r.in_force(as_of)),
        county.entity_id if county else BUILTIN,
        county.added_by if county else "", county.added_at if county else "")


def check_file(store: Store, path: Path | str | bytes, *, region: str | None = None
               ) -> CheckedPack:
    """The pack in ``path`` if it would publish on this county profile for ``region``
    (default: the county), with the notes of the check (rule ids it shares with another
    pack's rules for another region or window: what will happen); ``PackError`` naming
    every problem (a rule id shared for the same region and window among them), or
    ``ValidationError``."""
    return check_county_pack(store, path, region=region or store.default_scope)


def publish_file(store: Store, path: Path | str | bytes, *, region: str | None = None) -> str:
    """Check and publish a county pack (``add_county_pack``); its entity id."""
    return add_county_pack(store, path, region=region or store.default_scope)


def withdraw(store: Store, pack_id: str) -> str:
    """Withdraw the published county pack ``pack_id`` (the deletion syncs); its entity id."""
    return withdraw_county_pack(store, pack_id)


def wage_rows(packs: Iterable[Pack], *, region: str, as_of: date) -> list[WageRow]:
    """Every minimum-wage row for ``region``'s province and county, newest first; the row
    the engine uses on ``as_of`` is marked."""
    chosen = tuple(packs)
    applied = minimum_wage_row(chosen, region, as_of=as_of)
    rows = [WageRow(w, p.id, w is applied) for p in chosen for w in p.minimum_wages
            if region.startswith(w.region) or w.region.startswith(region)]
    return sorted(rows, key=lambda r: (r.wage.region[:2], -len(r.wage.region),
                                       -r.wage.valid_from.toordinal(), r.wage.tier))


def confirm_wage(store: Store, *, amount: int, valid_from: date, source: str,
                 valid_to: date | None = None, tier: str = "", today: date | None = None,
                 region: str | None = None) -> str:
    """Confirm (the same amount) or correct (another) the county's monthly minimum wage from
    ``valid_from``: a row of the county's wage pack, confirmed by the store's user today.
    ``region``, when given (the row being confirmed), must be the profile's county: another
    county's or a province's row is refused, never saved as this county's. Returns the wage
    pack's entity id. ValidationError naming the field for bad input."""
    today = today or date.today()
    county = store.default_scope[:6]
    if region is not None and region.strip() != county:
        raise ValidationError(
            "minimum_wage.region", f"所选最低工资属于地区“{region.strip()}”，不是本县（{county}），"
            "不能确认为本县的最低工资；请选择本县的一行，或用“更正…”填写本县的金额",
            f"the row is of region {region.strip()!r}, not this county ({county})")
    _check_wage(amount=amount, valid_from=valid_from, valid_to=valid_to, source=source)
    pack_id = WAGE_PACK_PREFIX + county
    with store.transaction():
        old = next((c for c in county_packs(store) if c.pack.id == pack_id), None)
        kept = [w for w in (old.pack.minimum_wages if old else ())
                if (w.region, w.valid_from) != (county, valid_from)]
        name = _county_name(store, county)
        row = MinimumWage(county, name, tier, int(amount), valid_from, valid_to,
                          source.strip(), store.user, today)
        issued = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        data = wage_pack(county=county, name=name, wages=[*kept, row], issued=issued)
        if old is not None:  # same id: a withdrawal and the new pack, in one transaction
            withdraw_county_pack(store, pack_id)
        return add_county_pack(store, data, region=county)


def _county_name(store: Store, county: str) -> str:
    from registry.policy import packs_for

    return region_name(packs_for(store), county)


def _check_wage(*, amount: int, valid_from: date, valid_to: date | None, source: str) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 100:
        raise ValidationError("minimum_wage.amount", "月最低工资应为整数元（不少于100）",
                              "a whole number of yuan, at least 100")
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError("minimum_wage.valid_to", "截止日期早于生效日期",
                              "it ends before it starts")
    if len(source.strip()) < 4:
        raise ValidationError("minimum_wage.source", "请写明依据（文件名称或文号，至少4个字）",
                              "name the source (4+ characters)")


def wage_pack(*, county: str, name: str, wages: list[MinimumWage], issued: datetime) -> bytes:
    """The workbook of a county wage pack: no rules, the given minimum-wage rows."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    about = book.create_sheet("说明")
    about.append(header_of("说明"))
    for item in (["编号", WAGE_PACK_PREFIX + county], ["名称", f"{name}月最低工资（县级确认）"],
                 ["英文名称", f"Minimum wage of {county} (confirmed by the county)"],
                 ["发文机关", f"{name}人力资源和社会保障局"], ["发布日期", issued],
                 ["适用地区", county], ["说明", "县级管理员在“政策”页确认或更正的月最低工资"]):
        about.append(item)
    for sheet in ("规则", "金额档次", "最低工资"):
        book.create_sheet(sheet).append(header_of(sheet))
    for w in wages:
        book["最低工资"].append([
            w.region, w.region_name, w.tier, w.amount, _day(w.valid_from), _day(w.valid_to),
            w.source, w.confirmed_by, _day(w.confirmed_on)])
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()


def _day(value: date | None) -> datetime | None:
    return datetime(value.year, value.month, value.day) if value else None
