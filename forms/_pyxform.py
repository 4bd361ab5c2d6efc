"""The one place that talks to pyxform (pinned 4.5.0: its JSON tree is internal).

``convert`` runs the same steps as ``pyxform.xls2xform.convert`` (read the workbook, build
the JSON tree, build the survey and its XForm so pyxform's own checks all run) and returns
the JSON tree together with the row number of every survey row, so that the loader can say
where a problem is. Every failure comes out as :class:`forms.errors.FormError`.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forms.errors import FormError

_ROW_PATTERNS = (
    re.compile(r"\[row\s*:\s*(\d+)\]", re.IGNORECASE),
    re.compile(r"\brow\s*(?:number\s*)?[:#]?\s*'?(\d+)", re.IGNORECASE),
)
_SHEET_PATTERN = re.compile(r"'(survey|choices|settings|entities|external_choices)'(?: sheet)?", re.I)
_COLUMN_PATTERN = re.compile(r"'([a-z_:]+)' column|column '([a-z_:]+)'", re.IGNORECASE)


@dataclass(frozen=True)
class RawForm:
    """pyxform's JSON tree plus what the loader needs to locate rows."""

    tree: dict[str, Any]
    survey_rows: tuple[tuple[int, str], ...]  # (sheet row number, name), data rows only
    warnings: tuple[str, ...]


def convert(source: str | Path | bytes, *, file_type: str | None = None) -> RawForm:
    """Convert an XLSForm (path or bytes) with pyxform; raises FormError on any failure."""
    from pyxform.builder import create_survey_element_from_dict
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import workbook_to_json
    from pyxform.xls2json_backends import get_xlsform

    warnings: list[str] = []
    try:
        if isinstance(source, Path):
            source = str(source)
        workbook = get_xlsform(xlsform=source, file_type=file_type)
        tree = workbook_to_json(
            workbook_dict=workbook,
            fallback_form_name=workbook.fallback_form_name,
            warnings=warnings,
        )
        survey = create_survey_element_from_dict(tree)
        survey.to_xml(validate=False, warnings=warnings)
    except PyXFormError as exc:
        raise _from_pyxform(exc) from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise FormError(f"无法读取表单文件：{exc}", f"cannot read the form file: {exc}") from exc
    except Exception as exc:  # pyxform and its readers raise many kinds on bad input
        raise FormError(
            f"XLSForm 无法转换（{type(exc).__name__}）：{exc}",
            f"the XLSForm cannot be converted ({type(exc).__name__}): {exc}",
        ) from exc
    return RawForm(tree=tree, survey_rows=_survey_rows(workbook.survey), warnings=tuple(warnings))


def _survey_rows(rows: Any) -> tuple[tuple[int, str], ...]:
    result = []
    for number, row in enumerate(rows or [], start=2):
        name = _column(row, "name")
        if name:
            result.append((number, str(name).strip()))
    return tuple(result)


def _column(row: dict[str, Any], wanted: str) -> Any:
    for key, value in row.items():
        if str(key).strip().lower() == wanted:
            return value
    return None


def _from_pyxform(exc: Exception) -> FormError:
    context = getattr(exc, "context", None) or {}
    message = str(exc).strip()
    row = context.get("row") if isinstance(context.get("row"), int) else _row_in(message)
    sheet = context.get("sheet") or _sheet_in(message) or ("survey" if row is not None else None)
    column = context.get("column") or _column_in(message)
    return FormError(
        f"XLSForm 不符合规范：{message}",
        f"the XLSForm is not valid: {message}",
        sheet=str(sheet) if sheet else None,
        row=row,
        column=str(column) if column else None,
    )


def _row_in(message: str) -> int | None:
    for pattern in _ROW_PATTERNS:
        match = pattern.search(message)
        if match:
            return int(match.group(1))
    return None


def _sheet_in(message: str) -> str | None:
    match = _SHEET_PATTERN.search(message)
    return match.group(1).lower() if match else None


def _column_in(message: str) -> str | None:
    match = _COLUMN_PATTERN.search(message)
    if match is None:
        return None
    return match.group(1) or match.group(2)
