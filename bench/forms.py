"""Form engine benchmark: ``python -m bench.forms [--small]`` prints JSON lines {"metric", "value", "unit"}.

A generated 349-field form (chains of calculations, relevance, constraints, warnings, a
repeat with per-instance calculations and an aggregate; ``form_fields`` counts its fields) is
filled one keystroke at a time; ``keystroke_p95_ms`` (and ``keystroke_median_ms``) is the 95th
percentile (the median) of one ``set_value`` with everything that depends
on it recomputed. ``full_recompute_ms`` re-runs every compiled expression;
``naive_full_recompute_ms`` re-parses every expression first. Both in the same run.
``open_ms`` builds and shows the widgets (``desktop.forms.FormWidget``, offscreen) of a
200-question form whose repeat holds 10 members (target: 150 ms or less).
``--small`` takes fewer samples of the same forms (``SMALL``: seconds) for CI's check.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import openpyxl

from forms.engine import FormSession
from forms.loader import load_form

METRICS = ("form_fields", "keystroke_p95_ms", "keystroke_median_ms", "full_recompute_ms",
           "naive_full_recompute_ms", "open_ms")
FULL = {"keystrokes": 400, "full": 15, "naive": 5, "opens": 9}
SMALL = {"keystrokes": 40, "full": 3, "naive": 2, "opens": 2}
FIELDS = 349
HEADER = ["type", "name", "label::zh", "label::en", "relevant", "constraint", "calculation", "warning", "required"]
REPEAT_ROWS = [
    ["begin_repeat", "members", "成员", "Members", "", "", "", "", ""],
    ["text", "m_name", "姓名", "Name", "", "", "", "", "yes"],
    ["integer", "m_age", "年龄", "Age", "", ". >= 0 and . < 120", "", "", ""],
    ["integer", "m_income", "收入", "Income", "${m_age} >= 16", ". >= 0", "", "", ""],
    ["calculate", "m_adult", "", "", "", "", "if(${m_age} >= 16, 1, 0)", "", ""],
    ["calculate", "m_share", "", "", "", "", "${m_income} div 12", "", ""],
    ["date", "m_start", "开始", "Start", "${m_adult} = 1", ". <= today()", "", "", ""],
    ["decimal", "m_months", "月数", "Months", "", ". <= 12", "", "", ""],
    ["select_one yn", "m_export", "有组织", "Organised", "${m_income} > 0", "", "", "", ""],
    ["text", "m_note", "备注", "Note", "", "string-length(.) < 200", "", "", ""],
    ["end_repeat", "", "", "", "", "", "", "", ""],
    ["calculate", "total_income", "", "", "", "", "sum(${m_income})", "", ""],
]


OPEN_FIELDS = 200
OPEN_MEMBERS = 10


def generated_rows(total: int = FIELDS) -> list[list[str]]:
    """Survey rows of a form with ``total`` fields (calculations, relevance, a repeat)."""
    repeat_fields = sum(1 for row in REPEAT_ROWS if not row[0].endswith("_repeat"))
    rows = [HEADER] + [_flat_row(i) for i in range(total - repeat_fields)]
    return rows + REPEAT_ROWS


def _flat_row(i: int) -> list[str]:
    name, label = f"f{i}", [f"问题{i}", f"Q{i}"]
    if i % 5 == 0:
        warning = f". > ${{f{max(i - 5, 0)}}} div 2" if i else ""
        return ["integer", name, *label, "", ". >= 0", "", warning, ""]
    if i % 5 == 1:
        return ["calculate", name, "", "", "", "", f"coalesce(${{f{i - 1}}}, 0) * 2 + 1", "", ""]
    if i % 5 == 2:
        return ["text", name, *label, f"${{f{i - 1}}} > 10", "string-length(.) <= 50", "", "", ""]
    if i % 5 == 3:
        return ["select_one yn", name, *label, f"${{f{i - 3}}} != ''", "", "", "", ""]
    return ["decimal", name, *label, f"selected(${{f{i - 1}}}, 'y')", f". <= ${{f{i - 4}}} * 10", "", "", ""]


def write_form(path: Path, total: int = FIELDS) -> Path:
    """Write the generated form as an .xlsx file."""
    workbook = openpyxl.Workbook()
    survey = workbook.active
    survey.title = "survey"
    for row in generated_rows(total):
        survey.append(row)
    choices = workbook.create_sheet("choices")
    for row in (["list_name", "name", "label"], ["yn", "y", "是"], ["yn", "n", "否"]):
        choices.append(row)
    workbook.save(path)
    return path


def _millis(action: Callable[[], object], repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def _keystrokes(session: FormSession, count: int) -> list[float]:
    inputs = [e.key for e in session.form.elements() if e.kind == "field" and e.type in ("integer", "decimal")]
    chooser = random.Random(7)
    timings = []
    for n in range(count):
        key = chooser.choice(inputs).replace("members/", f"members[{chooser.randint(1, 5)}]/")
        start = time.perf_counter()
        session.set_value(key, str(n % 97))
        timings.append((time.perf_counter() - start) * 1000)
    return timings


class _DraftGateway:
    """Stands in for the store: no entity lists, one draft (the members), nothing saved."""

    def __init__(self, draft: dict[str, object]) -> None:
        self.draft = draft

    def entity_lists(self, _form: object, _values: object, done: Callable[[object], None],
                     _failed: object) -> None:
        done({})

    def load_draft(self, _draft_id: str, done: Callable[[object], None], _failed: object) -> None:
        done(self.draft)


def open_timings(repeat: int = 9) -> list[float]:
    """Milliseconds to build and show the widgets of the 200-question, 10-member form."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.forms import FormWidget

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        form = load_form(write_form(Path(folder) / "open.xlsx", OPEN_FIELDS))
    session = FormSession(form)
    for _ in range(OPEN_MEMBERS - 1):
        session.add_repeat("members")
    gateway = _DraftGateway(session.to_draft())
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        widget = FormWidget(form, store_gateway=gateway, draft_id="bench")  # type: ignore[arg-type]
        widget.show()
        app.processEvents()
        timings.append((time.perf_counter() - start) * 1000)
        widget.close()
        widget.deleteLater()
        app.processEvents()
    return timings


def run(samples: dict[str, int] | None = None) -> list[dict[str, object]]:
    """Run the benchmark (``samples`` as in ``FULL``) and return its metrics."""
    samples = samples or FULL
    with tempfile.TemporaryDirectory() as folder:
        form = load_form(write_form(Path(folder) / "bench.xlsx"))
    session = FormSession(form, clock=lambda: datetime(2024, 5, 20))
    for _ in range(4):
        session.add_repeat("members")
    keystrokes = _keystrokes(session, samples["keystrokes"])
    full = _millis(session.recompute_all, samples["full"])
    naive = _millis(session.naive_recompute, samples["naive"])
    return [
        {"metric": "form_fields", "value": sum(1 for e in form.elements() if e.kind == "field"), "unit": "fields"},
        {"metric": "keystroke_p95_ms", "value": round(statistics.quantiles(keystrokes, n=20)[18], 3), "unit": "ms"},
        {"metric": "keystroke_median_ms", "value": round(statistics.median(keystrokes), 3), "unit": "ms"},
        {"metric": "full_recompute_ms", "value": round(statistics.median(full), 3), "unit": "ms"},
        {"metric": "naive_full_recompute_ms", "value": round(statistics.median(naive), 3), "unit": "ms"},
        {"metric": "open_ms", "value": round(statistics.median(open_timings(samples["opens"])), 3), "unit": "ms"},
    ]


def main(argv: list[str] | None = None) -> None:
    """Print the metrics as JSON lines."""
    parser = argparse.ArgumentParser(prog="python -m bench.forms")
    parser.add_argument("--small", action="store_true", help=f"samples {SMALL} (seconds)")
    args = parser.parse_args(argv)
    for metric in run(SMALL if args.small else FULL):
        print(json.dumps(metric))


if __name__ == "__main__":
    main()
