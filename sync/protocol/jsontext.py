"""JSON text for the sync hot paths, by orjson, with the standard library behind it.

``canonical_json`` is the one text every replica hashes and the server stores: keys
sorted by code point, no spaces, UTF-8 kept. orjson writes it about three times
faster than :mod:`json`; what orjson refuses (integers beyond 64 bits, keys that are
not strings, lone surrogates, mappings that are not dicts) falls back to the standard
library, so the text is a function of the value alone. JSON has no NaN or infinity:
a non-finite float is written ``null``, as JavaScript's ``JSON.stringify`` does.

``parse_json`` parses strictly (no NaN, no lone surrogates); an integer beyond 64 bits
becomes a float. Its errors are ``ValueError`` subclasses, as :mod:`json`'s are.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_STDLIB_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"),
                                     ensure_ascii=False)
_STDLIB_COMPACT = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
_SORTED = orjson.OPT_SORT_KEYS


def canonical_json(value: Any) -> str:
    """The canonical text of a JSON value: sorted keys, no spaces, UTF-8 kept."""
    try:
        return orjson.dumps(value, option=_SORTED).decode()
    except TypeError:
        return _STDLIB_CANONICAL.encode(value)


def compact_json(value: Any) -> str:
    """Compact JSON text with keys in their given order (for stored rows)."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return _STDLIB_COMPACT.encode(value)


def parse_json(text: str | bytes) -> Any:
    """Parse JSON text (see the module docstring); ``ValueError`` if it is not JSON."""
    return orjson.loads(text)
