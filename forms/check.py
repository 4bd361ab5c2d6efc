"""``forms check``: load a form, evaluate every expression once, summarise it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from forms.engine import FormSession
from forms.loader import load_form
from forms.model import Form

_INSTANCE = re.compile(r"instance\(\s*['\"]([^'\"]+)['\"]\s*\)")


@dataclass(frozen=True)
class CheckReport:
    """What ``forms check`` found."""

    form_id: str
    version: str
    title: str
    questions: int
    groups: int
    repeats: int
    expressions: int
    entity_lists: tuple[str, ...]
    languages: tuple[str, ...]
    expression_errors: tuple[tuple[str, str, str], ...]

    @property
    def ok(self) -> bool:
        """True when every expression evaluated without error."""
        return not self.expression_errors

    def lines(self) -> list[str]:
        """The summary as printable lines (Chinese / English)."""
        lines = [
            f"表单 Form: {self.form_id} 版本 version {self.version or '-'} 《{self.title}》",
            f"题目 questions: {self.questions}  分组 groups: {self.groups}  重复组 repeats: {self.repeats}",
            f"表达式 expressions: {self.expressions}  语言 languages: {', '.join(self.languages) or '-'}",
            f"实体列表 entity lists: {', '.join(self.entity_lists) or '-'}",
        ]
        for path, kind, message in self.expression_errors:
            lines.append(f"表达式求值失败 expression failed: {path} [{kind}]: {message}")
        return lines


def check_form(source: str | Path | bytes) -> CheckReport:
    """Load ``source`` (FormError if malformed) and evaluate all its expressions once."""
    form = load_form(source)
    session = FormSession(form, entity_lists={name: [] for name in external_instances(form)})
    return _report(form, session)


def external_instances(form: Form) -> set[str]:
    """Instance ids the form's expressions use that are not its own choice lists (entity lists)."""
    names = set()
    for _element, _kind, expression in form.expressions():
        names.update(_INSTANCE.findall(expression.text))
    return names - set(form.choices)


def _report(form: Form, session: FormSession) -> CheckReport:
    elements = list(form.elements())
    return CheckReport(
        form_id=form.form_id,
        version=form.version,
        title=form.settings.form_title,
        questions=sum(1 for e in elements if e.kind == "field"),
        groups=sum(1 for e in elements if e.kind == "group"),
        repeats=sum(1 for e in elements if e.kind == "repeat"),
        expressions=sum(1 for _ in form.expressions()) + sum(
            sum(1 for x in (e.label, e.entity_id, e.create_if, e.update_if) if x) for e in form.entities
        ),
        entity_lists=tuple(e.list_name for e in form.entities),
        languages=form.languages,
        expression_errors=tuple(session.expression_errors()),
    )
