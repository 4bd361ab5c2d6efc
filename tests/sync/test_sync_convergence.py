"""Convergence through the real server: 3 replicas, random edits, deletes, batching,
duplicated and reordered delivery, cut syncs, device clocks off by up to 30 days."""

from __future__ import annotations

import random

import requests
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test
from store_replica import EncryptedReplica
from sync_replica import ReferenceReplica, state_of

from sync.client import SyncClient
from sync.protocol import BATCH_MEDIA_TYPE, encode_batch, make_batch, parse_change

DAY_MS = 86_400_000
_villages = iter(range(1, 999))


def _server_changes(server, token):
    out, cursor, more = [], 0, True
    while more:
        page = requests.get(server.url + "/v1/pull", params={"cursor": cursor, "limit": 500},
                            headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
        out += [parse_change(c) for c in page["changes"]]
        cursor, more = page["cursor"], page["more"]
    return out


def _routing(server):
    """Transport options of a server that routes each request itself (test_sync_scale)."""
    options = getattr(server, "client_options", None)
    return options() if options else {}


def machine_for(server, make_replica=ReferenceReplica):
    """A state machine class bound to one running server and a kind of replica."""

    class Sync(RuleBasedStateMachine):
        @initialize(offsets=st.lists(st.integers(-30, 30), min_size=3, max_size=3),
                    seed=st.integers(0, 2**32))
        def setup(self, offsets, seed):
            self.rng = random.Random(seed)
            n = next(_villages)
            self.scope = f"330102{n // 1000:03d}{n % 1000:03d}"
            self.n = n
            self.reps, self.clients, self.tokens = [], [], []
            for i, off in enumerate(offsets):
                dev = f"d{n}-{i}"
                token = server.enrol(dev, self.scope)
                rep = make_replica(dev, self.scope, clock_offset_ms=off * DAY_MS)
                self.reps.append(rep)
                self.tokens.append(token)
                self.clients.append(SyncClient(server.url, token, rep, batch_size=3,
                                               pull_limit=4, snapshot_limit=2, retries=2,
                                               backoff_s=0.01, **_routing(server)))
            self.made = []
            self.sent = []

        @rule(i=st.integers(0, 2), e=st.integers(0, 3), p=st.integers(0, 1),
              v=st.integers(0, 3), settle=st.booleans())
        def edit(self, i, e, p, v, settle):
            self._made(self.reps[i].edit(f"x{self.n}e{e}", f"p{p}", v, settle=settle))

        @rule(i=st.integers(0, 2), e=st.integers(0, 3))
        def delete(self, i, e):
            self._made(self.reps[i].delete(f"x{self.n}e{e}"))

        def _made(self, change):
            if change is not None:  # the encrypted store may refuse (e.g. edit a deleted record)
                self.made.append(change)

        @rule(i=st.integers(0, 2))
        def sync(self, i):
            self.clients[i].sync()

        @rule(i=st.integers(0, 2), after=st.integers(0, 3))
        def cut_sync(self, i, after):
            client = self.clients[i]
            calls = []

            def progress(_phase, _done, _total):
                calls.append(1)
                if len(calls) > after:
                    client.cancel.set()

            client.progress = progress
            try:
                client.sync()
            finally:
                client.cancel.clear()
                client.progress = lambda *_: None

        @rule(i=st.integers(0, 2))
        def raw_reordered_duplicated_push(self, i):
            """Send a shuffled, duplicated sample of pending changes without acking them."""
            pending = self.reps[i].pending_changes(100)
            if not pending:
                return
            sample = self.rng.sample(pending, self.rng.randint(1, len(pending)))
            sample += sample[:1]
            batch = make_batch(sample, device=self.reps[i].device_id())
            self.sent.append((i, batch))
            self._post(i, batch)

        @rule()
        def replay_old_batch(self):
            if self.sent:
                self._post(*self.rng.choice(self.sent))

        def _post(self, i, batch):
            reply = requests.post(server.url + "/v1/push", data=encode_batch(batch), timeout=30,
                                  headers={"Authorization": f"Bearer {self.tokens[i]}",
                                           "Content-Type": BATCH_MEDIA_TYPE})
            assert reply.status_code == 200, reply.text

        def teardown(self):
            if not hasattr(self, "reps"):
                return
            for _ in range(2):
                for client in self.clients:
                    assert not client.sync().cancelled
            journal = _server_changes(server, self.tokens[0])
            ids = [c.change_id for c in journal]
            assert len(ids) == len(set(ids)), "a change was stored twice"
            assert set(ids) == {c.change_id for c in self.made}, "a change was lost"
            expected = state_of(self.made)
            for rep in self.reps:
                assert rep.snapshot_state() == expected
                assert not rep.pending_changes(1)
            views = [{e: r.view(e) for e in {c.entity_id for c in self.made}}
                     for r in self.reps]
            assert views[0] == views[1] == views[2]

    return Sync


def test_replicas_converge_through_server(server):
    run_state_machine_as_test(machine_for(server), settings=settings(
        max_examples=12, stateful_step_count=25, deadline=None,
        suppress_health_check=list(HealthCheck)))


def test_encrypted_stores_converge_with_a_reference_replica(server, tmp_path):
    """Two real SQLCipher profiles and one reference replica, same machine, same checks."""
    kinds = iter([])

    def make(dev, scope, clock_offset_ms=0):
        nonlocal kinds
        kind = next(kinds, None)
        if kind is None:
            kinds = iter(["encrypted", "encrypted", "reference"])
            kind = next(kinds)
        if kind == "reference":
            return ReferenceReplica(dev, scope, clock_offset_ms=clock_offset_ms)
        return EncryptedReplica(dev, scope, root=tmp_path, clock_offset_ms=clock_offset_ms)

    run_state_machine_as_test(machine_for(server, make), settings=settings(
        max_examples=8, stateful_step_count=25, deadline=None,
        suppress_health_check=list(HealthCheck)))
