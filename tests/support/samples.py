"""Two valid events as an organisation records them: a federation founded and a care activity held,
and the bodies a client posts to found a federation and to hold a care activity.

Tests change a field or two (`founded(domain="market")`); the benchmarks use them as they stand.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from niangjia_contracts import CareActivityHeld, FederationFounded

FOUNDED: dict[str, object] = {
    "federation_id": "wj-gxq",
    "name": "武进国家高新区妇联",
    "kind": "federation",
    "domain": "industrial_park",
    "level": "town",
    "region": "江苏省/常州市/武进区",
    "host_organisation": "武进国家高新区管委会",
    "founded_on": date(2021, 5, 8),
    "women_members": 3200,
}
HELD: dict[str, object] = {
    "activity_id": "yc-2024-01",
    "organiser_id": "yc-chamber",
    "organiser_kind": "federation",
    "region": "重庆市/永川区",
    "held_on": date(2024, 1, 20),
    "title": "春送温暖·新春慰问",
    "campaign": "spring_warmth",
    "people_served": 120,
    "volunteers": 15,
    "goods_value_yuan": "9080.5",
}


def founded(**overrides: object) -> FederationFounded:
    return FederationFounded.model_validate(FOUNDED | overrides)


def held(**overrides: object) -> CareActivityHeld:
    return CareActivityHeld.model_validate(HELD | overrides)


FOUNDING_BODY: dict[str, Any] = {
    "federation_id": "hutang",
    "name": "湖塘镇妇联",
    "kind": "federation",
    "domain": "business_district",
    "level": "town",
    "region": "江苏省/常州市/武进区/湖塘镇",
    "host_organisation": "湖塘镇",
    "founded_on": "2022-05-01",
    "women_members": 300,
}
"""The body of a POST /federations founding 湖塘镇妇联."""

ACTIVITY_BODY: dict[str, Any] = {
    "organiser_id": "f1",
    "held_on": "2024-02-08",
    "title": "春送温暖：慰问困难妇女",
    "campaign": "spring_warmth",
    "service_area": "care_for_women_and_children",
    "people_served": 120,
    "volunteers": 15,
    "goods_value_yuan": "8600.00",
}
"""The body of a POST /care-activities (the service gives it an id)."""
