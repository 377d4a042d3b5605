"""The CareActivity decider: every rule of holding, correcting and retracting a care activity."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from niangjia_activities.domain.care_activity import CareActivity, InvalidActivity, decider, evolve
from niangjia_activities.domain.commands import (
    ActivityChanges,
    CorrectCareActivity,
    HoldCareActivity,
    Organiser,
    RetractCareActivity,
)
from niangjia_contracts import (
    Campaign,
    CareActivityCorrected,
    CareActivityHeld,
    CareActivityRetracted,
    OrganiserKind,
)
from niangjia_kit.rules import NotFound, RuleViolation
from niangjia_kit.testing import given_for
from pydantic import ValidationError

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


# --- hold ---------------------------------------------------------------------------------------


def test_holding_records_the_activity_with_the_organisers_kind_and_region() -> None:
    given([]).when(hold()).then([held()])


def test_a_micro_home_can_organise_an_activity() -> None:
    command = hold(organiser=MICRO_HOME, organiser_id="mh1", held_on=D("2024-03-08"))
    given([]).when(command).then([held(organiser=MICRO_HOME, held_on=D("2024-03-08"))])


def test_an_activity_is_never_held_twice_under_one_id() -> None:
    given([held()]).when(hold(title="另一个活动")).then_raises("activity_exists")


@pytest.mark.parametrize(
    ("held_on", "campaign"),
    [
        ("2024-01-10", Campaign.SPRING_WARMTH),
        ("2024-03-31", Campaign.SPRING_WARMTH),
        ("2024-04-01", Campaign.SUMMER_COOLING),
        ("2024-06-30", Campaign.SUMMER_COOLING),
        ("2024-07-01", Campaign.AUTUMN_HEALTH),
        ("2024-09-30", Campaign.AUTUMN_HEALTH),
        ("2024-10-01", Campaign.WINTER_SKILLS),
        ("2024-12-31", Campaign.WINTER_SKILLS),
    ],
)
def test_the_campaign_is_the_theme_of_the_held_dates_quarter(held_on: str, campaign: Campaign) -> None:
    given([]).when(hold(held_on=D(held_on), campaign=campaign)).then([held(held_on=D(held_on), campaign=campaign)])


def test_a_campaign_of_another_quarter_is_refused_naming_the_expected_theme() -> None:
    error = (
        given([])
        .when(hold(held_on=D("2024-05-01"), campaign=Campaign.SPRING_WARMTH))
        .then_raises("campaign_not_of_quarter")
    )
    assert isinstance(error, InvalidActivity)
    assert error.status == 422
    assert error.details["field"] == "campaign"
    assert error.details["expected"] == "summer_cooling"


def test_an_activity_outside_the_campaigns_is_held_without_one() -> None:
    given([]).when(hold(campaign=None, service_area=None, location=None)).then(
        [held(campaign=None, service_area=None, location=None)]
    )


def test_an_activity_cannot_be_held_in_the_future() -> None:
    error = given([]).when(hold(held_on=D("2025-01-01"), campaign=None)).then_raises("held_in_future")
    assert error.status == 422
    assert error.details["field"] == "held_on"


def test_an_activity_held_today_is_accepted() -> None:
    given([]).when(hold(held_on=TODAY, campaign=None)).then([held(held_on=TODAY, campaign=None)])


def test_an_unknown_organiser_is_refused() -> None:
    error = given([]).when(hold(organiser=None)).then_raises("unknown_organiser")
    assert isinstance(error, RuleViolation)


def test_the_registry_record_must_be_the_named_organiser() -> None:
    given([]).when(hold(organiser_id="f2")).then_raises("unknown_organiser")


def test_an_activity_before_the_organiser_was_founded_is_refused() -> None:
    command = hold(held_on=D("2024-01-09"))
    error = given([]).when(command).then_raises("organiser_not_yet_founded")
    assert error.details["opened_on"] == "2024-01-10"


def test_an_activity_on_the_founding_day_is_accepted() -> None:
    given([]).when(hold(held_on=D("2024-01-10"))).then([held(held_on=D("2024-01-10"))])


def test_an_activity_before_a_micro_home_opened_is_refused() -> None:
    command = hold(organiser=MICRO_HOME, organiser_id="mh1", held_on=D("2024-02-29"))
    given([]).when(command).then_raises("organiser_not_yet_founded")


@pytest.mark.parametrize("held_on", ["2024-06-30", "2024-07-01"])
def test_an_activity_on_or_after_the_dissolution_is_refused(held_on: str) -> None:
    error = (
        given([]).when(hold(organiser=DISSOLVED, held_on=D(held_on), campaign=None)).then_raises("organiser_dissolved")
    )
    assert error.details["closed_on"] == "2024-06-30"


def test_an_activity_the_day_before_the_dissolution_is_accepted() -> None:
    command = hold(organiser=DISSOLVED, held_on=D("2024-06-29"), campaign=None)
    given([]).when(command).then([held(held_on=D("2024-06-29"), campaign=None)])


def test_an_activity_after_a_micro_home_closed_is_refused() -> None:
    closed = replace(MICRO_HOME, region=REGION, opened_on=D("2024-01-01"), closed_on=D("2024-02-01"))
    given([]).when(hold(organiser=closed, organiser_id="mh1")).then_raises("organiser_dissolved")


def test_goods_value_is_exact_yuan_with_two_places() -> None:
    assert hold(goods_value_yuan=Decimal("12")).goods_value_yuan == Decimal("12.00")
    assert str(hold(goods_value_yuan="199800").goods_value_yuan) == "199800.00"
    with pytest.raises(ValidationError):
        hold(goods_value_yuan=Decimal("0.005"))
    with pytest.raises(ValidationError):
        hold(goods_value_yuan=Decimal("-1"))


# --- correct ------------------------------------------------------------------------------------


def test_a_correction_carries_the_whole_record_and_names_the_changed_fields() -> None:
    command = correct(people_served=150, goods_value_yuan=Decimal("9600"))
    given([held()]).when(command).then(
        [corrected(("people_served", "goods_value_yuan"), people_served=150, goods_value_yuan=Decimal("9600.00"))]
    )


def test_fields_given_with_their_current_value_are_not_named_as_corrected() -> None:
    command = correct(title=FACTS["title"], volunteers=20)
    given([held()]).when(command).then([corrected(("volunteers",), volunteers=20)])


def test_a_correction_that_changes_nothing_is_refused() -> None:
    given([held()]).when(correct(title=FACTS["title"])).then_raises("nothing_to_correct")


def test_a_correction_may_clear_the_optional_fields() -> None:
    command = correct(campaign=None, location=None)
    given([held()]).when(command).then([corrected(("campaign", "location"), campaign=None, location=None)])


def test_a_correction_cannot_clear_a_required_field() -> None:
    with pytest.raises(ValidationError, match="cannot be cleared"):
        ActivityChanges.model_validate({"title": None})


def test_a_later_correction_starts_from_the_corrected_record() -> None:
    first = corrected(("volunteers",), volunteers=20)
    given([held(), first]).when(correct(volunteers=20, people_served=130)).then(
        [corrected(("people_served",), volunteers=20, people_served=130)]
    )


def test_an_unknown_activity_cannot_be_corrected() -> None:
    error = given([]).when(correct(volunteers=1)).then_raises("activity_not_found")
    assert isinstance(error, NotFound)


def test_a_retracted_activity_cannot_be_corrected() -> None:
    given([held(), retracted()]).when(correct(volunteers=1)).then_raises("activity_retracted")


def test_moving_the_date_to_another_quarter_without_the_campaign_is_refused() -> None:
    given([held()]).when(correct(held_on=D("2024-05-20"))).then_raises("campaign_not_of_quarter")


def test_moving_the_date_and_the_campaign_together_is_accepted() -> None:
    command = correct(held_on=D("2024-05-20"), campaign=Campaign.SUMMER_COOLING)
    given([held()]).when(command).then(
        [corrected(("held_on", "campaign"), held_on=D("2024-05-20"), campaign=Campaign.SUMMER_COOLING)]
    )


def test_a_correction_cannot_move_the_date_into_the_future() -> None:
    command = correct(held_on=D("2024-03-01"), today=D("2024-02-10"))
    given([held()]).when(command).then_raises("held_in_future")


def test_a_correction_cannot_move_the_date_before_the_founding() -> None:
    given([held()]).when(correct(held_on=D("2024-01-05"))).then_raises("organiser_not_yet_founded")


def test_a_correction_to_an_unknown_organiser_is_refused() -> None:
    given([held()]).when(correct(organiser=None, organiser_id="nobody")).then_raises("unknown_organiser")


def test_a_correction_to_a_dissolved_organiser_is_refused() -> None:
    gone = replace(FEDERATION, organiser_id="f9", opened_on=D("2023-01-01"), closed_on=D("2024-01-01"))
    given([held()]).when(correct(organiser=gone, organiser_id="f9")).then_raises("organiser_dissolved")


def test_a_correction_to_another_organiser_takes_its_kind_and_region() -> None:
    command = correct(organiser=MICRO_HOME, organiser_id="mh1", held_on=D("2024-03-05"))
    given([held()]).when(command).then(
        [corrected(("organiser_id", "held_on"), organiser=MICRO_HOME, held_on=D("2024-03-05"))]
    )


# --- retract ------------------------------------------------------------------------------------


def test_retracting_records_the_reason() -> None:
    given([held()]).when(RetractCareActivity(activity_id="a1", reason="重复录入")).then([retracted()])


def test_a_corrected_activity_can_be_retracted() -> None:
    history = [held(), corrected(("volunteers",), volunteers=20)]
    given(history).when(RetractCareActivity(activity_id="a1", reason="重复录入")).then([retracted()])


def test_an_activity_is_never_retracted_twice() -> None:
    command = RetractCareActivity(activity_id="a1", reason="again")
    given([held(), retracted()]).when(command).then_raises("already_retracted")


def test_an_unknown_activity_cannot_be_retracted() -> None:
    given([]).when(RetractCareActivity(activity_id="a1", reason="x")).then_raises("activity_not_found")


# --- evolve -------------------------------------------------------------------------------------


def test_the_state_follows_the_latest_record_and_the_retraction() -> None:
    first = corrected(("volunteers",), volunteers=20)
    state = evolve(evolve(evolve(decider.initial_state, held()), first), retracted())
    assert state == CareActivity(record=first, retracted=True, retraction_reason="重复录入", corrections=1)
