"""``python -m registry.ledgers``: the ``bangfu-ledger`` command."""

from __future__ import annotations

import sys

from registry.ledgers.cli import main

sys.exit(main())
