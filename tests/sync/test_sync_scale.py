"""Several server processes on one real PostgreSQL: devices routed at random between
them, concurrent pushes and pulls, a worker killed with SIGKILL mid-batch; and
``serve --workers`` (uvicorn workers), refused on SQLite."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit

import psycopg
import pytest
import requests
from county_server import ROOT, Server, free_port
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from prometheus_client.parser import text_string_to_metric_families
from sync_replica import ReferenceReplica, state_of
from test_sync_convergence import machine_for

from sync.client import SyncClient, SyncError, enroll
from sync.protocol import BATCH_MEDIA_TYPE, encode_batch, make_batch
from sync.server.auth import create_enrolment
from sync.server.db import database_url, open_engine

pytestmark = pytest.mark.postgres

V1 = "330102001001"
DAY_MS = 86_400_000


class RandomRoute(requests.Session):
    """A session sending each request to a worker picked at random (a load balancer);
    ``first`` (if given) takes the first request."""

    def __init__(self, urls: list[str], rng: random.Random, first: str | None = None) -> None:
        super().__init__()
        self.urls, self.rng, self.first = urls, rng, first

    def request(self, method, url, *args, **kwargs):  # noqa: ANN001, ANN201
        base, self.first = self.first or self.rng.choice(self.urls), None
        parts = urlsplit(url)
        return super().request(method, base + parts.path, *args, **kwargs)


class Cluster:
    """Four ``bangfu-server serve`` processes (as four hosts) on one PostgreSQL database."""

    def __init__(self, tmp_path, db: str, n: int = 4, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        self.servers = [Server(tmp_path / f"host{i}", db) for i in range(n)]
        self.engine = self.servers[0].engine
        self.db = db

    def start(self) -> None:
        """Start every worker."""
        for srv in self.servers:
            srv.start()

    def stop(self) -> None:
        """kill -9 every worker."""
        for srv in self.servers:
            srv.kill()
            srv.engine.dispose()

    @property
    def urls(self) -> list[str]:
        """The live workers' URLs."""
        return [s.url for s in self.servers if s.proc and s.proc.poll() is None]

    @property
    def url(self) -> str:
        """A live worker picked at random (each use picks again)."""
        return self.rng.choice(self.urls)

    def enrol(self, device: str, scope: str, role: str = "village") -> str:
        """Enrol a device through a random worker; its token."""
        code = create_enrolment(self.engine, name=f"n-{device}", role=role, scope=scope)
        return enroll(self.url, code=code, device_id=device)["token"]

    def client_options(self) -> dict:
        """SyncClient options routing each request of a device to a random worker."""
        return {"session": RandomRoute(self.urls, random.Random(self.rng.random()))}


@pytest.fixture
def cluster(postgres, tmp_path):
    c = Cluster(tmp_path, postgres.new_database())
    c.start()
    yield c
    c.stop()


def _pull_all(url: str, token: str) -> list[str]:
    ids, cursor, more = [], 0, True
    while more:
        page = requests.get(url + "/v1/pull", params={"cursor": cursor, "limit": 500},
                            headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
        ids += [c["id"] for c in page["changes"]]
        cursor, more = page["cursor"], page["more"]
    return ids


def test_the_convergence_machine_across_four_processes(cluster):
    """The hypothesis convergence machine with every request routed at random."""
    run_state_machine_as_test(machine_for(cluster), settings=settings(
        max_examples=5, stateful_step_count=20, deadline=None,
        suppress_health_check=list(HealthCheck)))


class Watcher(threading.Thread):
    """Pulls by cursor from random workers while others write; each change kept once."""

    def __init__(self, cluster: Cluster, token: str) -> None:
        super().__init__(daemon=True)
        self.cluster, self.token = cluster, token
        self.seen: list[str] = []
        self.cursor = 0
        self.stop = threading.Event()
        self.pages = 0

    def run(self) -> None:
        while not self.stop.is_set():
            self.pull_once()

    def pull_once(self) -> None:
        """One page after the cursor, from a random worker."""
        page = requests.get(self.cluster.url + "/v1/pull",
                            params={"cursor": self.cursor, "limit": 50},
                            headers={"Authorization": f"Bearer {self.token}"}, timeout=30)
        page.raise_for_status()
        body = page.json()
        self.seen += [c["id"] for c in body["changes"]]
        self.cursor = body["cursor"]
        self.pages += 1


def test_concurrent_devices_on_four_processes_converge_and_no_pull_skips(cluster):
    rng = random.Random(7)
    n_dev, rounds = 6, 5
    reps, clients = [], []
    for i in range(n_dev):
        token = cluster.enrol(f"c{i}", V1)
        rep = ReferenceReplica(f"c{i}", V1, clock_offset_ms=rng.randint(-3, 3) * DAY_MS)
        reps.append(rep)
        clients.append(SyncClient(cluster.url, token, rep, batch_size=4, pull_limit=7,
                                  retries=3, backoff_s=0.05, **cluster.client_options()))
    watchers = [Watcher(cluster, cluster.enrol(f"w{i}", V1)) for i in range(2)]
    made: list = []
    made_lock = threading.Lock()
    errors: list[BaseException] = []

    def device(i: int) -> None:
        local = random.Random(i)
        try:
            for _ in range(rounds):
                for _ in range(local.randint(3, 12)):
                    change = reps[i].edit(f"h{local.randint(0, 15)}", f"p{local.randint(0, 2)}",
                                          local.randint(0, 99), settle=local.random() < 0.3)
                    with made_lock:
                        made.append(change)
                result = clients[i].sync()
                assert not result.cancelled
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    for w in watchers:
        w.start()
    threads = [threading.Thread(target=device, args=(i,)) for i in range(n_dev)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for w in watchers:
        w.stop.set()
        w.join(30)
    assert not errors, errors
    for _ in range(2):
        for client in clients:
            assert client.sync().checked
    made_ids = {c.change_id for c in made}
    journal = _pull_all(cluster.url, clients[0].http.headers["Authorization"].split()[1])
    assert len(journal) == len(set(journal)), "a change was stored twice"
    assert set(journal) == made_ids, "an acknowledged change was lost"
    for w in watchers:
        assert w.pages > 3  # it pulled while the devices pushed
        before = len(w.seen)
        while True:  # catch up from where it stopped: no change may be missing behind it
            w.pull_once()
            if len(w.seen) == before:
                break
            before = len(w.seen)
        assert len(w.seen) == len(set(w.seen)), "a pull served a change twice"
        assert set(w.seen) == made_ids, "a pull by cursor skipped a change"
    expected = state_of(made)
    for rep in reps:
        assert rep.snapshot_state() == expected
        assert not rep.pending_changes(1)


def _wait_for(predicate, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def _waiting_on_flags(admin: psycopg.Connection) -> bool:
    return admin.execute(
        "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
        " WHERE c.relname = 'flags' AND NOT l.granted").fetchone()[0] > 0


def test_a_worker_killed_mid_batch_loses_nothing_acknowledged_and_applies_nothing_twice(
        cluster):
    w1, w2, w3, _w4 = cluster.servers
    # B has changes acknowledged before anything goes wrong
    rep_b = ReferenceReplica("kb", V1)
    client_b = SyncClient(w3.url, cluster.enrol("kb", V1), rep_b, retries=3, backoff_s=0.05)
    for i in range(30):
        rep_b.edit(f"b{i}", "size", i)
    assert client_b.sync().pushed == 30
    # A's clock is a month ahead, so its batch raises clock_ahead flags: the flags
    # insert is the last write of a batch, where the test holds it (after its change
    # sets, states and links are written, before commit) ...
    rep_a = ReferenceReplica("ka", V1, clock_offset_ms=30 * DAY_MS)
    for i in range(200):
        rep_a.edit(f"a{i % 50}", f"p{i % 4}", i)
    client_a = SyncClient(w1.url, cluster.enrol("ka", V1), rep_a, retries=4, backoff_s=0.2,
                          session=RandomRoute([w2.url], random.Random(1), first=w1.url))
    admin = psycopg.connect(cluster.db)
    admin.execute("LOCK TABLE flags IN SHARE MODE")  # inserts into flags wait
    results: dict[str, object] = {}
    push_a = threading.Thread(target=lambda: results.update(a=client_a.sync()))
    push_a.start()
    _wait_for(lambda: _waiting_on_flags(admin), "worker 1 to be mid-batch")
    # ... meanwhile B pushes through another worker: it waits for the write turn
    for i in range(30, 40):
        rep_b.edit(f"b{i}", "size", i)
    push_b = threading.Thread(target=lambda: results.update(b=client_b.sync()))
    push_b.start()
    w1.kill()  # SIGKILL, mid-batch
    admin.commit()  # let the dead worker's transaction run into its closed connection
    admin.close()
    push_a.join(60)
    push_b.join(60)
    result_a, result_b = results["a"], results["b"]
    assert result_a.pushed == 200 and result_a.checked  # resent to worker 2, applied once
    assert result_b.pushed == 10 and result_b.checked
    ids = _pull_all(w2.url, client_b.http.headers["Authorization"].split()[1])
    assert len(ids) == len(set(ids)), "a change was applied twice"
    made = {c.change_id for r in (rep_a, rep_b) for c in r.journal.values()}
    assert set(ids) == made, "an acknowledged change was lost"
    with cluster.engine.connect() as conn:
        per_set = conn.exec_driver_sql(
            "SELECT set_id, count(*) FROM change_sets GROUP BY set_id HAVING count(*) > 1"
        ).all()
        flagged = conn.exec_driver_sql(
            "SELECT change_id, count(*) FROM flags GROUP BY change_id HAVING count(*) > 1"
        ).all()
        batches = conn.exec_driver_sql("SELECT count(*) FROM batches WHERE device_id = 'ka'"
                                       ).scalar()
    assert per_set == [] and flagged == []
    assert batches == 1
    # the batch sent again is a replay, not a second application
    rep_a.requeue_acknowledged()
    batch = make_batch(rep_a.pending_sets(10**9), device="ka")  # as the client made it
    token_a = client_a.http.headers["Authorization"]
    reply = requests.post(w2.url + "/v1/push", data=encode_batch(batch), timeout=30,
                          headers={"Authorization": token_a, "Content-Type": BATCH_MEDIA_TYPE})
    assert reply.status_code == 200 and reply.json()["replayed"] is True
    assert sorted(_pull_all(w2.url, token_a.split()[1])) == sorted(ids)


def test_one_code_enrols_one_device_when_two_processes_race(cluster):
    w1, w2 = cluster.servers[:2]
    code = create_enrolment(cluster.engine, name="n-race", role="village", scope=V1)
    admin = psycopg.connect(cluster.db)
    admin.execute("SELECT 1 FROM enrolments FOR UPDATE")  # both exchanges wait at their update
    outcomes: list[object] = []

    def exchange(url: str, device: str) -> None:
        try:
            outcomes.append(enroll(url, code=code, device_id=device)["token"])
        except SyncError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=exchange, args=(w.url, f"race{i}"))
               for i, w in enumerate((w1, w2))]
    for t in threads:
        t.start()
    with psycopg.connect(cluster.db, autocommit=True) as watch:  # activity seen live
        _wait_for(lambda: watch.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            " AND query LIKE 'UPDATE enrolments%'").fetchone()[0] == 2, "both exchanges")
    admin.commit()
    admin.close()
    for t in threads:
        t.join(30)
    tokens = [o for o in outcomes if isinstance(o, str)]
    refused = [o for o in outcomes if isinstance(o, SyncError)]
    assert len(tokens) == 1 and len(refused) == 1 and refused[0].status == 403
    with cluster.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM devices").scalar() == 1


# -- serve --workers ---------------------------------------------------------------
def _serve(data, *extra: str, port: int | None = None) -> tuple[subprocess.Popen, str]:
    port = port or free_port()
    proc = subprocess.Popen([sys.executable, "-m", "sync.server.cli", "serve", "--data",
                             str(data), "--port", str(port), *extra], cwd=ROOT,
                            stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/v1/health", timeout=1)
            return proc, url
        except requests.ConnectionError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode()[-2000:]) from None
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def _children(pid: int) -> list[int]:
    """The uvicorn worker processes of the server ``pid`` (not multiprocessing helpers)."""
    with open(f"/proc/{pid}/task/{pid}/children") as fh:
        pids = [int(p) for p in fh.read().split()]
    workers = []
    for child in pids:
        try:
            with open(f"/proc/{child}/cmdline", "rb") as fh:
                if b"spawn_main" in fh.read():
                    workers.append(child)
        except FileNotFoundError:
            pass
    return workers


def _metric(text: str, name: str, **labels: str) -> float:
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v
                                           for k, v in labels.items()):
                total += sample.value
    return total


def test_serve_workers_on_postgres_shares_the_port_survives_a_killed_worker_and_sums_metrics(
        postgres, tmp_path):
    db = postgres.new_database()
    proc, url = _serve(tmp_path / "srv", "--db", db, "--workers", "2")
    engine = open_engine(database_url(tmp_path / "srv", db))
    try:
        _wait_for(lambda: len(_children(proc.pid)) >= 2, "two workers")
        rep = ReferenceReplica("sw", V1)
        code = create_enrolment(engine, name="n-sw", role="village", scope=V1)
        token = enroll(url, code=code, device_id="sw")["token"]
        client = SyncClient(url, token, rep, batch_size=5, retries=5, backoff_s=0.1)
        for i in range(20):
            rep.edit(f"s{i}", "size", i)
        assert client.sync().pushed == 20
        pulls = 0
        for _ in range(12):  # new connections: the kernel spreads them over both workers
            assert requests.get(url + "/v1/digest", timeout=10,
                                headers={"Authorization": f"Bearer {token}"}).ok
            pulls += 1
        victim = _children(proc.pid)[-1]
        os.kill(victim, signal.SIGKILL)
        _wait_for(lambda: victim not in _children(proc.pid)
                  and len(_children(proc.pid)) >= 2, "a new worker")
        for i in range(20, 30):
            rep.edit(f"s{i}", "size", i)
        assert client.sync().pushed == 10
        assert sorted(_pull_all(url, token)) == sorted(rep.journal)
        text = requests.get(url + "/metrics", timeout=10).text
        # the counts of the two live workers summed (the killed one's files are kept)
        assert _metric(text, "bangfu_http_requests_total", route="/v1/digest",
                       status="200") >= pulls
        assert _metric(text, "bangfu_changes_stored_total") == 30
        assert _metric(text, "bangfu_change_set_rows") >= 30
        assert _metric(text, "bangfu_devices_seen_1d") == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        engine.dispose()


def test_workers_above_one_are_refused_on_sqlite_and_a_second_sqlite_server_too(tmp_path):
    refused = subprocess.run([sys.executable, "-m", "sync.server.cli", "serve", "--data",
                              str(tmp_path / "s"), "--port", str(free_port()),
                              "--workers", "3"], cwd=ROOT, capture_output=True, text=True,
                             timeout=60)
    assert refused.returncode == 2
    assert "SQLite is served by one process" in refused.stderr
    assert "--db postgresql://" in refused.stderr
    proc, _url = _serve(tmp_path / "s")
    try:
        second = subprocess.run([sys.executable, "-m", "sync.server.cli", "serve", "--data",
                                 str(tmp_path / "s"), "--port", str(free_port())], cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 2
        assert "another bangfu-server is serving this database" in second.stderr
    finally:
        proc.kill()
        proc.wait()


def test_the_scale_benchmark_runs_small_and_loses_nothing(postgres):
    from bench.scale import METRICS

    out = subprocess.run([sys.executable, "-m", "bench.scale", "--small", "--db",
                          postgres.new_database()], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert {r["metric"] for r in lines} == set(METRICS)
    assert {r["workers"] for r in lines if r["metric"].startswith("scale_")} == {1, 2}
    assert all(r["value"] == 0 for r in lines if r["metric"] == "scale_lost")
    assert all(r["acked"] == 8 * 50 for r in lines if r["metric"] == "scale_lost")
    ratio = [r for r in lines if r["metric"] == "scale_ratio_to_1_worker"]
    assert ratio[0]["value"] == 1.0 and ratio[1]["value"] > 0
    # The province: 10 counties of one county's sets each; the laptop got exactly its own
    # (the bench exits non-zero if it holds any other number of people).
    by = {r["metric"]: r for r in lines if r["metric"].startswith("province_")}
    sync = by["province_first_sync_s"]
    assert by["province_load_s"]["change_sets"] == 10 * sync["records"] > 0
    assert sync["people"] == 200 and sync["value"] > 0
    assert by["province_first_sync_ratio"]["value"] > 0
