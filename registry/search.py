"""Search keys: find people by name, pinyin, initials, ID tail or household number.

Every searchable entity gets a handful of text keys in one indexed table; a
query becomes one or two prefix ranges over that index, so a lookup costs a
B-tree seek whatever the size of the county. Keys carry a kind prefix:

- ``n:`` the name, and the given name alone (张三 -> ``n:张三``, ``n:三``);
- ``p:`` full pinyin without tones (``p:zhangsan``), one per reading of a
  polyphonic surname (曾 -> zeng, ceng);
- ``i:`` pinyin initials (``i:zs``), likewise;
- ``t:`` the ID number reversed, so its *last* digits are a prefix;
- ``h:`` the household number;
- ``c:`` a person's service code (``registry.service_code``), looked up exactly.

pypinyin (its phrase dictionary alone takes about half a second to import) is imported
when the first pinyin key is built, not with this module: the unlock window needs none.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

_MAX_SURNAME_READINGS = 3
_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")
_ID_TAIL = re.compile(r"^[0-9]{3,21}[0-9Xx]?$")
_LETTERS = re.compile(r"^[a-zA-Z]+$")


def keys_for(entity_list: str, props: Mapping[str, Any]) -> set[str]:
    """The search keys of one entity (empty for lists nobody searches)."""
    if entity_list == "person":
        return _person_keys(props)
    if entity_list == "household":
        number = str(props.get("household_no") or "").strip()
        return {f"h:{number}"} if number else set()
    return set()


def query_ranges(text: str) -> list[tuple[str, str]]:
    """The key prefix ranges ``[low, high)`` a query text should scan. Digits and letters
    typed full-width (an input method's ３０６２４６, ｌｈ) read as ASCII (NFKC); a name is
    looked up as typed."""
    text = re.sub(r"\s+", "", text or "")
    if not text:
        return []
    folded = unicodedata.normalize("NFKC", text)
    if _ID_TAIL.match(folded):
        tail = folded.upper()[::-1]
        return [_prefix_range(f"t:{tail}"), _prefix_range(f"h:{folded}")]
    if _LETTERS.match(folded):
        low = folded.lower()
        return [_prefix_range(f"p:{low}"), _prefix_range(f"i:{low}")]
    return [_prefix_range(f"n:{text}")]


def _person_keys(props: Mapping[str, Any]) -> set[str]:
    keys: set[str] = set()
    name = re.sub(r"\s+", "", str(props.get("name") or ""))
    if name:
        keys.update(_name_keys(name))
    id_number = str(props.get("id_number") or "").strip().upper()
    if id_number:
        keys.add(f"t:{id_number[::-1]}")
    code = str(props.get("service_code") or "").strip().upper()
    if code:
        keys.add(f"c:{code}")
    return keys


def _name_keys(name: str) -> Iterable[str]:
    yield f"n:{name}"
    if len(name) > 1:
        yield f"n:{name[1:]}"
    if not _CJK.search(name):
        yield f"p:{name.lower()}"
        return
    rest = _syllables(name[1:])
    for surname in _surname_readings(name[0]):
        yield "p:" + surname + "".join(rest)
        yield "i:" + surname[:1] + "".join(s[:1] for s in rest)


@lru_cache(maxsize=65536)
def _syllables(text: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(text, errors="ignore"))


@lru_cache(maxsize=8192)
def _surname_readings(char: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    readings = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    found = readings[0] if readings else []
    return tuple(found[:_MAX_SURNAME_READINGS]) or (char.lower(),)


def _prefix_range(prefix: str) -> tuple[str, str]:
    return prefix, prefix + "\U0010ffff"
