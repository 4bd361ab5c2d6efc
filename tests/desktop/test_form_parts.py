"""The form widget's parts on their own: the page navigator and the draft autosave."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from desktop.background import BackgroundRunner
from desktop.forms import FormGateway
from desktop.forms.autosave import DraftAutosave, Submitter
from desktop.forms.catalog import BUILTIN_DIR
from desktop.forms.navigation import Page, PageNavigator
from forms.engine import FormSession
from forms.loader import load_form
from registry.submissions import list_drafts, load_draft


def test_the_navigator_skips_pages_that_are_not_relevant(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    navigator = PageNavigator(owner)
    for title, path in (("基本信息", None), ("务工信息", "work"), ("其他", None)):
        content = QWidget()
        QLabel(title, content)
        scroll = QScrollArea()
        scroll.setWidget(content)
        navigator.add(Page(title, path, content, scroll))
    navigator.go_to(0)
    assert navigator.neighbour(0, 1) == 1 and navigator.next_button.isEnabled()
    navigator.hide_pages(lambda path: path != "work")
    assert navigator.neighbour(0, 1) == 2 and navigator.neighbour(2, -1) == 0
    navigator.step(1)
    assert navigator.stack.currentIndex() == 2 and not navigator.next_button.isEnabled()
    label = navigator.pages[2].content.findChild(QLabel)
    assert navigator.page_of(label) == 2 and navigator.page_of(owner) is None
    assert navigator.model.stringList() == ["基本信息", "务工信息", "其他"]


def test_the_autosave_saves_once_per_change_and_not_while_submitting(qtbot, store):
    owner = QWidget()
    qtbot.addWidget(owner)
    form = load_form(BUILTIN_DIR / "employment_followup.xlsx")
    session = FormSession(form)
    gateway = FormGateway(BackgroundRunner(store, synchronous=True))
    autosave = DraftAutosave(owner, gateway=gateway, form=form, draft_id="d1",
                             answers=session.to_draft)
    saved = []
    autosave.saved.connect(saved.append)
    autosave.save_now()
    assert saved == [] and list_drafts(store) == []  # nothing typed yet
    session.set_value("needs", "training")
    autosave.changed()
    assert autosave.timer.isActive()
    autosave.save_now()
    autosave.save_now()
    assert len(saved) == 1 and load_draft(store, "d1")["values"]["needs"] == "training"
    submitter = Submitter(owner, gateway=gateway, autosave=autosave)
    autosave.paused = True
    autosave.changed()
    autosave.save_now()
    assert len(saved) == 1 and autosave.dirty and not submitter.busy


def test_long_choice_labels_take_fewer_columns(qtbot):
    """The registration form's 户类型 radios ran off a 900-pixel window in English: five
    long labels in one row. They wrap now; short ones stay in one row."""
    from desktop.forms.editors import BUTTONS_ROW_WIDTH, ButtonsEditor, columns_that_fit
    from forms.model import Choice

    assert columns_that_fit([100] * 5, most=5, spacing=18) == 5
    assert columns_that_fit([300, 300, 300], most=3, spacing=18) == 1
    assert columns_that_fit([250, 100, 250, 100], most=4, spacing=18) == 2

    def laid_out(labels: list[str]) -> ButtonsEditor:
        editor = ButtonsEditor(lambda _text: None, multiple=False)
        qtbot.addWidget(editor.widget)
        editor.set_choices([Choice(f"c{n}", {"en": label}) for n, label in enumerate(labels)],
                           "en", "")
        return editor

    long = laid_out(["Lifted out of poverty (not monitored)", "Lifted out, monitored",
                     "Marginal household prone to poverty", "Household hit by a sudden hardship",
                     "Other rural household"])
    rows = {long._grid.getItemPosition(long._grid.indexOf(b))[0] for b in long.buttons()}
    assert len(rows) > 1
    assert long.widget.sizeHint().width() <= BUTTONS_ROW_WIDTH
    short = laid_out(["Yes", "No", "Unknown"])
    assert {short._grid.getItemPosition(short._grid.indexOf(b))[0] for b in short.buttons()} == {0}
