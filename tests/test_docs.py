"""The guides document every command-line command and option, and every form feature we support."""

from __future__ import annotations

import argparse
import importlib
import re
from pathlib import Path

import pytest

from forms.functions import known_functions
from forms.loader import _EXPRESSION_SOURCES
from forms.model import KNOWN_TYPES

DOCS = Path(__file__).resolve().parents[1] / "docs"

#: (module, parser factory, the guide that documents the command)
COMMANDS = [
    ("forms.__main__", "build_parser", "guide-forms.md"),
    ("sync.server.cli", "_parser", "guide-server.md"),
    ("registry.ledgers.cli", "build_parser", "ledger-import.md"),
    ("registry.policy.cli", "_parser", "policy.md"),
    ("registry.policy.cli", "_parser", "guide-policy.md"),
    ("desktop.app", "build_parser", "guide-village.md"),
    ("desktop.desk.__main__", "build_parser", "desk.md"),
    ("desktop.desk.__main__", "build_parser", "guide-desk.md"),
    ("registry.ledgers.cli", "build_parser", "guide-county.md"),
    ("registry.accounts_cli", "build_parser", "guide-county.md"),
    ("registry.accounts_cli", "build_parser", "security.md"),
    ("registry.places_cli", "build_parser", "places.md"),
]


def _words(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    """Every subcommand (as 'sub') and option string (as '--opt') of ``parser``."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(name)
                found += _words(sub, prefix=f"{prefix}{name} ")
        elif not isinstance(action, argparse._HelpAction):
            found += [o for o in action.option_strings if o.startswith("--")]
    return found


def _in_code(word: str, text: str) -> bool:
    """Whether ``word`` stands as a whole word inside a `code span` of ``text``."""
    fences = re.findall(r"```[^\n]*\n(.*?)```", text, flags=re.S)
    prose = re.sub(r"```.*?```", " ", text, flags=re.S)
    code = " ".join(fences + re.findall(r"`([^`\n]+)`", prose))
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", code) is not None


@pytest.mark.parametrize(("module", "factory", "guide"), COMMANDS)
def test_every_command_and_option_is_documented(module: str, factory: str, guide: str) -> None:
    parser = getattr(importlib.import_module(module), factory)()
    text = (DOCS / guide).read_text(encoding="utf-8")
    missing = sorted({w for w in _words(parser) if not _in_code(w, text)})
    assert not missing, f"{guide} does not document {missing}"


def test_the_forms_guide_names_every_type_column_and_function() -> None:
    text = (DOCS / "guide-forms.md").read_text(encoding="utf-8")
    columns = {column for _where, _key, column in _EXPRESSION_SOURCES.values()} | {"default"}
    wanted = set(KNOWN_TYPES) | {"select_one", "select_multiple"} | columns | known_functions()
    wanted |= {"save_to", "appearance", "label", "hint", "list_name", "entity_id", "create_if",
               "update_if", "begin group", "begin repeat", "or_other"}
    missing = sorted(w for w in wanted if not _in_code(w, text))
    assert not missing, f"docs/guide-forms.md does not mention {missing}"


def test_the_guides_are_linked_from_the_readme() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    for guide in sorted(DOCS.glob("guide-*.md")):
        assert f"docs/{guide.name}" in readme, f"README.md does not link {guide.name}"


def test_the_guides_link_only_files_that_exist() -> None:
    for guide in sorted(DOCS.glob("guide-*.md")):
        text = guide.read_text(encoding="utf-8")
        targets = re.findall(r"\]\(([^)#\s]+)\)", text)
        missing = [t for t in targets if "://" not in t and not (DOCS / t).exists()]
        assert not missing, f"{guide.name} links missing files {missing}"


def test_the_user_guides_show_screenshots() -> None:
    for name in ("guide-village.md", "guide-desk.md"):
        shots = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", (DOCS / name).read_text(encoding="utf-8"))
        assert shots, f"{name} shows no screenshot"
