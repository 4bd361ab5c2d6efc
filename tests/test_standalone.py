"""The repository stands alone: no tracked file refers to a path outside it.

A fresh clone, on a machine with nothing beside it, must run the tests, the scripts, the
benchmarks and the build. So no tracked source, script, build file or document may name the
team's shared folder beside the repository, an absolute path on a team machine or a home
folder, or climb above the repository root from ``__file__``. README.md is checked too.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = {".py", ".sh", ".toml", ".spec", ".cfg", ".md"}

# Written so that this file does not match its own patterns.
OUTSIDE = [
    (re.compile(r"\.\.[/\\]+shar[e]d\b"), "the shared folder beside the repository"),
    (re.compile(r"""parents?\b[^\n]{0,40}/\s*["']shar[e]d["']"""), "a parent's shared folder"),
    (re.compile(r"(?<![\w)\]}.$])/wor[k]/"), "an absolute path on a team machine"),
    (re.compile(r"(?<![\w)\]}.$])/(?:hom[e]|Use[r]s)/\w"), "a home folder"),
    (re.compile(r"\b[A-Z]:\\\\?Use[r]s\\"), "a Windows home folder"),
]
HERE = "ROOT = Path(__file" + "__)"  # test lines are built from this, not matched here
PARENTS = re.compile(r"__file__\)(?:\.resolve\(\))?((?:\.parent\b)*)(?:\.parents\[(\d+)\])?((?:\.parent\b)*)")


def tracked_files() -> list[Path]:
    """The tracked files the check covers: sources, scripts, build files, docs and CI."""
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    names = [n for n in out.stdout.decode().split("\0") if n]
    return [ROOT / n for n in names
            if Path(n).suffix in SUFFIXES or n.startswith(".ci/")]


def climbs_out(line: str, *, depth: int) -> bool:
    """Whether a ``Path(__file__)`` chain on ``line`` goes above the repository root.

    ``depth`` is the number of folders between the root and the file
    (``tests/forms/x.py`` has 2): ``parents[depth]`` is the root, one more is outside.
    """
    for match in PARENTS.finditer(line):
        before, index, after = match.group(1), match.group(2), match.group(3)
        steps = before.count(".parent") + after.count(".parent")
        if index is not None:
            steps += int(index) + 1
        if steps - 1 > depth:
            return True
    return False


def problems(text: str, *, relative: str) -> list[str]:
    """Every line of ``text`` (the file ``relative`` to the root) that points outside."""
    depth = len(Path(relative).parts) - 1
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern, what in OUTSIDE:
            if pattern.search(line):
                found.append(f"{relative}:{number}: {what}: {line.strip()[:120]}")
        if relative.endswith(".py") and climbs_out(line, depth=depth):
            found.append(f"{relative}:{number}: climbs above the repository: {line.strip()[:120]}")
    return found


def test_no_tracked_file_points_outside_the_repository() -> None:
    files = tracked_files()
    assert len(files) > 100 and ROOT / "README.md" in files
    found = []
    for path in files:
        found += problems(path.read_text(encoding="utf-8", errors="replace"),
                          relative=path.relative_to(ROOT).as_posix())
    assert not found, "files refer to paths outside the repository:\n" + "\n".join(found)


@pytest.mark.parametrize(("line", "relative"), [
    (HERE + ".resolve().parents[2].parent / 'sha' 'red'", "tests/forms/h.py"),
    (HERE + ".parent.parent.parent", "tests/x.py"),
    (HERE + ".parents[2]", "tests/x.py"),
    ("see `" + ".." + "/shared/` for the design", "README.md"),
    ("SEEDS = ROOT.parent / " + '"sha' + 'red"' + " / 'seeds'", "bench/policy.py"),
    ("cp " + "/wo" + "rk/shared/seeds/*.md resources/", "scripts/x.sh"),
    ("source " + "/ho" + "me/alice/env", ".ci/run"),
    ("copy " + "C:\\" + "Users\\bob\\corpus", "docs/x.md"),
])
def test_outside_paths_are_flagged(line: str, relative: str) -> None:
    assert problems(line, relative=relative), line


@pytest.mark.parametrize(("line", "relative"), [
    ("CORPUS = Path(__file__).resolve().parents[1] / 'data' / 'xlsforms'", "tests/forms/h.py"),
    ("ROOT = Path(__file__).resolve().parents[1]", "tests/x.py"),
    ("ROOT = Path(__file__).parent.parent", "tests/x.py"),
    ('cd "$(dirname "$0")/.."', "scripts/test.sh"),
    ("instance('yn')/root/item[name='n']/label", "tests/forms/test_xpath.py"),
    ("filler.click('work/work_place', '县内')", "tests/desktop/test_builtin_forms.py"),
    ("expression = '/data/work/income'", "tests/forms/t.py"),
])
def test_paths_inside_are_not_flagged(line: str, relative: str) -> None:
    assert not problems(line, relative=relative), line
