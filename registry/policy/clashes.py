"""Rule ids a pack shares with the packs it will be answered beside (pure: no store).

Rule ids are unique across all packs (docs/guide-policy.md): a claim records only its
rule's id, and ``bangfu-policy test`` names a rule by it. A county pack that reuses the id
of a built-in rule (or of a rule in one of the county's other published packs) is checked
here, rule by rule:

- the same region and overlapping validity windows: refused. Both rules would be in force
  together; one answers by precedence, but a claim cannot say which of the two it was for
  (once-a-year and exclusions would mix them). The problem names the id, the other pack
  and rule, the windows, and what to change (a new id, or a start after the other's end);
- the same region, windows apart (a county rule taking over a built-in one after it
  ended): allowed, with a note saying which rule answers when and that their claims share
  the id;
- regions apart: allowed, with a note (the two never answer for the same place);
- the same region and another kind of rule (a subsidy's id reused for a check): refused
  whatever the windows, as each kind's rule stays in force beside the other.

A pack whose bytes are those of a built-in pack is refused as a whole: every device has it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import openpyxl

from registry.policy.model import Pack, Rule
from registry.policy.workbook import PackProblem, _Cell, _Reader, _rows

BUILTIN_ZH, BUILTIN_EN = "内置政策包", "built-in pack"
PUBLISHED_ZH, PUBLISHED_EN = "本县已发布的政策包", "the county's published pack"


@dataclass(frozen=True, slots=True)
class OtherPack:
    """A pack the checked pack will be answered beside, and how to call it (内置政策包 …)."""

    pack: Pack
    origin_zh: str = BUILTIN_ZH
    origin_en: str = BUILTIN_EN


@dataclass(frozen=True, slots=True)
class Clashes:
    """Reused rule ids: ``refusals`` make the pack ambiguous; ``notes`` only say what happens."""

    refusals: tuple[PackProblem, ...] = ()
    notes: tuple[PackProblem, ...] = ()


def rule_id_clashes(data: bytes, pack: Pack, others: Iterable[OtherPack]) -> Clashes:
    """Each rule of ``pack`` (the workbook ``data``, loaded) whose id a rule of ``others``
    already has, as a refusal or a note at its 规则/编号 cell (see the module docstring)."""
    chosen = tuple(others)
    same = [o for o in chosen if o.pack.digest and o.pack.digest == pack.digest]
    cells = _id_cells(data)
    if same:
        return Clashes(refusals=(_identical(cells.get("", _about_cell()), same[0]),))
    names = {code: name for o in (*chosen, OtherPack(pack)) for code, name
             in o.pack.region_names.items()}
    refusals: list[PackProblem] = []
    notes: list[PackProblem] = []
    for rule in pack.rules:
        for other, theirs in _same_id(rule, chosen):
            cell = cells.get(rule.id) or _Cell("规则", 0, "A", "编号", rule.id)
            problem = _problem(cell, rule, other, theirs, names=names)
            (refusals if _ambiguous(rule, theirs) else notes).append(problem)
    return Clashes(tuple(refusals), tuple(notes))


def _same_id(rule: Rule, others: tuple[OtherPack, ...]) -> Iterable[tuple[OtherPack, Rule]]:
    for other in others:
        for theirs in other.pack.rules:
            if theirs.id == rule.id:
                yield other, theirs


def _ambiguous(mine: Rule, theirs: Rule) -> bool:
    # rules of different kinds never take over from each other: each governs its own
    # kind, and an answer asked for by the shared id could be either
    return _regions_meet(mine, theirs) and (mine.kind != theirs.kind
                                            or _windows_meet(mine, theirs))


def _regions_meet(a: Rule, b: Rule) -> bool:
    return any(x.startswith(y) or y.startswith(x) for x in a.region for y in b.region)


def _windows_meet(a: Rule, b: Rule) -> bool:
    return (a.valid_from <= (b.valid_to or date.max)
            and b.valid_from <= (a.valid_to or date.max))


def _window(rule: Rule) -> tuple[str, str]:
    start, end = rule.valid_from.isoformat(), rule.valid_to.isoformat() if rule.valid_to else ""
    return f"{start} 至 {end or '长期'}", f"{start} to {end or 'open-ended'}"


def _where(rule: Rule, names: dict[str, str]) -> str:
    return "、".join(names.get(code, code) if code else "全国" for code in rule.region)


def _problem(cell: _Cell, mine: Rule, other: OtherPack, theirs: Rule, *,
             names: dict[str, str]) -> PackProblem:
    (mine_zh, mine_en), (theirs_zh, theirs_en) = _window(mine), _window(theirs)
    head_zh = (f"规则编号“{mine.id}”已用于{other.origin_zh}“{other.pack.id}”"
               f"（{other.pack.name_zh}）的规则“{theirs.name_zh}”")
    head_en = (f"rule id {mine.id!r} is already used by {other.origin_en} "
               f"{other.pack.id!r} ({theirs.name_en or theirs.name_zh})")
    if _regions_meet(mine, theirs) and mine.kind != theirs.kind:
        zh = (f"{head_zh}，那是另一类规则（{theirs.kind}，本规则为 {mine.kind}）："
              "两条规则会各自有效，按编号查询时分不清是哪一条。请给本规则改用新编号")
        en = (f"{head_en}, a rule of another kind ({theirs.kind}; this one is {mine.kind}): "
              "both would be in force and an answer asked for by the id could be either. "
              "Give this rule a new id")
    elif not _regions_meet(mine, theirs):
        zh = (f"{head_zh}（{_where(theirs, names)}），但地区不重叠，两条规则互不影响；"
              "为免混淆，建议改用新编号")
        en = f"{head_en}, for another region: the two never answer together; a new id is clearer"
    elif not _windows_meet(mine, theirs):
        zh = (f"{head_zh}，有效期不重叠：{mine_zh} 按本包的规则作答，{theirs_zh} 按"
              f"{other.origin_zh}的规则作答；两条规则的补贴登记都记在“{mine.id}”名下。"
              "如不是有意接替那条规则，请改用新编号")
        en = (f"{head_en}; the windows do not overlap: this pack's rule answers {mine_en}, "
              f"the other {theirs_en}; claims of both are recorded under {mine.id!r}. "
              "If this rule is not meant to take over from it, give it a new id")
    else:
        after = (f"，或让本规则在 {theirs.valid_to.isoformat()} 之后才生效" if theirs.valid_to
                 else "")
        after_en = f", or start it after {theirs.valid_to.isoformat()}" if theirs.valid_to else ""
        zh = (f"{head_zh}，地区（{_where(theirs, names)}）和有效期（{theirs_zh}）与本规则"
              f"（{mine_zh}）重叠：两条规则会同时有效，补贴登记只记规则编号，分不清是哪一条。"
              f"请给本规则改用新编号（如“{mine.id}_{mine.valid_from.year}”）{after}")
        en = (f"{head_en}, for an overlapping region and window ({theirs_en}; this rule "
              f"{mine_en}): both would be in force and a claim, recorded by rule id, could "
              f"not tell which. Give this rule a new id{after_en}")
    return PackProblem(cell.sheet, cell.row, cell.column, cell.header, zh, en)


def _identical(cell: _Cell, other: OtherPack) -> PackProblem:
    zh = (f"此文件与{other.origin_zh}“{other.pack.id}”内容完全相同，各设备已有，无需发布；"
          "县里的新政策请另起政策包编号和规则编号")
    en = (f"this file is the {other.origin_en} {other.pack.id!r} (same bytes): every device "
          "has it already; a county's new policy needs its own pack and rule ids")
    return PackProblem(cell.sheet, cell.row, cell.column, cell.header, zh, en)


def _about_cell() -> _Cell:
    return _Cell("说明", 2, "B", "内容", "")


def _id_cells(data: bytes) -> dict[str, _Cell]:
    """The 编号 cell of each rule id (first row), and under "" the 说明/编号 cell."""
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    reader, cells = _Reader(), {}
    try:
        for row in _rows(book, "说明", reader=reader):
            if "item" in row and str(row["item"].value or "").strip() == "编号" and "value" in row:
                cells.setdefault("", row["value"])
        for row in _rows(book, "规则", reader=reader):
            if "id" in row:
                cells.setdefault(str(row["id"].value or "").strip(), row["id"])
    finally:
        book.close()
    return cells
