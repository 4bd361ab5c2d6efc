"""Saving filled forms: the immutable submission and the entity changes it implies.

A submission (``forms.submission.Submission.to_dict()``) is stored as an
append-only ``submission`` record (what was entered, by whom, with which form
version) and, in the same transaction, its entity operations go through the
store's one write path. Editing after submit stores a new submission that
``supersedes`` the old one; the old one is never changed.

A new household is placed as the 登记新人员 path places it (``registry.register``): in the
village its 村（居）代码 names, which must be a village within the profile's scope that
exists (in the division edition or the county's own place names; the household and its
members take that village as their scope), numbered with the next
户编号 of that village unless the submission carries one. A new person whose ID number is
already on file (or given twice in one submission) is refused. Each entity operation is
written on its own inside the one transaction, so a refusal (:class:`EntityRefused`) says
which operation, and which repeat instance of the form, it came from.

Drafts are local only (never synced): answers saved as the user types, so a
crash loses nothing; they are deleted when the submission is saved. A draft of a form
filled for one person (its ``person_id`` answer) is listed by that person's name and
household, read from the registry (``draft_summaries``), and found again when the same
form is opened for that person (``person_draft``): one person, one draft of a form.
"""

from __future__ import annotations

import json
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from forms.submission import without_indexes
from registry.codes import (
    EDUCATION,
    HEALTH,
    HEALTH_SEPARATOR,
    LOCAL_RISKS,
    NOT_WORKING_REASONS,
    POVERTY_STATUS,
    RELATIONS,
    RISKS,
)
from registry.errors import NotFound, ValidationError
from registry.labour import LABOUR_CLASSES
from registry.masking import mask_id
from registry.register import (
    checked_village_code,
    next_household_no,
    person_with_id,
    village_for_new_household,
)
from registry.rules import HEAD_OF_HOUSEHOLD
from registry.store import Changes, Create, Op, Store, Update
from registry.worklist import EMPLOYED, FOLLOWUP_STATUS, status_after_followup

#: ODK Entities reserves ``name`` and ``label``: forms save a person's name as ``full_name``.
#: The built-in forms' other save_to names that differ from the registry's property names.
SAVE_TO_ALIASES: dict[str, dict[str, str]] = {
    "person": {"full_name": "name"},
    "household": {"category": "household_type", "poverty_attribute": "poverty_status",
                  "site_name": "relocation_site"},
}

_YES_NO = {"1": True, "0": False}

#: Choice names of the built-in forms -> the registry's values (national labels, booleans).
VALUE_ALIASES: dict[str, dict[str, dict[str, Any]]] = {
    "person": {
        "sex": {"1": "男", "2": "女"},
        "relation": dict(zip((*(f"{n:02d}" for n in range(1, 12)), "99"), RELATIONS, strict=True)),
        "education": dict(zip(("illiterate", "primary", "junior", "senior", "college", "bachelor"),
                              EDUCATION, strict=True)),
        "health": dict(zip(("healthy", "chronic", "serious", "disabled"), HEALTH, strict=True)),
        "labour_class": dict(zip(("ordinary", "skilled", "weak", "lost", "none"), LABOUR_CLASSES,
                                 strict=True)),
        "in_school": _YES_NO,
        # 劳动力信息登记 stores the words a follow-up stores (registry.worklist)
        "employment_status": dict(FOLLOWUP_STATUS),
        "not_working_reason": dict(zip(("care", "illness", "job_loss", "startup", "farming",
                                        "other"), NOT_WORKING_REASONS, strict=True)),
    },
    "household": {
        "household_type": {"ordinary": "普通农户", "lifted_no_policy": "脱贫不享受政策户"},
        "poverty_status": dict(zip(("general", "dibao", "tekun"), POVERTY_STATUS, strict=True)),
        "risks": dict(zip(("illness", "disability", "study", "housing", "water", "unstable_work",
                           "disaster", "no_labour", "accident", "industry", "other"),
                          (*RISKS, *LOCAL_RISKS), strict=True)),
        "relocated": _YES_NO,
    },
}

#: Multiple-choice properties the registry keeps as one text ("长期慢性病、残疾").
JOINED = {("person", "health"): HEALTH_SEPARATOR}

#: A record created in a submission is linked to the record of this list created with it.
PARENT_LINKS: dict[str, tuple[str, str]] = {
    "person": ("household_id", "household"),
    "visit": ("person_id", "person"),
    "service": ("person_id", "person"),
    "training": ("person_id", "person"),
    "post": ("person_id", "person"),
}


class EntityRefused(ValidationError):
    """An entity operation of a submission was refused (nothing of the submission is
    written). Besides ``field`` (``person.id_number``) and the messages it says where the
    problem is in the form: ``list_name`` of the operation, ``source_path`` the repeat
    instance it came from (``members[2]``; ``""`` for the form's root) and ``prop`` the
    form's save_to property the problem is in (``id_number``; ``""`` when it is not one
    property's). A screen names the question from these (``forms.submission.field_path``)."""

    def __init__(self, error: ValidationError, *, list_name: str, source_path: str,
                 prop: str) -> None:
        super().__init__(error.field, error.message_zh, error.message_en)
        self.list_name, self.source_path, self.prop = list_name, source_path, prop


def save_submission(store: Store, submission: Mapping[str, Any], *,
                    supersedes: str | None = None, draft_id: str | None = None) -> Changes:
    """Store ``submission`` and apply its entity operations, all in one transaction.

    Refused (``EntityRefused``, nothing written) when an operation is invalid: a new
    household's village outside the profile's scope, a new person's ID number already on
    file, any value the registry's rules refuse."""
    operations = _parents_first(list(submission.get("entities") or []))
    record = _record(store, submission, supersedes)
    created = {op["list_name"]: op["entity_id"] for op in operations if op["action"] == "create"}
    new_ids = {op["entity_id"] for op in operations if op["action"] == "create"}
    with store.transaction():
        written = [_write_operation(store, op, created, new_ids) for op in operations]
        written.append(store.write([Create("submission", record)]))
        if draft_id:
            delete_draft(store, draft_id)
    return _joined(written)


def _record(store: Store, submission: Mapping[str, Any], supersedes: str | None) -> dict[str, Any]:
    for key in ("form_id", "version", "instance_id"):
        if not submission.get(key):
            raise ValidationError(f"submission.{key}", "提交数据缺少必需字段", "missing field")
    record = {
        "form_id": submission["form_id"],
        "form_version": submission["version"],
        "instance_id": submission["instance_id"],
        "answers": submission.get("answers") or {},
        "entity_ids": [op["entity_id"] for op in submission.get("entities") or []],
        "user": store.user,
    }
    if supersedes:
        record["supersedes"] = supersedes
    return record


def _parents_first(operations: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The operations with the creates reordered so that a record is created before the
    records linked to it (a form lists its members' repeat before the household): a new
    member then takes its new household's scope. Updates keep their places."""
    places = [i for i, op in enumerate(operations) if op.get("action") == "create"]
    creates = sorted((operations[i] for i in places), key=lambda op: _depth(op["list_name"]))
    ordered = list(operations)
    for place, op in zip(places, creates, strict=True):
        ordered[place] = op
    return ordered


def _depth(entity_list: str) -> int:
    """How many records a record of ``entity_list`` hangs below (household 0, person 1 ...)."""
    depth = 0
    while entity_list in PARENT_LINKS and depth < len(PARENT_LINKS):
        entity_list = PARENT_LINKS[entity_list][1]
        depth += 1
    return depth


def _write_operation(store: Store, operation: Mapping[str, Any], created: Mapping[str, str],
                     new_ids: Collection[str]) -> Changes:
    """Write one entity operation (a savepoint of the submission's transaction); a refusal
    is raised as ``EntityRefused`` saying where in the form it came from."""
    try:
        return store.write(_entity_ops(store, operation, created, new_ids))
    except EntityRefused:
        raise
    except ValidationError as exc:
        list_name = str(operation.get("list_name") or "")
        raise EntityRefused(exc, list_name=list_name,
                            source_path=str(operation.get("source_path") or ""),
                            prop=_form_prop(list_name, exc.field)) from exc


def _entity_ops(store: Store, op: Mapping[str, Any], created: Mapping[str, str],
                new_ids: Collection[str]) -> list[Op]:
    props = _aliased(op["list_name"], op.get("properties") or {})
    if op["action"] == "create":
        scope = ""
        if op["list_name"] == "household":
            props, scope = _new_household(store, props)
        elif op["list_name"] == "person":
            _refuse_known_id(store, props, new_ids)
        linked = _linked(op["list_name"], props, created)
        _refuse_nobodys(op["list_name"], linked)
        return [Create(op["list_name"], linked, scope=scope, entity_id=op["entity_id"]),
                *_followup_status(store, op["list_name"], linked)]
    if op["action"] == "update":
        if op["list_name"] == "person":
            props = _with_work_status(store, op["entity_id"], props)
        elif op["list_name"] == "household":
            _check_village_move(store, op["entity_id"], props)
        return [Update(op["entity_id"], props)]
    raise ValidationError("submission.entities", "未知的实体操作", "unknown entity action")


def _new_household(store: Store, props: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A new household's props and scope: the village its 村（居）代码 names (checked, see
    ``registry.register.village_for_new_household``) and that village's next 户编号
    unless one was given."""
    village = village_for_new_household(store, props.get("village_code"))
    number = props.get("household_no") or next_household_no(store, village_code=village)
    return {**props, "village_code": village, "household_no": number}, village


def _check_village_move(store: Store, household_id: str, props: Mapping[str, Any]) -> None:
    """A household's 村（居）代码 changed by a form is checked as a new household's is
    (``registry.register.checked_village_code``); one left as it was is not."""
    typed = str(props.get("village_code") or "").strip()
    if not typed:
        return
    try:
        household = store.get(household_id)
    except NotFound:
        return  # the update itself says so
    # a household a ledger imported has no village_code: its village is its scope
    if typed != str(household.props.get("village_code") or household.scope or ""):
        checked_village_code(store, typed)


def _refuse_known_id(store: Store, props: Mapping[str, Any], new_ids: Collection[str]) -> None:
    """A new person whose ID number is on file (or is another new person's of this
    submission) is refused; the message shows the number masked."""
    number = str(props.get("id_number") or "").strip().upper()
    existing = person_with_id(store, number) if number else None
    if existing is None:
        return
    masked = mask_id(number)
    if existing.id in new_ids:
        raise ValidationError("person.id_number",
                              f"与本表中另一名成员的证件号码相同（身份证 {masked}），同一人不能登记两次",
                              f"the same ID number ({masked}) as another member of this form:"
                              " a person is registered once")
    raise ValidationError("person.id_number",
                          f"此人（身份证 {masked}）已登记，不能重复登记；请在“农户”中打开已登记的人员",
                          f"this person (ID {masked}) is already registered: open the person"
                          " on file instead")


def _form_prop(entity_list: str, field: str) -> str:
    """The form's save_to name of the registry field ``field`` (``person.name`` ->
    ``full_name``); ``""`` when the field is not a property of ``entity_list``."""
    head, _, prop = field.partition(".")
    if head != entity_list or not prop:
        return ""
    aliases = SAVE_TO_ALIASES.get(entity_list, {})
    return next((form for form, registry in aliases.items() if registry == prop), prop)


def _joined(parts: list[Changes]) -> Changes:
    """The changes of several writes as one."""
    return Changes(created=tuple(e for part in parts for e in part.created),
                   updated=tuple(e for part in parts for e in part.updated),
                   deleted=tuple(e for part in parts for e in part.deleted),
                   lists=frozenset().union(*(part.lists for part in parts)),
                   change_ids=tuple(c for part in parts for c in part.change_ids))


#: The records about one person, as a refusal names them when they name no one.
PERSON_RECORDS = {"visit": ("走访记录", "follow-up"), "service": ("服务记录", "service record"),
                  "training": ("培训记录", "training record"),
                  "post": ("公益性岗位记录", "public-welfare post record")}


def _refuse_nobodys(entity_list: str, props: Mapping[str, Any]) -> None:
    """A record about a person (a follow-up, a service …) that names no person is refused:
    it would be nobody's (a form opened with no one selected)."""
    if entity_list in PERSON_RECORDS and not props.get("person_id"):
        zh, en = PERSON_RECORDS[entity_list]
        raise ValidationError(f"{entity_list}.person_id",
                              f"{zh}没有对应的人员：请先在列表中选中此人，再为其填写",
                              f"the {en} names no person: select the person first")


def _followup_status(store: Store, entity_list: str, props: Mapping[str, Any]) -> list[Op]:
    """A follow-up updates its person's current employment status, work status and income
    (the lists show them; the next follow-up's income is checked against it), unless the
    person has a later follow-up on file (one recorded late for an earlier day)."""
    person = props.get("person_id")
    status = status_after_followup(props) if entity_list == "visit" and person else {}
    if not status or _later_followup(store, str(person), str(props.get("visit_date") or "")):
        return []
    return [Update(str(person), status)]


def _later_followup(store: Store, person_id: str, day: str) -> bool:
    """Whether ``person_id`` has a live follow-up dated after ``day`` (the ``visit_day``
    index)."""
    if not day:
        return False
    return store.db.execute(
        "SELECT 1 FROM entity WHERE parent = ? AND list = 'visit' AND deleted = 0"
        " AND merged_into IS NULL AND json_extract(props, '$.visit_date') > ? LIMIT 1",
        [person_id, day]).fetchone() is not None


def _with_work_status(store: Store, person_id: str, props: dict[str, Any]) -> dict[str, Any]:
    """A person's new employment status (劳动力信息登记) also sets the work status the lists
    show, as a follow-up does: the status word when not working; when working, 就业 unless
    the work status already names a channel."""
    status = props.get("employment_status")
    if not isinstance(status, str) or not status or "work_status" in props:
        return props
    if status != EMPLOYED:
        return {**props, "work_status": status}
    person = store.get(person_id)
    current = str((person.props if person is not None else {}).get("work_status") or "")
    if current in (*FOLLOWUP_STATUS, *FOLLOWUP_STATUS.values(), ""):  # not a channel
        return {**props, "work_status": EMPLOYED}
    return props


def _aliased(entity_list: str, props: Mapping[str, Any]) -> dict[str, Any]:
    aliases = SAVE_TO_ALIASES.get(entity_list, {})
    renamed = {aliases.get(key, key): value for key, value in props.items()}
    return {key: _value(entity_list, key, value) for key, value in renamed.items()}


def _value(entity_list: str, key: str, value: Any) -> Any:
    codes = VALUE_ALIASES.get(entity_list, {}).get(key, {})
    if isinstance(value, list):
        mapped = [codes.get(v, v) for v in value]
        separator = JOINED.get((entity_list, key))
        return separator.join(mapped) if separator else mapped
    return codes.get(value, value) if isinstance(value, str) else value


def _linked(entity_list: str, props: dict[str, Any], created: Mapping[str, str]) -> dict[str, Any]:
    link = PARENT_LINKS.get(entity_list)
    if link and not props.get(link[0]) and link[1] in created:
        props[link[0]] = created[link[1]]
    return props


def save_draft(store: Store, *, draft_id: str, form_id: str, form_version: str,
               answers: Mapping[str, Any], entity_id: str | None = None,
               updated_ms: int | None = None) -> None:
    """Save (or replace) a draft; cheap enough to call on every keystroke pause.

    ``updated_ms`` is when it was saved (now unless given: imports, tests, screenshots).
    """
    with store.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO draft (id, form_id, form_version, entity_id, user, answers,"
            " updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (draft_id, form_id, form_version, entity_id, store.user,
             json.dumps(answers, ensure_ascii=False),
             int(time.time() * 1000) if updated_ms is None else updated_ms))


def load_draft(store: Store, draft_id: str) -> dict[str, Any] | None:
    """The saved answers of a draft, or ``None``."""
    row = store.db.execute("SELECT answers FROM draft WHERE id = ?", [draft_id]).fetchone()
    return json.loads(row[0]) if row else None


def list_drafts(store: Store) -> list[dict[str, Any]]:
    """This user's drafts, newest first (id, form, version, entity, when)."""
    rows = store.db.execute(
        "SELECT id, form_id, form_version, entity_id, updated_ms FROM draft WHERE user = ?"
        " ORDER BY updated_ms DESC", [store.user]).fetchall()
    keys = ("id", "form_id", "form_version", "entity_id", "updated_ms")
    return [dict(zip(keys, row, strict=True)) for row in rows]


@dataclass(frozen=True)
class DraftFor:
    """Whom a draft is filled for, as the registry names them ('' when not known)."""

    person_id: str = ""
    name: str = ""
    head_name: str = ""
    household_no: str = ""


@dataclass(frozen=True)
class DraftSummary:
    """What a list of drafts may show: no answer text, only how many questions hold one,
    and whom the draft is for (``for_whom``: the registry's name of its ``person_id``)."""

    id: str
    form_id: str
    form_version: str
    entity_id: str | None
    updated_ms: int
    answered: int
    for_whom: DraftFor = DraftFor()


def draft_summaries(store: Store,
                    questions: Mapping[str, Collection[str]] | None = None) -> list[DraftSummary]:
    """This user's drafts, newest first, each with the number of answered questions and
    whom it is for.

    A draft's answers are ``forms.drafts`` data: ``{"values": {"members[2]/age": "34", ...}}``.
    A value counts when it is not blank and, if ``questions`` names the draft's form, its
    field key (the path without repeat indexes, ``members/age``) is one of that form's
    questions, so calculated and hidden fields can be left out. The answers themselves are
    read here and dropped: only the count and the ``person_id`` leave this function; the
    person's name, head of household and 户编号 come from the registry (``DraftFor``),
    never from what was typed, so a list can show them without handling typed text.
    """
    rows = store.db.execute(
        "SELECT id, form_id, form_version, entity_id, updated_ms, answers FROM draft"
        " WHERE user = ? ORDER BY updated_ms DESC, id", [store.user]).fetchall()
    found: dict[str, DraftFor] = {}
    summaries = []
    for draft_id, form_id, version, entity_id, updated_ms, answers in rows:
        person = _draft_person(answers)
        if person and person not in found:
            found[person] = draft_for(store, person)
        summaries.append(DraftSummary(draft_id, form_id, version, entity_id, int(updated_ms),
                                      _answered(answers, (questions or {}).get(form_id)),
                                      found.get(person, DraftFor())))
    return summaries


def person_draft(store: Store, form_id: str, person_id: str) -> str | None:
    """This user's newest draft of ``form_id`` filled for ``person_id`` (its ``person_id``
    answer), or ``None``: opening the form for that person again continues it."""
    rows = store.db.execute(
        "SELECT id, answers FROM draft WHERE user = ? AND form_id = ?"
        " ORDER BY updated_ms DESC, id", [store.user, form_id]).fetchall()
    return next((draft_id for draft_id, answers in rows
                 if person_id and _draft_person(answers) == person_id), None)


def draft_for(store: Store, person_id: str) -> DraftFor:
    """Whom ``person_id`` names: their name, their household's head and 户编号 ('' for
    what the registry does not hold, e.g. a person removed since)."""
    try:
        person = store.get(person_id)
    except NotFound:
        return DraftFor(person_id)
    if person.deleted or person.entity_list != "person":
        return DraftFor(person_id)
    head, number = _household_words(store, person.parent) if person.parent else ("", "")
    return DraftFor(person_id, str(person.props.get("name") or ""), head, number)


def _household_words(store: Store, household_id: str) -> tuple[str, str]:
    """A household's head of household and 户编号 ('' when it is not on file)."""
    try:
        household = store.get(household_id)
    except NotFound:
        return "", ""
    head = str(household.props.get("head_name") or "") or _head_name(store, household.id)
    return head, str(household.props.get("household_no") or "")


def _head_name(store: Store, household_id: str) -> str:
    return next((str(m.props.get("name") or "") for m in store.find("person", parent=household_id)
                 if m.props.get("relation") == HEAD_OF_HOUSEHOLD), "")


def _draft_values(answers_json: str) -> dict[str, Any] | None:
    try:
        answers = json.loads(answers_json)
    except (TypeError, ValueError):
        return None
    values = answers.get("values") if isinstance(answers, dict) else None
    return values if isinstance(values, dict) else None


def _draft_person(answers_json: str) -> str:
    """The ``person_id`` answer of a draft ('' if none)."""
    values = _draft_values(answers_json) or {}
    person = values.get("person_id")
    return str(person).strip() if person else ""


def _answered(answers_json: str, questions: Collection[str] | None) -> int:
    values = _draft_values(answers_json)
    if values is None:
        return 0
    return sum(1 for path, text in values.items()
               if str(text if text is not None else "").strip()
               and (questions is None or without_indexes(str(path)) in questions))


def delete_draft(store: Store, draft_id: str) -> None:
    """Remove a draft (after submit or when the user discards it)."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM draft WHERE id = ?", (draft_id,))
