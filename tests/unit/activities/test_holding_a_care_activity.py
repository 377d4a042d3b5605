"""The CareActivity decider: every rule of holding a care activity."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from niangjia_activities.domain.care_activity import InvalidActivity
from niangjia_contracts import Campaign
from niangjia_kit.rules import RuleViolation
from pydantic import ValidationError

from tests.unit.activities.care_activity_builders import DISSOLVED, MICRO_HOME, REGION, TODAY, D, given, held, hold

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
    error = given([]).when(command).then_raises("organiser_not_yet_founded")
    assert error.message.startswith("micro-home mh1 was founded or opened on ")  # its kind by name, not code


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
