"""A member's work history (the household page's 务工记录), read from their follow-ups. No Qt.

The monthly follow-up (月度就业跟踪, list ``visit``) records whether the person works and, if so,
where (``work_place``: 县内 / 省内县外 / 省外 / 国外, or a typed place), the channel, the
employer, since when (``start_date``) and the monthly income; nothing in the app writes
``work_spell`` records. ``work_spells`` turns a person's follow-ups into spells: consecutive
follow-ups saying the person works at the same place, through the same channel, for the same
employer (an answer left blank is no change) are one spell, from the month it started to
the month of its last follow-up; a 开始日期 after that month starts a new one. A follow-up
saying the person does not work (未就业, 返乡, 在家) ends the spell before it; one with no
status recorded is left out.
``work_spell`` records on file (a ledger import, another system) are listed beside them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from registry.store import Entity
from registry.worklist import EMPLOYED, FOLLOWUP_STATUS

#: Where a spell comes from: the person's follow-ups, or a ``work_spell`` record.
FROM_FOLLOWUPS, FROM_RECORD = "visit", "work_spell"


@dataclass(frozen=True)
class WorkSpell:
    """One spell of work of one person.

    ``start`` and ``end`` are months (``2026-03``) for a spell read from follow-ups, the
    record's dates for a ``work_spell`` record ('' when not known; a record without an end is
    still going on). ``work_place`` is the form's choice name (``outside``) or a typed place;
    ``channel`` a follow-up's 就业渠道 choice; ``monthly_income`` the latest one recorded
    (None if none). ``followups`` counts the follow-ups merged into the spell (0 for a
    record); ``id`` is the spell's latest follow-up's id, or the record's."""

    id: str
    person_id: str
    start: str
    end: str
    work_place: str
    employer: str
    monthly_income: Any
    source: str
    channel: str = ""
    organised_export: Any = None
    followups: int = 0

    @property
    def parent(self) -> str:
        """The person the spell is about (the household page names them by it)."""
        return self.person_id


def work_spells(visits: Iterable[Entity], records: Iterable[Entity] = (), *,
                member_of: Mapping[str, str] | None = None) -> list[WorkSpell]:
    """The spells of work of the people whose follow-ups (``visits``) and ``work_spell``
    ``records`` are given, newest first (by the month a spell ended, then began; a record
    with a start and no end, still going on, before all others).

    ``member_of`` maps a record's person id to the person it stands for (a person record
    merged into a member: its follow-ups are the member's); follow-ups without a visit date
    are left out. Consecutive follow-ups of one person saying 就业 are one spell while their
    work place, channel and employer stay the same; an answer left blank (the form does not
    require the employer; older follow-ups have no place) is taken as the spell's, not as a
    change."""
    member_of = member_of or {}
    by_person: dict[str, list[Entity]] = {}
    for visit in visits:
        if _text(visit.props.get("visit_date")):
            person = str(visit.parent or visit.props.get("person_id") or "")
            by_person.setdefault(member_of.get(person, person), []).append(visit)
    spells = [spell for person, followups in by_person.items()
              for spell in _person_spells(person, followups)]
    spells += [recorded_spell(r, member_of=member_of) for r in records]
    return sorted(spells, key=_newest, reverse=True)


def recorded_spell(record: Entity, *, member_of: Mapping[str, str] | None = None
                   ) -> WorkSpell:
    """A ``work_spell`` record as a spell (its dates, place, employer and income as
    recorded; older imports say ``start`` / ``end`` / ``region``)."""
    props = record.props
    person = str(record.parent or props.get("person_id") or "")
    return WorkSpell(
        id=record.id, person_id=(member_of or {}).get(person, person),
        start=_text(props.get("start_date") or props.get("start")),
        end=_text(props.get("end_date") or props.get("end")),
        work_place=_text(props.get("work_place") or props.get("region")),
        employer=_text(props.get("employer")), monthly_income=_income(props),
        source=FROM_RECORD)


def is_employed(props: Mapping[str, Any]) -> bool:
    """Whether a follow-up says the person works (就业: the form's ``employed``)."""
    status = _text(props.get("employment_status"))
    return FOLLOWUP_STATUS.get(status, status) == EMPLOYED


def _person_spells(person: str, followups: list[Entity]) -> list[WorkSpell]:
    """One person's spells, oldest first, from their follow-ups in any order."""
    spells: list[WorkSpell] = []
    current: WorkSpell | None = None
    for visit in sorted(followups, key=lambda v: (_text(v.props.get("visit_date")), v.id)):
        if not _text(visit.props.get("employment_status")):
            continue  # no status recorded: it neither goes on with a spell nor ends it
        if not is_employed(visit.props):
            current = None
            continue
        if current is not None and _continues(current, visit.props):
            current = spells[-1] = _extended(current, visit)
        else:
            current = _started(person, visit)
            spells.append(current)
    return spells


def _started(person: str, visit: Entity) -> WorkSpell:
    props = visit.props
    month = _month(props.get("visit_date"))
    began = _month(props.get("start_date"))
    return WorkSpell(
        id=visit.id, person_id=person, start=min(began, month) if began else month, end=month,
        work_place=_text(props.get("work_place")), employer=_text(props.get("employer")),
        monthly_income=_income(props), source=FROM_FOLLOWUPS,
        channel=_text(props.get("channel")), organised_export=props.get("organised_export"),
        followups=1)


def _continues(spell: WorkSpell, props: Mapping[str, Any]) -> bool:
    """Whether a follow-up saying 就业 goes on with ``spell`` (same place, channel and
    employer; an answer left blank on either side is no change), unless its 开始日期 is
    after the spell's last follow-up (a new job, maybe at the same place)."""
    began = _month(props.get("start_date"))
    if began and began > spell.end:  # a new job since the spell's last follow-up
        return False
    return all(not mine or not theirs or mine == theirs
               for mine, theirs in ((spell.work_place, _text(props.get("work_place"))),
                                    (spell.employer, _text(props.get("employer"))),
                                    (spell.channel, _text(props.get("channel")))))


def _extended(spell: WorkSpell, visit: Entity) -> WorkSpell:
    """``spell`` with one more (later) follow-up: it ends in that month and keeps its
    latest place, employer, channel and income."""
    props = visit.props
    income = _income(props)
    return WorkSpell(
        id=visit.id, person_id=spell.person_id, start=spell.start,
        end=_month(props.get("visit_date")),
        work_place=_text(props.get("work_place")) or spell.work_place,
        employer=_text(props.get("employer")) or spell.employer,
        monthly_income=spell.monthly_income if income is None else income,
        source=FROM_FOLLOWUPS, channel=_text(props.get("channel")) or spell.channel,
        organised_export=(spell.organised_export if props.get("organised_export") is None
                          else props.get("organised_export")),
        followups=spell.followups + 1)


def _newest(spell: WorkSpell) -> tuple[str, str]:
    end = spell.end or ("9999" if spell.source == FROM_RECORD and spell.start else "")
    return end, spell.start


def _income(props: Mapping[str, Any]) -> Any:
    value = props.get("monthly_income")
    return None if value is None or _text(value) == "" else value


def _month(value: Any) -> str:
    """``2026-03-15`` -> ``2026-03`` ('' for nothing)."""
    return _text(value)[:7]


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""
