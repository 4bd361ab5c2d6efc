"""Arguments in translated strings: ``fill(self.tr("共 %1 户，%2 人"), 12, 40)``.

Qt's translated strings number their arguments ``%1`` … ``%9`` (translators may reorder
them). Chaining ``str.replace("%1", a).replace("%2", b)`` corrupts a value that itself
contains ``%2``; ``fill`` replaces every marker in one pass, so values are never read
again as markers.
"""

from __future__ import annotations

import re

_MARKER = re.compile(r"%([1-9])")


def fill(text: str, *args: object) -> str:
    """``text`` with ``%1`` … ``%9`` replaced by ``args`` in one pass; a marker without an
    argument is left as it is."""
    def value(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return str(args[index]) if index < len(args) else match.group(0)

    return _MARKER.sub(value, text)


def yuan(value: float | int) -> str:
    """An amount of money as a plain number with thousands separators, never in scientific
    notation: ``3995000.0`` -> ``3,995,000``, ``1234.5`` -> ``1,234.5`` (at most fen)."""
    text = f"{value:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
