"""``bangfu --selftest``: the real chain passes; a broken part fails naming its step."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from desktop.embedded_server import SERVER_FLAG
from launch import selftest

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def test_selftest_passes_with_one_summary_line() -> None:
    done = subprocess.run([sys.executable, "-m", "launch.main", "--selftest"], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert len(lines) == 1, lines
    line = lines[0]
    assert line.startswith("自检通过 / self-test passed")
    forms = len(list((ROOT / "forms" / "builtin").glob("*.xlsx")))
    for note in ("encrypted profile", f"{forms} forms", "follow-up submitted", "rules 5 packs",
                 "governing answers", "alerts", "ledger export", "pulled",
                 "demo server", "window (offscreen"):
        assert note in line, line


def test_selftest_core_needs_no_qt() -> None:
    code = ("import sys\nfrom launch import selftest\nok, line = selftest.run()\n"
            "print(ok, any(m.startswith('PySide6') for m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=180)
    assert done.stdout.split() == ["True", "False"], done.stderr[-3000:]


def test_a_broken_form_fails_the_forms_step(tmp_path: Path) -> None:
    (tmp_path / "good.xlsx").write_bytes((ROOT / "forms/builtin/job_posting.xlsx").read_bytes())
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    ok, line = selftest.run(forms_dir=tmp_path)
    assert not ok
    assert line.startswith("自检失败 / self-test failed at step 'forms'") and "broken.xlsx" in line


def test_no_built_in_forms_fails_the_forms_step(tmp_path: Path) -> None:
    ok, line = selftest.run(forms_dir=tmp_path)
    assert not ok and "step 'forms'" in line and "no built-in forms" in line


def test_a_step_without_its_prerequisite_fails_by_name() -> None:
    steps = [s for s in selftest.STEPS if s.name != "profile"]
    ok, line = selftest.run(steps=steps)
    assert not ok and "step 'followup'" in line and "no profile" in line


def test_rules_step_fails_when_no_pack_is_in_force(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(selftest, "RULES_DAY", date(2000, 1, 1))
    ok, line = selftest.run(steps=_up_to("rules"))
    assert not ok and "step 'rules'" in line and "没有有效的政策包" in line, line


def test_rules_step_needs_the_follow_up() -> None:
    steps = [s for s in _up_to("rules") if s.name != "followup"]
    ok, line = selftest.run(steps=steps)
    assert not ok and "step 'rules'" in line and "followup step did not run" in line, line


def test_ledger_export_step_passes_and_catches_a_full_id(monkeypatch) -> None:  # noqa: ANN001
    from registry.ledgers import exports

    ok, line = selftest.run(steps=_up_to("ledger-export"))
    assert ok and "ledger export 4 rows" in line, line
    real = exports.write_export

    def unmasked(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        return real(*args, **{**kwargs, "unmasked": True})

    monkeypatch.setattr(exports, "write_export", unmasked)
    ok, line = selftest.run(steps=_up_to("ledger-export"))
    assert not ok and "step 'ledger-export'" in line and "full ID number" in line, line


def _up_to(name: str) -> list[selftest.Step]:
    names = [s.name for s in selftest.STEPS]
    return selftest.STEPS[: names.index(name) + 1]


def test_selftest_exit_code_on_failure(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    def fail(_ctx: selftest.Context) -> str:
        raise OSError("disk full")

    assert selftest.main(extra=[selftest.Step("extra", fail)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "step 'extra'" in captured.err and "disk full" in captured.err


def test_launcher_runs_the_county_server_cli(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "launch.main", SERVER_FLAG, "enroll", "--data", str(tmp_path),
         "--name", "t", "--role", "village", "--scope", "361130104201"],
        cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.strip().split("-")) == 4  # a one-time code like D1E6CC-9B08-...


def test_frozen_embedded_server_runs_the_bundle_itself(monkeypatch) -> None:  # noqa: ANN001
    from desktop.embedded_server import EmbeddedServer

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    cli = EmbeddedServer(Path("srv"))._cli("serve")
    assert cli[:3] == [sys.executable, SERVER_FLAG, "serve"]


def test_the_app_module_alone_points_to_the_bangfu_command() -> None:
    done = subprocess.run([sys.executable, "-m", "desktop.app", "--selftest"], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "bangfu --selftest" in done.stderr
