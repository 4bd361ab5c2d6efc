"""Helpers of the alert tests: the case file and a dated minimum-wage table."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

CASES = Path(__file__).resolve().parents[1] / "policy" / "cases" / "alerts.yaml"

#: docs/research.md "Amounts seen in county practice": 婺源 (Jiangxi tier 3) 1610 from
#: 2021-04-01; 德钦 (Yunnan tier 2) 1920 (effective date unverified: taken as 2021-01-01).
MIN_WAGES = {"361130": (date(2021, 4, 1), 1610), "533422": (date(2021, 1, 1), 1920)}


def min_wage_of(region: str, as_of: date) -> int | None:
    """The minimum monthly wage of a county (by the first 6 digits of a code), if known."""
    since, wage = MIN_WAGES.get(region[:6], (None, None))
    return wage if since is not None and as_of >= since else None


def load_cases() -> list[dict]:
    """The alert cases of tests/policy/cases/alerts.yaml."""
    return yaml.safe_load(CASES.read_text(encoding="utf-8"))
