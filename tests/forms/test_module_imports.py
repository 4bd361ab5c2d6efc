"""The form engine's helpers (drafts, submission) use only the session's public methods,
and the engine imports them at the top: no import circle hidden in a function."""

from __future__ import annotations

import ast
from pathlib import Path

FORMS = Path(__file__).resolve().parents[2] / "forms"


def parsed(name: str) -> ast.Module:
    return ast.parse((FORMS / name).read_text(encoding="utf-8"))


def test_no_module_of_the_session_reads_its_private_parts():
    for name in ("drafts.py", "submission.py"):
        private = [node.attr for node in ast.walk(parsed(name))
                   if isinstance(node, ast.Attribute) and node.attr.startswith("_")
                   and isinstance(node.value, ast.Name) and node.value.id == "session"]
        assert private == [], name


def test_the_engine_and_loader_import_their_helpers_at_the_top():
    for name in ("engine.py", "loader.py"):
        tree = parsed(name)
        nested = [node.module for function in ast.walk(tree)
                  if isinstance(function, ast.FunctionDef)
                  for node in ast.walk(function) if isinstance(node, ast.ImportFrom)
                  and (node.module or "").startswith("forms")]
        assert nested == [], name


def test_drafts_and_submission_need_the_engine_only_for_types():
    for name in ("drafts.py", "submission.py"):
        runtime = [node.module for node in parsed(name).body
                   if isinstance(node, ast.ImportFrom) and node.module == "forms.engine"]
        assert runtime == [], name
