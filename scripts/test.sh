#!/usr/bin/env bash
# Install the test dependencies and run the whole suite headless (Qt offscreen;
# PostgreSQL and the county server are started by the tests on 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
