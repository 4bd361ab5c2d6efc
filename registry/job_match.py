"""Matching job postings to a person: skills, wished work place, wage (pure, no store).

``score_job(person, job, today=...)`` gives a ``Match`` with a score from 0 to 100 and the
reasons, in three parts: skill (50: the person's skill named in the job title, or a shared
two-character word), place (30: the wished place; 县内 is the default wish at a relocation
site, one step further away half), wage (20: the job pays the wage asked, or the most when
none is asked). A posting that has expired or has no openings left is not a match at all.
``rank_jobs`` orders postings by score, then by the higher wage.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

SKILL_POINTS = 50
PLACE_POINTS = 30
WAGE_POINTS = 20
#: Work places from near to far (the job-posting form's choice names).
PLACES = ("county", "province", "outside", "abroad")
PLACE_LABELS = {"县内": "county", "省内县外": "province", "省外": "outside", "国外": "abroad"}
#: The wage asked when the person states none: the reference for the wage part.
REFERENCE_WAGE = 4000


@dataclass(frozen=True, slots=True)
class Match:
    """How well one posting fits one person, and why (reason codes with their points)."""

    job_id: str
    score: int
    reasons: tuple[tuple[str, int], ...]


def place_code(value: Any) -> str | None:
    """A work place as a choice name (``county`` ...), from a name or a label; else None."""
    text = str(value or "").strip()
    if text in PLACES:
        return text
    return PLACE_LABELS.get(text)


def is_open(job: Mapping[str, Any], *, today: date) -> bool:
    """True if the posting still takes people: not expired, openings left."""
    until = str(job.get("valid_until") or "")[:10]
    if until and until < today.isoformat():
        return False
    openings = _number(job.get("openings"))
    return openings is None or openings > 0


def score_job(person: Mapping[str, Any], job: Mapping[str, Any], *, job_id: str = "",
              today: date) -> Match | None:
    """The match of one posting for one person, or None if the posting is closed."""
    if not is_open(job, today=today):
        return None
    parts = [_skill(person, job), _place(person, job), _wage(person, job)]
    reasons = tuple((name, points) for name, points in parts if points)
    return Match(job_id, sum(points for _name, points in parts), reasons)


def rank_jobs(person: Mapping[str, Any], jobs: Iterable[tuple[str, Mapping[str, Any]]], *,
              today: date, limit: int = 20) -> list[Match]:
    """The open postings ``(id, props)`` best first (score, then wage), at most ``limit``."""
    scored = []
    for job_id, props in jobs:
        match = score_job(person, props, job_id=job_id, today=today)
        if match is not None:
            scored.append((match, _number(props.get("salary_max") or props.get("salary_min"))))
    scored.sort(key=lambda pair: (-pair[0].score, -(pair[1] or 0), pair[0].job_id))
    return [match for match, _wage in scored[:limit]]


def _skill(person: Mapping[str, Any], job: Mapping[str, Any]) -> tuple[str, int]:
    skill = str(person.get("skill") or "").strip()
    wanted = " ".join(str(job.get(key) or "") for key in ("job_title", "skills"))
    if not skill or not wanted.strip():
        return "skill", 0
    if skill in wanted or any(word in skill for word in wanted.split() if len(word) >= 2):
        return "skill", SKILL_POINTS
    if _pairs(skill) & _pairs(wanted):
        return "skill", SKILL_POINTS // 2
    return "skill", 0


def _pairs(text: str) -> set[str]:
    """The two-character runs of a text without spaces (电工 in 维修电工)."""
    return {text[i:i + 2] for i in range(len(text) - 1) if " " not in text[i:i + 2]}


def _place(person: Mapping[str, Any], job: Mapping[str, Any]) -> tuple[str, int]:
    where = place_code(job.get("work_place"))
    wish = place_code(person.get("wished_place")) or "county"
    if where is None:
        return "place", 0
    distance = abs(PLACES.index(where) - PLACES.index(wish))
    return "place", PLACE_POINTS if distance == 0 else PLACE_POINTS // 2 if distance == 1 else 0


def _wage(person: Mapping[str, Any], job: Mapping[str, Any]) -> tuple[str, int]:
    pays = _number(job.get("salary_max")) or _number(job.get("salary_min"))
    if not pays:
        return "wage", 0
    asked = _number(person.get("expected_wage")) or REFERENCE_WAGE
    if pays >= asked:
        return "wage", WAGE_POINTS
    return "wage", int(WAGE_POINTS * pays / asked)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
