"""Resident ID numbers (公民身份号码) and disability card numbers (残疾人证号).

Accepted forms:

* ``ric18``: the 18-character resident ID (GB 11643-1999): 6-digit region code, birth date
  YYYYMMDD, 3-digit order code (odd for men, even for women), check character 0-9 or X.
* ``disability20``: the second-generation disability card number: the 18-character ID, then
  the disability category digit (1-7: 视力, 听力, 言语, 肢体, 智力, 精神, 多重) and the level
  digit (1-4: 一级 ... 四级).
* ``disability22``: the 20 characters plus a reissue suffix ``B`` + digit (``B1`` for the first
  re-issued card, ``B2`` ...). We could not confirm this suffix in an official text; we accept
  exactly ``B`` followed by 1-9 and nothing else.

Refused with a ``ValidationError`` naming the field, each with its own message: empty input,
spreadsheet damage (scientific notation such as ``1.10105E+17``, a decimal point, or an
18-digit number whose last three digits were zeroed by Excel and fail the checksum), 15-digit
legacy numbers (``upgrade_legacy_id`` computes the 18-digit suggestion), characters that are
not digits, wrong length, bad check character, impossible birth date, birth date in the
future or before 1900, unknown region, and bad disability category, level or suffix.

Messages never contain the number, nor any part of it (not even the birth date).

Input is normalised first: full-width characters become ASCII, whitespace (including
no-break and zero-width spaces), hyphens and a leading spreadsheet apostrophe are removed, and
``x``/``b`` are upper-cased. The normalised number is what ``IdInfo.number`` holds.

Region check: python-stdnum knows the period in which each county code was in force and
rejects a number whose county code was created after the birth year (婺源县 361130 exists
from 2000, so it rejects everyone from 婺源 born before 2000 who carries it). Numbers are
assigned at registration, not at birth, so such numbers do exist; we accept them unless
``strict_region=True`` and report ``IdInfo.region_in_force_at_birth = False``. A region code
stdnum does not know at all is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumValidationError

from registry.codes import DISABILITY_CATEGORIES, DISABILITY_LEVELS
from registry.errors import ValidationError
from registry.text import FULLWIDTH_TO_ASCII

IdKind = Literal["ric18", "disability20", "disability22"]

MIN_BIRTH_YEAR = 1900
"""Birth dates before this year are refused (python-stdnum does not check a range)."""

_CHECK_CHARS = "10X98765432"

_REMOVED = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\-\u2010-\u2015\u2212]")
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d*)?E[+-]?\d+$")
_DECIMAL = re.compile(r"^\d{15,}[.,]0*$")
_ID18_SHAPE = re.compile(r"^\d{17}[\dX]$")
_ALLOWED = re.compile(r"^[0-9XB]+$")


@dataclass(frozen=True)
class IdInfo:
    """What a valid ID or disability card number tells.

    ``number`` is the whole normalised number (20 or 22 characters for a disability card);
    ``id18`` is its 18-character resident ID part. ``disability_category`` is the category
    label (``"肢体"``) and ``disability_level`` the level 1-4 (1 most severe); both are
    ``None`` for ``ric18``. ``reissue_suffix`` is e.g. ``"B1"`` for ``disability22``.
    """

    number: str
    kind: IdKind
    birth_date: date
    sex: str
    region_code: str
    region_name: str
    disability_category: str | None = None
    disability_level: int | None = None
    reissue_suffix: str | None = None
    region_in_force_at_birth: bool = True

    @property
    def id18(self) -> str:
        """The 18-character resident ID number inside ``number``."""
        return self.number[:18]


def normalise_id_text(text: str | int | float | None) -> str:
    """Normalise raw input as described in the module docstring (no validation).

    A number (as a spreadsheet reader may hand over) is turned into its text as is, so that
    a float shows up as the damage it is (``1.10105199001011e+17``) and is refused later.
    """
    if text is None:
        return ""
    cleaned = (text if isinstance(text, str) else str(text)).translate(FULLWIDTH_TO_ASCII)
    cleaned = _REMOVED.sub("", cleaned).upper()
    return cleaned[1:] if cleaned.startswith("'") else cleaned


def id_check_char(first17: str) -> str:
    """Return the GB 11643-1999 check character (0-9 or X) for 17 leading digits.

    The standard weights are 2**(17 - i) mod 11 for position i = 0..16. As 13 = 2 (mod 11),
    reading the digits in base 13 gives the weighted sum divided by 2, so the sum mod 11 is
    ``2 * int(first17, 13) % 11``; that is much faster than looping over the digits.
    Raises ``ValueError`` unless ``first17`` is 17 ASCII digits.
    """
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("expected 17 digits")
    return _CHECK_CHARS[2 * int(first17, 13) % 11]


def _error(field: str, message_zh: str, message_en: str) -> ValidationError:
    return ValidationError(field, message_zh, message_en)


def _check_not_spreadsheet_damaged(number: str, field: str) -> None:
    if _SCIENTIFIC.match(number) or _DECIMAL.match(number):
        raise _error(
            field,
            "证件号码被表格软件当作数字处理（如科学计数法或带小数点），末尾数字已丢失，"
            "无法自动修复，请按证件原样重新录入，并将该列设为文本格式",
            "The ID number was treated as a number by a spreadsheet (scientific notation or a "
            "decimal point) and its last digits are lost; it cannot be repaired. Re-enter it "
            "from the card, with the column formatted as text",
        )


def _check_characters(number: str, field: str) -> None:
    if number.isdigit() and len(number) == 15:
        raise _error(
            field,
            "15位旧身份证号码已停止使用，请按18位公民身份号码重新录入",
            "15-digit legacy ID numbers are no longer valid; re-enter the 18-digit number",
        )
    if not _ALLOWED.match(number):
        raise _error(
            field,
            "证件号码只能包含数字（第18位可为X，补办残疾人证号末尾可为B加数字）",
            "The ID number may only contain digits (X allowed as 18th character, B plus a "
            "digit at the end of a re-issued disability card number)",
        )
    if len(number) not in (18, 20, 22):
        raise _error(
            field,
            "证件号码长度错误：身份证号应为18位，残疾人证号应为20位或22位",
            "Wrong length: an ID number has 18 characters, a disability card number 20 or 22",
        )


def _split_disability(number: str, field: str) -> tuple[str | None, int | None, str | None]:
    if len(number) == 18:
        return None, None, None
    tail = number[18:]
    if not tail[:2].isdigit():
        raise _error(
            field,
            "残疾人证号第19、20位应为残疾类别和等级数字",
            "Positions 19 and 20 of a disability card number must be digits (category and level)",
        )
    category = dict(DISABILITY_CATEGORIES).get(tail[0])
    if category is None:
        raise _error(
            field,
            "残疾人证号第19位（残疾类别）应为1至7",
            "Position 19 of a disability card number (category) must be 1 to 7",
        )
    if tail[1] not in dict(DISABILITY_LEVELS):
        raise _error(
            field,
            "残疾人证号第20位（残疾等级）应为1至4",
            "Position 20 of a disability card number (level) must be 1 to 4",
        )
    suffix = tail[2:] or None
    if suffix is not None and not re.fullmatch(r"B[1-9]", suffix):
        raise _error(
            field,
            "22位残疾人证号末两位应为补办标记B加数字（如B1）",
            "The last two characters of a 22-character disability card number must be B and "
            "a digit (e.g. B1)",
        )
    return category, int(tail[1]), suffix


def _check_id18_shape(id18: str, field: str) -> None:
    if not _ID18_SHAPE.match(id18):
        raise _error(
            field,
            "身份证号前17位必须是数字，第18位为数字或X",
            "The first 17 characters of an ID number must be digits, the 18th a digit or X",
        )


def _check_checksum(id18: str, field: str) -> None:
    if id_check_char(id18[:17]) == id18[17]:
        return
    if id18.endswith("000"):
        raise _error(
            field,
            "身份证号校验位错误，且末三位为000，疑似经表格软件按数字保存后丢失了末尾数字，"
            "无法自动修复，请按证件原样重新录入",
            "Bad check digit, and the number ends in 000: a spreadsheet probably stored it as "
            "a number and lost its last digits. It cannot be repaired; re-enter it from the "
            "card",
        )
    raise _error(
        field,
        "身份证号校验位错误，请核对后重新录入",
        "Bad check digit in the ID number; check it and re-enter",
    )


def _birth_date(id18: str, today: date, field: str) -> date:
    try:
        born = date(int(id18[6:10]), int(id18[10:12]), int(id18[12:14]))
    except ValueError:
        raise _error(
            field,
            "身份证号中的出生日期不存在，请核对",
            "The birth date inside the ID number is not a real date; check the number",
        ) from None
    if born > today:
        raise _error(
            field,
            "身份证号中的出生日期晚于今天，请核对",
            "The birth date inside the ID number is in the future; check the number",
        )
    if born.year < MIN_BIRTH_YEAR:
        raise _error(
            field,
            f"身份证号中的出生日期早于{MIN_BIRTH_YEAR}年，请核对",
            f"The birth date inside the ID number is before {MIN_BIRTH_YEAR}; check the number",
        )
    return born


def _unknown_region(field: str) -> ValidationError:
    return _error(
        field,
        "身份证号前6位不是已知的行政区划代码，请核对",
        "The first 6 digits of the ID number are not a known region code; check the number",
    )


@lru_cache(maxsize=16384)
def _region_lookup(region6: str, birth_year: str) -> tuple[dict[str, str] | None, bool]:
    """python-stdnum's birth place for a region code and birth year (memoised: its numdb
    lookup costs about 0.2 ms and depends on nothing else). ``(None, False)``: unknown."""
    probe = f"{region6}{birth_year}0101000"
    probe += id_check_char(probe)
    try:
        return dict(ric.get_birth_place(probe)), True
    except StdnumValidationError:
        parts = numdb.get("cn/loc").info(region6)
        return {key: value for _, props in parts for key, value in props.items()}, False
    except (KeyError, ValueError, IndexError):
        return None, False


def _region(id18: str, field: str, strict: bool) -> tuple[str, bool]:
    """Return (region name, in force at birth year); refuse unknown codes."""
    info, in_force = _region_lookup(id18[:6], id18[6:10])
    if info is None or "province" not in info or "county" not in info:
        raise _unknown_region(field)
    if not in_force and strict:
        raise _error(
            field,
            "身份证号前6位的行政区划代码在出生年份尚未启用或已撤销，请核对",
            "The region code of the ID number was not in force in the birth year; check it",
        )
    county = re.sub(r"\[[^\]]*\]", "", info["county"].split(",")[-1])
    name = info["province"] if county == info["province"] else info["province"] + county
    return name, in_force


def _stdnum_confirms(id18: str, field: str, in_force: bool) -> None:
    """python-stdnum's check digit as a second opinion on ours (its full ``validate`` would
    repeat the date and region checks already made, at three times the cost)."""
    try:
        expected = ric.calc_check_digit(id18)
    except (StdnumValidationError, KeyError, ValueError, IndexError):
        expected = ""
    if expected != id18[17]:
        raise _error(
            field,
            "身份证号无效，请核对后重新录入",
            "The ID number is not valid; check it and re-enter",
        )


def parse_id_number(
    text: str | int | float | None,
    *,
    today: date,
    field: str = "id_number",
    strict_region: bool = False,
) -> IdInfo:
    """Validate an 18-character ID or a 20/22-character disability card number.

    ``today`` bounds the birth date (no future dates). ``field`` names the field in the
    ``ValidationError`` raised for every refusal (see the module docstring for the cases).
    ``strict_region=True`` also refuses a region code that was not in force in the birth year.
    """
    number = normalise_id_text(text)
    if not number:
        raise _error(field, "证件号码不能为空", "The ID number is required")
    _check_not_spreadsheet_damaged(number, field)
    _check_characters(number, field)
    id18 = number[:18]
    _check_id18_shape(id18, field)
    category, level, suffix = _split_disability(number, field)
    _check_checksum(id18, field)
    born = _birth_date(id18, today, field)
    region_name, in_force = _region(id18, field, strict_region)
    _stdnum_confirms(id18, field, in_force)
    kinds: dict[int, IdKind] = {18: "ric18", 20: "disability20", 22: "disability22"}
    return IdInfo(
        number=number,
        kind=kinds[len(number)],
        birth_date=born,
        sex="男" if int(id18[16]) % 2 else "女",
        region_code=id18[:6],
        region_name=region_name,
        disability_category=category,
        disability_level=level,
        reissue_suffix=suffix,
        region_in_force_at_birth=in_force,
    )


def upgrade_legacy_id(fifteen: str | None, *, field: str = "id_number") -> str:
    """Compute the 18-digit form of a 15-digit legacy ID number, as a suggestion to confirm.

    The 18-digit number inserts ``19`` before the 2-digit birth year and appends the check
    character. Raises ``ValidationError`` unless the input is 15 digits with a real date.
    The result still needs ``parse_id_number`` (region, date range) before it is stored.
    """
    number = normalise_id_text(fifteen)
    if len(number) != 15 or not number.isascii() or not number.isdigit():
        raise _error(
            field,
            "只能转换15位数字的旧身份证号码",
            "Only a 15-digit legacy ID number can be converted",
        )
    first17 = number[:6] + "19" + number[6:]
    try:
        date(int(first17[6:10]), int(first17[10:12]), int(first17[12:14]))
    except ValueError:
        raise _error(
            field,
            "旧身份证号码中的出生日期不存在，请核对",
            "The birth date inside the legacy ID number is not a real date; check the number",
        ) from None
    return first17 + id_check_char(first17)
