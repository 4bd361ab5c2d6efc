"""The demo's embedded county server encrypts a database an older version left plain."""

from __future__ import annotations

from desktop.embedded_server import EmbeddedServer
from sync.server.auth import create_enrolment
from sync.server.cipher import is_plaintext
from sync.server.db import database_url, open_engine


def test_an_old_plaintext_demo_database_is_encrypted_and_kept(tmp_path):
    folder = tmp_path / "county"
    folder.mkdir()
    old = open_engine(f"sqlite:///{folder / 'server.db'}")
    create_enrolment(old, name="old", role="village", scope="361130104201")
    old.dispose()
    assert is_plaintext(folder / "server.db")
    server = EmbeddedServer(folder)
    server.start()
    try:
        assert not is_plaintext(folder / "server.db")
    finally:
        server.stop()
    engine = open_engine(database_url(folder, None))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM enrolments").scalars().all() == ["old"]
    engine.dispose()
