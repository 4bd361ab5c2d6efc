"""``FormWidget``: any loaded form as pages of widgets, saved through a ``FormGateway``.

One page per top-level group or repeat (runs of loose top-level questions share a page).
Each edit goes to ``FormSession.set_value`` and only the widgets of the paths it returns are
redrawn. Answers are saved as a draft 800 ms after the last edit; submitting validates, jumps
to the first problem or saves the submission and emits ``submitted(changes)``. A submission
the registry refuses (``registry.submissions.EntityRefused``) is named by its question, in its
repeat instance as the form shows it (家庭成员 2 的证件号码：…), and that question focused.

The widget draws; its parts live apart: ``PageNavigator`` (navigation.py: pages, 上一页 /
下一页, Enter), ``DraftAutosave`` and ``Submitter`` (autosave.py: saving through the gateway).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.errors import error_text
from desktop.forms.autosave import DRAFT_DELAY_MS, DraftAutosave, Submitter
from desktop.forms.catalog import shown_title
from desktop.forms.gateway import FormGateway
from desktop.forms.navigation import Page, PageNavigator, nav_button
from desktop.forms.rows import HIDDEN_TYPES, FieldRow, FormBuilder
from desktop.text import fill
from forms.engine import FormSession
from forms.errors import FormError
from forms.model import Element, Form
from forms.submission import field_path, without_indexes
from registry.submissions import EntityRefused

__all__ = ["DRAFT_DELAY_MS", "FormWidget", "Page"]

BANNER_STYLES = {
    "error": "color: #c62828; background: #fdecea; padding: 6px;",
    "info": "color: #1b5e20; background: #e8f5e9; padding: 6px;",
}
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_LAST_INSTANCE = re.compile(r"([^/\[\]]+)\[(\d+)\]$")


class FormWidget(QWidget):
    """A form being filled: pages, live relevance, inline messages, drafts, submit."""

    submitted = Signal(object)  # registry.store.Changes
    ready = Signal()

    def __init__(self, form: Form, *, store_gateway: FormGateway, language: str = "zh",
                 draft_id: str | None = None, values: Mapping[str, Any] | None = None,
                 clock: Callable[[], datetime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form, self.gateway, self.language = form, store_gateway, language
        self.draft_id = draft_id or str(uuid.uuid4())
        self._restoring, self._values, self._clock = draft_id is not None, dict(values or {}), clock
        self.session: FormSession | None = None
        self.builder: FormBuilder | None = None
        self._show_errors = False
        self.navigator = PageNavigator(self)
        self.pages, self.page_list, self.stack = (self.navigator.pages,
                                                  self.navigator.page_list, self.navigator.stack)
        self.autosave = DraftAutosave(self, gateway=store_gateway, form=form,
                                      draft_id=self.draft_id, answers=self._answers)
        self.autosave.saved.connect(lambda when: self.status.setText(
            fill(self.tr("草稿已保存 %1"), when)))
        self.autosave.failed.connect(self._save_failed)
        self.submitter = Submitter(self, gateway=store_gateway, autosave=self.autosave)
        self.submitter.done.connect(self._submitted)
        self.submitter.failed.connect(self._submit_failed)
        self._build_frame()
        QShortcut(QKeySequence("Ctrl+S"), self, self.submit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if self._restoring:
            self.gateway.load_draft(self.draft_id, self._draft_loaded, self._load_failed)
        else:
            self._load_lists(None)

    # -- frame -------------------------------------------------------------------------------
    def _build_frame(self) -> None:
        self.title = QLabel(shown_title(self.form.settings.form_title or self.form.form_id))
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.hide()
        body = QHBoxLayout()
        body.addWidget(self.navigator.page_list)
        body.addWidget(self.navigator.stack, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        layout.addLayout(self._nav_bar())

    def _nav_bar(self) -> QHBoxLayout:
        self.prev_button = self.navigator.prev_button
        self.next_button = self.navigator.next_button
        self.submit_button = nav_button(self.tr("提交 (Ctrl+S)"), self.submit)
        self.status = QLabel()
        self.status.setStyleSheet("color: #666;")
        nav = QHBoxLayout()
        for widget in (self.prev_button, self.next_button):
            nav.addWidget(widget)
        nav.addStretch(1)
        nav.addWidget(self.status)
        nav.addWidget(self.submit_button)
        return nav

    # -- loading -----------------------------------------------------------------------------
    def _draft_loaded(self, draft: Mapping[str, Any] | None) -> None:
        if isValid(self):  # not closed before it finished opening
            self._load_lists(draft)

    def _load_lists(self, draft: Mapping[str, Any] | None) -> None:
        """Look up only the entities the form is about (its ``person_id`` ...), then start."""
        saved = draft.get("values") if isinstance(draft, Mapping) else None
        values = {**self._values, **(saved if isinstance(saved, Mapping) else {})}
        self.gateway.entity_lists(self.form, values,
                                  lambda lists: self._lists_loaded(lists, draft),
                                  self._load_failed)

    def _lists_loaded(self, lists: dict[str, list[dict[str, Any]]],
                      draft: Mapping[str, Any] | None) -> None:
        if not isValid(self):  # closed before it finished opening
            return
        self._entity_lists = lists
        self._start(draft)

    def _load_failed(self, exc: BaseException) -> None:
        self.show_banner(error_text(exc), "error")

    def _start(self, draft: Mapping[str, Any] | None) -> None:
        if not isValid(self):
            return
        options: dict[str, Any] = {"entity_lists": self._entity_lists, "language": self.language,
                                   "clock": self._clock}
        self.session = self._session(draft, options)
        self.builder = FormBuilder(self.session, language=self.language, today=self._today,
                                   on_edit=self._edited, on_add=self.add_repeat,
                                   on_remove=self.remove_repeat)
        self._build_pages()
        self.refresh_all()
        self.go_to(0)
        self.ready.emit()

    def _session(self, draft: Mapping[str, Any] | None, options: dict[str, Any]) -> FormSession:
        if draft is not None:
            try:
                restored = FormSession.from_draft(self.form, draft, **options)
            except FormError as exc:
                # the draft no longer fits (the form changed): keep it, save apart from it
                self.draft_id = self.autosave.draft_id = str(uuid.uuid4())
                kept = self.tr("原草稿已保留在“草稿”中；此次填写将另存为新草稿。")
                self.show_banner((exc.message_en if self.language == "en" else exc.message_zh)
                                 + "\n" + kept, "error")
            else:
                self.status.setText(self.tr("已恢复草稿"))
                return restored
        session = FormSession(self.form, **options)
        for path, value in self._values.items():
            session.set_value(path, value)
        return session

    def _today(self) -> Any:
        assert self.session is not None
        return self.session.now().date()

    def _build_pages(self) -> None:
        assert self.builder is not None
        loose: list[Element] = []
        for element in self.form.survey.children:
            if element.kind == "field":
                loose.append(element)
                continue
            self._loose_page(loose)
            loose = []
            self._add_page(element.label(self.language) or element.name, element.name, [element])
        self._loose_page(loose)

    def _loose_page(self, elements: list[Element]) -> None:
        if any(e.type not in HIDDEN_TYPES for e in elements):
            title = self.tr("基本信息") if not self.pages else self.tr("其他信息")
            self._add_page(title, None, elements)

    def _add_page(self, title: str, path: str | None, elements: list[Element]) -> None:
        assert self.builder is not None
        content = QWidget()
        layout = QVBoxLayout(content)
        group = elements[0] if path else None
        if group is not None and group.kind == "group":
            self.builder.containers[path] = content  # type: ignore[index]
            self.builder.build_children(layout, group, group.name)
        else:
            for element in elements:
                widget = self.builder.build(element, element.name)
                if widget is not None:
                    layout.addWidget(widget)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        self.navigator.add(Page(title, path if group and group.kind == "group" else None,
                                content, scroll))

    # -- editing -----------------------------------------------------------------------------
    def _edited(self, path: str, text: str) -> None:
        assert self.session is not None and self.builder is not None
        row = self.builder.fields.get(path)
        if row is not None:
            row.touched = True
        self.update_paths(self.session.set_value(path, text))
        self._sync_counted_repeats()
        self.autosave.changed()

    def update_paths(self, paths: list[str]) -> None:
        """Redraw only the widgets of ``paths`` (what ``set_value`` reported)."""
        assert self.session is not None and self.builder is not None
        for path in paths:
            row = self.builder.fields.get(path)
            if row is not None:
                row.apply(self.session.state(path), show_errors=self._show_errors)
            elif path in self.builder.containers:
                self.builder.containers[path].setHidden(not self.session.is_relevant(path))
        if any(page.path in paths for page in self.pages):
            self._update_page_list()

    def refresh_all(self) -> None:
        """Redraw every widget from the session (after opening and structural changes)."""
        assert self.session is not None and self.builder is not None
        fields = self.builder.fields
        for state in self.session.fields():
            row = fields.get(state.path)
            if row is not None:
                row.apply(state, show_errors=self._show_errors)
        for path, widget in self.builder.containers.items():
            widget.setHidden(not self.session.is_relevant(path))
        self._update_page_list()

    def _sync_counted_repeats(self) -> None:
        assert self.session is not None and self.builder is not None
        changed = False
        for path, box in list(self.builder.repeats.items()):
            current = box.counted and path in self.builder.repeats
            if current and self.session.repeat_count(path) != box.count:
                box.rebuild()
                changed = True
        if changed:
            self.refresh_all()

    def add_repeat(self, path: str) -> str:
        """Add an instance to the repeat at ``path`` and focus its first question."""
        assert self.session is not None and self.builder is not None
        new_path = self.session.add_repeat(path)
        self.builder.repeats[path].rebuild()
        self.refresh_all()
        self._changed_structure()
        first = next((r for p, r in self.builder.fields.items()
                      if p.startswith(new_path + "/") and r.editor), None)
        if first is not None and first.editor is not None:
            first.editor.focus()
        return new_path

    def remove_repeat(self, instance_path: str) -> None:
        """Remove a repeat instance (asks first when it holds answers)."""
        assert self.session is not None and self.builder is not None
        if not self.confirm_remove(instance_path):
            return
        repeat_path = instance_path.rsplit("[", 1)[0]
        self.session.remove_repeat(instance_path)
        self.builder.repeats[repeat_path].rebuild()
        self.refresh_all()
        self._changed_structure()

    def confirm_remove(self, instance_path: str) -> bool:
        """True to go on removing; asks the user when the instance has answers."""
        assert self.session is not None
        prefix = instance_path + "/"
        filled = any(s.text and s.path.startswith(prefix) and not s.read_only
                     and self.session.form.element(s.key).type not in HIDDEN_TYPES
                     for s in self.session.fields())
        if not filled:
            return True
        answer = QMessageBox.question(self, self.tr("删除"), self.tr("删除这一项及其已填写的内容？"))
        return answer == QMessageBox.StandardButton.Yes

    def _changed_structure(self) -> None:
        self.autosave.changed()

    # -- pages and keyboard ----------------------------------------------------------------
    def go_to(self, index: int) -> None:
        """Show page ``index``."""
        self.navigator.go_to(index)

    def step(self, direction: int) -> None:
        """Go to the next (1) or previous (-1) page that is relevant, and focus its first field."""
        self.navigator.step(direction)

    def _update_page_list(self) -> None:
        assert self.session is not None
        self.navigator.hide_pages(self.session.is_relevant)

    def page_rows(self, index: int) -> list[FieldRow]:
        """The visible, editable questions of page ``index``, in form order."""
        return self.navigator.page_rows(index)

    def focus_next(self, row: FieldRow) -> None:
        """Enter: the next question, else the next page's first, else the submit button."""
        self.navigator.focus_next(row, self.submit_button)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if event.key() == Qt.Key.Key_S and ctrl:
            self.submit()
            return
        row = _row_of(QApplication.focusWidget())
        if event.key() in _ENTER and not ctrl and row is not None:
            self.focus_next(row)
            return
        super().keyPressEvent(event)

    # -- drafts and submit -------------------------------------------------------------------
    def _answers(self) -> dict[str, Any] | None:
        return self.session.to_draft() if self.session is not None else None

    def save_draft_now(self) -> None:
        """Save the answers as a draft now (the autosave does this 800 ms after typing stops)."""
        self.autosave.save_now()

    def _save_failed(self, exc: BaseException) -> None:
        self.show_banner(error_text(exc, english=self.language == "en"), "error")

    def submit(self) -> bool:
        """Validate; show and focus the first problem, or save. True when saving started."""
        if self.session is None or self.submitter.busy:
            return False
        self._show_errors = True
        issues = self.session.validate()
        self.refresh_all()
        if issues:
            self._show_issue(issues[0].path, len(issues))
            return False
        self.submitter.send(self.session)
        return True

    def _submit_failed(self, exc: BaseException) -> None:
        """Saving was refused: say which question (and which repeat instance) and go there."""
        if not isinstance(exc, EntityRefused):
            self._save_failed(exc)
            return
        path = field_path(self.form, exc.list_name, exc.source_path, exc.prop)
        self.show_banner(self._refused_text(exc, path), "error")
        if path is not None:
            self._focus_field(path)

    def _refused_text(self, exc: EntityRefused, path: str | None) -> str:
        """``exc``'s message led by where it is: 家庭成员 2 的证件号码：…, 村（居）代码：…"""
        english = self.language == "en"
        message = exc.message_en if english else exc.message_zh
        label = self.form.element(without_indexes(path)).label(self.language) if path else ""
        if label in message:
            label = ""
        where = self._instance_name(exc.source_path)
        if where and label:
            return fill(self.tr("%1 的%2：%3"), where, label, message)
        if where or label:
            return fill(self.tr("%1：%2"), where or label, message)
        return error_text(exc, english=english)

    def _instance_name(self, source_path: str) -> str:
        """A repeat instance as its box is titled (``members[2]`` -> 家庭成员 2); "" for none."""
        match = _LAST_INSTANCE.search(source_path)
        if match is None:
            return ""
        element = self.form.element(without_indexes(source_path))
        return f"{element.label(self.language) or element.name} {match.group(2)}"

    def _show_issue(self, path: str, count: int) -> None:
        self.show_banner(self.tr("还有 %n 处需要填写或修改", "", count), "error")
        self._focus_field(path)

    def _focus_field(self, path: str) -> None:
        """Show the page of the question at ``path`` and put the cursor in it."""
        assert self.builder is not None
        row = self.builder.fields.get(path)
        page = self.navigator.page_of(row) if row is not None else None
        if row is None or page is None or row.editor is None:
            return
        self.go_to(page)
        row.editor.focus()
        self.pages[page].scroll.ensureWidgetVisible(row)

    def _submitted(self, changes: object) -> None:
        self.show_banner(self.tr("已提交"), "info")
        self.submitted.emit(changes)

    def show_banner(self, text: str, kind: str) -> None:
        """A message above the pages: errors in red, confirmations in green."""
        self.banner.setText(text)
        self.banner.setStyleSheet(BANNER_STYLES[kind])
        self.banner.setVisible(bool(text))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_draft_now()
        super().closeEvent(event)


def _row_of(widget: QWidget | None) -> FieldRow | None:
    while widget is not None and not isinstance(widget, FieldRow):
        widget = widget.parentWidget()
    return widget
