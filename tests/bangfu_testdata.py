"""Shared test data: constants and a synthetic ID maker (import as ``bangfu_testdata``)."""

from __future__ import annotations

from datetime import date

TODAY = date(2026, 11, 22)
PASSPHRASE = "Cun-Gan-2026"
VILLAGE = "361130104201"


def make_id(region: str = "361130", birth: str = "19850315", seq: str = "123") -> str:
    """A valid synthetic 18-digit ID number (checksum computed)."""
    from registry.idnumber import id_check_char

    first17 = region + birth + seq
    return first17 + id_check_char(first17)


def open_files(folder: object) -> list[str]:
    """This process's open file descriptors on files under ``folder`` (Linux /proc)."""
    import os

    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(folder)):
            found.append(target)
    return found
