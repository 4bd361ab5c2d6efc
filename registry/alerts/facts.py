"""Small readings of fact values shared by the case and the store paths.

Values come from case files (YAML: dates may be ``date`` objects or text, booleans
may be ``"1"``/``"是"``) and from the store (national labels, or the built-in forms'
choice names). Each helper answers ``None`` for a value it cannot read: an unknown
fact raises no alert.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from registry.errors import ValidationError
from registry.idnumber import id_check_char
from registry.labour import LOST, NONE, WITH_CAPACITY

#: Employment status words (national labels and the forms' choice names) -> one of
#: ``employed``, ``unemployed``, ``returned``, ``at_home``.
STATUS_WORDS: dict[str, str] = {
    "employed": "employed", "就业": "employed", "已就业": "employed", "务工": "employed",
    "unemployed": "unemployed", "未就业": "unemployed", "失业": "unemployed",
    "returned": "returned", "返乡": "returned", "at_home": "at_home", "在家": "at_home",
}

_TRUE = {"1", "true", "yes", "是", "y"}
_FALSE = {"0", "false", "no", "否", "n"}

NO_CAPACITY = (LOST, NONE)


def as_date(value: Any) -> date | None:
    """A ``date`` from a date, a datetime or ISO text; ``None`` if there is none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def as_bool(value: Any) -> bool | None:
    """True/False from a bool, 1/0 or a yes/no word; ``None`` if unknown."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return bool(value)
    text = str(value).strip().lower() if value is not None else ""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def as_number(value: Any) -> float | None:
    """A number from a number or numeric text; ``None`` otherwise."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def status_of(value: Any) -> str | None:
    """The normalised employment status of a word, or ``None``."""
    return STATUS_WORDS.get(str(value).strip()) if value is not None else None


def has_capacity(labour: Any) -> bool | None:
    """True for the three labour classes with capacity, False for the two without."""
    if labour in WITH_CAPACITY:
        return True
    if labour in NO_CAPACITY:
        return False
    return None


def month_of(day: date) -> str:
    """``YYYY-MM`` of a day."""
    return f"{day.year:04d}-{day.month:02d}"


def month_before(month: str, *, months: int = 1) -> str:
    """The month ``months`` before ``YYYY-MM``."""
    year, mon = int(month[:4]), int(month[5:7])
    index = year * 12 + mon - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def check_share(share: float) -> None:
    """Refuse an income-fall share that is not a number between 0 and 1 (exclusive)."""
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share < 1:
        raise ValidationError("alerts.drop_share", "收入降幅比例须为 0 到 1 之间的小数（如 0.5）",
                              "the income-fall share must be between 0 and 1, e.g. 0.5")


def id_number_problem(number: str) -> str | None:
    """Why an ID (or disability card) number fails the national check, or ``None``."""
    text = number.strip().upper()
    if len(text) not in (18, 20, 22):
        return "length"
    first17, check = text[:17], text[17]
    tail = text[18:]
    if not (first17.isascii() and first17.isdigit()) or (tail and not tail.isdigit()):
        return "characters"
    return None if id_check_char(first17) == check else "checksum"
