"""The county's subsidy list (补贴发放名册), per rule and period, from the claims ledger.

Claims are ``claim`` records (rule_id, subject_id, amount, period, granted_by, date), written
by the policy engine's claims ledger; this module only reads them, so it works before and
after that ledger lands (with no claims the list has its header only). The subject is the
person a claim is for. With a month given, the list holds the claims whose period is that
month, lies within it (``2026-11-...``) or is its year (``2026``); with a year given,
the claims of that year (``2026``, ``2026-03``, ...); with a rule given, its claims only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from registry.ledgers.export_source import Month, scope_range
from registry.masking import mask_id, mask_phone
from registry.store import Store

COLUMNS: tuple[tuple[str, int], ...] = (
    ("序号", 6), ("政策规则", 24), ("期间", 10), ("村（居）代码", 14), ("户编号", 18),
    ("姓名", 10), ("身份证号码", 21), ("联系电话", 15), ("金额（元）", 12), ("审批人", 10),
    ("日期", 12),
)  # fmt: skip
HEADERS = tuple(name for name, _ in COLUMNS)
WIDTHS = tuple(width for _, width in COLUMNS)
TEXT_COLUMNS = frozenset({3, 7})
LONG_NUMBERS = frozenset({4, 6})

_CLAIMS = """
SELECT c.props, p.props, h.props, coalesce(p.scope, c.scope)
FROM entity c
LEFT JOIN entity p ON p.id = json_extract(c.props, '$.subject_id')
LEFT JOIN entity h ON h.id = p.parent
WHERE c.list = 'claim' AND c.deleted = 0 AND c.merged_into IS NULL
  AND coalesce(p.scope, c.scope) >= ? AND coalesce(p.scope, c.scope) < ?
  AND (? = '' OR json_extract(c.props, '$.period') IN (?, ?)
       OR json_extract(c.props, '$.period') LIKE ? || '-%')
  AND (? = '' OR json_extract(c.props, '$.rule_id') = ?)
ORDER BY coalesce(json_extract(c.props, '$.rule_id'), ''),
         coalesce(json_extract(c.props, '$.period'), ''),
         coalesce(json_extract(h.props, '$.household_no'), ''), p.rowid, c.rowid
"""


def subsidy_rows(store: Store, month: Month | None, *, prefix: str, masked: bool,
                 year: int | None = None, rule_id: str = "") -> Iterator[list[Any]]:
    """The rows of the subsidy list: claims by rule, period and household (of ``month``,
    else of ``year``: the year's own period and its months; of ``rule_id`` if given)."""
    low, high = scope_range(prefix)
    text, whole = (month.text, str(month.year)) if month else ("", "")
    if month is None and year is not None:  # the year itself, and any month of it
        text = whole = f"{year:04d}"
    args = (low, high, text, text, whole, text, rule_id, rule_id)
    names = _rule_names(store)
    for number, (claim, person, household, scope) in enumerate(
            store.db.conn.execute(_CLAIMS, args), start=1):
        claim = json.loads(claim)
        person = json.loads(person) if person else {}
        household = json.loads(household) if household else {}
        id_number = str(person.get("id_number") or "")
        phone = str(person.get("phone") or "")
        rule = str(claim.get("rule_id") or "")
        yield [number, f"{names[rule]}（{rule}）" if names.get(rule) else rule, claim.get("period", ""),
               household.get("village_code") or scope, household.get("household_no", ""),
               person.get("name", ""), mask_id(id_number) if masked else id_number,
               mask_phone(phone) if masked else phone, _amount(claim.get("amount")),
               claim.get("granted_by", ""),
               str(claim.get("granted_on") or claim.get("date") or "")[:10]]


def _rule_names(store: Store) -> dict[str, str]:
    """Rule id -> its Chinese name (``registry.county_subsidy.names_of_rules``): the list
    shows "跨省就业一次性交通补助（wy_transport）", not the id alone."""
    from registry.county_subsidy import names_of_rules  # the policy engine loads lazily

    return {rule: zh for rule, (zh, _en) in names_of_rules(store).items() if zh}


def _amount(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    try:
        number = float(str(value))
    except ValueError:
        return str(value or "")
    return int(number) if number.is_integer() else number
