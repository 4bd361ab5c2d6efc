"""Per-person service codes (as Jiangxi's 就业扶贫码): a random token printed as a QR code.

A code is ``BF`` + 9 random characters + 1 check character, from an alphabet without
look-alikes (no 0/O, 1/I/L, U). It says nothing about the person (never the ID number or
name): it only leads to the record holding it, in the ``service_code`` property. A USB
scanner types it like a keyboard, so ``parse_service_code`` accepts it in any case with
spaces or dashes, and the check character catches a mistyped or misread code.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

PREFIX = "BF"
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_CHARS = 9
LENGTH = len(PREFIX) + RANDOM_CHARS + 1
PROPERTY = "service_code"
_MODULUS = 29

_SHAPE = re.compile(rf"^{PREFIX}[{ALPHABET}]{{{RANDOM_CHARS + 1}}}$")
_SEPARATORS = re.compile(r"[\s\-_]+")


def new_service_code(*, choice: Callable[[str], str] = secrets.choice) -> str:
    """A new random service code (``choice`` picks one character; secrets by default)."""
    body = "".join(choice(ALPHABET) for _ in range(RANDOM_CHARS))
    return PREFIX + body + check_char(body)


def check_char(body: str) -> str:
    """The check character of the random part: a weighted sum modulo the prime 29, so one
    wrong character or two characters swapped change it (unless the error puts ``2`` for
    ``Z`` or the reverse)."""
    total = sum((index + 1) * ALPHABET.index(char) for index, char in enumerate(body))
    return ALPHABET[total % _MODULUS]


def parse_service_code(text: str) -> str | None:
    """The service code in ``text`` (upper-cased, separators removed), or None if the text
    is not a well-formed code with a correct check character."""
    candidate = _SEPARATORS.sub("", text or "").upper()
    if not _SHAPE.match(candidate):
        return None
    body = candidate[len(PREFIX):-1]
    return candidate if check_char(body) == candidate[-1] else None


def looks_like_service_code(text: str) -> bool:
    """True if ``text`` has the shape of a code (prefix and length), right or wrong: a
    scan that fails its check should say so rather than search for a name."""
    candidate = _SEPARATORS.sub("", text or "").upper()
    return len(candidate) == LENGTH and candidate.startswith(PREFIX)
