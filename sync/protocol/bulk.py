"""Bulk work: pausing the cyclic garbage collector while decoding and merging."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector around bulk work.

    Decoding and merging thousands of change sets allocates many small acyclic
    objects; the collector would otherwise run every few hundred allocations
    and rescan them all (it made JSON decoding of a batch several times
    slower). Reference counting still frees them. Nested and concurrent uses
    (server threads) are counted: the collector runs again when the last ends.
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
