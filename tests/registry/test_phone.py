"""Phone numbers: mainland mobiles and landlines, normalised; clear refusals otherwise."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.errors import ValidationError
from registry.phone import parse_phone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        (" 13800138000 ", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("+86-138-0013-8000", "13800138000"),
        ("+8613800138000", "13800138000"),
        ("0086 13800138000", "13800138000"),
        ("008613800138000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("(+86) 13800138000", "13800138000"),
        ("（+86）13800138000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
        ("19912345678", "19912345678"),
        ("16612345678", "16612345678"),
        ("0793-7345678", "0793-7345678"),
        ("07937345678", "0793-7345678"),
        ("(0793) 734 5678", "0793-7345678"),
        ("0793 7345678", "0793-7345678"),
        ("010-62345678", "010-62345678"),
        ("01062345678", "010-62345678"),
        ("020-38765432", "020-38765432"),
        ("0887-8412345", "0887-8412345"),
        ("0851-85551234", "0851-85551234"),
        ("0793-7345678-123", "0793-7345678-123"),
        ("0793-7345678转123", "0793-7345678-123"),
        ("0793-7345678 转 8", "0793-7345678-8"),
        ("0793-7345678 ext. 12", "0793-7345678-12"),
        ("0793-7345678#12", "0793-7345678-12"),
        ("010-62345678-123456", "010-62345678-123456"),
        ("+86 793 7345678", "0793-7345678"),
        ("+86-10-62345678", "010-62345678"),
        ("0086-793-7345678", "0793-7345678"),
        ("０７９３－７３４５６７８", "0793-7345678"),
    ],
)
def test_accepted(text: str, expected: str) -> None:
    assert parse_phone(text) == expected


def refusal(text: str | None, field: str = "phone") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_phone(text, field=field)
    err = caught.value
    digits = re.sub(r"\D", "", text or "")
    for message in (str(err), err.message_zh, err.message_en):
        if len(digits) >= 6:
            assert digits not in message
            assert not any(digits[i : i + 6] in message for i in range(len(digits) - 5))
    return err


@pytest.mark.parametrize(
    ("text", "zh"),
    [
        ("", "不能为空"),
        (None, "不能为空"),
        ("   ", "不能为空"),
        ("abc", "只能包含数字"),
        ("138001380OO", "只能包含数字"),
        ("电话13800138000", "只能包含数字"),
        ("12800138000", "手机号码"),  # 12x is not a mobile prefix
        ("11800138000", "手机号码"),
        ("1380013800", "手机号码"),  # 10 digits
        ("138001380001", "手机号码"),  # 12 digits
        ("13800138000转12", "手机号码"),  # mobiles have no extension
        ("+86 12800138000", "手机号码"),
        ("7345678", "区号"),  # no area code
        ("62345678", "区号"),
        ("400-800-8888", "区号"),  # service numbers are not a person's phone
        ("0000-7345678", "区号"),
        ("0793-0345678", "7位或8位"),  # local number cannot start with 0
        ("0793-1345678", "7位或8位"),
        ("0793-734567", "7位或8位"),  # 6 digits
        ("0793-734567890", "7位或8位"),  # 9 digits
        ("010-12345678", "7位或8位"),
        ("0793-7345678-1234567", "分机号"),
    ],
)
def test_refused(text: str | None, zh: str) -> None:
    err = refusal(text)
    assert err.field == "phone"
    assert zh in err.message_zh
    assert err.message_en
    assert str(err) == f"phone: {err.message_zh}"


def test_field_is_named() -> None:
    err = refusal("12345", field="household.phone")
    assert err.field == "household.phone"
    assert str(err).startswith("household.phone: ")


mobiles = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)


@settings(max_examples=200)
@given(
    number=mobiles,
    prefix=st.sampled_from(["", "+86", "+86 ", "0086", "0086-", "86"]),
    sep=st.sampled_from(["", " ", "-"]),
)
def test_any_mobile_with_separators(number: str, prefix: str, sep: str) -> None:
    written = prefix + sep.join((number[:3], number[3:7], number[7:]))
    assert parse_phone(written) == number


@settings(max_examples=200)
@given(
    area=st.one_of(
        st.sampled_from(["010", "020", "021", "022", "023", "024", "025", "027", "028", "029"]),
        st.from_regex(r"0[3-9][0-9]{2}", fullmatch=True),
    ),
    local=st.from_regex(r"[2-9][0-9]{6,7}", fullmatch=True),
    sep=st.sampled_from(["", "-", " "]),
)
def test_any_landline(area: str, local: str, sep: str) -> None:
    assert parse_phone(area + sep + local) == f"{area}-{local}"


@settings(max_examples=300)
@given(st.text(max_size=25))
def test_arbitrary_text_is_normalised_or_refused(text: str) -> None:
    try:
        result = parse_phone(text)
    except ValidationError as err:
        assert err.field == "phone"
    else:
        assert re.fullmatch(r"1[3-9]\d{9}|0\d{2,3}-[2-9]\d{6,7}(-\d{1,6})?", result)
        assert parse_phone(result) == result  # idempotent


def test_spreadsheet_numbers() -> None:
    assert parse_phone(13800138000) == "13800138000"
    assert parse_phone(13800138000.0) == "13800138000"
    with pytest.raises(ValidationError):
        parse_phone(7937345678.0)  # the area code's 0 was lost by the spreadsheet
    with pytest.raises(ValidationError):
        parse_phone(1.38001380005e10)
