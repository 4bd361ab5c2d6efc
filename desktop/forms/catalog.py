"""The built-in forms (``forms/builtin/*.xlsx``), listed by title without loading them.

``builtin_form_index`` does load them (about half a second, once per process), to map a
stored form id back to its file, title and questions; call it on the DB thread (``ops.draft_rows`` does).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

import openpyxl
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

import forms
from forms.loader import load_form
from forms.model import Form

BUILTIN_DIR = Path(forms.__file__).resolve().parent / "builtin"


# The built-in forms' titles (their settings sheets are Chinese only), for Qt Linguist.
BUILTIN_TITLES = (
    QT_TRANSLATE_NOOP("forms", "月度就业跟踪"),
    QT_TRANSLATE_NOOP("forms", "离校未就业高校毕业生跟踪服务"),
    QT_TRANSLATE_NOOP("forms", "农户信息登记"),
    QT_TRANSLATE_NOOP("forms", "岗位信息发布"),
    QT_TRANSLATE_NOOP("forms", "劳动力信息登记"),
    QT_TRANSLATE_NOOP("forms", "公益性岗位上岗与退出"),
    QT_TRANSLATE_NOOP("forms", "安置点就业服务记录"),
    QT_TRANSLATE_NOOP("forms", "培训报名"),
)


def shown_title(title: str) -> str:
    """A form title in the UI language (a built-in title translated; others as they are)."""
    return QCoreApplication.translate("forms", title) if title in BUILTIN_TITLES else title


@dataclass(frozen=True)
class FormEntry:
    """A form file and its title (from the settings sheet)."""

    title: str
    path: Path


def builtin_forms(folder: Path = BUILTIN_DIR) -> list[FormEntry]:
    """The forms in ``folder``, in file-name order, each with its form_title."""
    return [FormEntry(form_title(path), path) for path in sorted(folder.glob("*.xlsx"))]


def form_title(path: Path) -> str:
    """``settings.form_title`` of an XLSForm file (its file name when there is none)."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        if "settings" not in workbook.sheetnames:
            return path.stem
        rows = workbook["settings"].iter_rows(max_row=2, values_only=True)
        header, values = next(rows, ()), next(rows, ())
        titles = dict(zip(header, values, strict=False))
        return str(titles.get("form_title") or path.stem)
    finally:
        workbook.close()


#: Field types that are not questions a person answers.
NOT_QUESTIONS = frozenset({"calculate", "hidden", "note"})


@dataclass(frozen=True)
class FormInfo:
    """A loaded form's id, title, file and the keys of the questions a person answers."""

    form_id: str
    title: str
    path: Path
    questions: frozenset[str]


def questions_of(form: Form) -> frozenset[str]:
    """Keys ('members/full_name') of the fields a person fills: not calculated, hidden or notes."""
    return frozenset(e.key for e in form.elements()
                     if e.kind == "field" and e.type not in NOT_QUESTIONS
                     and "calculation" not in e.expressions)


@cache
def builtin_form_index(folder: Path = BUILTIN_DIR) -> Mapping[str, FormInfo]:
    """The forms in ``folder`` by form id (loaded once, then cached; slow: not on the GUI thread)."""
    index: dict[str, FormInfo] = {}
    for path in sorted(folder.glob("*.xlsx")):
        form = load_form(path)
        index[form.form_id] = FormInfo(form.form_id, form.settings.form_title or form.form_id,
                                       path, questions_of(form))
    return MappingProxyType(index)
