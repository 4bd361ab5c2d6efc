"""Answers as text (how the instance keeps them) and as typed Python values (how callers see them).

The session stores exactly what was typed, so a draft restores exactly; type problems
("12a" in an integer field) are validation errors, not exceptions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from forms.model import Element
from forms.xpath import format_number, to_number, to_string

_INTEGER_RE = re.compile(r"^\s*[-+]?\d+\s*$")
_DECIMAL_RE = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)\s*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def to_text(value: Any) -> str:
    """A Python value as instance text: None -> '', lists space-separated, dates ISO."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "" if math.isnan(value) else format_number(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Iterable):
        return " ".join(to_text(v) for v in value)
    return str(value)


def calculated_text(result: Any) -> str:
    """The text a calculation stores: NaN and Infinity become empty."""
    if isinstance(result, float) and (math.isnan(result) or math.isinf(result)):
        return ""
    return to_string(result)


def typed(element: Element, text: str) -> Any:
    """The typed value of ``text`` for ``element`` (None when empty or not of the type)."""
    if text == "":
        return None
    kind = element.type
    if kind == "integer":
        return int(text) if _INTEGER_RE.match(text) else None
    if kind == "decimal":
        return float(text) if _DECIMAL_RE.match(text) else None
    if kind == "select_multiple":
        return text.split()
    return text


def type_problem(element: Element, text: str) -> tuple[str, str] | None:
    """A (zh, en) message if non-empty ``text`` is not a value of the element's type."""
    if text == "":
        return None
    kind = element.type
    if kind == "integer" and not _INTEGER_RE.match(text):
        return ("请输入整数", "enter a whole number")
    if kind == "decimal" and not _DECIMAL_RE.match(text):
        return ("请输入数字", "enter a number")
    if kind == "date" and not (_DATE_RE.match(text) and not math.isnan(to_number(text))):
        return ("请输入日期（年-月-日）", "enter a date (YYYY-MM-DD)")
    return None
