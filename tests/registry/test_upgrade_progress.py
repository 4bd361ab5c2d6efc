"""Profile.unlock on a schema-4 file: each upgrade step is reported; a failing step is
rolled back, named in Chinese, and the next unlock finishes the upgrade."""

from __future__ import annotations

import pytest
from bangfu_testdata import PASSPHRASE
from upgrade_profile import USER, file_schema, old_profile

from registry import migrations
from registry.errors import UpgradeFailed
from registry.migrations import LATEST


def test_unlock_reports_each_upgrade_step(tmp_path):
    profile, key = old_profile(tmp_path / "p")
    steps: list[int] = []
    store = profile.unlock(USER, PASSPHRASE, on_step=steps.append)
    store.close()
    assert steps == list(range(5, LATEST + 1))
    assert file_schema(profile, key) == LATEST


def test_a_failing_step_is_undone_and_named(tmp_path, monkeypatch):
    profile, key = old_profile(tmp_path / "p")

    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    steps = list(migrations.MIGRATIONS)
    steps[5] = broken  # step 6
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    with pytest.raises(UpgradeFailed) as caught:
        profile.unlock(USER, PASSPHRASE)
    assert caught.value.step == 6 and caught.value.kept == 5
    assert "数据库升级到第 6 版失败" in caught.value.message_zh
    assert "仍为第 5 版" in caught.value.message_zh
    assert file_schema(profile, key) == 5  # step 5 kept, step 6 rolled back
    monkeypatch.undo()
    store = profile.unlock(USER, PASSPHRASE)
    store.close()
    assert file_schema(profile, key) == LATEST
