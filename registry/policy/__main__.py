"""``python -m registry.policy``: the ``bangfu-policy`` command."""

from __future__ import annotations

import sys

from registry.policy.cli import main

sys.exit(main())
