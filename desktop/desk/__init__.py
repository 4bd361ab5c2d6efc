"""The relocation-site desk page (``DeskPage(runner, parent)``), self-contained."""

from __future__ import annotations

from desktop.desk.page import DeskPage

__all__ = ["DeskPage"]
