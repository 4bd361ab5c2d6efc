"""Small text normalisations shared by the field rules."""

from __future__ import annotations

from types import MappingProxyType

#: Full-width ASCII (as typed with a Chinese input method) and the ideographic space,
#: mapped to plain ASCII; for ``str.translate``.
FULLWIDTH_TO_ASCII = MappingProxyType(
    {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
)

