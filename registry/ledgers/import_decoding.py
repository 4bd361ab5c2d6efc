"""Text encodings of imported ledgers: detection, GBK mojibake repair, damage detection.

Order of detection (docs/research.md, "Encodings"): UTF-16 with a BOM, then ``utf-8-sig`` strict,
then ``gb18030`` strict (a superset of GBK, needed for rare name characters), then
charset-normalizer's guess; the caller shows a preview (the header row) so a person can
confirm. Cells of GBK text once read as Latin-1 or cp1252 and saved again (``ÍÑÆ¶``) are
repaired with ``.encode('latin-1').decode('gbk')`` and the repair is reported. Text that
lost bytes (U+FFFD, ``锟斤拷``, a cp1252 reading that dropped bytes) cannot be repaired: the
whole file is refused.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from registry.errors import BangfuError

_CP1252_SPECIALS = "".join(
    bytes([b]).decode("cp1252") for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
)
_ENCODE_CP1252 = {ch: bytes([b]) for b in range(0x80, 0xA0)
                  if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
                  for ch in [bytes([b]).decode("cp1252")]}
_HIGH = re.compile(f"[\u0080-\u00ff{re.escape(_CP1252_SPECIALS)}]")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\U00020000-\U0002ffff]")
_DAMAGE = ("\ufffd", "锟斤拷")


class LedgerFileError(BangfuError):
    """A ledger file is refused as a whole (unreadable, damaged, no usable header)."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh, message_en)
        self.message_zh = message_zh
        self.message_en = message_en


@dataclass(frozen=True)
class Decoded:
    """Text of a file and the encoding it was read with (``utf-8-sig``, ``gb18030`` ...)."""

    text: str
    encoding: str


def decode_bytes(data: bytes) -> Decoded:
    """Decode a text file in the documented order; raise ``LedgerFileError`` if none fits."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        name = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else (
            "utf-8" if encoding == "utf-8-sig" else encoding)
        return Decoded(text, name)
    return _detected(data)


def _detected(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise LedgerFileError("无法识别文件的文字编码（不是 UTF-8、GBK 或 GB18030），请另存为 UTF-8 后再导入",
                              "Unknown text encoding (not UTF-8, GBK or GB18030); save as UTF-8")
    return Decoded(str(best), best.encoding)


def damaged(cell: str) -> bool:
    """True if text lost bytes for good: U+FFFD or the ``锟斤拷`` left by a UTF-8 round trip."""
    return any(mark in cell for mark in _DAMAGE)


def looks_mojibake(cell: str) -> bool:
    """True if a cell looks like GBK bytes shown as Latin-1/cp1252 characters (``ÍÑÆ¶``):
    no Chinese, every non-ASCII character (at least two) in U+0080-U+00FF or among cp1252's
    extra characters, and those make at least half the cell (``Café`` is left alone)."""
    if _CJK.search(cell):
        return False
    high = len(_HIGH.findall(cell))
    foreign = sum(1 for ch in cell if not ch.isascii())
    visible = sum(1 for ch in cell if not ch.isspace())
    return high >= 2 and high == foreign and 2 * high >= visible


def repair_mojibake(cell: str) -> str | None:
    """The GBK text behind a Latin-1/cp1252 mojibake cell, or ``None`` if bytes were lost."""
    raw = bytearray()
    for ch in cell:
        code = ord(ch)
        if code < 0x100:
            raw.append(code)
        elif ch in _ENCODE_CP1252:
            raw += _ENCODE_CP1252[ch]
        else:
            return None
    try:
        text = bytes(raw).decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if _CJK.search(text) else None
