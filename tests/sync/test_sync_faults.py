"""Faults: kill -9 of the client mid-push and mid-pull, server restart mid-batch,
truncated and corrupt bodies. Nothing lost, nothing applied twice, sync resumes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import requests
from sync_replica import FileReplica, ReferenceReplica

from sync.client import SyncClient
from sync.protocol import BATCH_MEDIA_TYPE, encode_batch, make_batch

V1 = "330102001001"
CHILD = """
import sys, time
sys.path[:0] = [{root!r}, {tests!r}]
from sync_replica import FileReplica
from sync.client import SyncClient
rep = FileReplica.load({path!r})
def report(phase, done, total):
    print(phase, done, flush=True)  # the parent kills us after a few of these
    time.sleep(0.03)
client = SyncClient({url!r}, {token!r}, rep, batch_size=5, pull_limit=5, progress=report)
client.sync()
"""


def _journal_ids(server, token):
    ids, cursor, more = [], 0, True
    while more:
        page = requests.get(server.url + "/v1/pull", params={"cursor": cursor},
                            headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
        ids += [c["id"] for c in page["changes"]]
        cursor, more = page["cursor"], page["more"]
    return ids


def _file_replica(tmp_path, device, n_edits):
    rep = FileReplica(device, V1)
    rep.path = str(tmp_path / f"{device}.pickle")
    for i in range(n_edits):
        rep.edit(f"h{i % 40}", "size", i)
    rep._save()
    return rep


def _kill_child(server, rep, token, phase, reports=3):
    """Run a sync in a child process and kill -9 it once it has reported ``reports``
    steps of ``phase`` (not after a fixed delay: a loaded machine starts the child slowly)."""
    root = str(__import__("pathlib").Path(__file__).resolve().parents[2])
    code = CHILD.format(root=root, tests=str(__import__("pathlib").Path(__file__).parent),
                        path=rep.path, url=server.url, token=token)
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    killer = threading.Timer(120, child.kill)  # a child that never reports must not hang
    killer.start()
    seen = 0
    for line in child.stdout:
        seen += line.split()[0] == phase
        if seen >= reports:
            break
    child.kill()
    child.wait()
    killer.cancel()
    child.stdout.close()
    assert seen >= reports, f"the child reported {seen} {phase} steps before it ended"
    return FileReplica.load(rep.path)


def test_kill_client_mid_push_and_mid_pull(server, tmp_path):
    token_a = server.enrol("dev-a", V1)
    rep = _file_replica(tmp_path, "dev-a", 120)
    made = set(rep.journal)
    rep = _kill_child(server, rep, token_a, "push")
    on_server = _journal_ids(server, token_a)
    assert len(on_server) == len(set(on_server))
    assert set(on_server) <= made
    assert not SyncClient(server.url, token_a, rep).sync().repaired
    assert sorted(_journal_ids(server, token_a)) == sorted(made)
    assert not rep.pending_changes(1)

    token_b = server.enrol("dev-b", V1)
    rep_b = FileReplica("dev-b", V1)
    rep_b.path = str(tmp_path / "dev-b.pickle")
    rep_b.cursor = 0  # pull page by page instead of bootstrapping
    rep_b._save()
    rep_b = _kill_child(server, rep_b, token_b, "pull")
    assert 0 < len(rep_b.journal) < len(made) or rep_b.cursor
    result = SyncClient(server.url, token_b, rep_b).sync()
    assert result.checked and not result.repaired
    assert rep_b.snapshot_state() == rep.snapshot_state()


def test_server_restart_mid_batch(server):
    token = server.enrol("dev-a", V1)
    rep = ReferenceReplica("dev-a", V1)
    for i in range(3000):
        rep.edit(f"h{i}", "size", i)
    client = SyncClient(server.url, token, rep, batch_size=300, retries=30, backoff_s=0.1,
                        max_backoff_s=0.5)
    results = []
    worker = threading.Thread(target=lambda: results.append(client.sync()))
    worker.start()
    time.sleep(0.4)
    server.restart()
    worker.join(120)
    assert results and results[0].checked and not results[0].repaired
    ids = _journal_ids(server, token)
    assert len(ids) == len(set(ids)) == 3000
    reader = ReferenceReplica("dev-r", V1)
    SyncClient(server.url, server.enrol("dev-r", V1), reader).sync()
    assert reader.snapshot_state() == rep.snapshot_state()


def test_truncated_and_corrupt_bodies_store_nothing(server):
    token = server.enrol("dev-a", V1)
    rep = ReferenceReplica("dev-a", V1)
    changes = [rep.edit(f"h{i}", "size", i) for i in range(20)]
    body = encode_batch(make_batch(changes, device="dev-a"))
    headers = {"Authorization": f"Bearer {token}", "Content-Type": BATCH_MEDIA_TYPE}
    for bad in (body[:len(body) // 2], body[:-3], body[:30] + b"\x00" * 8 + body[38:], b""):
        reply = requests.post(server.url + "/v1/push", data=bad, headers=headers, timeout=10)
        assert reply.status_code == 400
    assert _journal_ids(server, token) == []
    assert SyncClient(server.url, token, rep).sync().pushed == 20
    assert len(_journal_ids(server, token)) == 20
