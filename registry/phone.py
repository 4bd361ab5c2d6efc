"""Mainland China phone numbers: mobile and landline.

Accepted (after full-width characters become ASCII, and spaces, dots, brackets and
hyphens between digit groups are dropped):

* mobile ``1[3-9]`` + 9 digits, optionally prefixed by ``+86``, ``0086`` or ``86``;
  stored as the 11 digits, e.g. ``"13800138000"``;
* landline: area code ``0`` + 2 or 3 digits (3-digit codes are 010 and 020-029, all
  others have 4 digits), a local number of 7 or 8 digits not starting with 0 or 1, and an
  optional extension of 1-6 digits after ``-``, ``转``, ``ext`` or ``#``; ``+86`` may
  replace the leading 0 of the area code. Stored as ``"0793-7345678"`` or
  ``"0793-7345678-12"``.

Everything else raises ``ValidationError`` naming the field; messages never contain the
number.
"""

from __future__ import annotations

import re

from registry.errors import ValidationError
from registry.text import FULLWIDTH_TO_ASCII

_EXTENSION = re.compile(r"^(.*?)(?:转|分机|EXT\.?|X|#)\s*(\d+)$")
_SEPARATORS = re.compile(r"[\s\u200b\ufeff.()\-\u2010-\u2015\u2212]")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_COUNTRY = re.compile(r"^(?:\+86|0086|86(?=1[3-9]\d{9}$))")
_THREE_DIGIT_AREA = re.compile(r"^0(?:10|2\d)")


def _error(field: str, message_zh: str, message_en: str) -> ValidationError:
    return ValidationError(field, message_zh, message_en)


def _split_extension(text: str) -> tuple[str, str | None]:
    """Split off an extension written with 转/分机/ext/#, or as a third dash group."""
    match = _EXTENSION.match(text)
    if match:
        return match.group(1), match.group(2)
    groups = [group for group in re.split(r"[\-\u2010-\u2015\u2212]", text) if group.strip()]
    if len(groups) == 3 and re.fullmatch(r"0[1-9]\d{1,2}", groups[0].strip()):
        return f"{groups[0]}-{groups[1]}", groups[2].strip()
    return text, None


def _landline(digits: str, extension: str | None, field: str) -> str:
    area_len = 3 if _THREE_DIGIT_AREA.match(digits) else 4
    area, local = digits[:area_len], digits[area_len:]
    if not re.fullmatch(r"0[1-9]\d{1,2}", area):
        raise _error(field, "固定电话区号无效", "The area code of the landline number is not valid")
    if not re.fullmatch(r"[2-9]\d{6,7}", local):
        raise _error(
            field,
            "固定电话号码应为区号加7位或8位号码",
            "A landline number is an area code followed by 7 or 8 digits",
        )
    if extension is not None and not re.fullmatch(r"\d{1,6}", extension):
        raise _error(field, "分机号应为1至6位数字", "An extension has 1 to 6 digits")
    return f"{area}-{local}" + (f"-{extension}" if extension else "")


def _as_text(value: str | int | float | None) -> str:
    """Text of the input; a whole-number float from a spreadsheet loses its ``.0``.

    (A float holds an 11-digit number exactly, so this is not a repair of lost digits.)
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


def parse_phone(text: str | int | float | None, *, field: str = "phone") -> str:
    """Validate and normalise a mainland mobile or landline number (see module docstring).

    Returns ``"13800138000"`` for a mobile and ``"0793-7345678[-ext]"`` for a landline. A
    number read from a spreadsheet cell (int, or a float with no fraction) is accepted.
    """
    raw = _as_text(text).translate(FULLWIDTH_TO_ASCII).strip().upper()
    if not raw:
        raise _error(field, "电话号码不能为空", "The phone number is required")
    body, extension = _split_extension(raw)
    compact = _SEPARATORS.sub("", body)
    international = compact.startswith(("+86", "0086")) or bool(_COUNTRY.match(compact))
    compact = _COUNTRY.sub("", compact)
    if not compact.isascii() or not compact.isdigit():
        raise _error(
            field,
            "电话号码只能包含数字（可带+86、空格或连字符）",
            "A phone number may only contain digits (with an optional +86, spaces or dashes)",
        )
    if compact.startswith("1"):
        if extension is None and _MOBILE.match(compact):
            return compact
        if not (international and compact.startswith("10")):
            raise _error(
                field,
                "手机号码应为11位，以13至19开头",
                "A mobile number has 11 digits and starts with 13 to 19",
            )
    if international:
        compact = "0" + compact
    if not compact.startswith("0"):
        raise _error(
            field,
            "电话号码无效：手机号码为11位，固定电话需带0开头的区号",
            "Not a valid phone number: a mobile has 11 digits, a landline needs an area code "
            "starting with 0",
        )
    return _landline(compact, extension, field)
