"""The desk's table models: lookup hits (人 / 户, household beside each person) and jobs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from desktop.models import TableModel
from registry.desk import Found, Lookup
from registry.job_match import Match
from registry.store import Entity

IdRole = Qt.ItemDataRole.UserRole + 2
KindRole = Qt.ItemDataRole.UserRole + 3
Index = QModelIndex | QPersistentModelIndex
PLACE_WORDS = {"county": QT_TRANSLATE_NOOP("desk_models", "县内"),
               "province": QT_TRANSLATE_NOOP("desk_models", "省内县外"),
               "outside": QT_TRANSLATE_NOOP("desk_models", "省外"),
               "abroad": QT_TRANSLATE_NOOP("desk_models", "国外")}


def _tr(text: str) -> str:
    return QCoreApplication.translate("desk_models", text)


class FoundModel(TableModel):
    """Lookup hits, people first, then households; each person with their household."""

    CONTEXT = "desk_models"
    HEADERS = (QT_TRANSLATE_NOOP("desk_models", "类别"),
               QT_TRANSLATE_NOOP("desk_models", "姓名"),
               QT_TRANSLATE_NOOP("desk_models", "身份证号"),
               QT_TRANSLATE_NOOP("desk_models", "户（户编号 · 户主）"))

    def set_lookup(self, found: Lookup) -> None:
        """Show what a lookup found."""
        self._replace([*found.people, *found.households])

    def found_at(self, row: int) -> Found:
        """The hit of one row."""
        return self._rows[row]

    def counts(self) -> tuple[int, int]:
        """How many people and households are shown."""
        people = sum(1 for r in self._rows if r.kind == "person")
        return people, len(self._rows) - people

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit: Found = self._rows[index.row()]
        if role == IdRole:
            return hit.id
        if role == KindRole:
            return hit.kind
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        household = " · ".join(part for part in (hit.household_no, hit.household_head) if part)
        kind = (QCoreApplication.translate("desk_models", "人") if hit.kind == "person"
                else QCoreApplication.translate("desk_models", "户"))
        return (kind, hit.name, hit.masked_id,
                household)[index.column()]


class JobsModel(TableModel):
    """Open job postings, with the match score when a person is open."""

    CONTEXT = "desk_models"
    HEADERS = (QT_TRANSLATE_NOOP("desk_models", "匹配"),
               QT_TRANSLATE_NOOP("desk_models", "用工单位"),
               QT_TRANSLATE_NOOP("desk_models", "岗位"),
               QT_TRANSLATE_NOOP("desk_models", "月薪（元）"),
               QT_TRANSLATE_NOOP("desk_models", "工作地域"),
               QT_TRANSLATE_NOOP("desk_models", "招聘人数"))

    def set_jobs(self, jobs: Sequence[tuple[Entity, Match | None]]) -> None:
        """Show postings, each with its match (or None when no person is open)."""
        self._replace(jobs)

    def job_at(self, row: int) -> Entity:
        """The posting of one row."""
        return self._rows[row][0]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        job, match = self._rows[index.row()]
        if role == IdRole:
            return job.id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 3, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        props = job.props
        return (str(match.score) if match else "", str(props.get("employer") or ""),
                str(props.get("job_title") or ""), _wage(props),
                _tr(PLACE_WORDS.get(str(props.get("work_place")), ""))
                or str(props.get("work_place") or ""),
                str(props.get("openings") or ""))[index.column()]


def _wage(props: dict[str, Any]) -> str:
    low, high = props.get("salary_min"), props.get("salary_max")
    numbers = [f"{float(v):.0f}" for v in (low, high) if v not in (None, "")]
    return "–".join(dict.fromkeys(numbers))
