#!/usr/bin/env bash
# Build the one-folder desktop bundle (installer.spec) into dist/bangfu and run its self-test
# offscreen: `dist/bangfu/bangfu --selftest` must print one "自检通过" line and exit 0.
#   bash scripts/build_bundle.sh           # reuses PyInstaller's work folder when it is safe
#   bash scripts/build_bundle.sh --clean   # from scratch
# PyInstaller's work folder (build/pyinstaller) is kept only while the inputs that decide
# what goes in are unchanged: installer.spec, pyproject.toml (pinned versions),
# launch/bundle.py and the Python version. Sources are always re-analysed by PyInstaller.
# PYTHON=... picks another interpreter (default .venv/bin/python, made by scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
py="${PYTHON:-.venv/bin/python}"
[ -x "$py" ] || bash scripts/setup.sh
work=build/pyinstaller

pin=$(grep -o '"pyinstaller==[0-9.]*"' pyproject.toml | tr -d '"')
have=$("$py" -c 'import PyInstaller; print(PyInstaller.__version__)' 2>/dev/null || true)
if [ "pyinstaller==$have" != "$pin" ]; then
  echo "== pip install $pin"
  "$py" -m pip install -q "$pin"
fi

key=$( (cat installer.spec pyproject.toml launch/bundle.py; "$py" -VV) | sha256sum | cut -c1-16)
if [ "${1:-}" = "--clean" ] || [ "$(cat "$work/.inputs" 2>/dev/null)" != "$key" ]; then
  echo "== clean build (inputs changed or --clean)"
  rm -rf "$work"
else
  echo "== reusing $work"
fi
mkdir -p "$work"
start=$(date +%s)
"$py" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath "$work" installer.spec
echo "$key" > "$work/.inputs"
echo "== built dist/bangfu in $(( $(date +%s) - start )) s, $(du -sm dist/bangfu | cut -f1) MiB"

exe=dist/bangfu/bangfu
[ -x "$exe" ] || exe=dist/bangfu/bangfu.exe
QT_QPA_PLATFORM=offscreen "$exe" --selftest
