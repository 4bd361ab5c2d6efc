"""The built-in forms load, pass ``forms check``, take a valid submission, yield entity ops."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from forms.__main__ import main
from forms.engine import FormSession
from forms.loader import load_form

BUILTIN = Path(__file__).resolve().parents[2] / "forms" / "builtin"
NOW = datetime(2024, 11, 15, 10, 0)
FORMS = [
    "household_registration", "labour_force_registration", "employment_followup", "relocation_service",
    "training_enrolment", "public_welfare_post", "job_posting", "graduate_followup",
]
PERSON = {"name": "p-1", "label": "王五", "monthly_income": 3000, "__version": 2}


def session_of(form_id: str) -> FormSession:
    return FormSession(load_form(BUILTIN / f"{form_id}.xlsx"), clock=lambda: NOW, entity_lists={"person": [PERSON]})


@pytest.mark.parametrize("form_id", FORMS)
def test_builtin_form_checks(form_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(BUILTIN / f"{form_id}.xlsx")]) == 0
    form = load_form(BUILTIN / f"{form_id}.xlsx")
    assert form.form_id == form_id and form.languages == ("en", "zh")
    assert all(e.label("zh") and e.label("en") for e in form.elements() if e.labels)


def fill(session: FormSession, answers: dict[str, object]) -> None:
    for path, value in answers.items():
        session.set_value(path, value)
    assert session.validate() == [], session.validate()


def test_household_registration() -> None:
    session = session_of("household_registration")
    session.add_repeat("members")
    fill(session, {
        "village_code": "361130104201", "head_name": "王五", "phone": "13800138000", "category": "100A03001",
        "risks": ["illness", "unstable_work"], "relocated": "0",
        "members[1]/full_name": "王五", "members[1]/id_number": "36113019850315123X", "members[1]/sex": "1",
        "members[1]/birth_date": "1985-03-15", "members[1]/relation": "01", "members[1]/health": ["healthy"],
        "members[1]/labour_class": "ordinary",
        "members[2]/full_name": "王小", "members[2]/id_number": "361130201003151234", "members[2]/sex": "2",
        "members[2]/birth_date": "2010-03-15", "members[2]/relation": "04", "members[2]/health": ["healthy"],
        "members[2]/labour_class": "none", "members[2]/in_school": "1",
    })
    ops = session.submission().entities
    ops = sorted(ops, key=lambda op: (op.list_name, op.source_path))
    assert [(op.list_name, op.action) for op in ops] == [("household", "create"), ("person", "create"), ("person", "create")]
    household, head, child = ops
    assert household.label == "王五户" and household.properties["member_count"] == "2"
    assert household.properties["risks"] == ["illness", "unstable_work"]
    assert head.label == "王五" and head.properties["id_number"] == "36113019850315123X"
    assert child.properties["village_code"] == "361130104201" and child.properties["in_school"] == "1"
    assert not session.state("heads_note").relevant  # exactly one head


def test_household_member_warning_for_old_ordinary_labour() -> None:
    session = session_of("household_registration")
    session.set_value("members[1]/birth_date", "1950-01-01")
    session.set_value("members[1]/labour_class", "ordinary")
    assert [w.path for w in session.warnings()] == ["members[1]/labour_class"]


def test_a_bad_member_phone_says_what_the_household_phone_says() -> None:
    session = session_of("household_registration")
    session.set_value("phone", "1380013800")
    session.set_value("members[1]/member_phone", "1380013800")
    household, member = session.state("phone").message, session.state("members[1]/member_phone").message
    assert household is not None and member == household
    assert (member.zh, member.en) == ("手机号应为以1开头的11位数字",
                                      "an 11-digit mobile number starting with 1")


def test_every_constraint_says_what_is_wrong() -> None:
    """A future 走访日期 or a negative income said only 答案不符合要求; 23812345678 (11
    digits) was told 手机号应为11位. Every built-in constraint has a message of its own."""
    import openpyxl

    bare = []
    for path in sorted(BUILTIN.glob("*.xlsx")):
        sheet = openpyxl.load_workbook(path, read_only=True)["survey"]
        rows = sheet.iter_rows(values_only=True)
        header = list(next(rows))
        if "constraint" not in header:  # a form with no constraint at all
            continue
        rule = header.index("constraint")
        message = header.index("constraint_message::zh") if (
            "constraint_message::zh" in header) else None
        bare += [f"{path.stem}:{row[1]}" for row in rows
                 if row[rule] and (message is None or not row[message])]
    assert bare == []
    session = session_of("employment_followup")
    session.set_value("visit_date", "2999-01-01")
    assert session.state("visit_date").message.zh == "不能晚于今天"


def test_labour_force_registration_updates_person() -> None:
    session = session_of("labour_force_registration")
    fill(session, {"person_id": "p-1", "labour_class": "skilled", "skill": "电工", "health": ["healthy"],
                   "employment_status": "employed", "wish_work_away": "1", "needs": ["training"]})
    op = session.submission().entities[0]
    assert (op.list_name, op.action, op.entity_id, op.base_version) == ("person", "update", "p-1", 2)
    assert op.properties["skill"] == "电工"


def test_employment_followup_income_warning() -> None:
    session = session_of("employment_followup")
    fill(session, {"person_id": "p-1", "employment_status": "employed", "work/channel": "away",
                   "work/work_place": "outside", "work/employer": "东莞某厂", "work/start_date": "2024-03-01",
                   "work/months_worked": 8, "work/monthly_income": 1200, "work/organised_export": "1",
                   "services": ["referral"]})
    assert session.value("visit_date") == "2024-11-15"  # default today()
    assert [w.path for w in session.warnings()] == ["work/monthly_income"]  # 1200 < 3000 / 2
    session.set_value("work/monthly_income", 2800)
    assert session.warnings() == []
    op = session.submission().entities[0]
    assert (op.list_name, op.action) == ("visit", "create")
    assert op.properties["person_id"] == "p-1" and op.properties["monthly_income"] == 2800.0
    assert op.properties["work_place"] == "outside"


def test_employment_followup_months_constraint() -> None:
    session = session_of("employment_followup")
    session.set_value("employment_status", "employed")
    session.set_value("work/months_worked", 13)
    messages = {i.path: i.message for i in session.validate()}
    assert messages["work/months_worked"].zh == "务工月数应为0到12"


def test_public_welfare_post_appointment_and_exit() -> None:
    session = session_of("public_welfare_post")
    fill(session, {"person_id": "p-1", "action": "appoint", "appointment/post_type": "forest",
                   "appointment/agreement_start": "2024-01-01", "appointment/agreement_end": "2024-12-31",
                   "appointment/monthly_subsidy": 1500, "appointment/accident_insurance": "1"})
    op = session.submission().entities[0]
    assert (op.list_name, op.action, op.properties["post_type"]) == ("post", "create", "forest")
    session.set_value("appointment/agreement_end", "2025-06-30")  # longer than a year
    assert [i.message.en for i in session.validate()] == ["an agreement lasts at most one year"]
    session.set_value("appointment/monthly_subsidy", 2000)  # above the minimum wage 1610
    assert len(session.validate()) == 2

    leaving = session_of("public_welfare_post")
    fill(leaving, {"person_id": "p-1", "post_id": "post-9", "action": "exit", "exit/exit_date": "2024-10-31",
                   "exit/exit_reason": "found_job"})
    op = leaving.submission(base_versions={"post-9": 3}).entities[0]
    assert (op.action, op.entity_id, op.base_version) == ("update", "post-9", 3)
    assert op.properties == {"exit_date": "2024-10-31", "exit_reason": "found_job"}


@pytest.mark.parametrize(
    ("form_id", "answers", "list_name"),
    [
        ("relocation_service", {"person_id": "p-1", "site_name": "城东安置点", "services": ["referral"],
                                "referred_employer": "帮扶车间"}, "service"),
        ("training_enrolment", {"person_id": "p-1", "training_type": "craft", "course": "苗绣",
                                "start_date": "2024-11-01", "end_date": "2024-11-10"}, "training"),
        ("job_posting", {"employer": "某公司", "job_title": "普工", "work_place": "county", "openings": 5,
                         "salary_min": 3000, "contact_phone": "13800138000", "valid_until": "2024-12-31"}, "job"),
        ("graduate_followup", {"person_id": "p-1", "wants_work": "1", "services_1311/career_guidance": 1,
                               "services_1311/job_referrals": 3, "services_1311/training_offers": 1,
                               "services_1311/internship_offers": 1}, "service"),
    ],
)
def test_record_forms_create(form_id: str, answers: dict[str, object], list_name: str) -> None:
    session = session_of(form_id)
    fill(session, answers)
    ops = session.submission().entities
    assert [(op.list_name, op.action) for op in ops] == [(list_name, "create")]
    if form_id == "training_enrolment":
        assert ops[0].properties["days"] == "10" and ops[0].properties["living_allowance"] == "400"
    if form_id == "graduate_followup":
        assert ops[0].properties["met_1311"] == "1"
        assert not session.state("services_1311/gap_note").relevant


def test_a_service_needs_a_site_only_at_a_relocation_site_desk() -> None:
    """A village team could not save 服务记录: 安置点 was required, and a village has none.
    Where the app gives the desk's site (``desk_site``) it is filled in and required; in a
    village it may stay blank, and the record is named by its day."""
    village = session_of("relocation_service")
    fill(village, {"person_id": "p-1", "services": ["policy"]})
    op = village.submission().entities[0]
    assert not op.properties.get("site_name") and op.label == "就业服务 2024-11-15"

    desk = session_of("relocation_service")
    desk.set_value("person_id", "p-1")
    desk.set_value("desk_site", "城东安置点")
    assert desk.text("site_name") == "城东安置点"  # filled in from the desk's setting
    desk.set_value("services", ["referral"])
    assert desk.validate() == []
    assert desk.submission().entities[0].label == "城东安置点 2024-11-15"
    assert "desk_site" not in desk.submission().entities[0].properties  # not saved
    desk.set_value("site_name", "")
    assert [(i.path, i.kind) for i in desk.validate()] == [("site_name", "required")]
