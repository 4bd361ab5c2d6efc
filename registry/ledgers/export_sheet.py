"""Writing one export file: .xlsx (openpyxl write-only) or .csv (UTF-8 with BOM), atomically.

An export is a *book* of one or more tables. In .xlsx each table is a sheet with a title row
(what, area, month, time of export), the header row frozen below it and column widths set.
Columns of digits (ID, phone and household numbers, division codes) are always written as text
cells, never as numbers; those whose digits Excel would lose when a cell is edited (more than
15 digits: ID and household numbers) also get the text format ``@``. In .csv the first
table is the file itself (header row first, no title, so that programs can read it); further
tables go to sibling files named ``<stem>_<table>.csv``. Excel turns a CSV field of 18 digits into ``1.10105E+17``; text
columns are therefore written with a leading tab (:data:`CSV_TEXT_PREFIX`), which Excel keeps
as text and which readers strip as whitespace.

Files are written to a temporary file in the target folder and moved into place only when
complete, owner-readable only (0600): a failed export leaves no file behind.

An export running on another thread can be watched and cancelled: inside
``with watched(watch):`` every book opened on this thread reports its data rows written and
its saving to the :class:`ExportWatch`, and stops with :class:`ExportCancelled` at the next
row (or before saving) once :meth:`ExportWatch.cancel` was called, leaving no file.
"""

from __future__ import annotations

import csv
import os
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from registry.errors import BangfuError, ValidationError
from sync.protocol.fileio import move_into_place

SUFFIXES = (".xlsx", ".csv")
CSV_TEXT_PREFIX = "\t"
TEXT_FORMAT = "@"
HEADER_ROW = 2
"""The header row of an .xlsx sheet (row 1 is the title); data starts on row 3."""


class ExportCancelled(BangfuError):
    """The export was cancelled while it was written: no file was left behind."""

    message_zh = "导出已取消，未写入文件"
    message_en = "Export cancelled; no file was written"


class ExportWatch:
    """One export as another thread sees it: ``rows`` (data rows written so far, every table
    of the book), ``saving`` (the rows are written, the file is being saved), and its cancel
    switch. Plain attributes, set by the export's thread and read by any other."""

    def __init__(self) -> None:
        self.rows = 0
        self.saving = False
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Ask the export to stop: it raises :class:`ExportCancelled` at its next row, or
        before saving; once the file is being saved it is too late."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        """Whether :meth:`cancel` was called."""
        return self._cancelled.is_set()

    def wrote(self, rows: int) -> None:
        """The export wrote its ``rows``-th data row (:class:`ExportCancelled` if cancelled)."""
        self.rows = rows
        if self._cancelled.is_set():
            raise ExportCancelled()

    def to_save(self) -> None:
        """Every row is written; the file is saved next (:class:`ExportCancelled` if
        cancelled)."""
        if self._cancelled.is_set():
            raise ExportCancelled()
        self.saving = True


_WATCH: ContextVar[ExportWatch | None] = ContextVar("export_watch", default=None)


@contextmanager
def watched(watch: ExportWatch | None) -> Iterator[None]:
    """Report the books opened in this block (on this thread) to ``watch`` (``None``: no
    one watches)."""
    token = _WATCH.set(watch)
    try:
        yield
    finally:
        _WATCH.reset(token)


def check_target(out: Path) -> str:
    """The suffix of ``out`` (``.xlsx`` or ``.csv``); raise ``ValidationError`` otherwise."""
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError("export.out", f"不支持的文件类型“{out.suffix or '（无扩展名）'}”，"
                              "请使用 .xlsx 或 .csv",
                              "unsupported file type: use .xlsx or .csv")
    if not out.parent.is_dir():
        raise ValidationError("export.out", "导出目录不存在", "the output folder does not exist")
    return suffix


class Table:
    """One table being written: call :meth:`append` once per row."""

    def __init__(self, writer: Any, *, text_columns: frozenset[int], long_numbers: frozenset[int],
                 xlsx: bool, written: Callable[[], None] | None = None) -> None:
        self._writer = writer
        self._written = written  # told of every row (the book's watch)
        self._text = sorted(text_columns | long_numbers)
        self._xlsx = xlsx
        # One text-formatted cell per long-number column, its value replaced row by row:
        # openpyxl writes a row's cells as they come, so the cell can carry the next value.
        self._cells = {col: _text_cell(writer) for col in long_numbers} if xlsx else {}
        self.rows = 0

    def append(self, row: Sequence[Any]) -> None:
        """Write one data row; blanks (``""``, ``None``) are left empty."""
        values = [None if v == "" else v for v in row]
        for col in self._text:
            value = values[col]
            if value is None:
                continue
            if col in self._cells:
                cell = self._cells[col]
                cell.value = str(value)
                values[col] = cell
            elif self._xlsx:
                values[col] = str(value)
            else:
                values[col] = CSV_TEXT_PREFIX + str(value)
        if self._xlsx:
            self._writer.append(values)
        else:
            self._writer.writerow(["" if v is None else v for v in values])
        self.rows += 1
        if self._written is not None:
            self._written()


def _text_cell(sheet: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet)
    cell.number_format = TEXT_FORMAT
    return cell


class Book:
    """The tables of one export; made by :func:`open_book`."""

    def __init__(self, out: Path, suffix: str, *, watch: ExportWatch | None = None) -> None:
        self.out = out
        self.xlsx = suffix == ".xlsx"
        self._watch = watch
        self._rows = 0  # data rows of every table, for the watch
        self._workbook = Workbook(write_only=True) if self.xlsx else None
        self._files: list[tuple[Path, Any, Path]] = []  # (temp path, open file, final path)

    def table(self, name: str, *, title: str, headers: Sequence[str], widths: Sequence[int],
              text_columns: frozenset[int] = frozenset(),
              long_numbers: frozenset[int] = frozenset()) -> Table:
        """Start a table (an .xlsx sheet, or a .csv file) with its title and headers.

        ``text_columns`` (indexes) are written as text; ``long_numbers`` as text with the
        text format ``@`` in .xlsx."""
        columns: dict[str, Any] = {"text_columns": text_columns, "long_numbers": long_numbers,
                                   "written": self._row_written if self._watch else None}
        if self._workbook is not None:
            return self._sheet(name, title=title, headers=headers, widths=widths, **columns)
        final = self.out if not self._files else self.out.with_name(
            f"{self.out.stem}_{name}{self.out.suffix}")
        temp = _temp_path(final)
        handle = open(temp, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        self._files.append((temp, handle, final))
        writer = csv.writer(handle)
        writer.writerow(list(headers))
        return Table(writer, **columns, xlsx=False)

    def _sheet(self, name: str, *, title: str, headers: Sequence[str], widths: Sequence[int],
               text_columns: frozenset[int], long_numbers: frozenset[int],
               written: Callable[[], None] | None) -> Table:
        sheet = self._workbook.create_sheet(name)  # type: ignore[union-attr]
        sheet.freeze_panes = f"A{HEADER_ROW + 1}"
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        title_cell = WriteOnlyCell(sheet, value=title)
        title_cell.font = Font(bold=True, size=13)
        sheet.append([title_cell])
        bold = Font(bold=True)
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=header)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        return Table(sheet, text_columns=text_columns, long_numbers=long_numbers, xlsx=True,
                     written=written)

    def _row_written(self) -> None:
        self._rows += 1
        self._watch.wrote(self._rows)  # type: ignore[union-attr]

    def _to_save(self) -> None:
        if self._watch is not None:
            self._watch.to_save()

    def paths(self) -> list[Path]:
        """The files this book writes (the main file first)."""
        return [self.out] if self.xlsx else [final for _, _, final in self._files]

    def _commit(self) -> None:
        if self._workbook is not None:
            temp = _temp_path(self.out)
            try:
                self._workbook.save(temp)
            except BaseException:
                temp.unlink(missing_ok=True)
                raise
            self._files.append((temp, None, self.out))
        for temp, handle, _ in self._files:
            if handle is not None:
                handle.close()
            os.chmod(temp, 0o600)
        for temp, _, final in self._files:
            move_into_place(temp, final)

    def _discard(self) -> None:
        if self._workbook is not None:
            for sheet in self._workbook.worksheets:  # their rows wait in temporary files
                with suppress(Exception):
                    sheet.close()
                    sheet._writer.cleanup()
        for temp, handle, _ in self._files:
            if handle is not None:
                handle.close()
            temp.unlink(missing_ok=True)


@contextmanager
def open_book(out: Path) -> Iterator[Book]:
    """A :class:`Book` writing ``out``; the files appear only if the block ends without error
    (and the export was not cancelled meanwhile, see :func:`watched`)."""
    book = Book(out, check_target(out), watch=_WATCH.get())
    try:
        yield book
        book._to_save()
    except BaseException:
        book._discard()
        raise
    book._commit()


def _temp_path(final: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=final.parent)
    os.close(fd)
    return Path(name)
