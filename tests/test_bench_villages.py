"""The benchmarks' synthetic counties number their villages from 001.

A 12-digit code ending in 000 is the township itself, not a village: scope-based pages
(the county import, village filters) take such a code for the township and mislead a
benchmark. ``bench.store.villages`` feeds bench.alerts and every benchmark built on it.
"""

from __future__ import annotations

from bench.store import COUNTY, VILLAGE_PEOPLE, villages
from registry.register import is_village_code


def test_bench_villages_are_village_codes_from_001() -> None:
    codes = [code for code, _households in villages(3 * VILLAGE_PEOPLE)]
    assert codes == [f"{COUNTY}100001", f"{COUNTY}100002", f"{COUNTY}100003"]
    assert all(is_village_code(code) for code in codes)

