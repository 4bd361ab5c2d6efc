"""The pure packages never import Qt or the desktop app (DESIGN.md, STYLE.md rule 1)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PURE = ("forms", "registry", "sync")


def all_modules() -> list[str]:
    names = []
    for package in PURE:
        names.append(package)
        for info in pkgutil.walk_packages([str(ROOT / package)], prefix=f"{package}."):
            if not info.name.endswith("__main__"):
                names.append(info.name)
    return names


def test_pure_packages_do_not_import_qt_or_desktop():
    modules = all_modules()
    assert "registry.store" in modules and "sync.protocol" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'desktop'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_the_check_can_fail():
    code = "import desktop, PySide6.QtCore, sys; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "True"


def imports_of(package: str) -> dict[str, set[str]]:
    """Every module a package's files import, file by file (static, with ast)."""
    import ast

    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def offenders(package: str, allowed) -> list[str]:
    return sorted(f"{path}: {name}" for path, names in imports_of(package).items()
                  for name in names if not allowed(name))


def test_imports_flow_one_way():
    """desktop -> registry, forms, sync.client; registry -> forms, sync.protocol;
    sync.client and sync.server -> sync.protocol only; launch (entry points) above them all."""
    ours = ("desktop", "registry", "forms", "sync", "launch")

    def rule(allowed_prefixes):
        return lambda name: (name.split(".")[0] not in ours
                             or any(name == p or name.startswith(p + ".") for p in allowed_prefixes))

    assert offenders("forms", rule(["forms"])) == []
    assert offenders("registry", rule(["registry", "forms", "sync.protocol"])) == []
    assert offenders("sync/client", rule(["sync.client", "sync.protocol"])) == []
    assert offenders("sync/server", rule(["sync.server", "sync.protocol"])) == []
    assert offenders("desktop", rule(["desktop", "registry", "forms", "sync.client"])) == []
