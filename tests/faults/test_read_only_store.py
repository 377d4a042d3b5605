"""A store file that is read-only when the services start (a read-only bind mount over it: root too
is refused): orgs and activities start, say on /health that they cannot write, and answer commands
503 `store_read_only`; once the file is writable again, writes resume without a restart."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from niangjia_eventstore import NewEvent, SQLiteEventStore, StreamState

from tests.e2e.deploy.commands import federation
from tests.faults.filesystem import read_only_file, why_not_mountable
from tests.faults.stack import stored_event_ids
from tests.support.processes import issue_token, sqlite_env, start_service, stop_processes

pytestmark = pytest.mark.e2e


def _post(url: str, token: str, key: str, n: int, language: str = "en") -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key, "Accept-Language": language}
    return httpx.post(f"{url}/federations", json=federation(n), headers=headers, timeout=30)


def test_a_read_only_store_at_start_is_reported_and_writes_resume_once_it_is_writable(tmp_path: Path) -> None:
    reason = why_not_mountable()
    if reason is not None:
        pytest.skip(reason)
    data = tmp_path / "data"
    data.mkdir()
    db = data / "events.db"
    first = SQLiteEventStore(db)  # an existing store with one event
    first.append_sync(
        "note-1", [NewEvent(event_id=__import__("uuid").uuid4(), type="Noted", data=b"{}")], StreamState.NO_STREAM
    )
    first.close_sync()
    admin = issue_token(data / "tokens.json", "admin", "admin")
    env = sqlite_env(data, db)

    services = {}
    try:
        with read_only_file(db):
            for name in ("orgs", "activities"):  # they start, and answer, though they cannot write
                services[name] = start_service(name, env=env, log_dir=tmp_path, health_path="/metrics")
            for name, service in services.items():
                answer = httpx.get(f"{service.url}/health", timeout=5)
                assert answer.status_code == 503, (name, answer.text)
                assert answer.json()["store_fault"] == "store_read_only", answer.text
                assert answer.json()["can_write"] is False
            refused = _post(services["orgs"].url, admin, "key-1", 1)
            assert refused.status_code == 503, refused.text
            assert refused.json()["error"]["code"] == "store_read_only"
            assert "Retry-After" in refused.headers
            chinese = _post(services["orgs"].url, admin, "key-1", 1, language="zh-CN")
            assert chinese.json()["error"]["code"] == "store_read_only"
            assert "只读" in chinese.json()["error"]["message"]
        # writable again
        deadline = time.monotonic() + 10
        statuses: list[int] = []
        while time.monotonic() < deadline:
            statuses = [httpx.get(f"{s.url}/health", timeout=5).status_code for s in services.values()]
            if statuses == [200, 200]:
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"still unhealthy 10 s after the file became writable: {statuses}")
        accepted = _post(services["orgs"].url, admin, "key-1", 1)  # the refused command, retried
        assert accepted.status_code == 201, accepted.text
        assert _post(services["orgs"].url, admin, "key-1", 1).json() == accepted.json()  # answered as the first
        assert all(s.process.poll() is None for s in services.values())  # no restart
    finally:
        stop_processes([s.process for s in services.values()])
    ids, per_stream = stored_event_ids(db)
    assert len(ids) == 2 and per_stream[f"federation-{accepted.json()['id']}"] == 1
