"""The pyxform test corpus: what pyxform accepts loads and runs; what it refuses, we refuse."""

from __future__ import annotations

import warnings

import pytest
from forms_helpers import CORPUS
from pyxform.xls2xform import convert

from forms.check import check_form
from forms.errors import FormError

#: Forms pyxform converts although an expression is not XPath 1.0 (ODK Validate rejects them):
#: a calculation that is an English sentence, a choice_filter written as 'label::English'.
NOT_XPATH = {
    "bug_example_xls_bad_calc.xlsx",
    "example_xls_bad_calc.xlsx",
    "bug_example_xls_xl_date_ambiguous.xlsx",
}


def _corpus_files() -> list:
    if not CORPUS.is_dir():
        pytest.fail(f"the XLSForm corpus is missing: {CORPUS}")
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".xls", ".xlsx"))
    assert len(files) > 40
    return files


def _pyxform_accepts(path) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            convert(str(path))
        except Exception:
            return False
    return True


def test_corpus_loads_and_runs(capsys: pytest.CaptureFixture[str]) -> None:
    accepted = ran = 0
    failures = []
    for path in _corpus_files():
        if not _pyxform_accepts(path):
            continue
        accepted += 1
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                report = check_form(path)
            except FormError as exc:
                assert path.name in NOT_XPATH, f"{path.name} refused: {exc}"
                assert exc.row is not None and exc.column, str(exc)
                continue
        if report.ok:
            ran += 1
        else:
            failures.append((path.name, report.expression_errors[:2]))
    valid = accepted - len(NOT_XPATH)
    with capsys.disabled():
        print(
            f"\nXLSForm corpus: pyxform accepts {accepted}; {ran} build a session and evaluate "
            f"every expression ({ran / accepted:.1%} of accepted, {ran / valid:.1%} of the {valid} "
            f"whose expressions are XPath); failures: {failures}"
        )
    assert ran / valid >= 0.95


def test_corpus_refusals_are_form_errors() -> None:
    refused = [p for p in _corpus_files() if not _pyxform_accepts(p)]
    assert refused
    for path in refused:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(FormError) as caught:
                check_form(path)
        message = str(caught.value)
        assert message.startswith("表单错误") and "Form error" in message


def test_corpus_refusal_names_row() -> None:
    with pytest.raises(FormError) as caught:
        check_form(CORPUS / "bug_example_xls_group_name_test.xls")
    assert caught.value.sheet == "survey" and caught.value.row == 3
    assert "第3行" in str(caught.value) and "row 3" in str(caught.value)
