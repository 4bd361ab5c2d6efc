"""``Profile.check_again`` and ``record_login``: the idle lock's unlock on a profile already
open, audited as a login with the failures the key-slot file kept before it."""

from __future__ import annotations

import pytest
from bangfu_testdata import PASSPHRASE

from registry import audit
from registry.errors import UnknownUser, WrongPassphrase


def test_a_wrong_then_right_passphrase_is_audited_at_the_login(profile, store):
    with pytest.raises(WrongPassphrase):
        profile.check_again("secretary", "Not-It-2026")
    with pytest.raises(UnknownUser):
        profile.check_again("nobody", PASSPHRASE)
    assert audit.entries(store, action="login") == []  # nothing audited until a login
    profile.check_again("secretary", PASSPHRASE)
    profile.record_login(store)
    failed = audit.entries(store, action="unlock_failed")
    assert [(e.user, e.detail["known_user"]) for e in failed] == [("secretary", True),
                                                                   ("", False)]
    [login] = audit.entries(store, action="login")
    # the entry's user says who logged in; no target (a name could be a number)
    assert (login.user, login.target, login.detail["role"]) == ("secretary", "",
                                                                "reviewer")
    assert profile.keyring().unaudited_failures() == []
