"""A hostile client's bad input, class by class: each is a 422 naming the field and the reason's
type, in the API's error shape, and nothing reaches the store; no integer a client can send is a 500."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.hostile._strict_fixtures import ACTIVITY, FOUNDING, Services, running_services


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    with running_services(tmp_path_factory.mktemp("bad-input")) as running:
        yield running


def refused(response: Any, field: str, kind: str) -> None:
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_request", error
    assert {"field": field, "type": kind} in [{"field": f["field"], "type": f["type"]} for f in error["fields"]], error


BODY_CASES = [
    ("women_members", "40", "int_strict"),
    ("women_members", True, "int_strict"),
    ("women_members", 40.5, "int_strict"),
    ("women_members", 10**30, "less_than_equal"),
    ("women_members", -1, "greater_than_equal"),
    ("founded_on", 0, "date_format"),
    ("founded_on", 1717200000, "date_format"),
    ("founded_on", "1717200000", "date_format"),
    ("founded_on", "2024-06-01T00:00:00", "date_format"),
    ("founded_on", "0001-01-01", "date_out_of_range"),
    ("founded_on", "1948-12-31", "date_out_of_range"),
    ("founded_on", "2024-02-30", "date_invalid"),
    ("founded_on", "2025-01-01", "future_date"),
    ("name", "妇联\x00", "control_character"),
    ("name", "\x1b[31m妇联", "control_character"),
    ("name", "妇联\x07", "control_character"),
    ("host_organisation", "市场\u202e联妇", "bidi_control"),
    ("host_organisation", "市场\u2067联妇", "bidi_control"),
    ("region", f"{FOUNDING['region']}/../村", "value_error"),
    ("region", f"{FOUNDING['region']}/./村", "value_error"),
    ("region", "江苏省／常州市／武进区", "unknown_region"),
    ("region", f"{FOUNDING['region']}/\x1b村", "value_error"),
    ("region", f"{FOUNDING['region']}/村\u202e", "value_error"),
]


def test_names_are_recorded_in_nfc(services: Services) -> None:
    response = services.orgs.post(
        "/federations",
        json={**FOUNDING, "federation_id": "nfc", "name": "Cafe\u0301 妇联"},
        headers=services.headers(services.recorder),
    )
    assert response.status_code == 201, response.text
    shown = services.orgs.get("/federations/nfc", headers=services.headers(services.recorder)).json()
    assert shown["name"] == "Caf\u00e9 妇联"


ACTIVITY_CASES = [
    ("people_served", "120", "int_strict"),
    ("volunteers", True, "int_strict"),
    ("held_on", 1717200000, "date_format"),
    ("held_on", 0, "date_format"),
    ("held_on", "1900-02-08", "date_out_of_range"),
    ("goods_value_yuan", True, "value_error"),
    ("title", "慰问\u202e活动", "bidi_control"),
    ("title", "慰问\x00活动", "control_character"),
]

NEW_RECORD_CASES = [
    *[pytest.param("orgs", "/federations", FOUNDING, *case, id=f"founding-{i}") for i, case in enumerate(BODY_CASES)],
    *[
        pytest.param("activities", "/care-activities", ACTIVITY, *case, id=f"activity-{i}")
        for i, case in enumerate(ACTIVITY_CASES)
    ],
]


@pytest.mark.parametrize(("service", "path", "body", "field", "value", "kind"), NEW_RECORD_CASES)
def test_a_new_record_with_a_bad_value_is_refused_and_records_nothing(
    services: Services, service: str, path: str, body: dict[str, Any], field: str, value: Any, kind: str
) -> None:
    before = services.last_position()
    client = services.orgs if service == "orgs" else services.activities
    response = client.post(path, json={**body, field: value}, headers=services.headers(services.recorder))
    refused(response, field, kind)
    assert services.last_position() == before


QUERY_CASES = [
    ("/counts", "as_of", "0", "date_format"),
    ("/counts", "as_of", "1717200000", "date_format"),
    ("/counts", "as_of", "0001-01-01", "date_out_of_range"),
    ("/counts", "known_at", "0", "datetime_format"),
    ("/counts", "known_at", "1717200000", "datetime_format"),
    ("/counts", "known_at", "0001-01-01T00:00:00Z", "date_out_of_range"),
    ("/counts", "since", "1717200000", "date_format"),
    ("/counts", "min_position", str(2**63), "less_than_equal"),
    ("/audit/log", "recorded_from", "0", "datetime_format"),
    ("/audit/log", "after", str(10**30), "less_than_equal"),
    ("/feed", "after", str(2**63), "less_than_equal"),
    ("/feed", "after", str(10**30), "less_than_equal"),
    ("/feed", "after", "-1", "greater_than_equal"),
    ("/feed", "limit", str(2**64), "less_than_equal"),
    ("/feed/stream", "after", str(2**63), "less_than_equal"),
]


@pytest.mark.parametrize(("path", "name", "value", "kind"), QUERY_CASES)
def test_a_query_with_a_bad_value_is_refused(services: Services, path: str, name: str, value: str, kind: str) -> None:
    token = {"/feed": services.integrator, "/feed/stream": services.integrator, "/audit/log": services.auditor}
    response = services.projections.get(
        path, params={name: value}, headers=services.headers(token.get(path, services.reporter))
    )
    refused(response, name, kind)


@pytest.mark.parametrize("region", ["江苏省/../浙江省", "江苏省／常州市", "江苏省/常州\x00市", "江苏省/常州\u202e市"])
@pytest.mark.parametrize(("path", "role"), [("/counts", "reporter"), ("/feed", "integrator")])
def test_a_region_filter_is_checked_like_a_region(services: Services, region: str, path: str, role: str) -> None:
    response = services.projections.get(
        path, params={"region": region}, headers=services.headers(getattr(services, role))
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == "region"


@pytest.mark.parametrize("value", ["9" * 20, str(2**63), str(2**62 + 1), "1e3", "-1", "²", "١٢"])
def test_a_last_event_id_beyond_a_position_is_a_clear_error(services: Services, value: str) -> None:
    headers: dict[str, str | bytes] = {**services.headers(services.integrator), "Last-Event-ID": value.encode()}
    response = services.projections.get("/feed/stream", headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] in {"invalid_header", "invalid_request"}


def test_a_good_founding_reaches_the_store_the_suite_watches(services: Services) -> None:
    """The store the suite watches is the one the services write to: "nothing appended" means something."""
    before = services.last_position()
    response = services.orgs.post(
        "/federations", json={**FOUNDING, "federation_id": "ok"}, headers=services.headers(services.recorder)
    )
    assert response.status_code == 201, response.text
    assert services.last_position() == before + 1


FOLLOW_UP_CASES = [
    ("orgs", "/federations/f1/inspections", {"inspected_on": 0, "finding": "active"}, "inspected_on", "date_format"),
    (
        "orgs",
        "/federations/f1/inspections",
        {"inspected_on": "2024-01-01", "finding": "active", "remark": "\x1b[2J"},
        "remark",
        "control_character",
    ),
    (
        "orgs",
        "/federations/f1/dissolution",
        {"dissolved_on": "1717200000", "reason": "x"},
        "dissolved_on",
        "date_format",
    ),
    (
        "orgs",
        "/members",
        {"federation_id": "f1", "role": "chair", "appointed_on": "2023-03-08", "personal": {"name": "张\u202e敏"}},
        "personal.name",
        "bidi_control",
    ),
    (
        "orgs",
        "/members",
        {"federation_id": "f1", "role": "chair", "appointed_on": True, "personal": {"name": "张敏"}},
        "appointed_on",
        "date_format",
    ),
    (
        "activities",
        "/care-activities/a1/corrections",
        {"people_served": "12", "reason": "x"},
        "people_served",
        "int_strict",
    ),
    ("activities", "/care-activities/a1/corrections", {"held_on": 1717200000, "reason": "x"}, "held_on", "date_format"),
    (
        "activities",
        "/care-activities/a1/corrections",
        {"volunteers": 3, "reason": "核对\x00"},
        "reason",
        "control_character",
    ),
]


@pytest.mark.parametrize(("service", "path", "body", "field", "kind"), FOLLOW_UP_CASES)
def test_a_follow_up_with_a_bad_value_is_refused_and_records_nothing(
    services: Services, service: str, path: str, body: dict[str, Any], field: str, kind: str
) -> None:
    held = services.activities.post(
        "/care-activities", json={**ACTIVITY, "activity_id": "a1"}, headers=services.headers(services.recorder)
    )
    assert held.status_code == 201 or held.json()["error"]["code"] == "activity_exists", held.text
    before = services.last_position()
    client = services.orgs if service == "orgs" else services.activities
    refused(client.post(path, json=body, headers=services.headers(services.recorder)), field, kind)
    assert services.last_position() == before
