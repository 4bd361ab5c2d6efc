#!/usr/bin/env bash
# Install what Bangfu needs on a Debian/Ubuntu machine: system libraries for Qt, a CJK font,
# PostgreSQL (for the county-server tests), and a Python virtual environment in .venv.
#   bash scripts/setup.sh          # to run the app
#   bash scripts/setup.sh --test   # also the test tools
set -euo pipefail
cd "$(dirname "$0")/.."

extra=""
[ "${1:-}" = "--test" ] && extra="[test]"

debs=(python3-venv libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
      libxcb-randr0 libxcb-render-util0 libxcb-image0 fonts-noto-cjk)
[ -n "$extra" ] && debs+=(postgresql xvfb)

missing=()
for pkg in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "请先安装 / please install: ${missing[*]}" >&2; exit 1
  fi
  echo "== apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)${extra:+-test}"
if [ ! -f "$stamp" ]; then
  [ -x .venv/bin/python ] || python3 -m venv .venv
  echo "== pip install -e .${extra}"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${extra}"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
