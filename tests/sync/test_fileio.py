"""One atomic-file writer for registry and sync: permissions first, fsync, replace, folder."""

from __future__ import annotations

import ast
import os
import stat
from pathlib import Path

import pytest

from sync.protocol import fileio
from sync.protocol.fileio import write_atomic

ROOT = Path(__file__).resolve().parents[2]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_new_content_replaces_the_old_with_owner_only_permissions(tmp_path):
    target = tmp_path / "keys.json"
    target.write_bytes(b"old")
    target.chmod(0o644)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and mode_of(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["keys.json"]


def test_permissions_are_set_before_any_byte_is_written(tmp_path, monkeypatch):
    seen = []
    real_fdopen = os.fdopen

    def fdopen(fd, *args, **kwargs):
        seen.append(stat.S_IMODE(os.fstat(fd).st_mode))
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(fileio.os, "fdopen", fdopen)
    write_atomic(tmp_path / "bundle", b"secret", mode=0o640)
    assert seen == [0o640] and mode_of(tmp_path / "bundle") == 0o640


def test_file_then_replace_then_folder_are_made_durable(tmp_path, monkeypatch):
    calls = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        calls.append("fsync dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src, dst):
        calls.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(fileio.os, "fsync", fsync)
    monkeypatch.setattr(fileio.os, "replace", replace)
    write_atomic(tmp_path / "f", b"x")
    assert calls == ["fsync file", "replace", "fsync dir"]


def test_a_crash_before_the_replace_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "keyslots.json"
    target.write_bytes(b"old")

    def broken_fsync(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["keyslots.json"]


def test_registry_and_sync_write_files_only_through_it():
    """No other module of registry/ or sync/ replaces files itself."""
    from registry import fileio as registry_fileio

    assert registry_fileio.write_atomic is write_atomic
    own = ROOT / "sync" / "protocol" / "fileio.py"
    callers = []
    for package in ("registry", "sync"):
        for path in (ROOT / package).rglob("*.py"):
            if path == own:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Attribute) and node.attr in ("replace", "rename")
                        and isinstance(node.value, ast.Name) and node.value.id == "os"):
                    callers.append(str(path.relative_to(ROOT)))
    assert callers == []


def test_without_fchmod_the_mode_is_still_set_before_any_byte(tmp_path, monkeypatch):
    """Windows has ``os.fchmod`` only from Python 3.13; the bundle is built with 3.11."""
    seen = []
    real_fdopen = os.fdopen

    def fdopen(fd, *args, **kwargs):
        seen.append(stat.S_IMODE(os.fstat(fd).st_mode))
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.delattr(os, "fchmod")
    monkeypatch.setattr(fileio.os, "fdopen", fdopen)
    target = tmp_path / "keyslots.json"
    target.write_bytes(b"old")
    write_atomic(target, b"new", mode=0o640)
    assert target.read_bytes() == b"new" and mode_of(target) == 0o640 and seen == [0o640]
    assert [p.name for p in tmp_path.iterdir()] == ["keyslots.json"]


@pytest.mark.skipif(not hasattr(os, "O_ACCMODE"), reason="POSIX access-mode flags")
def test_move_into_place_fsyncs_a_handle_open_for_writing(tmp_path, monkeypatch):
    """Windows' FlushFileBuffers refuses a read-only handle."""
    import fcntl

    modes = []
    real_fsync = os.fsync

    def fsync(fd):
        modes.append(fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE)
        return real_fsync(fd)

    source, target = tmp_path / "export.xlsx.part", tmp_path / "export.xlsx"
    source.write_bytes(b"finished")
    monkeypatch.setattr(fileio.os, "fsync", fsync)
    fileio.move_into_place(source, target)
    assert target.read_bytes() == b"finished" and not source.exists()
    assert modes[0] == os.O_RDWR
