"""English counts in the domain's messages (registry.wording: no Qt, so no numerusform)."""

from __future__ import annotations

from datetime import date

import pytest

from registry.policy.conditions import Context, check_stable_months
from registry.wording import counted


@pytest.mark.parametrize(("count", "text"), [(0, "0 rows"), (1, "1 row"), (2, "2 rows"),
                                             (21, "21 rows")])
def test_counted_is_singular_for_one_only(count, text):
    assert counted(count, "row") == text


def test_counted_takes_an_irregular_plural():
    assert counted(1, "entry", "entries") == "1 entry"
    assert counted(3, "entry", "entries") == "3 entries"


def test_a_policy_reason_says_one_month_in_the_singular():
    ctx = Context(as_of=date(2026, 11, 22), rule_kind="transport", rule_id="r")
    assert check_stable_months(1, {"months": 1}, ctx=ctx)[2] == "worked 1 month"
    assert check_stable_months(1, {"months": 4}, ctx=ctx)[2] == "worked 4 months"
    assert check_stable_months(3, {"months": 1}, ctx=ctx)[2] == "worked 1 < 3 months"
    assert check_stable_months(1, {"months": 0}, ctx=ctx)[2] == "worked 0 < 1 month"
