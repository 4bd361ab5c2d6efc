"""Alerts: who needs attention now, and why (issue 11, item 4). Pure: no Qt.

Two entry points compute the same kinds of alert:

- :func:`alerts_for_case` and :func:`services_missing` read one case of a case file
  (a dict as parsed from YAML), for what-if checks and ``bangfu-policy test``;
- :func:`alerts_for_store` reads the local store as of a date over a scope, with SQL
  aggregates; :func:`alert_counts_for_store` is the same run counted by village and kind
  (no alert objects: the dashboard's chart).

Every :class:`Alert` has a ``kind`` (:data:`KINDS`), a ``subject``, the ``facts`` that
raised it and its ``source`` clause (:data:`SOURCES`).
"""

from __future__ import annotations

from registry.alerts.case import alerts_for_case, services_missing
from registry.alerts.kinds import (
    DEFAULT_DROP_SHARE,
    KINDS,
    NATIONAL_CHECKS,
    SOURCES,
    Alert,
)
from registry.alerts.store import alert_counts_for_store, alerts_for_store

__all__ = ["DEFAULT_DROP_SHARE", "KINDS", "NATIONAL_CHECKS", "SOURCES", "Alert",
           "alert_counts_for_store", "alerts_for_case", "alerts_for_store", "services_missing"]
