"""A changed byte in one stored event (an SQL UPDATE on the real SQLite file): found on read with
`event_corrupted` and its position, no report served from it, writers refused; found by the
scheduled integrity check too when the read models had applied the event before it changed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from niangjia_eventstore import EventCorrupted, SQLiteEventStore, StreamState
from niangjia_kit.auth import Role, TokenStore
from niangjia_projections.bootstrap import build_app
from niangjia_projections.settings import ProjectionsSettings

from tests.support.sqlite_files import run_sql
from tests.unit.projections.harness import Recorded, at, founded, held, new_event, record_sqlite

HISTORY = [
    *[Recorded(at("2024-01-03"), founded(f"e{i}")) for i in range(3)],
    Recorded(at("2024-02-05"), held("a1", "e1", "2024-02-01", goods="4321.00")),
    Recorded(at("2024-02-06"), founded("e9")),
]
CHANGED = 4  # the position of the activity


def _flip(data: Path) -> None:
    """'4' -> '9' in the stored bytes of one event, as a bad disk or a hand edit would leave them."""
    changed = run_sql(
        data / "events.db",
        "UPDATE events SET data = CAST(replace(CAST(data AS TEXT), '4321.00', '9321.00') AS BLOB) WHERE position = ?",
        CHANGED,
    )
    assert changed == 1


def _reporter(data: Path) -> dict[str, str]:
    return {"Authorization": f"Bearer {TokenStore(data / 'tokens.json').issue('rita', Role.REPORTER)[1]}"}


def _refused(client: TestClient, data: Path) -> None:
    for route in ("/counts", "/campaigns/2024", "/campaigns/2024/Q1"):
        answer = client.get(route, headers=_reporter(data))
        assert answer.status_code == 503, answer.text
        assert answer.json()["error"]["code"] == "event_corrupted"
        assert answer.json()["error"]["position"] == CHANGED
    health = client.get("/health")
    assert health.status_code == 503 and health.json()["status"] == "event_corrupted"
    writer = SQLiteEventStore(data / "events.db")
    try:
        with pytest.raises(EventCorrupted) as refused:
            writer.append_sync("federation-new", [new_event(founded("new"), "alice")], StreamState.NO_STREAM)
        assert refused.value.position == CHANGED
    finally:
        writer.close_sync()


def test_a_changed_event_stops_the_read_models_at_its_position(tmp_path: Path) -> None:
    record_sqlite(tmp_path / "events.db", HISTORY)
    _flip(tmp_path)
    with TestClient(build_app(ProjectionsSettings(data_dir=tmp_path, ledger=False))) as client:
        deadline = time.monotonic() + 10
        while client.get("/health").json().get("status") == "ok" and time.monotonic() < deadline:
            time.sleep(0.05)
        statuses = client.get("/health").json()["projections"]
        assert {s["failure"]["code"] for s in statuses} == {"event_corrupted"}
        assert {s["failure"]["position"] for s in statuses} == {CHANGED}
        assert all(s["checkpoint"] < CHANGED for s in statuses)
        _refused(client, tmp_path)


def test_the_scheduled_integrity_check_finds_an_event_changed_after_it_was_applied(tmp_path: Path) -> None:
    record_sqlite(tmp_path / "events.db", HISTORY)
    settings = ProjectionsSettings(data_dir=tmp_path, ledger=False, integrity_interval=0.2)
    with TestClient(build_app(settings)) as client:
        ok = client.get("/counts", params={"min_position": len(HISTORY)}, headers=_reporter(tmp_path))
        assert ok.status_code == 200
        _flip(tmp_path)
        deadline = time.monotonic() + 10
        while client.get("/health").json()["integrity"]["status"] != "event_corrupted":
            assert time.monotonic() < deadline, client.get("/health").json()
            time.sleep(0.05)
        assert client.get("/health").json()["integrity"]["position"] == CHANGED
        assert "niangjia_store_integrity_ok 0.0" in client.get("/metrics").text
        _refused(client, tmp_path)
