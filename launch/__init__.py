"""Entry points above the desktop app and the county server: the bundle's launcher
(:mod:`launch.main`, the ``bangfu`` command) and the self-test (:mod:`launch.selftest`).

They may import desktop/, forms/, registry/ and sync/ (server included); none of those
imports ``launch`` (tests/test_layering.py).
"""
