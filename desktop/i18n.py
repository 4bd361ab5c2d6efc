"""Translations: the source strings are Chinese (zh_CN); English comes from Qt Linguist files."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from desktop.paths import resource_path

LANGUAGES = ("zh_CN", "en")


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Load ``resources/translations/bangfu_<language>.qm`` unless the language is Chinese."""
    if language.startswith("zh"):
        return None
    translator = QTranslator(app)
    path = resource_path("translations", f"bangfu_{language}.qm")
    if not translator.load(str(path)):
        return None
    app.installTranslator(translator)
    return translator


def system_language() -> str:
    """``zh_CN`` unless the system locale is English."""
    return "en" if QLocale.system().language() == QLocale.Language.English else "zh_CN"
