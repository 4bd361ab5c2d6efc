"""A database error of the county server never carries a statement's values: change
sets hold names and ID numbers. The engine hides parameters, and the command line
names only the kind of a statement's error. Real SQLCipher and PostgreSQL databases."""

from __future__ import annotations

import json

import pytest
from bangfu_testdata import make_id
from sqlalchemy import create_engine, insert
from sqlalchemy.exc import StatementError

from sync.server.cli import error_text
from sync.server.db import change_sets, database_url, metadata, open_engine

ID, PHONE, NAME = make_id(seq="913"), "13912340000", "欧阳测试"
BODY = json.dumps({"name": NAME, "id_number": ID, "phone": PHONE}, ensure_ascii=False)


def broken_insert(engine) -> StatementError:
    """A change set refused by the database (NOT NULL), its body full of personal data."""
    with pytest.raises(StatementError) as caught, engine.begin() as conn:
        conn.execute(insert(change_sets).values(
            set_id="s1", entity_id="e1", scope="361130104201", changes=None, body=BODY,
            batch_id="b1", received_ms=1))
    return caught.value


def no_personal_data(text: str) -> bool:
    return ID not in text and PHONE not in text and NAME not in text


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_the_server_engine_hides_the_values_of_a_failed_statement(kind, tmp_path, request):
    db = request.getfixturevalue("postgres").new_database() if kind == "postgres" else None
    (tmp_path / "data").mkdir(mode=0o700)
    engine = open_engine(database_url(tmp_path / "data", db))
    try:
        error = broken_insert(engine)
    finally:
        engine.dispose()
    assert "[SQL parameters hidden" in str(error) and BODY not in str(error)
    if kind == "sqlite":
        assert no_personal_data(str(error)), str(error)
    # PostgreSQL's own DETAIL line quotes the failing row: only the kind is shown
    assert no_personal_data(error_text(error)) and "IntegrityError" in error_text(error)


def test_the_command_line_names_only_the_kind_of_a_statement_error():
    plain = create_engine("sqlite://")  # as an engine without hidden parameters would be
    metadata.create_all(plain)
    error = broken_insert(plain)
    assert not no_personal_data(str(error))  # the values are there to leak
    shown = error_text(error)
    assert no_personal_data(shown) and "数据库操作失败" in shown and "IntegrityError" in shown
    assert error_text(ValueError("serve: --tls-cert and --tls-key")) == \
        "serve: --tls-cert and --tls-key"

