"""A witness over the real nats-server: the relay publishes the ledger's checkpoints on
`niangjia-ledger.Checkpoint` in a stream of their own, and an integrator holding only the public key
proves that an event it received from NATS is in a checkpoint it received from NATS (with a proof
from the projections service's HTTP route and niangjia_verifier alone), and finds a forged one out.
The events' stream holds the events alone, each once and in the store's order."""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from niangjia_eventstore import SQLiteEventStore, StreamState
from niangjia_kit.auth import Role, TokenStore
from niangjia_projections.bootstrap import build_app
from niangjia_projections.settings import ProjectionsSettings
from niangjia_relay.checkpoints import CHECKPOINT_SUBJECT
from niangjia_verifier import Checkpoint, ProofError, encode_event, load_public_key, verify_event_in_checkpoint

from tests.integration.relay.conftest import STREAM, RelayRig, wait_for
from tests.support.nats import event_batch, stream_messages

EVENTS = 40
LEDGER = "NIANGJIA_LEDGER"


def _messages(rig: RelayRig, seed: Path, stream: str = STREAM) -> list[tuple[str, bytes, dict[str, str]]]:
    return asyncio.run(stream_messages(rig.nats.url, stream, seed))


def _checkpoints(rig: RelayRig, seed: Path) -> list[dict[str, object]]:
    found = _messages(rig, seed, LEDGER)
    assert {subject for subject, _, _ in found} <= {CHECKPOINT_SUBJECT}
    return [json.loads(body) for _, body, _ in found]


def _encoded(body: bytes, headers: dict[str, str], metadata: bytes) -> bytes:
    envelope = json.loads(headers["Niangjia-Envelope"])
    return encode_event(
        position=envelope["position"],
        event_id=uuid.UUID(envelope["event_id"]),
        stream_id=envelope["stream_id"],
        stream_version=envelope["stream_version"],
        type=envelope["event_type"],
        recorded_at=datetime.fromisoformat(envelope["recorded_at"]),
        data=body,
        metadata=metadata,
    )


def test_an_integrator_proves_an_event_from_nats_in_a_checkpoint_from_nats(rig: RelayRig) -> None:
    store = SQLiteEventStore(rig.store_path)
    for stream_id, events in event_batch(EVENTS):
        store.append_sync(stream_id, events, StreamState.ANY)
    store.close_sync()
    data = rig.tmp / "data"
    rig.settings["NIANGJIA_LEDGER_FILE"] = str(data / "ledger.db")
    _, token = TokenStore(data / "tokens.json").issue("witness", Role.INTEGRATOR)
    auth = {"Authorization": f"Bearer {token}"}
    settings = ProjectionsSettings(data_dir=data, store_url=f"sqlite:///{rig.store_path}", ledger_interval=0.05)
    with TestClient(build_app(settings)) as client:
        relay = rig.start_relay()
        seed = rig.integrator_seed()
        # two streams, each in its own time: the checkpoint may come before the last events do
        wait_for(
            lambda: any(c["tree_size"] == EVENTS for c in _checkpoints(rig, seed)),
            what="the checkpoint of every event on NATS",
        )
        wait_for(lambda: len(_messages(rig, seed)) == EVENTS, what="every event on NATS")
        received = _messages(rig, seed)
        checkpoints = _checkpoints(rig, seed)
        # what the integrator keeps: the public key (published by the operator), and what came from NATS
        public_key = load_public_key(client.get("/ledger/keys", headers=auth).json()["keys"][0]["public_key"])
        checkpoint = next(Checkpoint.from_json(c) for c in checkpoints if c["tree_size"] == EVENTS)
        assert checkpoint.tree_size == EVENTS
        ledger = rig.health(relay)["ledger"]
        assert isinstance(ledger, dict)
        assert ledger["stream"] == LEDGER and ledger["last_tree_size"] == EVENTS
        assert int(ledger["checkpoints_published"]) >= len(checkpoints) and ledger["last_error"] is None
        metrics = httpx.get(relay.url + "/metrics", timeout=5).text
        assert f"niangjia_relay_checkpoint_tree_size {float(EVENTS)}" in metrics
        assert "niangjia_relay_checkpoints_failing 0.0" in metrics
        assert f"niangjia_relay_checkpoints_published_total {float(ledger['checkpoints_published'])}" in metrics
        _, body, headers = next(m for m in received if m[2]["Niangjia-Position"] == "7")
        proof = client.get(
            "/ledger/proofs/inclusion",
            params={"event_id": headers["Nats-Msg-Id"], "tree_size": checkpoint.tree_size},
            headers=auth,
        ).json()
        relay.stop()
    metadata = base64.b64decode(proof["metadata"])
    path = [bytes.fromhex(h) for h in proof["audit_path"]]
    verify_event_in_checkpoint(public_key, checkpoint, _encoded(body, headers, metadata), proof["leaf_index"], path)
    forged = body.replace(b"f0", b"f9") if b"f0" in body else body[:-1] + b" }"
    assert forged != body
    with pytest.raises(ProofError):
        verify_event_in_checkpoint(
            public_key, checkpoint, _encoded(forged, headers, metadata), proof["leaf_index"], path
        )
    assert [int(m[2]["Niangjia-Position"]) for m in received] == list(range(1, EVENTS + 1))  # each once, in order
    # each checkpoint once, in the order the ledger signed them
    sizes = [int(str(c["tree_size"])) for c in checkpoints]
    assert sizes == sorted(sizes) and len({json.dumps(c) for c in checkpoints}) == len(checkpoints)
