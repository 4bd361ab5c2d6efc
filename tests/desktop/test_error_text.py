"""The error a user sees for a refused value names the field by its label, never by the
internal path (``person.id_number``), in the UI language."""

from __future__ import annotations

from desktop.errors import error_text
from registry.errors import ValidationError


def test_a_known_field_is_named_by_its_label() -> None:
    exc = ValidationError("person.birth_date", "不是有效日期", "is not a valid date")
    assert error_text(exc, english=False) == "出生日期：不是有效日期"
    assert error_text(exc, english=True) == "Date of birth: is not a valid date"


def test_a_message_that_names_its_field_is_shown_alone() -> None:
    exc = ValidationError("person.id_number", "证件号码校验位错误", "ID number check digit wrong")
    assert error_text(exc, english=False) == "证件号码校验位错误"


def test_an_internal_path_is_never_shown() -> None:
    exc = ValidationError("export.out", "导出目录不存在", "the export folder does not exist")
    assert error_text(exc, english=False) == "导出目录不存在"
    assert "export.out" not in error_text(exc, english=True)
