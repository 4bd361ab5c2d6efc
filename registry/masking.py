"""Masking of personal data for display, logs and messages (PIPL "masking by default").

Rules (docs/research.md, "Security controls"): ID ``3301**********1234``, phone ``138****8000``,
name ``张*``. Masking keeps the length so columns line up, never raises, and never shows more
than half of a value: a short value shows less than the usual 4 + 4 characters.
"""

from __future__ import annotations

import re

STAR = "*"

_COMPOUND_SURNAMES: tuple[str, ...] = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
    "宇文", "司徒", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "呼延",
    "澹台", "公冶", "太史", "申屠", "钟离", "闻人", "赫连", "万俟", "百里", "东郭",
    "濮阳", "拓跋", "单于", "司空", "第五", "左丘", "羊舌", "微生", "梁丘", "淳于",
)  # fmt: skip
"""Common two-character surnames (复姓): the whole surname stays visible."""

_LANDLINE = re.compile(r"^(0\d{2,3})-(\d{7,8})(?:-(\d{1,6}))?$")
_MOBILE = re.compile(r"^1\d{10}$")
FULL_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[0-9Xx]|1\d{10})(?![0-9A-Za-z])")
"""A full ID number (18 characters) or mobile number (11 digits) standing alone in text."""


def _keep_ends(text: str, keep: int) -> str:
    """Keep ``keep`` characters at each end of ``text`` and star the rest, same length."""
    if keep <= 0:
        return STAR * len(text)
    return text[:keep] + STAR * (len(text) - 2 * keep) + text[-keep:]


def mask_id(number: str | None) -> str:
    """Mask an ID or disability card number: first 4 and last 4 kept, stars in between.

    ``"330106199001011234"`` -> ``"3301**********1234"``. Values shorter than 16 characters
    keep ``len // 4`` characters at each end, so at most half is ever shown (and never more
    than 8 characters). ``None`` and blanks give ``""``.
    """
    text = "".join((number or "").split())
    return _keep_ends(text, min(4, len(text) // 4))


def mask_phone(phone: str | None) -> str:
    """Mask a phone number: mobile ``"13800138000"`` -> ``"138****8000"``.

    A landline as written by ``registry.phone.parse_phone`` (``"0793-7345678-12"``) keeps its
    area code and the last 4 digits of the local number; the extension is starred. Anything
    else keeps at most 3 leading and 4 trailing characters, and never more than half.
    """
    text = "".join((phone or "").split())
    if _MOBILE.match(text):
        return text[:3] + STAR * 4 + text[-4:]
    landline = _LANDLINE.match(text)
    if landline:
        area, local, ext = landline.groups()
        masked = f"{area}-{STAR * (len(local) - 4)}{local[-4:]}"
        return masked + (f"-{STAR * len(ext)}" if ext else "")
    if len(text) >= 14:
        return text[:3] + STAR * (len(text) - 7) + text[-4:]
    return _keep_ends(text, len(text) // 4)


def mask_name(name: str | None) -> str:
    """Mask a person's name, keeping only the surname: ``"张三"`` -> ``"张*"``.

    The first character is kept, or the first two when the name starts with a known
    compound surname and is longer than it (``"欧阳娜娜"`` -> ``"欧阳**"``). A one-character
    name is fully starred. Length is kept.
    """
    text = (name or "").strip()
    if len(text) <= 1:
        return STAR * len(text)
    keep = 1
    if len(text) > 2 and text[:2] in _COMPOUND_SURNAMES:
        keep = 2
    return text[:keep] + STAR * (len(text) - keep)


def mask_numbers_in(text: str) -> str:
    """``text`` with every full ID number (:func:`mask_id`) and mobile number
    (:func:`mask_phone`) standing alone in it masked; the rest unchanged.

    ``"户主 330106199001011234 电话 13800138000"`` ->
    ``"户主 3301**********1234 电话 138****8000"``. A longer run of digits (a 户编号, an
    account number) is left alone."""
    return FULL_NUMBER.sub(
        lambda m: mask_id(m.group()) if len(m.group()) == 18 else mask_phone(m.group()), text)
