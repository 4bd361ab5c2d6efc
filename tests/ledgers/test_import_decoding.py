"""Properties of the encoding layer: round trips and repair, and only typed refusals."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.ledgers.import_decoding import (
    LedgerFileError,
    damaged,
    decode_bytes,
    looks_mojibake,
    repair_mojibake,
)
from registry.ledgers.import_tables import check_text

COMMON = st.sampled_from("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗建国秀英明华芳军强伟丽娟户主配偶之子")
names = st.text(COMMON, min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(names)
def test_gbk_read_as_latin1_is_repaired_exactly(name: str) -> None:
    shown = name.encode("gbk").decode("latin-1")
    assert looks_mojibake(shown) and not looks_mojibake(name)
    assert repair_mojibake(shown) == name


@settings(max_examples=200, deadline=None)
@given(names)
def test_gbk_read_as_cp1252_is_repaired_when_no_byte_was_lost(name: str) -> None:
    try:
        shown = name.encode("gbk").decode("cp1252")
    except UnicodeDecodeError:
        return  # a hole byte: Python's strict cp1252 cannot even show it
    assert repair_mojibake(shown) == name


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="gb18030", exclude_categories=("Cs", "Cc")), max_size=40))
def test_gb18030_and_utf8_round_trip(text: str) -> None:
    assert decode_bytes(text.encode("utf-8-sig")).text.lstrip("\ufeff") == text.lstrip("\ufeff")
    data = text.encode("gb18030")
    try:
        data.decode("utf-8")
        return  # e.g. 之 alone (D6 AE) is also valid UTF-8: the documented order reads UTF-8
    except UnicodeDecodeError:
        pass
    assert decode_bytes(data).text == text


def test_a_short_ambiguous_file_follows_the_documented_order() -> None:
    assert decode_bytes("之".encode("gb18030")).encoding == "utf-8"
    assert decode_bytes("之子".encode("gb18030")).text == "之子"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_decode_or_raise_the_typed_error(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except LedgerFileError:
        return
    rows = [(1, [decoded.text])]
    try:
        check_text(rows)
    except LedgerFileError as exc:
        assert "第 1 行第 A 列" in exc.message_zh


def test_damage_marks() -> None:
    assert damaged("王\ufffd") and damaged("锟斤拷锟斤拷") and not damaged("王小明")
    with pytest.raises(LedgerFileError):
        check_text([(3, ["ok", "张\ufffd"])])
