"""Helpers for the form tests: write small XLSForms as real .xlsx files with openpyxl."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl

Rows = Sequence[Sequence[Any]]
CORPUS = Path(__file__).resolve().parents[1] / "data" / "xlsforms" / "pyxform-tests"
FIXED_NOW = datetime(2024, 5, 20, 9, 30, 0)


def write_xlsform(
    path: Path,
    survey: Rows,
    *,
    choices: Rows | None = None,
    settings: Rows | None = None,
    entities: Rows | None = None,
) -> Path:
    """Write an XLSForm: each sheet is a list of rows, the first row the headers."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(list(row))
    for name, rows in (("choices", choices), ("settings", settings), ("entities", entities)):
        if rows:
            extra = workbook.create_sheet(name)
            for row in rows:
                extra.append(list(row))
    workbook.save(path)
    return path
