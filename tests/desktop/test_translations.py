"""Chinese is the source language; English comes from resources/translations (Qt Linguist)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from desktop.i18n import install_translator

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "bangfu_en.ts"
QM = TS.with_suffix(".qm")
BIN = Path(sys.executable).parent


def sources(ts: Path) -> set[tuple[str, str]]:
    tree = ET.parse(ts)
    return {(ctx.findtext("name"), msg.findtext("source"))
            for ctx in tree.iter("context") for msg in ctx.iter("message")
            if msg.find("translation").get("type") not in ("vanished", "obsolete")}


def test_every_ui_string_is_in_the_ts_file_and_translated(tmp_path):
    fresh = tmp_path / "fresh.ts"
    shutil.copy(TS, fresh)
    files = sorted(str(p) for p in (ROOT / "desktop").rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), *files, "-source-language", "zh_CN",
                    "-target-language", "en", "-ts", str(fresh)], check=True, capture_output=True)
    assert sources(fresh) == sources(TS), "run pyside6-lupdate and translate the new strings"
    unfinished = [m.findtext("source") for m in ET.parse(TS).iter("message")
                  if m.find("translation").get("type") == "unfinished"
                  or not translated(m.find("translation"))]
    assert unfinished == []


def translated(translation: ET.Element) -> bool:
    """A translation has its text, or (a count's ``%n``) every numerus form filled."""
    forms = translation.findall("numerusform")
    if forms:
        return all((f.text or "").strip() for f in forms)
    return bool((translation.text or "").strip())


def test_qm_is_compiled_from_the_current_ts(tmp_path):
    out = tmp_path / "check.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(out)], check=True,
                   capture_output=True)
    assert out.read_bytes() == QM.read_bytes(), "run pyside6-lrelease on bangfu_en.ts"


def test_english_loads_and_chinese_needs_nothing(qapp):
    assert install_translator(qapp, "zh_CN") is None
    translator = install_translator(qapp, "en")
    try:
        assert QCoreApplication.translate("models", "姓名") == "Name"
        assert QCoreApplication.translate("SyncMenu", "同步") == "Sync"
        counted = [QCoreApplication.translate("WorklistPage", "共 %n 人", "", n) for n in (1, 2)]
        assert counted == ["1 person", "2 people"]
    finally:
        qapp.removeTranslator(translator)


def test_no_chinese_literal_hides_from_lupdate():
    """lupdate reads ``self.tr("…")``, ``QCoreApplication.translate("context", "…")`` and
    ``QT_TRANSLATE_NOOP``; a literal handed to a module's own helper (``_tr("金额未规定")``) or
    to ``translate`` with a context held in a variable never reaches the .ts file, and the
    English UI shows it in Chinese (the subsidy list's amounts did)."""
    import re

    hidden = re.compile(r'\b_tr\(\s*"[^"]*[\u4e00-\u9fff]'
                        r'|\btranslate\((?!\s*")[^,()]+,\s*"[^"]*[\u4e00-\u9fff]')
    found = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / "desktop").rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if hidden.search(line)]
    assert found == [], "wrap the text in QT_TRANSLATE_NOOP(context, …)"


def test_every_translated_literal_reached_the_ts_file():
    """lupdate silently skips some calls it should read: ``QCoreApplication.translate(ctx,
    "…%n…", "", result.resent)`` (a count given as an attribute) never reached the .ts file
    although the call looks like every other. Each literal of a ``tr``/``translate`` call
    must be among the file's sources."""
    import ast

    known_texts = {text for _context, text in sources(TS)}
    missing = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            at = {"tr": 0, "translate": 1}.get(node.func.attr)
            if at is None or len(node.args) <= at:
                continue
            text = node.args[at]
            if isinstance(text, ast.Constant) and isinstance(text.value, str) \
                    and text.value not in known_texts:
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert missing == [], "lupdate did not read these calls: write them as other calls are"
