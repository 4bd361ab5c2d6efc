"""The one crash-safe file writer, shared by the registry and sync (client and server).

``move_into_place`` does the last step for a file another writer made.
``write_atomic`` writes a temp file in the target's folder, sets its permissions before
any byte is written, fsyncs it, ``os.replace``s the target and fsyncs the folder, so a
crash leaves either the old file or the new one, never a torn or world-readable one.
It lives here because both sides may import ``sync.protocol`` (DESIGN.md's import
directions) and bundle and key files are part of the protocol's reach; it is the
protocol package's only I/O.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` so a crash leaves either the old or the new file."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        _chmod(fd, tmp_name, mode)
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def move_into_place(source: Path, target: Path) -> None:
    """Move a finished file (written and closed by someone else: openpyxl, SQLite's backup)
    over ``target``: fsync it, ``os.replace`` it, fsync the folder. Same folder or same disk.

    The file is opened for writing (nothing is written): Windows flushes only a handle
    with write access."""
    source, target = Path(source), Path(target)
    fd = os.open(source, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(source, target)
    fsync_dir(target.parent)


def _chmod(fd: int, name: str, mode: int) -> None:
    """Set ``mode`` on the open file: ``os.fchmod`` where it exists (POSIX; Windows only
    from Python 3.13), else ``os.chmod`` on its path (Windows keeps just read-only)."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:
        os.chmod(name, mode)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a directory; its renames are journaled
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
