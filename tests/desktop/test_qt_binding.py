"""The Qt binding itself: a pinned PySide6 must not leak references to None.

PySide6 6.12.0 dropped one reference to ``None`` on every call of a method returning
nothing (``QLabel.setText``, ``processEvents`` ...). On Python 3.11 ``None`` is not
immortal: after a few thousand such calls more than ``None`` has references, the process
dies with "Fatal Python error: none_dealloc" — a long working session in the app, or the
test suite. pyproject.toml pins 6.11.3, which has no such leak; this test keeps it so.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel


def test_void_qt_calls_do_not_leak_references_to_none(qtbot):
    label = QLabel("x")
    qtbot.addWidget(label)
    calls = 2000
    before = sys.getrefcount(None)
    for _ in range(calls):
        label.setText("y")
        QApplication.processEvents()
    lost = before - sys.getrefcount(None)
    assert lost < calls // 10, f"{lost} references to None lost in {2 * calls} Qt calls"
