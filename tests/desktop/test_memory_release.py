"""Long background work gives the memory it freed back to the system (desktop.memory)."""

from __future__ import annotations

import sys
import time

import pytest

from desktop import background, memory


def _run_task(work) -> list[tuple[bool, object]]:
    reports: list[tuple[bool, object]] = []
    background._Task(work, lambda ok, value: reports.append((ok, value))).run()
    return reports


@pytest.fixture
def releases(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    monkeypatch.setattr(background, "release_free_memory", lambda: calls.append(1) or True)
    monkeypatch.setattr(background, "LONG_WORK_S", 0.05)
    return calls


def test_long_work_releases_after_reporting(releases: list[int]) -> None:
    assert _run_task(lambda: time.sleep(0.08) or "done") == [(True, "done")]
    assert releases == [1]


def test_long_failing_work_releases_too(releases: list[int]) -> None:
    def fail() -> None:
        time.sleep(0.08)
        raise RuntimeError("boom")

    (ok, error), = _run_task(fail)
    assert not ok and isinstance(error, RuntimeError)
    assert releases == [1]


def test_short_work_does_not_release(releases: list[int]) -> None:
    assert _run_task(lambda: 42) == [(True, 42)]
    assert releases == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_glibc_trim_is_found_and_runs() -> None:
    assert memory._TRIM is not None
    blocks = [bytes(4096) for _ in range(20_000)]  # 80 MiB of small blocks, then freed
    del blocks
    assert isinstance(memory.release_free_memory(), bool)
