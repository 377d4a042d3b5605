"""The operator's routes over HTTP: the status (a service not configured, one unreachable, the
projections' positions, the latest checkpoint) for the admin only; the stream browser for auditors
and the admin, by prefix and event type, paged, bounded by a scoped token's region."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.integration.projections.serving import auth, serving
from tests.unit.projections.harness import Recorded, at, corrected, founded, held, inspected

FAR = "浙江省/温州市/乐清市"
HISTORY = [
    Recorded(at("2024-01-02"), founded("zone")),
    Recorded(at("2024-01-03"), inspected("zone", "2024-01-03", "active")),
    *[Recorded(at("2024-01-03"), founded(f"e{i}")) for i in range(4)],
    Recorded(at("2024-01-04"), founded("far", region=FAR)),
    Recorded(at("2024-02-05"), held("a1", "zone", "2024-02-01")),
    Recorded(at("2024-03-05"), corrected("a1", "zone", "2024-02-01", people=7)),
]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    closed = f"http://127.0.0.1:{_closed_port()}"
    with serving(tmp_path_factory.mktemp("operator"), HISTORY, ledger=False, orgs_url=closed) as served:
        yield served


def test_the_status_tells_each_service_and_projection(service: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = service
    assert client.get("/operator/status", headers=auth(tokens["auditor"])).status_code == 403
    body = client.get("/operator/status", headers=auth(tokens["admin"])).json()
    assert body["services"]["orgs"]["reachable"] is False
    assert body["services"]["activities"] == {"configured": False, "status": "not_configured"}
    assert body["services"]["projections"]["store_position"] == len(HISTORY)
    names = {p["name"]: p for p in body["projections"]}
    assert names["audit"]["checkpoint"] == len(HISTORY) and names["audit"]["lag_events"] == 0
    assert body["checkpoint"] == {"missing": "no_ledger"}  # this service runs no ledger


def test_streams_by_prefix_and_type_paged(service: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = service
    assert client.get("/operator/streams", headers=auth(tokens["reporter"])).status_code == 403
    everything = client.get("/operator/streams", headers=auth(tokens["auditor"])).json()
    assert everything["count"] == 7
    federations = client.get("/operator/streams?prefix=federation-", headers=auth(tokens["auditor"])).json()
    assert [s["stream_id"] for s in federations["items"]][:2] == ["federation-e0", "federation-e1"]
    assert all(s["stream_id"].startswith("federation-") for s in federations["items"])
    inspected_ = client.get("/operator/streams?event_type=FederationInspected", headers=auth(tokens["auditor"]))
    assert [(s["stream_id"], s["events"]) for s in inspected_.json()["items"]] == [("federation-zone", 2)]
    first = client.get("/operator/streams?limit=3", headers=auth(tokens["auditor"])).json()
    rest = client.get(f"/operator/streams?after={first['next_after']}", headers=auth(tokens["auditor"])).json()
    assert first["count"] + rest["count"] == 7


def test_a_stream_events_with_envelopes(service: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = service
    stream = client.get("/operator/streams/care_activity-a1", headers=auth(tokens["admin"])).json()
    assert [e["event_type"] for e in stream["items"]] == ["CareActivityHeld", "CareActivityCorrected"]
    assert stream["items"][1]["stream_version"] == 1 and stream["items"][1]["actor"] == "alice"
    assert stream["items"][1]["data"]["people_served"] == 7
    page = client.get("/operator/streams/care_activity-a1?after=0&limit=1", headers=auth(tokens["admin"])).json()
    assert [e["stream_version"] for e in page["items"]] == [1]
    assert client.get("/operator/streams/nothing-here", headers=auth(tokens["admin"])).status_code == 404
    assert client.get("/operator/streams/x?limit=0", headers=auth(tokens["admin"])).status_code == 422


def test_a_scoped_auditor_sees_her_region_streams_only(service: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = service
    mine = client.get("/operator/streams", headers=auth(tokens["town_auditor"])).json()
    assert "federation-far" not in [s["stream_id"] for s in mine["items"]] and mine["count"] == 6
    assert client.get("/operator/streams/federation-far", headers=auth(tokens["town_auditor"])).status_code == 404
    zone = client.get("/operator/streams/federation-zone", headers=auth(tokens["town_auditor"])).json()
    assert zone["events"] == 2  # the inspection names no region; the federation's region holds


def test_without_a_ledger_its_routes_answer_the_documented_404(service: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = service
    documented = client.get("/openapi.json").json()["paths"]
    for path, params in (
        ("/ledger/checkpoints/latest", {}),
        ("/ledger/checkpoints", {}),
        ("/ledger/keys", {}),
        ("/ledger/proofs/consistency", {"from_size": 0, "to_size": 0}),
        ("/ledger/proofs/inclusion", {"tree_size": 1, "position": 1}),
    ):
        answer = client.get(path, params=params, headers=auth(tokens["auditor"]))
        assert (answer.status_code, answer.json()["error"]["code"]) == (404, "no_ledger"), path
        assert "404" in documented[path]["get"]["responses"], path
    status = client.get("/ledger/status", headers=auth(tokens["auditor"]))
    assert status.status_code == 200 and status.json()["latest_checkpoint"] is None
