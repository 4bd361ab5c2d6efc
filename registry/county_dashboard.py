"""概览: the county dashboard's numbers, as small SQL aggregates. Pure: no Qt.

Each function reads the narrow fact tables of schema 5 (``visit_fact``, ``visit_latest``,
``person_fact``, ``household_fact``), the per-month tables kept by triggers
(``visit_month_status``, ``visit_month_latest``) or the claims, and returns a few rows (one
per month, village, place, channel or rule), never a whole list of people:

- :func:`labour_by_status`: the labour force by employment status, month by month over the
  12 months ending in ``today``'s month (each person's latest follow-up of the month);
- :func:`labour_by_place` and :func:`labour_by_channel`: the labour force by work place
  (县内 / 省内县外 / 省外 / 国外) and by channel (就业渠道), from the people's current records;
- :func:`monitored_income`: the income trend of monitored households (12 months): how many
  had a follow-up with an income, and their average household income;
- :func:`visit_completion`: this month's follow-ups by village, with the 20th (the deadline);
- :func:`subsidies_by_rule`: claims granted this year and their amounts, by rule;
- :func:`alerts_by_village`: ``registry.alerts`` counted by village and kind.

:func:`dashboard` reads the numbers of the current state (the page's first paint, a fraction
of a second at 100k people); :func:`trends` the two 12-month series (the per-month status
summary, and the monitored households' latest follow-up of each month), and the
alerts need the alert run counted (about 2 s at 100k people), so the page reads those two
after the first paint; the last count is remembered and saved in the profile
(:func:`alert_counts`) and shown while no record was written since, also after a restart.
:func:`current_dashboard` and :func:`current_trends` give back numbers read before when no
record was written since (their :class:`ReadMark`), so the page keeps them between openings.

:func:`people_behind` lists the people behind one bar (at most ``limit``, with the total),
so each number on the dashboard opens the list it counts.
"""

from __future__ import annotations

import json
import weakref
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from registry.alerts import alert_counts_for_store
from registry.alerts.facts import STATUS_WORDS, month_before, month_of
from registry.alerts.kinds import VISIT_DEADLINE_DAY
from registry.alerts.store import run_fingerprint
from registry.errors import ValidationError
from registry.labour import WITH_CAPACITY
from registry.store import Store
from sync.protocol import ScopeError, scope_prefix

MONTHS = 12
#: Work places in chart order (the follow-up form's and the registration's words).
PLACES: tuple[str, ...] = ("县内", "省内县外", "省外", "国外")
#: Employment statuses in chart order (``registry.alerts.facts.STATUS_WORDS`` values).
STATUSES: tuple[str, ...] = ("employed", "unemployed", "returned", "at_home")
NOT_WORKING = "未就业"
UNKNOWN = ""
#: Monitored flags as the registration, ledger imports and forms write them.
_TRUE = "(1, '1', 'true', '是', 'yes')"
_CAPABLE = "(" + ", ".join(f"'{c}'" for c in WITH_CAPACITY) + ")"
_LABOUR = f"merged_into IS NULL AND labour_class IN {_CAPABLE} AND scope GLOB :scope"


@dataclass(frozen=True, slots=True)
class Count:
    """One bar: its ``key`` (a status, place, channel or rule) and how many."""

    key: str
    count: int


@dataclass(frozen=True, slots=True)
class StatusMonth:
    """People of the labour force followed up in ``month`` with ``status``."""

    month: str
    status: str
    people: int


@dataclass(frozen=True, slots=True)
class IncomeMonth:
    """Monitored households with an income recorded in ``month``, and the total."""

    month: str
    households: int
    total: float

    @property
    def average(self) -> float:
        """The average monthly income of a household (0 when none was recorded)."""
        return self.total / self.households if self.households else 0.0


@dataclass(frozen=True, slots=True)
class VillageVisits:
    """This month's follow-ups of one village: people who need one, and visited."""

    village: str
    required: int
    visited: int

    @property
    def missing(self) -> int:
        """People not visited yet this month."""
        return self.required - self.visited


@dataclass(frozen=True, slots=True)
class RuleTotal:
    """Claims of one rule this year: how many, and the amounts stated."""

    rule: str
    claims: int
    amount: float
    name_zh: str = ""
    name_en: str = ""

    def name(self, *, english: bool = False) -> str:
        """The rule's name from its pack in the language asked for, else its id."""
        return (self.name_en if english else self.name_zh) or self.name_zh or self.rule


@dataclass(frozen=True, slots=True)
class AlertCount:
    """Alerts of ``kind`` about records of ``village``."""

    village: str
    kind: str
    count: int


class ReadMark(NamedTuple):
    """What a read of the dashboard was for, and of which state of the records: two reads
    with equal marks saw the same records (see :func:`read_mark`)."""

    scope: str  #: the scope's GLOB pattern
    today: date
    high_water: int  #: the journal's (:func:`journal_high_water`)
    generation: int  #: the count generation (:func:`count_generation`)

    def newer_than(self, other: ReadMark | None) -> bool:
        """Whether this mark is of a later day or of later records than ``other``'s (or of
        the same: equal marks are as new)."""
        return other is None or ((self.today, self.generation, self.high_water)
                                 >= (other.today, other.generation, other.high_water))


@dataclass(frozen=True)
class Dashboard:
    """The numbers of the current state, read in one pass: the page's first paint."""

    today: date
    months: tuple[str, ...]
    places: list[Count] = field(default_factory=list)
    channels: list[Count] = field(default_factory=list)
    visits: list[VillageVisits] = field(default_factory=list)
    subsidies: list[RuleTotal] = field(default_factory=list)
    #: what it was read for, and of which state of the records (not compared)
    mark: ReadMark | None = field(default=None, compare=False)

    @property
    def deadline_passed(self) -> bool:
        """Whether this month's follow-up deadline (the 20th) is past."""
        return self.today.day > VISIT_DEADLINE_DAY

    def labour_force(self) -> int:
        """People of the labour force (the work-place chart counts each once)."""
        return sum(c.count for c in self.places)


@dataclass(frozen=True)
class Trends:
    """The 12-month trends: the monitored households' members' latest follow-up of each month
    (a tenth of the people) are read for them, so they come second."""

    months: tuple[str, ...]
    status: list[StatusMonth] = field(default_factory=list)
    income: list[IncomeMonth] = field(default_factory=list)
    #: what they were read for, and of which state of the records (not compared)
    mark: ReadMark | None = field(default=None, compare=False)


def scope_glob(scope: str | None) -> str:
    """The GLOB pattern of a division code ("" or None: everything)."""
    if not scope:
        return "*"
    try:
        return scope_prefix(scope) + "*"
    except ScopeError:
        raise ValidationError("dashboard.scope", "范围须为 2、4、6、9 或 12 位数字的行政区划代码",
                              "scope must be a division code of 2, 4, 6, 9 or 12 digits") from None


def months_to(today: date, count: int = MONTHS) -> tuple[str, ...]:
    """The ``count`` months ending in ``today``'s month, oldest first (``YYYY-MM``)."""
    last = month_of(today)
    return tuple(month_before(last, months=k) for k in range(count - 1, -1, -1))


def _params(scope: str | None, today: date) -> dict[str, Any]:
    months = months_to(today)
    return {"scope": scope_glob(scope), "first": months[0], "last": months[-1],
            "month_start": months[-1] + "-01", "year": f"{today.year:04d}"}


#: Follow-ups by month and status word, from the per-month summary that triggers keep
#: (``visit_month_status``: a few rows per village and month, not every follow-up).
_STATUS = """SELECT month, status, sum(followups) FROM visit_month_status
             WHERE month BETWEEN :first AND :last AND scope GLOB :scope
             GROUP BY month, status"""


def labour_by_status(store: Store, *, scope: str | None, today: date) -> list[StatusMonth]:
    """Follow-ups (人次) each month by employment status (``STATUSES``, "" if unknown).

    The rules ask for one follow-up a month per person, so this counts people; a second
    follow-up of one person in one month counts again."""
    counted: Counter[tuple[str, str]] = Counter()
    for month, raw, people in store.db.execute(_STATUS, _params(scope, today)):
        counted[(month, STATUS_WORDS.get(str(raw or "").strip(), UNKNOWN))] += people
    return [StatusMonth(month, status, people)
            for (month, status), people in sorted(counted.items())]


class LabourRow(NamedTuple):
    """People of the labour force of one village with one work place and work status, and
    how many of them were followed up this month (``None`` when no month was asked)."""

    village: str
    place: Any
    channel: Any
    people: int
    visited: int | None


#: The labour force by village, work place and work status, with this month's follow-ups:
#: one pass over the people gives the work-place, channel and visit-completion charts.
_LABOUR_ROWS = f"""
SELECT p.scope, p.work_region, p.work_status, count(*),
       CASE WHEN :month_start IS NOT NULL THEN count(l.person) END
FROM person_fact p
LEFT JOIN visit_latest l ON :month_start IS NOT NULL AND l.person = p.id
  AND l.day >= :month_start
WHERE p.merged_into IS NULL AND p.labour_class IN {_CAPABLE} AND p.scope GLOB :scope
GROUP BY p.scope, p.work_region, p.work_status
"""


def _labour_rows(store: Store, scope: str | None,
                 today: date | None = None) -> list[LabourRow]:
    """The labour force counted by village, work place and work status, with those followed
    up in ``today``'s month (``visited`` is ``None`` without ``today``), in one pass over the
    people: the first paint's three labour charts are sums of these rows."""
    month_start = _params(scope, today)["month_start"] if today is not None else None
    return [LabourRow(*row) for row in store.db.execute(
        _LABOUR_ROWS, {"scope": scope_glob(scope), "month_start": month_start})]


def labour_by_place(store: Store, *, scope: str | None,
                    rows: list[LabourRow] | None = None) -> list[Count]:
    """The labour force by work place (``PLACES``, then other places; "" for none);
    ``rows``: :func:`_labour_rows` when already read."""
    counted: Counter[str] = Counter()
    for row in rows if rows is not None else _labour_rows(store, scope):
        counted[str(row.place or UNKNOWN)] += row.people  # NULL and "" alike
    order = {place: k for k, place in enumerate(PLACES)}
    keys = sorted(counted, key=lambda p: (p == UNKNOWN, order.get(p, len(PLACES)), p))
    return [Count(key, counted[key]) for key in keys]


def labour_by_channel(store: Store, *, scope: str | None,
                      rows: list[LabourRow] | None = None) -> list[Count]:
    """People at work by channel (work status other than 未就业), most first; ``rows``:
    :func:`_labour_rows` when already read."""
    counted: Counter[str] = Counter()
    for row in rows if rows is not None else _labour_rows(store, scope):
        if row.channel not in (None, "", NOT_WORKING):
            counted[str(row.channel)] += row.people  # a number and its text alike
    return [Count(key, n) for key, n in sorted(counted.items(), key=lambda r: (-r[1], r[0]))]


#: Members of monitored households first (the monitored households, then their members from
#: ``person_fact_parent``, whose condition the query states), then each member's latest
#: follow-up of each month of the 12 (``visit_month_latest``, kept by triggers) as one range
#: of its person index (schema 12). Of two follow-ups of a person on the same day the one
#: with the greater id counts (ids grow with the time of writing: the later-written), as in
#: ``visit_latest`` and the alert run; before schema 12 the trend took the smaller. A
#: follow-up with a month but no day counts in its month, as in the status trend.
_MONITORED = f"""
WITH m AS MATERIALIZED (
  SELECT p.id, p.parent
  FROM household_fact h CROSS JOIN person_fact p INDEXED BY person_fact_parent ON p.parent = h.id
  WHERE h.monitored IN {_TRUE} AND p.merged_into IS NULL AND p.parent IS NOT NULL
    AND p.scope GLOB :scope)
SELECT v.month, count(DISTINCT m.parent), sum(v.income)
FROM m CROSS JOIN visit_month_latest v INDEXED BY visit_month_latest_person
  ON v.person = m.id AND v.month BETWEEN :first AND :last
WHERE v.income IS NOT NULL
GROUP BY v.month ORDER BY v.month
"""


def monitored_income(store: Store, *, scope: str | None, today: date) -> list[IncomeMonth]:
    """Monitored households' monthly income over the 12 months (months with none left out)."""
    return [IncomeMonth(month, households, float(total or 0))
            for month, households, total in store.db.execute(_MONITORED,
                                                               _params(scope, today))]


def visit_completion(store: Store, *, scope: str | None, today: date,
                     rows: list[LabourRow] | None = None) -> list[VillageVisits]:
    """This month's follow-ups by village: people of the labour force, and those visited;
    ``rows``: :func:`_labour_rows` of ``today`` when already read."""
    required: Counter[str] = Counter()
    visited: Counter[str] = Counter()
    for row in rows if rows is not None else _labour_rows(store, scope, today):
        if row.visited is None:
            raise ValueError("visit_completion needs rows read with a month (_labour_rows's today)")
        required[row.village] += row.people
        visited[row.village] += row.visited
    return [VillageVisits(village, required[village], visited[village])
            for village in sorted(required)]


_CLAIMS = """
SELECT coalesce(json_extract(props, '$.rule_id'), ''), count(*),
       coalesce(sum(json_extract(props, '$.amount')), 0)
FROM entity WHERE list = 'claim' AND deleted = 0 AND merged_into IS NULL
  AND scope GLOB :scope AND json_extract(props, '$.year') = :year
GROUP BY 1 ORDER BY 3 DESC, 1
"""


def subsidies_by_rule(store: Store, *, scope: str | None, today: date) -> list[RuleTotal]:
    """Claims granted in ``today``'s year by rule: how many and the amounts, largest first,
    each named as its pack names it, marked when the rule has expired (the id when no pack
    this device holds has the rule)."""
    rows = store.db.execute(_CLAIMS, _params(scope, today)).fetchall()
    names = _rule_names(store, today=today) if rows else {}
    return [RuleTotal(rule, n, float(amount), *names.get(rule, ("", "")))
            for rule, n, amount in rows]


#: Appended to the name of a rule that no pack this device holds has in force any more.
EXPIRED_MARK = ("（已到期政策）", " (expired policy)")


def _rule_names(store: Store, *, today: date) -> dict[str, tuple[str, str]]:
    """Rule id -> (name_zh, name_en) over every pack this device holds, expired ones too.

    A later pack's name (a county's own) wins, and a rule not past its end on ``today``
    wins over one past it; a rule only past its end is marked ``EXPIRED_MARK`` (claims of
    last year's packs are still named, not shown as ids)."""
    from registry.policy import packs_for  # policy loads lazily (the app's start-up)

    current: dict[str, tuple[str, str]] = {}
    expired: dict[str, tuple[str, str]] = {}
    for pack in packs_for(store):
        for rule in pack.rules:
            ended = rule.valid_to is not None and rule.valid_to < today
            (expired if ended else current)[rule.id] = (rule.name_zh, rule.name_en)
    zh, en = EXPIRED_MARK
    return {**{rule: (name_zh + zh, name_en + en if name_en else "")
               for rule, (name_zh, name_en) in expired.items()}, **current}


def read_mark(store: Store, *, scope: str | None, today: date) -> ReadMark:
    """The mark of a read of ``scope`` for ``today`` made now. Two reads with the same mark
    saw the same records: every write of a record (local, synced, merged) raises the
    journal's high-water mark (its rows are never deleted), and a scope rebuilt without
    journal rows raises the generation (:func:`forget_alert_counts`). Two rows read (the
    last journal row, one ``meta`` key). Call it in the read's transaction, and never
    inside a write's: rows it might roll back would be marked as kept."""
    return ReadMark(scope_glob(scope), today, journal_high_water(store), count_generation(store))


def dashboard(store: Store, *, scope: str | None, today: date) -> Dashboard:
    """The numbers of the current state (people, this month's follow-ups, this year's
    claims), read in one transaction (a consistent view)."""
    return current_dashboard(store, scope=scope, today=today)


def current_dashboard(store: Store, *, scope: str | None, today: date,
                      last: Dashboard | None = None) -> Dashboard:
    """``last`` when it was read for the same scope and day and no record was written since
    (:func:`read_mark`), else :func:`dashboard`'s numbers read anew in one transaction."""
    with store.transaction():
        mark = read_mark(store, scope=scope, today=today)
        if last is not None and last.mark == mark:
            return last
        labour = _labour_rows(store, scope, today)
        return Dashboard(
            today=today, months=months_to(today),
            places=labour_by_place(store, scope=scope, rows=labour),
            channels=labour_by_channel(store, scope=scope, rows=labour),
            visits=visit_completion(store, scope=scope, today=today, rows=labour),
            subsidies=subsidies_by_rule(store, scope=scope, today=today), mark=mark)


def trends(store: Store, *, scope: str | None, today: date) -> Trends:
    """The 12-month trends (status and monitored income), read in one transaction."""
    return current_trends(store, scope=scope, today=today)


def current_trends(store: Store, *, scope: str | None, today: date,
                   last: Trends | None = None) -> Trends:
    """``last`` when it was read for the same scope and day and no record was written since
    (:func:`read_mark`), else the trends read anew in one transaction. The monitored
    households' income reads their members' months (about 0.2 s at 100k people), so a page
    opened again with nothing changed shows the trends it read before."""
    with store.transaction():
        mark = read_mark(store, scope=scope, today=today)
        if last is not None and last.mark == mark:
            return last
        return Trends(months=months_to(today),
                      status=labour_by_status(store, scope=scope, today=today),
                      income=monitored_income(store, scope=scope, today=today), mark=mark)


def alerts_by_village(store: Store, *, scope: str | None, today: date,
                      min_wage_of: Callable[[str, date], int | None] | None = None
                      ) -> list[AlertCount]:
    """Today's alerts (``registry.alerts``) counted by the subject's village and kind: the
    alert run's count-only path (``alert_counts_for_store``), no alert objects."""
    counted = alert_counts_for_store(store, as_of=today, scope=scope, min_wage_of=min_wage_of)
    return [AlertCount(v, kind, n) for (v, kind), n in sorted(counted.items())]


@dataclass(frozen=True)
class AlertCounts:
    """The alerts by village and kind of one full run, and when it ran: ``computed_at``
    (local time) and the journal's high-water mark then (``high_water``); ``current`` is
    whether no record was written (here or by sync) since."""

    counts: list[AlertCount]
    computed_at: datetime
    high_water: int
    current: bool = True
    #: the profile's count generation when the run read its snapshot (see
    #: :func:`forget_alert_counts`): a run of an older generation is not saved
    generation: int = 0
    #: the day counted when it is not the one asked for (:func:`earlier_alert_counts`)
    earlier_day: date | None = None


#: The last run of each open store, by (scope, day), also saved in the profile's local
#: ``alert_count_run`` (schema 9: never journaled or synced) so that a restart finds it.
#: A count of alerts by village is a full alert run (about 2 s at 100k people), so the page
#: shows the last one while nothing was written since, and says when it was computed.
_LAST_RUNS: weakref.WeakKeyDictionary[Store, dict[tuple[str, date], AlertCounts]] = (
    weakref.WeakKeyDictionary())


def journal_high_water(store: Store) -> int:
    """The journal's last sequence number of a record: every write of one (local, synced,
    merged) raises it; the audit log's entries (each unlock writes one) do not, as no
    alert reads them. Read backwards from the last row (the audit rows after it are few)."""
    row = store.db.execute("SELECT seq FROM journal WHERE list <> 'audit'"
                           " ORDER BY seq DESC LIMIT 1").fetchone()
    return int(row[0]) if row else 0


def last_alert_counts(store: Store, *, scope: str | None, today: date) -> AlertCounts | None:
    """The last run's counts for ``scope`` and ``today`` (None if none ran, here or before
    a restart with the same alert queries), marked ``current`` when the journal has not
    moved since: cheap, no alert run."""
    key = (scope_glob(scope), today)
    last = _LAST_RUNS.get(store, {}).get(key) or _saved_run(store, *key)
    if last is None:
        return None
    current = journal_high_water(store) == last.high_water
    return AlertCounts(last.counts, last.computed_at, last.high_water, current)


def alert_counts(store: Store, *, scope: str | None, today: date) -> AlertCounts:
    """Today's alerts by village and kind: the last run's counts if nothing was written
    since, else a full run (:func:`alerts_by_village`), remembered and saved for the next
    call (in one transaction: no write can fall between the run and its mark)."""
    last = last_alert_counts(store, scope=scope, today=today)
    if last is not None and last.current:
        return last
    with store.transaction() as conn:
        high_water = journal_high_water(store)
        run = AlertCounts(alerts_by_village(store, scope=scope, today=today), datetime.now(),
                          high_water)
        _save_run(conn, run, scope=scope, today=today)
    _LAST_RUNS.setdefault(store, {})[(scope_glob(scope), today)] = run
    return run


_SAVE_RUN = """INSERT OR REPLACE INTO alert_count_run
               (scope, day, fingerprint, high_water, computed_at, counts)
               VALUES (?, ?, ?, ?, ?, ?)"""


def _save_run(conn: Any, run: AlertCounts, *, scope: str | None, today: date) -> None:
    """Save ``run`` as ``today``'s of ``scope`` and drop that scope's runs of earlier days
    (only the newest is ever read, and ``today``'s is now it): one row a scope, not one a
    day (a county's run is tens of kB)."""
    conn.execute(_SAVE_RUN, (scope_glob(scope), today.isoformat(), run_fingerprint(),
                             run.high_water, run.computed_at.isoformat(timespec="seconds"),
                             json.dumps([[c.village, c.kind, c.count] for c in run.counts])))
    conn.execute("DELETE FROM alert_count_run WHERE scope = ? AND day < ?",
                 (scope_glob(scope), today.isoformat()))


def earlier_alert_counts(store: Store, *, scope: str | None,
                         today: date) -> AlertCounts | None:
    """The newest run saved for ``scope`` on a day before ``today`` (by the same alert
    queries), never ``current``: what the page shows, so marked, while today's is counted
    (the first opening of a day). None if there is none."""
    row = store.db.execute(
        "SELECT high_water, computed_at, counts, day FROM alert_count_run"
        " WHERE scope = ? AND day < ? AND fingerprint = ? ORDER BY day DESC LIMIT 1",
        (scope_glob(scope), today.isoformat(), run_fingerprint())).fetchone()
    if row is None:
        return None
    high_water, computed_at, counts, day = row
    return AlertCounts([AlertCount(v, kind, int(n)) for v, kind, n in json.loads(counts)],
                       datetime.fromisoformat(computed_at), int(high_water), current=False,
                       earlier_day=date.fromisoformat(day))


def _saved_run(store: Store, scope: str, today: date) -> AlertCounts | None:
    """The run saved in the profile for ``scope`` and ``today`` by the same alert queries."""
    row = store.db.execute(
        "SELECT high_water, computed_at, counts FROM alert_count_run"
        " WHERE scope = ? AND day = ? AND fingerprint = ?",
        (scope, today.isoformat(), run_fingerprint())).fetchone()
    if row is None:
        return None
    high_water, computed_at, counts = row
    return AlertCounts([AlertCount(v, kind, int(n)) for v, kind, n in json.loads(counts)],
                       datetime.fromisoformat(computed_at), int(high_water))


#: ``meta`` key of the count generation: raised each time the saved runs are dropped, so that
#: a run read before (on the read lane) and saved after is not kept (schema-free: meta is local)
_GENERATION = "alert_count_generation"


def count_generation(store: Store) -> int:
    """The profile's count generation (0 until the saved runs were first dropped)."""
    row = store.db.execute("SELECT value FROM meta WHERE key = ?", (_GENERATION,)).fetchone()
    return int(row[0]) if row else 0


def forget_alert_counts(store: Store, *, keep_saved: bool = False) -> None:
    """Drop the remembered runs of ``store`` and, unless ``keep_saved`` (what a restart
    keeps), the runs saved in the profile, raising the count generation so that a run in
    flight is not saved either: the next :func:`alert_counts` then runs in full (a cold
    page). The raised generation also changes every :class:`ReadMark`, so numbers kept by
    :func:`current_dashboard` and :func:`current_trends` are read anew: whatever changes
    records without a journal row (``StoreReplica.replace_scope``) must call this."""
    _LAST_RUNS.pop(store, None)
    if not keep_saved:
        with store.transaction() as conn:
            conn.execute("DELETE FROM alert_count_run")
            conn.execute("INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key)"
                         " DO UPDATE SET value = CAST(value AS INTEGER) + 1", (_GENERATION,))


# -- the people behind a bar -----------------------------------------------------------

STATUS, PLACE, CHANNEL, VILLAGE, RULE, INCOME = (
    "status", "place", "channel", "village", "rule", "income")
#: The visit chart's other bar: the village's people visited this month (``VILLAGE``: not).
VISITED = "visited"


@dataclass(frozen=True, slots=True)
class Selection:
    """One bar of the dashboard: which chart (``what``), its ``key`` and ``month``."""

    what: str
    key: str
    month: str = ""


@dataclass(frozen=True, slots=True)
class Person:
    """One person (or household) behind a bar, in the list a click opens."""

    household_id: str
    household_no: str
    name: str
    village: str
    detail: str


@dataclass(frozen=True)
class Behind:
    """The first ``rows`` behind a bar and how many there are in all."""

    selection: Selection
    total: int
    rows: list[Person]


_PERSON_ROW = """
SELECT h.id, coalesce(json_extract(h.props, '$.household_no'), ''),
       coalesce(json_extract(e.props, '$.name'), json_extract(e.props, '$.head_name'), ''),
       e.scope, {detail}
FROM ids JOIN entity e ON e.id = ids.id
LEFT JOIN entity h ON h.id = CASE e.list WHEN 'household' THEN e.id ELSE e.parent END
LEFT JOIN person_fact p ON p.id = e.id
ORDER BY 2, 3 LIMIT :limit
"""

_BEHIND: dict[str, tuple[str, str]] = {
    STATUS: ("""SELECT person AS id FROM visit_fact WHERE month = :month
                AND scope GLOB :scope AND person IS NOT NULL
                AND CASE WHEN :key = '' THEN coalesce(status, '') NOT IN
                             (SELECT value FROM json_each(:known))
                         ELSE status IN (SELECT value FROM json_each(:words)) END""",
             "p.work_status"),
    PLACE: (f"SELECT id FROM person_fact WHERE {_LABOUR} AND coalesce(work_region, '') = :key",
            "p.work_status"),
    CHANNEL: (f"SELECT id FROM person_fact WHERE {_LABOUR} AND work_status = :key",
              "p.work_region"),
    VILLAGE: (f"""SELECT id FROM person_fact WHERE {_LABOUR} AND scope = :key
                  AND NOT EXISTS (SELECT 1 FROM visit_latest l WHERE l.person = person_fact.id
                                  AND l.day >= :month_start)""",
              "(SELECT day FROM visit_latest l WHERE l.person = p.id)"),
    VISITED: (f"""SELECT id FROM person_fact WHERE {_LABOUR} AND scope = :key
                  AND EXISTS (SELECT 1 FROM visit_latest l WHERE l.person = person_fact.id
                              AND l.day >= :month_start)""",
              "(SELECT day FROM visit_latest l WHERE l.person = p.id)"),
    RULE: ("""SELECT coalesce(json_extract(props, '$.person_id'),
                              json_extract(props, '$.subject_id')) AS id
              FROM entity WHERE list = 'claim' AND deleted = 0 AND merged_into IS NULL
                AND scope GLOB :scope AND json_extract(props, '$.year') = :year
                AND json_extract(props, '$.rule_id') = :key""", "p.work_status"),
    # the trend's own rows: each member's latest follow-up of the month (day, then id)
    INCOME: ("""SELECT v.person AS id FROM visit_month_latest v
                JOIN person_fact p ON p.id = v.person JOIN household_fact h ON h.id = p.parent
                WHERE v.month = :month AND v.income IS NOT NULL AND h.monitored IN {true}
                  AND p.merged_into IS NULL AND p.scope GLOB :scope""",
             """(SELECT income FROM visit_month_latest
                 WHERE month = :month AND person = p.id)"""),
}


def people_behind(store: Store, selection: Selection, *, scope: str | None, today: date,
                  limit: int = 500) -> Behind:
    """The people a bar counts (``limit`` of them, ordered by 户编号) and their total."""
    if selection.what not in _BEHIND:
        raise ValidationError("dashboard.selection", f"无此图表：{selection.what}",
                              f"no such chart: {selection.what}")
    ids_sql, detail = (part.format(true=_TRUE)
                       for part in _BEHIND[selection.what])
    words = [w for w, s in STATUS_WORDS.items() if s == selection.key]
    params = {**_params(scope, today), "key": selection.key, "month": selection.month,
              "words": json.dumps(words), "known": json.dumps(list(STATUS_WORDS)),
              "limit": limit}
    with store.transaction() as conn:
        conn.execute(f"CREATE TEMP TABLE ids AS SELECT DISTINCT id FROM ({ids_sql})", params)
        try:
            total = conn.execute("SELECT count(*) FROM ids").fetchone()[0]
            rows = [Person(str(hid or ""), str(no), str(name), str(village), _text(extra))
                    for hid, no, name, village, extra
                    in conn.execute(_PERSON_ROW.format(detail=detail), params)]
        finally:
            conn.execute("DROP TABLE temp.ids")
    return Behind(selection, int(total), rows)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# -- the alert count on the read lane ----------------------------------------------------

def count_alert_run(store: Store, *, scope: str | None, today: date) -> AlertCounts:
    """A full alert run by village and kind with the journal's high-water mark, read in one
    transaction (one snapshot) and NOT saved: it only reads, so it runs on the read-only
    twin (``store.reader()``); :func:`save_alert_counts` on the writer keeps it."""
    computed_at = datetime.now()
    with store.transaction():
        high_water, generation = journal_high_water(store), count_generation(store)
        counts = alerts_by_village(store, scope=scope, today=today)
    return AlertCounts(counts, computed_at, high_water, generation=generation)


def save_alert_counts(store: Store, run: AlertCounts, *, scope: str | None,
                      today: date) -> bool:
    """Keep ``run`` (of :func:`count_alert_run`) as :func:`alert_counts` keeps its own:
    remembered for ``store`` and saved in the profile's local ``alert_count_run`` (a
    small write, never journaled). A record written since the run's snapshot leaves it
    not ``current``, so the next page counts again; a run read before the saved runs were
    dropped (a scope rebuilt meanwhile: see :func:`forget_alert_counts`) is not kept at
    all. Whether it was kept."""
    with store.transaction() as conn:
        if count_generation(store) != run.generation:
            return False
        _save_run(conn, run, scope=scope, today=today)
    _LAST_RUNS.setdefault(store, {})[(scope_glob(scope), today)] = run
    return True
