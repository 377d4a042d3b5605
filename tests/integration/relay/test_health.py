"""The relay's /health while NATS has not answered yet: 503, it cannot publish; never a 500."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from niangjia_eventstore import SQLiteEventStore, StreamState
from niangjia_eventstore.memory import InMemoryEventStore
from niangjia_relay.bootstrap import build_app
from niangjia_relay.settings import RelaySettings

from tests.integration.relay.conftest import RelayRig
from tests.support.nats import event_batch
from tests.support.processes import free_port


def test_health_before_the_broker_has_connected_says_so(tmp_path: Path) -> None:
    settings = RelaySettings(nats_url=f"nats://127.0.0.1:{free_port()}", data_dir=tmp_path)  # nothing listens
    with TestClient(build_app(settings, store=InMemoryEventStore())) as client:
        answer = client.get("/health")
        metrics = client.get("/metrics")
    assert answer.status_code == 503, answer.text
    assert answer.json()["nats_connected"] is False
    assert answer.json()["status"] == "cannot_publish"
    assert metrics.status_code == 200
    assert "niangjia_relay_nats_connected 0.0" in metrics.text


def test_the_relay_is_unhealthy_while_it_cannot_publish_and_healthy_again_once_caught_up(rig: RelayRig) -> None:
    relay = rig.start_relay()
    store = SQLiteEventStore(rig.store_path)
    try:
        for stream_id, events in event_batch(20):
            store.append_sync(stream_id, events, StreamState.NO_STREAM)
        rig.wait_caught_up(relay, 20, timeout=30)
        assert httpx.get(relay.url + "/health", timeout=5).status_code == 200

        rig.nats.stop()
        for stream_id, events in event_batch(20, prefix="g"):
            store.append_sync(stream_id, events, StreamState.NO_STREAM)
        answer = _wait_status(relay.url, 503, within=30)
        assert answer["status"] == "cannot_publish" and answer["lag"] == 20, answer

        rig.nats.start()  # back on the same port and store: the relay reconnects and catches up
        rig.wait_caught_up(relay, 40, timeout=30)
        healthy = _wait_status(relay.url, 200, within=10)
        assert healthy["lag"] == 0
        # an error of the outage may stay on show, dated, after publishing resumed
        assert (healthy["last_error"] is None) == (healthy["last_error_at"] is None), healthy
    finally:
        store.close_sync()


def _wait_status(url: str, status: int, within: float) -> dict[str, object]:
    deadline = time.monotonic() + within
    while True:
        answer = httpx.get(url + "/health", timeout=5)
        if answer.status_code == status or time.monotonic() > deadline:
            assert answer.status_code == status, answer.text
            body: dict[str, object] = answer.json()
            return body
        time.sleep(0.2)
