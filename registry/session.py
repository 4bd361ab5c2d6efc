"""What an unlocked store was opened with: its profile folder and data key.

Managing key slots (adding a user, a county recovery slot) needs the data key,
which only an unlock yields. :class:`registry.profile.Profile` remembers it here
for as long as the store object lives, so slot management needs nothing but the
open store. The key is already in this process's memory (SQLCipher holds it);
nothing here writes it anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from weakref import WeakKeyDictionary

from registry.store import Store


@dataclass(frozen=True)
class Opened:
    """The profile folder and data key of one open store."""

    folder: Path
    data_key: bytes


_OPENED: WeakKeyDictionary[Store, Opened] = WeakKeyDictionary()


def remember(store: Store, *, folder: Path, data_key: bytes) -> None:
    """Note that ``store`` was opened from ``folder`` with ``data_key``."""
    _OPENED[store] = Opened(Path(folder), data_key)


def opened(store: Store) -> Opened:
    """How ``store`` was opened; ``LookupError`` if not through a profile."""
    try:
        return _OPENED[store]
    except KeyError:
        raise LookupError("this store was not opened from a profile") from None
