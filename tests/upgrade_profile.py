"""A real profile holding the schema-4 test file (tests/data/schema_v4.db), re-keyed to a
fresh data key behind a passphrase slot: unlocking it runs the upgrade to the latest schema."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bangfu_testdata import PASSPHRASE, TODAY

from registry.db import open_encrypted
from registry.keyslots import KdfParams, KeyRing
from registry.migrations import schema_version
from registry.profile import DB_NAME, SLOTS_NAME, Profile

DATA = Path(__file__).resolve().parent / "data"
USER = "secretary"


def old_profile(folder: Path, *, schema: str = "schema_v4") -> tuple[Profile, bytes]:
    """A profile in ``folder`` whose database is the ``schema`` test file, for ``USER``
    with ``PASSPHRASE``; and its data key."""
    folder.mkdir(mode=0o700, parents=True)
    _, key = KeyRing.create(folder / SLOTS_NAME, user=USER, passphrase=PASSPHRASE,
                            recovery_key=None, kdf=KdfParams.fast())
    shutil.copy(DATA / f"{schema}.db", folder / DB_NAME)
    old_key = bytes.fromhex(json.loads((DATA / f"{schema}.json").read_text())["key_hex"])
    conn = open_encrypted(folder / DB_NAME, old_key)
    conn.execute(f"PRAGMA rekey = \"x'{key.hex()}'\"")
    conn.close()
    return Profile(folder, today=lambda: TODAY), key


def file_schema(profile: Profile, key: bytes) -> int:
    """The schema number of the profile's database file, read without upgrading it."""
    conn = open_encrypted(profile.db_path, key)
    try:
        return schema_version(conn)
    finally:
        conn.close()
