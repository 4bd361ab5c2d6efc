"""Reading a ledger file into rows of cells, each row with the number Excel shows.

``.xlsx`` is read with openpyxl in read-only mode (values, not formulas), ``.xls`` with
xlrd, ``.csv`` (and ``.txt``) as text in the encodings of ``import_decoding``. Every text
cell is checked: damaged text refuses the whole file; GBK mojibake is repaired and counted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from registry.ledgers.import_decoding import (
    LedgerFileError,
    damaged,
    decode_bytes,
    looks_mojibake,
    repair_mojibake,
)

Cell = str | int | float | date | datetime | None
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".txt")


@dataclass
class Table:
    """The rows of the first sheet (or the CSV): ``(excel_row_number, cells)``, blank rows left
    out. ``encoding`` is the text encoding (``"xlsx"``/``"xls"`` for workbooks);
    ``repaired`` the number of cells repaired from GBK mojibake."""

    encoding: str
    rows: list[tuple[int, list[Cell]]]
    repaired: int = 0
    sheet: str = ""


def read_table(path: Path) -> Table:
    """Read ``path`` by its suffix; raise ``LedgerFileError`` for anything unreadable."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise LedgerFileError(f"不支持的文件类型“{suffix or '无后缀'}”，请使用 .xlsx、.xls 或 .csv",
                              f"unsupported file type {suffix!r}; use .xlsx, .xls or .csv")
    try:
        if suffix in (".xlsx", ".xlsm"):
            table = _read_xlsx(path)
        elif suffix == ".xls":
            table = _read_xls(path)
        else:
            table = _read_csv(path.read_bytes())
    except LedgerFileError:
        raise
    except OSError as exc:
        raise LedgerFileError(f"无法读取文件（{type(exc).__name__}）",
                              f"cannot read the file ({type(exc).__name__})") from None
    except Exception as exc:  # a damaged workbook can raise nearly anything from the reader
        raise LedgerFileError(f"文件已损坏或不是有效的 {suffix} 文件（{type(exc).__name__}）",
                              f"damaged or not a {suffix} file ({type(exc).__name__})") from None
    table.repaired = check_text(table.rows)
    return table


def check_text(rows: list[tuple[int, list[Cell]]]) -> int:
    """Refuse damaged text; repair GBK mojibake in place; return how many cells were repaired."""
    repaired = 0
    for number, cells in rows:
        for index, cell in enumerate(cells):
            if not isinstance(cell, str) or cell.isascii():
                continue
            if damaged(cell):
                raise LedgerFileError(
                    f"第 {number} 行第 {column_letter(index)} 列的文字已损坏（含“�”或“锟斤拷”等），"
                    "无法修复；整个文件未导入，请找到原始文件后再导入",
                    f"row {number}, column {column_letter(index)}: damaged text; nothing imported")
            if looks_mojibake(cell):
                fixed = repair_mojibake(cell)
                if fixed is None:
                    raise LedgerFileError(
                        f"第 {number} 行第 {column_letter(index)} 列是乱码且已丢失字节，无法修复；"
                        "整个文件未导入，请找到原始文件后再导入",
                        f"row {number}, column {column_letter(index)}: mojibake with lost bytes")
                cells[index] = fixed
                repaired += 1
    return repaired


def column_letter(index: int) -> str:
    """Excel's column name of a 0-based column index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _blank(cells: list[Cell]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        rows = [(n, list(values)) for n, values in
                enumerate(sheet.iter_rows(values_only=True), start=1) if not _blank(list(values))]
        return Table("xlsx", rows, sheet=sheet.title)
    finally:
        book.close()


def _read_xls(path: Path) -> Table:
    import xlrd

    book = xlrd.open_workbook(str(path), on_demand=True)
    try:
        sheet = book.sheet_by_index(0)
        rows = []
        for n in range(sheet.nrows):
            cells = [_xls_cell(cell, book.datemode) for cell in sheet.row(n)]
            if not _blank(cells):
                rows.append((n + 1, cells))
        return Table("xls", rows, sheet=sheet.name)
    finally:
        book.release_resources()


def _xls_cell(cell: Any, datemode: int) -> Cell:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate_as_datetime(cell.value, datemode)
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return int(cell.value) if float(cell.value).is_integer() and abs(cell.value) < 1e15 \
            else float(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    return cell.value


def _read_csv(data: bytes) -> Table:
    decoded = decode_bytes(data)
    text = decoded.text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return Table(decoded.encoding, list(_csv_rows(text, delimiter)))


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[Cell]]]:
    """Records numbered as Excel numbers the rows of an opened CSV (one record, one row)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for number, cells in enumerate(reader, start=1):
        if not _blank(cells):  # type: ignore[arg-type]
            yield number, list(cells)
