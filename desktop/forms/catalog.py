"""The built-in forms (``forms/builtin/*.xlsx``), listed by title without loading them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import openpyxl

import forms

BUILTIN_DIR = Path(forms.__file__).resolve().parent / "builtin"


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
