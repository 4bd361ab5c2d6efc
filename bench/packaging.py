"""Bundle benchmark: ``python -m bench.packaging [--dist dist/bangfu] [--runs 5] [--small]``.

The PyInstaller one-folder bundle (installer.spec): its size and how long a fresh process
takes to show the unlock window (``--startup-probe``, Qt offscreen), against the same start
from the source tree with this Python (the baseline, measured in the same run).
Prints JSON lines {"metric", "value", "unit", ...}:

- ``bundle_size_mib``: every file of the bundle folder, in MiB;
- ``bundle_files``: how many files it holds;
- ``cold_start_unlock_ms``: median, over ``--runs`` new processes, from starting the bundle's
  executable to its unlock window being up (a profile exists). "Cold" is the process: the
  operating system's file cache is not dropped (that would need root and slow everyone on
  a shared machine), so a first start after a reboot is slower;
- ``source_start_unlock_ms``: the same from source (``python -m desktop.app``);
- ``cold_start_ratio``: bundle over source;
- ``build_s`` (only when this run built the bundle): wall time of the PyInstaller build.

Without ``--small`` the bundle is always rebuilt from scratch (``build/pyinstaller`` removed)
and timed. With ``--small`` it is built only if ``--dist`` holds none or one older than the
sources (so that run takes minutes), then measured with 2 runs each: seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist" / "bangfu"
WORK = ROOT / "build" / "pyinstaller"
METRICS = ("bundle_size_mib", "bundle_files", "cold_start_unlock_ms", "source_start_unlock_ms",
           "cold_start_ratio")
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
SOURCES = ("desktop", "forms", "registry", "sync", "launch", "resources")


def emit(metric: str, value: float, unit: str, **extra: object) -> None:
    """Print one metric as a JSON line."""
    print(json.dumps({"metric": metric, "value": round(value, 3), "unit": unit, **extra},
                     ensure_ascii=False), flush=True)


def executable(dist: Path) -> Path:
    """The bundle's executable in ``dist``."""
    return dist / ("bangfu.exe" if sys.platform == "win32" else "bangfu")


def stale(dist: Path) -> str | None:
    """Why the bundle in ``dist`` cannot be measured as it is: missing, or older than a source."""
    exe = executable(dist)
    if not exe.exists():
        return f"no bundle in {dist}"
    built = exe.stat().st_mtime
    sources = [ROOT / "installer.spec", *(p for d in SOURCES for p in (ROOT / d).rglob("*")
                                          if p.suffix in (".py", ".xlsx", ".qm"))]
    newer = [p for p in sources if p.stat().st_mtime > built]
    return f"the bundle is older than {newer[0].relative_to(ROOT)}" if newer else None


def small_unavailable() -> str | None:
    """Why ``--small`` cannot run in seconds here (CI builds the bundle after the tests)."""
    reason = stale(DIST)
    return f"{reason} (bash scripts/build_bundle.sh builds it)" if reason else None


def build(dist: Path, *, clean: bool) -> float:
    """Build the bundle into ``dist`` (a folder named bangfu) with PyInstaller; seconds taken."""
    if dist.name != "bangfu":
        raise SystemExit(f"--dist must be a folder named bangfu (installer.spec), not {dist}")
    if clean:
        shutil.rmtree(WORK, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist.parent), "--workpath", str(WORK),
                    str(ROOT / "installer.spec")], cwd=ROOT, check=True,
                   stdout=sys.stderr)
    return time.perf_counter() - start


def folder_size(folder: Path) -> tuple[float, int]:
    """MiB and number of files under ``folder`` (symlinks not followed)."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files) / 2**20, len(files)


def start_ms(command: list[str], profile: Path) -> float:
    """Milliseconds from starting ``command`` to its ``startup-probe`` line."""
    started = time.time()
    done = subprocess.run([*command, "--profile", str(profile), "--startup-probe"], cwd=ROOT,
                          env=ENV, capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith("startup-probe ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{command[0]} did not show its window: {done.stderr[-2000:]}")
    return (float(lines[0].split()[1]) - started) * 1000


def make_profile(folder: Path) -> Path:
    """A small encrypted profile, so the app opens on its unlock window."""
    from registry.keyslots import KdfParams
    from registry.profile import Profile

    store = Profile(folder).create(user="bench", passphrase="Bench-2026", scope="361130104201",
                                   kdf=KdfParams.fast())
    store.close()
    return folder


def main(argv: list[str] | None = None) -> int:
    """Build if asked or missing, then print the bundle's size and start-up times."""
    parser = argparse.ArgumentParser(prog="python -m bench.packaging")
    parser.add_argument("--dist", type=Path, default=DIST, help="the bundle folder")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--small", action="store_true",
                        help="build only if missing, 2 runs each (seconds once built)")
    args = parser.parse_args(argv)
    runs = 2 if args.small else args.runs
    if not args.small or stale(args.dist):
        emit("build_s", build(args.dist, clean=not args.small), "s", cpus=os.cpu_count())
    mib, files = folder_size(args.dist)
    emit("bundle_size_mib", mib, "MiB", path=str(args.dist))
    emit("bundle_files", files, "files")
    with tempfile.TemporaryDirectory() as tmp:
        profile = make_profile(Path(tmp) / "profile")
        bundle = [start_ms([str(executable(args.dist))], profile) for _ in range(runs)]
        source = [start_ms([sys.executable, "-m", "desktop.app"], profile) for _ in range(runs)]
    emit("cold_start_unlock_ms", statistics.median(bundle), "ms", runs=runs,
         first=round(bundle[0], 1), note="new process; OS file cache not dropped")
    emit("source_start_unlock_ms", statistics.median(source), "ms", runs=runs)
    emit("cold_start_ratio", statistics.median(bundle) / statistics.median(source), "ratio")
    return 0


if __name__ == "__main__":
    sys.exit(main())
