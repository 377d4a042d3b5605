"""What the store already holds is read as it was written: an event recorded before the input rules
were tightened (a founding on 0001-01-01, a region with '..', a name with a control character and
one not in NFC) is still served by every read path, never a 500."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from niangjia_contracts import STORED, CareActivityHeld, FederationFounded
from pydantic import ValidationError

from tests.hostile._strict_fixtures import ACTIVITY, FOUNDING, REGION, Services, running_services

OLD = {
    **FOUNDING,
    "federation_id": "old",
    "name": "Cafe\u0301\x07妇联",
    "region": "江苏省/常州市/武进区/../湖塘镇",
    "founded_on": "0001-01-01",
    "women_members": 40,
}


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    with running_services(tmp_path_factory.mktemp("stored")) as running:
        running.seed(FederationFounded.model_validate(OLD, context=STORED))
        yield running


def test_the_rules_of_today_refuse_it_as_input() -> None:
    with pytest.raises(ValidationError):
        FederationFounded.model_validate(OLD)


def test_the_orgs_service_shows_it(services: Services) -> None:
    response = services.orgs.get("/federations/old", headers=services.headers(services.recorder))
    assert response.status_code == 200, response.text
    shown = response.json()
    assert (shown["founded_on"], shown["name"], shown["region"]) == ("0001-01-01", OLD["name"], OLD["region"])


def test_the_feed_and_the_reports_read_it(services: Services) -> None:
    last = services.last_position()
    feed = services.projections.get(
        "/feed", params={"types": "FederationFounded"}, headers=services.headers(services.integrator)
    )
    assert feed.status_code == 200, feed.text
    assert "old" in [item["event"]["federation_id"] for item in feed.json()["events"]]
    counts = services.projections.get(
        "/counts", params={"min_position": last}, headers=services.headers(services.reporter)
    )
    assert counts.status_code == 200, counts.text
    assert counts.json()["federations"]["total"] >= 2
    audit = services.projections.get("/audit/entities/old", headers=services.headers(services.auditor))
    assert audit.status_code == 200, audit.text


def test_correcting_a_record_that_todays_rules_refuse_is_a_422_naming_the_old_value(services: Services) -> None:
    held = CareActivityHeld.model_validate(
        {
            **ACTIVITY,
            "activity_id": "a-old",
            "organiser_kind": "federation",
            "region": REGION,
            "title": "慰问\x07活动",
        },
        context=STORED,
    )
    services.seed(held)
    before = services.last_position()
    response = services.activities.post(
        "/care-activities/a-old/corrections",
        json={"volunteers": 3, "reason": "核对签到表"},
        headers=services.headers(services.recorder),
    )
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert {"field": "title", "type": "control_character"} in [
        {"field": f["field"], "type": f["type"]} for f in error["fields"]
    ], error
    assert services.last_position() == before
    fixed = services.activities.post(
        "/care-activities/a-old/corrections",
        json={"volunteers": 3, "title": "慰问活动", "reason": "核对签到表"},
        headers=services.headers(services.recorder),
    )
    assert fixed.status_code == 201, fixed.text
