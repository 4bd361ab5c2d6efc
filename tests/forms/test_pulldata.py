"""``pulldata`` (an external CSV) is not supported: a form using it is reported by
``forms check`` at the question that uses it, never silently evaluated to empty."""

from __future__ import annotations

from pathlib import Path

from forms_helpers import write_xlsform

from forms.check import check_form


def test_pulldata_is_reported_where_it_is_used(tmp_path: Path) -> None:
    path = write_xlsform(tmp_path / "pull.xlsx", [
        ("type", "name", "label", "calculation"),
        ("text", "code", "编号", ""),
        ("calculate", "wage", "", "pulldata('wages', 'amount', 'code', ${code})"),
    ])
    report = check_form(path)
    assert not report.ok
    assert any("wage" in where and "pulldata" in message
               for where, _kind, message in report.expression_errors)
