"""``python -m forms check``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from forms_helpers import write_xlsform

from forms.__main__ import main

REPO = Path(__file__).resolve().parents[2]


def test_check_ok(tmp_path, capsys) -> None:
    path = write_xlsform(
        tmp_path / "ok.xlsx",
        [["type", "name", "label", "relevant", "save_to"],
         ["integer", "age", "Age", "", "age"],
         ["begin_group", "g", "G", "${age} > 1", ""],
         ["text", "t", "T", "", ""],
         ["end_group", "", "", "", ""]],
        entities=[["list_name", "label"], ["person", "${t}"]],
    )
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "questions: 2" in out and "groups: 1" in out and "entity lists: person" in out


def test_check_refuses(tmp_path, capsys) -> None:
    path = write_xlsform(tmp_path / "bad.xlsx", [["type", "name", "label", "relevant"], ["text", "a", "A", "(("]])
    assert main(["check", str(path)]) == 1
    assert "survey 第2行 relevant列" in capsys.readouterr().err


def test_module_entry_point_and_no_qt(tmp_path) -> None:
    path = write_xlsform(tmp_path / "ok.xlsx", [["type", "name", "label"], ["text", "a", "A"]])
    code = (
        f"import sys, runpy; sys.argv=['forms','check',{str(path)!r}]\n"
        "try:\n    runpy.run_module('forms', run_name='__main__')\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        "assert not any(m.startswith(('PySide6', 'registry', 'desktop', 'sync')) for m in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
