"""What the PyInstaller bundle holds (launch/bundle.py, read by installer.spec)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import PySide6
import pytest

from launch.bundle import QT_USED, bundle_datas, qt_excludes

ROOT = Path(__file__).resolve().parents[1]


def qt_modules_imported(folder: Path) -> set[str]:
    """The PySide6 modules the Python files under ``folder`` import."""
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found |= {n.split(".")[1] for n in names if n.startswith("PySide6.")}
    return found


def test_the_bundle_keeps_exactly_the_qt_modules_the_app_imports() -> None:
    used = qt_modules_imported(ROOT / "desktop") | qt_modules_imported(ROOT / "launch")
    assert used == set(QT_USED), "update launch/bundle.py QT_USED (installer.spec excludes the rest)"
    excluded = qt_excludes(Path(PySide6.__file__).parent)
    assert "PySide6.QtNetwork" in excluded and "PySide6.QtQml" in excluded
    assert not {f"PySide6.{m}" for m in QT_USED} & set(excluded)


def test_the_bundle_holds_the_forms_translations_and_resources() -> None:
    datas = bundle_datas(ROOT)
    by_name = {Path(source).name: folder for source, folder in datas}
    for form in (ROOT / "forms" / "builtin").glob("*.xlsx"):
        assert by_name[form.name] == "forms/builtin"
    assert by_name["bangfu_en.qm"] == "resources/translations"
    assert not [s for s, _ in datas if s.endswith((".py", ".ts", ".pyc"))]


def test_policy_packs_and_other_resources_are_included_when_they_exist(tmp_path: Path) -> None:
    (tmp_path / "forms" / "builtin").mkdir(parents=True)
    (tmp_path / "forms" / "builtin" / "f.xlsx").write_bytes(b"x")
    packs = tmp_path / "resources" / "policies" / "jiangxi"
    packs.mkdir(parents=True)
    (packs / "pack.toml").write_text("x", encoding="utf-8")
    (tmp_path / "resources" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "resources" / "icon.svg").write_text("<svg/>", encoding="utf-8")
    datas = {(Path(s).relative_to(tmp_path).as_posix(), d) for s, d in bundle_datas(tmp_path)}
    assert datas == {("forms/builtin/f.xlsx", "forms/builtin"),
                     ("resources/policies/jiangxi/pack.toml", "resources/policies/jiangxi"),
                     ("resources/icon.svg", "resources")}


def test_the_spec_builds_from_the_launcher_and_the_bundle_lists() -> None:
    spec = (ROOT / "installer.spec").read_text(encoding="utf-8")
    assert '"launch" / "main.py"' in spec and "bundle_datas(ROOT)" in spec
    assert "qt_excludes(" in spec


def test_pyinstaller_finds_what_the_self_test_steps_import() -> None:
    """The rules and ledger-export steps import lazily; PyInstaller's graph must still see it."""
    modulegraph = pytest.importorskip("PyInstaller.lib.modulegraph.modulegraph")
    from launch.bundle import EXCLUDES

    graph = modulegraph.ModuleGraph(path=[str(ROOT), *sys.path],
                                    excludes=[*EXCLUDES, "PySide6", "shiboken6"])
    graph.add_script(str(ROOT / "launch" / "selftest.py"))
    found = {node.identifier for node in graph.iter_graph()}
    wanted = {"openpyxl", "yaml", "registry.policy.facts", "registry.policy.distribute",
              "registry.alerts.store", "registry.ledgers.exports", "registry.masking",
              "forms.engine", "sync.server.app", "uvicorn"}
    assert not wanted - found, sorted(wanted - found)
