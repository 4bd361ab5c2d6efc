"""Malformed forms are refused with one FormError that names sheet, row, column (zh + en)."""

from __future__ import annotations

import pytest
from forms_helpers import write_xlsform

from forms.errors import FormError
from forms.loader import load_form


def test_expression_syntax_error_names_row_and_column(make_form) -> None:
    survey = [
        ["type", "name", "label", "relevant"],
        ["integer", "age", "Age", ""],
        ["text", "job", "Job", "${age} >= "],
    ]
    with pytest.raises(FormError) as caught:
        make_form(survey)
    error = caught.value
    assert (error.sheet, error.row, error.column) == ("survey", 3, "relevant")
    text = str(error)
    assert text.startswith("表单错误 [survey 第3行 relevant列]：表达式语法错误")
    assert "Form error [survey row 3, column relevant]: expression syntax error" in text


def test_constraint_error_after_blank_rows(make_form) -> None:
    survey = [
        ["type", "name", "label", "constraint"],
        ["integer", "age", "Age", ""],
        [None, None, None, None],
        ["integer", "months", "Months", ". <= 12 and"],
    ]
    with pytest.raises(FormError) as caught:
        make_form(survey)
    assert (caught.value.row, caught.value.column) == (4, "constraint")


def test_entities_sheet_error(make_form) -> None:
    survey = [["type", "name", "label", "save_to"], ["text", "who", "Who", "full_name"]]
    with pytest.raises(FormError) as caught:
        make_form(survey, entities=[["list_name", "label"], ["person", "concat(${who}"]])
    assert (caught.value.sheet, caught.value.row, caught.value.column) == ("entities", 2, "label")


def test_pyxform_error_row_is_parsed(make_form) -> None:
    survey = [["type", "name", "label"], ["text", "a", "A"], ["calculate", "c", ""]]
    with pytest.raises(FormError) as caught:
        make_form(survey)
    assert (caught.value.sheet, caught.value.row) == ("survey", 3)
    assert "第3行" in str(caught.value) and "row 3" in str(caught.value)


def test_unknown_reference(make_form) -> None:
    with pytest.raises(FormError, match="nowhere"):
        make_form([["type", "name", "label", "relevant"], ["text", "a", "A", "${nowhere} = 1"]])


def test_calculation_cycle(make_form) -> None:
    survey = [
        ["type", "name", "label", "calculation"],
        ["calculate", "a", "", "${b} + 1"],
        ["calculate", "b", "", "${a} + 1"],
    ]
    with pytest.raises(FormError) as caught:
        make_form(survey)
    assert "循环" in str(caught.value) and "cycle" in str(caught.value)
    assert caught.value.row == 2 and caught.value.column == "calculation"


def test_not_a_workbook(tmp_path) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(FormError) as caught:
        load_form(path)
    assert "表单错误" in str(caught.value)


def test_missing_file(tmp_path) -> None:
    with pytest.raises(FormError):
        load_form(tmp_path / "nope.xlsx")


def test_languages_and_messages(tmp_path) -> None:
    path = write_xlsform(
        tmp_path / "lang.xlsx",
        [["type", "name", "label::中文 (zh)", "label::English (en)", "hint::zh", "required", "required_message::zh",
          "required_message::en"],
         ["text", "a", "姓名", "Name", "填写全名", "yes", "请填写姓名", "name please"]],
        settings=[["form_id", "default_language"], ["lang", "中文 (zh)"]],
    )
    form = load_form(path)
    element = form.element("a")
    assert element.label("zh") == "姓名" and element.label("en") == "Name" and element.hint("en") == "填写全名"
    assert form.settings.default_language == "zh" and form.languages == ("en", "zh")
    assert dict(element.messages["required"]) == {"zh": "请填写姓名", "en": "name please"}
