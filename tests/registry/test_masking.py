"""Masking for display: IDs, phones, names; never more than half and never > 8 characters."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.masking import mask_id, mask_name, mask_numbers_in, mask_phone


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("330106199001011234", "3301**********1234"),
        ("33010619900101123X", "3301**********123X"),
        ("11010519900101001043", "1101************1043"),
        ("11010519900101001043B1", "1101**************43B1"),
        (" 330106 19900101 1234 ", "3301**********1234"),
        ("110105900101001", "110*********001"),  # 15 digits: 3 + 3
        ("12345678", "12****78"),
        ("1234", "1**4"),
        ("123", "***"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_id(number: str | None, masked: str) -> None:
    assert mask_id(number) == masked


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13800138000", "138****8000"),
        (" 13800138000 ", "138****8000"),
        ("0793-7345678", "0793-***5678"),
        ("010-62345678", "010-****5678"),
        ("0793-7345678-123", "0793-***5678-***"),
        ("+8613800138000", "+86*******8000"),
        ("12345", "1***5"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(phone: str | None, masked: str) -> None:
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("李小龙", "李**"),
        ("欧阳娜娜", "欧阳**"),
        ("欧阳锋", "欧阳*"),
        ("诸葛亮", "诸葛*"),
        ("欧阳", "欧*"),  # two characters: surname 欧, given name 阳
        ("买买提·艾力", "买*****"),
        (" 王五 ", "王*"),
        ("张", "*"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name(name: str | None, masked: str) -> None:
    assert mask_name(name) == masked


def _shown(masked: str) -> int:
    return sum(1 for char in masked if char != "*")


@settings(max_examples=300)
@given(st.text(alphabet="0123456789Xx", max_size=30))
def test_mask_id_never_reveals_more_than_8_or_half(number: str) -> None:
    masked = mask_id(number)
    assert len(masked) == len(number)
    assert _shown(masked) <= min(8, len(number) // 2)
    digits_shown = sum(1 for char in masked if char.isdigit())
    assert digits_shown <= 8


@given(st.from_regex(r"[1-9][0-9]{16}[0-9X]", fullmatch=True))
def test_mask_id_keeps_4_and_4(number: str) -> None:
    masked = mask_id(number)
    assert masked == number[:4] + "*" * 10 + number[-4:]


@settings(max_examples=300)
@given(st.text(max_size=30))
def test_mask_phone_never_reveals_more_than_half_of_a_non_phone(text: str) -> None:
    masked = mask_phone(text)
    compact = "".join(text.split())
    assert len(masked) == len(compact)
    assert sum(1 for char in masked if char.isdigit()) <= 8


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_mask_mobile(number: str) -> None:
    assert mask_phone(number) == number[:3] + "****" + number[-4:]


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Z", "C")), max_size=12))
def test_mask_name_keeps_length_and_at_most_the_surname(name: str) -> None:
    masked = mask_name(name)
    assert len(masked) == len(name)
    assert _shown(masked) <= 2
    assert masked[:1] in ("", "*", name[:1])


def test_mask_numbers_in_text():
    text = "row 3: 11010519491231002X, tel 13800138000; code 361130104201, 138001380001"
    assert mask_numbers_in(text) == (
        "row 3: 1101**********002X, tel 138****8000; code 361130104201, 138001380001")
    assert mask_numbers_in("no numbers") == "no numbers"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("户主 330106199001011234 电话 13800138000", "户主 3301**********1234 电话 138****8000"),
        ("33010619900101123x;13800138000", "3301**********123x;138****8000"),
        ("户编号3611301042010001", "户编号3611301042010001"),  # 16 digits: not a number masked
        ("A13800138000 or 138001380001", "A13800138000 or 138001380001"),  # not standing alone
        ("", ""),
    ],
)
def test_numbers_standing_alone_in_text_are_masked(text: str, masked: str) -> None:
    assert mask_numbers_in(text) == masked
