"""The CareActivity decider's scenarios: an organiser, the facts of an activity, and the commands and events built from them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from niangjia_activities.domain.care_activity import decider
from niangjia_activities.domain.commands import (
    ActivityChanges,
    CorrectCareActivity,
    HoldCareActivity,
    Organiser,
)
from niangjia_contracts import (
    Campaign,
    CareActivityCorrected,
    CareActivityHeld,
    CareActivityRetracted,
    OrganiserKind,
)
from niangjia_kit.testing import given_for

D = date.fromisoformat


given = given_for(decider)


REGION = "重庆市/永川区"
TODAY = D("2024-12-31")
FEDERATION = Organiser(organiser_id="f1", kind=OrganiserKind.FEDERATION, region=REGION, opened_on=D("2024-01-10"))
MICRO_HOME = Organiser(
    organiser_id="mh1", kind=OrganiserKind.MICRO_HOME, region=REGION + "/中山路街道", opened_on=D("2024-03-01")
)
DISSOLVED = replace(FEDERATION, closed_on=D("2024-06-30"))

FACTS: dict[str, Any] = {
    "organiser_id": "f1",
    "held_on": D("2024-02-08"),
    "title": "春送温暖：慰问困难妇女",
    "campaign": Campaign.SPRING_WARMTH,
    "service_area": "care_for_women_and_children",
    "people_served": 120,
    "volunteers": 15,
    "goods_value_yuan": Decimal("8600.00"),
    "location": "永川区商会大楼",
}


def hold(organiser: Organiser | None = FEDERATION, today: date = TODAY, **changes: Any) -> HoldCareActivity:
    return HoldCareActivity.model_validate(
        {"activity_id": "a1", "organiser": organiser, "today": today, **FACTS, **changes}
    )


def held(organiser: Organiser = FEDERATION, **changes: Any) -> CareActivityHeld:
    return CareActivityHeld.model_validate(
        {
            "activity_id": "a1",
            "organiser_kind": organiser.kind,
            "region": organiser.region,
            **FACTS,
            "organiser_id": organiser.organiser_id,
            **changes,
        }
    )


def correct(
    organiser: Organiser | None = FEDERATION, today: date = TODAY, reason: str = "录入有误", **changes: Any
) -> CorrectCareActivity:
    return CorrectCareActivity(
        activity_id="a1",
        changes=ActivityChanges.model_validate(changes),
        reason=reason,
        organiser=organiser,
        today=today,
    )


def corrected(fields: tuple[str, ...], organiser: Organiser = FEDERATION, **changes: Any) -> CareActivityCorrected:
    return CareActivityCorrected.model_validate(
        {
            "activity_id": "a1",
            "organiser_kind": organiser.kind,
            "region": organiser.region,
            **FACTS,
            "organiser_id": organiser.organiser_id,
            **changes,
            "corrected_fields": fields,
            "reason": "录入有误",
        }
    )


def retracted(reason: str = "重复录入") -> CareActivityRetracted:
    return CareActivityRetracted(activity_id="a1", reason=reason)
