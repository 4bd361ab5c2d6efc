"""The 语言 / Language menu: pick the UI language; it is remembered and used at the next start.

Each language is named in itself (中文, English) so anyone can find theirs. Switching
live would mean every screen retranslating itself; the choice is kept in QSettings and
the status bar says it applies after a restart.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu

from desktop.i18n import current_language, save_language, saved_language, settings
from desktop.text import fill

# Each language in its own words.
NAMES = {"zh_CN": "中文", "en": "English"}


class LanguageMenu(QMenu):
    """Checkable 中文 / English; choosing one keeps it for the next start."""

    def __init__(self, window: QMainWindow, store: QSettings | None = None) -> None:
        super().__init__(window)
        title = self.tr("语言")
        self.setTitle(title if title == "Language" else f"{title} / Language")
        self.window, self.store = window, store if store is not None else settings()
        self.group = QActionGroup(self)
        chosen = saved_language(self.store) or current_language()
        self.choices: dict[str, QAction] = {}
        for language, name in NAMES.items():
            action = QAction(name, self, checkable=True, checked=language == chosen)
            action.triggered.connect(lambda _checked=False, lang=language: self.choose(lang))
            self.group.addAction(action)
            self.addAction(action)
            self.choices[language] = action

    def choose(self, language: str) -> None:
        """Remember ``language``; say when it applies."""
        save_language(self.store, language)
        self.choices[language].setChecked(True)
        if language == current_language():
            self.window.statusBar().showMessage(fill(self.tr("界面语言：%1"), NAMES[language]))
            return
        self.window.statusBar().showMessage(fill(
            self.tr("界面语言将在重新启动后切换为 %1"), NAMES[language]))
