"""The relay's /health while NATS has not answered yet: 503, it cannot publish; never a 500."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from niangjia_eventstore.memory import InMemoryEventStore
from niangjia_relay.bootstrap import build_app
from niangjia_relay.settings import RelaySettings

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
