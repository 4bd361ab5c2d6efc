"""Crash-safe file writes: the registry uses the one writer in ``sync.protocol.fileio``."""

from __future__ import annotations

from sync.protocol.fileio import write_atomic

__all__ = ["write_atomic"]
