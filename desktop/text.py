"""Arguments in translated strings: ``fill(self.tr("共 %1 户，%2 人"), 12, 40)``.

Qt's translated strings number their arguments ``%1`` … ``%9`` (translators may reorder
them). Chaining ``str.replace("%1", a).replace("%2", b)`` corrupts a value that itself
contains ``%2``; ``fill`` replaces every marker in one pass, so values are never read
again as markers.

``bracketed``, ``listed`` and ``clauses`` put values together with the UI language's
punctuation (（）、； in Chinese, ASCII in English); ``word`` shows a stored Chinese word
(a work region, a tier, a relation …) by its English label in the English UI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from desktop.i18n import is_english
from registry.field_labels import value_label

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


def bracketed(text: object, inner: object) -> str:
    """``text（inner）`` with the UI language's brackets: full-width in Chinese,
    ``text (inner)`` in English (the pattern is translated, context ``text``)."""
    return fill(QCoreApplication.translate("text", "%1（%2）"), text, inner)


def listed(items: Iterable[object]) -> str:
    """Items joined with the UI language's list separator: 、 in Chinese, ", " in English."""
    return QCoreApplication.translate("text", "、").join(map(str, items))


def clauses(items: Iterable[object]) -> str:
    """Clauses joined with the UI language's separator: ； in Chinese, "; " in English."""
    return QCoreApplication.translate("text", "；").join(map(str, items))


def word(value: object) -> str:
    """A stored word as the UI shows it: its English label in the English UI when one is
    known (``registry.field_labels.value_label``), else the word itself."""
    return value_label(str(value), english=is_english())
