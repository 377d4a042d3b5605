"""Holding a care activity over the HTTP API in-process: answers, errors, idempotency, scopes, and what lands in the store."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from niangjia_contracts import CareActivityHeld, decode_recorded

from tests.integration.activities.conftest import ACTIVITY, Service, bearer, hold, stream
from tests.integration.activities.support import dissolved, founded
from tests.support.processes import token_id


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
    assert error["fields"][0]["suggestion"] == "autumn_health"  # the theme that would do


def test_a_campaign_of_another_quarter_is_told_by_the_themes_names_in_either_language(seeded: Service) -> None:
    body = {**ACTIVITY, "held_on": "2024-08-01"}
    english = seeded.client.post(
        "/care-activities", json=body, headers=bearer(seeded.recorder, **{"Accept-Language": "en"})
    )
    message = english.json()["error"]["message"]
    assert "the theme “spring: warmth” (spring_warmth) is Q1's" in message
    assert "held on 2024-08-01, in Q3, whose theme is “autumn: health” (autumn_health)" in message
    chinese = seeded.client.post(
        "/care-activities", json=body, headers=bearer(seeded.recorder, **{"Accept-Language": "zh-CN"})
    )
    error = chinese.json()["error"]
    assert "该季度的主题是“秋送健康”" in error["message"]
    assert error["fields"][0]["reason"] == "活动主题与举办日期所在季度的主题不符（该季度的主题是“秋送健康”）"


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
