"""Correcting and retracting a care activity over the HTTP API in-process, and what the service tells of itself."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from niangjia_contracts import CareActivityCorrected, decode_recorded

from tests.integration.activities.conftest import ACTIVITY, Service, bearer, hold, stream


def test_correcting_and_retracting(seeded: Service) -> None:
    activity = hold(seeded, activity_id="a1").json()["id"]
    corrected = seeded.client.post(
        f"/care-activities/{activity}/corrections",
        json={"people_served": 150, "goods_value_yuan": "9600", "location": None, "reason": "补录受益人数"},
        headers=bearer(seeded.recorder),
    )
    assert corrected.status_code == 201, corrected.text
    assert corrected.json()["stream_version"] == 1
    view = seeded.client.get(f"/care-activities/{activity}", headers=bearer(seeded.reporter)).json()
    assert (view["people_served"], view["goods_value_yuan"], view["location"], view["corrections"]) == (
        150,
        "9600.00",
        None,
        1,
    )
    [_, recorded] = stream(seeded, "care_activity-a1")
    event = decode_recorded(recorded).event
    assert isinstance(event, CareActivityCorrected)
    assert event.corrected_fields == ("people_served", "goods_value_yuan", "location")
    assert event.title == ACTIVITY["title"]  # the whole record travels with the correction

    retracted = seeded.client.post(
        f"/care-activities/{activity}/retraction", json={"reason": "重复录入"}, headers=bearer(seeded.recorder)
    )
    assert retracted.status_code == 201
    view = seeded.client.get(f"/care-activities/{activity}", headers=bearer(seeded.reporter)).json()
    assert (view["status"], view["retraction_reason"]) == ("retracted", "重复录入")

    again = seeded.client.post(
        f"/care-activities/{activity}/retraction", json={"reason": "x"}, headers=bearer(seeded.recorder)
    )
    assert (again.status_code, again.json()["error"]["code"]) == (409, "already_retracted")
    late = seeded.client.post(
        f"/care-activities/{activity}/corrections",
        json={"volunteers": 1, "reason": "x"},
        headers=bearer(seeded.recorder),
    )
    assert (late.status_code, late.json()["error"]["code"]) == (409, "activity_retracted")
    history = [decode_recorded(e) for e in stream(seeded, "care_activity-a1")]
    assert len(history) == 3
    # Every event of the activity carries its business date: the day it was held.
    assert {r.envelope.occurred_on.isoformat() for r in history} == {"2024-02-08"}


@pytest.mark.parametrize(
    "body",
    [
        {"reason": "nothing given"},
        {"title": None, "reason": "cannot clear a required field"},
        {"volunteers": 3},
        {"volunteers": 3, "reason": "x", "extra": 1},
    ],
)
def test_a_bad_correction_is_a_422(seeded: Service, body: dict[str, Any]) -> None:
    activity = hold(seeded).json()["id"]
    response = seeded.client.post(
        f"/care-activities/{activity}/corrections", json=body, headers=bearer(seeded.recorder)
    )
    assert response.status_code == 422, response.text


def test_a_correction_that_changes_nothing_is_a_409(seeded: Service) -> None:
    activity = hold(seeded).json()["id"]
    response = seeded.client.post(
        f"/care-activities/{activity}/corrections",
        json={"volunteers": 15, "reason": "x"},
        headers=bearer(seeded.recorder),
    )
    assert (response.status_code, response.json()["error"]["code"]) == (409, "nothing_to_correct")


def test_corrections_and_retractions_are_scoped_to_the_activitys_region(seeded: Service) -> None:
    activity = hold(seeded).json()["id"]
    for path, body in [("corrections", {"volunteers": 3, "reason": "x"}), ("retraction", {"reason": "x"})]:
        response = seeded.client.post(
            f"/care-activities/{activity}/{path}", json=body, headers=bearer(seeded.wujin_recorder)
        )
        assert response.status_code == 404  # beyond the scope: as an unknown activity
        assert response.json()["error"]["code"] == "activity_not_found"
    moved = seeded.client.post(
        f"/care-activities/{activity}/corrections",
        json={"organiser_id": "wj1", "reason": "记错了组织"},
        headers=bearer(seeded.yongchuan_recorder),
    )
    # the new organiser lies outside the recorder's scope: as unknown to her as one never founded
    assert (moved.status_code, moved.json()["error"]["code"]) == (409, "unknown_organiser")
    beyond = seeded.client.get(f"/care-activities/{activity}", headers=bearer(seeded.wujin_reporter))
    assert (beyond.status_code, beyond.json()["error"]["code"]) == (404, "activity_not_found")


def test_unknown_activities_are_404(seeded: Service) -> None:
    headers = bearer(seeded.recorder)
    assert seeded.client.get("/care-activities/none", headers=headers).status_code == 404
    assert (
        seeded.client.post("/care-activities/none/retraction", json={"reason": "x"}, headers=headers).status_code == 404
    )
    response = seeded.client.post(
        "/care-activities/none/corrections", json={"volunteers": 1, "reason": "x"}, headers=headers
    )
    assert (response.status_code, response.json()["error"]["code"]) == (404, "activity_not_found")


def test_health_metrics_and_openapi_show_the_registry(seeded: Service) -> None:
    health = seeded.client.get("/health").json()
    assert health["status"] == "ok"
    assert set(health["registry"]) >= {"checkpoint", "store_position", "lag_positions", "organisers"}
    metrics = seeded.client.get("/metrics").text
    assert "niangjia_registry_lag_positions" in metrics
    assert "niangjia_registry_lag_seconds" in metrics
    paths = seeded.client.get("/openapi.json").json()["paths"]
    assert {
        "/care-activities",
        "/care-activities/{activity_id}",
        "/care-activities/{activity_id}/corrections",
        "/care-activities/{activity_id}/retraction",
    } <= set(paths)


def test_concurrent_corrections_each_land_once(seeded: Service) -> None:
    activity = hold(seeded, activity_id="busy").json()["id"]

    async def correct_all() -> list[int]:
        import httpx

        transport = httpx.ASGITransport(app=seeded.client.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            responses = await asyncio.gather(
                *(
                    client.post(
                        f"/care-activities/{activity}/corrections",
                        json={"volunteers": 100 + i, "reason": "并发"},
                        headers=bearer(seeded.recorder),
                    )
                    for i in range(5)
                )
            )
        return [r.status_code for r in responses]

    assert seeded.client.portal is not None
    statuses = seeded.client.portal.call(correct_all)
    assert statuses == [201] * 5
    assert len(stream(seeded, "care_activity-busy")) == 6
