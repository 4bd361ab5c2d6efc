"""ID and disability card numbers: what is accepted, and a clear refusal for each trap."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError

from registry.errors import ValidationError
from registry.idnumber import (
    IdInfo,
    id_check_char,
    normalise_id_text,
    parse_id_number,
    upgrade_legacy_id,
)

TODAY = date(2026, 11, 22)
# Region codes python-stdnum knows without a validity window (any birth year is fine):
# 北京朝阳, 德钦 (Yunnan), 榕江 and 黄平 (Guizhou), 元阳 (Yunnan), 北京海淀.
REGIONS = ("110105", "533422", "522632", "522622", "532528", "110108")


def make(region: str = "110105", birth: str = "19900101", seq: str = "001") -> str:
    """A valid 18-character ID; the check character comes from python-stdnum (an oracle)."""
    first17 = region + birth + seq
    return first17 + ric.calc_check_digit(first17 + "0")


def with_bad_check(number: str) -> str:
    wrong = "0" if number[-1] != "0" else "1"
    return number[:17] + wrong


VALID = make()  # 110105199001010010, a man from 北京市朝阳区


def refusal(text: str, **kwargs) -> ValidationError:
    """Parse ``text`` expecting a refusal; check the message never leaks the number."""
    kwargs.setdefault("today", TODAY)
    with pytest.raises(ValidationError) as caught:
        parse_id_number(text, **kwargs)
    err = caught.value
    assert_no_leak(err, text)
    return err


def assert_no_leak(err: ValidationError, text: str) -> None:
    text = "" if text is None else str(text)
    digits = re.sub(r"\D", "", normalise_id_text(text))
    # Text without a digit can only match the fixed wording (hypothesis found "id_num").
    has_digit = any(c.isdigit() for c in normalise_id_text(text))
    for message in (str(err), err.message_zh, err.message_en):
        if len(text.strip()) >= 6 and has_digit:
            assert text.strip() not in message
        if len(digits) >= 6:
            assert digits not in message
            # no run of 6 digits of the number (region, birth date, tail) either
            runs = {digits[i : i + 6] for i in range(len(digits) - 5)}
            assert not any(run in message for run in runs), message
        # no birth date of the number either
        if len(digits) >= 14:
            assert digits[6:14] not in message


# --- accepted ----------------------------------------------------------------------------


def test_valid_18_digit_number() -> None:
    info = parse_id_number(VALID, today=TODAY)
    assert info == IdInfo(
        number=VALID,
        kind="ric18",
        birth_date=date(1990, 1, 1),
        sex="男",
        region_code="110105",
        region_name="北京市朝阳区",
    )
    assert info.id18 == VALID


def test_sex_from_the_17th_digit() -> None:
    assert parse_id_number(make(seq="002"), today=TODAY).sex == "女"
    assert parse_id_number(make(seq="999"), today=TODAY).sex == "男"


def test_x_check_character_and_lower_case_x() -> None:
    number = next(make(seq=f"{n:03d}") for n in range(1000) if make(seq=f"{n:03d}").endswith("X"))
    assert parse_id_number(number, today=TODAY).number == number
    assert parse_id_number(number.lower(), today=TODAY).number == number


@pytest.mark.parametrize(
    "text",
    [
        f" {VALID} ",
        "110105 19900101 0010",
        "110105-19900101-0010",
        "'110105199001010010",  # spreadsheet text prefix
        "１１０１０５１９９００１０１００１０",  # full-width digits
        "110105\u00a0199001010010",  # no-break space
        "110105199001010010\u200b",  # zero-width space from a copy-paste
        "\t110105199001010010\n",
    ],
)
def test_normalisation(text: str) -> None:
    assert parse_id_number(text, today=TODAY).number == VALID


def test_full_width_x() -> None:
    number = next(make(seq=f"{n:03d}") for n in range(1000) if make(seq=f"{n:03d}").endswith("X"))
    full_width = number[:17].translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}) + "ｘ"
    assert parse_id_number(full_width, today=TODAY).number == number


def test_born_today_is_accepted() -> None:
    number = make(birth=TODAY.strftime("%Y%m%d"))
    assert parse_id_number(number, today=TODAY).birth_date == TODAY


def test_born_in_1900_is_accepted() -> None:
    assert parse_id_number(make(birth="19000101"), today=TODAY).birth_date == date(1900, 1, 1)


def test_29_february_in_a_leap_year() -> None:
    assert parse_id_number(make(birth="20000229"), today=TODAY).birth_date == date(2000, 2, 29)


@pytest.mark.parametrize(
    ("tail", "category", "level"),
    [("11", "视力", 1), ("24", "听力", 4), ("32", "言语", 2), ("43", "肢体", 3),
     ("51", "智力", 1), ("62", "精神", 2), ("74", "多重", 4)],
)  # fmt: skip
def test_disability_card_20(tail: str, category: str, level: int) -> None:
    info = parse_id_number(VALID + tail, today=TODAY)
    assert info.kind == "disability20"
    assert info.number == VALID + tail
    assert info.id18 == VALID
    assert (info.disability_category, info.disability_level) == (category, level)
    assert info.reissue_suffix is None
    assert info.birth_date == date(1990, 1, 1)
    assert info.sex == "男"


@pytest.mark.parametrize("suffix", ["B1", "b2", "B9"])
def test_disability_card_22_reissued(suffix: str) -> None:
    info = parse_id_number(VALID + "43" + suffix, today=TODAY)
    assert info.kind == "disability22"
    assert info.number == VALID + "43" + suffix.upper()
    assert info.reissue_suffix == suffix.upper()
    assert (info.disability_category, info.disability_level) == ("肢体", 3)


def test_disability_card_on_an_x_number() -> None:
    number = next(make(seq=f"{n:03d}") for n in range(1000) if make(seq=f"{n:03d}").endswith("X"))
    info = parse_id_number(number.lower() + "61", today=TODAY)
    assert info.number == number + "61"
    assert info.disability_category == "精神"


def test_region_not_in_force_at_birth_is_accepted_and_flagged() -> None:
    # 婺源县 has been 361130 since 2000 only (362334 before); stdnum refuses this number,
    # but numbers are assigned at registration and such numbers exist.
    number = make(region="361130", birth="19850315")
    with pytest.raises(StdnumError):
        ric.validate(number)
    info = parse_id_number(number, today=TODAY)
    assert info.region_in_force_at_birth is False
    assert info.region_name == "江西省婺源县"
    assert parse_id_number(make(region="361130", birth="20050315"), today=TODAY)
    assert parse_id_number(make(region="362334"), today=TODAY).region_in_force_at_birth


def test_strict_region_refuses_a_code_not_in_force_at_birth() -> None:
    err = refusal(make(region="361130", birth="19850315"), strict_region=True)
    assert err.field == "id_number"
    assert "行政区划" in err.message_zh
    assert parse_id_number(make(region="361130", birth="20050315"), today=TODAY, strict_region=True)


# --- refused -----------------------------------------------------------------------------

INVALID = [
    # (case, text, words in message_zh, words in message_en)
    ("empty", "", "不能为空", "required"),
    ("blank", "   ", "不能为空", "required"),
    ("none", None, "不能为空", "required"),
    ("too short", VALID[:17], "长度", "length"),
    ("too long", VALID + "1", "长度", "length"),
    ("21 chars", VALID + "431", "长度", "length"),
    ("16 digits", VALID[:16], "长度", "length"),
    ("letters", "11010519900101A010", "只能包含数字", "only contain digits"),
    ("chinese", "身份证" + VALID, "只能包含数字", "only contain digits"),
    ("punctuation", VALID[:9] + "." + VALID[9:], "只能包含数字", "only contain digits"),
    ("X inside", VALID[:10] + "X" + VALID[11:], "前17位", "first 17"),
    ("B in an ID", VALID[:17] + "B", "前17位", "first 17"),
    ("bad checksum", with_bad_check(VALID), "校验位", "check digit"),
    ("bad date 0230", make(birth="19900230"), "出生日期不存在", "not a real date"),
    ("bad month 13", make(birth="19901301"), "出生日期不存在", "not a real date"),
    ("29 Feb non-leap", make(birth="19010229"), "出生日期不存在", "not a real date"),
    ("future 2090", make(birth="20900101"), "晚于今天", "future"),
    ("tomorrow", make(birth=(TODAY + timedelta(days=1)).strftime("%Y%m%d")), "晚于今天", "future"),
    ("before 1900", make(birth="18991231"), "早于1900", "before 1900"),
    ("unknown province 99", make(region="990105"), "行政区划", "region code"),
    ("unknown county", make(region="110199"), "行政区划", "region code"),
    ("stdnum KeyError 1331", make(region="133101"), "行政区划", "region code"),
    ("stdnum KeyError 133100", make(region="133100"), "行政区划", "region code"),
    ("legacy 15", "110105900101001", "15位", "15-digit"),
    ("legacy 15 spaced", "110105 900101 001", "15位", "15-digit"),
    ("excel E+17", "1.10105E+17", "表格", "spreadsheet"),
    ("excel long mantissa", "1.10105199001011E+17", "表格", "spreadsheet"),
    ("excel lower e", "1.10105e17", "表格", "spreadsheet"),
    ("excel full-width", "１．１０１０５Ｅ＋１７", "表格", "spreadsheet"),
    ("excel decimal", VALID + ".0", "表格", "spreadsheet"),
    ("excel zeros lost", "110105199001011000", "000", "spreadsheet"),
    ("disability category 0", VALID + "03", "残疾类别", "category"),
    ("disability category 8", VALID + "83", "残疾类别", "category"),
    ("disability level 0", VALID + "40", "残疾等级", "level"),
    ("disability level 5", VALID + "45", "残疾等级", "level"),
    ("disability letters", VALID + "B1", "第19、20位", "19 and 20"),
    ("disability suffix no B", VALID + "4311", "B加数字", "B and"),
    ("disability suffix B0", VALID + "43B0", "B加数字", "B and"),
    ("disability suffix BB", VALID + "43BB", "B加数字", "B and"),
    ("disability bad id", with_bad_check(VALID) + "43", "校验位", "check digit"),
    ("disability bad date", make(birth="19900230") + "43B1", "出生日期", "birth date"),
]


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [case[1:] for case in INVALID],
    ids=[case[0] for case in INVALID],
)
def test_refusals(text: str | None, zh: str, en: str) -> None:
    err = refusal(text)  # type: ignore[arg-type]
    assert err.field == "id_number"
    assert zh in err.message_zh
    assert en.lower() in err.message_en.lower()
    assert str(err) == f"id_number: {err.message_zh}"


@pytest.mark.parametrize("text", [case[1] for case in INVALID if case[1]])
def test_refusal_names_the_given_field(text: str) -> None:
    err = refusal(text, field="person.id_number")
    assert err.field == "person.id_number"
    assert str(err).startswith("person.id_number: ")


def test_all_messages_differ_by_case() -> None:
    """Each kind of trap has its own message, so users know what to fix."""
    kinds = ["", VALID[:17], "11010519900101A010", with_bad_check(VALID),
             make(birth="19900230"), make(birth="20900101"), make(birth="18991231"),
             make(region="990105"), "110105900101001", "1.10105E+17", "110105199001011000",
             VALID + "83", VALID + "45", VALID + "4311"]  # fmt: skip
    messages = {refusal(text).message_en for text in kinds}
    assert len(messages) == len(kinds)


def test_zeros_with_a_valid_checksum_are_accepted() -> None:
    """A real number can end in 000 (order code x00, check 0); only a bad checksum is damage."""
    body = next(
        f"1101051990{m:02d}{d:02d}{s}00"
        for m in range(1, 13)
        for d in range(1, 29)
        for s in range(1, 10)
        if id_check_char(f"1101051990{m:02d}{d:02d}{s}00") == "0"
    )
    assert parse_id_number(body + "0", today=TODAY).number == body + "0"


# --- legacy numbers ---------------------------------------------------------------------


def test_upgrade_legacy_id() -> None:
    assert upgrade_legacy_id("110105900101001") == VALID
    assert upgrade_legacy_id(" 110105 900101 001 ") == VALID
    assert upgrade_legacy_id("１１０１０５９００１０１００１") == VALID
    assert parse_id_number(upgrade_legacy_id("533422750615002"), today=TODAY).sex == "女"


@pytest.mark.parametrize("text", ["", None, "11010590010100", "1101059001010012", "11010590010A001",
                                  "110105900230001", VALID])  # fmt: skip
def test_upgrade_legacy_id_refuses(text: str | None) -> None:
    with pytest.raises(ValidationError) as caught:
        upgrade_legacy_id(text, field="person.id_number")
    assert caught.value.field == "person.id_number"
    assert_no_leak(caught.value, text or "")


# --- check character ----------------------------------------------------------------------


def test_id_check_char_refuses_non_digits() -> None:
    for bad in ("1101051990010100", "11010519900101001A", "1101051990010100B"):
        with pytest.raises(ValueError):
            id_check_char(bad)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_id_check_char_matches_stdnum(first17: str) -> None:
    assert id_check_char(first17) == ric.calc_check_digit(first17 + "0")


# --- properties ---------------------------------------------------------------------------

births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
seqs = st.integers(min_value=0, max_value=999)


@settings(max_examples=300)
@given(region=st.sampled_from(REGIONS), born=births, seq=seqs)
def test_generated_numbers_always_validate(region: str, born: date, seq: int) -> None:
    number = make(region, born.strftime("%Y%m%d"), f"{seq:03d}")
    info = parse_id_number(number, today=TODAY)
    assert ric.is_valid(number)
    assert info.birth_date == born
    assert info.sex == ("男" if seq % 2 else "女")
    assert info.region_code == region


@settings(max_examples=300)
@given(
    region=st.sampled_from(REGIONS),
    born=births,
    seq=seqs,
    position=st.integers(min_value=0, max_value=16),
    delta=st.integers(min_value=1, max_value=9),
)
def test_any_single_digit_error_is_refused(
    region: str, born: date, seq: int, position: int, delta: int
) -> None:
    number = make(region, born.strftime("%Y%m%d"), f"{seq:03d}")
    digit = str((int(number[position]) + delta) % 10)
    typo = number[:position] + digit + number[position + 1 :]
    refusal(typo)


@settings(max_examples=300)
@given(region=st.sampled_from(REGIONS), born=births, seq=seqs, position=st.integers(0, 15))
def test_adjacent_transpositions_are_refused(
    region: str, born: date, seq: int, position: int
) -> None:
    number = make(region, born.strftime("%Y%m%d"), f"{seq:03d}")
    if number[position] == number[position + 1]:
        return
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    refusal(swapped)


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_arbitrary_text_is_parsed_or_refused_cleanly(text: str) -> None:
    try:
        info = parse_id_number(text, today=TODAY)
    except ValidationError as err:
        assert err.field == "id_number"
        assert_no_leak(err, text)
    else:
        assert ric.is_valid(info.id18) or not info.region_in_force_at_birth


@settings(max_examples=300)
@given(st.text(alphabet="0123456789XBxb .-E+", min_size=10, max_size=24))
def test_number_like_text_is_parsed_or_refused_cleanly(text: str) -> None:
    try:
        parse_id_number(text, today=TODAY)
    except ValidationError as err:
        assert_no_leak(err, text)


# --- values handed over by a spreadsheet reader ----------------------------------------------


def test_float_cell_is_refused_as_spreadsheet_damage() -> None:
    err = refusal(1.10105199001011e17)  # type: ignore[arg-type]
    assert "表格" in err.message_zh
    assert "110105" not in err.message_en


def test_int_cell_with_lost_digits_is_refused() -> None:
    err = refusal(110105199001011000)  # type: ignore[arg-type]
    assert "000" in err.message_zh


def test_int_cell_that_is_intact_is_accepted() -> None:
    assert parse_id_number(110105199001010010, today=TODAY).number == VALID
