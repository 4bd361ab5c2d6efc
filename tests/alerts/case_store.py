"""Write one alert case (issue 11's format) into a real store as the forms would record it.

``write_case`` returns the ids of the records it made, or raises ``Untranslatable`` for a
case the store cannot hold as such (the store refuses a bad ID number or a second 户主;
an unknown plan is, in the store, no plan recorded).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from registry.store import Create, Store
from sync.protocol import new_id

GROUP_TYPES = {"脱贫人口": "脱贫户", "监测对象": "100A03001"}


class Untranslatable(Exception):
    """The case has no faithful equivalent in the store."""


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def write_case(store: Store, case: dict[str, Any], *, number: int) -> str:
    """Write the case's records in a village of their own; return its 12-digit code."""
    scope = str(case["region"])[:6] + f"{number:06d}"
    if "household" in case:
        ops = _household(case["household"])
    elif "person" in case:
        ops = _person_case(case["person"], case["as_of"])
    else:
        ops = _post_case(case["post"])
    store.write([replace(op, scope=scope) for op in ops])
    return scope


def _household(h: dict[str, Any]) -> list[Create]:
    hid = new_id()
    props: dict[str, Any] = {"household_no": hid[:8]}
    for key in ("relocated", "risks", "monitored", "risk_removed"):
        if key in h:
            props[key] = h[key]
    if h.get("monitored") and not h.get("risks"):
        props["risks"] = ["因病"]
    if "identified" in h:
        props["monitored_since"] = _day(h["identified"])
    ops = [Create("household", props, entity_id=hid)]
    members = h.get("members") or []
    if members and sum(m.get("relation") == "户主" for m in members) > 1:
        raise Untranslatable("the store keeps one 户主 per household")
    for member in members:
        ops.append(_member(hid, member))
    ops += _incomes(hid, h.get("income_by_month") or {})
    ops += _measures(hid, h.get("measures") or [])
    return ops


def _member(hid: str, m: dict[str, Any]) -> Create:
    props = {"household_id": hid, "name": "测试"}
    keys = {"relation": "relation", "sex": "sex", "labour": "labour_class",
            "status": "employment_status", "wants_work": "wants_work", "id_number": "id_number"}
    props.update({to: m[key] for key, to in keys.items() if key in m})
    work = m.get("work") or {}
    if "region" in work and "months" not in work:
        raise Untranslatable("in the store a work place without months is the checker's fact")
    if work.get("region") is not None:
        props["work_region"] = work["region"]
    if work.get("months") is not None:
        props["months_worked"] = work["months"]
    return Create("person", props, entity_id=new_id())


def _incomes(hid: str, by_month: dict[str, Any]) -> list[Create]:
    if not by_month:
        return []
    earner = new_id()
    ops = [Create("person", {"household_id": hid, "name": "收入"},
                  entity_id=earner)]
    for month, income in by_month.items():
        ops.append(Create("visit", {"person_id": earner, "visit_date": f"{month}-15",
                                    "employment_status": "employed", "monthly_income": income}))
    return ops


def _measures(hid: str, days: list[Any]) -> list[Create]:
    if not days:
        return []
    pid = new_id()
    ops = [Create("person", {"household_id": hid, "name": "措施"},
                  entity_id=pid)]
    return ops + [Create("service", {"person_id": pid, "service_date": _day(d),
                                     "services": ["policy"]}) for d in days]


def _person_case(p: dict[str, Any], as_of: Any) -> list[Create]:
    if p.get("returned") and "plan" not in p:
        raise Untranslatable("in the store no plan recorded is a fact, not unknown")
    hid = new_id()
    pid = new_id()
    member = _member(hid, p)
    props = dict(member.props)
    if p.get("plan"):
        props["plan"] = True
    ops = [Create("household", {"household_no": hid[:8]}, entity_id=hid),
           Create("person", props, entity_id=pid)]
    if p.get("last_visit"):
        visit = {"person_id": pid, "visit_date": _day(p["last_visit"])}
        if p.get("returned"):
            visit["employment_status"] = "returned"
        ops.append(Create("visit", visit))
    if p.get("graduate_unemployed"):
        ops.append(Create("service", _graduate(pid, p, as_of)))
    return ops


def _graduate(pid: str, p: dict[str, Any], as_of: Any) -> dict[str, Any]:
    given = p.get("services") or {}
    names = {"guidance": "career_guidance", "referral": "job_referrals",
             "training": "training_offers", "internship": "internship_offers"}
    record = {"person_id": pid, "service_date": _day(as_of),
              "wants_work": "1" if p.get("wants_work") else "0"}
    record.update({names[k]: int(v) for k, v in given.items()})
    return record


def _post_case(post: dict[str, Any]) -> list[Create]:
    hid, pid = new_id(), new_id()
    household: dict[str, Any] = {"household_no": hid[:8]}
    if "holder_groups" in post:
        groups = post["holder_groups"]
        household["household_type"] = next((GROUP_TYPES[g] for g in groups if g in GROUP_TYPES),
                                           "普通农户")
    agreement = post.get("agreement") or {}
    props = {"person_id": pid, "post_type": "cleaning",
             "agreement_start": _day(agreement["start"]), "agreement_end": _day(agreement["end"]),
             "monthly_subsidy": post.get("monthly_subsidy")}
    return [Create("household", household, entity_id=hid),
            Create("person", {"household_id": hid, "name": "岗位"}, entity_id=pid),
            Create("post", props, entity_id=new_id())]
