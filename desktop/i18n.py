"""Translations: the source strings are Chinese (zh_CN); English comes from Qt Linguist files.

The UI language is chosen once at start (``--lang``, else the one picked in the 语言
menu and kept in QSettings, else the system's) and kept as the application property
``bangfu_language``; forms open in the matching form language (``zh`` or ``en`` labels).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from desktop.paths import resource_path

LANGUAGES = ("zh_CN", "en")
LANGUAGE_PROPERTY = "bangfu_language"
LANGUAGE_KEY = "ui/language"


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


def use_language(app: QCoreApplication, language: str) -> None:
    """The UI in ``language``: the language property that stored words (sex, relation,
    labour class …) and forms follow, the app's translations and Qt's own."""
    app.setProperty(LANGUAGE_PROPERTY, language)
    install_translator(app, language)
    install_qt_translator(app, language)


def install_qt_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Qt's own strings (确定, 取消, the file dialog) in Chinese: Qt's ``qtbase_zh_CN``.

    English needs none (Qt's source language); ``None`` if the file is missing."""
    if not language.startswith("zh"):
        return None
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{language}", folder):
        return None
    app.installTranslator(translator)
    return translator


def system_language() -> str:
    """``zh_CN`` unless the system locale is English."""
    return "en" if QLocale.system().language() == QLocale.Language.English else "zh_CN"


def current_language() -> str:
    """The UI language of the running app (``zh_CN`` when none was set)."""
    app = QCoreApplication.instance()
    value = app.property(LANGUAGE_PROPERTY) if app is not None else None
    return str(value) if value in LANGUAGES else "zh_CN"


def is_english() -> bool:
    """True when the UI is in English."""
    return current_language().startswith("en")


def form_language(language: str | None = None) -> str:
    """The form label language (``en`` or ``zh``) for a UI language (default: the current)."""
    return "en" if (language or current_language()).startswith("en") else "zh"


def settings() -> QSettings:
    """The user's settings of this app (an INI file in the user's config folder)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Bangfu", "bangfu")


def saved_language(store: QSettings) -> str | None:
    """The language picked in the 语言 menu, if any (and known)."""
    value = store.value(LANGUAGE_KEY)
    return str(value) if value in LANGUAGES else None


def save_language(store: QSettings, language: str) -> None:
    """Remember ``language`` for the next start."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    store.setValue(LANGUAGE_KEY, language)
    store.sync()


def choose_language(requested: str | None, store: QSettings) -> str:
    """``--lang`` if given, else the remembered choice, else the system's language."""
    return requested or saved_language(store) or system_language()
