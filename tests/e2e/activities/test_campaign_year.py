"""A year of care campaigns over HTTP, with the orgs service recording the organisers:
22 activities, goods summing to 199,800.00 yuan, one corrected, one retracted; dissolved
organisers and other districts are refused; the registry catches up after a restart."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from niangjia_contracts import (
    Campaign,
    CareActivityCorrected,
    CareActivityHeld,
    CareActivityRetracted,
    decode_recorded,
)

from tests.e2e.activities.conftest import WUJIN, YONGCHUAN, Services, bearer
from tests.support.processes import token_id

pytestmark = pytest.mark.e2e

YEAR = 2024
TOTAL = Decimal("199800.00")


def federation(federation_id: str, region: str = YONGCHUAN, founded_on: str = "2024-01-05") -> dict[str, Any]:
    return {
        "federation_id": federation_id,
        "name": f"{federation_id} 商会妇联",
        "kind": "federation",
        "domain": "chamber_of_commerce",
        "level": "town",
        "region": region,
        "host_organisation": "永川区工商联",
        "founded_on": founded_on,
        "women_members": 60,
    }


def found(client: httpx.Client, services: Services, body: dict[str, Any], token: str | None = None) -> None:
    response = client.post(
        services.orgs.url + "/federations", json=body, headers=bearer(token or services.yongchuan_recorder)
    )
    assert response.status_code == 201, response.text


def activity(organiser_id: str, held_on: str, title: str, **changes: Any) -> dict[str, Any]:
    """A small activity's body (outside the campaigns unless `changes` name one)."""
    facts = {"people_served": 12, "volunteers": 2, "goods_value_yuan": "0"}
    return {"organiser_id": organiser_id, "held_on": held_on, "title": title, **facts, **changes}


def campaign_year() -> list[dict[str, Any]]:
    """22 activities: 6, 5, 6 and 5 in the four quarters, goods summing to exactly 199,800.00."""
    per_quarter = [6, 5, 6, 5]
    activities: list[dict[str, Any]] = []
    for quarter, count in enumerate(per_quarter, start=1):
        campaign = Campaign.of_quarter(quarter)
        for n in range(count):
            held_on = date(YEAR, 3 * quarter - 2, 10 + 3 * n)
            activities.append(
                {
                    "organiser_id": "yc-chamber",
                    "held_on": held_on.isoformat(),
                    "title": f"{campaign.value} 第{n + 1}场",
                    "campaign": campaign.value,
                    "service_area": "care_for_women_and_children",
                    "people_served": 80 + 7 * n,
                    "volunteers": 10 + n,
                    "goods_value_yuan": f"{Decimal('8500.00') + Decimal('37.25') * len(activities):.2f}",
                    "location": "永川区",
                }
            )
    last = TOTAL - sum(Decimal(a["goods_value_yuan"]) for a in activities[:-1])
    activities[-1]["goods_value_yuan"] = str(last)
    assert sum(Decimal(a["goods_value_yuan"]) for a in activities) == TOTAL
    return activities


def test_a_year_of_campaigns_lands_exactly_as_commanded(services: Services) -> None:
    activities = campaign_year()
    with httpx.Client(timeout=15.0) as client:
        found(client, services, federation("yc-chamber"))
        ids = []
        for n, body in enumerate(activities):
            # The first activity follows the founding at once: the registry's short wait covers the lag.
            response = client.post(
                services.activities.url + "/care-activities",
                json=body,
                headers={**bearer(services.yongchuan_recorder), "Idempotency-Key": f"yc-{YEAR}-{n}"},
            )
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])
        retry = client.post(
            services.activities.url + "/care-activities",
            json=activities[0],
            headers={**bearer(services.yongchuan_recorder), "Idempotency-Key": f"yc-{YEAR}-0"},
        )
        assert (retry.status_code, retry.json()["id"]) == (201, ids[0])

        corrected = client.post(
            services.activities.url + f"/care-activities/{ids[3]}/corrections",
            json={"people_served": 150, "reason": "补录受益人次"},
            headers=bearer(services.yongchuan_recorder),
        )
        assert corrected.status_code == 201, corrected.text
        retracted = client.post(
            services.activities.url + f"/care-activities/{ids[20]}/retraction",
            json={"reason": "与上一场重复录入"},
            headers=bearer(services.yongchuan_recorder),
        )
        assert retracted.status_code == 201, retracted.text
        view = client.get(services.activities.url + f"/care-activities/{ids[3]}", headers=bearer(services.reporter))
        assert (view.json()["people_served"], view.json()["corrections"]) == (150, 1)

    store = services.store()
    try:
        events = [e for e in store.read_all_sync(0, 10_000) if e.stream_id.startswith("care_activity-")]
        streams = {activity_id: store.read_stream_sync(f"care_activity-{activity_id}") for activity_id in ids}
    finally:
        store.close_sync()
    assert {e.stream_id for e in events} == {f"care_activity-{i}" for i in ids}
    assert Counter(e.type for e in events) == {
        "CareActivityHeld": 22,
        "CareActivityCorrected": 1,
        "CareActivityRetracted": 1,
    }
    held = [decode_recorded(stream[0]).event for stream in streams.values()]
    assert all(isinstance(e, CareActivityHeld) for e in held)
    assert sum(e.goods_value_yuan for e in held if isinstance(e, CareActivityHeld)) == TOTAL
    assert Counter(e.campaign for e in held if isinstance(e, CareActivityHeld)) == {
        Campaign.SPRING_WARMTH: 6,
        Campaign.SUMMER_COOLING: 5,
        Campaign.AUTUMN_HEALTH: 6,
        Campaign.WINTER_SKILLS: 5,
    }
    for n, activity_id in enumerate(ids):
        kinds = [type(decode_recorded(e).event) for e in streams[activity_id]]
        expected: list[type] = [CareActivityHeld]
        expected += [CareActivityCorrected] if n == 3 else []
        expected += [CareActivityRetracted] if n == 20 else []
        assert kinds == expected, activity_id
    envelopes = [decode_recorded(e).envelope for e in events]
    assert {(env.actor, env.source) for env in envelopes} == {(token_id(services.yongchuan_recorder), "activities")}


def test_an_activity_of_a_federation_dissolved_the_day_before_is_refused(services: Services) -> None:
    held_on = date(YEAR, 10, 15)
    with httpx.Client(timeout=15.0) as client:
        found(client, services, federation("yc-dissolving"))
        dissolution = client.post(
            services.orgs.url + "/federations/yc-dissolving/dissolution",
            json={"dissolved_on": (held_on - timedelta(days=1)).isoformat(), "reason": "商会合并"},
            headers=bearer(services.yongchuan_recorder),
        )
        assert dissolution.status_code == 201, dissolution.text
        before = client.get(services.activities.url + "/health").json()["store_position"]
        response = client.post(
            services.activities.url + "/care-activities",
            json=activity("yc-dissolving", held_on.isoformat(), "秋送健康义诊", campaign="winter_skills"),
            headers=bearer(services.yongchuan_recorder),
        )
        assert response.status_code == 409, response.text
        assert response.json()["error"]["code"] == "organiser_dissolved"
        assert client.get(services.activities.url + "/health").json()["store_position"] == before


def test_a_district_recorder_cannot_record_for_an_organiser_in_another_district(services: Services) -> None:
    with httpx.Client(timeout=15.0) as client:
        found(client, services, federation("wj-park", region=f"{WUJIN}/高新区"), token=services.wujin_recorder)
        found(client, services, federation("yc-market"))
        for organiser, token in [("yc-market", services.wujin_recorder), ("wj-park", services.yongchuan_recorder)]:
            response = client.post(
                services.activities.url + "/care-activities",
                json=activity(organiser, f"{YEAR}-05-12", "夏送清凉", campaign="summer_cooling"),
                headers=bearer(token),
            )
            # an organiser beyond the recorder's scope is as unknown to her as one never founded
            assert response.status_code == 409, response.text
            assert response.json()["error"]["code"] == "unknown_organiser"
        allowed = client.post(
            services.activities.url + "/care-activities",
            json=activity("wj-park", f"{YEAR}-05-12", "夏送清凉", campaign="summer_cooling"),
            headers=bearer(services.wujin_recorder),
        )
        assert allowed.status_code == 201, allowed.text


def test_the_registry_catches_up_after_the_activities_service_was_down(services: Services) -> None:
    with httpx.Client(timeout=15.0) as client:
        services.activities.stop()
        found(client, services, federation("yc-while-down", founded_on="2024-06-01"))
        services.restart_activities()
        health = client.get(services.activities.url + "/health").json()
        assert health["registry"]["organisers"] >= 1
        response = client.post(
            services.activities.url + "/care-activities",
            json=activity("yc-while-down", f"{YEAR}-06-02", "开业慰问"),
            headers=bearer(services.yongchuan_recorder),
        )
        assert response.status_code == 201, response.text
