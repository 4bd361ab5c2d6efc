"""The one exception family of the form runtime.

A malformed form is refused with :class:`FormError`; its message names the sheet, row and
column where known and says what is wrong in Chinese and English. An expression that fails
while a form is being filled raises :class:`EvaluationError` (a ``FormError`` too).
"""

from __future__ import annotations


class FormError(Exception):
    """A form (or one of its expressions) that cannot be used, with where and why."""

    def __init__(
        self,
        message_zh: str,
        message_en: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.message_zh = message_zh
        self.message_en = message_en
        self.sheet = sheet
        self.row = row
        self.column = column
        super().__init__(self._format())

    def _where_zh(self) -> str:
        parts = []
        if self.sheet:
            parts.append(self.sheet)
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"{self.column}列")
        return f" [{' '.join(parts)}]" if parts else ""

    def _where_en(self) -> str:
        parts = []
        if self.sheet:
            parts.append(self.sheet)
        if self.row is not None:
            parts.append(f"row {self.row}")
        text = " ".join(parts)
        if self.column:
            text = f"{text}, column {self.column}" if text else f"column {self.column}"
        return f" [{text}]" if text else ""

    def _format(self) -> str:
        return (
            f"表单错误{self._where_zh()}：{self.message_zh} / "
            f"Form error{self._where_en()}: {self.message_en}"
        )

    def located(
        self, *, sheet: str | None, row: int | None, column: str | None
    ) -> FormError:
        """Return a copy of this error with the location filled in where it was missing."""
        return type(self)(
            self.message_zh,
            self.message_en,
            sheet=self.sheet or sheet,
            row=self.row if self.row is not None else row,
            column=self.column or column,
        )


class ExpressionSyntaxError(FormError):
    """An expression that does not parse."""


class EvaluationError(FormError):
    """An expression that parsed but cannot be evaluated (unknown function, bad argument)."""
