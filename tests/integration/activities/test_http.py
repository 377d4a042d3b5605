"""The HTTP API in-process: answers, errors, idempotency, scopes, and what lands in the store."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from niangjia_contracts import CareActivityCorrected, CareActivityHeld, decode_recorded
from niangjia_eventstore import RecordedEvent

from tests.integration.activities.conftest import Service, bearer
from tests.integration.activities.support import WUJIN, dissolved, founded, opened
from tests.support.processes import token_id
from tests.support.samples import ACTIVITY_BODY

ACTIVITY: dict[str, Any] = {**ACTIVITY_BODY, "location": "永川区商会大楼"}


def stream(service: Service, stream_id: str) -> list[RecordedEvent]:
    store = service.records()
    try:
        return store.read_stream_sync(stream_id)
    finally:
        store.close_sync()


def hold(service: Service, token: str | None = None, **changes: Any) -> Any:
    return service.client.post(
        "/care-activities", json={**ACTIVITY, **changes}, headers=bearer(token or service.recorder)
    )


@pytest.fixture
def seeded(service: Service) -> Service:
    service.seed(founded("f1"), founded("wj1", region=WUJIN), opened("mh1", host="f1"))
    return service


def test_holding_answers_201_and_records_the_event_with_its_envelope(seeded: Service) -> None:
    correlation = str(uuid.uuid4())
    response = seeded.client.post(
        "/care-activities",
        json={**ACTIVITY, "activity_id": "a1"},
        headers=bearer(seeded.yongchuan_recorder, **{"X-Correlation-ID": correlation}),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["id"] == "a1"
    assert (body["stream_id"], body["stream_version"]) == ("care_activity-a1", 0)
    [recorded] = stream(seeded, "care_activity-a1")
    record = decode_recorded(recorded)
    assert isinstance(record.event, CareActivityHeld)
    assert record.event.region == "重庆市/永川区"
    assert str(record.event.goods_value_yuan) == "8600.00"
    assert record.envelope.actor == token_id(seeded.yongchuan_recorder)
    assert str(record.envelope.correlation_id) == correlation
    assert record.envelope.occurred_on.isoformat() == "2024-02-08"
    assert record.envelope.source == "activities"
    assert body["position"] == recorded.position
    assert body["event_ids"] == [str(recorded.event_id)]


def test_without_an_id_one_is_derived_and_a_retry_with_the_same_key_appends_nothing(seeded: Service) -> None:
    headers = bearer(seeded.recorder, **{"Idempotency-Key": "act-2024-0001"})
    first = seeded.client.post("/care-activities", json=ACTIVITY, headers=headers)
    again = seeded.client.post("/care-activities", json=ACTIVITY, headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert first.json()["id"].startswith("act-")
    assert len(stream(seeded, first.json()["stream_id"])) == 1


def test_the_folded_state_is_served_with_money_as_a_string(seeded: Service) -> None:
    activity = hold(seeded, goods_value_yuan=12.5).json()["id"]
    view = seeded.client.get(f"/care-activities/{activity}", headers=bearer(seeded.reporter))
    assert view.status_code == 200
    assert view.json()["goods_value_yuan"] == "12.50"
    assert view.json()["status"] == "held"
    assert view.json()["organiser_kind"] == "federation"


def test_a_micro_home_organises_an_activity(seeded: Service) -> None:
    response = hold(seeded, organiser_id="mh1", held_on="2024-03-08")
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"goods_value_yuan": "12.345"}, "goods_value_yuan"),
        ({"goods_value_yuan": 12.345}, "goods_value_yuan"),
        ({"goods_value_yuan": "-1"}, "goods_value_yuan"),
        ({"goods_value_yuan": "NaN"}, "goods_value_yuan"),
        ({"goods_value_yuan": "Infinity"}, "goods_value_yuan"),
        ({"goods_value_yuan": "lots"}, "goods_value_yuan"),
        ({"goods_value_yuan": True}, "goods_value_yuan"),
        ({"goods_value_yuan": "1e30"}, "goods_value_yuan"),
        ({"people_served": -1}, "people_served"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"campaign": "autumn"}, "campaign"),
        ({"held_on": "2024-02-30"}, "held_on"),
        ({"organiser_id": "../etc"}, "organiser_id"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(seeded: Service, changes: dict[str, Any], field: str) -> None:
    response = hold(seeded, **changes)
    assert response.status_code == 422, response.text
    assert field in [f["field"] for f in response.json()["error"]["fields"]]


def test_money_may_be_a_json_number_or_string_with_up_to_two_places(seeded: Service) -> None:
    for value, expected in [(100, "100.00"), (99.9, "99.90"), ("0.01", "0.01"), ("199800", "199800.00")]:
        activity = hold(seeded, goods_value_yuan=value).json()["id"]
        view = seeded.client.get(f"/care-activities/{activity}", headers=bearer(seeded.reporter)).json()
        assert view["goods_value_yuan"] == expected


def test_a_campaign_of_another_quarter_is_a_422_with_a_stable_code(seeded: Service) -> None:
    response = hold(seeded, held_on="2024-08-01")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "campaign_not_of_quarter"
    assert error["expected"] == "autumn_health"
    assert error["fields"][0]["field"] == "campaign"


def test_a_date_in_the_future_is_a_422(seeded: Service) -> None:
    response = hold(seeded, held_on="2025-01-01", campaign=None)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "held_in_future"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"organiser_id": "nobody"}, "unknown_organiser"),
        ({"held_on": "2024-01-09"}, "organiser_not_yet_founded"),
        ({"organiser_id": "mh1", "held_on": "2024-02-29"}, "organiser_not_yet_founded"),
    ],
)
def test_organiser_rules_are_409s_that_say_which(seeded: Service, changes: dict[str, Any], code: str) -> None:
    response = hold(seeded, **changes)
    assert response.status_code == 409, response.text
    assert response.json()["error"]["code"] == code


def test_an_activity_of_a_dissolved_federation_is_a_409(seeded: Service) -> None:
    seeded.seed(dissolved("f1", on="2024-02-07"))
    response = hold(seeded)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "organiser_dissolved"


def test_an_organiser_founded_a_moment_ago_is_found_after_a_short_wait(seeded: Service) -> None:
    seeded.seed(founded("brand-new"))
    assert hold(seeded, organiser_id="brand-new").status_code == 201


def test_tokens_roles_and_scopes_are_checked_before_anything_is_recorded(seeded: Service) -> None:
    assert seeded.client.post("/care-activities", json=ACTIVITY).status_code == 401
    assert hold(seeded, token="nj_nope_nope").status_code == 401
    assert hold(seeded, token=seeded.reporter).status_code == 403
    outside = hold(seeded, token=seeded.wujin_recorder)  # an organiser beyond the scope: as unknown
    unknown = hold(seeded, token=seeded.wujin_recorder, organiser_id="nobody")
    assert outside.status_code == unknown.status_code == 409
    assert outside.json()["error"]["code"] == unknown.json()["error"]["code"] == "unknown_organiser"
    assert hold(seeded, token=seeded.wujin_recorder, organiser_id="wj1").status_code == 201
    store = seeded.records()
    try:
        types = [e.type for e in store.read_all_sync(0, 100)]
    finally:
        store.close_sync()
    assert types.count("CareActivityHeld") == 1


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
