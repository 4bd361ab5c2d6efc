"""English counts in the domain's messages: registry is pure (no Qt), so the plural forms
Qt Linguist gives the desktop (``tr(..., n)``) are made here in Python.

    >>> counted(1, "failed attempt")
    '1 failed attempt'
    >>> counted(3, "row")
    '3 rows'
"""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` and the noun in the form English gives it: ``1 row``, ``0 rows``,
    ``2 rows`` (``plural`` when adding "s" is wrong: ``counted(2, "entry", "entries")``)."""
    noun = singular if count == 1 else plural or singular + "s"
    return f"{count} {noun}"
