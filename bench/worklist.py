"""本月走访 benchmark: ``python -m bench.worklist [--people 10000] [--small]``.

A township of synthetic villages (``bench.alerts.generate``: people, 12 months of
follow-ups each, posts, graduate services) written through ``Store.write`` into a real
encrypted profile. What the work-list page reads when it opens, for the whole township
(``registry.worklist``, as of the 22nd: overdue rows first), is timed. JSON lines:

- ``worklist_ms``: the first page (200 rows), the filtered count, the progress
  (已走访 x / y) and the filters' choices, one ``registry.worklist.work_view`` — what the
  page needs before it is usable (target: <= 500 ms for a
  10k-person township), cold: the kept scratch tables are dropped before each run;
- ``worklist_filter_ms``: the same with a filter (labour class 技能劳动力, overdue), cold;
- ``worklist_next_page_ms``: the next page (offset 200) once the first was read — the list
  kept since nothing was written — and ``worklist_filter_warm_ms`` the filter then;
- ``worklist_baseline_ms``: one plain SQL pass reading the same people (every person's
  props) and each one's latest follow-up date from the same ``visit_day`` index, measured
  in the same run; ``worklist_ratio`` = worklist_ms / baseline;
- ``generate_s``: writing the data (apart).

``--small`` (2,000 people) runs in seconds. Timings are the best of ``--repeats``.
``python -m bench.desktop`` runs this module (``--people``, its township) for its own
``worklist_ms`` line, with the baseline beside it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.alerts import AS_OF, generate
from bench.store import COUNTY, emit, new_store
from registry.store import Store
from registry.worklist import OVERDUE, WorkFilter, forget, work_view

METRICS = ("worklist_ms", "worklist_filter_ms", "worklist_next_page_ms",
           "worklist_filter_warm_ms", "worklist_baseline_ms", "worklist_ratio", "generate_s")
SMALL_PEOPLE = 2_000
TOWNSHIP = COUNTY + "100"  # bench.store.villages: the first 100k people are in it

BASELINE = """
SELECT p.id, p.props, (SELECT max(json_extract(v.props, '$.visit_date')) FROM entity v
                       WHERE v.parent = p.id AND v.list = 'visit' AND v.deleted = 0
                         AND v.merged_into IS NULL)
FROM entity p WHERE p.list = 'person' AND p.deleted = 0 AND p.scope GLOB :scope
"""


def best_ms(action: Callable[[], Any], repeats: int) -> tuple[Any, float]:
    """The result and the best time of ``repeats`` runs, in milliseconds."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = action()
        best = min(best, (time.perf_counter() - start) * 1000)
    return result, best


def open_page(store: Store, wanted: WorkFilter, *, cold: bool = True, offset: int = 0
              ) -> tuple[int, int, int]:
    """What the page reads to open (one ``work_view``): first page, filtered count,
    progress and the filters' choices; ``cold``: without the list kept from before."""
    if cold:
        forget(store)
    view = work_view(store, today=AS_OF, scope=TOWNSHIP, wanted=wanted, offset=offset)
    return len(view.rows), view.total, view.progress.required


def measure(store: Store, people: int, repeats: int) -> None:
    """Time the page's reads and the baseline; print the metrics."""
    (shown, total, required), page_ms = best_ms(lambda: open_page(store, WorkFilter()), repeats)
    narrowed = WorkFilter(state=OVERDUE, labour_class="技能劳动力")
    (_, filtered, _), filter_ms = best_ms(lambda: open_page(store, narrowed), repeats)
    open_page(store, WorkFilter())
    (next_shown, _, _), next_ms = best_ms(lambda: open_page(
        store, WorkFilter(), cold=False, offset=200), repeats)
    _, warm_ms = best_ms(lambda: open_page(store, narrowed, cold=False), repeats)
    rows, base_ms = best_ms(lambda: store.db.execute(
        BASELINE, {"scope": TOWNSHIP + "*"}).fetchall(), repeats)
    emit("worklist_ms", page_ms, "ms", people=people, listed=total, shown=shown,
         required=required)
    emit("worklist_filter_ms", filter_ms, "ms", listed=filtered)
    emit("worklist_next_page_ms", next_ms, "ms", shown=next_shown)
    emit("worklist_filter_warm_ms", warm_ms, "ms", listed=filtered)
    emit("worklist_baseline_ms", base_ms, "ms", rows=len(rows))
    emit("worklist_ratio", page_ms / base_ms, "ratio")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m bench.worklist")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--small", action="store_true", help=f"{SMALL_PEOPLE} people")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    people = SMALL_PEOPLE if args.small else min(args.people, 100_000)
    with tempfile.TemporaryDirectory() as tmp_name:
        store = new_store(Path(tmp_name) / "township")
        try:
            emit("generate_s", generate(store, people), "s", people=people)
            measure(store, people, args.repeats)
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
