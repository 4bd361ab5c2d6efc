"""Fixtures for the form tests (helpers live in forms_helpers.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from forms_helpers import FIXED_NOW, Rows, write_xlsform

from forms.engine import FormSession
from forms.loader import load_form
from forms.model import Form


@pytest.fixture
def make_form(tmp_path: Path) -> Callable[..., Form]:
    """make_form(survey_rows, choices=..., settings=..., entities=...) -> loaded Form."""
    counter = iter(range(1000))

    def make(survey: Rows, **sheets: Rows | None) -> Form:
        path = tmp_path / f"form{next(counter)}.xlsx"
        return load_form(write_xlsform(path, survey, **sheets))

    return make


@pytest.fixture
def make_session(make_form: Callable[..., Form]) -> Callable[..., FormSession]:
    """make_session(survey_rows, ..., entity_lists=...) -> FormSession with a fixed clock."""

    def make(survey: Rows, *, entity_lists: dict[str, list[dict[str, Any]]] | None = None, **sheets: Rows | None) -> FormSession:
        return FormSession(make_form(survey, **sheets), entity_lists=entity_lists, clock=lambda: FIXED_NOW)

    return make
