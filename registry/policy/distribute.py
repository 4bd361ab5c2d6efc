"""County packs that travel by sync: published at the county, answered offline in villages.

A county policy officer publishes a pack workbook on a county profile
(:func:`add_county_pack`). It is checked exactly as ``bangfu-policy check`` does, plus
that every region it names lies within the county; any problem refuses it whole, each
problem named by sheet, row and column, and nothing is written. A clean pack becomes one
entity of the list ``policy_pack`` (``sync.protocol.reach.POLICY_PACK_LIST``): its id,
name, region, issue date, validity window, the workbook's SHA-256 and size, the
workbook bytes in base64 cut into ``data_0`` … ``data_{n-1}`` (each well under the sync
protocol's ``MAX_VALUE_BYTES``), and who added it, when.

Tied to the county: the entity's scope is the county's code, so the county server hands
it down to every device under the county, and only a county-role device may write such
an entity (the server refuses any other with 403). On every device,
:func:`packs_for` answers from the built-in packs plus the store's county packs; a pack
whose bytes do not match its SHA-256, that does not load, or that names a region outside
its scope is skipped with a logged warning naming the pack (never its content).

Rule ids: a rule reusing the id of a built-in rule, or of a rule of the county's other
published packs, for an overlapping region and validity window refuses the pack (a claim
records only the rule id, so it could not tell the two apart); reused elsewhere, it is a
note of the check (``registry.policy.clashes``). A pack with a built-in pack's very bytes
is refused.

Publishing a pack with the id of one already published replaces it when its issue date
is later (an update of the same entity, which syncs); :func:`withdraw_county_pack`
deletes it (a tombstone, which syncs).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import openpyxl

from registry.errors import ValidationError
from registry.policy import BUILTIN_DIR, load_packs
from registry.policy.clashes import PUBLISHED_EN, PUBLISHED_ZH, OtherPack, rule_id_clashes
from registry.policy.model import Pack
from registry.policy.workbook import PackError, PackProblem, _Cell, _Reader, _rows, load_pack
from registry.store import Create, Entity, Store, Update
from sync.protocol import MAX_VALUE_BYTES, ScopeError, scope_prefix
from sync.protocol.reach import POLICY_PACK_LIST

__all__ = ["CHUNK_CHARS", "MAX_PACK_BYTES", "POLICY_PACK_LIST", "CheckedPack", "CountyPack",
           "add_county_pack", "check_county_pack", "county_packs", "packs_for",
           "withdraw_county_pack"]

log = logging.getLogger(__name__)

#: Base64 characters per ``data_N`` property: its JSON string stays under MAX_VALUE_BYTES.
CHUNK_CHARS = (MAX_VALUE_BYTES - 1024) // 4 * 4
#: The largest workbook a county may publish (a pack of rules is tens of kilobytes).
MAX_PACK_BYTES = 4 * 1024 * 1024
_COUNTY_LEVEL = 6


@dataclass(frozen=True, slots=True)
class CountyPack:
    """A county pack held in the store: its entity id, scope and the loaded pack."""

    entity_id: str
    scope: str
    pack: Pack
    added_by: str
    added_at: str


@dataclass(frozen=True, slots=True)
class CheckedPack:
    """A pack that passed the publishing checks, and the notes of the check (rule ids it
    shares with another pack without ambiguity, each at its sheet, row and column)."""

    pack: Pack
    notes: tuple[PackProblem, ...] = ()


def add_county_pack(store: Store, path_or_bytes: Path | str | bytes, *, region: str) -> str:
    """Check and publish a county pack workbook on a county profile; return the entity id.

    ``region`` is the county (or a township under it) the pack is for: the entity's scope,
    which devices under it receive. Refuses with :class:`PackError` (every problem named
    by sheet, row, column) or :class:`ValidationError`, writing nothing.
    """
    data = _read(path_or_bytes)
    prefix = _publish_prefix(store, region)
    with store.transaction():  # the checks against the published packs and the write as one
        pack = _checked(store, data, prefix).pack
        props = _props(pack, data, region=region, user=store.user)
        existing = _published(store, pack.id)
        if existing is None:
            return store.write([Create(POLICY_PACK_LIST, props, scope=region)]).created[0]
        _check_replacement(existing, pack, region=region)
        old_chunks = int(existing.props.get("chunks") or 0)
        props.update({f"data_{i}": None for i in range(int(props["chunks"]), old_chunks)})
        store.write([Update(existing.id, props)])
    return existing.id


def check_county_pack(store: Store, path_or_bytes: Path | str | bytes, *, region: str
                      ) -> CheckedPack:
    """The pack :func:`add_county_pack` would publish for ``region``, checked the same way
    (:class:`PackError` naming every problem, or :class:`ValidationError`), with the
    notes of the check; writes nothing."""
    return _checked(store, _read(path_or_bytes), _publish_prefix(store, region))


def withdraw_county_pack(store: Store, pack_id: str) -> str:
    """Delete the published county pack ``pack_id`` (the deletion syncs); its entity id."""
    _publish_prefix(store, store.default_scope)
    existing = _published(store, pack_id)
    if existing is None:
        raise ValidationError("policy_pack.pack_id", f"没有已发布的县级政策包“{pack_id}”",
                              f"no published county pack {pack_id!r}")
    store.delete(existing.id)
    return existing.id


def county_packs(store: Store) -> list[CountyPack]:
    """The store's county packs whose bytes match their SHA-256 and whose regions lie in
    their scope, in (pack id, entity id) order; others are skipped with a logged warning."""
    out = []
    for entity in store.find(POLICY_PACK_LIST):
        pack = _verified(entity)
        if pack is not None:
            out.append(CountyPack(entity.id, entity.scope, pack,
                                  str(entity.props.get("added_by") or ""),
                                  str(entity.props.get("added_at") or "")))
    return sorted(out, key=lambda c: (c.pack.id, c.entity_id))


def packs_for(store: Store) -> list[Pack]:
    """The packs a device answers from: the built-in ones, then the store's valid county
    packs (see :func:`county_packs`)."""
    return [*_builtin_packs(), *(c.pack for c in county_packs(store))]


# -- publishing ---------------------------------------------------------------------

def _read(path_or_bytes: Path | str | bytes) -> bytes:
    if isinstance(path_or_bytes, bytes | bytearray):
        data = bytes(path_or_bytes)
    else:
        path = Path(path_or_bytes)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ValidationError("policy_pack.file", f"无法读取政策包文件 {path.name}：{exc.strerror}",
                                  f"cannot read the pack file {path.name}") from None
    if len(data) > MAX_PACK_BYTES:
        raise ValidationError("policy_pack.file",
                              f"政策包文件过大（{len(data) // 1024} KB，上限 {MAX_PACK_BYTES // 1024} KB）",
                              "the pack file is too large")
    return data


def _publish_prefix(store: Store, region: str) -> str:
    """The scope prefix ``region`` covers, if this is a county profile and ``region``
    lies within its county; else a ValidationError."""
    try:
        county = scope_prefix(store.default_scope)
    except ScopeError:
        county = ""
    if len(county) != _COUNTY_LEVEL:
        raise ValidationError("policy_pack", "只有县级档案可以发布或撤回县级政策包（本设备不是县级）",
                              "only a county profile may publish or withdraw county packs")
    try:
        prefix = scope_prefix(str(region))
    except ScopeError:
        raise ValidationError("policy_pack.region", f"适用地区“{region}”不是行政区划代码",
                              "the region is not a division code") from None
    if not prefix.startswith(county):
        raise ValidationError("policy_pack.region", f"适用地区 {region} 不在本县（{county}）之内",
                              "the region lies outside this county")
    return prefix


def _checked(store: Store, data: bytes, prefix: str) -> CheckedPack:
    """The pack, after the checks of ``bangfu-policy check``, that each region it names
    lies within ``prefix`` and that no rule id is ambiguous beside the built-in packs and
    the county's other published ones; PackError naming every problem otherwise."""
    pack = load_pack(data)  # raises PackError with every problem of the workbook
    clashes = rule_id_clashes(data, pack, _others(store, pack))
    problems = [*_outside(data, pack, prefix=prefix), *clashes.refusals]
    if problems:
        raise PackError(problems)
    return CheckedPack(pack, clashes.notes)


def _others(store: Store, pack: Pack) -> list[OtherPack]:
    """The packs a county pack is answered beside: the built-in ones and the county's
    published ones, but the one it would replace (the same pack id)."""
    return [*(OtherPack(p) for p in _builtin_packs()),
            *(OtherPack(c.pack, PUBLISHED_ZH, PUBLISHED_EN) for c in county_packs(store)
              if c.pack.id != pack.id)]


def _outside(data: bytes, pack: Pack, *, prefix: str) -> list[PackProblem]:
    """Problems of each 适用地区, 规则/地区 and 最低工资/地区 cell naming a region outside."""
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    reader, problems = _Reader(), []
    rules = {rule.id: rule.region for rule in pack.rules}
    for row in _rows(book, "说明", reader=reader):
        if "item" in row and str(row["item"].value or "").strip() == "适用地区":
            problems += _outside_cell(row["value"], pack.region, prefix=prefix)
    for row in _rows(book, "规则", reader=reader):
        region = rules.get(str(row["id"].value or "").strip())
        if region is not None and str(row["region"].value or "").strip():
            problems += _outside_cell(row["region"], region, prefix=prefix)
    if "最低工资" in book.sheetnames:
        for row in _rows(book, "最低工资", reader=reader):
            problems += _outside_cell(row["region"], (str(row["region"].value).strip(),),
                                      prefix=prefix)
    book.close()
    return problems


def _outside_cell(cell: _Cell, codes: tuple[str, ...], *, prefix: str) -> list[PackProblem]:
    bad = [code or "全国" for code in codes if not code.startswith(prefix)]
    if not bad:
        return []
    return [PackProblem(cell.sheet, cell.row, cell.column, cell.header,
                        f"地区“{'、'.join(bad)}”不在发布范围（{prefix}）之内：县级政策包只能用于本县",
                        f"region(s) {', '.join(bad)} outside the publishing scope {prefix}")]


def _props(pack: Pack, data: bytes, *, region: str, user: str) -> dict[str, Any]:
    text = base64.b64encode(data).decode("ascii")
    chunks = [text[i:i + CHUNK_CHARS] for i in range(0, len(text), CHUNK_CHARS)]
    starts = [r.valid_from for r in pack.rules]
    ends = [r.valid_to for r in pack.rules]
    return {
        "pack_id": pack.id, "name": pack.name_zh, "issuer": pack.issuer, "region": region,
        "issued": pack.issued.isoformat(),
        "valid_from": min(starts).isoformat() if starts else None,
        "valid_to": _latest(ends),
        "sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "chunks": len(chunks),
        **{f"data_{i}": chunk for i, chunk in enumerate(chunks)},
        "added_by": user, "added_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _latest(ends: list[date | None]) -> str | None:
    """The latest end date, or ``None`` when there is none or a rule has no end."""
    known = [end for end in ends if end is not None]
    return max(known).isoformat() if known and len(known) == len(ends) else None


def _published(store: Store, pack_id: str) -> Entity | None:
    for entity in store.find(POLICY_PACK_LIST):
        if entity.props.get("pack_id") == pack_id:
            return entity
    return None


def _check_replacement(existing: Entity, pack: Pack, *, region: str) -> None:
    if existing.scope != region:
        raise ValidationError(
            "policy_pack.region",
            f"政策包“{pack.id}”已发布到 {existing.scope}：发布到 {region} 须先撤回原包",
            f"pack {pack.id!r} is published for {existing.scope}: withdraw it first")
    if existing.props.get("sha256") == pack.digest:
        raise ValidationError("policy_pack", f"政策包“{pack.id}”已发布（内容相同），无需重复发布",
                              f"pack {pack.id!r} is already published with the same bytes")
    old = str(existing.props.get("issued") or "")
    if old and pack.issued.isoformat() <= old:
        raise ValidationError(
            "policy_pack.issued",
            f"政策包“{pack.id}”已有 {old} 发布的版本：替换须使用更晚的发布日期（说明/发布日期）",
            f"pack {pack.id!r} issued {old} exists: a replacement needs a later issue date")


# -- loading on a device ----------------------------------------------------------

@lru_cache(maxsize=1)
def _builtin_packs() -> tuple[Pack, ...]:
    return tuple(load_packs(BUILTIN_DIR))


@lru_cache(maxsize=64)
def _pack_of_bytes(digest: str, data: bytes) -> Pack:
    del digest  # the cache key: the same bytes load once
    return load_pack(data)


def _verified(entity: Entity) -> Pack | None:
    """The entity's pack if its bytes match its SHA-256, it loads and its regions lie in
    the entity's scope; ``None`` (with a warning naming the pack) otherwise."""
    props = entity.props
    name = f"{props.get('pack_id') or '?'}（{entity.id}）"
    data = _joined(props)
    if data is None or hashlib.sha256(data).hexdigest() != props.get("sha256"):
        log.warning("county pack %s skipped: its bytes do not match its SHA-256", name)
        return None
    try:
        pack = _pack_of_bytes(str(props["sha256"]), data)
    except PackError:
        log.warning("county pack %s skipped: the workbook does not load", name)
        return None
    try:
        prefix = scope_prefix(entity.scope)
    except ScopeError:
        prefix = "?"
    codes = [*pack.region, *(c for r in pack.rules for c in r.region),
             *(w.region for w in pack.minimum_wages)]
    if pack.id != props.get("pack_id") or any(not c.startswith(prefix) for c in codes):
        log.warning("county pack %s skipped: its id or regions do not match its scope", name)
        return None
    return pack


def _joined(props: dict[str, Any]) -> bytes | None:
    """The workbook bytes of the ``data_N`` properties (``None`` if any is missing)."""
    try:
        count = int(props.get("chunks") or 0)
        text = "".join(str(props[f"data_{i}"]) for i in range(count))
        return base64.b64decode(text.encode("ascii"), validate=True) if count else None
    except (KeyError, ValueError, TypeError, UnicodeEncodeError, binascii.Error):
        return None
