"""Give freed heap memory back to the operating system after a long read.

A long read (the alert count's in-memory scratch tables, a work-list build) frees
tens of MiB when it ends, but glibc keeps freed memory in the arena of the thread that
used it, so the process stays that large and the next screen's allocations come on top:
the peak a laptop sees is the sum. ``malloc_trim(0)`` hands the free pages back (a few
milliseconds). Elsewhere than glibc (Windows, macOS, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from collections.abc import Callable

log = logging.getLogger(__name__)


def _find_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


_TRIM = _find_trim()


def release_free_memory() -> bool:
    """Return freed heap pages to the operating system; True if anything was returned."""
    if _TRIM is None:
        return False
    return bool(_TRIM(0))
