"""The ``bangfu`` command and the bundle's entry point (installer.spec).

- ``bangfu --selftest``: :mod:`launch.selftest` plus the Qt ``window`` step of
  :func:`desktop.app.window_step`; one line, exit 0 or 1 naming the failed step.
- ``bangfu --county-server serve|enroll ...``: :func:`sync.server.cli.main`, without Qt.
  A frozen build has no ``python -m``, so the embedded demo county server
  (:mod:`desktop.embedded_server`) runs the bundle's own executable this way.
- anything else: :func:`desktop.app.main` (``--profile``, ``--demo``, ``--lang`` ...).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from desktop.embedded_server import SERVER_FLAG

SELFTEST_FLAG = "--selftest"


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the county server CLI, the self-test or the desktop app."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == [SERVER_FLAG]:
        from sync.server.cli import main as server_main

        return server_main(args[1:])
    if SELFTEST_FLAG in args:  # other options do not apply to it
        from desktop.app import window_step
        from launch import selftest

        return selftest.main(extra=[selftest.Step("window", window_step)])
    from desktop.app import main as app_main

    return app_main(args)


if __name__ == "__main__":
    sys.exit(main())
