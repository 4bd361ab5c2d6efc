"""Opening a profile from a command line (``bangfu-ledger``, ``bangfu-policy publish``).

The passphrase comes from a prompt, or from the environment variable ``BANGFU_PASSPHRASE``
for scripted use; never from an argument (it would stay in the shell history and the
process list).
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from registry.errors import BangfuError
from registry.profile import Profile
from registry.store import Store

PASSPHRASE_ENV = "BANGFU_PASSPHRASE"


def open_for_cli(folder: Path, user: str) -> Store | None:
    """The unlocked store of the profile in ``folder``; None (the reason printed on stderr,
    in Chinese, without the passphrase) if there is no profile or it cannot be unlocked."""
    profile = Profile(folder)
    if not profile.exists():
        print(f"错误：目录中没有档案（{folder}）", file=sys.stderr)
        return None
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if passphrase is None:
        passphrase = getpass.getpass("密码 / passphrase: ")
    try:
        return profile.unlock(user, passphrase)
    except BangfuError as exc:
        print(f"错误：无法打开档案：{exc.message_zh}", file=sys.stderr)
        return None
