"""The orgs service over a real SQLite file that lost its tail, or holds a changed event: a command
is refused with 503 and the code (localised), nothing is written, and /health says why."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from niangjia_eventstore import EventCorrupted, SQLiteEventStore
from niangjia_orgs.bootstrap import OrgsSettings
from niangjia_orgs.bootstrap import build_app as orgs_app

from tests.support.processes import issue_token
from tests.support.samples import FOUNDING_BODY
from tests.support.sqlite_files import run_sql

WUJIN = "江苏省/常州市/武进区"


def _federation(n: int) -> dict[str, object]:
    return {**FOUNDING_BODY, "federation_id": f"f{n}", "name": f"第{n}妇联", "women_members": 4321}


def _positions(db: Path) -> int:
    store = SQLiteEventStore(db)
    try:
        return store.last_position_sync()
    finally:
        store.close_sync()


def _refused(data: Path, recorder: str, code: str) -> None:
    db = data / "events.db"
    before = _positions(db)
    settings = OrgsSettings(data_dir=data, store_url=f"sqlite:///{db}")
    with TestClient(orgs_app(settings, today=lambda: date(2025, 1, 1)), raise_server_exceptions=False) as orgs:
        headers = {"Authorization": f"Bearer {recorder}", "Idempotency-Key": "after-the-fault"}
        answer = orgs.post("/federations", json=_federation(9), headers=headers)
        assert answer.status_code == 503, answer.text
        assert answer.json()["error"]["code"] == code
        chinese = orgs.post("/federations", json=_federation(9), headers={**headers, "Accept-Language": "zh-CN"})
        assert chinese.status_code == 503 and "事件库" in chinese.json()["error"]["message"]
        health = orgs.get("/health")
        assert health.status_code == 503 and health.json()["status"] == code
    assert _positions(db) == before


def _recorded(data: Path, recorder: str, count: int) -> None:
    settings = OrgsSettings(data_dir=data, store_url=f"sqlite:///{data / 'events.db'}")
    with TestClient(orgs_app(settings, today=lambda: date(2025, 1, 1)), raise_server_exceptions=False) as orgs:
        for n in range(count):
            answer = orgs.post("/federations", json=_federation(n), headers={"Authorization": f"Bearer {recorder}"})
            assert answer.status_code == 201, answer.text
        assert orgs.get("/health").json()["status"] == "ok"


def test_a_truncated_store_refuses_commands_with_store_regressed(tmp_path: Path) -> None:
    recorder = issue_token(tmp_path / "tokens.json", "recorder", "recorder", WUJIN)
    _recorded(tmp_path, recorder, 4)
    run_sql(tmp_path / "events.db", "DELETE FROM events WHERE position > 2")
    _refused(tmp_path, recorder, "store_regressed")


def test_a_store_with_a_changed_event_refuses_commands_once_a_read_found_it(tmp_path: Path) -> None:
    recorder = issue_token(tmp_path / "tokens.json", "recorder", "recorder", WUJIN)
    _recorded(tmp_path, recorder, 3)
    run_sql(
        tmp_path / "events.db",
        "UPDATE events SET data = CAST(replace(CAST(data AS TEXT), '4321', '9321') AS BLOB) WHERE position = 2",
    )
    reader = SQLiteEventStore(tmp_path / "events.db")
    try:
        assert reader.read_all_sync(0, 1)  # the first event reads
        with pytest.raises(EventCorrupted) as found:
            reader.read_all_sync(0, 10)
        assert (found.value.code, found.value.position) == ("event_corrupted", 2)
    finally:
        reader.close_sync()
    _refused(tmp_path, recorder, "event_corrupted")
