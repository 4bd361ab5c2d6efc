"""One place that finds bundled resources, in a source checkout and in a PyInstaller build."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """The path of a file under ``resources/`` (``sys._MEIPASS`` when frozen)."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[1]))
    return base.joinpath("resources", *parts)


def default_profile_dir() -> Path:
    """Where profiles live unless ``--profile`` says otherwise."""
    return Path.home() / ".local" / "share" / "bangfu" / "profile"
