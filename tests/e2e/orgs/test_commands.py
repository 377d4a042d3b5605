"""Concurrency, idempotency and bad input against the running service: nothing wrong is appended."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from niangjia_contracts import FederationDissolved, decode_recorded

from tests.e2e.orgs.conftest import WUJIN, Orgs, bearer

pytestmark = pytest.mark.e2e


def federation(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "湖塘镇星河COCOcity商圈妇联",
        "kind": "federation",
        "domain": "business_district",
        "level": "town",
        "region": f"{WUJIN}/湖塘镇",
        "host_organisation": "星河COCOcity",
        "founded_on": "2022-08-01",
        "women_members": 210,
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


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


TEN_MB = 10 * 1024 * 1024


def bad_requests(orgs: Orgs, existing: str) -> list[tuple[str, dict[str, Any], int, str]]:
    """(what, request, status, code or field)."""
    future = (date.today() + timedelta(days=3)).isoformat()
    recorder, other = bearer(orgs.recorder), bearer(orgs.yueqing_recorder)
    missing = federation()
    del missing["name"]
    return [
        ("no token", {"url": "/federations", "json": federation(), "headers": {}}, 401, "unauthenticated"),
        (
            "unknown token",
            {"url": "/federations", "json": federation(), "headers": bearer("nj_abc_def")},
            401,
            "invalid_token",
        ),
        (
            "reporter records",
            {"url": "/federations", "json": federation(), "headers": bearer(orgs.reporter)},
            403,
            "forbidden",
        ),
        ("other region founds", {"url": "/federations", "json": federation(), "headers": other}, 403, "out_of_scope"),
        (
            "other region dissolves (the federation is as unknown to it)",
            {
                "url": f"/federations/{existing}/dissolution",
                "json": {"dissolved_on": "2024-01-01", "reason": "x"},
                "headers": other,
            },
            404,
            "federation_not_found",
        ),
        ("missing field", {"url": "/federations", "json": missing, "headers": recorder}, 422, "name"),
        (
            "wrong enum",
            {"url": "/federations", "json": federation(domain="bakery"), "headers": recorder},
            422,
            "domain",
        ),
        (
            "future date",
            {"url": "/federations", "json": federation(founded_on=future), "headers": recorder},
            422,
            "founded_on",
        ),
        (
            "negative count",
            {"url": "/federations", "json": federation(women_members=-1), "headers": recorder},
            422,
            "women_members",
        ),
        (
            "unknown field",
            {"url": "/federations", "json": federation(colour="red"), "headers": recorder},
            422,
            "colour",
        ),
        (
            "bad region",
            {"url": "/federations", "json": federation(region="江苏省//武进区"), "headers": recorder},
            422,
            "region",
        ),
        (
            "not json",
            {"url": "/federations", "content": b"{name:", "headers": {**recorder, "Content-Type": "application/json"}},
            422,
            "invalid_request",
        ),
        (
            "bad correlation id",
            {"url": "/federations", "json": federation(), "headers": {**recorder, "X-Correlation-ID": "nope"}},
            422,
            "X-Correlation-ID",
        ),
        (
            "10 MB body",
            {
                "url": "/federations",
                "content": json.dumps(federation(name="x" * TEN_MB)).encode(),
                "headers": {**recorder, "Content-Type": "application/json"},
            },
            413,
            "body_too_large",
        ),
        (
            "unknown guide",
            {"url": "/federations", "json": federation(guided_by="no-such-park"), "headers": recorder},
            409,
            "guiding_federation_unknown",
        ),
        (
            "inspection before founding",
            {
                "url": f"/federations/{existing}/inspections",
                "json": {"inspected_on": "2020-01-01", "finding": "active"},
                "headers": recorder,
            },
            409,
            "before_founding",
        ),
        (
            "future inspection",
            {
                "url": f"/federations/{existing}/inspections",
                "json": {"inspected_on": future, "finding": "active"},
                "headers": recorder,
            },
            422,
            "inspected_on",
        ),
        (
            "unknown federation",
            {
                "url": "/federations/no-such-fed/recognitions",
                "json": {"recognised_on": "2023-01-01", "level": "city", "title": "t"},
                "headers": recorder,
            },
            404,
            "federation_not_found",
        ),
        (
            "bad path id",
            {
                "url": "/federations/-bad id/dissolution",
                "json": {"dissolved_on": "2023-01-01", "reason": "x"},
                "headers": recorder,
            },
            422,
            "federation_id",
        ),
        (
            "unknown host",
            {
                "url": "/micro-homes",
                "json": {
                    "name": "微家",
                    "setting": "stairwell",
                    "region": WUJIN,
                    "host_federation_id": "nope",
                    "opened_on": "2023-01-01",
                },
                "headers": recorder,
            },
            409,
            "host_federation_unknown",
        ),
        (
            "wrong setting",
            {
                "url": "/micro-homes",
                "json": {
                    "name": "微家",
                    "setting": "castle",
                    "region": WUJIN,
                    "host_federation_id": existing,
                    "opened_on": "2023-01-01",
                },
                "headers": recorder,
            },
            422,
            "setting",
        ),
    ]


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
