"""What the PyInstaller bundle holds (installer.spec reads this; no PyInstaller import here).

- ``bundle_datas``: the data files, as PyInstaller ``(source, folder in bundle)`` pairs: the
  built-in forms, the compiled translations and every other file under ``resources/`` (policy
  packs in ``resources/policies/`` included when that folder exists), Python sources and
  Qt Linguist sources excepted.
- ``qt_excludes``: the PySide6 modules the desktop app does not use (``QT_USED`` are the ones
  desktop/ imports; tests/test_bundle.py checks that list against the code).
- ``EXCLUDES`` / ``HIDDEN_IMPORTS``: what the bundle leaves out on purpose and what
  PyInstaller cannot see (imported by name at run time).

No CJK font is bundled: Windows (the field laptops) ships Microsoft YaHei, and Linux uses
fontconfig's (``fonts-noto-cjk``, installed by scripts/setup.sh); a Noto CJK font would add
16 MiB or more to every copy for the few machines without one. The self-test's ``window``
step fails on a machine with no Chinese font, naming the fix.
"""

from __future__ import annotations

from pathlib import Path

#: The Qt modules desktop/ imports; every other PySide6 module is left out.
QT_USED = ("QtCharts", "QtCore", "QtGui", "QtPrintSupport", "QtWidgets")
#: Left out: PostgreSQL drivers (the demo county server in the app uses SQLite), Tk, tests.
EXCLUDES = ("tkinter", "psycopg", "psycopg_binary", "psycopg_c", "pytest", "hypothesis",
            "IPython", "matplotlib", "numpy", "PIL")
#: Imported by name at run time: pinyin and ID-number data, sqlite for SQLAlchemy.
HIDDEN_IMPORTS = ("pypinyin", "stdnum.cn.ric", "sqlite3", "sqlalchemy.dialects.sqlite")
_SKIP_SUFFIXES = {".py", ".pyc", ".ts"}


def bundle_datas(root: Path) -> list[tuple[str, str]]:
    """``(file, folder in the bundle)`` for the forms and everything under ``resources/``."""
    pairs = [(str(p), "forms/builtin") for p in sorted((root / "forms" / "builtin").glob("*.xlsx"))]
    resources = root / "resources"
    for path in sorted(resources.rglob("*")):
        if (path.is_file() and path.suffix not in _SKIP_SUFFIXES
                and "__pycache__" not in path.parts):
            pairs.append((str(path), path.parent.relative_to(root).as_posix()))
    return pairs


def qt_excludes(pyside_dir: Path) -> list[str]:
    """Every PySide6 module found in ``pyside_dir`` that is not in ``QT_USED``."""
    names = {p.name.split(".")[0] for p in pyside_dir.iterdir()
             if p.name.startswith("Qt") and p.suffix in (".so", ".pyd")}
    return sorted(f"PySide6.{n}" for n in names - set(QT_USED))
