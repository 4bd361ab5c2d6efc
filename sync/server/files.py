"""The server's data directory: readable by its owner only (0700, files 0600)."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def secure_data_dir(path: Path) -> None:
    """Create ``path`` if needed and make it and the files in it private to the owner;
    the process's umask becomes 077, so the files SQLite and the key code create later
    (database, WAL, shared memory, keys) are 0600 too."""
    os.umask(0o077)
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if stat.S_IMODE(path.stat().st_mode) != 0o700:
        path.chmod(0o700)
    for child in path.iterdir():
        info = child.lstat()
        if stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o077:
            child.chmod(0o600)
