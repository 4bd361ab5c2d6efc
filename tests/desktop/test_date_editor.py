"""Date fields: typed digits work (19811216), and a field stays empty until a date is set."""

from __future__ import annotations

from PySide6.QtCore import QDate

from desktop.forms.editors import typed_date

PATH = "members[2]/birth_date"


def member_form(open_form):
    filler = open_form("household_registration")
    filler.widget.add_repeat("members")
    return filler


def test_typed_dates_become_iso_and_anything_else_stays_as_typed():
    assert typed_date("19811216") == "1981-12-16"
    assert typed_date(" 1981-12-16 ") == "1981-12-16"
    assert typed_date("19811232") == "19811232"  # no such day: the session says so
    assert typed_date("1981") == "1981" and typed_date("") == ""


def test_focusing_an_empty_date_leaves_it_empty(open_form):
    filler = member_form(open_form)
    box = filler.input(PATH)
    filler.focus(PATH)
    assert box.text() == "" and box.iso() == ""
    filler.focus("members[2]/full_name")
    assert filler.session.text(PATH) == "" and box.text() == ""


def test_digits_typed_in_one_go_fill_the_date(open_form):
    filler = member_form(open_form)
    filler.type(PATH, "19811216")
    assert filler.session.text(PATH) == "1981-12-16"
    assert filler.input(PATH).text() == "1981-12-16" and filler.input(PATH).iso() == "1981-12-16"


def test_a_partial_date_is_not_completed_with_today(open_form):
    filler = member_form(open_form)
    filler.type(PATH, "1981")
    filler.focus("members[2]/full_name")
    assert filler.session.text(PATH) == "1981" and filler.input(PATH).iso() == ""
    assert "日期" in filler.message(PATH)


def test_the_calendar_sets_the_date(open_form):
    filler = member_form(open_form)
    box = filler.input(PATH)
    box.calendar.clicked.emit(QDate(2010, 3, 15))
    assert filler.session.text(PATH) == "2010-03-15" and box.text() == "2010-03-15"
