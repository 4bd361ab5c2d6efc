#!/usr/bin/env bash
# Install everything and start Bangfu with a synthetic demo profile
# (user demo, passphrase Demo-2026) and an embedded county server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/bangfu --demo "$@"
