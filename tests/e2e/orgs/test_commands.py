"""Concurrency, idempotency and bad input against the running service: nothing wrong is appended."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from niangjia_contracts import FederationDissolved, decode_recorded

from tests.e2e.orgs.bad_requests import bad_requests, federation
from tests.e2e.orgs.conftest import Orgs, bearer

pytestmark = pytest.mark.e2e


@pytest.fixture
def client(orgs: Orgs) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=orgs.url, headers=bearer(orgs.recorder), timeout=30) as client:
        yield client


def found(client: httpx.Client, **changes: Any) -> str:
    response = client.post("/federations", json=federation(**changes))
    assert response.status_code == 201, response.text
    federation_id: str = response.json()["id"]
    return federation_id


def last_position(orgs: Orgs) -> int:
    store = orgs.store()
    try:
        return store.last_position_sync()
    finally:
        store.close_sync()


def test_twenty_concurrent_dissolutions_record_exactly_one(orgs: Orgs, client: httpx.Client) -> None:
    federation_id = found(client)

    async def dissolve_all() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=orgs.url, headers=bearer(orgs.recorder), timeout=30) as concurrent:
            body = {"dissolved_on": "2024-02-01", "reason": "商圈改造"}
            path = f"/federations/{federation_id}/dissolution"
            return list(await asyncio.gather(*(concurrent.post(path, json=body) for _ in range(20))))

    responses = asyncio.run(dissolve_all())
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 19, [r.text for r in responses]
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {"federation_already_dissolved"}
    store = orgs.store()
    try:
        events = [decode_recorded(r).event for r in store.read_stream_sync(f"federation-{federation_id}")]
    finally:
        store.close_sync()
    assert [type(e) for e in events].count(FederationDissolved) == 1
    assert len(events) == 2


def test_a_retry_with_the_same_idempotency_key_gets_the_first_answer_and_records_nothing(
    orgs: Orgs, client: httpx.Client
) -> None:
    key = {"Idempotency-Key": f"found-{uuid.uuid4()}"}
    first = client.post("/federations", json=federation(), headers=key)
    assert first.status_code == 201
    before = last_position(orgs)
    again = client.post("/federations", json=federation(), headers=key)
    assert (again.status_code, again.json()) == (201, first.json())
    assert last_position(orgs) == before

    path = f"/federations/{first.json()['id']}/dissolution"
    dissolve_key = {"Idempotency-Key": "dissolve-once"}
    dissolved = client.post(path, json={"dissolved_on": "2024-02-01", "reason": "x"}, headers=dissolve_key)
    assert dissolved.status_code == 201
    before = last_position(orgs)
    retried = client.post(path, json={"dissolved_on": "2024-02-01", "reason": "x"}, headers=dissolve_key)
    assert (retried.status_code, retried.json()) == (201, dissolved.json())
    assert last_position(orgs) == before

    # the same key for a different federation id is a different request: refused, nothing recorded
    reused = client.post("/federations", json=federation(federation_id=f"other-{uuid.uuid4().hex[:8]}"), headers=key)
    assert reused.status_code == 422 and reused.json()["error"]["code"] == "idempotency_key_mismatch"
    assert last_position(orgs) == before
    # so is the same key with another value for the same federation, and the same key on a follow-up
    changed = client.post("/federations", json={**federation(), "women_members": 999}, headers=key)
    assert changed.status_code == 422 and changed.json()["error"]["code"] == "idempotency_key_mismatch"
    other = client.post(path, json={"dissolved_on": "2024-02-02", "reason": "x"}, headers=dissolve_key)
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_mismatch"
    reordered = client.post(path, json={"reason": "x", "dissolved_on": "2024-02-01"}, headers=dissolve_key)
    assert (reordered.status_code, reordered.json()) == (201, dissolved.json())  # the same request, keys reordered
    assert last_position(orgs) == before


def test_bad_input_gets_a_clear_4xx_and_appends_nothing(orgs: Orgs, client: httpx.Client) -> None:
    existing = found(client)
    before = last_position(orgs)
    failures = []
    for what, request, status, detail in bad_requests(orgs, existing):
        with httpx.Client(base_url=orgs.url, timeout=30) as bare:
            response = bare.post(**request)
        error = response.json().get("error", {})
        named = {f["field"] for f in error.get("fields", [])} | {
            f["field"].split(".")[0] for f in error.get("fields", [])
        }
        if response.status_code != status or not error.get("message") or detail not in {error.get("code"), *named}:
            failures.append((what, response.status_code, response.text[:300]))
    assert failures == []
    assert last_position(orgs) == before


def test_reading_needs_a_reporting_role_and_the_region(orgs: Orgs, client: httpx.Client) -> None:
    existing = found(client)
    with httpx.Client(base_url=orgs.url, timeout=10) as bare:
        assert bare.get(f"/federations/{existing}", headers=bearer(orgs.reporter)).status_code == 200
        assert bare.get(f"/federations/{existing}", headers=bearer(orgs.integrator)).status_code == 403
        beyond = bare.get(f"/federations/{existing}", headers=bearer(orgs.yueqing_recorder))
        ghost = bare.get("/federations/ghost", headers=bearer(orgs.yueqing_recorder))
        assert beyond.status_code == ghost.status_code == 404  # beyond the scope: as unknown, no oracle
        assert beyond.json()["error"]["code"] == ghost.json()["error"]["code"]
        assert bare.get(f"/federations/{existing}").status_code == 401
        assert bare.get("/micro-homes/none", headers=bearer(orgs.admin)).status_code == 404
        metrics = bare.get("/metrics").text
    assert 'niangjia_commands_total{command="FoundFederation",outcome="accepted"}' in metrics
    assert "niangjia_append_seconds_bucket" in metrics
