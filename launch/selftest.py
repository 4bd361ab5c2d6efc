"""``bangfu --selftest``: the whole chain once, on synthetic data, in a temporary folder.

It runs where the app runs (a source checkout or the PyInstaller bundle) and needs no
network but 127.0.0.1. Steps, in order (``STEPS``):

- ``profile``: create an encrypted profile (real Argon2id key slot, SQLCipher file), check
  the file is not plain SQLite, and unlock it again with the passphrase;
- ``forms``: load every built-in form (``forms/builtin/*.xlsx``);
- ``followup``: write a synthetic household, fill the employment follow-up for one of its
  people and submit it through ``registry.submissions`` (one journaled transaction);
- ``sync``: start the real county server app with uvicorn in this process on a free port
  of 127.0.0.1, enrol the device with a one-time code, sync, and pull the follow-up into a
  second (county) profile: it must arrive as it was written;
- ``rules``: load the built-in policy packs and the profile's own (``registry.policy``),
  evaluate the follow-up's person on ``RULES_DAY`` (a day the built-in packs for the
  profile's region are in force): it must be a real evaluation, every answer with its
  conditions; then compute the profile's alerts (``registry.alerts``) as of the visit day:
  the person just visited is not overdue;
- ``ledger-export``: write the village monthly ledger of the visit's month to a temporary
  ``.xlsx`` (``registry.ledgers.exports``), read it back with openpyxl: the person's row is
  there with the follow-up's employer, the ID number masked and nowhere in full;
- ``demo-server``: start the demo's embedded county server as the app does
  (:class:`desktop.embedded_server.EmbeddedServer`: a child process, which in the bundle is
  the bundle's own executable) and enrol the profile with it.

It prints one summary line and exits 0, or prints the step that failed and exits 1.
No Qt here: ``launch.main`` appends the Qt step ``window`` (``desktop.app.window_step``)
through ``run(extra=...)``.

Adding a step (as ``rules`` and ``ledger-export`` were added when their issues landed):
write ``def _step(ctx: Context) -> str`` that does the real work on ``ctx`` (``ctx.store``
is the unlocked profile, ``ctx.visit_id`` the submitted follow-up, ``ctx.folder`` a temporary
folder to write into), raises on any problem and returns a short note for the summary; then
add ``Step("name", _step)`` to ``STEPS`` at its place in the chain. Steps share state only
through ``Context``; put anything to stop or close in ``ctx.cleanups``.
"""

from __future__ import annotations

import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from registry.demo import DEMO_VILLAGE, household_ops
from registry.demo_data import generate_village
from registry.keyslots import KdfParams
from registry.profile import Profile
from registry.store import Store

USER = "selftest"
PASSPHRASE = "Selftest-2026"
FOLLOWUP_FORM = "employment_followup"
TODAY = date(2026, 11, 30)
#: A day the built-in packs covering the demo village (Wuyuan, national) are in force.
RULES_DAY = date(2022, 6, 1)


@dataclass
class Context:
    """What the steps share: the temporary folder, the profile, what earlier steps made."""

    folder: Path
    forms_dir: Path
    store: Store | None = None
    forms: dict[str, Any] = field(default_factory=dict)
    visit_id: str | None = None
    visit_props: dict[str, Any] = field(default_factory=dict)
    cleanups: list[Callable[[], None]] = field(default_factory=list)


@dataclass(frozen=True)
class Step:
    """One named step: does its work on the context, returns a note, raises on failure."""

    name: str
    run: Callable[[Context], str]


def _profile(ctx: Context) -> str:
    profile = Profile(ctx.folder / "profile")
    store = profile.create(user=USER, passphrase=PASSPHRASE, scope=DEMO_VILLAGE)
    store.close()
    if profile.db_path.read_bytes()[:16] == b"SQLite format 3\x00":
        raise RuntimeError("档案文件未加密 / the profile file is plain SQLite")
    ctx.store = profile.unlock(USER, PASSPHRASE)
    ctx.cleanups.append(ctx.store.close)
    return "encrypted profile"


def _forms(ctx: Context) -> str:
    from forms.loader import load_form

    paths = sorted(ctx.forms_dir.glob("*.xlsx"))
    if not paths:
        raise RuntimeError(f"没有内置表单 / no built-in forms in {ctx.forms_dir.name}")
    for path in paths:
        try:
            form = load_form(path)
        except Exception as exc:
            raise RuntimeError(f"{path.name}: {exc}") from exc
        ctx.forms[form.form_id] = form
    return f"{len(paths)} forms"


def _followup(ctx: Context) -> str:
    from forms.engine import FormSession
    from registry.submissions import save_submission

    store = _store(ctx)
    households = generate_village(seed=2026, people=4, village_code=DEMO_VILLAGE, today=TODAY)
    store.write(household_ops(households, scope=DEMO_VILLAGE))
    person = next(p for p in store.find("person") if p.props.get("id_number"))
    row = {**person.props, "name": person.id, "label": person.props.get("name") or person.id}
    session = FormSession(ctx.forms[FOLLOWUP_FORM], entity_lists={"person": [row]})
    answers = {"person_id": person.id, "employment_status": "employed", "work/channel": "away",
               "work/work_place": "outside", "work/employer": "自检某厂",
               "work/start_date": "2026-03-01", "work/months_worked": 8,
               "work/monthly_income": 3200, "work/organised_export": "1",
               "services": ["referral"]}
    for path, value in answers.items():
        session.set_value(path, value)
    if issues := session.validate():
        raise RuntimeError(f"表单未通过校验 / form invalid at {issues[0].path}")
    save_submission(store, session.submission(check=False).to_dict())
    visits = store.find("visit")
    if len(visits) != 1 or visits[0].props.get("person_id") != person.id:
        raise RuntimeError("随访记录未保存 / the follow-up visit was not stored")
    ctx.visit_id, ctx.visit_props = visits[0].id, dict(visits[0].props)
    return "follow-up submitted"


def _sync(ctx: Context) -> str:
    from desktop.connection import enrol_store
    from registry.replica import StoreReplica
    from sync.client import SyncClient
    from sync.server.auth import create_enrolment

    store = _store(ctx)
    server = CountyServer(ctx.folder / "county-server")
    ctx.cleanups.append(server.stop)
    server.start()
    code = create_enrolment(server.engine, name="selftest", role="village", scope=DEMO_VILLAGE)
    connection = enrol_store(store, server.url, code)
    pushed = SyncClient(server.url, connection.token, StoreReplica(store)).sync().pushed
    county = Profile(ctx.folder / "county").create(
        user=USER, passphrase=PASSPHRASE, scope=DEMO_VILLAGE[:6], kdf=KdfParams.fast())
    ctx.cleanups.append(county.close)
    code = create_enrolment(server.engine, name="selftest-county", role="county",
                            scope=DEMO_VILLAGE[:6])
    county_connection = enrol_store(county, server.url, code)
    pulled = SyncClient(server.url, county_connection.token, StoreReplica(county)).sync().pulled
    arrived = county.get(ctx.visit_id).props if ctx.visit_id else None
    if arrived != ctx.visit_props:
        raise RuntimeError("县服务器上的随访记录与本机不符 / the visit differs after sync")
    return f"sync {pushed} pushed, {pulled} pulled"


def _rules(ctx: Context) -> str:
    from registry.alerts.store import alerts_for_store
    from registry.policy import evaluate, minimum_wage_of, packs_for
    from registry.policy.facts import people_facts

    store = _store(ctx)
    person_id = _visited(ctx)
    packs = packs_for(store)
    facts = people_facts(store, person_ids=[person_id]).get(person_id)
    if facts is None:
        raise RuntimeError("找不到随访对象的事实 / no facts for the follow-up's person")
    evaluation = evaluate(facts, as_of=RULES_DAY, region=DEMO_VILLAGE, packs=packs,
                          kind="person")
    if evaluation.notice_zh or not evaluation.answers:
        raise RuntimeError(f"政策包未作答 / no rule answered: {evaluation.notice_zh}")
    if any(not a.conditions for a in evaluation.answers):
        raise RuntimeError("有政策答复缺少条件 / an answer has no conditions")
    governing = [a for a in evaluation.answers if a.superseded_by is None]
    visit_day = date.fromisoformat(str(ctx.visit_props["visit_date"]))
    alerts = alerts_for_store(store, as_of=visit_day, min_wage_of=minimum_wage_of(packs))
    if any(a.kind == "visit_overdue" and a.subject == person_id for a in alerts):
        raise RuntimeError("刚走访的人被列为逾期 / the person just visited is overdue")
    return (f"rules {len(packs)} packs, {len(governing)} governing answers, "
            f"{len(alerts)} alerts")


def _ledger_export(ctx: Context) -> str:
    import openpyxl

    from registry.ledgers.exports import write_export
    from registry.masking import mask_id

    store = _store(ctx)
    person = store.get(_visited(ctx))
    visit_day = date.fromisoformat(str(ctx.visit_props["visit_date"]))
    out = ctx.folder / "village-monthly.xlsx"
    rows = write_export(store, "village-monthly", out, month=visit_day.strftime("%Y-%m"),
                        area=None, unmasked=False, today=visit_day)
    id_number = str(person.props["id_number"]) if person else ""
    book = openpyxl.load_workbook(out, read_only=True)
    try:
        cells = [[str(c) for c in row if c is not None]
                 for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    if any(id_number in cell for row in cells for cell in row):
        raise RuntimeError("台账中出现完整身份证号 / a full ID number is in the ledger")
    if not any(mask_id(id_number) in row and "自检某厂" in row for row in cells):
        raise RuntimeError("台账中没有随访对象 / the follow-up's person is not in the ledger")
    return f"ledger export {int(rows)} rows"


def _demo_server(ctx: Context) -> str:
    from desktop.embedded_server import TOKEN_KEY, EmbeddedServer

    store = _store(ctx)
    server = EmbeddedServer(ctx.folder / "demo-server")
    ctx.cleanups.append(server.stop)
    server.start()
    store.set_meta(TOKEN_KEY, None)  # enrol afresh with this server
    server.connect(store)
    if not store.meta(TOKEN_KEY):
        raise RuntimeError("演示县服务器未发放令牌 / the demo server gave no token")
    return "demo server"


STEPS: list[Step] = [
    Step("profile", _profile),
    Step("forms", _forms),
    Step("followup", _followup),
    Step("rules", _rules),
    Step("ledger-export", _ledger_export),
    Step("sync", _sync),
    Step("demo-server", _demo_server),
]


def _store(ctx: Context) -> Store:
    if ctx.store is None:
        raise RuntimeError("no profile (the profile step did not run)")
    return ctx.store


def _visited(ctx: Context) -> str:
    person_id = ctx.visit_props.get("person_id")
    if not person_id:
        raise RuntimeError("no follow-up (the followup step did not run)")
    return str(person_id)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class CountyServer:
    """The real county server app (SQLite in ``data``) served by uvicorn in a thread."""

    def __init__(self, data: Path) -> None:
        from sync.server.db import database_url, open_engine

        self.data = Path(data)
        self.data.mkdir(parents=True, exist_ok=True)
        self.engine = open_engine(database_url(self.data, None))
        self.url = ""
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def start(self, *, timeout_s: float = 30.0) -> None:
        """Serve on a free port of 127.0.0.1; return once it accepts requests."""
        import uvicorn

        from sync.server.app import create_app
        from sync.server.keys import server_public_hex

        app = create_app(self.engine, server_key=server_public_hex(self.data))
        app.state.data_dir = self.data
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                log_config=None)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("县服务器未能启动 / the county server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop serving and release the database."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.engine.dispose()


def run(*, steps: Sequence[Step] | None = None, extra: Sequence[Step] = (),
        forms_dir: Path | None = None) -> tuple[bool, str]:
    """Run the steps in a temporary folder; ``(True, summary)`` or ``(False, what failed)``."""
    import forms

    started = time.perf_counter()
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bangfu-selftest-") as tmp:
        ctx = Context(Path(tmp), forms_dir or Path(forms.__file__).resolve().parent / "builtin")
        try:
            for step in [*(STEPS if steps is None else steps), *extra]:
                step_started = time.perf_counter()
                try:
                    note = step.run(ctx)
                    notes.append(f"{note} ({time.perf_counter() - step_started:.1f} s)")
                except Exception as exc:  # reported by step name, with its cause
                    return False, (f"自检失败 / self-test failed at step '{step.name}': "
                                   f"{type(exc).__name__}: {str(exc)[:300]}")
        finally:
            for cleanup in reversed(ctx.cleanups):
                cleanup()
    seconds = time.perf_counter() - started
    return True, f"自检通过 / self-test passed in {seconds:.1f} s: " + "; ".join(notes)


def main(extra: Sequence[Step] = ()) -> int:
    """Run the self-test, print its one line; 0 if it passed, 1 if not."""
    ok, line = run(extra=extra)
    print(line, file=sys.stdout if ok else sys.stderr, flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
